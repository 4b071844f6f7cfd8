"""Photos keep no camera, owner or GPS metadata once stored: originals and every rendition, whatever the way in."""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage
from PIL import ImageSequence

from cases.models import CasePage
from home.blocks import RENDITIONS, SHARE_RENDITION
from home.image_metadata import strip_metadata
from home.images import image_get_or_create
from tests.cases.import_helpers import SOURCE_SLUG, run_import, source_case, write_cases
from tests.home.image_helpers import (
    ARTIST,
    ICC_PROFILE,
    SHOWN_SIZE,
    STORED_SIZE,
    UPLOAD_VIEWS,
    admin_upload,
    animated_gif,
    decoded,
    is_reddish,
    jpeg_with_metadata,
    leaks,
    png_with_metadata,
    rendition_bytes,
    stored_original,
    stored_picture,
    webp_with_metadata,
)

pytestmark = pytest.mark.django_db

PHOTOS = {"jpeg": jpeg_with_metadata, "png": png_with_metadata, "webp": webp_with_metadata}
EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp"}
# The og:image the reader shares, the API's WebP sizes, and conversions to each format we serve.
SPECS = [SHARE_RENDITION, *RENDITIONS.values(), "width-30", "width-30|format-png", "width-30|format-jpeg"]


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def upload(admin_client, view: str, kind: str):
    response = admin_upload(admin_client, view, f"foto.{EXTENSIONS[kind]}", PHOTOS[kind]())
    assert response.status_code in (200, 302), response.content[:500]
    return get_image_model().objects.get()


def assert_upright_and_clean(data: bytes) -> None:
    assert leaks(data) == []
    picture = decoded(data)
    assert picture.size == SHOWN_SIZE
    assert is_reddish(picture.getpixel((SHOWN_SIZE[0] // 2, 2)))  # red was on the left, so now on top
    assert not is_reddish(picture.getpixel((SHOWN_SIZE[0] // 2, SHOWN_SIZE[1] - 3)))


# --- The admin's three upload paths --------------------------------------------------------------
@pytest.mark.parametrize("kind", PHOTOS)
def test_admin_upload_stores_an_upright_original_without_metadata_but_with_its_colour_profile(admin_client, kind):
    image = upload(admin_client, "add", kind)
    original = stored_original(image)
    assert_upright_and_clean(original)
    assert PILImage.open(io.BytesIO(original)).info.get("icc_profile") == ICC_PROFILE
    assert (image.width, image.height) == SHOWN_SIZE


@pytest.mark.parametrize("view", UPLOAD_VIEWS[1:])
def test_multiple_and_chooser_uploads_strip_metadata_too(admin_client, view):
    image = upload(admin_client, view, "jpeg")
    assert_upright_and_clean(stored_original(image))


@pytest.mark.parametrize("kind", PHOTOS)
@pytest.mark.parametrize("spec", SPECS)
def test_renditions_carry_no_metadata_but_keep_the_colour_profile(admin_client, kind, spec):
    image = upload(admin_client, "add", kind)
    rendition = rendition_bytes(image, spec)
    assert leaks(rendition) == []
    assert PILImage.open(io.BytesIO(rendition)).info.get("icc_profile") == ICC_PROFILE


def test_replacing_the_file_of_an_image_strips_the_new_file(admin_client):
    image = get_image_model().objects.create(title="Foto", file=ContentFile(animated_gif(), name="eerst.gif"))
    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": "Foto",
            "file": SimpleUploadedFile("nieuw.jpg", jpeg_with_metadata()),
            "collection": image.collection_id,
        },
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert_upright_and_clean(stored_original(image))


def test_a_file_stored_before_its_image_is_saved_is_cleaned_too():
    """The multiple uploader stores the file first when other fields fail, and makes the image later."""
    image = get_image_model()(title="Foto")
    image.file.save("foto.jpg", ContentFile(jpeg_with_metadata()), save=False)
    image.width, image.height = STORED_SIZE
    image.save()
    assert_upright_and_clean(stored_original(image))
    for name in default_storage.listdir("original_images")[1]:
        assert leaks(default_storage.open(f"original_images/{name}").read()) == []


@pytest.mark.parametrize("make", [*PHOTOS.values(), animated_gif])
def test_stripping_a_stripped_file_changes_nothing(make):
    once = strip_metadata(make())
    assert strip_metadata(once) == once


def test_data_appended_after_the_image_is_dropped():
    photo = jpeg_with_metadata(orientation=1)
    assert strip_metadata(photo + b"PK\x03\x04" + ARTIST.encode()) == strip_metadata(photo)


# --- Import ---------------------------------------------------------------------------------------
def test_import_stores_the_photo_without_metadata(taxonomy, tmp_path):
    import_dir = tmp_path / "import"
    (import_dir / "images").mkdir(parents=True)
    (import_dir / "images" / f"{SOURCE_SLUG}-winkelstraat.jpg").write_bytes(jpeg_with_metadata())
    run_import(write_cases(import_dir, [source_case()]))
    image = CasePage.objects.get(slug=SOURCE_SLUG).hero_image
    assert_upright_and_clean(stored_original(image))
    assert leaks(rendition_bytes(image, SHARE_RENDITION)) == []


def test_an_uploaded_photo_is_reused_when_the_same_file_is_imported(admin_client):
    uploaded = upload(admin_client, "add", "jpeg")
    image, created = image_get_or_create(content=jpeg_with_metadata(), name="foto.jpg", title="Dezelfde foto")
    assert (image.pk, created) == (uploaded.pk, False)


# --- What is kept -----------------------------------------------------------------------------------
def test_gif_keeps_its_frames_and_timing_but_not_its_comment(admin_client):
    response = admin_upload(admin_client, "add", "animatie.gif", animated_gif(durations=(100, 200, 300)))
    assert response.status_code == 302
    original = stored_original(get_image_model().objects.get())
    assert leaks(original) == []
    with PILImage.open(io.BytesIO(original)) as picture:
        assert [frame.info["duration"] for frame in ImageSequence.Iterator(picture)] == [100, 200, 300]


def test_photo_without_rotation_is_cleaned_without_recompressing(admin_client):
    """Dropping metadata from an upright JPEG must not cost quality: the pixels stay exactly the same."""
    data = jpeg_with_metadata(orientation=1)
    admin_upload(admin_client, "add", "foto.jpg", data)
    original = stored_original(get_image_model().objects.get())
    assert leaks(original) == []
    assert decoded(original).tobytes() == decoded(data).tobytes()
    assert decoded(original).size == STORED_SIZE


def test_clean_photo_is_stored_byte_for_byte(admin_client):
    buffer = io.BytesIO()
    stored_picture().save(buffer, format="JPEG", icc_profile=ICC_PROFILE)
    admin_upload(admin_client, "add", "schoon.jpg", buffer.getvalue())
    assert stored_original(get_image_model().objects.get()) == buffer.getvalue()


# --- Images stored before the fix ------------------------------------------------------------------
@pytest.fixture
def leaky_stored_image(admin_client):
    """An image whose stored file still has its metadata (as uploads before the fix), and a rendition of it."""
    image = upload(admin_client, "add", "jpeg")
    name = default_storage.save("original_images/oud.jpg", ContentFile(jpeg_with_metadata()))
    get_image_model().objects.filter(pk=image.pk).update(file=name, width=STORED_SIZE[0], height=STORED_SIZE[1])
    image.refresh_from_db()
    assert leaks(rendition_bytes(image, "width-30")) != []
    return image, name


def test_strip_image_metadata_cleans_stored_images_and_drops_their_renditions(leaky_stored_image):
    image, old_name = leaky_stored_image
    output = io.StringIO()
    call_command("strip_image_metadata", stdout=output)
    image.refresh_from_db()
    assert_upright_and_clean(stored_original(image))
    assert (image.width, image.height) == SHOWN_SIZE
    assert not default_storage.exists(old_name)
    assert not image.renditions.exists()
    assert leaks(rendition_bytes(image, "width-30")) == []
    assert "1 opgeschoond, 0 al zonder metadata" in output.getvalue()


def test_strip_image_metadata_twice_changes_nothing_the_second_time(leaky_stored_image):
    image, _old_name = leaky_stored_image
    call_command("strip_image_metadata", stdout=io.StringIO())
    image.refresh_from_db()
    cleaned_name, cleaned_hash = image.file.name, image.file_hash
    rendition = image.get_rendition("width-30")
    output = io.StringIO()
    call_command("strip_image_metadata", stdout=output)
    image.refresh_from_db()
    assert (image.file.name, image.file_hash) == (cleaned_name, cleaned_hash)
    assert image.renditions.filter(pk=rendition.pk).exists()
    assert "0 opgeschoond, 1 al zonder metadata" in output.getvalue()


def test_strip_image_metadata_dry_run_only_lists(leaky_stored_image):
    image, old_name = leaky_stored_image
    output = io.StringIO()
    call_command("strip_image_metadata", dry_run=True, stdout=output)
    image.refresh_from_db()
    assert image.file.name == old_name
    assert leaks(stored_original(image)) != []
    assert f"heeft metadata: {image.pk} " in output.getvalue()
