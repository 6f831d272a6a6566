"""What the KPIs read from the ledger (``Engine.costs()``, or any table with its columns), through
Ibis: the months it covers, the monthly totals by municipality and cost source, the monthly totals
by system, and the lines of one system in a month.

Months follow the billing period (``BillingPeriodStart``), as invoices and budgets do. Amounts are
the exact ``billed_cost_jpy`` sums (DECIMAL); nothing is rounded here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import ibis.expr.types as ir


@dataclass(frozen=True)
class Cell:
    """The cost of one municipality (None: not assigned to one) in one month from one cost source."""

    municipality_code: str | None
    month: dt.date
    cost_source: str
    cost_jpy: Decimal


@dataclass(frozen=True)
class SystemMonth:
    system_id: str
    municipality_code: str | None
    month: dt.date
    cost_jpy: Decimal


@dataclass(frozen=True)
class LineKey:
    """What identifies a ledger line from one month to the next."""

    service: str | None
    charge_category: str | None
    charge_description: str | None
    resource_id: str | None
    resource_name: str | None


def _month(costs: ir.Table) -> ir.Value:
    return costs.BillingPeriodStart.truncate("M").cast("date")


def _scoped(costs: ir.Table, municipality: str | None) -> ir.Table:
    if municipality is not None:
        costs = costs.filter(costs.municipality_code == municipality)
    return costs


def _yen(value: Decimal | None) -> Decimal:
    """An exact sum from the ledger, its trailing zeros dropped (DECIMAL(38, 18) carries 18 places), so
    that adding many of them stays exact within Python's 28 significant digits."""
    return Decimal(0) if value is None else value.normalize()


def _as_date(value: object) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value  # type: ignore[return-value]


def ledger_months(costs: ir.Table) -> list[dt.date]:
    """Every month with at least one cost row in the whole ledger (what it covers), in order."""
    expr = costs.select(month=_month(costs)).distinct().order_by("month")
    return [_as_date(v) for v in expr.to_pyarrow().column("month").to_pylist() if v is not None]


def monthly_totals(costs: ir.Table, municipality: str | None = None) -> list[Cell]:
    """The ledger summed by municipality, month and cost source."""
    costs = _scoped(costs, municipality)
    expr = costs.group_by(
        municipality_code=costs.municipality_code, month=_month(costs), cost_source=costs.cost_source
    ).aggregate(cost=costs.billed_cost_jpy.sum())
    return [
        Cell(r["municipality_code"], _as_date(r["month"]), r["cost_source"] or "", _yen(r["cost"]))
        for r in expr.to_pyarrow().to_pylist()
    ]


def system_months(
    costs: ir.Table, municipality: str | None, cost_sources: Sequence[str]
) -> list[SystemMonth]:
    """The ledger summed by system and month (rows without a system left out), in the given cost
    sources only."""
    costs = _scoped(costs, municipality)
    costs = costs.filter(costs.system_id.notnull() & costs.cost_source.isin(list(cost_sources)))
    expr = costs.group_by(
        system_id=costs.system_id, municipality_code=costs.municipality_code, month=_month(costs)
    ).aggregate(cost=costs.billed_cost_jpy.sum())
    return [
        SystemMonth(r["system_id"], r["municipality_code"], _as_date(r["month"]), _yen(r["cost"]))
        for r in expr.to_pyarrow().to_pylist()
    ]


def system_lines(
    costs: ir.Table,
    system_id: str,
    municipality: str | None,
    cost_sources: Sequence[str],
    months: Sequence[dt.date],
) -> dict[LineKey, dict[dt.date, Decimal]]:
    """One system's lines in the given months: line → month → cost."""
    costs = _scoped(costs, municipality)
    month = _month(costs)
    costs = costs.filter(
        (costs.system_id == system_id) & costs.cost_source.isin(list(cost_sources)) & month.isin(list(months))
    )
    expr = costs.group_by(
        service=costs.ServiceName,
        charge_category=costs.ChargeCategory,
        charge_description=costs.ChargeDescription,
        resource_id=costs.ResourceId,
        resource_name=costs.ResourceName,
        month=_month(costs),
    ).aggregate(cost=costs.billed_cost_jpy.sum())
    out: dict[LineKey, dict[dt.date, Decimal]] = {}
    for r in expr.to_pyarrow().to_pylist():
        key = LineKey(
            r["service"], r["charge_category"], r["charge_description"], r["resource_id"], r["resource_name"]
        )
        out.setdefault(key, {})[_as_date(r["month"])] = _yen(r["cost"])
    return out
