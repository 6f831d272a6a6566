"""Reading the small XLSX files people fill in by hand (cost lines, account maps)."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from typing import TYPE_CHECKING

from govcost.errors import InputError

if TYPE_CHECKING:
    from govcost.ingest.source import SourceFile


def _open(src: SourceFile):  # type: ignore[no-untyped-def]
    import openpyxl

    try:
        return openpyxl.load_workbook(src.path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError("input.xlsx_unreadable", file=src.name, found=str(exc)) from exc


def cell_text(value: object) -> str | None:
    """A cell as the text a person typed: exact for numbers, ISO for dates, None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        # openpyxl gives floats for numeric cells; repr() is the shortest exact round trip.
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def read_xlsx_header(src: SourceFile) -> list[str]:
    wb = _open(src)
    try:
        ws = wb.worksheets[0]
        for row in ws.iter_rows(max_row=1, values_only=True):
            return [cell_text(v) or "" for v in row]
        return []
    finally:
        wb.close()


def read_xlsx_rows(src: SourceFile) -> tuple[str, list[str], list[tuple[int, list[str | None]]]]:
    """Sheet name, header and the non-empty data rows (Excel row number, cells as text)."""
    wb = _open(src)
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = [cell_text(v) or "" for v in next(rows, ())]
        data = []
        for number, row in enumerate(rows, start=2):
            values = [cell_text(v) for v in row[: len(header)]]
            values += [None] * (len(header) - len(values))
            if any(v is not None for v in values):
                data.append((number, values))
        return ws.title, header, data
    finally:
        wb.close()
