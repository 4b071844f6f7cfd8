"""The one strict reader of a case listing's query string (cases.params): the API's case list and the embeddable
widget refuse the same values in the same words, and the reader reads as DRF's serializer of the same fields would
(the API's messages were DRF's before there was a reader, and clients may match on them)."""

import html
import re

from django.http import QueryDict
from django.utils import translation

import pytest

from api.errors import InvalidParameters
from api.params import CASE_LIST, CaseListFields
from cases.filters import MAX_QUERY_LENGTH, YEAR_MAX, YEAR_MIN
from cases.params import ParamsInvalid
from reader.embed import EMBED

pytestmark = pytest.mark.django_db

# Parameters both surfaces take, with values each of them refuses: every kind of parameter and of problem (a null
# character never reaches the embed: the reader site refuses it first, tests/reader/test_bad_characters.py).
BAD_FOR_BOTH = [
    "theme=vervoer",
    "theme=mobiliteit,vervoer&theme=data",
    "theme=",
    "audience=burgers",
    "size=huge",
    "province=gent",
    "status=done",
    "origin=mars",
    "origin=%20domestic",
    f"year_min={YEAR_MIN - 1}",
    f"year_max={YEAR_MAX + 1}",
    "year_min=abc",
    "year_max=%C2%B2",
    "year_min=2022&year_max=2018",
    "ordering=newest",
    "ordering=relevance",
    f"q={'a' * (MAX_QUERY_LENGTH + 1)}",
    "q=%20%20",
    "locale=de",
    "theme=vervoer&size=huge&year_min=abc&locale=xx",
]
GOOD_FOR_BOTH = [
    "",
    "theme=mobiliteit,duurzaamheid&theme=data",
    "size=gt100k&province=oost-vlaanderen&status=running,pilot",
    "origin=abroad",
    f"year_min={YEAR_MIN}&year_max={YEAR_MAX}",
    "year_min=2020.0",
    "q=%20winkel%20&ordering=relevance",
    "ordering=title&locale=fr",
    "year_min=&q=&ordering=&origin=&locale=",
]


def api_problems(client, query: str) -> dict[str, dict]:
    response = client.get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400, (query, response.content)
    return response.json()["parameters"]


def embed_problems(client, query: str) -> dict[str, str]:
    response = client.get(f"/embed/cases/?{query}")
    assert response.status_code == 400, (query, response.content)
    items = re.findall(r"<li><code>([^<]+)</code>: (.*?)</li>", response.content.decode(), re.S)
    return {name: html.unescape(text) for name, text in items}


@pytest.mark.parametrize("query", BAD_FOR_BOTH)
def test_a_bad_value_gets_the_same_words_from_the_api_and_in_the_embed(taxonomy, client, query):
    api = api_problems(client, query)
    embed = embed_problems(client, query)
    assert set(embed) == set(api)
    for name, problem in api.items():
        accepted = f" Accepted: {', '.join(problem['accepted'])}." if problem.get("accepted") else ""
        assert embed[name] == problem["message"] + accepted


@pytest.mark.parametrize("query", GOOD_FOR_BOTH)
def test_what_one_takes_the_other_takes_as_the_same_values(taxonomy, client, query):
    assert client.get(f"/api/v1/cases/?{query}").status_code == 200
    assert client.get(f"/embed/cases/?{query}").status_code == 200
    api, embed = CASE_LIST.read(QueryDict(query)), EMBED.read(QueryDict(query))
    assert {name: value for name, value in api.items() if name in embed} == {
        name: value for name, value in embed.items() if name in api
    }


@pytest.mark.parametrize(
    ("query", "name"), [("limit=1&limit=2", "limit"), ("locale=nl&locale=fr", "locale"), ("q=a&q=b", "q")]
)
def test_only_the_embed_refuses_a_single_value_given_twice(taxonomy, client, query, name):
    """The one difference, and a declared one (StrictQuery's `once`): an API client may rely on DRF's last value."""
    assert embed_problems(client, query)[name].startswith("Give this parameter once.")
    api_query = query.replace("limit", "page_size")
    assert client.get(f"/api/v1/cases/?{api_query}").status_code == 200


# Values DRF reads in its own way: blanks, a trailing `.0`, other digits, an overlong number, separators,
# null characters, a lost `+` in an offset, dates out of range, a list sent as `theme[0]`.
ODD_QUERIES = [
    "",
    "page=%20",
    "page=5.0",
    "page=5.",
    "page=%D9%A5",
    "page=1_0",
    "page=%2B3",
    "page=-0",
    f"page={'1' * 1001}",
    "page=1&page=2",
    "page_size=ten&page_size=10",
    "theme=a,",
    "theme=,",
    "theme=%20",
    "theme=mobiliteit&theme=",
    "theme=%00",
    "theme[0]=mobiliteit",
    "theme[0]=vervoer",
    "country=BE,NL&country=XX",
    "prefer_audience=ondernemers&prefer_size=lt10k,gt100k",
    "q=%00",
    f"q={'a' * 300}%00",
    "q=a&q=",
    "origin=",
    "origin=domestic&origin=mars",
    "ordering=RELEVANCE",
    "locale=NL",
    "updated_since=2026-12-01T09:00:00Z",
    "updated_since=2026-12-01T10:00:00%2001:00",
    "updated_since=2026-12-01",
    "updated_since=2026-13-01T00:00:00Z",
    "updated_since=0001-01-01T00:00:00%2B01:00",
    "updated_since=9999-12-31T23:59:59-01:00",
    "updated_since=",
    "foo=1&page=abc",
]


def drf_reading(query: QueryDict):
    """What DRF's serializer of the same fields (the one the OpenAPI document describes) makes of it."""
    params = CaseListFields(data=query)
    try:
        with translation.override("en"):  # as the API answers
            data = params.validated()
    except InvalidParameters as error:
        return error.parameters
    return dict(data)


def reading(query: QueryDict):
    try:
        values = CASE_LIST.read(query)
    except ParamsInvalid as error:
        return error.problems
    return {name: value for name, value in values.items() if name in drf_reading(query)}


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_the_reader_reads_as_drf_would(taxonomy, query):
    """The same problems in the same order, or the same values (those DRF fills in: given, or with a default)."""
    assert list(reading(QueryDict(query)).items()) == list(drf_reading(QueryDict(query)).items())
