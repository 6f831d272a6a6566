"""FX rates: ``month,currency,jpy_per_unit`` (e.g. ``2025-10,USD,151.23``), one rate a month and currency."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from govcost.ingest.base import IMPORTERS
from govcost.ingest.reference import ReferenceImporter
from govcost.ingest.tabular import Rows, check_unique, parse_decimal, required_text

_MONTH = re.compile(r"^(\d{4})[-/](\d{1,2})(?:[-/]0?1)?$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def parse_month(rows: Rows, number: int, column: str, value: str) -> dt.date:
    m = _MONTH.match(value.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise rows.error("input.bad_month", number, column, expected="YYYY-MM", found=value)
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


@IMPORTERS.register("fx-rates")
class FxRatesImporter(ReferenceImporter):
    """Monthly exchange rates to yen; ``billed_cost_jpy`` uses the rate of the billing month."""

    label = "為替レート表"
    table = "fx_rates"
    key_columns = ("month", "currency")
    columns = ("month", "currency", "jpy_per_unit")

    @classmethod
    def detect(cls, header: list[str]) -> bool:
        return {"month", "currency", "jpy_per_unit"} <= {h.strip() for h in header}

    def parse(self, rows: Rows) -> list[tuple[Any, ...]]:
        rows.require(self.columns)
        out = []
        for row in rows.rows:
            month = parse_month(rows, row.number, "month", required_text(rows, row, "month"))
            currency = required_text(rows, row, "currency").upper()
            if not _CURRENCY.match(currency):
                raise rows.error(
                    "input.bad_value",
                    row.number,
                    "currency",
                    expected="ISO 4217 通貨コード (例: USD)",
                    found=currency,
                )
            rate = parse_decimal(rows, row, "jpy_per_unit")
            assert rate is not None
            if rate <= 0:
                raise rows.error("fx.nonpositive", row.number, "jpy_per_unit", found=str(rate))
            if rate != rate.quantize(rate.__class__("0.000001")):
                raise rows.error("input.too_precise", row.number, "jpy_per_unit", scale=6, found=str(rate))
            out.append((month, currency, rate))
        check_unique(
            rows,
            lambda r: (
                parse_month(rows, r.number, "month", r.values["month"] or ""),
                (r.values["currency"] or "").upper(),
            ),
            "month",
        )
        return out
