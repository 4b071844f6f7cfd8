"""A case page takes its hero image, in every size and as the share image, from the case's kept card (cases.cards):
no renditions query for a case without body images. Whatever changes the hero (another image, a moved focal point,
an older card format after a deploy), the page never shows renditions of the old one."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model

import pytest
import wagtail_factories
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage

from cases.models import CasePage, CatalogueEntry
from cases.models.catalogue import refresh_stale_cards
from home.blocks import HERO_RENDITIONS, RENDITIONS, SHARE_RENDITION
from home.renditions import prepare_renditions_task
from tests.factories.cases import default_body
from tests.reader.conftest import _module_site, make_case, site  # noqa: F401 (fixtures)
from vitrine_cms.settings.base import task_settings


def prepare(case) -> None:
    """What the background task queued by a publish does: the hero's renditions, share image included."""
    hero = [case.hero_image_id]
    prepare_renditions_task.call(hero, list(RENDITIONS.values()), {SHARE_RENDITION: hero})


@pytest.fixture
def site_cards(site):  # noqa: F811
    """The site's own cases (related to the ones made here) with kept cards: their renditions are made."""
    for case in CasePage.objects.live().exclude(hero_image=None):
        prepare(case)
    assert not CatalogueEntry.objects.filter(card__isnull=True).exists()


def kept_card(case) -> dict | None:
    return CatalogueEntry.objects.get(page_id=case.pk).card


def served(client, case) -> tuple[str, list[str]]:
    """The case page's HTML, and the SQL of the queries that read renditions."""
    client.get(case.url)  # the caches a process keeps between requests are warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(case.url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries if "wagtailimages_rendition" in q["sql"]]


def hero_tag(html: str) -> str:
    return re.search(r'<figure class="case__hero">\s*(<img [^>]*>)', html).group(1)


def meta(html: str, name: str) -> str:
    return re.search(rf'<meta property="{name}" content="([^"]*)"', html).group(1)


def current(image) -> dict:
    """The renditions the image has now for its focal point (made if missing), by spec."""
    return get_image_model().objects.get(pk=image.pk).get_renditions(*HERO_RENDITIONS)


def test_a_kept_card_gives_the_hero_and_the_share_image_without_a_renditions_query(site_cards, client):
    case = make_case("gevels-tielt", hero_image=wagtail_factories.ImageFactory(), hero_image_alt="Gevels in Tielt")
    prepare(case)
    assert kept_card(case)["image"]["share"] is not None
    html, rendition_queries = served(client, case)
    assert rendition_queries == []
    made = current(case.hero_image)
    hero = hero_tag(html)
    assert made[RENDITIONS["medium"]].url in hero
    assert made[RENDITIONS["large"]].url in hero
    assert 'alt="Gevels in Tielt"' in hero
    share = made[SHARE_RENDITION]
    assert meta(html, "og:image") == f"http://testserver{share.url}"
    assert meta(html, "og:image:width") == str(share.width)
    with PILImage.open(share.file.path) as picture:
        assert picture.format == "JPEG"


def test_body_images_cost_one_renditions_query(site_cards, client):
    photo = wagtail_factories.ImageFactory()
    body = [*default_body(), ("image", {"image": photo, "alt": "De markt op zaterdag", "credit": "", "caption": ""})]
    case = make_case("markt-eeklo", hero_image=wagtail_factories.ImageFactory(), body=body)
    prepare(case)
    html, rendition_queries = served(client, case)
    assert len(rendition_queries) == 1
    assert current(photo)[RENDITIONS["large"]].url in html
    assert 'alt="De markt op zaterdag"' in html


def test_another_hero_image_shows_at_once_and_the_old_one_never(site_cards, client):
    case = make_case("plein-ninove", hero_image=wagtail_factories.ImageFactory())
    prepare(case)
    old = current(case.hero_image)
    case.hero_image = wagtail_factories.ImageFactory()
    case.save_revision().publish()  # its renditions are not made yet: the card waits for them
    assert kept_card(case) is None
    html, _queries = served(client, case)
    new = current(case.hero_image)
    assert new[RENDITIONS["large"]].url in hero_tag(html)
    assert meta(html, "og:image") == f"http://testserver{new[SHARE_RENDITION].url}"
    assert not any(rendition.url in html for rendition in old.values())
    prepare(case)  # the task has run: the card is kept again, with the new image
    html, rendition_queries = served(client, case)
    assert rendition_queries == []
    assert new[RENDITIONS["large"]].url in hero_tag(html)
    assert meta(html, "og:image") == f"http://testserver{new[SHARE_RENDITION].url}"


def test_a_moved_focal_point_gives_a_new_share_image(site_cards, client):
    case = make_case("kaai-menen", hero_image=wagtail_factories.ImageFactory())
    prepare(case)
    before = meta(served(client, case)[0], "og:image")
    image = get_image_model().objects.get(pk=case.hero_image_id)
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 1, 1, 2, 2
    image.save()
    after = meta(served(client, case)[0], "og:image")
    assert after != before
    assert after == f"http://testserver{current(image)[SHARE_RENDITION].url}"


def test_cards_of_the_older_format_get_their_share_image_from_the_worker(site_cards, client, settings):
    """After the deploy that added the share image to cards, `migrate` refreshes the older cards; those whose hero
    has no share image yet wait for it, and the background worker is asked to make it."""
    case = make_case("loods-lommel", hero_image=wagtail_factories.ImageFactory())
    case.hero_image.get_renditions(*RENDITIONS.values())  # what a publish made before that deploy
    CatalogueEntry.objects.filter(page_id=case.pk).update(card={"format": 1, "id": case.pk})
    settings.TASKS = task_settings("database")
    refresh_stale_cards()
    assert kept_card(case) is None
    task = DBTaskResult.objects.get(task_path="home.renditions.prepare_renditions_task")
    assert task.args_kwargs["args"] == [[case.hero_image_id], list(HERO_RENDITIONS)]
    prepare_renditions_task.call(*task.args_kwargs["args"])
    card = kept_card(case)
    assert card["format"] == 2
    html, rendition_queries = served(client, case)
    assert rendition_queries == []
    assert meta(html, "og:image") == f"http://testserver{card['image']['share']['url']}"
