"""Cache hits of two checkouts side by side: two gunicorns on one database, measured in alternation.

    .venv/bin/python bench/hits_ab.py --database-url postgres://postgres@127.0.0.1:5432/vitrine_catalogue_… \\
        --before /tmp/hits-before --after . [--rounds 6] [--seconds 3]

The database is one that `catalogue_bench.py --keep-db` left (it prints its URL). Each checkout gets its own
gunicorn (2 sync workers, bench/bench_settings.py, its own collectstatic, Redis db 10 and 11: **both flushed**),
and every round measures each row on one server and then on the other (the order swaps every round), so a load
that comes and goes on a shared machine hits both alike. Rows: the two yardsticks of catalogue_bench.py and its
five cached rows; the table gives each row's median ratio to both yardsticks, per checkout, and the CPU time
the two gunicorn workers spent per request (from /proc, so it leaves out the client, PostgreSQL and Redis, which
share the machine: the steadiest number on a busy machine).
"""

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from catalogue_bench import API_LIST, BENCH, TRIVIAL_JSON, Call, get, load, ratio_text, redis_command, uptime

sys.path.insert(0, str(BENCH.parent))
from devtools.server import start_server

TICK = os.sysconf("SC_CLK_TCK")
READER_LISTING = "/nl/voorbeelden/"
READER_CASE = "/nl/voorbeelden/bench-00001/"  # bench/fill.py's first case


def rows(port: int) -> dict:
    """Row name → a function that primes the cache and returns the call to repeat."""

    def hit(path, **kwargs):
        def make():
            status, _headers, _body = get(port, path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            return Call(path, **kwargs)

        return make

    def conditional():
        _status, headers, _body = get(port, API_LIST)
        return Call(API_LIST, {"If-None-Match": headers.get("etag", "")}, expect=304)

    return {
        "/health/live": lambda: Call("/health/live"),
        "trivial JSON view": lambda: Call(TRIVIAL_JSON),
        "API `cases/`, cache hit": hit(API_LIST),
        "API `cases/`, `If-None-Match` → 304": conditional,
        "reader listing, page-cache hit": hit(READER_LISTING, page_cache="hit"),
        "reader case page, page-cache hit": hit(READER_CASE, page_cache="hit"),
    }


def workers_cpu(master_pid: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn master's children, its workers."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    total = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat
    return total / TICK


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vitrine-hits-ab-"))
    servers, rates, cpu = {}, {}, {}
    load_before = uptime()
    try:
        for number, (side, project) in enumerate((("before", args.before), ("after", args.after))):
            redis_url = f"redis://127.0.0.1:6379/{10 + number}"
            redis_command(redis_url, "FLUSHDB")
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "bench_settings",
                "PYTHONPATH": str(BENCH),
                "DATABASE_URL": args.database_url,
                "SECRET_KEY": secrets.token_urlsafe(45),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SECURE_SSL_REDIRECT": "false",
                "REDIS_URL": redis_url,
                "API_THROTTLE_RATE": "",
                "MEDIA_ROOT": str(work / side / "media"),
                "STATIC_ROOT": str(work / side / "static"),
                "LOG_LEVEL": "WARNING",
            }
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=project, env=env, check=True
            )
            servers[side] = start_server(
                "gunicorn",
                env=env,
                workers=2,
                log_path=work / f"{side}.log",
                check_path="/health/live",
                args=["--chdir", str(project.resolve())],
            )
            rates[side] = {name: [] for name in rows(0)}
            cpu[side] = {name: [] for name in rows(0)}
        makers = {side: rows(server.port) for side, server in servers.items()}
        for number in range(args.rounds):
            order = ["before", "after"] if number % 2 == 0 else ["after", "before"]
            for name in makers["before"]:
                for side in order:
                    call = makers[side][name]()
                    used = workers_cpu(servers[side].process.pid)
                    outcomes, elapsed = load(servers[side].port, [call] * 1_000_000, args.concurrency, args.seconds)
                    cpu[side][name].append((workers_cpu(servers[side].process.pid) - used) / len(outcomes))
                    wrong = [o for o in outcomes if o.status != call.expect or o.page_cache != call.page_cache]
                    if wrong:
                        print(f"{side} {name}: {len(wrong)} unexpected, e.g. {wrong[0].status}", file=sys.stderr)
                    rates[side][name].append(len(outcomes) / elapsed)
            print(f"round {number + 1} done", file=sys.stderr)
    finally:
        for server in servers.values():
            server.stop(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
    print(f"Load (`uptime`) before: {load_before}\nLoad (`uptime`) after: {uptime()}\n")
    print(
        "| request | before req/s | after req/s | before ÷ /health/live | after ÷ /health/live | "
        "before ÷ JSON view | after ÷ JSON view | before worker CPU ms/req | after worker CPU ms/req |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in rates["before"]:
        cells = []
        for yardstick in ("/health/live", "trivial JSON view"):
            for side in ("before", "after"):
                pairs = zip(rates[side][name], rates[side][yardstick], strict=True)
                cells.append(ratio_text(statistics.median(rate / base for rate, base in pairs)))
        medians = [f"{statistics.median(rates[side][name]):.0f}" for side in ("before", "after")]
        cells += [f"{statistics.median(cpu[side][name]) * 1000:.2f}" for side in ("before", "after")]
        print(f"| {name} | {' | '.join(medians)} | {' | '.join(cells)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
