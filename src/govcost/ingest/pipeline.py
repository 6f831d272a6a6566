"""Importing files, one after another, each atomically: reference tables first, then costs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from govcost.errors import GovcostError, UsageError
from govcost.ingest.base import ImportReport, Progress, detect_importer
from govcost.ingest.source import SourceFile

if TYPE_CHECKING:
    from govcost.engine import Engine


def _quiet(stage: str) -> None:
    return None


def ingest_file(
    engine: Engine, path: Path, progress: Progress | None = None, expect: str | None = None
) -> ImportReport:
    """Import one file; the ledger is unchanged if it fails."""
    src = SourceFile(Path(path))
    try:
        cls = detect_importer(src)
        if expect and cls.key != expect:
            raise UsageError("input.unknown_format", file=src.name, expected=expect, found=cls.key)
        return cls().run(engine, src, progress or _quiet)
    except GovcostError as exc:
        raise exc.located(file=src.name) from exc


def ingest_files(
    engine: Engine,
    paths: list[Path],
    accounts: Path | None = None,
    fx: Path | None = None,
    progress: Progress | None = None,
) -> list[ImportReport]:
    """The account map and FX rates first (costs are resolved with them), then each file in turn.

    The files of one call are one batch: parts of the same export given together all stay.
    """
    engine.new_batch()
    engine.ledger.remove_orphans()
    reports = []
    if accounts is not None:
        reports.append(ingest_file(engine, accounts, progress, expect="account-map"))
    if fx is not None:
        reports.append(ingest_file(engine, fx, progress, expect="fx-rates"))
    for path in paths:
        reports.append(ingest_file(engine, path, progress))
    return reports
