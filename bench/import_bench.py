"""Time `manage.py import_cases` for N new cases with photos of their own, and the worker that makes their renditions.

    .venv/bin/python bench/import_bench.py [--cases 1000] [--workers 1] [--project DIR] [--keep-db]

See bench/README.md ("Import"). `--project` points at another checkout of the code (for example a git worktree of an
older commit) so that the same script measures before and after a change; the venv of this script runs it.
"""

import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from devtools.server import create_postgres_database, drop_postgres_database  # noqa: E402

SETTINGS = "vitrine_cms.settings.production"
PLACES = ("Aalst", "Lokeren", "Mechelen", "Roeselare", "Genk", "Turnhout", "Lier", "Tienen", "Ieper", "Geel")
THEMES = ("mobiliteit", "duurzaamheid", "data", "samenwerking", "beleid-en-visie")
AUDIENCES = ("lokale-besturen", "ondernemers")


def log(message: str) -> None:
    print(f"[import-bench] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark import_cases (see bench/README.md).")
    parser.add_argument("--cases", type=int, default=1000, help="new Dutch cases, each with its own photo")
    parser.add_argument("--project", type=Path, default=PROJECT, help="checkout whose manage.py is measured")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--workers", type=int, default=1, help="db_worker processes side by side (compose runs 1); 0: import only"
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the database and the work folder")
    args = parser.parse_args()
    if args.cases < 1 or args.workers < 0:
        parser.error("--cases must be at least 1 and --workers at least 0")
    return args


def write_photo(path: Path, number: int) -> None:
    """A distinct 1024 x 683 JPEG (tens of KB): coloured blocks drawn from a seed, so no two share a hash."""
    from PIL import Image, ImageDraw

    rng = random.Random(number)  # noqa: S311 - picks colours, not secrets
    image = Image.new("RGB", (1024, 683), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(1024), rng.randrange(683)
        box = (x, y, x + rng.randrange(40, 400), y + rng.randrange(40, 300))
        draw.rectangle(box, fill=tuple(rng.randrange(256) for _ in range(3)))
    draw.text((20, 20), f"case {number}", fill=(255, 255, 255))
    image.save(path, "JPEG", quality=82)


def write_import_file(folder: Path, count: int) -> Path:
    """N live Dutch cases in the import format of PRODUCT.md, each with one photo of its own."""
    photos = folder / "photos"
    photos.mkdir()
    cases = []
    for number in range(1, count + 1):
        write_photo(photos / f"case-{number}.jpg", number)
        cases.append(
            {
                "slug": f"bench-geval-{number}",
                "title": f"Benchmarkgeval {number}: een levendige kern in {PLACES[number % len(PLACES)]}",
                "summary": f"Synthetisch geval {number} om de import te meten.",
                "place": PLACES[number % len(PLACES)],
                "country": "BE",
                "population": 20_000 + number,
                "year": 2020 + number % 5,
                "themes": [THEMES[number % len(THEMES)], THEMES[(number + 2) % len(THEMES)]],
                "audiences": [AUDIENCES[number % len(AUDIENCES)]],
                "concept": f"<p>Winkels en handelaars in geval {number} werken samen aan een levendige kern.</p>",
                "steps": ["Een nulmeting.", "Een proefproject.", "Een evaluatie."],
                "learnings": [f"Les {number}: begin klein."],
                "images": [{"file": f"photos/case-{number}.jpg", "alt": f"Foto van geval {number}", "credit": "Bench"}],
            }
        )
    path = folder / "cases.json"
    path.write_text(json.dumps({"cases": cases}, ensure_ascii=False), encoding="utf-8")
    return path


def run(cmd: list[str], *, env: dict, cwd: Path, log_path: Path, timeout: float = 3600) -> float:
    """Run `cmd`, return its wall time in seconds; raise with the end of its output when it fails."""
    started = time.monotonic()
    with log_path.open("w", encoding="utf-8") as output:
        completed = subprocess.run(  # noqa: S603 - fixed commands built by this script
            cmd, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT, timeout=timeout, check=False
        )
    elapsed = time.monotonic() - started
    if completed.returncode != 0:
        tail = log_path.read_text(encoding="utf-8")[-4000:]
        raise RuntimeError(f"{' '.join(cmd)} failed ({completed.returncode}):\n{tail}")
    return elapsed


def run_workers(python: str, count: int, *, env: dict, cwd: Path, workdir: Path) -> float:
    """Start `count` workers in batch mode (each exits when the queue is empty); the wall time until all have."""
    command = [python, "manage.py", "db_worker", "--batch", "--backend", "background", "--no-startup-delay"]
    started = time.monotonic()
    logs = [(workdir / f"worker-{number}.log").open("w", encoding="utf-8") for number in range(count)]
    try:
        workers = [
            subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
            for log in logs
        ]
        codes = [worker.wait(timeout=3600) for worker in workers]
    finally:
        for log in logs:
            log.close()
    if any(codes):
        raise RuntimeError(f"db_worker failed ({codes}); see {workdir}/worker-*.log")
    return time.monotonic() - started


def has_worker(project: Path) -> bool:
    """The checkout has a background worker when its settings install the database task backend."""
    return "django_tasks_db" in (project / "vitrine_cms" / "settings" / "base.py").read_text(encoding="utf-8")


def count_renditions(python: str, *, env: dict, cwd: Path) -> int:
    code = "from wagtail.images import get_image_model; print(get_image_model().get_rendition_model().objects.count())"
    completed = subprocess.run(  # noqa: S603
        [python, "manage.py", "shell", "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return int(completed.stdout.strip().splitlines()[-1])


def main() -> int:
    args = parse_args()
    project = args.project.resolve()
    python = sys.executable
    database = f"vitrine_import_bench_{time.strftime('%Y%m%d_%H%M%S')}"
    workdir = Path(tempfile.mkdtemp(prefix="vitrine-import-bench-"))
    database_url = create_postgres_database(args.database_url, database)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(45),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": "",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_LEVEL": "WARNING",
    }
    (workdir / "static").mkdir()
    rows: list[tuple[str, str]] = []
    try:
        log(f"project {project}, database {database}, work folder {workdir}")
        started = time.monotonic()
        import_file = write_import_file(workdir, args.cases)
        log(f"wrote {args.cases} cases with photos in {time.monotonic() - started:.1f} s")
        where = {"env": env, "cwd": project}
        run([python, "manage.py", "migrate", "--no-input", "-v0"], **where, log_path=workdir / "migrate.log")
        run([python, "manage.py", "setup_site"], **where, log_path=workdir / "setup_site.log")
        log("import_cases …")
        seconds = run([python, "manage.py", "import_cases", str(import_file)], **where, log_path=workdir / "import.log")
        after_import = count_renditions(python, **where)
        rows.append(("import_cases (wall)", f"{seconds:.1f} s"))
        rows.append(("per case", f"{seconds / args.cases * 1000:.0f} ms"))
        rows.append(("renditions when import_cases returns", str(after_import)))
        log(f"import_cases: {seconds:.1f} s")
        if not args.workers:
            rows.append(("worker", "not run (--workers 0)"))
        elif has_worker(project):
            log(f"{args.workers} × db_worker --batch …")
            seconds = run_workers(python, args.workers, env=env, cwd=project, workdir=workdir)
            rows.append((f"{args.workers} worker(s) until every rendition is made (wall)", f"{seconds:.1f} s"))
            rows.append(("renditions after the worker", str(count_renditions(python, **where))))
        else:
            rows.append(("worker", "none: renditions are made inside import_cases"))
    finally:
        if args.keep_db:
            log(f"kept DATABASE_URL={database_url} MEDIA_ROOT={workdir / 'media'}")
        else:
            drop_postgres_database(args.database_url, database)
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\nimport_cases, {args.cases} new cases with one photo each ({project}):\n")
    print("| step | result |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")
    print(f"\nnproc {os.cpu_count()}, load average after the run {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
