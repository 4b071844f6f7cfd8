"""Where one kind of uncached request spends its time, in process, against a database kept by catalogue_bench.py.

    .venv/bin/python bench/catalogue_bench.py --cases 10000 --keep-db      # prints the database and work folder
    .venv/bin/python bench/profile_request.py --database vitrine_catalogue_… --workdir /tmp/vitrine-catalogue-… \
        --kind api_detail [--requests 200] [--profile] [--top 40]

Each request is a miss, as in catalogue_bench's miss rows: every path is requested once (the Redis db used here,
15 by default, is flushed once at the start), while the process and Redis keep what a warm gunicorn worker has
(catalogue index, vocabulary, Wagtail's site root paths). The mean time of the trivial JSON view is measured in
the same process, so the printed ratio can be compared between runs on a quiet machine; it is not the bench's
ratio (no gunicorn, no HTTP, one client). `--sql` prints the queries of one request.
`--profile` prints cProfile's cumulative and own-time tables instead of timing.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
MAIN = BENCH.parent
KINDS = ("api_detail", "api_list", "reader_listing", "reader_theme", "reader_case", "trivial_json")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True)
    parser.add_argument("--workdir", required=True, type=Path, help="catalogue_bench's work folder (media)")
    parser.add_argument("--kind", choices=KINDS, required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sql", action="store_true", help="print the SQL of one request after the warm-up")
    parser.add_argument("--dump", type=Path, help="also write the raw cProfile stats here (pstats, print_callers)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/15")
    return parser.parse_args()


def setup(args: argparse.Namespace) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench_settings",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.database}",
        SECRET_KEY=secrets.token_urlsafe(45),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        REDIS_URL=args.redis_url,
        API_THROTTLE_RATE="",
        MEDIA_ROOT=str(args.workdir / "media"),
        STATIC_ROOT=str(args.workdir / "static"),
        LOG_LEVEL="WARNING",
    )
    sys.path[:0] = [str(MAIN), str(BENCH)]
    os.chdir(MAIN)
    import django

    django.setup()


def paths(kind: str, count: int) -> list[str]:
    from cases.models import CatalogueEntry
    from themes.models import ThemePage

    rows = list(
        CatalogueEntry.objects.filter(locale__language_code="nl")
        .order_by("-page_id")
        .values_list("page_id", "page__url_path")[: count + 1]
    )
    if kind == "api_detail":
        return [f"/api/v1/cases/{pk}/" for pk, _ in rows]
    if kind == "api_list":
        return [f"/api/v1/cases/?page={n % 25 + 1}&page_size={12 + n // 25}" for n in range(count + 1)]
    if kind == "trivial_json":
        return ["/bench/trivial/"] * (count + 1)
    if kind == "reader_case":
        return [CatalogueEntry.objects.get(page_id=pk).page.url for pk, _ in rows]
    if kind == "reader_listing":
        first = CatalogueEntry.objects.filter(locale__language_code="nl").first().page.get_parent().url
        return [f"{first}?page={n + 2}" for n in range(count + 1)]
    if kind == "reader_theme":
        themes = [theme.url for theme in ThemePage.objects.live().filter(locale__language_code="nl")]
        return [f"{themes[n % len(themes)]}?page={n // len(themes) + 1}" for n in range(count + 1)]
    raise ValueError(kind)


def run(args: argparse.Namespace, kind: str) -> float:
    from django.conf import settings
    from django.test import Client

    import redis

    count, profile, top, dump, sql = args.requests, args.profile, args.top, args.dump, args.sql

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    client = Client(HTTP_HOST="127.0.0.1")
    todo = paths(kind, count)
    response = client.get(todo[0])  # warm: index, vocabulary, templates
    if response.status_code != 200:
        raise SystemExit(f"{todo[0]} answered {response.status_code}")
    if sql:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            client.get(todo.pop())
        for query in queries.captured_queries:
            print(f"{query['time']}s {query['sql'][:600]}\n")
    profiler = cProfile.Profile() if profile else None
    spent = 0.0
    for path in todo[1:]:
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        response = client.get(path)
        spent += time.perf_counter() - started
        if profiler:
            profiler.disable()
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    if profiler:
        stats = pstats.Stats(profiler)
        if dump:
            stats.dump_stats(dump)
        stats.sort_stats("cumulative").print_stats(top)
        stats.sort_stats("tottime").print_stats(top)
    return spent / count


def main() -> None:
    args = parse_args()
    setup(args)
    trivial = run(argparse.Namespace(**{**vars(args), "profile": False, "sql": False}), "trivial_json")
    mean = run(args, args.kind)
    print(
        f"{args.kind}: {mean * 1000:.2f} ms per request; trivial JSON view {trivial * 1000:.3f} ms; "
        f"ratio ×{trivial / mean:.3f} (in process, one client)"
    )


if __name__ == "__main__":
    main()
