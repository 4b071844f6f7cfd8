"""An image whose original is gone (or broken) leaves its pages and the API working, without that picture."""

import logging
from pathlib import Path

import pytest
import wagtail_factories

from home import renditions
from tests.reader.conftest import make_case
from themes.models import ThemePage

BODY_ALT = "De markt op zaterdag"
GALLERY_ALTS = ("Het plein voor", "Het plein na")


@pytest.fixture(autouse=True)
def _fresh_report_memory():
    """Image ids come back after a rollback; each test starts with nothing reported yet."""
    renditions._reported.clear()
    yield
    renditions._reported.clear()


def lose_original(image) -> None:
    """What an editor or a bad restore does: the original is gone and no rendition was made yet."""
    for rendition in image.renditions.all():
        rendition.file.delete(save=False)
        rendition.delete()
    image.file.storage.delete(image.file.name)
    assert not image.file.storage.exists(image.file.name)


def break_original(image) -> None:
    """The file is there but cut off after its first bytes: Pillow cannot decode it."""
    for rendition in image.renditions.all():
        rendition.file.delete(save=False)
        rendition.delete()
    path = Path(image.file.path)
    path.write_bytes(path.read_bytes()[:40])


@pytest.fixture
def broken_case(site):
    """A Dutch case in the theme mobiliteit whose hero, body and gallery images have lost their originals,
    in a theme whose own image is lost as well."""
    hero, body, first, second = (wagtail_factories.ImageFactory() for _ in range(4))
    pairs = zip((first, second), GALLERY_ALTS, strict=True)
    gallery = {"images": [{"image": image, "alt": alt} for image, alt in pairs]}
    case = make_case(
        "kapotte-fotos",
        title="Een voorbeeld zonder foto's",
        hero_image=hero,
        body=[
            ("concept", "<p>Leegstaande panden worden tijdelijk verhuurd.</p>"),
            ("image", {"image": body, "alt": BODY_ALT, "credit": "Stad", "caption": "Zaterdag"}),
            ("gallery", gallery),
            ("learnings", {"items": ["Betrek de eigenaars van bij de start."]}),
        ],
    )
    theme_page = ThemePage.objects.get(code="mobiliteit", locale__language_code="nl")
    theme_page.image = wagtail_factories.ImageFactory()
    theme_page.image_alt = "Fietsers op de markt"
    theme_page.save()
    images = [hero, body, first, second, theme_page.image]
    return case, theme_page, images


def reader_urls(case, theme_page) -> list[str]:
    return [
        case.url,
        "/nl/",
        "/nl/voorbeelden/",
        "/nl/voorbeelden/?thema=mobiliteit",
        theme_page.url,
        "/nl/zoeken/?q=foto",
        "/nl/kaart/",
        "/nl/feed/rss/",
        "/nl/feed/atom/",
    ]


def assert_no_picture_of(content: str, images) -> None:
    for image in images:
        stem = Path(image.file.name).stem
        assert stem not in content, f"{image.file.name} is still referenced"


def assert_pages_and_api_work(client, case, theme_page, images) -> None:
    for url in reader_urls(case, theme_page):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_picture_of(response.content.decode(), images)
    case_page = client.get(case.url).content.decode()
    assert "Een voorbeeld zonder foto&#x27;s" in case_page or "Een voorbeeld zonder foto's" in case_page
    assert "Leegstaande panden worden tijdelijk verhuurd." in case_page

    listing = client.get("/api/v1/cases/", {"locale": "nl"})
    assert listing.status_code == 200
    card = next(card for card in listing.json()["results"] if card["id"] == case.pk)
    assert card["image"] is None

    detail = client.get(f"/api/v1/cases/{case.pk}/")
    assert detail.status_code == 200
    data = detail.json()
    assert data["image"] is None
    blocks = {block["type"]: block["value"] for block in data["body"]}
    assert blocks["image"]["image"] is None
    assert blocks["image"]["alt"] == BODY_ALT
    assert [item["image"] for item in blocks["gallery"]["images"]] == [None, None]

    themes = client.get("/api/v1/themes/", {"locale": "nl"})
    assert themes.status_code == 200
    # `code` is the key from API 1.1 on, `slug` the one before it.
    theme = next(item for item in themes.json() if item.get("code", item.get("slug")) == "mobiliteit")
    assert theme["image"] is None
    theme_detail = client.get("/api/v1/themes/mobiliteit/", {"locale": "nl"})
    assert theme_detail.status_code == 200
    assert theme_detail.json()["image"] is None


def warnings_about(caplog, images) -> dict[int, int]:
    counts = {image.pk: 0 for image in images}
    for record in caplog.records:
        if record.levelno == logging.WARNING and record.name == "home.renditions":
            for image in images:
                if record.getMessage().startswith(f"Image {image.pk} ({image.file.name})"):
                    counts[image.pk] += 1
    return counts


def test_a_missing_original_leaves_the_pages_and_the_api_without_that_image(client, broken_case, caplog):
    case, theme_page, images = broken_case
    for image in images:
        lose_original(image)
    caplog.set_level(logging.WARNING, logger="home.renditions")

    assert_pages_and_api_work(client, case, theme_page, images)
    assert_pages_and_api_work(client, case, theme_page, images)

    # Once per image, however many pages and requests ran into it.
    assert warnings_about(caplog, images) == {image.pk: 1 for image in images}


def test_a_truncated_original_is_left_out_the_same_way(client, broken_case, caplog):
    case, theme_page, images = broken_case
    for image in images:
        break_original(image)
    caplog.set_level(logging.WARNING, logger="home.renditions")

    assert_pages_and_api_work(client, case, theme_page, images)

    assert warnings_about(caplog, images) == {image.pk: 1 for image in images}


def test_images_that_are_fine_still_show(client, site):
    """The guard must not hide pictures that can be made."""
    image = wagtail_factories.ImageFactory()
    case = make_case("goede-foto", hero_image=image)

    page = client.get(case.url).content.decode()
    detail = client.get(f"/api/v1/cases/{case.pk}/").json()

    assert Path(image.file.name).stem in page
    assert detail["image"]["renditions"]["large"]["url"]


def test_publishing_a_case_whose_image_is_gone_still_publishes(site, django_capture_on_commit_callbacks, caplog):
    """Publishing prepares the renditions (cases/signals.py); a lost original must not stop the editor."""
    image = wagtail_factories.ImageFactory()
    case = make_case("foto-kwijt", hero_image=image)
    lose_original(image)
    caplog.set_level(logging.WARNING, logger="home.renditions")

    with django_capture_on_commit_callbacks(execute=True):
        case.save_revision().publish()

    case.refresh_from_db()
    assert case.live and not case.has_unpublished_changes
    assert warnings_about(caplog, [image]) == {image.pk: 1}
