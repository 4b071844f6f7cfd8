"""Editing cases through the real Wagtail admin, as a Beheerder (superuser) does."""

from django.urls import reverse
from django.utils.html import escape

from wagtail.models import PageLogEntry
from wagtail.test.utils import WagtailTestUtils

import pytest

from cases import publishing
from cases.models import CasePage
from tests.cases.admin_form import edit_form_data, edit_url, form_data_from_html, set_values, stored_body
from tests.factories.cases import CasePageFactory, default_body

pytestmark = pytest.mark.django_db

TABS = ["Inhoud", "Context", "Classificatie", "Media", "Opvolging", "Promotie"]


@pytest.fixture
def draft(taxonomy):
    """An incomplete case: no summary, no themes, no concept block."""
    return CasePageFactory(
        live=False,
        title="Halve case",
        summary="",
        case_themes=[],
        body=[("learnings", {"items": ["Begin klein."]})],
    )


def soup(response):
    return WagtailTestUtils.get_soup(response.content)


def page_text(response) -> str:
    return soup(response).get_text(" ")


def tab_labels(response) -> list[str]:
    tabs = soup(response).select('[role="tab"]')
    for counter in [counter for tab in tabs for counter in tab.select(".w-tabs__errors")]:
        counter.decompose()
    return [tab.get_text(strip=True) for tab in tabs]


# --- Opening the editor ---------------------------------------------------------------------


def test_admin_can_open_the_case_edit_view(admin_client):
    case = CasePageFactory(title="Pop-ups in Lokeren")

    response = admin_client.get(edit_url(case))

    assert response.status_code == 200
    assert "Pop-ups in Lokeren" in page_text(response)


def test_edit_view_shows_the_editorial_tabs(admin_client):
    case = CasePageFactory()

    response = admin_client.get(edit_url(case))

    assert tab_labels(response) == TABS


def create_url(case_index) -> str:
    return reverse("wagtailadmin_pages:add", args=["cases", "casepage", case_index.pk])


def new_case_data(client, case_index, **fields):
    data = form_data_from_html(client.get(create_url(case_index)).content.decode(), body=[])
    return set_values(data, {"title": "Idee voor later", "slug": "idee-voor-later", "place": "Geel", **fields})


def test_admin_can_open_the_create_view_under_the_case_index(admin_client, case_index):
    response = admin_client.get(create_url(case_index))

    assert response.status_code == 200
    assert tab_labels(response) == TABS


def test_new_incomplete_case_can_be_saved_as_draft_from_the_create_view(admin_client, case_index):
    response = admin_client.post(create_url(case_index), new_case_data(admin_client, case_index))

    assert response.status_code == 302
    case = CasePage.objects.get(slug="idee-voor-later")
    assert not case.live
    assert case.get_parent().specific == case_index
    assert response["Location"] == edit_url(case)


def test_new_incomplete_case_cannot_be_published_from_the_create_view(admin_client, case_index):
    data = new_case_data(admin_client, case_index, **{"action-publish": "action-publish"})

    response = admin_client.post(create_url(case_index), data)

    assert response.status_code == 200
    assert escape(publishing.SUMMARY) in response.content.decode()
    assert not CasePage.objects.filter(slug="idee-voor-later").exists()


def test_case_index_offers_the_case_page_type(admin_client, case_index):
    response = admin_client.get(reverse("wagtailadmin_pages:add_subpage", args=[case_index.pk]))

    # Only one child type is allowed, so Wagtail goes straight to the case create form.
    assert response.status_code == 302
    assert response["Location"] == create_url(case_index)


# --- Draft versus publish -------------------------------------------------------------------


def test_saving_an_incomplete_case_as_draft_succeeds(admin_client, draft):
    revisions_before = draft.revisions.count()
    data = edit_form_data(admin_client, draft, title="Halve case, versie 2")

    response = admin_client.post(edit_url(draft), data)

    assert response.status_code == 302
    assert response["Location"] == edit_url(draft)
    draft.refresh_from_db()
    assert not draft.live
    assert draft.revisions.count() == revisions_before + 1
    assert draft.get_latest_revision_as_object().title == "Halve case, versie 2"


def test_publishing_an_incomplete_case_shows_the_dutch_messages(admin_client, draft):
    data = edit_form_data(admin_client, draft, title="Halve case, versie 2")
    data["action-publish"] = "action-publish"

    response = admin_client.post(edit_url(draft), data)

    assert response.status_code == 200
    content = response.content.decode()
    for message in (publishing.SUMMARY, publishing.THEME):
        assert escape(message) in content
    assert escape(publishing.LESSON) not in content
    assert escape(publishing.HERO) not in content
    errors = response.context["form"].errors
    assert (errors["summary"], errors["themes"]) == ([publishing.SUMMARY], [publishing.THEME])
    assert errors["body"] == [publishing.CONCEPT]  # shown inside the StreamField
    draft.refresh_from_db()
    assert not draft.live
    assert draft.title == "Halve case"
    assert not CasePage.objects.live().filter(pk=draft.pk).exists()


def test_missing_image_and_video_blocks_publishing_in_the_admin(admin_client, taxonomy):
    case = CasePageFactory(live=False, hero_image=None, hero_image_alt="")
    data = edit_form_data(admin_client, case)
    data["action-publish"] = "action-publish"

    response = admin_client.post(edit_url(case), data)

    assert response.status_code == 200
    assert escape(publishing.HERO) in response.content.decode()
    case.refresh_from_db()
    assert not case.live


def test_completing_the_draft_in_the_admin_publishes_it(admin_client, draft, taxonomy):
    mobility = taxonomy["themes"]["mobiliteit"]
    data = edit_form_data(
        admin_client, draft, body=default_body(), summary="Starters huren een leeg pand voor zes maanden."
    )
    data["themes"] = str(mobility.pk)
    data["action-publish"] = "action-publish"

    response = admin_client.post(edit_url(draft), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    assert draft.summary == "Starters huren een leeg pand voor zes maanden."
    assert [link.theme for link in draft.case_themes.all()] == [mobility]
    assert CasePage.objects.live().filter(pk=draft.pk).exists()


def test_a_video_alone_is_enough_in_the_admin(admin_client, taxonomy):
    case = CasePageFactory(live=False, hero_image=None, hero_image_alt="")
    data = edit_form_data(admin_client, case, video_url="https://vimeo.com/76979871")
    data["action-publish"] = "action-publish"

    response = admin_client.post(edit_url(case), data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.live
    assert case.video_url == "https://vimeo.com/76979871"


# --- Listing --------------------------------------------------------------------------------


def test_case_index_explorer_lists_the_cases(admin_client, case_index, draft):
    CasePageFactory(title="Pop-ups in Lokeren")

    response = admin_client.get(reverse("wagtailadmin_explore", args=[case_index.pk]))

    assert response.status_code == 200
    text = page_text(response)
    assert "Pop-ups in Lokeren" in text
    assert "Halve case" in text


# --- Revisions ------------------------------------------------------------------------------


@pytest.fixture
def two_versions(admin_client, draft):
    """The draft saved twice in the admin: first as 'Eerste versie', then as 'Tweede versie'."""
    for title in ("Eerste versie", "Tweede versie"):
        response = admin_client.post(edit_url(draft), edit_form_data(admin_client, draft, title=title))
        assert response.status_code == 302
    second, first = draft.revisions.order_by("-created_at", "-pk")[:2]
    assert (first.as_object().title, second.as_object().title) == ("Eerste versie", "Tweede versie")
    return draft, first, second


def test_revisions_listing_shows_the_saved_versions(admin_client, two_versions):
    page, _first, _second = two_versions

    response = admin_client.get(reverse("wagtailadmin_pages:revisions_index", args=[page.pk]), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("wagtailadmin_pages:history", args=[page.pk]), 302)]
    compare_links = soup(response).select('a[href*="/revisions/compare/"]')
    assert len(compare_links) >= 2


def test_compare_view_shows_the_changed_title(admin_client, two_versions):
    page, first, second = two_versions
    url = reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first.pk, second.pk])

    response = admin_client.get(url)

    assert response.status_code == 200
    html = soup(response)
    assert [tag.get_text() for tag in html.select(".comparison .deletion")] == ["Eerste"]
    assert [tag.get_text() for tag in html.select(".comparison .addition")] == ["Tweede"]


def test_older_revision_can_be_previewed(admin_client, two_versions):
    page, first, _second = two_versions

    response = admin_client.get(reverse("wagtailadmin_pages:revisions_view", args=[page.pk, first.pk]))

    assert response.status_code == 200
    assert "Eerste versie" in page_text(response)


def test_reverting_to_an_older_revision_restores_its_content(admin_client, two_versions):
    page, first, _second = two_versions
    revert_url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, first.pk])

    response = admin_client.get(revert_url)
    assert response.status_code == 200
    assert soup(response).select_one("#id_title")["value"] == "Eerste versie"

    revisions_before = page.revisions.count()
    data = edit_form_data(admin_client, page, url=revert_url, body=stored_body(first.as_object()))
    response = admin_client.post(revert_url, data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Eerste versie"
    assert page.get_latest_revision().as_object().title == "Eerste versie"
    assert page.revisions.count() == revisions_before + 1
    assert PageLogEntry.objects.filter(page=page, action="wagtail.revert").exists()
    assert not page.live


# --- Audit log ------------------------------------------------------------------------------


def test_page_history_lists_each_save_by_its_editor(admin_client, admin_user, two_versions):
    page, _first, _second = two_versions

    response = admin_client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))

    assert response.status_code == 200
    edits = PageLogEntry.objects.filter(page=page, action="wagtail.edit")
    assert list(edits.values_list("user", flat=True)) == [admin_user.pk, admin_user.pk]
    rows = soup(response).select("tbody tr")
    assert len(rows) >= 2
    assert admin_user.get_username() in page_text(response)


def test_site_history_shows_the_publication(admin_client, admin_user):
    case = CasePageFactory(live=False, title="Zichtbaar in de geschiedenis")
    data = edit_form_data(admin_client, case)
    data["action-publish"] = "action-publish"
    assert admin_client.post(edit_url(case), data).status_code == 302

    response = admin_client.get(reverse("wagtailadmin_reports:site_history"))

    assert response.status_code == 200
    assert PageLogEntry.objects.filter(page=case, action="wagtail.publish", user=admin_user).exists()
    rows = [" ".join(row.get_text(" ").split()) for row in soup(response).select("tbody tr")]
    assert any("Zichtbaar in de geschiedenis" in row and "Gepubliceerd" in row for row in rows), rows
