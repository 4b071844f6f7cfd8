"""GET /api/v1/cases/: shape, filters, ordering, pagination, locales and what never shows."""

import pytest

from tests.api.conftest import HIDDEN_COUNTRIES, HIDDEN_THEMES, HIDDEN_YEARS, VISIBLE, get_json, slugs
from tests.factories.cases import CasePageFactory

NEWEST_FIRST = ["cahors", "zutphen", "houten", "poperinge", "tienen", "hasselt", "gent", "lokeren"]


def test_list_has_count_page_links_results_and_five_facets(dataset, client):
    payload = get_json(client, "cases/")
    assert set(payload) == {"count", "next", "previous", "results", "facets"}
    assert payload["count"] == 8
    assert payload["next"] is None
    assert payload["previous"] is None
    assert set(payload["facets"]) == {"themes", "audiences", "sizes", "countries", "provinces", "statuses", "years"}
    card = next(case for case in payload["results"] if case["slug"] == "lokeren")
    assert card["id"] == dataset.cases["lokeren"].pk
    assert card["locale"] == "nl"
    assert card["title"] == "Pop-upwinkels in Lokeren"
    assert card["url"] == "http://testserver/nl/voorbeelden/lokeren/"
    assert card["country"]["code"] == "BE"
    assert card["province"]["code"] == "oost-vlaanderen"
    assert card["size_class"]["code"] == "25k-50k"
    assert card["population"] == 42_000
    assert card["year"] == 2021
    assert card["status"]["code"] == "completed"
    assert [theme["code"] for theme in card["themes"]] == ["mobiliteit", "duurzaamheid"]
    assert [audience["code"] for audience in card["audiences"]] == ["lokale-besturen", "ondernemers"]
    assert set(card["image"]["renditions"]) == {"thumbnail", "medium", "large"}
    assert "body" not in card


def test_default_locale_is_dutch_and_lists_every_visible_dutch_case(dataset, client):
    payload = get_json(client, "cases/")
    assert sorted(slugs(payload)) == sorted(VISIBLE)
    assert {case["locale"] for case in payload["results"]} == {"nl"}
    assert get_json(client, "cases/", {"locale": "nl"}) == payload


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "duurzaamheid"}, {"lokeren", "tienen"}),
        ({"audience": "ontwikkelaars"}, {"poperinge", "houten"}),
        ({"size": "25k-50k"}, {"lokeren", "tienen", "zutphen"}),
        ({"size": "50k-100k"}, {"hasselt", "houten"}),  # 50 000 inhabitants is the lower bound of 50k-100k
        ({"country": "NL"}, {"houten", "zutphen"}),
        ({"province": "oost-vlaanderen"}, {"lokeren", "gent"}),
        ({"origin": "domestic"}, {"lokeren", "gent", "hasselt", "tienen", "poperinge"}),
        ({"origin": "abroad"}, {"houten", "zutphen", "cahors"}),
        ({"year_min": "2020"}, {"lokeren", "tienen", "poperinge", "zutphen"}),
        ({"year_max": "2017"}, {"gent", "houten"}),
        ({"year_min": "2018", "year_max": "2019"}, {"hasselt", "cahors"}),
        ({"status": "completed"}, {"lokeren", "hasselt", "houten"}),
    ],
)
def test_each_filter_alone_returns_exactly_the_matching_cases(dataset, client, params, expected):
    payload = get_json(client, "cases/", params)
    assert set(slugs(payload)) == expected
    assert payload["count"] == len(expected)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": ["duurzaamheid", "samenwerking"]}, {"lokeren", "tienen", "cahors"}),
        ({"theme": "duurzaamheid,samenwerking"}, {"lokeren", "tienen", "cahors"}),
        ({"audience": ["investeerders", "ontwikkelaars"]}, {"hasselt", "poperinge", "houten", "cahors"}),
        ({"size": "lt10k,gt100k"}, {"cahors", "gent"}),
        ({"country": ["NL", "FR"]}, {"houten", "zutphen", "cahors"}),
        ({"province": "limburg,vlaams-brabant"}, {"hasselt", "tienen"}),
        ({"status": ["idea", "pilot"]}, {"zutphen", "tienen"}),
    ],
)
def test_values_of_one_filter_are_combined_with_or(dataset, client, params, expected):
    payload = get_json(client, "cases/", params)
    assert set(slugs(payload)) == expected
    assert payload["count"] == len(expected)


def test_repeated_and_comma_separated_values_give_the_same_answer(dataset, client):
    repeated = get_json(client, "cases/", {"theme": ["mobiliteit", "samenwerking"], "country": ["NL", "FR"]})
    commas = get_json(client, "cases/", {"theme": "mobiliteit,samenwerking", "country": "NL,FR"})
    assert repeated == commas
    assert set(slugs(repeated)) == {"houten", "cahors"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "mobiliteit", "audience": "lokale-besturen"}, {"lokeren", "gent"}),
        ({"theme": "mobiliteit", "origin": "domestic", "status": "completed"}, {"lokeren", "hasselt"}),
        ({"audience": "lokale-besturen", "country": "NL,FR"}, {"zutphen", "cahors"}),
        ({"theme": ["mobiliteit", "duurzaamheid"], "size": "25k-50k", "year_min": "2022"}, {"tienen"}),
        ({"province": "oost-vlaanderen", "year_max": "2018"}, {"gent"}),
        ({"theme": "samenwerking", "origin": "domestic"}, set()),
    ],
)
def test_different_filters_are_combined_with_and(dataset, client, params, expected):
    payload = get_json(client, "cases/", params)
    assert set(slugs(payload)) == expected
    assert payload["count"] == len(expected)


def test_newest_published_case_comes_first_by_default(dataset, client):
    assert slugs(get_json(client, "cases/")) == NEWEST_FIRST
    assert slugs(get_json(client, "cases/", {"ordering": "-published"})) == NEWEST_FIRST


def test_ordering_by_title(dataset, client):
    titles = [case["title"] for case in get_json(client, "cases/", {"ordering": "title"})["results"]]
    assert titles == sorted(facts[0] for facts in VISIBLE.values())


def test_ordering_by_year_newest_first(dataset, client):
    payload = get_json(client, "cases/", {"ordering": "-year"})
    assert slugs(payload) == ["zutphen", "tienen", "lokeren", "poperinge", "hasselt", "cahors", "gent", "houten"]


def test_ordering_by_relevance_puts_the_best_match_first(dataset, client):
    strong = CasePageFactory(
        title="Markt op zaterdag",
        slug="markt",
        summary="De markt brengt elke zaterdag volk naar de markt op het plein.",
        body=[("concept", "<p>Een markt met lokale boeren.</p>"), ("tips", {"items": ["Kies een vaste dag."]})],
    )
    weak = CasePageFactory(
        title="Een nieuw plein",
        slug="plein",
        summary="Het plein werd heraangelegd.",
        body=[("concept", "<p>Er staat soms ook een markt.</p>"), ("tips", {"items": ["Plant bomen."]})],
    )
    assert slugs(get_json(client, "cases/", {"q": "markt"}))[0] == weak.slug  # default: newest first
    payload = get_json(client, "cases/", {"q": "markt", "ordering": "relevance"})
    assert slugs(payload) == [strong.slug, weak.slug]
    assert payload["count"] == 2


def test_search_only_finds_matching_cases(dataset, client):
    payload = get_json(client, "cases/", {"q": "Hoppeland"})
    assert slugs(payload) == ["poperinge"]
    assert payload["count"] == 1


def test_recommended_puts_preferred_audience_and_size_first_without_filtering(dataset, client):
    payload = get_json(
        client, "cases/", {"ordering": "recommended", "prefer_audience": "ontwikkelaars", "prefer_size": "lt10k"}
    )
    assert payload["count"] == 8
    # audience match weighs more than size match; ties stay newest first
    assert slugs(payload) == ["houten", "poperinge", "cahors", "zutphen", "tienen", "hasselt", "gent", "lokeren"]


def test_recommended_with_only_a_size_preference(dataset, client):
    payload = get_json(client, "cases/", {"ordering": "recommended", "prefer_size": "25k-50k"})
    assert payload["count"] == 8
    assert slugs(payload)[:3] == ["zutphen", "tienen", "lokeren"]
    assert set(slugs(payload)) == set(VISIBLE)


def test_recommended_keeps_the_filters(dataset, client):
    payload = get_json(
        client, "cases/", {"ordering": "recommended", "prefer_audience": "investeerders", "theme": "mobiliteit"}
    )
    assert payload["count"] == 4
    assert slugs(payload) == ["hasselt", "houten", "gent", "lokeren"]


def test_page_size_one_walks_every_case_once_through_next(dataset, client):
    payload = get_json(client, "cases/", {"page_size": "1"})
    seen, pages = slugs(payload), 1
    assert payload["previous"] is None
    while payload["next"]:
        response = client.get(payload["next"])
        assert response.status_code == 200
        payload = response.json()
        pages += 1
        assert payload["count"] == 8
        assert len(payload["results"]) == 1
        seen += slugs(payload)
    assert pages == 8
    assert seen == NEWEST_FIRST
    assert payload["next"] is None


def test_previous_links_lead_back_to_the_same_pages(dataset, client):
    first = get_json(client, "cases/", {"page_size": "3"})
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert [len(page["results"]) for page in (first, second, third)] == [3, 3, 2]
    assert third["next"] is None
    assert client.get(third["previous"]).json() == second
    assert client.get(second["previous"]).json() == first
    assert "page=2" in third["previous"]
    assert second["next"] == third["previous"].replace("page=2", "page=3")


def test_page_links_keep_filters_and_ordering(dataset, client):
    payload = get_json(client, "cases/", {"theme": "mobiliteit", "ordering": "title", "page_size": "2"})
    assert payload["count"] == 4
    assert payload["next"].startswith("http://testserver/api/v1/cases/?")
    assert "theme=mobiliteit" in payload["next"]
    assert "ordering=title" in payload["next"]
    following = client.get(payload["next"]).json()
    assert slugs(payload) + slugs(following) == ["gent", "hasselt", "lokeren", "houten"]
    assert following["next"] is None


def test_english_list_only_has_english_cases(dataset, client):
    payload = get_json(client, "cases/", {"locale": "en"})
    assert payload["count"] == 1
    [card] = payload["results"]
    assert card["id"] == dataset.english.pk
    assert (card["slug"], card["locale"], card["title"]) == ("pop-up-shops-lokeren", "en", "Pop-up shops in Lokeren")
    assert card["url"] == "http://testserver/en/voorbeelden/pop-up-shops-lokeren/"
    assert payload["facets"]["countries"] == {"BE": 1}


def test_french_list_only_has_french_cases(dataset, client):
    payload = get_json(client, "cases/", {"locale": "fr"})
    assert slugs(payload) == ["velos-namur"]
    assert payload["facets"]["sizes"] == {"gt100k": 1}


def test_dutch_list_has_no_translation_or_other_language_case(dataset, client):
    payload = get_json(client, "cases/", {"page_size": "100"})
    ids = {case["id"] for case in payload["results"]}
    assert dataset.english.pk not in ids
    assert dataset.french.pk not in ids


def test_hidden_cases_never_appear_in_results_counts_or_facets(dataset, client):
    hidden_ids = {case.pk for case in dataset.hidden}
    payload = get_json(client, "cases/", {"page_size": "100"})
    assert payload["count"] == 8
    assert not hidden_ids & {case["id"] for case in payload["results"]}
    facets = payload["facets"]
    assert not set(HIDDEN_THEMES) & set(facets["themes"])
    assert not set(HIDDEN_COUNTRIES) & set(facets["countries"])
    assert not set(HIDDEN_YEARS) & set(facets["years"])
    assert facets["themes"]["mobiliteit"] == 4  # every hidden case has this theme too
    assert facets["audiences"]["lokale-besturen"] == 4
    assert facets["sizes"]["lt10k"] == 1  # hidden cases are all below 10 000 inhabitants


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "data"},
        {"theme": "trends-en-ontwikkelingen"},
        {"country": ",".join(HIDDEN_COUNTRIES)},
        {"year_min": "2011", "year_max": "2014"},
        {"q": "Verborgen"},
    ],
)
def test_asking_for_hidden_cases_directly_finds_nothing(dataset, client, params):
    payload = get_json(client, "cases/", params)
    assert payload["count"] == 0
    assert payload["results"] == []
    assert payload["next"] is None


def test_a_case_unpublished_after_listing_disappears(dataset, client):
    assert get_json(client, "cases/")["count"] == 8
    dataset.cases["gent"].unpublish()
    payload = get_json(client, "cases/")
    assert payload["count"] == 7
    assert "gent" not in slugs(payload)
    assert "gt100k" not in payload["facets"]["sizes"]
