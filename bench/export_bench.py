"""Memory, time and SQL of the open data exports (/api/v1/export/cases.csv and .json) at N cases.

    .venv/bin/python bench/export_bench.py --cases 200 2000 10000 --redis-url redis://127.0.0.1:6379/3

For each N: a database of its own, migrated and filled as bench/catalogue_bench.py does it (its `Bench.prepare`:
production settings, setup_site, bench/fill.py with rebuild_catalogue), then, in a fresh process, each export is
requested through Django's test client and its body read part by part under tracemalloc: the peak of traced memory
while the whole body is made, the bytes sent, the seconds and the SQL queries. The database is dropped afterwards.

What flat means: the peak stays about the same from 200 to 10 000 cases while the body grows fifty-fold; an answer
built in memory would need at least the body itself (and the rows behind it). The Redis db given is not flushed.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

BENCH = Path(__file__).resolve().parent
MAIN = BENCH.parent
sys.path.insert(0, str(MAIN))
sys.path.insert(0, str(BENCH))

EXPORTS = ("/api/v1/export/cases.csv", "/api/v1/export/cases.json")


def measure() -> None:
    """In the process the bench starts, with the database's environment: one JSON line of results."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for url in EXPORTS:
        client.get(url, {"locale": "fr"})  # code paths and per-process caches, on a small file
        tracemalloc.start()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            size = sum(len(part) for part in response.streaming_content)
        seconds = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results[url] = {
            "status": response.status_code,
            "bytes": size,
            "peak_bytes": peak,
            "seconds": round(seconds, 2),
            "queries": len(queries),
        }
    print(json.dumps(results))


def run_for(args: argparse.Namespace, cases: int) -> dict:
    from catalogue_bench import Bench

    from devtools.server import create_postgres_database, drop_postgres_database

    bench_args = argparse.Namespace(**{**vars(args), "cases": cases, "project_dir": MAIN})
    bench = Bench(bench_args)
    create_postgres_database(bench.env["DATABASE_URL"], bench.database)
    try:
        bench.prepare()
        env = {**bench.env, "API_THROTTLE_RATE": "", "DATABASE_STATEMENT_TIMEOUT": "0"}
        completed = subprocess.run(  # noqa: S603 (our own script, fixed arguments)
            [sys.executable, str(Path(__file__).resolve()), "--measure"],
            cwd=MAIN,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        if completed.returncode:
            raise RuntimeError(completed.stderr[-3000:])
        return json.loads(completed.stdout.strip().splitlines()[-1])
    finally:
        drop_postgres_database(bench.env["DATABASE_URL"], bench.database)


def table(rows: dict[int, dict]) -> str:
    lines = [
        "| cases | export | body | peak traced memory | seconds | SQL |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for cases, results in rows.items():
        for url, result in results.items():
            lines.append(
                f"| {cases:,} | `{url.rsplit('/', 1)[-1]}` | {result['bytes'] / 1024:,.0f} KB "
                f"| {result['peak_bytes'] / 1024:,.0f} KB | {result['seconds']:.2f} | {result['queries']} |"
            )
    return "\n".join(lines).replace(",", " ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[200, 2_000, 10_000])
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", default="5432")
    parser.add_argument("--pg-user", default="postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args()
    if args.measure:
        measure()
        return 0
    rows = {}
    for cases in args.cases:
        print(f"{cases} cases …", file=sys.stderr, flush=True)
        rows[cases] = run_for(args, cases)
    print(table(rows))
    print(f"\n{os.uname().nodename}, load {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
