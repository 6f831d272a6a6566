"""Small hand-made tables (CSV in UTF-8, UTF-8 with BOM or CP932; or XLSX) read as text rows."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from govcost.errors import InputError
from govcost.ingest.excel import read_xlsx_rows
from govcost.ingest.source import SourceFile

T = TypeVar("T")


@dataclass
class Row:
    number: int
    values: dict[str, str | None]


@dataclass
class Rows:
    src: SourceFile
    sheet: str | None
    header: list[str]
    rows: list[Row]
    #: Canonical column name → the header as written in the file (errors name the latter).
    labels: dict[str, str]

    def error(self, key: str, row: int | None = None, column: str | None = None, **kw: object) -> InputError:
        shown = self.labels.get(column, column) if column else None
        return InputError(key, file=self.src.name, sheet=self.sheet, row=row, column=shown, **kw)  # type: ignore[arg-type]

    def require(self, columns: Iterable[str]) -> None:
        missing = [c for c in columns if c not in self.header]
        if missing:
            raise self.error("input.missing_columns", row=1, columns=", ".join(missing))


def read_rows(src: SourceFile, aliases: dict[str, str] | None = None) -> Rows:
    """Every non-empty row, with the spreadsheet row number a person would look for."""
    aliases = aliases or {}
    if src.container == "xlsx":
        sheet, header, data = read_xlsx_rows(src)
    else:
        sheet = None
        try:
            with src.open_text() as f:
                reader = csv.reader(f)
                header = next(reader, [])
                data = []
                for number, cells in enumerate(reader, start=2):
                    if not any(c.strip() for c in cells):
                        continue
                    if len(cells) != len(header):
                        raise InputError(
                            "input.truncated",
                            file=src.name,
                            row=number,
                            expected=f"{len(header)} 列",
                            found=f"{len(cells)} 列",
                        )
                    data.append((number, [c.strip() or None for c in cells]))
        except UnicodeDecodeError as exc:
            raise InputError("input.encoding", file=src.name) from exc
        except (EOFError, OSError) as exc:
            raise InputError("input.truncated", file=src.name, found=str(exc)) from exc
    labels = {aliases.get(h.strip(), h.strip()): h.strip() for h in header}
    header = [aliases.get(h.strip(), h.strip()) for h in header]
    rows = [Row(n, dict(zip(header, values, strict=False))) for n, values in data]
    if not rows:
        raise InputError("input.empty", file=src.name, sheet=sheet)
    return Rows(src, sheet, header, rows, labels)


def parse_decimal(rows: Rows, row: Row, column: str, required: bool = True) -> Decimal | None:
    value = row.values.get(column)
    if value is None:
        if required:
            raise rows.error("input.null_mandatory", row.number, column)
        return None
    try:
        number = Decimal(value.replace(",", "").replace("¥", "").replace("円", ""))
    except InvalidOperation:
        raise rows.error("input.bad_decimal", row.number, column, expected="数値", found=value) from None
    if not number.is_finite():
        raise rows.error("input.bad_decimal", row.number, column, expected="数値", found=value)
    return number


def required_text(rows: Rows, row: Row, column: str) -> str:
    value = row.values.get(column)
    if value is None:
        raise rows.error("input.null_mandatory", row.number, column)
    return value


def check_unique(rows: Rows, key: Callable[[Row], object], column: str) -> None:
    seen: dict[object, int] = {}
    for row in rows.rows:
        k = key(row)
        if k in seen:
            raise rows.error("input.duplicate_key", row.number, column, first_row=seen[k])
        seen[k] = row.number
