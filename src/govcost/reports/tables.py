"""Writers for a plain table (headers + rows) as CSV, JSON or XLSX, shared by every feature.

Yen values arrive as Decimals already rounded by the stated rule; they are written as exact
integers (XLSX cells get a ``#,##0`` format), never through a float with fractions.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    return value


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(headers)
    for r in rows:
        w.writerow(["" if v is None else _plain(v) for v in r])
    return buf.getvalue()


def to_json(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    return json.dumps(
        [dict(zip(headers, [_plain(v) for v in r], strict=True)) for r in rows],
        ensure_ascii=False,
        indent=2,
        default=str,
    )


def write_xlsx(path: Path, sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]]]]) -> None:
    """One worksheet per (name, headers, rows); yen columns as integers with thousands separators."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    try:
        bold = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        yen = wb.add_format({"num_format": "#,##0"})
        exact = wb.add_format({"num_format": "@"})
        for name, headers, rows in sheets:
            ws = wb.add_worksheet(name[:31])
            ws.write_row(0, 0, list(headers), bold)
            for i, r in enumerate(rows, start=1):
                for j, v in enumerate(r):
                    if isinstance(v, Decimal):
                        if v == v.to_integral_value() and abs(v) < Decimal(10) ** 15:
                            ws.write_number(i, j, int(v), yen)
                        else:
                            ws.write_string(i, j, str(v), exact)
                    elif v is None:
                        ws.write_blank(i, j, None)
                    else:
                        ws.write(i, j, v)
            ws.freeze_panes(1, 0)
            for j, h in enumerate(headers):
                ws.set_column(j, j, max(12, min(40, len(str(h)) * 2 + 2)))
    finally:
        wb.close()
