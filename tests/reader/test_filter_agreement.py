"""The API and the reader site read a listing's query string from one specification (cases.filters).

Whatever the API refuses with a 400 naming a parameter, the reader drops with a notice or clamps into
range; whatever the API takes, the reader takes as given. The inputs are made from the spec's own
limits and accepted values, so a limit changed in the spec is tested at its new edges.
"""

from django.http import QueryDict
from django.test import RequestFactory
from django.utils import translation

import pytest

from api.params import CASE_LIST, CaseListFields, case_list_params
from cases.filters import PARAMS, READER_PARAMS, RELEVANCE, SPEC, Kind, Param
from cases.params import case_filters
from reader.listing import Listing

READER_NAMES = [param.name for param in READER_PARAMS]
API_ONLY = [param.name for param in PARAMS if not param.reader]


def inputs(param: Param) -> list[str]:
    """Values to try: some accepted ones, and each limit and list of the spec from just outside."""
    if param.kind in (Kind.MANY, Kind.ONE):
        accepted = param.accepted()
        assert accepted, f"{param.name} accepts nothing"
        values = [*accepted[:3], "onbekend", accepted[0].upper()]
        if param.kind == Kind.MANY:
            values += [",".join(accepted[:2]), f"{accepted[0]},onbekend"]
        return values
    if param.kind == Kind.NUMBER:
        low, high = param.minimum, param.maximum
        return [str(low), str(high), str(low - 1), str(high + 1), "abc", "²", "1" * 30]
    limit = param.max_length
    return ["winkel", "  winkel  ", "x" * limit, "x" * (limit + 1), "a\x00b"]


def literal(param: Param, raw: str):
    """The value as given, before any parser had a say."""
    if param.kind == Kind.MANY:
        return tuple(dict.fromkeys(part.strip() for part in raw.split(",") if part.strip()))
    if param.kind == Kind.NUMBER:
        return int(raw) if raw.isascii() and raw.isdigit() else raw
    return raw.strip()


def reader_value(listing: Listing, param: Param):
    if param.field:
        return getattr(listing.filters, param.field)
    return {"ordering": listing.ordering, "page": listing.page_number, "page_size": listing.page_size}[param.name]


def read_by_reader(query: dict) -> Listing:
    with translation.override("nl"):
        return Listing.from_request(RequestFactory().get("/nl/voorbeelden/", query)).load()


def read_by_api(client, query: dict) -> set[str]:
    """The parameters the API names in its 400; empty when it answers 200."""
    response = client.get("/api/v1/cases/", query)
    assert response.status_code in (200, 400), (query, response.status_code)
    return set(response.json()["parameters"]) if response.status_code == 400 else set()


def api_values(query: dict) -> dict:
    data = QueryDict(mutable=True)
    data.update(query)
    return case_list_params(data)


def assert_agree(client, query: dict, *, notice: bool = True) -> None:
    """`notice`: a value the reader drops is named in a notice (values that only clash with another are
    corrected silently: years swapped, the default order instead of relevance without a search)."""
    rejected = read_by_api(client, query)
    listing = read_by_reader(query)
    changed = {name for name, raw in query.items() if reader_value(listing, SPEC[name]) != literal(SPEC[name], raw)}
    assert rejected <= changed and bool(rejected) == bool(changed), (query, rejected, changed, listing.notices)
    for name in changed:
        param = SPEC[name]
        dropped = param.kind in (Kind.MANY, Kind.ONE) or (param.kind == Kind.NUMBER and param.default is None)
        if notice and dropped and name in rejected:
            assert listing.notices, f"{name}={query[name]!r} dropped without a notice"
    if not rejected:
        values = api_values(query)
        for name, raw in query.items():
            param = SPEC[name]
            api_value = getattr(case_filters(values), param.field) if param.field else values[name]
            assert api_value == reader_value(listing, param), (name, raw)


@pytest.mark.parametrize("name", READER_NAMES)
def test_the_reader_drops_or_clamps_exactly_what_the_api_refuses(site, client, name):
    param = SPEC[name]
    for raw in inputs(param):
        assert_agree(client, {name: raw})


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(
            {"year_min": str(SPEC["year_max"].maximum), "year_max": str(SPEC["year_min"].minimum)}, id="years"
        ),
        pytest.param({"ordering": RELEVANCE}, id="relevance-without-q"),
        pytest.param({"ordering": RELEVANCE, "q": "winkel"}, id="relevance-with-q"),
        pytest.param({"page": "2"}, id="past-the-last-page"),
    ],
)
def test_both_correct_the_same_combinations(site, client, query):
    assert_agree(client, query, notice=False)


@pytest.mark.parametrize("name", API_ONLY)
def test_the_reader_ignores_api_only_parameters(site, name):
    value = (SPEC[name].accepted() or ["2026-12-01T09:00:00Z"])[0]  # a date and time has no list of values
    assert read_by_reader({name: value}).filters == read_by_reader({}).filters
    assert not read_by_reader({name: value}).notices


def test_every_parameter_of_the_api_is_in_the_spec():
    assert set(CaseListFields().fields) - {"locale"} == set(SPEC)
    assert set(CASE_LIST.fields) == set(CaseListFields().fields)


def test_a_bad_value_is_named_in_the_api_and_noticed_by_the_reader(site, client):
    response = client.get("/api/v1/cases/", {"size": "reuzegroot"})
    assert response.status_code == 400
    assert response.json()["parameters"]["size"]["accepted"] == SPEC["size"].accepted()
    html = client.get("/nl/voorbeelden/", {"size": "reuzegroot"}).content.decode()
    assert "Onbekende waarde voor grootte genegeerd: reuzegroot." in html
