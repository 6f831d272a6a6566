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
        import xlsxwriter

        out = io.BytesIO()
        wb = xlsxwriter.Workbook(out, {"in_memory": True})
        ws = wb.add_worksheet(table.name[:31])
        head = wb.add_format({"bold": True, "bg_color": "#DDE7F0", "border": 1})
        yen = wb.add_format({"num_format": "#,##0"})
        ws.write_row(0, 0, table.headers, head)
        for r, row in enumerate(table.cells(), start=1):
            for c, value in enumerate(row):
                if isinstance(value, Decimal):
                    ws.write_number(
                        r,
                        c,
                        int(value) if c in table.yen_columns else float(value),
                        yen if c in table.yen_columns else None,
                    )
                elif value is None:
                    ws.write_blank(r, c, None)
                else:
                    ws.write(r, c, value)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(table.rows), 1), max(len(table.headers) - 1, 0))
        wb.close()
        return Response(
            out.getvalue(),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{table.name}.xlsx"'},
        )
    return Response(status_code=404)
