"""``commitments``: steady on-demand compute that a Savings Plan would bill for less, and whether the
Government Cloud volume discount can be seen in each payer's bill."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import ibis
import ibis.expr.types as ir

from govcost.messages import msg
from govcost.optimize.base import RULES, Finding, Rule
from govcost.optimize.catalog import Price, PriceCatalog
from govcost.optimize.context import JPY, Context, Resource
from govcost.optimize.rules._standby import is_standby

HOURS_A_DAY = 24
#: The rules whose changes to an instance come before a commitment: the plan is sized on what they
#: leave (a server made smaller, moved to the current generation, or removed).
RESHAPING_RULES = ("rightsizing", "old-generation", "idle")
#: The plan recommended and its catalog entry (price ratio to on demand).
PLAN = ("*", "savings-plan", "compute-1y-no-upfront")
#: A negative line whose description says it is a discount (not a one-off credit such as MAP).
_DISCOUNT_WORDS = re.compile(r"discount|割引|\bedp\b|private ?rate|volume", re.IGNORECASE)
#: A negative amount in the x_Discounts map (AWS FOCUS: {"bundled_discount": -0.12, …}).
_NEGATIVE_DISCOUNT = r'":\s*-\s*[0-9]'


@RULES.register("commitments")
class CommitmentsRule(Rule):
    """Per billing (payer) account, in the month under review:

    - the steady baseline of on-demand compute — EC2 instance-hours no Savings Plan or RI covers
      (``CommitmentDiscountId`` null), of instances that ran every day of the month and that no
      other rule will stop (not in an environment the settings allow to stop outside office hours,
      not a DR standby the requirement lets go) — is the lowest day's on-demand spend over 24 hours,
      so a plan of that size is always fully used. Each instance counts at the share of its cost
      the changes of ``rightsizing``, ``old-generation`` and ``idle`` leave (rightsize before you
      commit: a plan bought on today's spend would be left partly unused, and its saving would count
      the resized part twice). A 1-year Compute Savings Plan (no upfront) for the baseline saves
      ``baseline × month hours × (1 − price ratio)``; the ratio comes from the price catalog. A
      payer that already holds a commitment gets the same numbers as a note (an extra plan is
      sized against the existing one's use and term, at its renewal);
    - a note (informational, no saving) on whether the Government Cloud volume discount shows in
      the bill at all: a discount or credit line, a negative ``x_Discounts``, or ``ListCost`` above
      ``ContractedCost`` on on-demand usage. When none does, ask the Digital Agency or the vendor
      where it is applied.

    The finding's resource is the payer account; its saving is not a share of one resource's cost
    (``keeps`` None). Example finding::

        rule: commitments   resource: 223005401501 (A社 ガバメントクラウド管理アカウント)
        evidence: baseline 72.59 USD/h on demand (lowest day 2026-03-01, 1,742.21 USD), 59
                  instances, ratio 0.72 (catalog 2025-04-01) → commitment 52.27 USD/h, 744 hours
        action: 請求アカウント 223005401501(A社 …) では、毎日常時稼働しているインスタンスの
                オンデマンド利用が時間あたり 72.59 USD あります … 1年の Compute Savings Plans …
    """

    guide_ref = msg("rule.commitments.guide_ref")
    title = msg("rule.commitments.title")

    def evaluate(self, ctx: Context) -> list[Finding]:
        payers = _payers(ctx)
        out: list[Finding] = []
        plan = _plan_price(ctx)
        steady = _steady_instances(ctx)
        kept = _kept_after_changes(ctx)
        for payer_id, spend in sorted(_baselines(ctx, steady, kept).items()):
            payer = payers.get(payer_id)
            if payer is None:
                continue
            price = plan.get(payer.provider)
            if price is None:
                continue
            finding = self._plan(ctx, payer, spend, price)
            if finding is not None:
                out.append(finding)
        out.extend(self._discount_note(ctx, payer) for _, payer in sorted(payers.items()))
        return out

    # --- the plan -----------------------------------------------------------------------------
    def _plan(self, ctx: Context, payer: _Payer, spend: _Baseline, plan: Price) -> Finding | None:
        day = spend.lowest_day(ctx)
        if day is None:
            return None
        low_day, low_jpy, low_cost = day
        baseline_jpy = low_jpy / HOURS_A_DAY
        baseline = low_cost / HOURS_A_DAY
        if baseline_jpy <= 0:
            return None
        ratio = plan.usd
        saving = baseline_jpy * ctx.month_hours * (1 - ratio)
        covered = payer.committed_jpy > 0 or payer.commitments > 0
        evidence: dict[str, Any] = {
            "billing_currency": spend.currency,
            "baseline_per_hour": baseline,
            "baseline_jpy_per_hour": baseline_jpy,
            "lowest_day": low_day,
            "lowest_day_cost": low_cost,
            "lowest_day_jpy": low_jpy,
            "instances": len(spend.instances),
            "instances_changed_by_other_rules": len(spend.changed),
            "changes_considered": list(RESHAPING_RULES),
            "lowest_day_jpy_as_billed": spend.billed.get(low_day, Decimal(0)),
            "on_demand_month_jpy": spend.month_jpy,
            "plan": "Compute Savings Plans 1 year No Upfront",
            "price_ratio": ratio,
            "price_ratio_taken_on": plan.taken_on,
            "commitment_per_hour": baseline * ratio,
            "month_hours": ctx.month_hours,
            "existing_commitments": payer.commitments,
            "committed_usage_jpy": payer.committed_jpy,
        }
        params = {
            "payer": payer.label,
            "baseline": f"{baseline:,.2f} {spend.currency}",
            "commitment": f"{baseline * ratio:,.2f} {spend.currency}",
            "discount": f"{((1 - ratio) * 100).normalize():f}",
        }
        base = self._payer_finding(ctx, payer, spend.month_jpy, evidence)
        if covered:
            # Already committed: the remaining baseline is shown, to be weighed at the renewal.
            evidence["saving_if_extended_jpy"] = saving
            return Finding(
                **base,
                action=msg("rule.commitments.action.extend", **params),
                monthly_saving_jpy=Decimal(0),
                confidence="low",
                informational=True,
            )
        return Finding(
            **base,
            action=msg("rule.commitments.action", **params),
            monthly_saving_jpy=saving,
            confidence="high",
        )

    # --- the volume discount ------------------------------------------------------------------
    def _discount_note(self, ctx: Context, payer: _Payer) -> Finding:
        visible = payer.discount_lines > 0 or payer.negative_x_discounts > 0 or payer.negotiated_jpy > 0
        evidence: dict[str, Any] = {
            "discount_lines": payer.discount_lines,
            "discount_jpy": payer.discount_jpy,
            "other_credit_lines": payer.credit_lines,
            "other_credit_jpy": payer.credit_jpy,
            "credit_descriptions": sorted(payer.descriptions)[:5],
            "negative_x_discounts_rows": payer.negative_x_discounts,
            "list_over_contracted_jpy": payer.negotiated_jpy,
            "billed_jpy": payer.billed_jpy,
            "visible": visible,
        }
        key = "rule.commitments.discount.visible" if visible else "rule.commitments.discount.hidden"
        amount = payer.negotiated_jpy - payer.discount_jpy
        return Finding(
            **self._payer_finding(ctx, payer, payer.billed_jpy, evidence),
            action=msg(key, payer=payer.label, amount=f"{amount:,.0f}"),
            monthly_saving_jpy=Decimal(0),
            confidence="high" if not visible else "medium",
            informational=True,
        )

    def _payer_finding(
        self, ctx: Context, payer: _Payer, cost: Decimal, evidence: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "rule": self.key,
            "resource_id": payer.id,
            "resource_type": "billing-account",
            "resource_name": payer.name,
            "monthly_cost_jpy": cost,
            "evidence": evidence,
            "guide_ref": self.guide_ref,
            "keeps": None,
            "municipality_code": payer.municipality_code,
            "account_id": payer.id,
        }


# --- what the rule reads --------------------------------------------------------------------
@dataclass
class _Payer:
    id: str
    name: str | None
    provider: str
    municipality_code: str | None
    billed_jpy: Decimal = Decimal(0)
    commitments: int = 0
    committed_jpy: Decimal = Decimal(0)
    discount_lines: int = 0
    discount_jpy: Decimal = Decimal(0)
    credit_lines: int = 0
    credit_jpy: Decimal = Decimal(0)
    descriptions: set[str] = field(default_factory=set)
    negative_x_discounts: int = 0
    negotiated_jpy: Decimal = Decimal(0)

    @property
    def label(self) -> str:
        return f"{self.id}({self.name})" if self.name else self.id


@dataclass
class _Baseline:
    currency: str = ""
    instances: set[str] = field(default_factory=set)
    #: The steady instances another rule changes (resized, moved to the current generation, removed).
    changed: set[str] = field(default_factory=set)
    month_jpy: Decimal = Decimal(0)
    #: Day → (yen, billing currency) of the steady instances' on-demand hours, as they will be
    #: once the other rules' changes are made.
    days: dict[dt.date, tuple[Decimal, Decimal]] = field(default_factory=dict)
    #: Day → yen as billed (before those changes).
    billed: dict[dt.date, Decimal] = field(default_factory=dict)

    def add(self, day: dt.date, jpy: Decimal, cost: Decimal, kept: Decimal) -> None:
        have = self.days.get(day, (Decimal(0), Decimal(0)))
        self.days[day] = (have[0] + jpy * kept, have[1] + cost * kept)
        self.billed[day] = self.billed.get(day, Decimal(0)) + jpy

    def complete(self, ctx: Context) -> bool:
        return len(self.days) >= ctx.month_days

    def lowest_day(self, ctx: Context) -> tuple[dt.date, Decimal, Decimal] | None:
        """The day of the month with the least on-demand spend (a day without any is zero)."""
        if not self.complete(ctx):
            return None
        day = min(self.days, key=lambda d: (self.days[d][0], d))
        return day, *self.days[day]


def _plan_price(ctx: Context) -> dict[str, Price]:
    """Provider → the plan's price ratio: the run's catalog, else the packaged one."""
    out = {}
    for provider in ("aws", "azure", "google", "oci"):
        price = ctx.catalog.get(*PLAN, provider=provider) or PriceCatalog.load().get(*PLAN, provider=provider)
        if price is not None:
            out[provider] = price
    return out


def _steady_instances(ctx: Context) -> list[Resource]:
    """Instances billed every day of the month that no other rule will stop."""
    out = []
    for res in ctx.instances():
        days = max((m.days for m in res.meters_in("Hours")), default=0)
        if days < ctx.month_days:
            continue
        settings = ctx.system_settings(res)
        if settings.may_stop(res.environment):
            continue  # operating-hours stops it outside office hours
        if is_standby(ctx, res) and not settings.strict_dr:
            continue  # dr-configuration replaces it with backups
        out.append(res)
    return out


def _kept_after_changes(ctx: Context) -> dict[str, Decimal]:
    """Instance → the share of its cost the other rules' changes leave (rightsize before you commit:
    a plan sized on today's spend would be left partly unused once those changes are made)."""
    kept: dict[str, Decimal] = {}
    known = RULES.keys()
    for key in RESHAPING_RULES:
        if key not in known:
            continue
        for f in RULES.get(key)().evaluate(ctx):
            if f.keeps is not None and not f.informational:
                kept[f.resource_id] = kept.get(f.resource_id, Decimal(1)) * f.keeps
    return kept


def _baselines(ctx: Context, steady: list[Resource], kept: dict[str, Decimal]) -> dict[str, _Baseline]:
    """Per payer: the steady instances' on-demand (uncovered) instance-hour spend, by day, each
    instance at the share of its cost the other rules' changes leave."""
    if not steady:
        return {}
    c = ctx.costs()
    wanted = ibis.memtable({"rid": [r.resource_id for r in steady]}, schema={"rid": "string"})
    unit = c.ConsumedUnit.fill_null(c.PricingUnit)
    c = c.filter(c.CommitmentDiscountId.isnull() & unit.isin(["Hours", "Hrs"]) & c.BillingAccountId.notnull())
    c = c.semi_join(wanted, c.ResourceId == wanted.rid)
    agg = c.group_by(
        payer=c.BillingAccountId,
        rid=c.ResourceId,
        currency=c.BillingCurrency.fill_null(""),
        start=c.ChargePeriodStart,
        end=c.ChargePeriodEnd,
    ).aggregate(
        jpy=(c.EffectiveCost * c.fx_jpy_per_unit).cast(JPY).sum(),
        cost=c.EffectiveCost.sum(),
    )
    out: dict[str, _Baseline] = defaultdict(_Baseline)
    first = dt.datetime(ctx.month.year, ctx.month.month, 1)
    for r in agg.to_pyarrow().to_pylist():
        spend = out[r["payer"]]
        spend.currency = spend.currency or r["currency"]
        spend.instances.add(r["rid"])
        share_kept = kept.get(r["rid"], Decimal(1))
        if share_kept != 1:
            spend.changed.add(r["rid"])
        jpy, cost = r["jpy"] or Decimal(0), r["cost"] or Decimal(0)
        spend.month_jpy += jpy
        for day, share in _days(max(r["start"], first), min(r["end"], ctx.month_end), r["start"], r["end"]):
            spend.add(day, jpy * share, cost * share, share_kept)
    return dict(out)


def _days(
    lo: dt.datetime, hi: dt.datetime, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.date, Decimal]]:
    """The days ``[lo, hi)`` touches, each with its share of the row's period ``[start, end)``."""
    length = Decimal(int((end - start).total_seconds()))
    if length <= 0:
        return [(start.date(), Decimal(1))]
    out = []
    day = dt.datetime(lo.year, lo.month, lo.day)
    while day < hi:
        nxt = day + dt.timedelta(days=1)
        inside = (min(nxt, hi) - max(day, lo)).total_seconds()
        if inside > 0:
            out.append((day.date(), Decimal(int(inside)) / length))
        day = nxt
    return out


def _payers(ctx: Context) -> dict[str, _Payer]:
    """Every billing account of the month in scope, with what its bill says about discounts."""
    c = _month_rows(ctx)
    fx = c.fx_jpy_per_unit
    negative = c.BilledCost < 0
    text = c.ChargeDescription.fill_null("") + " " + c.ChargeCategory.fill_null("")
    is_discount = negative & text.re_search(_DISCOUNT_WORDS.pattern)
    on_demand = (c.ChargeCategory == "Usage") & c.CommitmentDiscountId.isnull()
    negotiated = ibis.ifelse(
        on_demand & (c.ListCost > c.ContractedCost), (c.ListCost - c.ContractedCost) * fx, 0
    )
    committed = c.CommitmentDiscountId.notnull() & (c.ChargeCategory == "Usage")
    x_negative: ir.BooleanValue = (
        c.x_Discounts.fill_null("").re_search(_NEGATIVE_DISCOUNT)
        if "x_Discounts" in c.columns
        else c.BillingAccountId.isnull() & ibis.literal(False)
    )
    agg = c.group_by(payer=c.BillingAccountId).aggregate(
        name=c.BillingAccountName.max(),
        provider=c.provider.max(),
        municipalities=c.municipality_code.nunique(),
        municipality=c.municipality_code.max(),
        billed=(c.BilledCost * fx).cast(JPY).sum(),
        commitments=c.CommitmentDiscountId.nunique(),
        committed=ibis.ifelse(committed, c.EffectiveCost * fx, 0).cast(JPY).sum(),
        discount_lines=is_discount.sum(),
        discount=ibis.ifelse(is_discount, c.BilledCost * fx, 0).cast(JPY).sum(),
        credit_lines=(negative & ~is_discount).sum(),
        credit=ibis.ifelse(negative & ~is_discount, c.BilledCost * fx, 0).cast(JPY).sum(),
        descriptions=c.ChargeDescription.collect(where=negative, distinct=True),
        x_negative=x_negative.sum(),
        negotiated=negotiated.cast(JPY).sum(),
    )
    out = {}
    for r in agg.to_pyarrow().to_pylist():
        if not r["payer"]:
            continue
        out[r["payer"]] = _Payer(
            id=r["payer"],
            name=r["name"],
            provider=(r["provider"] or "").lower(),
            municipality_code=r["municipality"] if r["municipalities"] == 1 else None,
            billed_jpy=r["billed"] or Decimal(0),
            commitments=int(r["commitments"] or 0),
            committed_jpy=r["committed"] or Decimal(0),
            discount_lines=int(r["discount_lines"] or 0),
            discount_jpy=r["discount"] or Decimal(0),
            credit_lines=int(r["credit_lines"] or 0),
            credit_jpy=r["credit"] or Decimal(0),
            descriptions=set(r["descriptions"] or []),
            negative_x_discounts=int(r["x_negative"] or 0),
            negotiated_jpy=r["negotiated"] or Decimal(0),
        )
    return out


def _month_rows(ctx: Context) -> ir.Table:
    """Every cloud row of the month under review (all charge categories), in scope."""
    c = ctx.engine.costs()
    pred = (c.cost_source == "cloud") & (
        c.BillingPeriodStart == ibis.literal(dt.datetime(ctx.month.year, ctx.month.month, 1))
    )
    if ctx.municipality:
        pred = pred & (c.municipality_code == ctx.municipality)
    return c.filter(pred)
