"""Database cost per request: fixed, whatever the page size, the filters or the number of images.

Each measurement follows a warm-up request and then a content change (the content version is
bumped, as a publish does), so the response cache, theme labels and filter vocabulary are all
rebuilt: the first request after an editor publishes. Locale ids and Wagtail's site root paths
stay cached, as they do in production.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import wagtail_factories

from cases.models.catalogue import refresh_stale_cards
from home.caching import bump_content_version
from tests.api.conftest import make_case
from tests.conftest import AUDIENCE_SLUGS, THEME_CODES

LIST_BUDGET = 12
# One reads the content version, which lives in the database; right after a publish, as here, one more reads
# the catalogue index of the language (cases.catalogue_index), which the next requests reuse.
DETAIL_BUDGET = 16
ALL_FILTERS = {
    "theme": "mobiliteit,duurzaamheid,data",
    "audience": ["lokale-besturen", "ondernemers", "investeerders"],
    "size": "lt10k,10k-25k,25k-50k,50k-100k,gt100k",
    "country": "BE,NL",
    "province": "limburg",
    "origin": "domestic",
    "year_min": "2010",
    "year_max": "2030",
    "status": "idea,pilot,running,completed",
    "q": "Voorbeeld",
    "ordering": "relevance",
    "page_size": "50",
}


@pytest.fixture
def twenty_cases(taxonomy):
    cases = []
    for number in range(20):
        belgian = number % 3 != 0
        cases.append(
            make_case(
                f"voorbeeld-{number}",
                title=f"Voorbeeld {number}",
                themes=[THEME_CODES[number % 8], THEME_CODES[(number + 3) % 8]],
                audiences=[AUDIENCE_SLUGS[number % 4], AUDIENCE_SLUGS[(number + 1) % 4]],
                population=5_000 + number * 9_000,
                country="BE" if belgian else "NL",
                province="limburg" if belgian else "",
                year=2010 + number % 10,
                status=["idea", "pilot", "running", "completed"][number % 4],
            )
        )
    return cases


def gallery_case(images: int):
    """A case with a body image, a gallery of `images` images and a hero image; related cases share mobiliteit."""
    picture = wagtail_factories.ImageFactory
    body = [
        ("concept", "<p>Een plein met bomen.</p>"),
        ("image", {"image": picture(), "alt": "Het plein", "credit": "Stad"}),
        ("gallery", {"images": [{"image": picture(), "alt": f"Beeld {n}", "credit": ""} for n in range(images)]}),
        ("video", {"url": "https://vimeo.com/76979871"}),
        ("tips", {"items": ["Plant bomen."]}),
    ]
    return make_case(
        f"galerij-{images}",
        title=f"Galerij {images}",
        themes=["mobiliteit", "data"],
        audiences=["ondernemers"],
        province="limburg",
        body=body,
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )


def count_queries(client, path: str, params=None) -> int:
    """Queries of a cold request (server cache empty), after a warm-up that created the image renditions."""
    assert client.get(path, params or {}).status_code == 200
    refresh_stale_cards()  # what the background rendition task leads to: the catalogue keeps the cards
    bump_content_version()
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params or {})
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


@pytest.mark.parametrize("page_size", ["1", "12", "100"])
def test_list_costs_at_most_twelve_queries_whatever_the_page_size(
    twenty_cases, client, page_size, django_assert_max_num_queries
):
    client.get("/api/v1/cases/", {"page_size": page_size})
    bump_content_version()
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get("/api/v1/cases/", {"page_size": page_size})
    assert len(response.json()["results"]) == min(int(page_size), 20)


def test_list_with_every_filter_search_and_facets_costs_at_most_twelve_queries(
    twenty_cases, client, django_assert_max_num_queries
):
    client.get("/api/v1/cases/", ALL_FILTERS)
    bump_content_version()
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get("/api/v1/cases/", ALL_FILTERS)
    payload = response.json()
    assert payload["count"] > 0
    assert set(payload["facets"]) == {"themes", "audiences", "sizes", "countries", "provinces", "statuses", "years"}


def test_list_query_count_does_not_grow_with_page_size(twenty_cases, client):
    small = count_queries(client, "/api/v1/cases/", {"page_size": "2"})
    large = count_queries(client, "/api/v1/cases/", {"page_size": "20"})
    assert small == large


def test_recommended_ordering_costs_the_same_as_the_default(twenty_cases, client):
    default = count_queries(client, "/api/v1/cases/", {"page_size": "20"})
    recommended = count_queries(
        client, "/api/v1/cases/", {"page_size": "20", "ordering": "recommended", "prefer_audience": "ondernemers"}
    )
    assert recommended == default


def test_detail_with_gallery_and_related_costs_at_most_sixteen_queries(
    twenty_cases, client, django_assert_max_num_queries
):
    case = gallery_case(images=4)
    path = f"/api/v1/cases/{case.pk}/"
    client.get(path)
    refresh_stale_cards()  # what the background rendition task leads to: the catalogue keeps the cards
    bump_content_version()
    with django_assert_max_num_queries(DETAIL_BUDGET):
        payload = client.get(path).json()
    assert len(payload["related"]) == 4
    gallery = next(block["value"] for block in payload["body"] if block["type"] == "gallery")
    assert len(gallery["images"]) == 4


def test_detail_query_count_does_not_grow_with_the_gallery(twenty_cases, client):
    small = count_queries(client, f"/api/v1/cases/{gallery_case(images=2).pk}/")
    large = count_queries(client, f"/api/v1/cases/{gallery_case(images=8).pk}/")
    assert small == large


def test_detail_by_slug_costs_no_more_than_by_id(twenty_cases, client):
    case = gallery_case(images=3)
    by_id = count_queries(client, f"/api/v1/cases/{case.pk}/")
    assert count_queries(client, f"/api/v1/cases/by-slug/{case.slug}/") <= by_id


@pytest.mark.parametrize("path", ["themes/", "themes/mobiliteit/", "audiences/"])
def test_vocabulary_endpoints_cost_a_few_queries(twenty_cases, client, path):
    assert count_queries(client, f"/api/v1/{path}") <= 6
