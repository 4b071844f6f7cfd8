"""GET /api/v1/municipalities/: the 285 Flemish municipalities, found by the start of a name or by size."""

from django.test import Client

import pytest

from cases.models import Municipality
from cases.places import SizeClass
from tests.api.conftest import get_json

pytestmark = pytest.mark.django_db

URL = "municipalities/"


def names(payload: dict) -> list[str]:
    return [row["name"] for row in payload["results"]]


def test_lists_all_285_municipalities_with_their_facts():
    payload = get_json_all()
    assert payload["count"] == 285 and len(payload["results"]) == 285
    assert payload["next"] is None and payload["previous"] is None
    leuven = next(row for row in payload["results"] if row["nis_code"] == "24062")
    assert leuven == {
        "nis_code": "24062",
        "name": "Leuven",
        "names": {"nl": "Leuven", "fr": "Louvain", "en": "Leuven"},
        "province": {"code": "vlaams-brabant", "label": "Vlaams-Brabant"},
        "population": 105_357,
        "population_year": 2026,
        "size_class": {"code": "gt100k", "label": "meer dan 100 000 inwoners"},
        "coordinates": {"lat": 50.87959, "lon": 4.70093},
    }
    assert len({row["nis_code"] for row in payload["results"]}) == 285


def get_json_all(client=None, **params) -> dict:
    return get_json(client or Client(), URL, {"page_size": 300, **params})


def test_names_and_labels_follow_the_locale_and_the_order_is_alphabetical_in_it(client):
    french = get_json(client, URL, {"locale": "fr", "q": "lou"})
    assert names(french) == ["Louvain"]
    assert french["results"][0]["province"]["label"] == "Brabant flamand"
    assert french["results"][0]["size_class"]["label"] != "meer dan 100 000 inwoners"
    dutch = get_json_all(client)
    assert names(dutch)[:3] == ["Aalst", "Aalter", "Aarschot"]
    assert names(dutch) == sorted(names(dutch), key=lambda name: name.casefold().replace("-", " "))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("leu", "Leuven"),  # Dutch name
        ("LOUV", "Leuven"),  # French name, any case
        ("leau", "Zoutleeuw"),  # French "Léau": accents ignored
        ("bourg-leo", "Leopoldsburg"),  # "Bourg-Léopold"
        ("sint gen", "Sint-Genesius-Rode"),  # a space for a hyphen
        ("rhode-saint-gen", "Sint-Genesius-Rode"),
        ("  kortr ", "Kortrijk"),  # surrounding spaces
    ],
)
def test_q_finds_a_municipality_by_the_start_of_any_of_its_names(client, q, expected):
    assert expected in names(get_json(client, URL, {"q": q, "page_size": 300}))


def test_q_matches_the_start_of_a_name_only(client):
    found = names(get_json(client, URL, {"q": "euven", "page_size": 300}))
    assert "Leuven" not in found
    assert get_json(client, URL, {"q": "zzz"}) == {"count": 0, "next": None, "previous": None, "results": []}


def test_size_filters_by_the_size_class_rule_of_cases(client):
    expected = {
        size: sorted(m.nis_code for m in Municipality.objects.all() if SizeClass.for_population(m.population) == size)
        for size in SizeClass.values
    }
    for size, codes in expected.items():
        payload = get_json(client, URL, {"size": size, "page_size": 300})
        assert sorted(row["nis_code"] for row in payload["results"]) == codes, size
        assert {row["size_class"]["code"] for row in payload["results"]} <= {size}
    both = get_json(client, URL, {"size": ["lt10k", "gt100k"], "page_size": 300})
    assert both["count"] == len(expected["lt10k"]) + len(expected["gt100k"])
    assert get_json(client, URL, {"size": "lt10k,gt100k", "page_size": 300})["count"] == both["count"]
    big_leu = get_json(client, URL, {"size": "gt100k", "q": "leu"})
    assert names(big_leu) == ["Leuven"]  # Leopoldsburg and Zoutleeuw ("Léau") are smaller


def test_pages_like_the_other_lists(client):
    first = get_json(client, URL)
    assert first["count"] == 285 and len(first["results"]) == 50
    assert first["previous"] is None and first["next"] == "http://testserver/api/v1/municipalities/?page=2"
    last = get_json(client, URL, {"page": 6})
    assert len(last["results"]) == 35 and last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/municipalities/?page=5"
    error = get_json(client, URL, {"page": 7}, status=400)
    assert "last page is 6" in error["parameters"]["page"]["message"]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"size": "huge"}, "size"),
        ({"page_size": "1000"}, "page_size"),
        ({"page": "abc"}, "page"),
        ({"q": "x" * 101}, "q"),
        ({"locale": "de"}, "locale"),
        ({"province": "limburg"}, "province"),  # not a parameter here
    ],
)
def test_bad_parameters_are_a_json_400_naming_them(client, params, name):
    error = get_json(client, URL, params, status=400)
    assert error["error"] == "invalid_parameters"
    assert name in error["parameters"]
    if name == "size":
        assert error["parameters"]["size"]["accepted"] == SizeClass.values


def test_answers_carry_an_etag_and_revalidate_with_304(client):
    response = client.get("/api/v1/municipalities/", {"q": "gent"})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public, max-age=")
    again = client.get("/api/v1/municipalities/", {"q": "gent"}, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""


def test_new_figures_show_at_once_even_for_a_municipality_without_cases(client):
    """Cached answers are keyed on the content version: a municipality's save must move it."""
    before = get_json(client, URL, {"q": "zwalm"})["results"][0]
    assert before["size_class"]["code"] == "lt10k"
    zwalm = Municipality.objects.get(nis_code="45065")
    zwalm.population = 10_000
    zwalm.save()
    after = get_json(client, URL, {"q": "zwalm"})["results"][0]
    assert (after["population"], after["size_class"]["code"]) == (10_000, "10k-25k")


@pytest.mark.parametrize("params", [{"page_size": 300}, {"q": "sint", "size": "lt10k,10k-25k", "page": 1}])
def test_query_count_is_fixed(client, django_assert_max_num_queries, params):
    # The content version and the municipalities: one query each, however many rows or filters.
    with django_assert_max_num_queries(2):
        get_json(client, URL, params)
    with django_assert_max_num_queries(1):  # a cache hit reads the version only
        get_json(client, URL, params)
