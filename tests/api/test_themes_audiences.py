"""GET /api/v1/themes/, /themes/{code}/ and /audiences/: labels in the requested language, live counts."""

import io
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from cases.models import CasePage
from tests.api.conftest import DATASET_MEDIA, get_json, make_case, translate
from themes.models import ThemePage

SITE_CONTENT = Path(__file__).resolve().parent.parent / "fixtures" / "site.json"
AUDIENCE_ORDER = ["lokale-besturen", "ondernemers", "investeerders", "ontwikkelaars"]


@pytest.fixture(scope="module")
def _module_site(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for this module, in a transaction rolled back at its end (setup_site takes seconds)."""
    media = str(tmp_path_factory.mktemp("site-media"))
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        DATASET_MEDIA[request.module.__name__] = media
        yield build_site()
        transaction.set_rollback(True)
        del DATASET_MEDIA[request.module.__name__]


@pytest.fixture
def site(_module_site, db):
    """Fresh objects per test; what a test changes is rolled back with its savepoint."""
    return SimpleNamespace(**{key: CasePage.objects.get(pk=pk) for key, pk in _module_site.items()})


def build_site() -> dict[str, int]:
    """setup_site's themes and audiences in nl, en and fr; two visible Dutch cases, one translated; hidden ones."""
    call_command("setup_site", content=SITE_CONTENT, stdout=io.StringIO())

    def case(key, themes, audiences, **kwargs):
        return make_case(key, title=f"Voorbeeld {key}", themes=themes, audiences=audiences, **kwargs)

    markt = case("markt", ["mobiliteit", "duurzaamheid"], ["lokale-besturen"])
    fietsen = case("fietsen", ["mobiliteit"], ["ondernemers"])
    english = translate(markt, "en", "Market square", "market-square")
    draft = case("ontwerp", ["mobiliteit"], ["lokale-besturen", "investeerders"], live=False)
    private = case("afgeschermd", ["mobiliteit", "duurzaamheid"], ["investeerders"])
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    case("voorbij", ["duurzaamheid"], ["investeerders"], expire_at=timezone.now() - timedelta(hours=1))
    pages = {"markt": markt, "fietsen": fietsen, "english": english, "draft": draft, "private": private}
    return {key: page.pk for key, page in pages.items()}


def by_code(items: list[dict]) -> dict[str, dict]:
    return {item["code"]: item for item in items}


def test_themes_in_dutch_by_default(site, client):
    themes = get_json(client, "themes/")
    assert [theme["code"] for theme in themes] == ["mobiliteit", "duurzaamheid"]
    assert set(themes[0]) == {"code", "label", "slug", "title", "intro", "url", "case_count", "image"}
    mobility = themes[0]
    assert mobility["label"] == "Mobiliteit"
    assert mobility["intro"] == "Hoe bezoekers het centrum bereiken."
    assert mobility["url"].startswith("http://testserver/nl/")
    assert get_json(client, "themes/", {"locale": "nl"}) == themes


@pytest.mark.parametrize(
    ("locale", "titles", "intro"),
    [
        ("en", ["Mobility", "Sustainability"], "How visitors reach the centre."),
        ("fr", ["Mobilité", "Durabilité"], "Comment les visiteurs rejoignent le centre."),
    ],
)
def test_theme_labels_follow_the_requested_locale(site, client, locale, titles, intro):
    themes = get_json(client, "themes/", {"locale": locale})
    assert [theme["code"] for theme in themes] == ["mobiliteit", "duurzaamheid"]  # codes are the same everywhere
    assert [theme["label"] for theme in themes] == titles
    assert themes[0]["intro"] == intro
    assert themes[0]["url"].startswith(f"http://testserver/{locale}/")


def test_theme_image_has_renditions_and_alt_in_the_locale(site, client):
    dutch = get_json(client, "themes/")[0]["image"]
    english = get_json(client, "themes/", {"locale": "en"})[0]["image"]
    assert set(dutch["renditions"]) == {"thumbnail", "medium", "large"}
    assert all({"url", "width", "height"} <= set(rendition) for rendition in dutch["renditions"].values())
    assert (dutch["alt"], english["alt"]) == ("Afbeelding", "Image")


def test_theme_case_counts_only_count_live_public_cases_of_the_locale(site, client):
    dutch = by_code(get_json(client, "themes/"))
    assert dutch["mobiliteit"]["case_count"] == 2  # not the draft nor the private case
    assert dutch["duurzaamheid"]["case_count"] == 1  # not the private nor the expired case
    english = by_code(get_json(client, "themes/", {"locale": "en"}))
    assert (english["mobiliteit"]["case_count"], english["duurzaamheid"]["case_count"]) == (1, 1)
    french = by_code(get_json(client, "themes/", {"locale": "fr"}))
    assert (french["mobiliteit"]["case_count"], french["duurzaamheid"]["case_count"]) == (0, 0)


def test_theme_count_drops_when_a_case_is_unpublished(site, client):
    assert by_code(get_json(client, "themes/"))["mobiliteit"]["case_count"] == 2
    site.fietsen.unpublish()
    assert by_code(get_json(client, "themes/"))["mobiliteit"]["case_count"] == 1


def test_theme_detail_in_each_locale(site, client):
    dutch = get_json(client, "themes/mobiliteit/")
    assert set(dutch) == {"code", "label", "slug", "title", "intro", "url", "case_count", "image", "description"}
    assert (dutch["code"], dutch["label"], dutch["case_count"]) == ("mobiliteit", "Mobiliteit", 2)
    assert dutch["description"] == "<p>Uitleg.</p><p>Meer.</p>"
    english = get_json(client, "themes/mobiliteit/", {"locale": "en"})
    assert (english["label"], english["description"], english["case_count"]) == (
        "Mobility",
        "<p>Text.</p><p>More.</p>",
        1,
    )
    assert get_json(client, "themes/duurzaamheid/", {"locale": "fr"})["label"] == "Durabilité"


def test_theme_list_and_detail_agree(site, client):
    listed = by_code(get_json(client, "themes/", {"locale": "en"}))["duurzaamheid"]
    detail = get_json(client, "themes/duurzaamheid/", {"locale": "en"})
    assert {key: value for key, value in detail.items() if key != "description"} == listed


def test_unpublished_theme_is_neither_listed_nor_found(site, client):
    ThemePage.objects.get(code="duurzaamheid", locale__language_code="nl").unpublish()
    assert [theme["code"] for theme in get_json(client, "themes/")] == ["mobiliteit"]
    get_json(client, "themes/duurzaamheid/", status=404)
    assert get_json(client, "themes/duurzaamheid/", {"locale": "en"})["label"] == "Sustainability"


@pytest.mark.parametrize("path", ["themes/bestaat-niet/", "themes/bestaat-niet/?locale=en", "themes/Mobiliteit/"])
def test_unknown_theme_code_is_404_json(site, client, path):
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "not_found", "message": "Not found."}


def test_case_cards_show_theme_titles_and_audience_names_in_their_locale(site, client):
    [card] = get_json(client, "cases/", {"locale": "en"})["results"]
    assert card["id"] == site.english.pk
    assert [(theme["code"], theme["label"]) for theme in card["themes"]] == [
        ("mobiliteit", "Mobility"),
        ("duurzaamheid", "Sustainability"),
    ]
    assert [(audience["code"], audience["label"]) for audience in card["audiences"]] == [
        ("lokale-besturen", "Local governments")
    ]


def test_audiences_in_dutch_by_default_in_editor_order(site, client):
    audiences = get_json(client, "audiences/")
    assert [audience["code"] for audience in audiences] == AUDIENCE_ORDER
    assert set(audiences[0]) == {"code", "label", "slug", "name", "description", "case_count"}
    assert [audience["label"] for audience in audiences] == [
        "Lokale besturen",
        "Ondernemers",
        "Investeerders",
        "Ontwikkelaars",
    ]
    assert get_json(client, "audiences/", {"locale": "nl"}) == audiences


@pytest.mark.parametrize(
    ("locale", "names"),
    [
        ("en", ["Local governments", "Entrepreneurs", "Investors", "Property developers"]),
        ("fr", ["Pouvoirs locaux", "Entrepreneurs", "Investisseurs", "Promoteurs"]),
    ],
)
def test_audience_names_follow_the_requested_locale(site, client, locale, names):
    audiences = get_json(client, "audiences/", {"locale": locale})
    assert [audience["code"] for audience in audiences] == AUDIENCE_ORDER
    assert [audience["label"] for audience in audiences] == names
    assert audiences[0]["description"] == locale


def test_audience_case_counts_only_count_live_public_cases_of_the_locale(site, client):
    dutch = {audience["code"]: audience["case_count"] for audience in get_json(client, "audiences/")}
    # investeerders only has a draft, a private and an expired case
    assert dutch == {"lokale-besturen": 1, "ondernemers": 1, "investeerders": 0, "ontwikkelaars": 0}
    english = {
        audience["code"]: audience["case_count"] for audience in get_json(client, "audiences/", {"locale": "en"})
    }
    assert english == {"lokale-besturen": 1, "ondernemers": 0, "investeerders": 0, "ontwikkelaars": 0}


def test_renamed_audience_shows_at_once(site, client):
    assert get_json(client, "audiences/")[1]["label"] == "Ondernemers"
    audience = site.fietsen.case_audiences.first().audience
    audience.name = "Handelaars"
    audience.save()
    assert get_json(client, "audiences/")[1]["label"] == "Handelaars"


@pytest.mark.parametrize("locale", ["nl", "en", "fr"])
def test_v1_keeps_the_deprecated_keys_with_the_same_values(site, client, locale):
    """The VLAIO site reads `slug`/`title`/`name` today: v1 keeps them until v2 (api/CHANGELOG.md)."""
    query = {"locale": locale}
    for theme in get_json(client, "themes/", query) + [get_json(client, "themes/mobiliteit/", query)]:
        assert (theme["slug"], theme["title"]) == (theme["code"], theme["label"])
    for audience in get_json(client, "audiences/", query):
        assert (audience["slug"], audience["name"]) == (audience["code"], audience["label"])
    for card in get_json(client, "cases/", query)["results"]:
        assert card["themes"] and card["audiences"]
        assert all(set(theme) == {"code", "label", "slug", "title"} for theme in card["themes"])
        assert all((theme["slug"], theme["title"]) == (theme["code"], theme["label"]) for theme in card["themes"])
        assert all(set(audience) == {"code", "label", "slug", "name"} for audience in card["audiences"])
        assert all(
            (audience["slug"], audience["name"]) == (audience["code"], audience["label"])
            for audience in card["audiences"]
        )


def test_a_theme_a_reader_may_not_see_is_left_out_of_case_cards(site, client):
    theme = ThemePage.objects.get(code="duurzaamheid", locale__language_code="nl")
    PageViewRestriction.objects.create(page=theme, restriction_type="password", password="x")
    [markt] = [card for card in get_json(client, "cases/")["results"] if card["slug"] == "markt"]
    assert [theme["code"] for theme in markt["themes"]] == ["mobiliteit"]
