"""The preview mode "Voorbeeld op vlaio.be" in the admin's preview panel, as an editor meets it."""

from django.urls import reverse

from wagtail.test.utils import WagtailTestUtils

import pytest

from preview.models import PreviewSnapshot
from tests.cases.admin_form import edit_url, form_data_from_html, set_values
from tests.factories.cases import CasePageFactory
from tests.preview.admin import framed_client_url, preview_url, take_preview, token_of, with_client_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def headless_preview(settings):
    return with_client_url(settings)


def preview_modes(response) -> dict[str, str]:
    select = WagtailTestUtils.get_soup(response.content).select_one("#id_preview_mode")
    options = [] if select is None else select.select("option")
    return {option["value"]: option.get_text(strip=True) for option in options}


def test_the_editor_can_choose_the_preview_on_vlaio(admin_client, headless_preview, taxonomy):
    case = CasePageFactory()

    response = admin_client.get(edit_url(case))

    assert preview_modes(response)["vlaio"] == "Voorbeeld op vlaio.be"


def test_without_a_client_url_the_mode_is_not_offered(admin_client, settings, taxonomy):
    settings.HEADLESS_PREVIEW_URL = ""
    case = CasePageFactory()

    response = admin_client.get(edit_url(case))

    assert "vlaio" not in preview_modes(response)
    assert [mode for mode, _label in case.preview_modes] == [""]


def test_the_preview_frames_the_client_url_with_a_token(admin_client, headless_preview, taxonomy):
    case = CasePageFactory(title="Pop-ups in Lokeren")

    response = take_preview(admin_client, case, title="Pop-ups in Lokeren, nieuwe versie")

    assert response.status_code == 200
    url = framed_client_url(response)
    assert url.startswith("https://www.vlaio.be/de-vitrine/voorbeeld?token=")
    assert token_of(url)
    assert "De link werkt tot" in response.content.decode()
    # The panel's state is stored, not saved: the page and its revisions are untouched.
    snapshot = PreviewSnapshot.objects.get(page=case)
    assert snapshot.content["title"] == "Pop-ups in Lokeren, nieuwe versie"
    case.refresh_from_db()
    assert case.title == "Pop-ups in Lokeren"
    assert case.get_latest_revision_as_object().title == "Pop-ups in Lokeren"


def csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def test_the_preview_page_may_be_framed_by_the_admin_and_frame_the_client_only(
    admin_client, headless_preview, taxonomy
):
    response = take_preview(admin_client, CasePageFactory())

    policy = csp(response)
    assert policy["frame-ancestors"] == "'self'"
    assert policy["frame-src"] == "https://www.vlaio.be"
    assert "'unsafe-inline'" not in policy["style-src"]


def test_the_sites_own_preview_may_be_framed_by_the_admin(admin_client, headless_preview, taxonomy):
    """Regression: previews got the readers' `frame-ancestors 'none'`, so Chromium showed an error in the panel."""
    case = CasePageFactory()
    take_preview(admin_client, case)

    response = admin_client.get(preview_url(case), {"mode": "", "in_preview_panel": "true"})

    assert response.status_code == 200
    policy = csp(response)
    assert policy["frame-ancestors"] == "'self'"
    assert policy["frame-src"] == "https://www.youtube-nocookie.com https://player.vimeo.com"
    # Pages themselves still refuse to be framed.
    assert csp(admin_client.get(case.url))["frame-ancestors"] == "'none'"


def test_refreshing_the_panel_keeps_one_stored_preview_per_editor(admin_client, headless_preview, taxonomy):
    case = CasePageFactory()

    take_preview(admin_client, case, title="Eerste versie")
    take_preview(admin_client, case, title="Tweede versie")

    assert PreviewSnapshot.objects.filter(page=case).count() == 1
    assert PreviewSnapshot.objects.get(page=case).content["title"] == "Tweede versie"


def test_a_case_being_created_asks_to_save_a_draft_first(admin_client, headless_preview, case_index, taxonomy):
    create_url = reverse("wagtailadmin_pages:add", args=["cases", "casepage", case_index.pk])
    preview_url = reverse("wagtailadmin_pages:preview_on_add", args=["cases", "casepage", case_index.pk])
    data = form_data_from_html(admin_client.get(create_url).content.decode(), body=[])
    set_values(data, {"title": "Nieuw voorbeeld", "slug": "nieuw-voorbeeld", "place": "Geel"})
    assert admin_client.post(preview_url, data).json()["is_valid"]

    response = admin_client.get(preview_url, {"mode": "vlaio"})

    content = response.content.decode()
    assert "Bewaar dit voorbeeld eerst als concept" in content
    assert "<iframe" not in content
    assert not PreviewSnapshot.objects.exists()
