"""Open data: /api/v1/export/cases.csv and cases.json (streamed) and the DCAT-AP catalogue /api/v1/catalog.jsonld."""

import csv
import io
import json
import tracemalloc
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Site

import pytest
from pyld import jsonld
from rest_framework import serializers

from api.exports import CSV_COLUMNS
from cases import open_data
from cases.models import CasePage, CatalogueEntry, Municipality
from cases.open_data import LICENSE_URL
from home.caching import bump_content_version
from home.locales import locale_for
from tests.api.conftest import VISIBLE, make_case

CSV_URL = "/api/v1/export/cases.csv"
JSON_URL = "/api/v1/export/cases.json"
CATALOG_URL = "/api/v1/catalog.jsonld"
HIDDEN_SLUGS = {"concept-nog", "prive", "verlopen", "ingetrokken"}


def download(client, url: str, params=None, **headers):
    """The response, with its streamed body read into `response.body`."""
    response = client.get(url, params or {}, headers=headers)
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    else:
        response.body = response.content
    return response


def csv_rows(client, params=None) -> list[dict]:
    response = download(client, CSV_URL, params)
    assert response.status_code == 200
    reader = csv.DictReader(io.StringIO(response.body.decode("utf-8"), newline=""))
    assert tuple(reader.fieldnames) == CSV_COLUMNS
    return list(reader)


def json_cases(client, params=None) -> list[dict]:
    response = download(client, JSON_URL, params)
    assert response.status_code == 200
    return json.loads(response.body)["cases"]


# --- What is in the files -----------------------------------------------------------------------


def test_csv_has_a_header_and_one_line_per_visible_dutch_case(client, dataset):
    response = download(client, CSV_URL)
    assert response.status_code == 200
    assert response.streaming, "the export is streamed, not built in memory"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="de-vitrine-voorbeelden-nl.csv"'
    rows = list(csv.reader(io.StringIO(response.body.decode("utf-8"), newline="")))
    assert rows[0] == list(CSV_COLUMNS)
    assert sorted(row[1] for row in rows[1:]) == sorted(VISIBLE)
    by_slug = {row["slug"]: row for row in csv_rows(client)}
    lokeren = by_slug["lokeren"]
    case = dataset.cases["lokeren"]
    assert lokeren["id"] == str(case.pk)
    assert lokeren["locale"] == "nl"
    assert lokeren["url"] == "http://testserver/nl/voorbeelden/lokeren/"
    assert lokeren["api_url"] == f"http://testserver/api/v1/cases/{case.pk}/"
    assert lokeren["title"] == "Pop-upwinkels in Lokeren"
    assert (lokeren["country"], lokeren["country_label"]) == ("BE", "België")
    assert (lokeren["province"], lokeren["province_label"]) == ("oost-vlaanderen", "Oost-Vlaanderen")
    assert (lokeren["population"], lokeren["size_class"]) == ("42000", "25k-50k")
    assert lokeren["size_class_label"] == "25 000 – 50 000 inwoners"
    assert (lokeren["year"], lokeren["status"], lokeren["status_label"]) == ("2021", "completed", "Afgerond")
    assert lokeren["themes"] == "mobiliteit|duurzaamheid"
    assert lokeren["audiences"] == "lokale-besturen|ondernemers"
    assert len(lokeren["theme_labels"].split("|")) == 2
    assert lokeren["published_at"].startswith("2024-01-01T")
    abroad = by_slug["cahors"]
    assert (abroad["country"], abroad["province"], abroad["province_label"], abroad["nis_code"]) == ("FR", "", "", "")


def test_json_is_valid_and_has_the_licence_and_every_fact(client, dataset):
    response = download(client, JSON_URL)
    assert response["Content-Type"] == "application/json"
    payload = json.loads(response.body)
    assert payload["license"] == {"name": "Modellicentie Gratis Hergebruik v1.0", "url": LICENSE_URL}
    assert payload["locale"] == "nl"
    assert sorted(case["slug"] for case in payload["cases"]) == sorted(VISIBLE)
    assert [case["id"] for case in payload["cases"]] == sorted(case["id"] for case in payload["cases"])
    gent = next(case for case in payload["cases"] if case["slug"] == "gent")
    assert gent["country"] == {"code": "BE", "label": "België"}
    assert gent["size_class"] == {"code": "gt100k", "label": "meer dan 100 000 inwoners"}
    assert gent["themes"] == [{"code": "mobiliteit", "label": "Mobiliteit"}]
    assert gent["audiences"] == [{"code": "lokale-besturen", "label": "Lokale besturen"}]
    assert gent["url"] == "http://testserver/nl/voorbeelden/gent/"
    assert set(gent) >= {"nis_code", "coordinates", "initiator", "partners", "budget", "duration", "updated_at"}


def test_the_nis_code_of_a_flemish_municipality_is_exported(client, dataset):
    leuven = Municipality.objects.get(nis_code="24062")
    make_case("leuven-markt", title="Markt in Leuven", municipality=leuven, population=None)
    (row,) = [row for row in csv_rows(client) if row["slug"] == "leuven-markt"]
    assert (row["nis_code"], row["population"], row["size_class"]) == ("24062", "105357", "gt100k")
    assert (row["lat"], row["lon"]) == ("50.87959", "4.70093")
    (case,) = [case for case in json_cases(client) if case["slug"] == "leuven-markt"]
    assert case["nis_code"] == "24062" and case["coordinates"] == {"lat": 50.87959, "lon": 4.70093}


def test_each_language_has_its_own_file(client, dataset):
    (english,) = json_cases(client, {"locale": "en"})
    assert (english["slug"], english["locale"], english["title"]) == (
        "pop-up-shops-lokeren",
        "en",
        "Pop-up shops in Lokeren",
    )
    assert english["country"]["label"] == "Belgium"
    (french,) = csv_rows(client, {"locale": "fr"})
    assert (french["slug"], french["locale"]) == ("velos-namur", "fr")
    assert download(client, JSON_URL, {"locale": "fr"})["Content-Disposition"].endswith('-fr.json"')


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
@pytest.mark.parametrize("language", ["nl", "en", "fr"])
def test_drafts_private_expired_and_unpublished_cases_never_appear(client, dataset, url, language):
    body = download(client, url, {"locale": language}).body.decode()
    for case in dataset.hidden:
        assert case.slug not in body
        assert case.title not in body
    assert "Verborgen" not in body


def test_a_case_that_expires_leaves_the_export_at_once(client, dataset):
    assert "gent" in {row["slug"] for row in csv_rows(client)}
    # Expired a second ago, before publish_scheduled had a chance to unpublish it.
    past = timezone.now() - timedelta(seconds=1)
    CasePage.objects.filter(pk=dataset.cases["gent"].pk).update(expire_at=past)
    CatalogueEntry.objects.filter(page_id=dataset.cases["gent"].pk).update(expire_at=past)
    bump_content_version()
    assert "gent" not in {row["slug"] for row in csv_rows(client)}


# --- HTTP: licence, caching, errors -------------------------------------------------------------


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL, CATALOG_URL])
def test_open_data_names_its_licence_and_revalidates_with_304(client, dataset, url):
    response = download(client, url)
    assert response.status_code == 200
    assert response["Link"] == f'<{LICENSE_URL}>; rel="license"'
    assert response["Cache-Control"].startswith("public, max-age=")
    etag = response["ETag"]
    again = download(client, url, **{"if-none-match": f"W/{etag}"})
    assert again.status_code == 304 and again.body == b""
    assert again["ETag"] == etag and again["Link"] == response["Link"]
    dataset.cases["gent"].save_revision().publish()  # a publish: the files change, so does the ETag
    fresh = download(client, url, **{"if-none-match": etag})
    assert fresh.status_code == 200 and fresh["ETag"] != etag


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
@pytest.mark.parametrize(
    ("params", "name"), [({"locale": "de"}, "locale"), ({"format": "xml"}, "format"), ({"page": "2"}, "page")]
)
def test_bad_parameters_are_a_json_400_whatever_the_client_accepts(client, db, url, params, name):
    for accept in ("*/*", "text/csv", "text/html"):
        response = client.get(url, params, headers={"accept": accept})
        assert response.status_code == 400, (accept, response.content)
        assert response["Content-Type"] == "application/json"
        assert name in response.json()["parameters"]


def test_any_accept_header_gets_the_file(client, dataset):
    # A browser following the link on the open data page asks for text/html first.
    response = download(client, CSV_URL, accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert download(client, CATALOG_URL, accept="application/ld+json").status_code == 200


def test_head_answers_the_headers_without_making_the_file(client, dataset, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the content version (and the locale ids, cold); no case is read
        response = client.head(CSV_URL, {"locale": "en"})
    assert response.status_code == 200 and response.content == b""
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["ETag"] == download(client, CSV_URL, {"locale": "en"})["ETag"]


def test_catalog_takes_no_parameters(client, db):
    response = client.get(CATALOG_URL, {"locale": "nl"})
    assert response.status_code == 400 and "locale" in response.json()["parameters"]


# --- Cost: queries per chunk, memory --------------------------------------------------------------


def queries_for(client, url: str) -> int:
    """Queries of a download right after a publish (nothing cached under the new content version); the locale ids and
    Wagtail's site root paths stay cached, as in production."""
    download(client, url)
    bump_content_version()
    # The warm-up may have taken the locale ids and the site root paths from what this process held
    # (home.caching.held), leaving a cache another test cleared still empty: fill them, as a running site has them.
    locale_for("nl")
    Site.get_site_root_paths()
    with CaptureQueriesContext(connection) as captured:
        response = download(client, url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL])
def test_queries_grow_with_chunks_not_with_cases(client, dataset, monkeypatch, url):
    cases = len(VISIBLE)
    monkeypatch.setattr(open_data, "CHUNK_SIZE", 100)
    one_chunk = queries_for(client, url)
    for number in range(5):
        make_case(f"extra-{number}", title=f"Extra voorbeeld {number}")
    assert queries_for(client, url) == one_chunk, "more cases in one chunk cost no more queries"
    cases += 5
    for chunk_size in (2, 3, 5):
        monkeypatch.setattr(open_data, "CHUNK_SIZE", chunk_size)
        # One query per chunk (the last one finds fewer rows than a chunk, or none).
        assert queries_for(client, url) == one_chunk + cases // chunk_size, chunk_size
    # The content version, private paths, theme and audience labels, one chunk.
    assert one_chunk <= 5


def test_the_catalog_costs_a_fixed_number_of_queries(client, dataset, django_assert_max_num_queries):
    bump_content_version()
    with django_assert_max_num_queries(3):  # the content version, the latest publication (+ locales, cold)
        assert client.get(CATALOG_URL).status_code == 200


def memory_while_streaming(client, url: str) -> tuple[int, int, int]:
    """(most memory one part of the body needed while it was made, memory still held once every part was made,
    bytes sent), traced by tracemalloc."""
    response = client.get(url)
    parts = iter(response.streaming_content)
    size = transient = 0
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        for _ in range(10_000):
            before = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            part = next(parts, None)
            if part is None:
                break
            transient = max(transient, tracemalloc.get_traced_memory()[1] - before)
            size += len(part)
        held = tracemalloc.get_traced_memory()[0] - start
    finally:
        tracemalloc.stop()
    return transient, held, size


def measured(client, monkeypatch, chunk_size: int) -> tuple[int, int, int]:
    monkeypatch.setattr(open_data, "CHUNK_SIZE", chunk_size)
    memory_while_streaming(client, JSON_URL)  # labels, URL prefixes and compiled queries, made once
    return memory_while_streaming(client, JSON_URL)


def test_memory_while_streaming_does_not_grow_with_the_number_of_cases(client, dataset, monkeypatch):
    """Streaming 8 or 28 cases needs the same memory per chunk of 5, and keeps nothing of a chunk once it is sent.
    A body built in memory would need about 1.5 KB more for each case in one part; rows kept between chunks would
    add as much to what is held at the end (compared at the same number of chunks: Python's own caches keep about
    1 KB per query). bench/export_bench.py measures 200, 2 000 and 10 000 cases."""
    long_text = "Stad, provincie, handelaarsvereniging en buurtbewoners samen. " * 9  # near the 600-character limit
    CasePage.objects.update(partners=long_text)
    small_transient, _held, small_size = measured(client, monkeypatch, chunk_size=5)
    _transient, small_held, _size = measured(client, monkeypatch, chunk_size=2)  # 4 chunks and an empty one
    for number in range(20):
        make_case(f"extra-{number}", title=f"Extra voorbeeld {number}", partners=long_text)
    big_transient, _held, big_size = measured(client, monkeypatch, chunk_size=5)
    _transient, big_held, _size = measured(client, monkeypatch, chunk_size=7)  # 4 chunks and an empty one
    grown = big_size - small_size
    numbers = (small_transient, big_transient, small_held, big_held, small_size, big_size)
    assert grown > 20 * 1_000, numbers
    assert big_transient < small_transient + grown / 4, numbers
    assert big_held < small_held + grown / 4, numbers


# --- The DCAT-AP catalogue ----------------------------------------------------------------------


def test_catalog_is_dcat_ap_json_ld_describing_the_downloads(client, dataset):
    dataset.cases["hasselt"].save_revision().publish()  # the latest publication
    response = download(client, CATALOG_URL)
    assert response["Content-Type"] == "application/ld+json"
    document = json.loads(response.body)
    # Expanding with its own @context (no network) maps every term to an IRI: valid JSON-LD.
    expanded = jsonld.expand(document)
    dcat, dct = "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/"
    nodes = {node["@id"]: node for node in jsonld.flatten(document)}
    catalogue = nodes["http://testserver/api/v1/catalog.jsonld"]
    assert catalogue["@type"] == [f"{dcat}Catalog"]
    assert expanded[0]["@type"] == [f"{dcat}Catalog"]
    titles = {title["@language"]: title["@value"] for title in catalogue[f"{dct}title"]}
    assert set(titles) == {"nl", "en", "fr"}
    (dataset_ref,) = catalogue[f"{dcat}dataset"]
    described = nodes[dataset_ref["@id"]]
    assert {text["@language"] for text in described[f"{dct}description"]} == {"nl", "en", "fr"}
    assert described[f"{dct}license"] == [{"@id": LICENSE_URL}]
    assert nodes[described[f"{dct}publisher"][0]["@id"]]["http://xmlns.com/foaf/0.1/name"] == [{"@value": "De Vitrine"}]
    latest = CasePage.objects.get(pk=dataset.cases["hasselt"].pk).last_published_at
    modified = described[f"{dct}modified"][0]
    assert modified["@type"] == "http://www.w3.org/2001/XMLSchema#dateTime"
    assert modified["@value"] == serializers.DateTimeField().to_representation(latest)
    distributions = [nodes[ref["@id"]] for ref in described[f"{dcat}distribution"]]
    downloads = {node[f"{dcat}downloadURL"][0]["@id"]: node[f"{dcat}mediaType"][0]["@id"] for node in distributions}
    assert downloads == {
        f"http://testserver{url}?locale={language}": f"http://www.iana.org/assignments/media-types/{media}"
        for url, media in ((CSV_URL, "text/csv"), (JSON_URL, "application/json"))
        for language in ("nl", "en", "fr")
    }
    for url in downloads:  # every distribution can be downloaded
        assert download(client, url).status_code == 200
    landing = {ref["@id"] for ref in described[f"{dcat}landingPage"]}
    assert landing == {
        "http://testserver/nl/open-data/",
        "http://testserver/en/open-data/",
        "http://testserver/fr/open-data/",
    }


def test_publisher_and_service_are_described(client, dataset):
    document = json.loads(download(client, CATALOG_URL).body)
    assert document["dct:publisher"]["foaf:name"] == "De Vitrine"
    (service,) = document["dcat:service"]
    assert service["dcat:endpointDescription"] == {"@id": "http://testserver/api/v1/schema/"}
