"""Upload checks an editor cannot get past: a clear Dutch error on the form for any file we cannot fully
read or that is too big once all its frames are counted, never a server error."""

from wagtail.images import get_image_model

import pytest

from tests.cases.import_helpers import SOURCE_SLUG, run_failing_import, source_case, write_cases
from tests.home.image_helpers import (
    UPLOAD_VIEWS,
    admin_upload,
    animated_gif,
    gif_broken_after_header,
    gif_header_only,
    many_frame_gif,
    response_text,
)

pytestmark = pytest.mark.django_db

UNREADABLE = "niet volledig lezen"
TOO_MANY_PIXELS = "te veel pixels"
BAD_FILES = {
    # 400 x 400 pixels x 1000 frames = 160 million, above Wagtail's limit of 128 million.
    "thousand-frame-gif": (lambda: many_frame_gif(1000), TOO_MANY_PIXELS),
    "gif-header-then-php": (gif_header_only, UNREADABLE),
    "gif-broken-after-header": (gif_broken_after_header, UNREADABLE),
}


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    client.raise_request_exception = False  # a server error must show as a 500, as the editor would see it
    return client


@pytest.mark.parametrize("view", UPLOAD_VIEWS)
@pytest.mark.parametrize(("make", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_admin_refuses_the_file_with_a_dutch_error(admin_client, view, make, message):
    response = admin_upload(admin_client, view, "animatie.gif", make())
    assert response.status_code == 200
    assert message in response_text(response)
    assert not get_image_model().objects.exists()


def test_pixel_limit_counts_every_frame(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 400 * 400 * 10
    refused = admin_upload(admin_client, "add", "lang.gif", many_frame_gif(11))
    assert TOO_MANY_PIXELS in response_text(refused)
    accepted = admin_upload(admin_client, "add", "kort.gif", many_frame_gif(10))
    assert accepted.status_code == 302
    assert get_image_model().objects.count() == 1


def test_small_animation_is_accepted(admin_client):
    response = admin_upload(admin_client, "add", "animatie.gif", animated_gif())
    assert response.status_code == 302
    assert get_image_model().objects.get().file.name.endswith(".gif")


@pytest.mark.parametrize(("make", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_import_reports_the_file_as_a_problem_of_its_case(taxonomy, tmp_path, make, message):
    import_dir = tmp_path / "import"
    case = source_case(images=[{"file": "images/animatie.gif", "alt": "Een animatie", "credit": "De Vitrine"}])
    (import_dir / "images").mkdir(parents=True)
    (import_dir / "images" / "animatie.gif").write_bytes(make())
    stderr = run_failing_import(write_cases(import_dir, [case]))
    assert f"{SOURCE_SLUG}: images[0].file: " in stderr
    assert message in stderr
    assert not get_image_model().objects.exists()
