"""Open data: every case a reader may see, as plain rows for the exports, read in chunks of a fixed size.

The exports (api/exports.py) stream thousands of cases. Reading them page by page through the catalogue's
visibility rule (cases.models.catalogue.catalogue: live, public, not expired now) with keyset paging on the page
id keeps memory flat and costs one query per chunk, whatever the number of cases: each chunk's query joins the
catalogue row (codes, size class, population), the page (texts, coordinates, dates) and the municipality (NIS code).
"""

from collections.abc import Iterator

from django.db.models import Max
from django.db.models.functions import Coalesce

from wagtail.models import Locale

from cases.models.catalogue import catalogue

# The Flemish government's open licence for free re-use (no conditions but naming the source).
LICENSE_NAME = "Modellicentie Gratis Hergebruik v1.0"
LICENSE_URL = "https://www.vlaanderen.be/digitaal-vlaanderen/onze-oplossingen/open-data/modellicentie-gratis-hergebruik"

CHUNK_SIZE = 500  # cases per query: about 1 MB of rows in memory at a time

# Row key → catalogue lookup. The catalogue's own columns hold what it derives (size class and population
# from the municipality's figures, codes in the editors' order); the page holds the rest.
COLUMNS = {
    "id": "page_id",
    "slug": "page__slug",
    "url_path": "page__url_path",
    "title": "page__title",
    "summary": "page__summary",
    "place": "page__place",
    "nis_code": "page__municipality__nis_code",
    "country": "country",
    "province": "province",
    "population": "population",
    "size_class": "size_class",
    "lat": "page__lat",
    "lon": "page__lon",
    "year": "year_started",
    "status": "status",
    "themes": "themes",
    "audiences": "audiences",
    "initiator": "page__initiator",
    "partners": "page__partners",
    "budget": "page__budget",
    "duration": "page__duration",
    "published_at": "page__first_published_at",
    "updated_at": "page__last_published_at",
}


def case_export_chunks(*, locale: Locale, chunk_size: int | None = None) -> Iterator[list[dict]]:
    """The visible cases of `locale` ordered by id, `chunk_size` (default CHUNK_SIZE) rows, dicts keyed as COLUMNS,
    per query."""
    chunk_size = chunk_size or CHUNK_SIZE
    rows = catalogue(locale).order_by("page_id")
    keys, lookups = list(COLUMNS), list(COLUMNS.values())
    last = 0
    while True:
        found = rows.filter(page_id__gt=last).values_list(*lookups)[:chunk_size]
        chunk = [dict(zip(keys, row, strict=True)) for row in found]
        if chunk:
            yield chunk
        if len(chunk) < chunk_size:
            return
        last = chunk[-1]["id"]


def case_count(*, locale: Locale) -> int:
    """How many cases of `locale` the exports hold."""
    return catalogue(locale).count()


def open_data_modified():
    """When the published cases last changed: the latest publish of a visible case (None without any). Pages made in
    code may lack `last_published_at`; their first publication counts then."""
    latest = Max(Coalesce("page__last_published_at", "published_at"))
    return catalogue().aggregate(latest=latest)["latest"]
