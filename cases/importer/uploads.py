"""A spreadsheet and a zip of photos uploaded in the admin, kept on disk between the check and the import.

Each upload gets a directory of its own under CASE_IMPORT_STAGING_DIR (by default in the system's temporary
directory), named by a random token that only the uploading editor's session knows. The zip is never extracted
as it is: only image files are taken, by their base name, into `fotos/`, after checking the number of entries,
every declared size and the total unpacked size (a zip bomb is refused before anything is unpacked). The
directory is removed after the import, when the editor starts again, and by the next upload once it is older
than STAGING_HOURS.
"""

import re
import secrets
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings

from cases.importer.records import MAX_IMAGE_BYTES
from cases.importer.sheets import MAX_FILE_BYTES, PHOTO_DIR, SHEET_SUFFIXES

MAX_ZIP_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_PHOTOS = 300
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}  # as the admin's image upload (WAGTAILIMAGES_EXTENSIONS)
STAGING_HOURS = 6
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class UploadRejected(ValueError):
    """An uploaded file we do not keep; the message is for the editor."""


@dataclass(frozen=True)
class StagedImport:
    token: str
    directory: Path

    @property
    def sheet(self) -> Path:
        return next(path for path in self.directory.iterdir() if path.suffix.lower() in SHEET_SUFFIXES)

    @property
    def photos(self) -> Path:
        return self.directory / PHOTO_DIR

    def photo_names(self) -> list[str]:
        return sorted(path.name for path in self.photos.iterdir())

    def discard(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def staging_root() -> Path:
    configured = settings.CASE_IMPORT_STAGING_DIR
    root = Path(configured) if configured else Path(tempfile.gettempdir()) / "vitrine-case-imports"
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def stage_upload(*, sheet, photos_zip=None) -> StagedImport:
    """Keep an uploaded sheet (an UploadedFile) and the photos of an uploaded zip; UploadRejected if unsafe."""
    _remove_stale()
    name = _safe_name(sheet.name or "")
    if Path(name).suffix.lower() not in SHEET_SUFFIXES:
        raise UploadRejected("Kies een spreadsheet in het formaat .xlsx of .csv (zie het sjabloon).")
    if sheet.size > MAX_FILE_BYTES:
        raise UploadRejected(f"De spreadsheet is groter dan {MAX_FILE_BYTES // 2**20} MB; verdeel de voorbeelden.")
    token = secrets.token_urlsafe(24)
    staged = StagedImport(token, staging_root() / token)
    staged.directory.mkdir(mode=0o700)
    staged.photos.mkdir()
    try:
        with (staged.directory / name).open("wb") as target:
            for chunk in sheet.chunks():
                target.write(chunk)
        if photos_zip is not None:
            extract_photos(photos_zip, staged.photos)
    except BaseException:
        staged.discard()
        raise
    return staged


def staged_import(token: str) -> StagedImport | None:
    """The upload of this token, if it is still there (the caller checks the token is the session's)."""
    if not isinstance(token, str) or not TOKEN.match(token):
        return None
    staged = StagedImport(token, staging_root() / token)
    return staged if staged.directory.is_dir() else None


def extract_photos(upload, target: Path) -> list[str]:
    """Write the zip's image files into `target` by their base name; returns their names."""
    if upload.size > MAX_ZIP_BYTES:
        raise UploadRejected(f"Het zip-bestand is groter dan {MAX_ZIP_BYTES // 2**20} MB.")
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UploadRejected("Het bestand met de foto's is geen geldig zip-bestand.") from error
    with archive:
        photos = _photo_entries(archive.infolist())
        written = []
        for name, info in photos.items():
            with archive.open(info) as source:
                content = source.read(MAX_IMAGE_BYTES + 1)
            if len(content) > MAX_IMAGE_BYTES:  # the declared size lied
                raise UploadRejected(f"{info.filename}: een foto mag hoogstens {MAX_IMAGE_BYTES // 2**20} MB zijn.")
            (target / name).write_bytes(content)
            written.append(name)
    return written


def _photo_entries(entries: list[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    """The image files of the zip by base name, after every check that needs no unpacking."""
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UploadRejected(f"Het zip-bestand bevat meer dan {MAX_ZIP_ENTRIES} bestanden.")
    photos: dict[str, zipfile.ZipInfo] = {}
    for info in entries:
        path = PurePosixPath(info.filename.replace("\\", "/"))
        if info.filename.startswith(("/", "\\")) or ".." in path.parts or re.match(r"^[A-Za-z]:", info.filename):
            raise UploadRejected(f"Het zip-bestand bevat een onveilig pad: {info.filename}")
        if info.is_dir() or path.parts[0] == "__MACOSX" or path.name.startswith("."):
            continue
        if path.suffix.lower() not in PHOTO_SUFFIXES:
            continue  # only photos are used; a stray document in the zip is left out
        if info.flag_bits & 0x1:
            raise UploadRejected(f"{info.filename} is met een wachtwoord beveiligd; zip de foto's zonder wachtwoord.")
        if info.file_size > MAX_IMAGE_BYTES:
            raise UploadRejected(f"{info.filename}: een foto mag hoogstens {MAX_IMAGE_BYTES // 2**20} MB zijn.")
        name = _safe_name(path.name)
        if name.lower() in {other.lower() for other in photos}:
            raise UploadRejected(f"Twee foto's heten {path.name}; geef elke foto een eigen bestandsnaam.")
        photos[name] = info
    if len(photos) > MAX_PHOTOS:
        raise UploadRejected(f"Het zip-bestand bevat meer dan {MAX_PHOTOS} foto's; verdeel de import.")
    if sum(info.file_size for info in photos.values()) > MAX_UNPACKED_BYTES:
        raise UploadRejected(f"De foto's zijn uitgepakt samen groter dan {MAX_UNPACKED_BYTES // 2**20} MB.")
    return photos


def _safe_name(name: str) -> str:
    """The base name as the partner wrote it (the sheet refers to photos by it), without anything a path needs."""
    base = re.sub(r"[\x00-\x1f/\\:]", "", PurePosixPath(name.replace("\\", "/")).name).strip()
    return base if base and not base.startswith(".") else "bestand"


def _remove_stale() -> None:
    limit = time.time() - STAGING_HOURS * 3600
    for directory in staging_root().iterdir():
        if directory.is_dir() and TOKEN.match(directory.name) and directory.stat().st_mtime < limit:
            shutil.rmtree(directory, ignore_errors=True)
