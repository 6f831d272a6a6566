"""``idle``: resources billed for doing nothing — idle servers, unattached addresses, unused load
balancers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from govcost.messages import msg
from govcost.optimize.base import RULES, Finding, Rule
from govcost.optimize.context import Context, Resource
from govcost.optimize.rules._standby import is_standby
from govcost.optimize.rules._utilisation import (
    FULL_COVERAGE,
    MIN_COVERAGE,
    Utilisation,
    still_billed_at_month_end,
    utilisation,
)

#: An instance whose CPU never reaches this (%) over the whole window does no work.
MAX_CPU_PERCENT = 3.0
#: A load balancer using less than this many LCUs per hour it exists carries no traffic (one LCU
#: is 1 GB an hour processed, 25 new connections a second or 3,000 active ones).
MAX_LCU_PER_HOUR = Decimal("0.01")
#: ... and processing less than this many GB over the month, where the bill shows bytes.
MAX_PROCESSED_GB = Decimal(1)
LCU_UNITS = ("LCU-Hrs", "LCU-Hours", "NLCU-Hrs", "GLCU-Hrs")
GB_UNITS = ("GB",)
#: An address billed idle within the month's last day is idle still (it is billed every hour).
_LAST_DAY = dt.timedelta(days=1)


@RULES.register("idle")
class IdleRule(Rule):
    """Resources with no meaningful use in the month, billed all the same:

    - instances still running whose CPU stayed below 3 % at every hour of the look-back window
      (metrics covering at least half the hours billed in it), except DR standby servers, which
      ``dr-configuration`` weighs against the non-functional requirement;
    - Elastic IP addresses billed as idle (``ElasticIP:IdleAddress``: attached to nothing);
    - load balancers that exist all month but use ~0 LCUs (< 0.01 per hour) and process < 1 GB.

    Removing them saves the month's cost (``keeps`` 0). Example finding::

        rule: idle   resource: arn:aws:elasticloadbalancing:…:loadbalancer/app/zei-131032-stg-alb/…
        evidence: lb_hours 744, lcu_hours 0.12 (0.00016 an hour), monthly_cost_jpy 2,845
        action: ロードバランサー zei-131032-stg-alb はこの月ほとんど通信がありません …
    """

    guide_ref = msg("rule.idle.guide_ref")
    title = msg("rule.idle.title")

    def evaluate(self, ctx: Context) -> list[Finding]:
        out = self._instances(ctx)
        for res in ctx.resources.values():
            finding = self._address(ctx, res) or self._load_balancer(ctx, res)
            if finding is not None:
                out.append(finding)
        return out

    # --- servers ------------------------------------------------------------------------------
    def _instances(self, ctx: Context) -> list[Finding]:
        candidates = [
            r for r in ctx.instances() if not is_standby(ctx, r) and still_billed_at_month_end(ctx, r)
        ]
        usage = utilisation(ctx, candidates)
        out = []
        for res in candidates:
            finding = self._instance(ctx, res, usage[res.resource_id])
            if finding is not None:
                out.append(finding)
        return out

    def _instance(self, ctx: Context, res: Resource, use: Utilisation) -> Finding | None:
        if use.cpu is None:
            return None
        coverage = use.coverage(use.cpu)
        if coverage < MIN_COVERAGE or use.cpu.maximum >= MAX_CPU_PERCENT:
            return None
        cost = res.cost_jpy
        return self.finding(
            ctx,
            res.resource_id,
            action=msg(
                "rule.idle.action.instance",
                name=res.name or res.resource_id,
                days=ctx.window_days,
                cpu_max=f"{use.cpu.maximum:.1f}",
            ),
            monthly_saving_jpy=cost,
            evidence={
                "instance_type": res.instance_type_name,
                "cpu_max_percent": use.cpu.maximum,
                "cpu_p95_percent": use.cpu.p95,
                "cpu_mean_percent": use.cpu.mean,
                "threshold_percent": MAX_CPU_PERCENT,
                "metric_points": use.cpu.count,
                "billed_hours_in_window": use.billed_hours,
                "window_start": ctx.window_start,
                "window_end": ctx.month_end,
                "hours": res.hours,
                "last_billed": res.last_billed,
                "monthly_cost_jpy": cost,
            },
            confidence="high" if coverage >= FULL_COVERAGE else "medium",
            keeps=Decimal(0),
        )

    # --- addresses ----------------------------------------------------------------------------
    def _address(self, ctx: Context, res: Resource) -> Finding | None:
        idle = [m for m in res.meters if "IdleAddress" in m.sku_meter]
        if not idle:
            return None
        ends = [m.last for m in idle if m.last is not None]
        if not ends or max(ends) < ctx.month_end - _LAST_DAY:
            return None  # attached (or released) since
        cost = res.cost_jpy
        idle_hours = sum((m.quantity for m in idle), Decimal(0))
        return self.finding(
            ctx,
            res.resource_id,
            action=msg("rule.idle.action.address", name=res.name or res.resource_id),
            monthly_saving_jpy=cost,
            evidence={
                "usage_type": sorted({m.sku_meter for m in idle}),
                "idle_hours": idle_hours,
                "month_hours": ctx.month_hours,
                "idle_cost_jpy": sum((m.cost_jpy for m in idle), Decimal(0)),
                "last_billed": max(ends),
                "monthly_cost_jpy": cost,
            },
            confidence="high" if idle_hours >= ctx.month_hours else "medium",
            keeps=Decimal(0),
        )

    # --- load balancers -----------------------------------------------------------------------
    def _load_balancer(self, ctx: Context, res: Resource) -> Finding | None:
        if res.resource_type != "loadbalancer" or res.provider != "aws":
            return None
        lb_hours = res.hours
        if lb_hours <= 0 or not still_billed_at_month_end(ctx, res):
            return None
        lcu = sum((res.quantity(u) for u in LCU_UNITS), Decimal(0))
        processed = sum((res.quantity(u) for u in GB_UNITS), Decimal(0))
        lcu_per_hour = lcu / lb_hours
        if lcu_per_hour >= MAX_LCU_PER_HOUR or processed >= MAX_PROCESSED_GB:
            return None
        cost = res.cost_jpy
        return self.finding(
            ctx,
            res.resource_id,
            action=msg(
                "rule.idle.action.load_balancer",
                name=res.name or res.resource_id,
                lcu=f"{lcu_per_hour:.4f}",
            ),
            monthly_saving_jpy=cost,
            evidence={
                "lb_hours": lb_hours,
                "lcu_hours": lcu,
                "lcu_per_hour": lcu_per_hour,
                "threshold_lcu_per_hour": MAX_LCU_PER_HOUR,
                "processed_gb": processed,
                "last_billed": res.last_billed,
                "monthly_cost_jpy": cost,
            },
            confidence="high" if lb_hours >= ctx.month_hours else "medium",
            keeps=Decimal(0),
        )
