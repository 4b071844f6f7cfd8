"""cases/points/: every visible case with coordinates as compact rows, for the reader's map and any client."""

import pytest

from cases.models import CasePage
from home.caching import bump_content_version
from tests.api.conftest import get_json
from tests.factories.cases import CasePageFactory

FIELDS = ["id", "lat", "lon", "title", "url", "place", "country"]
# Where the dataset's cases stand on the map (the factories give no coordinates); zutphen has none.
COORDINATES = {
    "lokeren": (51.1036, 3.99384),
    "gent": (51.05434, 3.71742),
    "hasselt": (50.93069, 5.33248),
    "tienen": (50.80745, 4.93775),
    "poperinge": (50.85386, 2.72659),
    "houten": (52.02833, 5.16806),
    "cahors": (44.44749, 1.44046),
}


@pytest.fixture
def placed(dataset):
    """The dataset with coordinates: all visible Dutch cases but one, the English and French ones, and
    every hidden case (so that a leak would show on the map)."""
    for key, (lat, lon) in COORDINATES.items():
        CasePage.objects.filter(pk=dataset.cases[key].pk).update(lat=lat, lon=lon)
    others = [dataset.english, dataset.french, *dataset.hidden]
    CasePage.objects.filter(pk__in=[page.pk for page in others]).update(lat=50.5, lon=4.5)
    bump_content_version()
    return dataset


def rows(payload: dict) -> dict[str, dict]:
    """The points by slug (the last part of their URL), each as a dict of its fields."""
    named = [dict(zip(payload["fields"], point, strict=True)) for point in payload["points"]]
    return {point["url"].rstrip("/").rsplit("/", 1)[-1]: point for point in named}


def test_points_are_the_visible_cases_with_coordinates_as_compact_rows(placed, client):
    payload = get_json(client, "cases/points/")
    assert payload["fields"] == FIELDS
    assert payload["count"] == len(payload["points"]) == len(COORDINATES)
    points = rows(payload)
    assert set(points) == set(COORDINATES)  # zutphen has no coordinates
    gent = placed.cases["gent"]
    assert points["gent"] == {
        "id": gent.pk,
        "lat": 51.05434,
        "lon": 3.71742,
        "title": "Autovrije binnenstad Gent",
        "url": "http://testserver/nl/voorbeelden/gent/",
        "place": "Gent",
        "country": "BE",
    }
    assert points["cahors"]["country"] == "FR"
    titles = [point[FIELDS.index("title")] for point in payload["points"]]
    assert titles == sorted(titles)


def test_points_leave_out_unpublished_private_expired_and_withdrawn_cases(placed, client):
    ids = {point[0] for point in get_json(client, "cases/points/")["points"]}
    for hidden in placed.hidden:
        assert hidden.pk not in ids, hidden.slug


def test_points_follow_the_locale(placed, client):
    english = get_json(client, "cases/points/", {"locale": "en"})
    assert [point[FIELDS.index("url")] for point in english["points"]] == [
        "http://testserver/en/voorbeelden/pop-up-shops-lokeren/"
    ]
    french = get_json(client, "cases/points/", {"locale": "fr"})
    assert [point[0] for point in french["points"]] == [placed.french.pk]


def test_coordinates_are_rounded_to_five_decimals(placed, client):
    CasePage.objects.filter(pk=placed.cases["gent"].pk).update(lat=51.054341234, lon=3.717429876)
    bump_content_version()
    point = rows(get_json(client, "cases/points/"))["gent"]
    assert (point["lat"], point["lon"]) == (51.05434, 3.71743)


@pytest.mark.parametrize(
    ("params", "name"),
    [({"locale": "de"}, "locale"), ({"theme": "mobiliteit"}, "theme"), ({"page": "2"}, "page")],
)
def test_a_bad_or_unknown_parameter_is_a_json_400_naming_it(placed, client, params, name):
    payload = get_json(client, "cases/points/", params, status=400)
    assert payload["error"] == "invalid_parameters"
    assert set(payload["parameters"]) == {name}
    accepted = payload["parameters"][name]["accepted"]
    assert accepted == (["nl", "en", "fr"] if name == "locale" else ["locale"])


def test_a_matching_etag_gets_304_and_a_publish_changes_the_etag(placed, client):
    first = client.get("/api/v1/cases/points/")
    etag = first["ETag"]
    again = client.get("/api/v1/cases/points/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    CasePage.objects.filter(pk=placed.cases["zutphen"].pk).update(lat=52.14, lon=6.2)
    bump_content_version()  # what a publish does
    changed = client.get("/api/v1/cases/points/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "zutphen" in rows(changed.json())


POINTS_BUDGET = 4  # content version, private paths, the points, the request's site


def queries_after_a_publish(client, assert_max_queries) -> int:
    """As in test_query_counts.py: warm, then the content version moves, so the points are built again."""
    assert client.get("/api/v1/cases/points/").status_code == 200
    bump_content_version()
    with assert_max_queries(POINTS_BUDGET) as context:
        assert client.get("/api/v1/cases/points/").status_code == 200
    return len(context)


def test_the_number_of_queries_does_not_grow_with_the_number_of_points(db, client, django_assert_max_num_queries):
    for number in range(3):
        CasePageFactory(lat=51.0 + number / 10, lon=4.0)
    few = queries_after_a_publish(client, django_assert_max_num_queries)
    assert get_json(client, "cases/points/")["count"] == 3
    for number in range(12):
        CasePageFactory(lat=50.0 + number / 10, lon=5.0)
    many = queries_after_a_publish(client, django_assert_max_num_queries)
    assert get_json(client, "cases/points/")["count"] == 15
    assert many == few
