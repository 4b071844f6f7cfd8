"""GET /api/v1/cases/{id}/ and /cases/by-slug/{slug}/: the whole case, as a client renders it."""

from datetime import datetime

from wagtail.models import Locale

import pytest

from home.translations import translation_create_or_update
from tests.api.conftest import make_case, translate
from tests.factories.bodies import BODY_TYPES, every_block_body, image
from tests.factories.cases import CasePageFactory

CARD_FIELDS = {
    *("id", "slug", "locale", "title", "summary", "url", "place", "country", "province", "population"),
    *("size_class", "year", "status", "themes", "audiences", "image", "video", "published_at", "updated_at"),
}
DETAIL_FIELDS = {
    *CARD_FIELDS,
    *("initiator", "partners", "budget", "duration", "coordinates", "body", "follow_ups", "translations", "related"),
}


@pytest.fixture
def full_case(dataset):
    """A case with every fact and every kind of block, linking to the Gent case."""
    body = every_block_body(linked_page=dataset.cases["gent"])
    return make_case(
        "volledig",
        title="Een volledig voorbeeld",
        audiences=["ondernemers"],
        province="antwerpen",
        body=body,
        hero_image=image(),
        hero_image_alt="Een plein vol mensen",
        hero_image_credit="Foto: Jan Janssens",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        initiator="Stad Lier",
        partners="Handelaarsvereniging",
        budget="ca. € 40 000 per jaar",
        duration="18 maanden",
        lat=51.13,
        lon=4.57,
    )


def detail(client, case_id: int, status: int = 200):
    response = client.get(f"/api/v1/cases/{case_id}/")
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_detail_by_id_has_every_fact(full_case, client):
    payload = detail(client, full_case.pk)
    assert set(payload) == DETAIL_FIELDS
    assert payload["id"] == full_case.pk
    assert (payload["slug"], payload["locale"], payload["title"]) == ("volledig", "nl", "Een volledig voorbeeld")
    assert payload["summary"] == "Samenvatting van Een volledig voorbeeld."
    assert payload["url"] == "http://testserver/nl/voorbeelden/volledig/"
    assert payload["place"] == "voorbeeld"
    assert payload["country"]["code"] == "BE"
    assert payload["province"]["code"] == "antwerpen"
    assert payload["population"] == 30_000
    assert payload["size_class"]["code"] == "25k-50k"
    assert payload["year"] == 2020
    assert payload["status"]["code"] == "running"
    assert payload["themes"] == [
        {"code": "mobiliteit", "label": "Mobiliteit", "slug": "mobiliteit", "title": "Mobiliteit"}
    ]
    assert payload["audiences"] == [
        {"code": "ondernemers", "label": "Ondernemers", "slug": "ondernemers", "name": "Ondernemers"}
    ]
    assert payload["initiator"] == "Stad Lier"
    assert payload["partners"] == "Handelaarsvereniging"
    assert payload["budget"] == "ca. € 40 000 per jaar"
    assert payload["duration"] == "18 maanden"
    assert payload["coordinates"] == {"lat": 51.13, "lon": 4.57}


def test_published_and_updated_dates_are_iso_timestamps(dataset, client):
    lokeren = dataset.cases["lokeren"]
    payload = detail(client, lokeren.pk)
    assert datetime.fromisoformat(payload["published_at"]) == lokeren.first_published_at


def test_labels_follow_the_language_of_the_case(dataset, client):
    dutch = detail(client, dataset.cases["lokeren"].pk)
    assert dutch["status"] == {"code": "completed", "label": "Afgerond"}
    assert dutch["province"] == {"code": "oost-vlaanderen", "label": "Oost-Vlaanderen"}
    assert dutch["size_class"] == {"code": "25k-50k", "label": "25 000 – 50 000 inwoners"}
    assert dutch["country"] == {"code": "BE", "label": "België"}
    english = detail(client, dataset.english.pk)
    assert english["status"] == {"code": "completed", "label": "Completed"}
    assert english["province"]["label"] == "East Flanders"
    assert english["country"] == {"code": "BE", "label": "Belgium"}


def test_body_is_a_list_of_typed_blocks_in_editor_order(full_case, client):
    body = detail(client, full_case.pk)["body"]
    assert [block["type"] for block in body] == BODY_TYPES
    assert all(set(block) == {"type", "id", "value"} and block["id"] for block in body)
    blocks = {block["type"]: block["value"] for block in body}
    assert blocks["steps"] == {"steps": ["Leegstand in kaart brengen.", "Eigenaars aanspreken."]}
    assert blocks["results"]["figures"] == [{"value": "-30%", "label": "leegstand"}]
    assert blocks["results"]["text"] == "<p>Minder leegstand.</p>"
    assert blocks["learnings"] == {"items": ["Begin klein."]}
    assert blocks["donts"] == {"items": ["Laat geen pand leeg."]}
    assert blocks["transferability"] == "<p>Ook in kleinere gemeenten.</p>"
    assert blocks["quote"] == {"text": "Het werkt.", "author": "An Peeters", "role": "schepen"}
    assert blocks["video"]["provider"] == "vimeo"
    assert blocks["video"]["id"] == "76979871"
    assert blocks["video"]["embed_url"] == "https://player.vimeo.com/video/76979871?dnt=1"
    assert blocks["document"]["title"] == "Reglement"
    assert blocks["document"]["file_extension"] == "pdf"
    assert blocks["links"]["heading"] == "Meer"
    assert [(link["title"], link["external"]) for link in blocks["links"]["links"]] == [
        ("Autovrije binnenstad Gent", False),
        ("VLAIO", True),
    ]
    assert blocks["contact"]["email"] == "an@example.org"


def test_rich_text_has_no_editor_markup_and_internal_links_are_public_urls(full_case, dataset, client):
    gent_url = detail(client, dataset.cases["gent"].pk)["url"]
    body = detail(client, full_case.pk)["body"]
    concept = next(block["value"] for block in body if block["type"] == "concept")
    assert "linktype" not in concept
    assert f'<a href="{gent_url}">Gent</a>' in concept
    assert "<b>elders</b>" in concept
    links = next(block["value"] for block in body if block["type"] == "links")
    assert links["links"][0]["url"] == gent_url
    assert links["links"][1]["url"] == "https://www.vlaio.be"


def test_images_come_as_three_renditions_with_alt_and_credit(full_case, client):
    payload = detail(client, full_case.pk)
    hero = payload["image"]
    assert hero["id"] == full_case.hero_image_id
    assert (hero["alt"], hero["credit"]) == ("Een plein vol mensen", "Foto: Jan Janssens")
    sizes = {name: (rendition["width"], rendition["height"]) for name, rendition in hero["renditions"].items()}
    assert sizes == {"thumbnail": (400, 300), "medium": (800, 400), "large": (1600, 800)}
    urls = [rendition["url"] for rendition in hero["renditions"].values()]
    assert len(set(urls)) == 3
    assert all(url.endswith(".webp") for url in urls)
    blocks = {block["type"]: block["value"] for block in payload["body"]}
    assert (blocks["image"]["alt"], blocks["image"]["credit"]) == ("De markt", "Foto: Stad")
    assert blocks["image"]["image"]["renditions"]["medium"]["width"] == 800
    gallery = blocks["gallery"]["images"]
    assert [(item["alt"], item["credit"]) for item in gallery] == [("Voor", "Stad"), ("Na", "Buurt")]
    assert all(set(item["image"]["renditions"]) == {"thumbnail", "medium", "large"} for item in gallery)


def test_video_url_becomes_provider_id_and_privacy_friendly_embed(full_case, dataset, client):
    video = detail(client, full_case.pk)["video"]
    assert {key: video[key] for key in ("provider", "id", "url", "embed_url")} == {
        "provider": "youtube",
        "id": "dQw4w9WgXcQ",
        "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "embed_url": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    }
    assert detail(client, dataset.cases["gent"].pk)["video"] is None


def test_detail_by_slug_matches_detail_by_id(dataset, client):
    lokeren = dataset.cases["lokeren"]
    by_slug = client.get("/api/v1/cases/by-slug/lokeren/")
    assert by_slug.status_code == 200
    assert by_slug.json() == detail(client, lokeren.pk)
    assert client.get("/api/v1/cases/by-slug/lokeren/", {"locale": "nl"}).json()["id"] == lokeren.pk


def test_translation_is_found_by_its_slug_in_its_locale(dataset, client):
    response = client.get("/api/v1/cases/by-slug/pop-up-shops-lokeren/", {"locale": "en"})
    assert response.status_code == 200
    payload = response.json()
    assert (payload["id"], payload["locale"], payload["title"]) == (
        dataset.english.pk,
        "en",
        "Pop-up shops in Lokeren",
    )
    assert payload["url"] == "http://testserver/en/voorbeelden/pop-up-shops-lokeren/"


def test_translations_map_each_other_locale_to_id_and_url(dataset, client):
    lokeren = dataset.cases["lokeren"]
    assert detail(client, lokeren.pk)["translations"] == {
        "en": {"id": dataset.english.pk, "url": "http://testserver/en/voorbeelden/pop-up-shops-lokeren/"}
    }
    assert detail(client, dataset.english.pk)["translations"] == {
        "nl": {"id": lokeren.pk, "url": "http://testserver/nl/voorbeelden/lokeren/"}
    }
    assert detail(client, dataset.cases["gent"].pk)["translations"] == {}


def test_unpublished_translation_is_not_offered(dataset, client):
    lokeren = dataset.cases["lokeren"]
    shadow = type(lokeren).objects.get(pk=lokeren.pk)
    shadow.title, shadow.slug = "Boutiques éphémères", "boutiques"
    translation_create_or_update(
        source=lokeren, translated=shadow, locale=Locale.objects.get(language_code="fr"), publish=False
    )
    assert set(detail(client, lokeren.pk)["translations"]) == {"en"}


def test_a_translation_published_or_withdrawn_shows_in_the_next_detail(dataset, client):
    """Translations come from the catalogue index each process holds per content version: a publish or an unpublish
    of a translation moves the version on, so the very next detail shows it."""
    lokeren = dataset.cases["lokeren"]
    assert set(detail(client, lokeren.pk)["translations"]) == {"en"}
    shadow = type(lokeren).objects.get(pk=lokeren.pk)
    shadow.title, shadow.slug = "Boutiques éphémères", "boutiques"
    french_locale = Locale.objects.get(language_code="fr")
    french = translation_create_or_update(source=lokeren, translated=shadow, locale=french_locale)
    assert detail(client, lokeren.pk)["translations"]["fr"] == {
        "id": french.pk,
        "url": "http://testserver/fr/voorbeelden/boutiques/",
    }
    assert set(detail(client, french.pk)["translations"]) == {"nl", "en"}
    french.specific.unpublish()
    assert set(detail(client, lokeren.pk)["translations"]) == {"en"}


def test_related_cases_share_a_theme_and_are_at_most_four(dataset, client):
    for number in range(3):
        make_case(f"extra-{number}", title=f"Extra mobiliteit {number}", population=20_000)
    gent = dataset.cases["gent"]
    related = detail(client, gent.pk)["related"]
    assert len(related) == 4
    assert all("mobiliteit" in {theme["code"] for theme in case["themes"]} for case in related)
    ids = {case["id"] for case in related}
    assert gent.pk not in ids
    assert not ids & {case.pk for case in dataset.hidden}
    assert dataset.french.pk not in ids  # also about mobiliteit, but French
    assert {case["locale"] for case in related} == {"nl"}
    assert set(related[0]) == CARD_FIELDS


def test_related_cases_of_lokeren(dataset, client):
    related = detail(client, dataset.cases["lokeren"].pk)["related"]
    assert {case["slug"] for case in related} == {"gent", "hasselt", "houten", "tienen"}


def test_case_without_shared_themes_has_no_related_cases(dataset, client):
    assert detail(client, dataset.cases["cahors"].pk)["related"] == []


def test_draft_sharing_a_theme_is_never_related(dataset, client):
    draft = CasePageFactory(live=False, slug="nog-niet")  # mobiliteit, like Houten
    related = detail(client, dataset.cases["houten"].pk)["related"]
    assert draft.pk not in {case["id"] for case in related}


@pytest.mark.parametrize(
    "path",
    [
        lambda data: "/api/v1/cases/999999/",
        lambda data: f"/api/v1/cases/{data.draft.pk}/",
        lambda data: f"/api/v1/cases/{data.private.pk}/",
        lambda data: f"/api/v1/cases/{data.expired.pk}/",
        lambda data: f"/api/v1/cases/{data.withdrawn.pk}/",
        lambda data: "/api/v1/cases/by-slug/bestaat-niet/",
        lambda data: "/api/v1/cases/by-slug/concept-nog/",
        lambda data: "/api/v1/cases/by-slug/prive/",
        lambda data: "/api/v1/cases/by-slug/verlopen/",
        lambda data: "/api/v1/cases/by-slug/pop-up-shops-lokeren/",  # English slug, Dutch by default
        lambda data: "/api/v1/cases/by-slug/lokeren/?locale=en",  # Dutch slug, English asked
        lambda data: "/api/v1/cases/by-slug/velos-namur/?locale=nl",
    ],
    ids=[
        "unknown-id",
        "draft-id",
        "private-id",
        "expired-id",
        "unpublished-id",
        "unknown-slug",
        "draft-slug",
        "private-slug",
        "expired-slug",
        "english-slug-in-dutch",
        "dutch-slug-in-english",
        "french-slug-in-dutch",
    ],
)
def test_missing_or_hidden_cases_are_404_json(dataset, client, path):
    response = client.get(path(dataset))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "not_found", "message": "Not found."}


def test_english_translation_detail_is_english(dataset, client):
    english = detail(client, translate(dataset.cases["gent"], "en", "Car-free city centre", "car-free-ghent").pk)
    assert english["locale"] == "en"
    assert english["title"] == "Car-free city centre"
    assert english["translations"]["nl"]["id"] == dataset.cases["gent"].pk
