"""Benchmark of the public JSON API v1 against a fresh PostgreSQL database and a real gunicorn.

    .venv/bin/python bench/api_bench.py [--cases 2000] [--requests 300] [--concurrency 4] [--keep-db]

Steps: create a database `vitrine_bench_<timestamp>`, migrate it, build the site structure, fill N
synthetic Dutch cases (bench/fill.py), index them for search, start gunicorn on a free port of
127.0.0.1, measure each scenario with a cold and a warm server cache (Redis db 14), print a Markdown
table, then stop gunicorn and drop the database (kept with --keep-db). Only 127.0.0.1 is contacted.
"""

import argparse
import http.client
import json
import math
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

import psycopg  # noqa: E402

from devtools.server import (  # noqa: E402
    ServerError,
    create_postgres_database,
    drop_postgres_database,
    free_port,
    start_server,
    tail,
)

BIN = Path(sys.executable).parent  # the venv's bin: python
SETTINGS = "vitrine_cms.settings.production"
SITE_FIXTURE = PROJECT / "tests" / "fixtures" / "site.json"
# The fixture has two themes; filters and facets are more realistic with all eight of PRODUCT.md.
EXTRA_THEMES = {
    "beleid-en-visie": ("Beleid & visie", "Policy & vision", "Politique & vision"),
    "ruimtelijke-ordening": ("Ruimtelijke ordening", "Spatial planning", "Aménagement du territoire"),
    "samenwerking": ("Samenwerking", "Collaboration", "Coopération"),
    "beleving-en-aantrekking": ("Beleving & aantrekking", "Experience & attraction", "Expérience & attractivité"),
    "trends-en-ontwikkelingen": ("Trends & ontwikkelingen", "Trends & developments", "Tendances & évolutions"),
    "data": ("Data", "Data", "Données"),
}
REQUEST_TIMEOUT = 60  # seconds, per HTTP request
STARTUP_TIMEOUT = 90  # seconds for gunicorn to answer
MAX_PAGE = 25  # cold list scenarios vary page (1..MAX_PAGE) and page_size (nearest 12 first) for distinct URLs
WARM_DETAIL_IDS = 20  # warm detail scenarios rotate over this many ids, each requested once before


class BenchError(RuntimeError):
    pass


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the Vitrine JSON API v1 (see bench/README.md).")
    parser.add_argument("--cases", type=int, default=2000, help="synthetic Dutch cases to create (default 2000)")
    parser.add_argument("--requests", type=int, default=300, help="measured requests per scenario (default 300)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3)")
    parser.add_argument("--max-seconds", type=float, default=300, help="time limit per scenario (default 300)")
    parser.add_argument("--keep-db", action="store_true", help="keep the database and media folder afterwards")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", default="5432")
    parser.add_argument("--pg-user", default="postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14", help="this Redis db is flushed!")
    args = parser.parse_args()
    if args.cases < 1 or args.requests < 1 or args.concurrency < 1 or args.workers < 1:
        parser.error("--cases, --requests, --concurrency and --workers must be at least 1")
    return args


# --- Processes -----------------------------------------------------------------------------


def run(cmd: list[str], *, env: dict | None = None, timeout: float = 60, output: Path | None = None) -> str:
    """Run a command; raise BenchError with the end of its output when it fails."""
    log_file = output.open("w", encoding="utf-8") if output else None
    try:
        completed = subprocess.run(  # noqa: S603 - fixed commands built by this script
            cmd,
            cwd=PROJECT,
            env=env,
            stdout=log_file or subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
            check=False,
        )
    finally:
        if log_file:
            log_file.close()
    text = output.read_text(encoding="utf-8") if output else completed.stdout
    if completed.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} failed ({completed.returncode}):\n{text[-4000:]}")
    return text


def timed_step(name: str, cmd: list[str], *, env: dict, workdir: Path, timings: dict, timeout: float = 1800) -> str:
    log(f"{name} …")
    started = time.monotonic()
    text = run(cmd, env=env, timeout=timeout, output=workdir / f"{name.replace(' ', '_')}.log")
    timings[name] = time.monotonic() - started
    log(f"{name}: {timings[name]:.1f} s")
    return text


def start_gunicorn(env: dict, port: int, workers: int, log_path: Path):
    try:
        return start_server(
            "gunicorn",
            env=env,
            port=port,
            workers=workers,
            log_path=log_path,
            check_path="/api/v1/themes/",
            timeout=STARTUP_TIMEOUT,
        )
    except ServerError as error:
        raise BenchError(str(error)) from None


def create_database(url: str, name: str) -> None:
    try:
        create_postgres_database(url, name)
    except psycopg.Error as error:
        raise BenchError(f"could not create the database {name}: {error}") from None


# --- Redis (raw socket, so no client library or redis-cli is needed) -----------------------


def redis_command(url: str, *command: str) -> bytes:
    """SELECT the URL's db, run one command, return its raw reply."""
    parts = urlsplit(url)
    database = (parts.path or "/0").strip("/") or "0"

    def encode(*words: str) -> bytes:
        return f"*{len(words)}\r\n".encode() + b"".join(f"${len(w.encode())}\r\n{w}\r\n".encode() for w in words)

    with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=10) as sock:
        sock.sendall(encode("SELECT", database) + encode(*command))
        reply = b""
        for _attempt in range(100):  # two short replies; bounded
            if reply.count(b"\r\n") >= 2:
                break
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
    select_reply, _, answer = reply.partition(b"\r\n")
    if not select_reply.startswith(b"+OK") or answer.startswith(b"-"):
        raise BenchError(f"Redis {command} failed: {reply!r}")
    return answer.strip()


def flush_cache(url: str) -> None:
    redis_command(url, "FLUSHDB")


# --- HTTP load generator -------------------------------------------------------------------


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@dataclass(frozen=True)
class Call:
    path: str
    headers: dict = field(default_factory=dict)
    expect: int = 200


@dataclass
class Outcome:
    call: Call
    status: int | str
    seconds: float
    etag: str | None


@dataclass
class Measurement:
    scenario: str
    cache: str
    outcomes: list[Outcome]
    elapsed: float
    planned: int
    distinct: int

    @property
    def unexpected(self) -> Counter:
        return Counter(f"{o.status} (expected {o.call.expect})" for o in self.outcomes if o.status != o.call.expect)


def load(port: int, calls: list[Call], concurrency: int, max_seconds: float) -> tuple[list[Outcome], float]:
    """Send `calls` with `concurrency` threads (one keep-alive connection each); stop at the time limit."""
    lock = threading.Lock()
    position = [0]
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    deadline = started + max_seconds

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        try:
            while True:
                with lock:
                    if position[0] >= len(calls) or time.perf_counter() > deadline:
                        return
                    call = calls[position[0]]
                    position[0] += 1
                begin = time.perf_counter()
                etag = None
                try:
                    connection.request("GET", call.path, headers=call.headers)
                    response = connection.getresponse()
                    response.read()
                    status, etag = response.status, response.getheader("ETag")
                except (OSError, http.client.HTTPException) as error:
                    status = type(error).__name__
                    connection.close()  # reconnects on the next request
                seconds = time.perf_counter() - begin
                with lock:
                    outcomes.append(Outcome(call, status, seconds, etag))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.perf_counter()) + REQUEST_TIMEOUT + 5)
    elapsed = time.perf_counter() - started
    with lock:
        return list(outcomes), elapsed


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --- Scenarios -----------------------------------------------------------------------------


def cases_path(query: list[tuple[str, str | int]]) -> str:
    return f"/api/v1/cases/?{urlencode(query)}" if query else "/api/v1/cases/"


def distinct_list_calls(port: int, query: list[tuple[str, str]], count: int) -> tuple[list[Call], int]:
    """`count` calls whose URLs differ by page and page_size, all existing pages (a server-cache miss each)."""
    status, _headers, body = get(port, cases_path([*query, ("page_size", 100)]))
    if status != 200:
        raise BenchError(f"{cases_path(query)} answered {status}: {body[:500]!r}")
    total = json.loads(body)["count"]
    sizes = sorted(range(1, 101), key=lambda size: (abs(size - 12), size))  # 12 (the default), 11, 13, 10, …
    paths = [
        cases_path([*query, ("page", page), ("page_size", size)])
        for size in sizes
        for page in range(1, min(MAX_PAGE, math.ceil(total / size)) + 1)
    ][:count] or [cases_path(query)]
    distinct = len(paths)
    calls = [Call(paths[i % distinct]) for i in range(count)]
    return calls, distinct


class Bench:
    def __init__(self, port: int, args: argparse.Namespace):
        self.port, self.args = port, args
        self.rows: list[Measurement] = []

    def measure(self, scenario: str, cache: str, calls: list[Call], distinct: int) -> list[Outcome]:
        if cache == "cold":
            flush_cache(self.args.redis_url)
        log(f"{scenario} ({cache}): {len(calls)} requests, {distinct} distinct …")
        outcomes, elapsed = load(self.port, calls, self.args.concurrency, self.args.max_seconds)
        row = Measurement(scenario, cache, outcomes, elapsed, len(calls), distinct)
        self.rows.append(row)
        log(f"  {len(outcomes) / elapsed:.1f} req/s, unexpected: {dict(row.unexpected) or 'none'}")
        return outcomes

    def prime(self, call: Call) -> str | None:
        status, headers, body = get(self.port, call.path, call.headers)
        if status != 200:
            raise BenchError(f"{call.path} answered {status}: {body[:500]!r}")
        return headers.get("etag")

    def list_scenario(self, scenario: str, query: list[tuple[str, str]]) -> None:
        n = self.args.requests
        calls, distinct = distinct_list_calls(self.port, query, n)
        self.measure(scenario, "cold", calls, distinct)
        warm = Call(cases_path(query))
        self.prime(warm)
        self.measure(scenario, "warm", [warm] * n, 1)

    def detail_scenarios(self, ids: list[int]) -> None:
        n = self.args.requests
        cold_ids = [ids[i % len(ids)] for i in range(n)]
        outcomes = self.measure("detail", "cold", [Call(f"/api/v1/cases/{pk}/") for pk in cold_ids], len(set(cold_ids)))
        etags = {o.call.path: o.etag for o in outcomes if o.status == 200 and o.etag}
        conditional = [
            Call(path, {"If-None-Match": etags[path]}, expect=304)
            for path in (f"/api/v1/cases/{pk}/" for pk in cold_ids)
            if path in etags
        ]
        self.measure("304 revalidation", "cold", conditional, len({c.path for c in conditional}))

        warm_paths = [f"/api/v1/cases/{pk}/" for pk in ids[:WARM_DETAIL_IDS]]
        warm_etags = {path: self.prime(Call(path)) for path in warm_paths}
        rotation = [warm_paths[i % len(warm_paths)] for i in range(n)]
        self.measure("detail", "warm", [Call(path) for path in rotation], len(warm_paths))
        self.measure(
            "304 revalidation",
            "warm",
            [Call(path, {"If-None-Match": warm_etags[path] or ""}, expect=304) for path in rotation],
            len(warm_paths),
        )

    def run_all(self, ids: list[int]) -> None:
        # Load every worker's code paths first: "cold" below means a cold server cache, not a cold process.
        for _ in range(self.args.workers * 3):
            get(self.port, "/api/v1/cases/?page_size=1")
            get(self.port, f"/api/v1/cases/{ids[0]}/")
        self.list_scenario("list", [])
        self.list_scenario("list+2 filters+facets", [("theme", "mobiliteit"), ("size", "10k-25k")])
        self.list_scenario("q search", [("q", "winkels")])
        self.detail_scenarios(ids)

    def table(self) -> str:
        lines = [
            "| scenario | cache | requests | req/s | p50 ms | p95 ms | p99 ms |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in self.rows:
            ms = [o.seconds * 1000 for o in row.outcomes] or [0.0]
            rate = len(row.outcomes) / row.elapsed if row.elapsed else 0.0
            lines.append(
                f"| {row.scenario} | {row.cache} | {len(row.outcomes)} | {rate:.1f} | "
                f"{percentile(ms, 50):.1f} | {percentile(ms, 95):.1f} | {percentile(ms, 99):.1f} |"
            )
        return "\n".join(lines)

    def notes(self) -> list[str]:
        notes = []
        for row in self.rows:
            if len(row.outcomes) < row.planned:
                notes.append(f"{row.scenario} ({row.cache}): stopped by --max-seconds after {len(row.outcomes)}")
            if row.cache == "cold" and row.distinct < row.planned:
                notes.append(f"{row.scenario} (cold): only {row.distinct} distinct URLs, the rest were cache hits")
            for what, times in row.unexpected.items():
                notes.append(f"{row.scenario} ({row.cache}): {times} × {what}")
        return notes


# --- Setup ---------------------------------------------------------------------------------


def machine_line(pg: list[str], cases: int) -> str:
    cpus = run(["nproc"]).strip()
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
    kib = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:")), 0)
    version = run(["psql", *pg, "-d", "postgres", "-tAc", "SHOW server_version"]).strip()
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"Machine: nproc {cpus}, {model}, {kib / 1024 / 1024:.1f} GiB RAM, PostgreSQL {version}, "
        f"Python {sys.version.split()[0]}; load average after the run {load}. Cases: {cases} (Dutch, live)."
    )


def write_site_content(path: Path) -> None:
    """tests/fixtures/site.json plus the six themes it lacks, so that all eight theme codes exist."""
    content = json.loads(SITE_FIXTURE.read_text(encoding="utf-8"))
    for theme in content["themes"]:
        theme["image"]["file"] = str(SITE_FIXTURE.parent / theme["image"]["file"])
    template = content["themes"][0]
    for slug, (nl, en, fr) in EXTRA_THEMES.items():
        if any(theme["slug"] == slug for theme in content["themes"]):
            continue
        titles = {"nl": nl, "en": en, "fr": fr}
        content["themes"].append(
            {**template, "slug": slug, "title": titles, "intro": {k: f"{v}." for k, v in titles.items()}}
        )
    path.write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")


def bench_env(args: argparse.Namespace, database: str, workdir: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": f"postgres://{args.pg_user}@{args.pg_host}:{args.pg_port}/{database}",
        "SECRET_KEY": secrets.token_urlsafe(45),  # 60 characters
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "REDIS_URL": args.redis_url,
        "API_THROTTLE_RATE": "",  # no limit
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
    }


def prepare(args: argparse.Namespace, env: dict, workdir: Path, timings: dict) -> list[int]:
    python = str(BIN / "python")
    (workdir / "static").mkdir()  # the API serves no static files; an empty folder keeps whitenoise quiet
    where = {"env": env, "workdir": workdir, "timings": timings}
    timed_step("migrate", [python, "manage.py", "migrate", "--no-input", "-v0"], **where)
    site = workdir / "site.json"
    write_site_content(site)
    timed_step("setup_site", [python, "manage.py", "setup_site", "--content", str(site)], **where)
    ids_file = workdir / "ids.json"
    fill = [python, str(PROJECT / "bench" / "fill.py"), "--cases", str(args.cases), "--out", str(ids_file)]
    # fill.py also runs rebuild_catalogue (when the project has it), update_index and VACUUM ANALYZE: fresh
    # planner statistics, as autovacuum keeps them on a live site (right after a bulk load the planner still
    # thinks the page table is empty and picks plans that are 100 times slower).
    timed_step("fill", fill, **where, timeout=3600)
    return json.loads(ids_file.read_text(encoding="utf-8"))["ids"]


def on_sigterm(signum, frame):
    raise KeyboardInterrupt  # so that the finally block below cleans up


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, on_sigterm)
    wall = time.monotonic()
    database = f"vitrine_bench_{time.strftime('%Y%m%d_%H%M%S')}"
    workdir = Path(tempfile.mkdtemp(prefix="vitrine-bench-"))
    env = bench_env(args, database, workdir)
    pg = ["-h", args.pg_host, "-p", args.pg_port, "-U", args.pg_user]
    timings: dict[str, float] = {}
    server = None
    created = False
    try:
        log(f"database {database}, work folder {workdir}")
        create_database(env["DATABASE_URL"], database)
        created = True
        flush_cache(args.redis_url)
        ids = prepare(args, env, workdir, timings)
        port = free_port()
        log(f"gunicorn on 127.0.0.1:{port} with {args.workers} workers …")
        server = start_gunicorn(env, port, args.workers, workdir / "gunicorn.log")
        bench = Bench(port, args)
        started = time.monotonic()
        bench.run_all(ids)
        timings["measure"] = time.monotonic() - started
        print(f"\n{machine_line(pg, len(ids))}")
        print(
            f"Server: gunicorn {args.workers} sync workers, production settings, Redis cache; "
            f"client: {args.concurrency} threads on the same machine.\n"
        )
        print(bench.table())
        print(
            "\ncold = Redis db flushed right before the scenario and every URL requested once (lists vary "
            "page/page_size, detail and 304 rotate over distinct ids); warm = the same URL (detail/304: "
            f"{WARM_DETAIL_IDS} ids) requested once before measuring."
        )
        notes = bench.notes()
        print("\n".join(f"- {note}" for note in notes) if notes else "All responses had the expected status.")
        if any(str(o.status).startswith("5") or isinstance(o.status, str) for r in bench.rows for o in r.outcomes):
            print(f"\nServer log (end):\n{tail(workdir / 'gunicorn.log', 80)}")
        return 0
    except BenchError as error:
        log(f"FAILED: {error}")
        return 1
    finally:
        if server is not None:
            server.stop(timeout=20)
        try:
            flush_cache(args.redis_url)
        except (OSError, BenchError) as error:
            log(f"could not flush Redis: {error}")
        if created and not args.keep_db:
            drop_postgres_database(env["DATABASE_URL"], database)
            shutil.rmtree(workdir, ignore_errors=True)
        elif created:
            log(f"kept database {database} and media in {workdir} (DATABASE_URL={env['DATABASE_URL']})")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        steps = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings.items())
        print(f"\nWall clock: {time.monotonic() - wall:.0f} s ({steps}).")


if __name__ == "__main__":
    sys.exit(main())
