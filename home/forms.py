"""The admin's image form: Wagtail's, with a file field that reads the whole file before accepting it."""

from django.core.exceptions import ValidationError

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from home.images import UNREADABLE, ImageRejected, image_check


class CheckedImageField(WagtailImageField):
    """Adds `image_check` (every frame decoded, pixels of all frames counted) to Wagtail's checks, and turns
    the Pillow errors those let escape on files that break after their header into a form error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_image"] = UNREADABLE

    def to_python(self, data):
        try:
            file = super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # Pillow raises many kinds of errors for broken files
            raise ValidationError(UNREADABLE, code="invalid_image") from error
        if file is None:
            return None
        try:
            image_check(file.read())
        except ImageRejected as error:
            raise ValidationError(error.message, code="invalid_image") from error
        finally:
            file.seek(0)
        return file


class ImageForm(BaseImageForm):
    """Set as WAGTAILIMAGES_IMAGE_FORM_BASE, so the upload, edit, multiple-upload and chooser forms all use it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Swapped here rather than declared: a declared field would also appear in the multiple uploader's
        # edit form, which leaves the file out.
        if "file" in self.fields:
            field = self.fields["file"]
            self.fields["file"] = CheckedImageField(label=field.label, required=field.required, widget=field.widget)
