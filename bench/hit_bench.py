"""Cache hits against the trivial view: API list hit, API 304, reader page hits, as ratios to /health/live.

    .venv/bin/python bench/hit_bench.py [--cases 10000] [--keep-db] [--database-url URL] [--project DIR]

Builds a database like bench/catalogue_bench.py does (migrate, setup_site, bench/fill.py, update_index,
VACUUM ANALYZE) unless `--database-url` names one already built (a `--keep-db` run prints it), starts
gunicorn (production settings, 2 sync workers) from `--project` (default: this checkout; point it at a
`git worktree` of an older commit to measure "before" on the same database), primes each URL once,
then measures every scenario for `--seconds` with `--concurrency` connections, in `--rounds` interleaved
rounds, and prints the median throughput of each as a ratio to /health/live of the same round.

Throttling stays on (600/minute per client, as in production) with API_NUM_PROXIES=1: each request
carries another X-Forwarded-For address, so the throttle does its per-request work without refusing.
Redis db 13 of 127.0.0.1:6379 is flushed at the start (`--redis-url` to choose another).
"""

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from devtools.server import (  # noqa: E402
    DIE_WITH_PARENT,
    Server,
    create_postgres_database,
    drop_postgres_database,
    free_port,
    stop_process,
    tail,
    wait_until_up,
)

BIN = Path(sys.executable).parent
SITE_FIXTURE = PROJECT / "tests" / "fixtures" / "site.json"
# bench/fill.py wants all eight theme codes; the fixture has two (the same six as bench/catalogue_bench.py adds).
EXTRA_THEMES = {
    "beleid-en-visie": "Beleid & visie",
    "ruimtelijke-ordening": "Ruimtelijke ordening",
    "samenwerking": "Samenwerking",
    "beleving-en-aantrekking": "Beleving & aantrekking",
    "trends-en-ontwikkelingen": "Trends & ontwikkelingen",
    "data": "Data",
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--database-url", default="", help="an already built bench database: skip the build")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--project", type=Path, default=PROJECT, help="the code gunicorn runs")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0, help="per scenario and round")
    parser.add_argument("--rounds", type=int, default=3)
    return parser.parse_args()


def build_env(database_url: str, redis_url: str, workdir: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vitrine_cms.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(45),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "REDIS_URL": redis_url,
        "API_THROTTLE_RATE": "600/minute",
        "API_NUM_PROXIES": "1",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
    }


def run(cmd: list[str], env: dict, cwd: Path, timeout: float = 3600) -> None:
    started = time.monotonic()
    subprocess.run(cmd, env=env, cwd=cwd, check=True, timeout=timeout, stdout=subprocess.DEVNULL)  # noqa: S603
    log(f"{Path(cmd[1]).name} {' '.join(cmd[2:3])}: {time.monotonic() - started:.0f} s")


def build_database(args, env: dict, workdir: Path) -> None:
    python = str(BIN / "python")
    (workdir / "static").mkdir(exist_ok=True)
    content = json.loads(SITE_FIXTURE.read_text(encoding="utf-8"))
    for theme in content["themes"]:
        theme["image"]["file"] = str(SITE_FIXTURE.parent / theme["image"]["file"])
    template = content["themes"][0]
    for slug, title in EXTRA_THEMES.items():
        titles = dict.fromkeys(("nl", "en", "fr"), title)
        content["themes"].append({**template, "slug": slug, "title": titles, "intro": dict.fromkeys(titles, ".")})
    site = workdir / "site.json"
    site.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    # With the code of --project, so that the schema is the one the measured code expects.
    code = args.project
    run([python, "manage.py", "migrate", "--no-input", "-v0"], env, code)
    run([python, "manage.py", "setup_site", "--content", str(site)], env, code)
    fill = [python, str(code / "bench" / "fill.py"), "--cases", str(args.cases), "--out", str(workdir / "ids.json")]
    run(fill, env, code)
    run([python, "manage.py", "update_index"], env, code)
    database = env["DATABASE_URL"].rsplit("/", 1)[1]
    subprocess.run(["psql", args.pg_url.rsplit("/", 1)[0] + f"/{database}", "-qc", "VACUUM ANALYZE"], check=True)  # noqa: S603,S607


def redis_flush(url: str) -> None:
    host_port, db = url.removeprefix("redis://").split("/")
    host, port = host_port.split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(f"SELECT {db}\r\nFLUSHDB\r\n".encode())
        time.sleep(0.1)
        conn.recv(1024)


def request(port: int, path: str, headers: dict) -> tuple[int, dict, bytes]:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    found = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        found[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), found, body


class Load:
    """`concurrency` threads, each sending one request per fresh connection (gunicorn's sync workers close it)."""

    def __init__(self, port: int, concurrency: int):
        self.port, self.concurrency = port, concurrency
        self._address = 0
        self._lock = threading.Lock()

    def next_address(self) -> str:
        with self._lock:
            self._address += 1
            n = self._address
        return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"

    def measure(self, path: str, headers: dict, expect: int, seconds: float) -> dict:
        latencies: list[float] = []
        errors: list[int] = []
        deadline = time.monotonic() + seconds

        def worker():
            while time.monotonic() < deadline:
                started = time.perf_counter()
                status, _headers, _body = request(self.port, path, {**headers, "X-Forwarded-For": self.next_address()})
                latencies.append(time.perf_counter() - started)
                if status != expect:
                    errors.append(status)

        started = time.monotonic()
        threads = [threading.Thread(target=worker) for _ in range(self.concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        latencies.sort()
        return {
            "rps": len(latencies) / elapsed,
            "p50": latencies[len(latencies) // 2] * 1000,
            "p95": latencies[int(len(latencies) * 0.95)] * 1000,
            "errors": len(errors),
            "error_statuses": sorted(set(errors)),
        }


def scenarios(port: int, case_path: str) -> list[tuple[str, str, dict, int]]:
    """(name, path, headers, expected status); every cacheable one is primed here."""
    listing = "/api/v1/cases/"
    filtered = "/api/v1/cases/?theme=mobiliteit&size=10k-25k&country=BE"
    found = []
    for path in (listing, filtered, "/nl/voorbeelden/", case_path):
        status, headers, _ = request(port, path, {"X-Forwarded-For": "192.0.2.1"})
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        found.append(headers)
        if path.startswith("/nl/"):
            status, headers, _ = request(port, path, {"X-Forwarded-For": "192.0.2.1"})
            if headers.get("x-page-cache") != "hit":
                raise SystemExit(f"{path} is not served from the page cache: {headers}")
    etag = found[0]["etag"]
    return [
        ("/health/live", "/health/live", {}, 200),
        ("API list, hit", listing, {}, 200),
        ("API list + 3 filters, hit", filtered, {}, 200),
        ("API list, If-None-Match → 304", listing, {"If-None-Match": f"W/{etag}"}, 304),
        ("reader listing, page-cache hit", "/nl/voorbeelden/", {}, 200),
        ("reader case, page-cache hit", case_path, {}, 200),
    ]


def first_case_path(env: dict) -> str:
    database = env["DATABASE_URL"]
    query = "select url_path from wagtailcore_page p join cases_casepage c on c.page_ptr_id = p.id where p.live limit 1"
    url_path = subprocess.run(  # noqa: S603
        ["psql", database, "-Atc", query],  # noqa: S607 - the PostgreSQL client on the PATH, as bench/README.md says
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # url_path is /<home slug>/voorbeelden/<slug>/: the reader path drops the home page's slug.
    return "/nl/" + url_path.strip("/").split("/", 1)[1] + "/"


def main() -> int:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="hit_bench_"))
    database_url, built = args.database_url, False
    if not database_url:
        name = f"vitrine_hitbench_{time.strftime('%Y%m%d%H%M%S')}"
        database_url = create_postgres_database(args.pg_url, name)
        built = True
    env = build_env(database_url, args.redis_url, workdir)
    (workdir / "static").mkdir(exist_ok=True)
    server = None
    try:
        if built:
            log(f"building {database_url} with {args.cases} cases")
            build_database(args, env, workdir)
        # Reader pages name their CSS and JS through the production manifest of the measured code.
        run([str(BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v0"], env, args.project)
        redis_flush(args.redis_url)
        port = free_port()
        cmd = [str(BIN / "gunicorn"), "vitrine_cms.wsgi:application", "-b", f"127.0.0.1:{port}"]
        cmd += ["-w", str(args.workers)]
        log_path = workdir / "gunicorn.log"
        with log_path.open("w") as out:
            process = subprocess.Popen(  # noqa: S603
                [*DIE_WITH_PARENT, *cmd], cwd=args.project, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        server = Server(process, port, log_path)
        wait_until_up(server, "/health/live", name="gunicorn")
        plan = scenarios(port, first_case_path(env))
        load = Load(port, args.concurrency)
        results: dict[str, list[dict]] = {name: [] for name, *_ in plan}
        for round_number in range(1, args.rounds + 1):
            for name, path, headers, expect in plan:
                outcome = load.measure(path, headers, expect, args.seconds)
                results[name].append(outcome)
                log(f"round {round_number} {name}: {outcome['rps']:.0f} req/s, {outcome['errors']} unexpected")
        print_table(args, plan, results)
        return 0
    finally:
        if server is not None:
            stop_process(server.process)
            if server.process.returncode not in (0, -15, None):
                log(tail(server.log_path))
        if built and not args.keep_db:
            drop_postgres_database(args.pg_url, database_url.rsplit("/", 1)[1])
        elif built:
            log(f"kept: DATABASE_URL={database_url} MEDIA_ROOT={workdir / 'media'}")


def print_table(args, plan, results) -> None:
    health = [outcome["rps"] for outcome in results["/health/live"]]
    git = ["git", "-C", str(args.project)]
    commit = subprocess.run([*git, "log", "-1", "--format=%h %s"], check=False, capture_output=True, text=True)  # noqa: S603
    dirty = subprocess.run([*git, "status", "--porcelain", "-uno"], check=False, capture_output=True, text=True)  # noqa: S603
    commit = commit.stdout.strip()[:72] + (" + uncommitted changes" if dirty.stdout.strip() else "")
    load = os.getloadavg()
    print(f"\ncode: {args.project} at {commit}")
    print(
        f"gunicorn -w {args.workers} (sync), {args.concurrency} connections, {args.rounds} interleaved rounds of"
        f" {args.seconds:.0f} s, load average before the last round {load[0]:.2f} {load[1]:.2f} {load[2]:.2f},"
        f" {os.cpu_count()} cores\n"
    )
    print("| request | req/s (median) | ratio to /health/live (median of rounds) | p50 ms | p95 ms | unexpected |")
    print("|---|---|---|---|---|---|")
    for name, *_ in plan:
        outcomes = results[name]
        ratio = statistics.median(o["rps"] / h for o, h in zip(outcomes, health, strict=True))
        print(
            f"| {name} | {statistics.median(o['rps'] for o in outcomes):.0f} | ×{ratio:.2f}"
            f" | {statistics.median(o['p50'] for o in outcomes):.1f}"
            f" | {statistics.median(o['p95'] for o in outcomes):.1f} | {sum(o['errors'] for o in outcomes)} |"
        )


if __name__ == "__main__":
    sys.exit(main())
