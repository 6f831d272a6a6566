"""``log-retention``: CloudWatch Logs kept longer than the system needs them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import ibis

from govcost.messages import msg
from govcost.optimize.base import RULES, Finding, Rule
from govcost.optimize.context import JPY, Context

SERVICES = ("AmazonCloudWatch", "Amazon CloudWatch")
STORAGE_OPERATIONS = ("HourlyStorageMetering",)
STORAGE_METER = "TimedStorage-ByteHrs"
INGEST_OPERATIONS = ("PutLogEvents",)
INGEST_METER = "DataProcessing-Bytes"
#: Nothing (or little) expires when the stored GB grow by at least this share of what is ingested.
NO_EXPIRY_SHARE = Decimal("0.5")
#: The recent logs kept searchable in CloudWatch Logs (Logs Insights) for incident work; older ones
#: that the retention still requires go to S3 Glacier Instant Retrieval (an assumption, in evidence).
SEARCHABLE_DAYS = 90
#: Days of stored-GB points needed in the window to read a trend.
MIN_TREND_DAYS = 7
_SECONDS_A_DAY = Decimal(86_400)


@dataclass
class _Account:
    """One account's CloudWatch Logs storage and ingestion, as the ledger bills them."""

    account_id: str
    owner: dict[str, Any] = field(default_factory=dict)
    gb_months: Decimal = Decimal(0)
    cost_jpy: Decimal = Decimal(0)
    list_price_usd: Decimal | None = None
    fx: Decimal | None = None
    #: Day → GB stored that day (a row's GB-months over the share of the month it covers).
    stored: dict[dt.datetime, Decimal] = field(default_factory=dict)
    ingested_gb: Decimal = Decimal(0)
    first_seen: dt.datetime | None = None


@RULES.register("log-retention")
class LogRetentionRule(Rule):
    """An account's CloudWatch Logs storage kept longer than the system's ``log_retention_days``.

    The resource is the account's log storage (``<account id>:logs``; the bill names no log group).
    The stored GB (``HourlyStorageMetering`` / ``TimedStorage-ByteHrs`` GB-months) are compared with
    what the retention needs: the ingestion (``PutLogEvents`` GB a day over the look-back window)
    times ``log_retention_days``. An account is found when it stores more than that, or when its
    storage grows by half or more of what it ingests: nothing expires, the log groups are set to
    *never expire* and the storage only grows (a retention policy makes it level off).

    The change: set the retention to ``log_retention_days``, and keep only the last 90 days
    searchable in CloudWatch Logs, exporting older logs the retention still requires to S3 Glacier
    Instant Retrieval. Saving: the GB over the retention at the bill's own storage price, plus the
    GB between 90 days and the retention at the difference to the catalog's Glacier IR price;
    ``keeps`` is the new cost over the current one. Example finding::

        rule: log-retention   resource: 198912225902:logs (gc-juki-131016-prd CloudWatch Logs)
        evidence: stored_gb 53.5, ingest_gb_per_day 0.65, growth_gb_per_day 0.58,
                  required_retention_days 400, needed_gb 261, searchable_days 90
        action: CloudWatch Logs のロググループに保存期間が設定されていない(失効しない)とみられ …
    """

    guide_ref = msg("rule.log_retention.guide_ref")
    title = msg("rule.log_retention.title")

    def evaluate(self, ctx: Context) -> list[Finding]:
        out = []
        for acct in _accounts(ctx).values():
            found = self._check(ctx, acct)
            if found is not None:
                out.append(found)
        return out

    def _check(self, ctx: Context, acct: _Account) -> Finding | None:
        stored = acct.gb_months
        if not stored or not acct.cost_jpy:
            return None
        days = sorted(acct.stored)
        start = max(ctx.window_start, acct.first_seen or ctx.window_start)
        window_days = Decimal((ctx.month_end - start).total_seconds()) / _SECONDS_A_DAY
        if len(days) < 2 or (days[-1] - days[0]).days < MIN_TREND_DAYS or window_days <= 0:
            return None
        ingest = acct.ingested_gb / window_days
        growth = (acct.stored[days[-1]] - acct.stored[days[0]]) / Decimal((days[-1] - days[0]).days)
        system = ctx.settings.for_system(acct.owner.get("system_id"))
        retention = system.log_retention_days
        needed = ingest * retention
        excess = max(Decimal(0), stored - needed)
        never_expires = growth > 0 and growth >= ingest * NO_EXPIRY_SHARE
        if not excess and not never_expires:
            return None
        price = acct.cost_jpy / stored
        searchable = min(SEARCHABLE_DAYS, retention)
        glacier = ctx.catalog.get(acct.owner.get("region_id") or "", "logs", "s3-glacier-ir")
        glacier_jpy = glacier.usd * acct.fx if glacier is not None and acct.fx else None
        archived = Decimal(0)
        if glacier_jpy is not None and glacier_jpy < price:
            archived = max(Decimal(0), min(stored, needed) - ingest * searchable)
        saving = excess * price + archived * (price - (glacier_jpy or Decimal(0)))
        keeps = (acct.cost_jpy - saving) / acct.cost_jpy if saving else Decimal(1)
        latest = acct.stored[days[-1]]
        evidence: dict[str, Any] = {
            "stored_gb_months": stored,
            "stored_gb_latest": latest,
            "ingest_gb_per_day": ingest,
            "growth_gb_per_day": growth,
            "growth_share_of_ingest": growth / ingest if ingest else None,
            "never_expires": never_expires,
            "required_retention_days": retention,
            "needed_gb": needed,
            "excess_gb": excess,
            "searchable_days": searchable,
            "archived_gb": archived,
            "storage_price_usd": acct.list_price_usd,
            "storage_price_jpy_per_gb_month": price,
            "glacier_ir_price_usd": glacier.usd if glacier is not None else None,
            "glacier_ir_price_taken_on": glacier.taken_on if glacier is not None else None,
            "window_days": window_days,
            "monthly_cost_jpy": acct.cost_jpy,
        }
        if never_expires and growth and latest < needed:
            # When the storage passes what the retention needs, at the current growth.
            evidence["days_until_retention_exceeded"] = int((needed - latest) / growth)
        name = acct.owner.get("account_name") or acct.account_id
        params: dict[str, Any] = {
            "account": name,
            "stored": _gb(stored),
            "ingest": _gb(ingest, "0.01"),
            "growth": _gb(growth * 30),
            "needed": _gb(needed),
            "retention": retention,
            "searchable": searchable,
        }
        action = msg(
            "rule.log_retention.excess.action" if excess else "rule.log_retention.never_expires.action",
            **params,
        )
        return Finding(
            rule=self.key,
            resource_id=f"{acct.account_id}:logs",
            resource_type="log-storage",
            resource_name=f"{name} CloudWatch Logs",
            action=action,
            monthly_saving_jpy=saving,
            monthly_cost_jpy=acct.cost_jpy,
            evidence=evidence,
            guide_ref=self.guide_ref,
            confidence="high" if excess and never_expires else "medium",
            keeps=keeps,
            municipality_code=acct.owner.get("municipality_code"),
            business=acct.owner.get("business"),
            environment=acct.owner.get("environment"),
            system_id=acct.owner.get("system_id"),
            account_id=acct.account_id,
            region_id=acct.owner.get("region_id"),
        )


def _gb(value: Decimal, step: str = "0.1") -> str:
    return f"{value.quantize(Decimal(step)):,f}"


def _accounts(ctx: Context) -> dict[str, _Account]:
    """Per account: the month's log storage (GB-months, yen), the daily GB stored and the GB
    ingested over the look-back window."""
    c = ctx.engine.costs()
    month_start = dt.datetime(ctx.month.year, ctx.month.month, 1)
    since = min(ctx.window_start, month_start)
    pred = (
        (c.cost_source == "cloud")
        & (c.ChargeCategory == "Usage")
        & c.ServiceName.isin(SERVICES)
        & (c.ChargePeriodStart >= ibis.literal(since))
        & (c.ChargePeriodStart < ibis.literal(ctx.month_end))
        & c.SubAccountId.notnull()
    )
    if ctx.municipality:
        pred = pred & (c.municipality_code == ctx.municipality)
    c = c.filter(pred)
    meter = c.SkuMeter.fill_null("")
    is_storage = meter.endswith(STORAGE_METER)
    is_ingest = meter.endswith(INGEST_METER)
    if "x_Operation" in c.columns:
        is_storage = is_storage | c.x_Operation.isin(STORAGE_OPERATIONS)
        is_ingest = is_ingest | c.x_Operation.isin(INGEST_OPERATIONS)
    c = c.mutate(kind=ibis.cases((is_storage, "storage"), (is_ingest, "ingest"), else_=""))
    c = c.filter(c.kind != "")
    rows = c.group_by(
        account=c.SubAccountId, kind=c.kind, start=c.ChargePeriodStart, end=c.ChargePeriodEnd
    ).aggregate(
        quantity=c.ConsumedQuantity.sum(),
        cost_jpy=(c.EffectiveCost * c.fx_jpy_per_unit).cast(JPY).sum(),
        price=c.ListUnitPrice.max(),
        fx=c.fx_jpy_per_unit.max(),
        account_name=c.SubAccountName.max(),
        region_id=c.RegionId.max(),
        municipality_code=c.municipality_code.max(),
        business=c.business.max(),
        environment=c.environment.max(),
        system_id=c.system_id.max(),
    )
    out: dict[str, _Account] = {}
    totals: dict[tuple[str, dt.datetime], Decimal] = defaultdict(Decimal)
    for r in rows.order_by("account", "start").to_pyarrow().to_pylist():
        acct = out.setdefault(r["account"], _Account(r["account"]))
        start, end = r["start"], r["end"] or r["start"] + dt.timedelta(days=1)
        quantity = r["quantity"] or Decimal(0)
        acct.first_seen = min(acct.first_seen or start, start)
        in_window = start >= ctx.window_start
        if r["kind"] == "ingest":
            if in_window:
                acct.ingested_gb += quantity
            continue
        if start >= month_start:
            acct.gb_months += quantity
            acct.cost_jpy += r["cost_jpy"] or Decimal(0)
            acct.list_price_usd = max(acct.list_price_usd or Decimal(0), r["price"] or Decimal(0)) or None
            acct.fx = acct.fx or r["fx"]
            for key in (
                "account_name",
                "region_id",
                "municipality_code",
                "business",
                "environment",
                "system_id",
            ):
                acct.owner[key] = acct.owner.get(key) or r[key]
        if in_window:
            # GB-months over the share of the month the row covers: the GB stored over that span.
            span = Decimal((end - start).total_seconds()) / _SECONDS_A_DAY
            totals[(acct.account_id, start)] += (
                quantity * _days_in_month(start) / span if span else Decimal(0)
            )
    for (account, start), gb in totals.items():
        out[account].stored[start] = gb
    return out


def _days_in_month(day: dt.datetime) -> int:
    nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return (nxt - dt.date(day.year, day.month, 1)).days
