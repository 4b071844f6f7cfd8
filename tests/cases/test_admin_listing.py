"""The admin's flat case listing and its filters."""

from django.urls import reverse

from wagtail.test.utils import WagtailTestUtils

import pytest

from cases.models import CasePage, CaseTheme
from tests.factories.cases import CasePageFactory
from tests.factories.themes import theme


@pytest.fixture
def cases(db):
    def themed(code):
        return [CaseTheme(theme=theme(code))]

    return {
        "bikes": CasePageFactory(
            title="Fietsstraten in Tienen", status="running", population=36_000, case_themes=themed("mobiliteit")
        ),
        "market": CasePageFactory(
            title="Weekmarkt in Zele",
            status="completed",
            population=21_000,
            case_themes=themed("beleving-en-aantrekking"),
        ),
        "draft": CasePageFactory(
            title="Buurtwinkel in Bever", status="idea", population=2_300, live=False, case_themes=themed("data")
        ),
    }


def titles(client, **params) -> set[str]:
    response = client.get(reverse("cases:index"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return {page.title for page in CasePage.objects.all() if page.title in html}


def test_listing_shows_all_cases_with_place_and_size(client, admin_user, cases):
    client.force_login(admin_user)
    html = client.get(reverse("cases:index")).content.decode()
    assert "Fietsstraten in Tienen" in html and "Buurtwinkel in Bever" in html
    assert "25 000 – 50 000 inwoners" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "mobiliteit"}, {"Fietsstraten in Tienen"}),
        ({"status": "completed"}, {"Weekmarkt in Zele"}),
        ({"size_class": "lt10k"}, {"Buurtwinkel in Bever"}),
        ({"live": "false"}, {"Buurtwinkel in Bever"}),
        ({"live": "true", "size_class": "10k-25k"}, {"Weekmarkt in Zele"}),
        ({"locale": "en"}, set()),
    ],
)
def test_listing_filters(client, admin_user, cases, params, expected):
    client.force_login(admin_user)
    assert titles(client, **params) == expected


# --- Language: Dutch by default, the editor's choice remembered ------------------------------


@pytest.fixture
def translated(cases, locales):
    """English and French copies of the bikes case, so the listing holds all three languages."""
    bikes = cases["bikes"]
    english = bikes.copy_for_translation(locales["en"], copy_parents=True)
    english.title = "Cycle streets in Tienen"
    english.save_revision().publish()
    french = bikes.copy_for_translation(locales["fr"], copy_parents=True)
    french.title = "Rues cyclables à Tirlemont"
    french.save_revision().publish()
    return {"en": english, "fr": french}


def test_listing_shows_dutch_cases_by_default(client, admin_user, cases, translated):
    client.force_login(admin_user)

    assert titles(client) == {"Fietsstraten in Tienen", "Weekmarkt in Zele", "Buurtwinkel in Bever"}


def test_listing_remembers_the_language_the_editor_chose(client, admin_user, cases, translated):
    client.force_login(admin_user)
    assert titles(client, locale="fr") == {"Rues cyclables à Tirlemont"}

    assert titles(client) == {"Rues cyclables à Tirlemont"}, "back on the listing, still in French"
    assert titles(client, p=1) == {"Rues cyclables à Tirlemont"}


def test_listing_can_show_all_languages_and_remembers_that_too(client, admin_user, cases, translated):
    client.force_login(admin_user)
    everything = {"Fietsstraten in Tienen", "Weekmarkt in Zele", "Buurtwinkel in Bever"} | {
        "Cycle streets in Tienen",
        "Rues cyclables à Tirlemont",
    }

    assert titles(client, locale="") == everything
    assert titles(client) == everything


def test_language_choice_is_kept_per_editor(client, admin_user, django_user_model, cases, translated):
    client.force_login(admin_user)
    titles(client, locale="en")
    colleague = django_user_model.objects.create_superuser("collega", "collega@example.org", "wachtwoord-voor-tests")
    client.force_login(colleague)

    assert titles(client) == {"Fietsstraten in Tienen", "Weekmarkt in Zele", "Buurtwinkel in Bever"}


def test_removing_the_language_pill_shows_all_languages(client, admin_user, cases, translated):
    client.force_login(admin_user)
    listing = WagtailTestUtils.get_soup(client.get(reverse("cases:index")).content)
    pill = next(pill for pill in listing.select(".w-pill") if "Nederlands" in pill.get_text())

    response = client.get(pill.select_one(".w-pill__remove")["data-w-swap-src-value"])

    assert "Cycle streets in Tienen" in response.content.decode()
    assert "Rues cyclables à Tirlemont" in titles(client)
