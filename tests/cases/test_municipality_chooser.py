"""Choosing a case's Flemish municipality by typing part of its name, and seeing that name when translating."""

import json

from django.urls import reverse

from wagtail.test.utils import WagtailTestUtils

import pytest

from cases.models import Municipality
from tests.cases.admin_form import edit_url
from tests.factories.cases import CasePageFactory

pytestmark = pytest.mark.django_db

SEARCH_URL = "wagtailsnippetchoosers_cases_municipality:choose_results"


def result_titles(response) -> list[str]:
    links = WagtailTestUtils.get_soup(response.content).select("[data-chooser-modal-choice]")
    return [link.get_text(strip=True) for link in links]


def test_typing_part_of_the_name_finds_the_municipality(redacteur_client):
    response = redacteur_client.get(reverse(SEARCH_URL), {"q": "Zwa"})

    assert response.status_code == 200
    assert result_titles(response) == ["Zwalm"]


def test_the_search_also_knows_the_french_name(redacteur_client):
    response = redacteur_client.get(reverse(SEARCH_URL), {"q": "Courtrai"})

    assert result_titles(response) == ["Kortrijk"]


def test_the_case_form_offers_the_searchable_chooser_instead_of_a_long_list(admin_client, taxonomy):
    zwalm = Municipality.objects.get(name_nl="Zwalm")
    case = CasePageFactory(municipality=zwalm, place="")

    response = admin_client.get(edit_url(case))

    html = WagtailTestUtils.get_soup(response.content)
    assert html.select_one('select[name="municipality"]') is None
    chooser = html.select_one('input[name="municipality"]')
    assert chooser["value"] == str(zwalm.pk)
    assert "Zwalm" in html.select_one("#id_municipality-chooser").get_text()


def test_the_translation_editor_shows_the_municipality_name(admin_client, locales):
    zwalm = Municipality.objects.get(name_nl="Zwalm")
    case = CasePageFactory(municipality=zwalm, place="")
    submit = reverse("wagtail_localize:submit_page_translation", args=[case.id])
    assert admin_client.post(submit, {"locales": [locales["en"].id]}).status_code == 302
    english = case.get_translation(locales["en"])

    response = admin_client.get(edit_url(english))

    editor = WagtailTestUtils.get_soup(response.content).select_one(".js-translation-editor")
    props = json.loads(editor["data-props"])
    [segment] = [s for s in props["segments"] if s["contentPath"] == "municipality"]
    assert segment["location"]["widget"]["type"] == "snippet_chooser"
    assert segment["value"] == zwalm.pk
    # The editor's script shows the name it fetches from wagtail-localize's snippet API.
    shown = admin_client.get(f"/admin/localize/api/snippets/cases/municipality/{segment['value']}/")
    assert shown.status_code == 200
    assert shown.json()["title"] == "Zwalm"


def test_administrators_find_the_municipalities_under_snippets(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_cases_municipality:list"), {"q": "Zwa"})

    assert response.status_code == 200
    assert "Zwalm" in response.content.decode()
    assert "Aalst" not in response.content.decode()
