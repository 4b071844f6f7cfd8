"""Disjunctive facets: each facet counts with every other active filter applied, but not its own."""

from collections import Counter

import pytest

from cases.places import SizeClass
from cases.selectors import FACETS
from tests.api.conftest import FACTS, VISIBLE, get_json


def rows() -> list[dict]:
    table = []
    for facts in VISIBLE.values():
        row = dict(zip(FACTS, facts, strict=True))
        row["size"] = SizeClass.for_population(row["population"]).value
        table.append(row)
    return table


def matches(row: dict, params: dict, skip: str) -> bool:
    """The filters of `params` (comma-separated values), by hand; `skip` is the facet being counted."""

    def wanted(name: str) -> set[str]:
        return set(params[name].split(",")) if name in params else set()

    origin = params.get("origin")
    checks = [
        skip == "themes" or not wanted("theme") or bool(wanted("theme") & set(row["themes"])),
        skip == "audiences" or not wanted("audience") or bool(wanted("audience") & set(row["audiences"])),
        skip == "sizes" or not wanted("size") or row["size"] in wanted("size"),
        skip == "countries" or not wanted("country") or row["country"] in wanted("country"),
        skip == "countries" or origin is None or (row["country"] == "BE") == (origin == "domestic"),
        skip == "provinces" or not wanted("province") or row["province"] in wanted("province"),
        skip == "statuses" or not wanted("status") or row["status"] in wanted("status"),
        skip == "years" or "year_min" not in params or row["year"] >= int(params["year_min"]),
        skip == "years" or "year_max" not in params or row["year"] <= int(params["year_max"]),
    ]
    return all(checks)


def manual_facets(params: dict) -> dict[str, dict[str, int]]:
    facets = {name: Counter() for name in FACETS}
    for row in rows():
        if matches(row, params, "themes"):
            facets["themes"].update(row["themes"])
        if matches(row, params, "audiences"):
            facets["audiences"].update(row["audiences"])
        if matches(row, params, "sizes"):
            facets["sizes"][row["size"]] += 1
        if matches(row, params, "countries"):
            facets["countries"][row["country"]] += 1
        if matches(row, params, "provinces") and row["province"]:
            facets["provinces"][row["province"]] += 1
        if matches(row, params, "statuses"):
            facets["statuses"][row["status"]] += 1
        if matches(row, params, "years"):
            facets["years"][str(row["year"])] += 1
    return {name: dict(counts) for name, counts in facets.items()}


def test_unfiltered_facets_count_every_visible_case(dataset, client):
    facets = get_json(client, "cases/")["facets"]
    assert facets == manual_facets({})
    assert facets["themes"] == {
        "beleid-en-visie": 2,
        "beleving-en-aantrekking": 1,
        "duurzaamheid": 2,
        "mobiliteit": 4,
        "ruimtelijke-ordening": 1,
        "samenwerking": 1,
    }
    assert facets["countries"] == {"BE": 5, "FR": 1, "NL": 2}
    assert facets["sizes"] == {"lt10k": 1, "10k-25k": 1, "25k-50k": 3, "50k-100k": 2, "gt100k": 1}


def test_selected_theme_still_counts_the_other_themes(dataset, client):
    unfiltered = get_json(client, "cases/")["facets"]
    facets = get_json(client, "cases/", {"theme": "duurzaamheid"})["facets"]
    assert facets["themes"] == unfiltered["themes"]
    assert facets["themes"]["mobiliteit"] == 4  # a reader can widen the choice to mobiliteit: 4 more cases
    assert facets["themes"]["samenwerking"] == 1


def test_selected_theme_narrows_the_other_facets(dataset, client):
    facets = get_json(client, "cases/", {"theme": "duurzaamheid"})["facets"]
    # only Lokeren and Tienen have duurzaamheid
    assert facets["audiences"] == {"lokale-besturen": 1, "ondernemers": 2}
    assert facets["sizes"] == {"25k-50k": 2}
    assert facets["countries"] == {"BE": 2}
    assert facets["years"] == {"2021": 1, "2022": 1}


def test_each_facet_ignores_only_its_own_filter(dataset, client):
    facets = get_json(client, "cases/", {"theme": "mobiliteit", "country": "BE"})["facets"]
    # themes: counted among Belgian cases
    assert facets["themes"] == {"beleid-en-visie": 1, "beleving-en-aantrekking": 1, "duurzaamheid": 2, "mobiliteit": 3}
    # countries: counted among mobiliteit cases
    assert facets["countries"] == {"BE": 3, "NL": 1}
    # audiences: both filters
    assert facets["audiences"] == {"investeerders": 1, "lokale-besturen": 2, "ondernemers": 1}


def test_year_facet_ignores_the_year_range_but_other_facets_respect_it(dataset, client):
    unfiltered = get_json(client, "cases/")["facets"]
    facets = get_json(client, "cases/", {"year_min": "2020"})["facets"]
    assert facets["years"] == unfiltered["years"]
    assert facets["countries"] == {"BE": 3, "NL": 1}


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "duurzaamheid"},
        {"theme": "mobiliteit,samenwerking"},
        {"audience": "lokale-besturen"},
        {"audience": "ondernemers", "theme": "mobiliteit,beleving-en-aantrekking"},
        {"size": "25k-50k,50k-100k"},
        {"country": "NL"},
        {"origin": "abroad"},
        {"origin": "domestic", "audience": "ondernemers"},
        {"province": "oost-vlaanderen,limburg", "theme": "mobiliteit"},
        {"status": "completed,running", "size": "25k-50k,gt100k"},
        {"year_min": "2017", "year_max": "2021", "theme": "mobiliteit"},
        {"theme": "samenwerking", "country": "BE"},  # no case at all: facets still offer the ways out
    ],
)
def test_facet_counts_match_a_count_by_hand(dataset, client, params):
    assert get_json(client, "cases/", params)["facets"] == manual_facets(params)


def test_facets_count_only_cases_matching_the_search(dataset, client):
    facets = get_json(client, "cases/", {"q": "Hoppeland"})["facets"]
    assert facets == {
        "themes": {"beleving-en-aantrekking": 1},
        "audiences": {"ondernemers": 1, "ontwikkelaars": 1},
        "sizes": {"10k-25k": 1},
        "countries": {"BE": 1},
        "provinces": {"west-vlaanderen": 1},
        "statuses": {"running": 1},
        "years": {"2020": 1},
    }


def test_facets_combine_search_and_filters(dataset, client):
    facets = get_json(client, "cases/", {"q": "Hoppeland", "theme": "mobiliteit"})["facets"]
    assert facets["themes"] == {"beleving-en-aantrekking": 1}  # the search applies, the theme filter does not
    assert facets["countries"] == {}


def test_facets_count_only_cases_of_the_requested_locale(dataset, client):
    english = get_json(client, "cases/", {"locale": "en"})["facets"]
    assert english == {
        "themes": {"duurzaamheid": 1, "mobiliteit": 1},
        "audiences": {"lokale-besturen": 1, "ondernemers": 1},
        "sizes": {"25k-50k": 1},
        "countries": {"BE": 1},
        "provinces": {"oost-vlaanderen": 1},
        "statuses": {"completed": 1},
        "years": {"2021": 1},
    }
    french = get_json(client, "cases/", {"locale": "fr"})["facets"]
    assert french["themes"] == {"mobiliteit": 1}
    assert french["years"] == {"2016": 1}
    assert get_json(client, "cases/")["facets"]["themes"]["mobiliteit"] == 4  # not 5 or 6
