"""Files uploaded to the dashboard: their names made safe, their type and size checked, and errors
about them naming the file as the user knows it (never where the server keeps it)."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from fastapi import UploadFile

from govcost.errors import GovcostError, UsageError

#: Estimates and current contracts (the estimate reader's formats).
REVIEW_TYPES = (".xlsx", ".xlsm", ".csv")
#: Cost, metrics, account-map and FX files (the importers' containers; gzip allowed).
IMPORT_TYPES = (".csv", ".csv.gz", ".parquet", ".xlsx", ".xlsm", ".gz")
#: Upload limits in MB (the environment variables raise or lower them).
REVIEW_MAX_MB = int(os.environ.get("GOVCOST_REVIEW_MAX_MB", "20"))
IMPORT_MAX_MB = int(os.environ.get("GOVCOST_IMPORT_MAX_MB", "2048"))
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def safe_name(name: str | None) -> str:
    """The file's own name (no directories), without characters a file system or a shell minds."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/")).rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).strip().lstrip(".")
    if len(base) > 120:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[: 110 - len(suffix)] + dot + suffix) if dot else base[:120]
    return base or "upload"


def given(upload: UploadFile | None) -> bool:
    """Whether a file input was filled (browsers send an empty part for an empty input)."""
    return upload is not None and bool(upload.filename)


def save_upload(upload: UploadFile, directory: Path, *, types: tuple[str, ...], limit_mb: int) -> Path:
    """Copy an uploaded file into ``directory`` under its safe name, refusing a type not in ``types``,
    a file larger than ``limit_mb`` and an empty file, each with an error naming the file."""
    name = safe_name(upload.filename)
    if not name.lower().endswith(types):
        raise UsageError("web.upload.bad_type", file=name, types=" / ".join(types))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    limit = limit_mb * 1024 * 1024
    size = 0
    # Written beside its final name and renamed only when whole: a broken upload leaves nothing.
    part = path.with_name(path.name + ".part")
    upload.file.seek(0)
    try:
        with part.open("wb") as out:
            while block := upload.file.read(1 << 20):
                size += len(block)
                if size > limit:
                    raise UsageError("web.upload.too_large", file=name, limit=limit_mb)
                out.write(block)
        if size == 0:
            raise UsageError("web.upload.empty", file=name)
        part.replace(path)
    finally:
        part.unlink(missing_ok=True)
    return path


def as_uploaded(exc: GovcostError, directory: Path) -> GovcostError:
    """The same error with every mention of ``directory`` taken out: the file as the user named it."""
    prefixes = [str(directory) + os.sep, str(directory.resolve()) + os.sep]

    def clean(text: str) -> str:
        for p in prefixes:
            text = text.replace(p, "")
        return text

    if exc.file:
        exc.file = Path(clean(exc.file)).name
    if exc.found is not None:
        exc.found = clean(exc.found)
    exc.params = {k: clean(v) if isinstance(v, str) else v for k, v in exc.params.items()}
    exc.args = (exc.render("en"),)
    return exc
