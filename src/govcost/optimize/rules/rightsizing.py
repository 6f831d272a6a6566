"""``rightsizing``: instances whose measured load fits in a smaller size."""

from __future__ import annotations

from decimal import Decimal

from govcost.messages import msg
from govcost.optimize.base import RULES, Confidence, Finding, Rule
from govcost.optimize.context import Context, Resource
from govcost.optimize.instances import SIZES, SUCCESSORS, InstanceType, parse_type
from govcost.optimize.rules._standby import is_standby
from govcost.optimize.rules._utilisation import FULL_COVERAGE, MIN_COVERAGE, Utilisation, utilisation


@RULES.register("rightsizing")
class RightsizingRule(Rule):
    """An instance whose 95th-percentile CPU and memory over the look-back window would still fit,
    with the system's headroom, in a smaller size: the smallest size of the same family (of the
    current family for a previous-generation one) where ``p95 × current / new`` stays at or below
    ``100 − headroom_percent`` % for both vCPUs and memory.

    The saving is the instance-hour cost of the month times the share the smaller size takes off.
    Within a family whose sizes scale vCPUs and memory together, prices are proportional to the
    size, so the bill's own price scales (``keeps = new GiB / current GiB``); otherwise (another
    family, burstable sizes) the catalog's price for the new type is set against the bill's list
    price. DR standby instances are left to ``dr-configuration``; an instance whose metrics cover
    under half of the hours billed in the window is skipped (no evidence). Example finding::

        rule: rightsizing   resource: i-02784378ff84f16b3 (fukushi-k03-prd-ap01, m6i.4xlarge)
        evidence: cpu_p95 5.5 %, memory_p95 16.1 %, headroom 30 % (limit 70 %), 720 points over
                  720 billed hours → m6i.xlarge: cpu 22.0 %, memory 64.2 %; keeps 0.25
        action: インスタンスサイズを m6i.4xlarge から m6i.xlarge に変更してください …
    """

    guide_ref = msg("rule.rightsizing.guide_ref")
    title = msg("rule.rightsizing.title")

    def evaluate(self, ctx: Context) -> list[Finding]:
        candidates = [r for r in ctx.instances() if r.instance_type is not None and not is_standby(ctx, r)]
        usage = utilisation(ctx, candidates)
        out = []
        for res in candidates:
            finding = self._check(ctx, res, usage[res.resource_id])
            if finding is not None:
                out.append(finding)
        return out

    def _check(self, ctx: Context, res: Resource, use: Utilisation) -> Finding | None:
        itype = res.instance_type
        if itype is None or use.cpu is None or use.memory is None:
            return None
        coverage = use.coverage(use.cpu, use.memory)
        if coverage < MIN_COVERAGE:
            return None
        headroom = ctx.system_settings(res).headroom_percent
        limit = 100.0 - headroom
        new = smallest_fit(itype, use.cpu.p95, use.memory.p95, limit)
        if new is None:
            return None
        price = _new_price(ctx, res, itype, new)
        if price is None:
            return None
        keeps, basis, current_usd, new_usd = price
        if keeps >= 1:
            return None
        hours_cost = sum((m.cost_jpy for m in res.meters_in("Hours")), Decimal(0))
        cost = res.cost_jpy
        saving = hours_cost * (1 - keeps)
        if saving <= 0:
            return None
        share_kept = keeps if hours_cost == cost else 1 - saving / cost
        confidence: Confidence = "high" if coverage >= FULL_COVERAGE and basis != "estimate" else "medium"
        if basis == "estimate":
            confidence = "low"
        cpu_new = use.cpu.p95 * itype.vcpu / new.vcpu
        memory_new = use.memory.p95 * itype.memory_gib / new.memory_gib
        return self.finding(
            ctx,
            res.resource_id,
            action=msg(
                "rule.rightsizing.action",
                current=itype.name,
                recommended=new.name,
                cpu=f"{use.cpu.p95:.1f}",
                memory=f"{use.memory.p95:.1f}",
                cpu_new=f"{cpu_new:.1f}",
                memory_new=f"{memory_new:.1f}",
                limit=f"{limit:g}",
            ),
            monthly_saving_jpy=saving,
            evidence={
                "instance_type": itype.name,
                "vcpu": itype.vcpu,
                "memory_gib": itype.memory_gib,
                "operating_system": res.operating_system,
                "recommended_type": new.name,
                "recommended_vcpu": new.vcpu,
                "recommended_memory_gib": new.memory_gib,
                "cpu_p95_percent": use.cpu.p95,
                "cpu_max_percent": use.cpu.maximum,
                "memory_p95_percent": use.memory.p95,
                "memory_max_percent": use.memory.maximum,
                "cpu_p95_after_percent": cpu_new,
                "memory_p95_after_percent": memory_new,
                "headroom_percent": headroom,
                "limit_percent": limit,
                "metric_points": min(use.cpu.count, use.memory.count),
                "billed_hours_in_window": use.billed_hours,
                "window_start": ctx.window_start,
                "window_end": ctx.month_end,
                "price_basis": basis,
                "current_price_usd_per_hour": current_usd,
                "recommended_price_usd_per_hour": new_usd,
                "hours": res.hours,
                "instance_hours_cost_jpy": hours_cost,
                "monthly_cost_jpy": cost,
            },
            confidence=confidence,
            keeps=share_kept,
        )


def smallest_fit(itype: InstanceType, cpu_p95: float, memory_p95: float, limit: float) -> InstanceType | None:
    """The smallest type, strictly smaller than ``itype``, of its family (or of the current family
    that replaces a previous-generation one) that keeps both p95s, scaled, at or below ``limit`` %."""
    family = SUCCESSORS.get(itype.family, itype.family)
    for size in SIZES:
        new = parse_type(f"{family}.{size}")
        if new is None or new.vcpu > itype.vcpu or new.memory_gib > itype.memory_gib:
            continue
        if new.vcpu == itype.vcpu and new.memory_gib == itype.memory_gib:
            continue
        if (
            cpu_p95 * itype.vcpu / new.vcpu <= limit
            and memory_p95 * itype.memory_gib / new.memory_gib <= limit
        ):
            return new
    return None


def _new_price(
    ctx: Context, res: Resource, itype: InstanceType, new: InstanceType
) -> tuple[Decimal, str, Decimal | None, Decimal | None] | None:
    """``(keeps, basis, current USD/h, new USD/h)``: the share of the hourly price the new size keeps.

    ``proportional``: same family, vCPUs and memory scale together, so the price does too (the
    bill's price times the ratio). ``catalog``: the catalog's price for the new type over the bill's
    list price (or the catalog's for the running type); for a previous-generation family, over the
    catalog's price of the current family's same size, the generation step being
    ``old-generation``'s. ``estimate``: neither known, the memory ratio (low confidence).
    """
    ratio = _decimal(new.memory_gib) / _decimal(itype.memory_gib)
    vcpu_ratio = Decimal(new.vcpu) / Decimal(itype.vcpu)
    current = ctx.hourly_list_price(res)
    if new.family == itype.family and ratio == vcpu_ratio:
        return ratio, "proportional", current, current * ratio if current is not None else None
    price = ctx.catalog.get(res.region_id or "", "ec2", new.name, res.operating_system)
    if itype.successor and new.family != itype.family:
        # The generation step is old-generation's finding: price the size step against the current
        # family's same size, so that the two findings' keeps multiply to the whole change.
        same_size = ctx.catalog.get(res.region_id or "", "ec2", itype.successor, res.operating_system)
        if price is not None and same_size is not None:
            return price.usd / same_size.usd, "catalog", same_size.usd, price.usd
    if price is not None and current:
        return price.usd / current, "catalog", current, price.usd
    return ratio, "estimate", current, None


def _decimal(value: float) -> Decimal:
    return Decimal(str(value))
