"""Every row of issue 11's table, as ratios to a trivial view measured in the same run.

    .venv/bin/python bench/catalogue_bench.py --cases 10000 [--project-dir /tmp/bench-before] [--json out.json]
    .venv/bin/python bench/catalogue_bench.py --compare before-10k.json before-100k.json

Steps: create a database `vitrine_catalogue_<timestamp>`, migrate it with the production settings, build the
site structure, fill N synthetic Dutch cases (bench/fill.py: also rebuild_catalogue when the project has it,
update_index, VACUUM ANALYZE), start gunicorn (2 sync workers) on a free port of 127.0.0.1 with Redis db 14 as
the cache, count the SQL queries of each row in process, then measure every row in 3 interleaved rounds with 8
client connections, print a Markdown table and drop the database (kept with --keep-db).

`--project-dir` runs another checkout's code (migrations, fill, gunicorn), e.g. a git worktree of an older commit,
so that before and after are measured by this same script. See bench/README.md for what each row means.

Two yardsticks: `/health/live` (answered by the first middleware) and issue 11's own, a trivial JSON view through
every middleware (`/bench/trivial/`, added only by bench/bench_settings.py, never by the site's URLconf).
"""

import argparse
import gzip
import http.client
import json
import math
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

BENCH = Path(__file__).resolve().parent
MAIN = BENCH.parent
sys.path.insert(0, str(MAIN))

SETTINGS = "vitrine_cms.settings.production"
# gunicorn and the in-process SQL counts: production plus /bench/trivial/ (bench/bench_settings.py, bench_urls.py).
SERVER_SETTINGS = "bench_settings"
TRIVIAL_JSON = "/bench/trivial/"
REQUEST_TIMEOUT = 120  # seconds, per HTTP request
STARTUP_TIMEOUT = 120  # seconds for gunicorn to answer
API_MAX_PAGE = 25  # API miss rows vary page (1..25) and page_size (12, 11, 13, ...) for distinct URLs
API_SIZES = sorted(range(1, 61), key=lambda size: (abs(size - 12), size))  # never 100: discovery uses that
READER_PAGE_SIZE = 12  # cases.filters.DEFAULT_PAGE_SIZE
GZIP_LEVEL = 5  # deploy/nginx: gzip_comp_level 5
API_LIST = "/api/v1/cases/"
FIXED_CALLS = 1_000_000  # cached rows are bounded by --fast-seconds, not by a count


# Run by the project's Python (`--project-dir`), which has psycopg; autocommit, since VACUUM refuses a transaction.
# The catalogue's two tables are rewritten compactly (FULL): a plain vacuum leaves the file as large as the rewrite
# made it, and a search for a common word reads every page of it.
VACUUM_ANALYZE = """
import os, psycopg
with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as connection:
    for table in ("cases_catalogueentry", "cases_cataloguetext"):
        if connection.execute("SELECT to_regclass(%s)", [table]).fetchone()[0]:
            connection.execute(f"VACUUM FULL ANALYZE {table}")
    connection.execute("VACUUM ANALYZE")
"""


def log(message: str) -> None:
    print(f"[catalogue] {message}", file=sys.stderr, flush=True)


class BenchError(RuntimeError):
    pass


# --- In-process SQL counts (runs in a subprocess with the project's code) -----------------------


def count_queries(project_dir: Path, spec_path: Path) -> None:
    """For each spec: request the `prime` paths, then capture the queries of one request of `path`; print JSON."""
    sys.path.insert(0, str(project_dir))
    os.chdir(project_dir)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    for spec in json.loads(spec_path.read_text(encoding="utf-8")):
        client = Client(HTTP_HOST="127.0.0.1")
        response = None
        for path in spec["prime"]:
            response = client.get(path)
        headers = {"If-None-Match": response["ETag"]} if spec.get("etag") and response is not None else {}
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(spec["path"], headers=headers)
        seconds = time.perf_counter() - started
        body = response.content
        results[spec["key"]] = {
            "queries": len(queries.captured_queries),
            "status": response.status_code,
            "page_cache": response.get("X-Page-Cache", ""),
            "bytes": len(body),
            "gzip_bytes": len(gzip.compress(body, GZIP_LEVEL)) if body else 0,
            "seconds": seconds,
        }
    print(json.dumps(results))


# --- HTTP load -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    path: str
    headers: dict = field(default_factory=dict)
    expect: int = 200
    page_cache: str = ""  # the X-Page-Cache the answer must carry ("hit", "miss"), if any


@dataclass
class Outcome:
    call: Call
    status: int | str
    seconds: float
    page_cache: str


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def load(port: int, calls: list[Call], concurrency: int, max_seconds: float) -> tuple[list[Outcome], float]:
    """Send `calls` over `concurrency` connections (gunicorn's sync workers close each one; http.client
    reopens it); stop taking new calls at the time limit."""
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
                page_cache = ""
                try:
                    connection.request("GET", call.path, headers=call.headers)
                    response = connection.getresponse()
                    response.read()
                    status, page_cache = response.status, response.getheader("X-Page-Cache") or ""
                except (OSError, http.client.HTTPException) as error:
                    status = type(error).__name__
                    connection.close()
                seconds = time.perf_counter() - begin
                with lock:
                    outcomes.append(Outcome(call, status, seconds, page_cache))
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


# The six themes tests/fixtures/site.json lacks: bench/fill.py spreads cases over all eight.
EXTRA_THEMES = {
    "beleid-en-visie": ("Beleid & visie", "Policy & vision", "Politique & vision"),
    "ruimtelijke-ordening": ("Ruimtelijke ordening", "Spatial planning", "Aménagement du territoire"),
    "samenwerking": ("Samenwerking", "Collaboration", "Coopération"),
    "beleving-en-aantrekking": ("Beleving & aantrekking", "Experience & attraction", "Expérience & attractivité"),
    "trends-en-ontwikkelingen": ("Trends & ontwikkelingen", "Trends & developments", "Tendances & évolutions"),
    "data": ("Data", "Data", "Données"),
}


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


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else 0.0


# --- Rows ----------------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    label: str
    concurrency: int
    rounds: list[list[Call]] = field(default_factory=list)  # a miss row: distinct URLs for each round
    fixed: Callable[[], Call] | None = None  # a cached row: the one call it repeats (made when the round starts)
    query_spec: dict | None = None  # for count_queries
    measured: list[tuple[list[Outcome], float]] = field(default_factory=list)  # per round
    queries: dict = field(default_factory=dict)

    @property
    def uncached(self) -> bool:
        return self.fixed is None

    def calls(self, number: int) -> list[Call]:
        return self.rounds[number] if self.fixed is None else [self.fixed()] * FIXED_CALLS


class Urls:
    """Distinct URLs of each kind, handed out once each: a miss row never meets a URL requested before."""

    def __init__(self):
        self.used: set[str] = set()

    def take(self, candidates, count: int) -> list[str]:
        taken = []
        for path in candidates:
            if len(taken) == count:
                break
            if path not in self.used:
                self.used.add(path)
                taken.append(path)
        if len(taken) < count:
            raise BenchError(f"only {len(taken)} distinct URLs of {count} needed, e.g. {taken[:1]}")
        return taken


def api_list_paths(query: list[tuple[str, str]], total: int):
    """Existing pages of one API list, distinct by page and page_size (the default size first)."""
    for size in API_SIZES:
        for page in range(1, min(API_MAX_PAGE, -(-total // size)) + 1):
            yield f"/api/v1/cases/?{urlencode([*query, ('page', page), ('page_size', size)])}"


class Catalogue:
    """What the running site holds, found through its own API (so it works on any version of the code)."""

    def __init__(self, port: int, ids: list[int]):
        self.port, self.ids = port, ids
        first = self.json(f"/api/v1/cases/{ids[0]}/")
        self.case_prefix = urlsplit(first["url"]).path.rsplit("/", 2)[0] + "/"  # /nl/voorbeelden/
        self.total = self.json("/api/v1/cases/?page_size=100")["count"]
        self.q_total = self.json("/api/v1/cases/?q=winkels&page_size=100")["count"]
        themes = self.json("/api/v1/themes/?locale=nl")
        themes = themes["results"] if isinstance(themes, dict) else themes
        self.themes = [(urlsplit(t["url"]).path, t.get("case_count") or 0) for t in themes]
        if self.q_total < 1:
            raise BenchError("?q=winkels finds nothing: is the search index built?")

    def json(self, path: str) -> dict:
        status, _headers, body = get(self.port, path)
        if status != 200:
            raise BenchError(f"{path} answered {status}: {body[:300]!r}")
        return json.loads(body)

    def case_path(self, number: int) -> str:
        return f"{self.case_prefix}bench-{number + 1:05d}/"  # bench/fill.py's slugs, in the order of the ids

    def listing_pages(self):
        for page in range(2, -(-self.total // READER_PAGE_SIZE) + 1):
            yield f"{self.case_prefix}?page={page}"

    def theme_pages(self):
        """Round-robin over the themes, page 1, 2, … of each (page 1 as ?page=1: the bare URL stays for hits)."""
        depth = max((-(-count // READER_PAGE_SIZE) for _path, count in self.themes), default=0)
        for page in range(1, depth + 1):
            for path, count in self.themes:
                if page <= -(-count // READER_PAGE_SIZE):
                    yield f"{path}?page={page}"


def build_rows(port: int, catalogue: Catalogue, args: argparse.Namespace) -> list[Row]:
    urls, rounds = Urls(), args.rounds

    def miss(key, label, paths, *, concurrency=args.concurrency, per_round=args.requests, page_cache="") -> Row:
        taken = urls.take(paths, 2 + per_round * rounds)
        chunks = [taken[2 + i * per_round : 2 + (i + 1) * per_round] for i in range(rounds)]
        calls = [[Call(path, page_cache=page_cache) for path in chunk] for chunk in chunks]
        spec = {"key": key, "prime": [taken[0]], "path": taken[1]}  # in process: one like it first
        return Row(key, label, concurrency, rounds=calls, query_spec=spec)

    def primed(path: str, headers: dict | None = None) -> dict:
        """Request `path` (so the next one is a cache hit); its response headers."""
        status, response_headers, _body = get(port, path, headers)
        if status != 200:
            raise BenchError(f"{path} answered {status}")
        return response_headers

    def hit(key, label, path, *, page_cache="") -> Row:
        def call() -> Call:
            primed(path)
            return Call(path, page_cache=page_cache)

        spec = {"key": key, "prime": [path], "path": path}
        return Row(key, label, args.concurrency, fixed=call, query_spec=spec)

    def conditional() -> Call:
        return Call(API_LIST, {"If-None-Match": primed(API_LIST).get("etag", "")}, expect=304)

    ids = catalogue.ids
    listing, case = catalogue.case_prefix, catalogue.case_path(0)
    urls.used.update({API_LIST, listing, case})
    q_paths = api_list_paths([("q", "winkels")], catalogue.q_total)  # one generator: the two q rows never share
    return [
        Row(
            "trivial",
            "trivial view `/health/live`",
            args.concurrency,
            fixed=lambda: Call("/health/live"),
            query_spec={"key": "trivial", "prime": ["/health/live"], "path": "/health/live"},
        ),
        Row(
            "trivial_json",
            f"trivial JSON view `{TRIVIAL_JSON}`",
            args.concurrency,
            fixed=lambda: Call(TRIVIAL_JSON),
            query_spec={"key": "trivial_json", "prime": [TRIVIAL_JSON], "path": TRIVIAL_JSON},
        ),
        miss("api_list_miss", "API `cases/` with facets, miss", api_list_paths([], catalogue.total)),
        miss("api_q_miss", "API `cases/?q=winkels`, miss", q_paths),
        miss(
            "api_q_miss_1",
            "API `cases/?q=winkels`, miss, one client",
            q_paths,
            concurrency=1,
            per_round=args.one_client_requests,
        ),
        miss("api_detail_miss", "API case detail, miss", (f"/api/v1/cases/{pk}/" for pk in ids[1:])),
        hit("api_list_hit", "API `cases/`, cache hit", API_LIST),
        Row(
            "api_list_304",
            "API `cases/`, `If-None-Match` → 304",
            args.concurrency,
            fixed=conditional,
            query_spec={"key": "api_list_304", "prime": [API_LIST], "path": API_LIST, "etag": True},
        ),
        miss("reader_listing_miss", "reader listing, page-cache miss", catalogue.listing_pages(), page_cache="miss"),
        miss("reader_theme_miss", "reader theme page, page-cache miss", catalogue.theme_pages(), page_cache="miss"),
        miss(
            "reader_case_miss",
            "reader case page, page-cache miss",
            # From the other end of the catalogue than the API's detail row: no case is warmed by the other row.
            (catalogue.case_path(number) for number in range(len(ids) - 1, 0, -1)),
            page_cache="miss",
        ),
        hit("reader_listing_hit", "reader listing, page-cache hit", listing, page_cache="hit"),
        hit("reader_case_hit", "reader case page, page-cache hit", case, page_cache="hit"),
    ]


# --- Running -------------------------------------------------------------------------------------


def run(cmd: list[str], *, cwd: Path, env: dict | None = None, timeout: float = 60, output: Path | None = None) -> str:
    """Run a command; raise BenchError with the end of its output when it fails."""
    log_file = output.open("w", encoding="utf-8") if output else None
    try:
        completed = subprocess.run(  # noqa: S603 - fixed commands built by this script
            cmd,
            cwd=cwd,
            env=env,
            stdout=log_file or subprocess.PIPE,
            stderr=subprocess.STDOUT if log_file else subprocess.PIPE,
            text=True,
            timeout=timeout,
            check=False,
        )
    finally:
        if log_file:
            log_file.close()
    text = output.read_text(encoding="utf-8") if output else completed.stdout
    if completed.returncode != 0:
        error = "" if output else completed.stderr
        raise BenchError(f"{' '.join(cmd)} failed ({completed.returncode}):\n{text[-3000:]}{error[-3000:]}")
    return text


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.project = args.project_dir
        self.python = str(Path(sys.executable))
        self.timings: dict[str, float] = {}
        self.created = False
        if args.reuse:
            self.database, self.workdir = args.reuse[0], Path(args.reuse[1])
        else:
            self.database = f"vitrine_catalogue_{time.strftime('%Y%m%d_%H%M%S')}"
            self.workdir = Path(tempfile.mkdtemp(prefix="vitrine-catalogue-"))
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": f"postgres://{args.pg_user}@{args.pg_host}:{args.pg_port}/{self.database}",
            "SECRET_KEY": secrets.token_urlsafe(45),  # 60 characters
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "REDIS_URL": args.redis_url,
            "API_THROTTLE_RATE": "",  # no limit
            "MEDIA_ROOT": str(self.workdir / "media"),
            "STATIC_ROOT": str(self.workdir / "static"),
            "LOG_LEVEL": "WARNING",
        }
        self.pg = ["-h", args.pg_host, "-p", args.pg_port, "-U", args.pg_user]
        # The measured checkout first (gunicorn's --chdir, count_queries' sys.path), then bench/ for the settings.
        python_path = [str(BENCH), *filter(None, [os.environ.get("PYTHONPATH")])]
        self.server_env = {
            **self.env,
            "DJANGO_SETTINGS_MODULE": SERVER_SETTINGS,
            "PYTHONPATH": os.pathsep.join(python_path),
        }

    def step(self, name: str, cmd: list[str], timeout: float = 1800) -> str:
        log(f"{name} …")
        started = time.monotonic()
        text = run(cmd, cwd=self.project, env=self.env, timeout=timeout, output=self.workdir / f"{name}.log")
        self.timings[name] = time.monotonic() - started
        log(f"{name}: {self.timings[name]:.1f} s")
        return text

    def prepare(self) -> list[int]:
        # The reader's templates need the static files manifest of the production storage.
        self.step("collectstatic", [self.python, "manage.py", "collectstatic", "--no-input", "-v0"])
        self.step("migrate", [self.python, "manage.py", "migrate", "--no-input", "-v0"])
        fixture = self.project / "tests" / "fixtures" / "site.json"
        content = json.loads(fixture.read_text(encoding="utf-8"))
        for theme in content["themes"]:
            theme["image"]["file"] = str(fixture.parent / theme["image"]["file"])
        template = content["themes"][0]
        for slug, (nl, en, fr) in EXTRA_THEMES.items():
            if all(theme["slug"] != slug for theme in content["themes"]):
                titles = {"nl": nl, "en": en, "fr": fr}
                content["themes"].append(
                    {**template, "slug": slug, "title": titles, "intro": {k: f"{v}." for k, v in titles.items()}}
                )
        site = self.workdir / "site.json"
        site.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        self.step("setup_site", [self.python, "manage.py", "setup_site", "--content", str(site)])
        ids_file = self.workdir / "ids.json"
        fill = [self.python, str(BENCH / "fill.py"), "--cases", str(self.args.cases), "--out", str(ids_file)]
        output = self.step("fill", [*fill, "--project-dir", str(self.project)], timeout=3600)
        for line in output.splitlines():
            name, _, rest = line.partition(": ")
            if rest.endswith(" s") and name in {"rebuild_catalogue", "update_index", "vacuum_analyze"}:
                self.timings[name] = float(rest.split()[0])
            if name in {"rebuild_catalogue", "update_index", "vacuum_analyze", "fill"}:
                log(f"  {line}")
        return json.loads(ids_file.read_text(encoding="utf-8"))["ids"]

    def open(self) -> list[int]:
        """The ids of the filled cases: of a new database filled here, or (--reuse) of one an earlier run kept."""
        from devtools.server import create_postgres_database

        if self.args.reuse:
            self.step("collectstatic", [self.python, "manage.py", "collectstatic", "--no-input", "-v0"])
            self.step("migrate", [self.python, "manage.py", "migrate", "--no-input", "-v0"])
            # A migrate that refreshes the cards (a new card format, or another checkout's) rewrites every catalogue
            # row: without a vacuum the search would scan the dead rows too, and be timed slower than it is.
            self.step("vacuum_analyze", [self.python, "-c", VACUUM_ANALYZE])
            return json.loads((self.workdir / "ids.json").read_text(encoding="utf-8"))["ids"]
        create_postgres_database(self.env["DATABASE_URL"], self.database)
        self.created = True
        return self.prepare()

    def close(self) -> None:
        from devtools.server import drop_postgres_database

        if self.args.reuse:
            log(f"kept database {self.database} and work folder {self.workdir} (--reuse)")
        elif self.created and not self.args.keep_db:
            drop_postgres_database(self.env["DATABASE_URL"], self.database)
            shutil.rmtree(self.workdir, ignore_errors=True)
        elif self.created:
            log(f"kept database {self.database}, media in {self.workdir}, URL {self.env['DATABASE_URL']}")
        else:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def count_queries(self, rows: list[Row], extra: list[dict]) -> dict:
        specs = [row.query_spec for row in rows if row.query_spec] + extra
        spec_path = self.workdir / "query-specs.json"
        spec_path.write_text(json.dumps(specs), encoding="utf-8")
        cmd = [self.python, str(Path(__file__).resolve()), "--count-queries", str(spec_path)]
        started = time.monotonic()
        output = run([*cmd, "--project-dir", str(self.project)], cwd=self.project, env=self.server_env, timeout=1800)
        self.timings["sql counts"] = time.monotonic() - started
        return json.loads(output.strip().splitlines()[-1])

    def measure(self, port: int, rows: list[Row]) -> None:
        args = self.args
        for number in range(args.rounds):
            for row in rows:
                calls = row.calls(number)
                seconds = args.max_seconds if row.uncached else args.fast_seconds
                outcomes, elapsed = load(port, calls, row.concurrency, seconds)
                row.measured.append((outcomes, elapsed))
                rate = len(outcomes) / elapsed if elapsed else 0.0
                log(f"round {number + 1} {row.key}: {len(outcomes)} requests, {rate:.1f} req/s")

    def map_size(self, port: int) -> tuple[int, int, int]:
        status, _headers, body = get(port, "/nl/kaart/")
        return status, len(body), len(gzip.compress(body, GZIP_LEVEL))


def round_rates(row: Row) -> list[float]:
    return [len(o) / e if e else 0.0 for o, e in row.measured]


def median_ratio(rates: list[float], yardstick: list[float]) -> float:
    """Median over the rounds of the row's req/s ÷ the yardstick's req/s in the same round."""
    ratios = [rate / trivial for rate, trivial in zip(rates, yardstick, strict=True) if trivial]
    return statistics.median(ratios) if ratios else 0.0


def summarise(rows: list[Row]) -> list[dict]:
    trivial_rates = round_rates(rows[0])
    json_row = next((row for row in rows if row.key == "trivial_json"), None)
    json_rates = round_rates(json_row) if json_row else []
    summary = []
    for row in rows:
        rates = round_rates(row)
        outcomes = [outcome for measured, _elapsed in row.measured for outcome in measured]
        ms = [o.seconds * 1000 for o in outcomes]
        wrong = Counter(
            f"{o.status}" + (f" page-cache {o.page_cache or 'none'}" if o.call.page_cache else "")
            for o in outcomes
            if o.status != o.call.expect or (o.call.page_cache and o.page_cache != o.call.page_cache)
        )
        planned = sum(len(calls) for calls in row.rounds)
        summary.append(
            {
                "key": row.key,
                "label": row.label,
                "uncached": row.uncached,
                "concurrency": row.concurrency,
                "requests": len(outcomes),
                "cut_short": bool(row.uncached and len(outcomes) < planned),
                "rates": rates,
                "rate": statistics.median(rates) if rates else 0.0,
                "ratio": median_ratio(rates, trivial_rates),  # ÷ /health/live
                "ratio_json": median_ratio(rates, json_rates) if json_rates else None,  # ÷ issue 11's trivial view
                "p50": percentile(ms, 50),
                "p95": percentile(ms, 95),
                "p99": percentile(ms, 99),
                "queries": row.queries.get("queries"),
                "gzip_kb": row.queries.get("gzip_bytes", 0) / 1024,
                "unexpected": dict(wrong),
            }
        )
    return summary


def ratio_text(ratio: float | None) -> str:
    if ratio is None:
        return "—"  # a run from before the JSON yardstick
    return f"×{ratio:.4f}" if ratio < 0.01 else f"×{ratio:.3f}" if ratio < 1 else f"×{ratio:.2f}"


def table(summary: list[dict]) -> str:
    lines = [
        "| request | conns | req/s | ÷ /health/live | ÷ trivial JSON view (issue's yardstick) | p50 ms | p95 ms | "
        "p99 ms | SQL/req | gzip KB | requests |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for item in summary:
        queries = "—" if item["queries"] is None else str(item["queries"])
        lines.append(
            f"| {item['label']} | {item['concurrency']} | {item['rate']:.1f} | {ratio_text(item['ratio'])} | "
            f"{ratio_text(item.get('ratio_json'))} | "
            f"{item['p50']:.1f} | {item['p95']:.1f} | {item['p99']:.1f} | {queries} | {item['gzip_kb']:.1f} | "
            f"{item['requests']} |"
        )
    return "\n".join(lines)


def uptime() -> str:
    try:
        return run(["uptime"], cwd=MAIN).strip()
    except (OSError, BenchError):
        return "load average: " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def machine_line(pg: list[str]) -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
    kib = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:")), 0)
    version = run(["psql", *pg, "-d", "postgres", "-tAc", "SHOW server_version"], cwd=MAIN).strip()
    return (
        f"Machine: nproc {os.cpu_count()}, {model}, {kib / 1024 / 1024:.1f} GiB RAM, PostgreSQL {version}, "
        f"Python {sys.version.split()[0]}."
    )


def git_line(project: Path) -> str:
    try:
        commit = run(["git", "-C", str(project), "log", "-1", "--format=%h %s"], cwd=MAIN).strip()
    except (OSError, BenchError):
        commit = "?"
    return f"Code: {project} at {commit[:100]}"


# --- Growth between two runs ------------------------------------------------------------------------


def compare(first: Path, second: Path) -> str:
    a, b = (json.loads(path.read_text(encoding="utf-8")) for path in (first, second))
    rows_b = {item["key"]: item for item in b["rows"]}
    lines = [
        f"A = {first.name} ({a['cases']} cases), B = {second.name} ({b['cases']} cases). Cost B/A: how many times "
        "longer a request takes in B than in A at the same concurrency (below 1: B is faster); by ratio = A's "
        "ratio ÷ B's (steadier on a busy machine), by req/s = A's req/s ÷ B's. Ratios ÷ /health/live, and ÷ the "
        "trivial JSON view (issue 11's yardstick; — for a run from before it was measured).",
        "",
        "| request | ÷ live A | ÷ live B | cost B/A (÷ live) | ÷ JSON A | ÷ JSON B | cost B/A (÷ JSON) | "
        "cost B/A (req/s) | p50 ms A | p50 ms B | SQL/req A → B |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def cost(x: float | None, y: float | None) -> str:
        return "—" if x is None or y is None else f"×{x / y:.2f}" if y else "∞"

    for item in a["rows"]:
        other = rows_b.get(item["key"])
        if not other or item["key"] == "trivial":
            continue
        json_a, json_b = item.get("ratio_json"), other.get("ratio_json")
        lines.append(
            f"| {item['label']} | {ratio_text(item['ratio'])} | {ratio_text(other['ratio'])} | "
            f"{cost(item['ratio'], other['ratio'])} | {ratio_text(json_a)} | {ratio_text(json_b)} | "
            f"{cost(json_a, json_b)} | {cost(item['rate'], other['rate'])} | {item['p50']:.0f} | {other['p50']:.0f} | "
            f"{item['queries']} → {other['queries']} |"
        )
    trivial_a, trivial_b = a["rows"][0], b["rows"][0]
    json_a, json_b = ({r["key"]: r for r in run["rows"]}.get("trivial_json") for run in (a, b))
    lines.append("")
    lines.append(f"`/health/live`: {trivial_a['rate']:.0f} req/s → {trivial_b['rate']:.0f} req/s.")
    if json_a and json_b:
        lines.append(f"Trivial JSON view: {json_a['rate']:.0f} req/s → {json_b['rate']:.0f} req/s.")
    lines.append("")
    lines.append(f"`/nl/kaart/` gzip: {a['map']['gzip_kb']:.0f} KB → {b['map']['gzip_kb']:.0f} KB.")
    return "\n".join(lines)


# --- Main ----------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Issue 11's table as ratios to a trivial view (bench/README.md).")
    parser.add_argument("--cases", type=int, default=10_000, help="synthetic Dutch cases (default 10 000)")
    parser.add_argument("--project-dir", type=Path, default=MAIN, help="checkout to measure (default: this one)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--requests", type=int, default=30, help="requests per miss row and round (default 30)")
    parser.add_argument("--one-client-requests", type=int, default=12, help="per round, the one-client search row")
    parser.add_argument("--concurrency", type=int, default=8, help="client connections (default 8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--fast-seconds", type=float, default=4, help="length of each cached row per round")
    parser.add_argument("--max-seconds", type=float, default=30, help="time limit of each miss row per round")
    parser.add_argument("--json", type=Path, help="also write the results as JSON (for --compare)")
    parser.add_argument("--keep-db", action="store_true", help="keep the database and media folder afterwards")
    parser.add_argument(
        "--reuse",
        nargs=2,
        metavar=("DATABASE", "WORKDIR"),
        help="measure a database and work folder kept by an earlier --keep-db run (no fill; the 100 000 fill takes "
        "about 25 minutes); static files are collected again for the measured checkout; both are kept",
    )
    parser.add_argument("--compare", nargs=2, type=Path, metavar="JSON", help="print the growth between two runs")
    parser.add_argument("--count-queries", type=Path, help=argparse.SUPPRESS)  # the in-process subprocess
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-port", default="5432")
    parser.add_argument("--pg-user", default="postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14", help="this Redis db is flushed!")
    args = parser.parse_args()
    args.project_dir = args.project_dir.resolve()
    if min(args.cases, args.rounds, args.requests, args.one_client_requests, args.concurrency, args.workers) < 1:
        parser.error("counts must be at least 1")
    return args


def on_sigterm(signum, frame):
    raise KeyboardInterrupt  # so that the finally block below cleans up


@dataclass
class Result:
    catalogue: Catalogue
    rows: list[Row]
    counts: dict
    map: dict
    load_before: str
    load_after: str = ""


def measure_site(args: argparse.Namespace, bench: Bench, ids: list[int], port: int, load_before: str) -> Result:
    catalogue = Catalogue(port, ids)
    rows = build_rows(port, catalogue, args)
    # Load every worker's code paths and process-local caches first: "miss" below means a server-cache
    # miss, not a cold process. Only URLs the rows never use.
    for _ in range(args.workers * 3):
        for path in ("/api/v1/cases/?page_size=100", f"/api/v1/cases/{ids[0]}/", "/nl/kaart/"):
            get(port, path)
    # In process the host has no port, so this is a page-cache miss although gunicorn served it above.
    map_spec = {"key": "map", "prime": ["/nl/themas/"], "path": "/nl/kaart/"}
    log("SQL per request, in process …")
    counts = bench.count_queries(rows, [map_spec])
    for row in rows:
        row.queries = counts.get(row.key, {})
    started = time.monotonic()
    bench.measure(port, rows)
    bench.timings["measure"] = time.monotonic() - started
    status, _headers, body = get(port, "/nl/kaart/")
    size = {"status": status, "kb": len(body) / 1024, "gzip_kb": len(gzip.compress(body, GZIP_LEVEL)) / 1024}
    return Result(catalogue, rows, counts, size, load_before, uptime())


def report(args: argparse.Namespace, bench: Bench, result: Result) -> dict:
    summary = summarise(result.rows)
    catalogue, size = result.catalogue, result.map
    print(f"\n## {catalogue.total} cases, {args.project_dir.name}\n")
    print(git_line(args.project_dir))
    print(machine_line(bench.pg))
    print(f"Load (`uptime`) before setup: {result.load_before}")
    print(f"Load (`uptime`) after the run: {result.load_after}")
    print(
        f"Server: gunicorn {args.workers} sync workers, production settings, PostgreSQL, Redis cache "
        f"({args.redis_url}); client: {args.concurrency} connections on the same machine; "
        f"{args.rounds} interleaved rounds; {catalogue.total} live Dutch cases ({catalogue.q_total} match "
        "`winkels`).\n"
    )
    print(table(summary))
    print(
        f"\n`/nl/kaart/`: {size['status']}, {size['kb']:.0f} KB HTML, {size['gzip_kb']:.0f} KB gzip "
        f"(level {GZIP_LEVEL}, as nginx); {result.counts['map']['queries']} SQL queries on a page-cache miss."
    )
    print(
        "\nreq/s and ratios: median of the rounds (a ratio = the row's req/s ÷ the yardstick's req/s in the same "
        f"round; the yardsticks are `/health/live`, answered by the first middleware, and issue 11's trivial JSON "
        f"view `{TRIVIAL_JSON}` through every middleware). p50/p95/p99: over all rounds' requests. SQL/req and "
        "gzip KB: one request in process, after one like it."
    )
    notes = []
    for item in summary:
        if item["cut_short"]:
            notes.append(f"{item['label']}: stopped by --max-seconds ({item['requests']} requests in all)")
        notes += [f"{item['label']}: {times} × unexpected {what}" for what, times in item["unexpected"].items()]
    notes += [
        f"in process {key}: status {counted['status']}"
        for key, counted in result.counts.items()
        if counted["status"] not in {200, 304}
    ]
    print("\n".join(f"- {note}" for note in notes) if notes else "All responses had the expected status.")
    return {
        "cases": catalogue.total,
        "project": str(args.project_dir),
        "load_before": result.load_before,
        "load_after": result.load_after,
        "rows": summary,
        "map": size,
        "timings": bench.timings,
    }


def main() -> int:
    args = parse_args()
    if args.count_queries:
        count_queries(args.project_dir, args.count_queries)
        return 0
    if args.compare:
        print(compare(*args.compare))
        return 0

    from devtools.server import ServerError, start_server

    signal.signal(signal.SIGTERM, on_sigterm)
    wall = time.monotonic()
    bench = Bench(args)
    server = None
    load_before = uptime()
    try:
        log(f"project {args.project_dir}, database {bench.database}, work folder {bench.workdir}")
        redis_command(args.redis_url, "FLUSHDB")
        ids = bench.open()
        log(f"gunicorn with {args.workers} workers …")
        try:
            server = start_server(
                "gunicorn",
                env=bench.server_env,
                workers=args.workers,
                log_path=bench.workdir / "gunicorn.log",
                check_path="/health/live",
                timeout=STARTUP_TIMEOUT,
                args=["--chdir", str(args.project_dir), "--timeout", str(REQUEST_TIMEOUT)],
            )
        except ServerError as error:
            raise BenchError(str(error)) from None
        result = measure_site(args, bench, ids, server.port, load_before)
        data = report(args, bench, result)
        if args.json:
            args.json.write_text(json.dumps(data, indent=1), encoding="utf-8")
        return 0
    except BenchError as error:
        log(f"FAILED: {error}")
        if server is not None:
            log(server.log_tail(40))
        return 1
    finally:
        if server is not None:
            server.stop(timeout=20)
        try:
            redis_command(args.redis_url, "FLUSHDB")
        except (OSError, RuntimeError) as error:
            log(f"could not flush Redis: {error}")
        bench.close()
        steps = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in bench.timings.items())
        print(f"\nWall clock: {time.monotonic() - wall:.0f} s ({steps}).")


if __name__ == "__main__":
    sys.exit(main())
