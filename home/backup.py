"""Backups of the database and the media in one tar archive, and their restore (manage.py backup / restore).

An archive `vitrine-backup-<UTC time>.tar` holds:

    manifest.json      when, which version, which migrations, and the size and SHA-256 of every file below
    database.dump      PostgreSQL: `pg_dump --format=custom` (one consistent snapshot)
    database.sqlite3   SQLite: a copy made with sqlite3's backup API (consistent while the site writes)
    media/...          every file under MEDIA_ROOT (none when the media live in an S3 bucket)

A restore reads and checks the whole archive before it touches anything: every member must be in the
manifest with its size and checksum, and nothing else may be in the archive. Only then does it write the
database (PostgreSQL: one transaction, so it lands whole or not at all; SQLite: one rename) and then put
the media in place. A database or media folder that is not empty is left alone unless `force` is given.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
CHUNK = 1024 * 1024
STAGING_PREFIX = ".vitrine-restore-"  # inside MEDIA_ROOT, so moving into place is a rename on the same disk


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Dutch, then English)."""


@dataclass
class Result:
    path: Path
    manifest: dict
    notes: list[str] = field(default_factory=list)


# --- Where things are ------------------------------------------------------------------------------


def database_settings(alias: str = "default") -> dict:
    return settings.DATABASES[alias]


def engine_name(db: dict) -> str:
    engine = db["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Databasetype {engine} wordt niet ondersteund. / Database engine {engine} is not supported.")


def media_is_local() -> bool:
    return isinstance(storages["default"], FileSystemStorage)


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def app_version() -> dict:
    version = {"app": "", "git_commit": ""}
    try:
        import tomllib

        pyproject = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text(encoding="utf-8"))
        version["app"] = pyproject.get("project", {}).get("version", "")
    except (OSError, ValueError):
        pass
    try:
        version["git_commit"] = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git from PATH, optional
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        version["git_commit"] = os.environ.get("VITRINE_GIT_COMMIT", "")
    return version


def applied_migrations(alias: str = "default") -> dict[str, list[str]]:
    migrations: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[alias]).applied_migrations()):
        migrations.setdefault(app, []).append(name)
    return migrations


# --- PostgreSQL client programs ------------------------------------------------------------------


def postgres_command(program: str, db: dict) -> tuple[list[str], dict[str, str]]:
    """`program` with the connection of `db`; the password goes in the environment, never on the command line."""
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} ontbreekt: installeer de PostgreSQL-clientprogramma's (Debian: postgresql-client). / "
            f"{program} is missing: install the PostgreSQL client programs (Debian: postgresql-client)."
        )
    args = [program, "--no-password"]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env["PGCONNECT_TIMEOUT"] = str(db.get("OPTIONS", {}).get("connect_timeout", 10))
    return args, env


def run_checked(args: list[str], *, env: dict[str, str], what: str, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, env=env, capture_output=True, check=False, **kwargs)  # noqa: S603 - our own args
    if result.returncode != 0:
        error = result.stderr.decode("utf-8", "replace").strip()[-2000:]
        raise BackupError(f"{what} mislukt / failed ({args[0]}, exit {result.returncode}):\n{error}")
    return result


def dump_postgres(db: dict, target: Path) -> None:
    args, env = postgres_command("pg_dump", db)
    args += ["--format=custom", "--no-owner", "--no-privileges", "--file", str(target), "--dbname", db["NAME"]]
    run_checked(args, env=env, what="pg_dump")


def postgres_table_count(db: dict) -> int:
    args, env = postgres_command("psql", db)
    args += [
        "--dbname",
        db["NAME"],
        "--tuples-only",
        "--no-align",
        "--command",
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    ]
    return int(run_checked(args, env=env, what="psql").stdout.decode().strip())


def restore_postgres(db: dict, dump: Path, *, replace: bool) -> None:
    """The dump into `db` in one transaction: on any error PostgreSQL rolls everything back.

    pg_restore turns the dump into SQL and psql runs it with --single-transaction and ON_ERROR_STOP, so
    emptying the schema (with `replace`) and filling it again commit together or not at all.
    """
    listing, env = postgres_command("pg_restore", db)
    run_checked([*listing, "--list", str(dump)], env=env, what="pg_restore --list")  # readable by this version?
    psql, env = postgres_command("psql", db)
    psql += ["--dbname", db["NAME"], "--single-transaction", "--quiet", "--set", "ON_ERROR_STOP=1", "--file", "-"]
    to_sql = [listing[0], "--no-owner", "--no-privileges", "--file", "-", str(dump)]
    prologue = b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n" if replace else b""
    with subprocess.Popen(to_sql, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as producer:  # noqa: S603
        consumer = subprocess.Popen(  # noqa: S603 - our own args
            psql, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        )
        try:
            consumer.stdin.write(prologue)
            shutil.copyfileobj(producer.stdout, consumer.stdin, CHUNK)
            consumer.stdin.close()
        except BrokenPipeError:  # psql stopped at an error; its message follows
            producer.kill()
        psql_error = consumer.stderr.read().decode("utf-8", "replace")
        consumer.wait()
        producer_error = producer.stderr.read().decode("utf-8", "replace")
        producer.wait()
    if producer.returncode != 0 or consumer.returncode != 0:
        raise BackupError(
            "De database kon niet teruggezet worden; ze is ongewijzigd (alles in één transactie). / "
            "The database could not be restored; it is unchanged (one transaction).\n"
            f"{(producer_error + psql_error).strip()[-2000:]}"
        )


# --- SQLite ------------------------------------------------------------------------------------------


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy even while the site writes: SQLite's online backup API, not a file copy."""
    if not source.exists():
        raise BackupError(f"De SQLite-database {source} bestaat niet. / The SQLite database {source} does not exist.")
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    dst.close()
    src.close()


def sqlite_table_count(path: Path) -> int:
    if not path.exists() or path.stat().st_size == 0:
        return 0
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        count = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    conn.close()
    return count


# --- Checksums ---------------------------------------------------------------------------------------


class HashingReader(io.RawIOBase):
    """Hashes what tarfile reads, so the checksum is of exactly the bytes in the archive."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def media_files(root: Path) -> Iterator[Path]:
    """Every regular file under `root` in a stable order, except a restore's leftovers."""
    if not root.is_dir():
        return
    for directory, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(STAGING_PREFIX))
        for name in sorted(filenames):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path


def add_file(archive: tarfile.TarFile, path: Path, arcname: str) -> dict:
    stat = path.stat()
    info = tarfile.TarInfo(arcname)
    info.size = stat.st_size
    info.mtime = int(stat.st_mtime)
    info.mode = 0o644
    with path.open("rb") as raw:
        reader = HashingReader(raw)
        archive.addfile(info, reader)
    return {"size": stat.st_size, "sha256": reader.sha256.hexdigest()}


# --- Backup ------------------------------------------------------------------------------------------


def backup(output_dir: Path, *, log: Callable[[str], None] = lambda message: None) -> Result:
    db = database_settings()
    engine = engine_name(db)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC)
    final = output_dir / f"vitrine-backup-{created:%Y%m%dT%H%M%SZ}.tar"
    if final.exists():
        raise BackupError(f"{final} bestaat al. / {final} already exists.")
    notes: list[str] = []
    manifest: dict = {
        "format": FORMAT,
        "created": created.isoformat(timespec="seconds"),
        "version": app_version(),
        "migrations": applied_migrations(),
        "database": {"engine": engine},
        "media": {},
    }
    partial = output_dir / f".{final.name}.partial"
    with tempfile.TemporaryDirectory(prefix="vitrine-backup-", dir=output_dir) as work:
        try:
            dump = Path(work) / (POSTGRES_DUMP if engine == "postgresql" else SQLITE_COPY)
            log("database …")
            if engine == "postgresql":
                dump_postgres(db, dump)
            else:
                copy_sqlite(Path(db["NAME"]), dump)
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
                manifest["database"].update(add_file(archive, dump, dump.name), file=dump.name)
                dump.unlink()
                files: dict[str, dict] = {}
                if media_is_local():
                    root = media_root()
                    log(f"media uit {root} …")
                    for path in media_files(root):
                        name = path.relative_to(root).as_posix()
                        files[name] = add_file(archive, path, MEDIA_PREFIX + name)
                    manifest["media"] = {"storage": "local", "root": str(root)}
                else:
                    bucket = getattr(settings, "AWS_STORAGE_BUCKET_NAME", "") or "?"
                    manifest["media"] = {"storage": "s3", "bucket": bucket}
                    notes.append(
                        f"Media staan in de bucket '{bucket}' en zitten niet in dit archief: de versiebeheer-"
                        "functie van de opslagdienst bewaart ze. Alleen de database is gedumpt. / Media live in "
                        f"bucket '{bucket}' and are not in this archive: the provider's object versioning keeps "
                        "them. Only the database was dumped."
                    )
                manifest["media"].update(
                    files=len(files), bytes=sum(entry["size"] for entry in files.values()), checksums=files
                )
                data = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o644
                archive.addfile(info, io.BytesIO(data))
            partial.rename(final)  # a backup that stopped halfway never looks like a backup
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return Result(final, manifest, notes)


# --- Restore -----------------------------------------------------------------------------------------


def corrupt(reason: str) -> BackupError:
    return BackupError(
        f"Het archief is beschadigd of onvolledig; er is niets teruggezet. / "
        f"The archive is damaged or incomplete; nothing was restored.\n{reason}"
    )


def safe_member_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or name != path.as_posix():
        raise corrupt(f"unsafe member name: {name!r}")
    return name


def extract_verified(archive_path: Path, work: Path, media_staging: Path | None) -> dict:
    """Every member to disk (the database to `work`, media to `media_staging`), checked against the manifest."""
    try:
        archive = tarfile.open(archive_path, "r:")  # noqa: SIM115 - closed below
    except (OSError, tarfile.TarError) as error:
        raise corrupt(f"{archive_path}: {error}") from error
    with archive:
        try:
            members = archive.getmembers()
            manifest_member = next((m for m in members if m.name == MANIFEST and m.isfile()), None)
            if manifest_member is None:
                raise corrupt("manifest.json is missing")
            manifest = json.loads(archive.extractfile(manifest_member).read())
            if manifest.get("format") != FORMAT:
                raise corrupt(f"unknown archive format {manifest.get('format')!r}")
            expected = {manifest["database"]["file"]: manifest["database"]}
            expected |= {MEDIA_PREFIX + name: entry for name, entry in manifest["media"]["checksums"].items()}
            seen: set[str] = set()
            for member in members:
                if member.name == MANIFEST:
                    continue
                name = safe_member_name(member.name)
                if not member.isfile():
                    raise corrupt(f"{name}: not a regular file")
                if name not in expected or name in seen:
                    raise corrupt(f"{name}: not in the manifest")
                seen.add(name)
                if name.startswith(MEDIA_PREFIX):
                    if media_staging is None:
                        raise BackupError(
                            "Dit archief bevat media, maar de media staan hier in een bucket (S3): zet ze daar zelf "
                            "terug. / The archive holds media files but media here live in a bucket (S3)."
                        )
                    target = media_staging / name.removeprefix(MEDIA_PREFIX)
                else:
                    target = work / name
                extract_member(archive, member, target, expected[name])
            missing = sorted(set(expected) - seen)
            if missing:
                raise corrupt(f"{len(missing)} file(s) missing, e.g. {missing[0]}")
        except (OSError, tarfile.TarError, EOFError, KeyError, TypeError, ValueError) as error:
            raise corrupt(f"{type(error).__name__}: {error}") from error
    return manifest


def extract_member(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path, expected: dict) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    sha256, size = hashlib.sha256(), 0
    source = archive.extractfile(member)
    with target.open("wb") as out:
        while chunk := source.read(CHUNK):
            sha256.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if size != expected["size"] or sha256.hexdigest() != expected["sha256"]:
        raise corrupt(f"{member.name}: checksum mismatch")


def restore(archive_path: Path, *, force: bool = False, log: Callable[[str], None] = lambda message: None) -> Result:
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} bestaat niet. / {archive_path} does not exist.")
    db = database_settings()
    engine = engine_name(db)
    local_media = media_is_local()
    root = media_root()
    notes: list[str] = []

    # Refuse before reading anything big: a restore never silently replaces content.
    tables = postgres_table_count(db) if engine == "postgresql" else sqlite_table_count(Path(db["NAME"]))
    media_present = local_media and any(True for _ in media_files(root))
    if (tables or media_present) and not force:
        full = ([f"database {db['NAME']} ({tables} tables)"] if tables else []) + ([str(root)] if media_present else [])
        raise BackupError(
            f"Niet teruggezet: niet leeg / not empty: {', '.join(full)}. "
            "Gebruik --force om te vervangen. / Use --force to replace it."
        )

    if local_media:
        root.mkdir(parents=True, exist_ok=True)
    media_staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root)) if local_media else None
    aside = None
    try:
        with tempfile.TemporaryDirectory(prefix="vitrine-restore-") as work:
            log("archief controleren …")
            manifest = extract_verified(archive_path, Path(work), media_staging)
            notes += check_fits(manifest, engine)
            dump = Path(work) / manifest["database"]["file"]
            # Made before the database is touched: a media folder that cannot be put aside stops the restore here.
            old_media = local_media and any(not entry.name.startswith(STAGING_PREFIX) for entry in root.iterdir())
            aside = make_aside_folder(root) if old_media else None
            log("database terugzetten …")
            connections.close_all()
            if engine == "postgresql":
                restore_postgres(db, dump, replace=bool(tables))
            else:
                notes += restore_sqlite(Path(db["NAME"]), dump, keep_old=bool(tables))
            if media_staging is not None:
                log("media terugzetten …")
                put_media_in_place(root, media_staging, aside)
                if aside:
                    notes.append(f"De vorige media staan in {aside}. / The previous media were moved to {aside}.")
    finally:
        if media_staging is not None:
            shutil.rmtree(media_staging, ignore_errors=True)
        if aside is not None and not any(aside.iterdir()):  # the restore stopped before the media
            aside.rmdir()
    return Result(archive_path, manifest, notes)


def check_fits(manifest: dict, engine: str) -> list[str]:
    if manifest["database"]["engine"] != engine:
        raise BackupError(
            f"Dit archief bevat een {manifest['database']['engine']}-database; DATABASE_URL wijst naar "
            f"{engine}. / The archive holds a {manifest['database']['engine']} database, DATABASE_URL "
            f"points at {engine}."
        )
    if manifest["media"]["storage"] != "local":
        return [
            f"Media zaten niet in het archief (bucket '{manifest['media'].get('bucket')}'). / The archive "
            "holds no media (they live in a bucket)."
        ]
    return []


def restore_sqlite(target: Path, copy: Path, *, keep_old: bool) -> list[str]:
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.restore")
    shutil.copyfile(copy, staged)
    notes = []
    if keep_old:
        kept = target.with_name(f"{target.name}.before-restore-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
        copy_sqlite(target, kept)
        notes.append(f"De vorige database staat in {kept}. / The previous database was copied to {kept}.")
    # A write-ahead log of the old database must not be replayed onto the restored one.
    for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
        leftover.unlink(missing_ok=True)
    os.replace(staged, target)  # atomic: the old database or the new one, never half
    return notes


def make_aside_folder(root: Path) -> Path:
    """Where the media being replaced go: beside MEDIA_ROOT (which may be a mount point, so it is not renamed),
    or, where that is another disk (moving would mean copying) or not writable (a container's /app), in a hidden
    folder inside it that backups skip."""
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    if os.stat(root.parent).st_dev == os.stat(root).st_dev:
        try:
            aside = root.with_name(f"{root.name}.before-restore-{stamp}")
            aside.mkdir()
        except OSError:
            pass
        else:
            return aside
    aside = root / f"{STAGING_PREFIX}before-{stamp}"
    aside.mkdir()
    return aside


def put_media_in_place(root: Path, staging: Path, aside: Path | None) -> None:
    old = [entry for entry in root.iterdir() if not entry.name.startswith(STAGING_PREFIX) and entry != aside]
    for entry in old:  # there is an `aside` whenever there was anything (restore() made sure)
        shutil.move(entry, aside / entry.name)
    for entry in staging.iterdir():
        os.replace(entry, root / entry.name)
