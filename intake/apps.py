from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The form's address in each language (intake/urls.py with the translations in locale/*.po; a test keeps them
# equal). Listed here because the public-form guard needs them before any URL is resolved.
FORM_PATHS = {"nl": "/nl/voorstellen/", "en": "/en/submit/", "fr": "/fr/proposer/"}
# Every field of the form with five photos, all themes and audiences ticked, and room for a longer vocabulary.
MAX_FIELDS = 120
PHOTO_COUNT = 5  # the form's photo slots (intake/forms.py)


class IntakeConfig(AppConfig):
    """Examples proposed by municipalities and partners through the public form, on their way to a draft case."""

    name = "intake"
    verbose_name = _("Inzendingen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings

        from home.public_forms import register_larger_form
        from intake import decisions, notifications

        decisions.connect()
        notifications.connect()

        # Five photos at their largest, and a megabyte for the texts and the multipart framing.
        max_bytes = PHOTO_COUNT * settings.INTAKE_MAX_PHOTO_BYTES + 1024 * 1024
        register_larger_form(FORM_PATHS.values(), max_fields=MAX_FIELDS, max_bytes=max_bytes)
