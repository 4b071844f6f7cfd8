"""Cards kept on the catalogue (cases.cards) show exactly what cards built from the page show, and follow every
change a reader would see: a municipality's figures, the hero image's renditions, the section's address, and the
background task that makes the renditions."""

import re

from django.core.cache import cache

from wagtail.images import get_image_model
from wagtail.images.models import Filter

import pytest
import wagtail_factories

from cases.models import CaseIndexPage, CasePage, CatalogueEntry, Municipality
from cases.models.catalogue import refresh_stale_cards
from home.blocks import RENDITIONS, SHARE_RENDITION
from home.caching import content_version
from home.renditions import prepare_renditions_task
from tests.reader.conftest import _module_site, make_case, site  # noqa: F401 (fixtures)

API = "/api/v1/cases/"
LISTING = "/nl/voorbeelden/"


@pytest.fixture
def cases(site):  # noqa: F811
    gent, _created = Municipality.objects.get_or_create(
        nis_code="44021",
        defaults={"name_nl": "Gent", "province": "oost-vlaanderen", "population_year": 2024, "population": 1},
    )
    Municipality.objects.filter(pk=gent.pk).update(population=30_000)
    gent.refresh_from_db()
    made = [
        make_case(
            f"voorbeeld-{number}",
            themes=("mobiliteit", "duurzaamheid") if number % 2 else ("mobiliteit",),
            day=number,
            hero_image=wagtail_factories.ImageFactory(),
            hero_image_alt=f"Straat {number}",
            population=5_000 + number * 9_000,
            video_url="https://vimeo.com/76979871" if number == 2 else "",
        )
        for number in range(5)
    ]
    made.append(
        make_case(
            "in-gent",
            title="Een plein in Gent",
            day=9,
            hero_image=wagtail_factories.ImageFactory(),
            municipality=gent,
            population=None,
            country="BE",
        )
    )
    return made


def get(client, path, params=None):
    cache.clear()  # each answer made afresh, not the cached one
    response = client.get(path, params or {})
    assert response.status_code == 200, response.content[:500]
    return response


def cards_html(client) -> list[str]:
    return re.findall(r'<article class="card">.*?</article>', get(client, LISTING).content.decode(), re.S)


def keep_cards(client) -> None:
    get(client, API)  # building the cards the slow way makes the renditions
    refresh_stale_cards()  # what the background rendition task leads to
    assert CatalogueEntry.objects.filter(card=None).count() == 0


def list_card(client, case) -> dict:
    """The case's card in the list as a reader gets it: from the response cache if the answer is kept there."""
    response = client.get(API)
    assert response.status_code == 200
    return next(card for card in response.json()["results"] if card["id"] == case.pk)


def test_kept_cards_show_what_cards_built_from_the_page_show(cases, client):
    keep_cards(client)
    kept_list = get(client, API).json()
    kept_detail = get(client, f"{API}{cases[1].pk}/").json()
    kept_html = cards_html(client)
    assert CatalogueEntry.objects.update(card=None)
    built_list = get(client, API).json()
    built_detail = get(client, f"{API}{cases[1].pk}/").json()
    assert kept_list == built_list
    assert all(card["image"] for card in kept_list["results"])
    assert kept_detail["related"] == built_detail["related"]
    assert kept_detail["related"]
    assert kept_html == cards_html(client)
    assert len(kept_html) == len(cases) + 1  # and the site's own case


def test_a_municipality_s_new_population_shows_at_once(cases, client):
    keep_cards(client)
    case = cases[-1]
    before = list_card(client, case)
    assert (before["population"], before["size_class"]["code"]) == (30_000, "25k-50k")
    gent = Municipality.objects.get(nis_code="44021")
    gent.population = 120_000
    gent.save()
    card = list_card(client, case)  # the answer cached before the change must not be served
    assert (card["population"], card["size_class"]["code"]) == (120_000, "gt100k")
    assert get(client, API, {"size": "gt100k"}).json()["count"] >= 1


def test_a_municipality_s_new_population_reaches_the_case_itself(cases, client):
    """The case page and "gemeenten zoals de mijne" read the size class stored on the case, not the card."""
    case = cases[-1]
    gent = Municipality.objects.get(nis_code="44021")
    gent.population = 120_000
    gent.save()
    assert CasePage.objects.get(pk=case.pk).size_class == "gt100k"
    page = client.get(case.url)
    assert page.status_code == 200
    assert "meer dan 100" in page.content.decode().lower()


def rendition_urls(card) -> set[str]:
    return {rendition["url"] for rendition in card["image"]["renditions"].values()}


def current_urls(image) -> set[str]:
    """The URLs of the image's renditions that exist now (rows, and so files)."""
    image = get_image_model().objects.get(pk=image.pk)
    existing = image.find_existing_renditions(*[Filter(spec=spec) for spec in RENDITIONS.values()])
    return {f"http://testserver{rendition.url}" for rendition in existing.values()}


def test_deleted_renditions_are_never_linked(cases, client):
    keep_cards(client)
    case = cases[0]
    assert rendition_urls(list_card(client, case)) == current_urls(case.hero_image)
    case.hero_image.renditions.all().delete()
    after = rendition_urls(list_card(client, case))
    assert after == current_urls(case.hero_image)  # the renditions made again, not the deleted ones
    assert len(after) == len(RENDITIONS)


def test_a_new_focal_point_shows_the_new_renditions(cases, client):
    keep_cards(client)
    case = cases[0]
    before = rendition_urls(list_card(client, case))
    image = get_image_model().objects.get(pk=case.hero_image_id)
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 1, 1, 2, 2
    image.save()
    after = rendition_urls(list_card(client, case))
    assert after != before
    assert after == current_urls(image)


def test_a_renamed_section_changes_every_card_url(cases, client):
    keep_cards(client)
    urls = [card["url"] for card in get(client, API).json()["results"]]
    assert urls and all("/voorbeelden/" in url for url in urls)
    index = CaseIndexPage.objects.get(pk=cases[0].get_parent().pk)
    index.slug = "praktijk"
    index.save_revision().publish()
    client.get(API)
    urls = [card["url"] for card in client.get(API).json()["results"]]
    assert urls and all("/praktijk/" in url and "/voorbeelden/" not in url for url in urls)


def test_the_rendition_task_keeps_the_card_without_moving_the_content_version(cases, client):
    case = make_case("nieuw", day=20, hero_image=wagtail_factories.ImageFactory())
    assert CatalogueEntry.objects.get(page_id=case.pk).card is None  # no renditions yet
    version = content_version()
    hero = [case.hero_image_id]
    prepare_renditions_task.call(image_ids=hero, specs=list(RENDITIONS.values()), extra={SHARE_RENDITION: hero})
    card = CatalogueEntry.objects.get(page_id=case.pk).card
    assert card is not None and card["image"]["id"] == case.hero_image_id
    assert content_version() == version
    assert CasePage.objects.get(pk=case.pk).live
