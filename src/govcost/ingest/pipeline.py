"""Importing files, one after another, each atomically: reference tables first, then costs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from govcost.errors import GovcostError, UsageError
from govcost.ingest.base import FileProgress, Importer, ImportReport, detect_importer
from govcost.ingest.reference import ReferenceImporter
from govcost.ingest.source import SourceFile

if TYPE_CHECKING:
    from govcost.engine import Engine


def _quiet(file: Path, stage: str) -> None:
    return None


def ingest_file(
    engine: Engine, path: Path, progress: FileProgress | None = None, expect: str | None = None
) -> ImportReport:
    """Import one file; the ledger is unchanged if it fails."""
    src = SourceFile(Path(path))
    report = progress or _quiet
    try:
        cls = detect_importer(src)
        if expect and cls.key != expect:
            raise UsageError("input.unknown_format", file=src.name, expected=expect, found=cls.key)
        if engine.on_spark and not cls.spark_reads:
            done = cls().run(engine.duckdb_twin(), src, lambda stage: report(src.path, stage))
            engine.changed()
            return done
        return cls().run(engine, src, lambda stage: report(src.path, stage))
    except GovcostError as exc:
        raise exc.located(file=src.name) from exc
    finally:
        report(src.path, "done")


def _format_of(path: Path) -> type[Importer] | None:
    try:
        return detect_importer(SourceFile(path))
    except GovcostError:
        return None


def ingest_files(
    engine: Engine,
    paths: list[Path],
    accounts: Path | None = None,
    fx: Path | None = None,
    progress: FileProgress | None = None,
) -> list[ImportReport]:
    """The account map and FX rates first (costs are resolved with them), then each file in turn.

    Reference tables among ``paths`` are taken first too, whatever order they were given in. The
    files of one call are one batch: parts of the same export given together all stay.
    """
    engine.new_batch()
    engine.ledger.remove_orphans()
    first = [p for p in paths if (cls := _format_of(p)) is not None and issubclass(cls, ReferenceImporter)]
    ordered = first + [p for p in paths if p not in first]
    reports = []
    if accounts is not None:
        reports.append(ingest_file(engine, accounts, progress, expect="account-map"))
    if fx is not None:
        reports.append(ingest_file(engine, fx, progress, expect="fx-rates"))
    for path in ordered:
        reports.append(ingest_file(engine, path, progress))
    return reports
