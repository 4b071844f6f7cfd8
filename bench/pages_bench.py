"""Benchmark of the reader pages, in process, against the database of `make run` (or DATABASE_URL).

    .venv/bin/python bench/pages_bench.py [--requests 30]

For every page type it prints: SQL queries and the median / 95th percentile time of a page-cache
miss (READER_PAGE_CACHE_TIMEOUT=0; menus, labels and renditions warm, as between publishes), the
median time of a page-cache hit, and the HTML size (raw and gzipped). Run `make setup` first; the
numbers depend on the machine, so compare runs on one machine only.
"""

import argparse
import gzip
import os
import re
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vitrine_cms.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PROFILE = "lokale-besturen|44021"  # a local government in Gent


def pages(client: Client) -> dict[str, str]:
    listing = client.get("/nl/voorbeelden/", HTTP_HOST="127.0.0.1").content.decode()
    case = re.search(r'class="card__title"><a href="(/nl/voorbeelden/[^"]+/)"', listing).group(1)
    themes = client.get("/nl/themas/", HTTP_HOST="127.0.0.1").content.decode()
    theme = re.search(r'class="theme-tile">\s*<a href="(/nl/themas/[^"]+/)"', themes).group(1)
    return {
        "home": "/nl/",
        "listing": "/nl/voorbeelden/",
        "listing, 3 filters + search": "/nl/voorbeelden/?theme=mobiliteit&size=25k-50k&origin=domestic&q=winkels",
        "listing, page 2": "/nl/voorbeelden/?page=2",
        "case": case,
        "theme index": "/nl/themas/",
        "theme": theme,
        "search": "/nl/zoeken/?q=leegstand",
        "map": "/nl/kaart/",
        "about": "/nl/over-de-vitrine/",
        "404": "/nl/bestaat-niet/",
    }


def timed(client: Client, path: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(path, HTTP_HOST="127.0.0.1")
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark the reader pages (see bench/README.md).")
    parser.add_argument("--requests", type=int, default=30, help="measured requests per page and mode")
    args = parser.parse_args()
    client = Client()
    client.cookies.load({"vitrine_profiel": PROFILE})
    rows = []
    for name, path in pages(client).items():
        with override_settings(READER_PAGE_CACHE_TIMEOUT=0, DEBUG=False):
            response = client.get(path, HTTP_HOST="127.0.0.1")  # warm-up: renditions, menus, labels
            with CaptureQueriesContext(connection) as queries:
                client.get(path, HTTP_HOST="127.0.0.1")
            query_count = len(queries.captured_queries)  # now: the next request resets Django's query log
            miss = timed(client, path, args.requests)
        with override_settings(READER_PAGE_CACHE_TIMEOUT=600, DEBUG=False):
            client.get(path, HTTP_HOST="127.0.0.1")
            hit = timed(client, path, args.requests)
        html = response.content
        rows.append(
            (
                name,
                response.status_code,
                query_count,
                statistics.median(miss),
                statistics.quantiles(miss, n=20)[-1],
                statistics.median(hit),
                len(html) / 1024,
                len(gzip.compress(html)) / 1024,
            )
        )
    print(f"Database: {connection.vendor}; {args.requests} requests per page and mode; profile cookie set.\n")
    print("| page | status | queries | miss p50 ms | miss p95 ms | hit p50 ms | HTML KB | gzip KB |")
    print("|---|---|---|---|---|---|---|---|")
    for name, status, count, p50, p95, hit, size, packed in rows:
        print(f"| {name} | {status} | {count} | {p50:.1f} | {p95:.1f} | {hit:.2f} | {size:.1f} | {packed:.1f} |")


if __name__ == "__main__":
    main()
