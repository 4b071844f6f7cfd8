"""manage.py backup / restore, for real: a demo site on a database of its own, backed up, restored into a fresh
database and media folder, and both sites served side by side must answer the API with the same bytes and
serve the same image bytes. The content is committed by subprocesses (`manage.py` of devtools.demo), so
pg_dump sees it, which it would not inside pytest-django's transaction.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from devtools.demo import DemoServer
from devtools.server import (
    PROJECT,
    create_postgres_database,
    drop_postgres_database,
    is_postgres,
    start_server,
)
from home.backup import STAGING_PREFIX, media_files, put_media_in_place

DATABASE_URL = os.environ.get("DATABASE_URL", "")
HOST = "localhost"  # both sites are asked under the same name, so absolute URLs in the API agree
API_LISTS = ["/api/v1/cases/?page_size=100", "/api/v1/themes/"]
MEDIA_URL = re.compile(r'(?:https?://[^"/]+)?/media/images/[^"]+')

needs_postgres = pytest.mark.skipif(not is_postgres(DATABASE_URL), reason="needs DATABASE_URL on PostgreSQL")


def get(base_url: str, path: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(f"{base_url}{path}", headers={"Host": HOST})  # noqa: S310 - our own server
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, response.headers.get("Content-Type", ""), response.read()


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def database_name(suffix: str) -> str:
    return f"{urlsplit(DATABASE_URL).path.lstrip('/') or 'vitrine'}_{suffix}"


def table_count(env: dict[str, str]) -> int:
    result = manage(
        env, "shell", "-c", "from django.db import connection; print(len(connection.introspection.table_names()))"
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])  # after the shell's "N objects imported" line


def files_under(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def site_answers(base_url: str) -> dict[str, bytes]:
    """The API lists, one case's detail and the first image URL any of them names, as bytes."""
    answers = {}
    for path in API_LISTS:
        status, content_type, body = get(base_url, path)
        assert status == 200 and content_type.startswith("application/json"), (path, status, content_type)
        answers[path] = body
    cases = json.loads(answers[API_LISTS[0]])["results"]
    assert len(cases) >= 10, "the demo site should have its cases"
    detail = f"/api/v1/cases/{cases[0]['id']}/"
    answers[detail] = get(base_url, detail)[2]
    return answers


def first_image_url(answers: dict[str, bytes]) -> str:
    for body in answers.values():
        if match := MEDIA_URL.search(body.decode()):
            return match.group(0)
    raise AssertionError("no image URL in the API answers")


@pytest.fixture(scope="module")
def source(tmp_path_factory, demo_template):
    """The demo site (PostgreSQL), a copy of the session's demo template (tests/demo_template.py) in a database of
    its own, served; its API asked once so renditions exist."""
    workdir = tmp_path_factory.mktemp("backup-source")
    url = DATABASE_URL.replace(urlsplit(DATABASE_URL).path, f"/{database_name('backup')}")
    demo = DemoServer(workdir, database_url=url, template=demo_template)
    demo.start()
    try:
        answers = site_answers(demo.url)
        yield demo, answers
    finally:
        demo.stop()


@pytest.fixture(scope="module")
def archive(source, tmp_path_factory) -> Path:
    demo, _ = source
    output = tmp_path_factory.mktemp("backups")
    printed = demo.manage("backup", "--output", str(output))
    path = Path(printed.splitlines()[0])
    assert path.parent == output and path.name.startswith("vitrine-backup-") and path.suffix == ".tar"
    return path


@pytest.fixture
def fresh_target(source, tmp_path):
    """An empty PostgreSQL database and an empty media folder, with the source site's other settings."""
    demo, _ = source
    name = database_name("restored")
    env = {**demo._env, "DATABASE_URL": create_postgres_database(DATABASE_URL, name)}
    env["BROWSER_WEB_ROOT"] = str(tmp_path / "web")
    (tmp_path / "web" / "media").mkdir(parents=True)
    yield env, tmp_path / "web" / "media"
    drop_postgres_database(DATABASE_URL, name)


@needs_postgres
def test_a_restored_backup_serves_the_same_api_bytes_and_images(source, archive, fresh_target, tmp_path):
    demo, before = source
    env, media = fresh_target

    restored = manage(env, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert files_under(media) == files_under(demo.media_root)

    server = start_server("runserver", env=env, log_path=tmp_path / "restored.log")
    try:
        after = site_answers(server.url)
        assert after.keys() == before.keys()
        for path in before:
            assert after[path] == before[path], f"{path} differs after the restore"
        image_path = urlsplit(first_image_url(before)).path
        status, content_type, image = get(server.url, image_path)
        assert status == 200 and content_type.startswith("image/")
        assert image == get(demo.url, image_path)[2]
    finally:
        server.stop()

    # Restoring again over the restored site is refused without --force, and changes nothing.
    again = manage(env, "restore", str(archive))
    assert again.returncode != 0 and "niet leeg" in again.stderr
    forced = manage(env, "restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stderr
    assert files_under(media) == files_under(demo.media_root)


@needs_postgres
def test_a_damaged_archive_is_refused_and_the_target_stays_untouched(archive, fresh_target, tmp_path):
    env, media = fresh_target
    damaged = tmp_path / "damaged.tar"
    data = bytearray(archive.read_bytes())
    with tarfile.open(archive) as tar:
        image = next(m for m in tar.getmembers() if m.name.startswith("media/original_images/"))
    data[image.offset_data + image.size // 2] ^= 0xFF  # one flipped byte in the middle of a photo
    damaged.write_bytes(bytes(data))

    result = manage(env, "restore", str(damaged))
    assert result.returncode != 0
    assert "beschadigd" in result.stderr and "checksum" in result.stderr and image.name in result.stderr
    assert table_count(env) == 0
    assert list(media.iterdir()) == []

    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    result = manage(env, "restore", str(truncated))
    assert result.returncode != 0 and "beschadigd" in result.stderr
    assert table_count(env) == 0
    assert list(media.iterdir()) == []


def test_sqlite_round_trip_copies_committed_data_only(tmp_path):
    """SQLite (the database of `make run`): the copy goes through SQLite's backup API, so rows committed to the
    write-ahead log but not yet written into the database file are in it, and a write still under way is not;
    restored, the database has the same rows and the media the same bytes. Tables made directly with sqlite3 keep
    this test quick; the PostgreSQL test above covers the site itself."""
    source_db = tmp_path / "source.sqlite3"
    # Open for the whole test and never checkpointed: the 500 committed rows stay in source.sqlite3-wal.
    writer = sqlite3.connect(source_db, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
    writer.executemany("INSERT INTO note (text) VALUES (?)", [(f"notitie {i} é ✓",) for i in range(500)])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "vitrine_cms.settings.browser",
        "DATABASE_URL": f"sqlite:///{source_db}",
        "BROWSER_WEB_ROOT": str(tmp_path / "source-web"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    source_media = tmp_path / "source-web" / "media"
    (source_media / "documents").mkdir(parents=True)
    (source_media / "documents" / "jaarverslag.pdf").write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 40)
    (source_media / "images").mkdir()
    (source_media / "images" / "foto.webp").write_bytes(b"RIFF" + bytes(range(200)))

    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO note (text) VALUES ('nog niet vastgelegd')")
    try:
        made = manage(env, "backup", "--output", str(tmp_path / "backups"))
    finally:
        writer.execute("ROLLBACK")
    assert made.returncode == 0, made.stderr
    archive = Path(made.stdout.splitlines()[0])

    target_db = tmp_path / "target.sqlite3"
    target = {**env, "DATABASE_URL": f"sqlite:///{target_db}", "BROWSER_WEB_ROOT": str(tmp_path / "target-web")}
    restored = manage(target, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert files_under(tmp_path / "target-web" / "media") == files_under(source_media)

    def rows(path: Path) -> list[tuple]:
        with sqlite3.connect(path) as conn:
            found = conn.execute("SELECT id, text FROM note ORDER BY id").fetchall()
        conn.close()
        return found

    try:
        assert len(rows(target_db)) == 500
        assert rows(target_db) == rows(source_db)
    finally:
        writer.close()

    # Over a database that has tables only with --force; the one replaced is kept beside it.
    with sqlite3.connect(target_db) as conn:
        conn.execute("DELETE FROM note WHERE id > 10")
    conn.close()
    refused = manage(target, "restore", str(archive))
    assert refused.returncode != 0 and "niet leeg" in refused.stderr
    assert len(rows(target_db)) == 10
    forced = manage(target, "restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stderr
    assert len(rows(target_db)) == 500
    (kept,) = tmp_path.glob("target.sqlite3.before-restore-*")
    assert len(rows(kept)) == 10
    assert files_under(tmp_path / "target-web" / "media") == files_under(source_media)


def test_media_put_aside_inside_media_root_stay_out_of_the_next_backup(tmp_path):
    """Where MEDIA_ROOT's parent is another disk or read-only (a container), the replaced media wait in a hidden
    folder inside MEDIA_ROOT: the next backup must not carry them as if they were the site's."""
    root = tmp_path / "media"
    (root / "images").mkdir(parents=True)
    (root / "images" / "oud.webp").write_bytes(b"old")
    staging = root / f"{STAGING_PREFIX}abc"
    (staging / "images").mkdir(parents=True)
    (staging / "images" / "nieuw.webp").write_bytes(b"new")
    aside = root / f"{STAGING_PREFIX}before-20261207T000000Z"
    aside.mkdir()

    put_media_in_place(root, staging, aside)

    assert [path.relative_to(root).as_posix() for path in media_files(root)] == ["images/nieuw.webp"]
    assert (aside / "images" / "oud.webp").read_bytes() == b"old"
