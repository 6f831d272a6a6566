"""Tables as the pages show them and as they download (CSV, XLSX): one shape for both."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fastapi.responses import Response

from govcost.jp.money import round_yen


@dataclass
class Table:
    name: str
    headers: list[str]
    rows: list[list[Any]]
    #: Columns holding yen (shown with thousands separators, written as integers).
    yen_columns: set[int] = field(default_factory=set)

    def cells(self) -> list[list[Any]]:
        out = []
        for row in self.rows:
            out.append(
                [
                    round_yen(v) if i in self.yen_columns and isinstance(v, Decimal) else v
                    for i, v in enumerate(row)
                ]
            )
        return out


def download(table: Table, fmt: str) -> Response:
    """The table as CSV (UTF-8 with BOM, for Excel) or XLSX."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(table.headers)
        for row in table.cells():
            writer.writerow(["" if v is None else v for v in row])
        return Response(
            ("\ufeff" + buf.getvalue()).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{table.name}.csv"'},
        )
    if fmt == "xlsx":
        from govcost.reports.workbook import Column, SheetWidths, Workbook

        out = io.BytesIO()
        # Yen columns as yen (rounded once, integers); other exact decimals as their text.
        columns = [
            Column(h, "yen" if i in table.yen_columns else "text") for i, h in enumerate(table.headers)
        ]
        rows = [
            [
                f"{v.normalize():f}" if isinstance(v, Decimal) and i not in table.yen_columns else v
                for i, v in enumerate(r)
            ]
            for r in table.rows
        ]
        with Workbook(out) as wb:
            ws = wb.sheet(table.name)
            widths = SheetWidths()
            wb.table(ws, 0, columns, rows, widths, filter_and_freeze=True)
            widths.apply(ws)
        return Response(
            out.getvalue(),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{table.name}.xlsx"'},
        )
    return Response(status_code=404)
