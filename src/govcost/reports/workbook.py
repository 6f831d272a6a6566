"""Workbook helpers shared by the XLSX reports: Japanese headers, yen cells, widths, filters.

A yen figure arrives as an exact :class:`~decimal.Decimal` and is rounded here, once, half up
(:func:`govcost.jp.money.round_yen`), then written as an integer with the ``#,##0`` format — never
through a float with fractions. Column widths follow the text's display width (a kanji counts two).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Self

from govcost.jp.money import round_yen

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

MIN_WIDTH = 8
MAX_WIDTH = 60
#: Integers this large lose digits as an Excel number (a double): written as text instead.
EXCEL_EXACT = 10**15


def text_width(value: object) -> int:
    """The width a value takes in a cell, in characters of a Latin font (wide characters count 2)."""
    text = str(value)
    longest = max(text.splitlines() or [""], key=len)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in longest)


@dataclass
class Column:
    """A column of a table: its header and how its cells are written."""

    header: str
    kind: str = "text"  # text | yen | int | wrap
    width: int | None = None


@dataclass
class SheetWidths:
    """The widest cell seen per column of a sheet, applied once the sheet is written."""

    widths: dict[int, int] = field(default_factory=dict)
    fixed: dict[int, int] = field(default_factory=dict)

    def see(self, col: int, value: object, cap: int = MAX_WIDTH) -> None:
        self.widths[col] = max(self.widths.get(col, MIN_WIDTH), min(cap, text_width(value) + 2))

    def apply(self, ws: Worksheet, wrap: dict[int, Format] | None = None) -> None:
        for col, width in sorted({**self.widths, **self.fixed}.items()):
            ws.set_column(col, col, width, (wrap or {}).get(col))


class Workbook:
    """An XlsxWriter workbook with the formats every govcost report uses."""

    def __init__(self, path: Path | str | BinaryIO) -> None:
        import xlsxwriter

        # Text stays text: an action starting with "=" or a URL is never turned into something else.
        options = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
        self._final: Path | None = None
        if isinstance(path, str | Path):
            # Written beside the file and renamed when whole: a report that fails half-way leaves
            # no half-written workbook under the name asked for (nor spoils an earlier one).
            self._final = Path(path)
            self._part = self._final.with_name(f".{self._final.name}.part")
            self.wb = xlsxwriter.Workbook(str(self._part), options)
        else:
            self.wb = xlsxwriter.Workbook(path, {**options, "in_memory": True})
        self.header = self.wb.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.title = self.wb.add_format({"bold": True, "font_size": 14})
        self.bold = self.wb.add_format({"bold": True})
        self.yen = self.wb.add_format({"num_format": "#,##0", "valign": "top"})
        self.yen_bold = self.wb.add_format({"num_format": "#,##0", "bold": True, "top": 1})
        self.int = self.wb.add_format({"num_format": "0", "valign": "top"})
        self.text = self.wb.add_format({"valign": "top"})
        self.exact = self.wb.add_format({"num_format": "@", "valign": "top"})
        self.wrap = self.wb.add_format({"text_wrap": True, "valign": "top"})

    def close(self) -> None:
        self.wb.close()
        if self._final is not None:
            self._part.replace(self._final)

    def abandon(self) -> None:
        """Give up the workbook: nothing is written under its name."""
        if self._final is None:
            return
        try:
            self.wb.close()
        finally:
            self._part.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abandon()

    def sheet(self, name: str) -> Worksheet:
        return self.wb.add_worksheet(name[:31])

    def write(
        self, ws: Worksheet, row: int, col: int, value: Any, kind: str = "text", bold: bool = False
    ) -> None:
        """One cell: yen rounded once and written as an integer, counts as numbers, the rest as text."""
        if value is None or value == "":
            ws.write_blank(row, col, None)
        elif kind == "yen" or isinstance(value, Decimal):
            number = round_yen(Decimal(value))
            if abs(number) < EXCEL_EXACT:
                ws.write_number(row, col, int(number), self.yen_bold if bold else self.yen)
            else:
                ws.write_string(row, col, str(number), self.exact)
        elif isinstance(value, bool):
            ws.write_string(row, col, str(value), self.text)
        elif isinstance(value, int):
            ws.write_number(row, col, value, self.int)
        elif kind == "wrap":
            ws.write_string(row, col, str(value), self.wrap)
        else:
            ws.write_string(row, col, str(value), self.bold if bold else self.text)

    def table_sheet(self, name: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> Worksheet:
        """A sheet that is one filtered table, its columns sized to what they hold."""
        ws = self.sheet(name)
        widths = SheetWidths()
        self.table(ws, 0, columns, rows, widths, filter_and_freeze=True)
        widths.apply(ws)
        return ws

    def table(
        self,
        ws: Worksheet,
        row: int,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Any]],
        widths: SheetWidths,
        *,
        total: Sequence[Any] | None = None,
        filter_and_freeze: bool = False,
    ) -> int:
        """A table with its header at ``row``; returns the first row after it.

        ``filter_and_freeze`` (one table per sheet): the header row frozen and an autofilter over
        the data. A ``total`` row is written in bold under the data, outside the filter.
        """
        for j, c in enumerate(columns):
            if c.header:
                ws.write_string(row, j, c.header, self.header)
            else:
                ws.write_blank(row, j, None, self.header)
            widths.see(j, c.header, cap=24 if c.kind in ("yen", "int") else MAX_WIDTH)
            if c.width:
                widths.fixed[j] = c.width
        for i, r in enumerate(rows, start=row + 1):
            for j, (c, v) in enumerate(zip(columns, r, strict=True)):
                self.write(ws, i, j, v, c.kind)
                widths.see(j, f"{round_yen(v):,}" if isinstance(v, Decimal) else ("" if v is None else v))
        end = row + 1 + len(rows)
        if filter_and_freeze:
            ws.freeze_panes(row + 1, 0)
            ws.autofilter(row, 0, max(row, end - 1), len(columns) - 1)
        if total is not None:
            for j, (c, v) in enumerate(zip(columns, total, strict=True)):
                self.write(ws, end, j, v, c.kind, bold=True)
            end += 1
        return end
