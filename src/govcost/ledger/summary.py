"""Totals in yen by any of the ledger's axes, rounded to the yen once, at the end."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from govcost.errors import UsageError
from govcost.jp.calendar import fiscal_year_label
from govcost.jp.codes import municipality_name
from govcost.jp.money import round_yen
from govcost.messages import current_language, t
from govcost.schema.columns import JPY_SCALE, MONEY_PRECISION, RATE_SCALE

if TYPE_CHECKING:
    from govcost.engine import Engine

#: Short Japanese names of the cost sources, as a summary shows them.
COST_SOURCE_LABELS = {
    "cloud": "クラウド利用料",
    "software": "ソフトウェア借料",
    "operations": "運用作業",
    "operations_assistant": "運用管理補助委託",
    "network": "接続回線",
    "equipment": "機器借料",
    "other": "その他",
}

#: Grouping name → (label key, the ledger expression). Months and fiscal years follow the billing
#: period, as invoices and budgets do.
GROUPINGS = ("municipality", "business", "environment", "cost_source", "service", "month", "fiscal_year")


def _axis(costs: ir.Table, name: str) -> ir.Value:
    if name == "municipality":
        return costs.municipality_code
    if name == "business":
        return costs.business
    if name == "environment":
        return costs.environment
    if name == "cost_source":
        return costs.cost_source
    if name == "service":
        return costs.ServiceName
    if name == "month":
        return costs.BillingPeriodStart.strftime("%Y-%m")
    if name == "fiscal_year":
        start = costs.BillingPeriodStart
        return ibis.ifelse(start.month() >= 4, start.year(), start.year() - 1)
    raise UsageError("ledger.unknown_grouping", name=name, allowed=", ".join(GROUPINGS))


@dataclass
class SummaryRow:
    keys: dict[str, str]
    rows: int
    cost_jpy: Decimal  # unrounded; round_yen() when shown

    @property
    def yen(self) -> Decimal:
        return round_yen(self.cost_jpy)


@dataclass
class Summary:
    by: list[str]
    rows: list[SummaryRow]

    @property
    def total_jpy(self) -> Decimal:
        return sum((r.cost_jpy for r in self.rows), Decimal(0))

    def headers(self, lang: str | None = None) -> list[str]:
        out = []
        for name in self.by:
            out.append(t(f"label.{name}", lang))
            if name == "municipality":
                out.append(t("label.municipality_name", lang))
        return [*out, t("label.rows", lang), t("label.cost_jpy", lang)]

    def records(self, lang: str | None = None) -> list[list[object]]:
        """Rows as displayed: keys (with names and 未割当), row count, yen rounded once."""
        out: list[list[object]] = []
        lang_is_ja = (lang or current_language()) == "ja"
        for r in self.rows:
            cells: list[object] = []
            for name in self.by:
                value = r.keys[name]
                if name == "municipality":
                    cells += [value or t("label.unassigned", lang), municipality_name(value) or ""]
                elif name == "fiscal_year" and value is not None:
                    cells.append(fiscal_year_label(int(value)) if lang_is_ja else value)
                elif name == "cost_source" and value is not None and lang_is_ja:
                    cells.append(COST_SOURCE_LABELS.get(value, value))
                else:
                    cells.append(value if value is not None else t("label.unassigned", lang))
            out.append([*cells, r.rows, r.yen])
        return out


def _with_rates(engine: Engine, costs: ir.Table, fx: Path) -> ir.Table:
    """The ledger with billed_cost_jpy recomputed from BilledCost under another rate table."""
    from govcost.ingest.formats.fx_rates import FxRatesImporter
    from govcost.ingest.source import SourceFile
    from govcost.ingest.tabular import read_rows

    records = FxRatesImporter().parse(read_rows(SourceFile(fx)))
    rates = ibis.memtable(
        {"_m": [r[0] for r in records], "_c": [r[1] for r in records], "_r": [str(r[2]) for r in records]}
    )
    rates = rates.select(_m=rates._m.cast("date"), _c=rates._c, _r=rates._r.cast(dt.Decimal(18, RATE_SCALE)))
    month = costs.BillingPeriodStart.truncate("M").cast("date")
    joined = costs.left_join(rates, [month == rates._m, costs.BillingCurrency == rates._c]).select(
        costs, rates._r
    )
    rate = ibis.ifelse(
        joined.BillingCurrency == "JPY", ibis.literal(1).cast(dt.Decimal(18, RATE_SCALE)), joined._r
    )
    return joined.mutate(
        fx_jpy_per_unit=ibis.coalesce(rate, joined.fx_jpy_per_unit),
        billed_cost_jpy=ibis.coalesce(
            (joined.BilledCost * rate).cast(dt.Decimal(MONEY_PRECISION, JPY_SCALE)), joined.billed_cost_jpy
        ),
    ).drop("_r")


def summarise(
    engine: Engine, by: list[str], fx: Path | None = None, municipalities: Sequence[str] | None = None
) -> Summary:
    """Totals in yen by the groupings asked for; ``municipalities`` keeps only those (a user's scope)."""
    costs = engine.costs()
    if municipalities is not None:
        costs = costs.filter(costs.municipality_code.isin(list(municipalities)))
    if fx is not None:
        costs = _with_rates(engine, costs, fx)
    keys = {name: _axis(costs, name).cast("string") for name in by}
    if keys:
        expr = costs.group_by(**keys).aggregate(rows=costs.count(), cost=costs.billed_cost_jpy.sum())
        expr = expr.order_by(*by)
    else:
        expr = costs.aggregate(rows=costs.count(), cost=costs.billed_cost_jpy.sum())
    rows = []
    for rec in expr.to_pyarrow().to_pylist():
        rows.append(SummaryRow({n: rec[n] for n in by}, int(rec["rows"]), rec["cost"] or Decimal(0)))
    return Summary(by, rows)
