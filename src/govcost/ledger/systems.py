"""Systems (システム): the ledger's costs by ``system_id``, for a scope of municipalities.

:func:`list_systems` gives one line per system — its businesses, its usage (単独 / 共同), its cloud
accounts and what it cost in the latest fiscal year of the scope — and :func:`system_detail` one
system's accounts, its costs by month and cost source, and by cost source and service.

The money comes from the table given (the ledger's rows, or the ledger with its shared costs
allocated to the members of jointly used systems: ``Engine.allocated_costs``), always filtered by
``municipality_code`` in the query. The accounts come from the account map and the cloud rows of
the ledger as registered, in the same scope: a member of a joint system sees the accounts
registered to it, not the lead municipality's. A system with no row in the scope does not exist
for it (:func:`system_detail` returns None).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import ibis

from govcost.jp.calendar import fiscal_year
from govcost.ledger.summary import Summary, SummaryRow, _axis

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from govcost.engine import Engine


@dataclass(frozen=True)
class SystemAccount:
    """A cloud account of a system (an AWS account, an Azure subscription, …)."""

    provider: str
    account_id: str
    account_name: str | None
    environment: str | None


@dataclass
class SystemLine:
    """One system in a scope: ``system_id`` None gathers the rows no system is assigned to."""

    system_id: str | None
    businesses: list[str] = field(default_factory=list)
    usages: list[str] = field(default_factory=list)
    accounts: list[SystemAccount] = field(default_factory=list)
    rows: int = 0
    #: What the system cost in the fiscal year of the list (unrounded yen).
    fiscal_year_jpy: Decimal = Decimal(0)
    #: What it cost over every period in the ledger.
    total_jpy: Decimal = Decimal(0)


@dataclass(frozen=True)
class CostGroup:
    """A system's rows of one month, cost source and service: how many, and their yen (unrounded)."""

    month: str | None
    cost_source: str | None
    service: str | None
    rows: int
    cost_jpy: Decimal


@dataclass
class SystemList:
    #: The latest fiscal year (its starting year) with costs in the scope; None with no costs.
    fiscal_year: int | None
    systems: list[SystemLine]
    #: Each system's rows by month, cost source and service (what its detail totals).
    groups: dict[str | None, list[CostGroup]] = field(default_factory=dict, repr=False)

    @property
    def fiscal_year_jpy(self) -> Decimal:
        return sum((s.fiscal_year_jpy for s in self.systems), Decimal(0))

    def detail(self, system_id: str) -> SystemDetail | None:
        """One system of the list; None if the list has no such system."""
        line = next((s for s in self.systems if s.system_id == system_id), None)
        if line is None:
            return None
        groups = self.groups.get(system_id, [])
        return SystemDetail(
            line,
            self.fiscal_year,
            _summarise(groups, ("month", "cost_source")),
            _summarise(groups, ("cost_source", "service")),
        )


@dataclass
class SystemDetail:
    line: SystemLine
    fiscal_year: int | None
    #: Costs by month and cost source (``Summary`` by ``["month", "cost_source"]``).
    monthly: Summary
    #: Costs by cost source and service (``Summary`` by ``["cost_source", "service"]``).
    by_service: Summary


def _scoped(costs: ir.Table, municipalities: Sequence[str] | None) -> ir.Table:
    if municipalities is None:
        return costs
    return costs.filter(costs.municipality_code.isin(list(municipalities)))


def _accounts(engine: Engine, municipalities: Sequence[str] | None) -> dict[str | None, list[SystemAccount]]:
    """The cloud accounts of each system in the scope: the account map's, then those only the cloud
    rows name (resources assigned by tags), each account once."""
    found: dict[str | None, dict[tuple[str, str], SystemAccount]] = {}
    amap = engine.ibis.table("account_map")
    amap = _scoped(amap, municipalities)
    for r in amap.select("system_id", "provider", "account_id", "environment").to_pyarrow().to_pylist():
        found.setdefault(r["system_id"], {})[(r["provider"], r["account_id"])] = SystemAccount(
            r["provider"], r["account_id"], None, r["environment"]
        )
    costs = _scoped(engine.costs(), municipalities)
    cloud = costs.filter(costs.cost_source == "cloud")
    seen = (
        cloud.select(
            system_id=cloud.system_id,
            provider=cloud.provider,
            account_id=ibis.coalesce(cloud.SubAccountId, cloud.BillingAccountId),
            account_name=cloud.SubAccountName,
            environment=cloud.environment,
        )
        .filter(ibis._.account_id.notnull())
        .distinct()
        .order_by("system_id", "provider", "account_id")
    )
    for r in seen.to_pyarrow().to_pylist():
        accounts = found.setdefault(r["system_id"], {})
        key = (r["provider"] or "", r["account_id"])
        known = accounts.get(key)
        accounts[key] = SystemAccount(
            key[0],
            key[1],
            r["account_name"] or (known.account_name if known else None),
            known.environment if known and known.environment else r["environment"],
        )
    return {
        sid: sorted(accts.values(), key=lambda a: (a.provider, a.environment or "", a.account_id))
        for sid, accts in found.items()
    }


def _fiscal_year(month: str | None) -> int | None:
    """The fiscal year (April–March, by its starting year) of a ``YYYY-MM`` month."""
    if not month:
        return None
    return fiscal_year(dt.date(int(month[:4]), int(month[5:7]), 1))


def _groups(costs: ir.Table) -> list[tuple[str | None, str | None, str | None, CostGroup]]:
    """The rows in one grouped query: (system, business, usage, their month × cost source × service)."""
    expr = costs.group_by(
        system_id=costs.system_id,
        business=costs.business,
        usage=costs.usage,
        month=_axis(costs, "month"),
        cost_source=costs.cost_source,
        service=_axis(costs, "service"),
    ).aggregate(rows=costs.count(), cost=costs.billed_cost_jpy.sum())
    expr = expr.order_by("system_id", "business", "usage", "month", "cost_source", "service")
    return [
        (
            r["system_id"],
            r["business"],
            r["usage"],
            CostGroup(r["month"], r["cost_source"], r["service"], int(r["rows"]), r["cost"] or Decimal(0)),
        )
        for r in expr.to_pyarrow().to_pylist()
    ]


def _summarise(groups: list[CostGroup], by: tuple[str, ...]) -> Summary:
    """The groups totalled by some of their keys, ordered by them (an empty key last)."""
    totals: dict[tuple[Any, ...], list[Any]] = {}
    for g in groups:
        keys = tuple(getattr(g, name) for name in by)
        entry = totals.setdefault(keys, [0, Decimal(0)])
        entry[0] += g.rows
        entry[1] += g.cost_jpy
    ordered = sorted(totals.items(), key=lambda kv: [(v is None, v or "") for v in kv[0]])
    return Summary(
        list(by),
        [SummaryRow(dict(zip(by, keys, strict=True)), rows, cost) for keys, (rows, cost) in ordered],
    )


def list_systems(
    engine: Engine, *, municipalities: Sequence[str] | None = None, costs: ir.Table | None = None
) -> SystemList:
    """Every system with costs (or an account) in the scope, the largest in the fiscal year first,
    the rows without a system last; with what :meth:`SystemList.detail` needs for each of them."""
    table = _scoped(engine.costs() if costs is None else costs, municipalities)
    found = _groups(table)
    years = [fy for *_, g in found if (fy := _fiscal_year(g.month)) is not None]
    fiscal_year = max(years) if years else None
    lines: dict[str | None, SystemLine] = {}
    groups: dict[str | None, list[CostGroup]] = {}
    for system_id, business, usage, g in found:
        line = lines.setdefault(system_id, SystemLine(system_id))
        if business and business not in line.businesses:
            line.businesses.append(business)
        if usage and usage not in line.usages:
            line.usages.append(usage)
        line.rows += g.rows
        line.total_jpy += g.cost_jpy
        if fiscal_year is not None and _fiscal_year(g.month) == fiscal_year:
            line.fiscal_year_jpy += g.cost_jpy
        groups.setdefault(system_id, []).append(g)
    for system_id, accounts in _accounts(engine, municipalities).items():
        lines.setdefault(system_id, SystemLine(system_id)).accounts = accounts
    for line in lines.values():
        line.businesses.sort()
        line.usages.sort()
    ordered = sorted(
        lines.values(), key=lambda s: (s.system_id is None, -s.fiscal_year_jpy, s.system_id or "")
    )
    return SystemList(fiscal_year, ordered, groups)


def system_detail(
    engine: Engine,
    system_id: str,
    *,
    municipalities: Sequence[str] | None = None,
    costs: ir.Table | None = None,
) -> SystemDetail | None:
    """One system as the scope sees it; None when the scope has neither a cost row nor an account
    of it (another municipality's system, or no such system)."""
    return list_systems(engine, municipalities=municipalities, costs=costs).detail(system_id)
