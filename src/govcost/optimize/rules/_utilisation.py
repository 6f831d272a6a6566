"""What an instance did over the look-back window: its CPU and memory statistics, the hours the bill
charged for it in the window, and so whether the metrics cover enough of them to be evidence.

Shared by ``rightsizing`` and ``idle``; a module starting with ``_`` is not loaded as a rule.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable
from dataclasses import dataclass

import ibis

from govcost.optimize.context import Context, MetricStats, Resource

CPU = "cpu_percent"
MEMORY = "memory_percent"
#: Metric points needed, as a share of the hours billed in the window: fewer is no evidence.
MIN_COVERAGE = 0.5
#: Coverage from which the evidence counts as complete (a finding's confidence can be high).
FULL_COVERAGE = 0.9


@dataclass(frozen=True)
class Utilisation:
    cpu: MetricStats | None
    memory: MetricStats | None
    #: Instance-hours the bill charges inside the window (rows prorated by their overlap).
    billed_hours: float

    def coverage(self, *metrics: MetricStats | None) -> float:
        """Metric points over billed hours, for the least-covered of ``metrics`` (0 if one is missing)."""
        if not self.billed_hours or any(m is None for m in metrics):
            return 0.0
        return min(m.count for m in metrics if m is not None) / self.billed_hours


#: Per context: what was read already (several rules ask for the same instances in one run).
_READ: weakref.WeakKeyDictionary[Context, dict[str, Utilisation]] = weakref.WeakKeyDictionary()


def utilisation(ctx: Context, instances: Iterable[Resource]) -> dict[str, Utilisation]:
    """Per instance: CPU and memory statistics over the window and the hours billed in it."""
    ids = [r.resource_id for r in instances]
    read = _READ.setdefault(ctx, {})
    missing = [rid for rid in ids if rid not in read]
    if missing:
        stats = ctx.metric_stats([CPU, MEMORY], missing)
        hours = billed_hours(ctx, missing)
        for rid in missing:
            read[rid] = Utilisation(stats.get((rid, CPU)), stats.get((rid, MEMORY)), hours.get(rid, 0.0))
    return {rid: read[rid] for rid in ids}


def billed_hours(ctx: Context, resource_ids: list[str]) -> dict[str, float]:
    """Instance-hours billed per resource inside the look-back window.

    The window can reach into the month before the one under review, so this reads the ledger's
    usage rows of any month; a row that straddles the window's edge counts for the share of its
    charge period inside it.
    """
    c = ctx.engine.costs()
    lo, hi = ibis.literal(ctx.window_start), ibis.literal(ctx.month_end)
    unit = c.ConsumedUnit.fill_null(c.PricingUnit)
    wanted = ibis.memtable({"rid": resource_ids}, schema={"rid": "string"})
    first = dt.datetime(ctx.window_start.year, ctx.window_start.month, 1)
    c = c.filter(
        (c.BillingPeriodStart >= ibis.literal(first))
        & (c.BillingPeriodStart < hi)
        & (c.cost_source == "cloud")
        & (c.ChargeCategory == "Usage")
        & unit.isin(["Hours", "Hrs"])
        & (c.ChargePeriodEnd > lo)
        & (c.ChargePeriodStart < hi)
    )
    c = c.semi_join(wanted, c.ResourceId == wanted.rid)
    start, end = c.ChargePeriodStart, c.ChargePeriodEnd
    inside = ibis.least(end, hi).epoch_seconds() - ibis.greatest(start, lo).epoch_seconds()
    length = end.epoch_seconds() - start.epoch_seconds()
    share = ibis.ifelse(length > 0, inside.cast("float64") / length.cast("float64"), 1.0)
    quantity = c.ConsumedQuantity.fill_null(c.PricingQuantity).cast("float64")
    agg = c.group_by(rid=c.ResourceId).aggregate(hours=(quantity * share).sum())
    return {r["rid"]: float(r["hours"] or 0.0) for r in agg.to_pyarrow().to_pylist()}


#: A resource billed within this long before the month's end still runs (a server stopped over a
#: long weekend or the year-end closure is not "already stopped").
STILL_BILLED = dt.timedelta(days=7)


def still_billed_at_month_end(ctx: Context, res: Resource, unit: str = "Hours") -> bool:
    """Whether ``res`` is billed in the month's last week: not already stopped or deleted."""
    ends = [m.last for m in res.meters_in(unit) if m.last is not None]
    return bool(ends) and max(ends) >= ctx.month_end - STILL_BILLED
