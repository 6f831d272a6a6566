"""``operating-hours``: servers left running, idle, outside their system's operating hours."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import ibis

from govcost.jp.calendar import is_business_day
from govcost.messages import msg
from govcost.optimize.base import RULES, Finding, Rule
from govcost.optimize.context import Context, Resource
from govcost.optimize.rules._standby import is_standby
from govcost.optimize.settings import OperatingHours

#: Japan time is UTC+9 all year (no daylight saving time).
JST_OFFSET = dt.timedelta(hours=9)
#: CPU p95 (%) outside the operating hours from which a server is doing work then (a night batch).
BUSY_OUTSIDE_P95 = 10.0
#: A server billed outside the hours for at most this share of the non-operating hours of its
#: billed span already stops (a schedule that starts a little early or stops a little late).
ALREADY_STOPPED_SHARE = Decimal("0.2")
#: Fewer CPU samples outside the hours than this (a day of hourly samples) is too little to judge.
MIN_SAMPLES = 24
_SECONDS_AN_HOUR = Decimal(3600)


def operating_hours_between(start: dt.datetime, end: dt.datetime, hours: OperatingHours) -> Decimal:
    """The operating hours between two UTC instants (naive), each instant judged in Japan time.

    A bill's month runs in UTC — JST 9:00 on the 1st to 9:00 on the 1st of the next month — so the
    operating hours a month's bill can contain are those of that span: March 2026 holds 21 working
    days × 12 h = 252 h of JST March 2 – 31 plus 8:00–9:00 of Wednesday 1 April, 253 h.
    """
    if end <= start:
        return Decimal(0)
    total = 0
    day = (start + JST_OFFSET).date()
    last = (end + JST_OFFSET).date()
    while day <= last:
        if not hours.business_days_only or is_business_day(day):
            open_utc = dt.datetime.combine(day, hours.start) - JST_OFFSET
            close_utc = dt.datetime.combine(day, hours.end) - JST_OFFSET
            lo, hi = max(open_utc, start), min(close_utc, end)
            if hi > lo:
                total += int((hi - lo).total_seconds())
        day += dt.timedelta(days=1)
    return Decimal(total) / _SECONDS_AN_HOUR


def weekday_holidays(start: dt.datetime, end: dt.datetime) -> list[dt.date]:
    """Weekdays (JST) between two UTC instants that are not working days: public and substitute
    holidays, the year-end closure — the days a weekday cron would wrongly start a server."""
    out = []
    day = (start + JST_OFFSET).date()
    last = (end - dt.timedelta(seconds=1) + JST_OFFSET).date()
    while day <= last:
        if day.weekday() < 5 and not is_business_day(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


@dataclass(frozen=True)
class CpuSplit:
    """CPU utilisation inside and outside the operating hours over the look-back window."""

    samples_inside: int
    samples_outside: int
    p95_inside: float | None
    p95_outside: float | None


def cpu_split(ctx: Context, resources: list[Resource]) -> dict[str, CpuSplit]:
    """Per instance: CPU samples and p95 inside and outside its system's operating hours (JST).

    One query per distinct schedule: a sample is inside when its Japan-time date is a working day
    (or the schedule runs every day) and its time of day lies in ``start``–``end``.
    """
    by_hours: dict[OperatingHours, list[str]] = defaultdict(list)
    for res in resources:
        by_hours[ctx.system_settings(res).operating_hours].append(res.resource_id)
    first = (ctx.window_start + JST_OFFSET).date()
    last = (ctx.month_end + JST_OFFSET).date()
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    out: dict[str, CpuSplit] = {}
    for hours, ids in by_hours.items():
        m = ctx.metrics(["cpu_percent"], ids)
        jst = m.timestamp + ibis.interval(hours=9)
        minute = jst.hour() * 60 + jst.minute()
        inside = (minute >= hours.start.hour * 60 + hours.start.minute) & (
            minute < hours.end.hour * 60 + hours.end.minute
        )
        closed = [d for d in days if not is_business_day(d)] if hours.business_days_only else []
        if closed:
            inside = inside & ~jst.date().isin(closed)
        agg = m.group_by("resource_id").aggregate(
            n_in=m.count(where=inside),
            n_out=m.count(where=~inside),
            p95_in=m.value.quantile(0.95, where=inside),
            p95_out=m.value.quantile(0.95, where=~inside),
        )
        for r in agg.to_pyarrow().to_pylist():
            out[r["resource_id"]] = CpuSplit(
                int(r["n_in"]),
                int(r["n_out"]),
                None if r["p95_in"] is None else float(r["p95_in"]),
                None if r["p95_out"] is None else float(r["p95_out"]),
            )
    return out


@RULES.register("operating-hours")
class OperatingHoursRule(Rule):
    """A server runs, idle, outside its system's operating hours — at night, at weekends, on public
    and substitute holidays and in the year-end closure (12/29–1/3) — in an environment the
    settings allow to stop (by default 検証 and 開発; 本番 only where a system says so).

    Left out: a server busy outside the hours (CPU p95 there ≥ 10 %, a night batch), one already
    stopped outside them (billed outside the hours for at most a fifth of the non-operating hours
    of its billed span), and a DR standby (``dr-configuration`` owns those). The operating hours are
    counted from the calendar over the billed span of the month, in Japan time; the saving is the
    hours billed beyond them at the bill's own hourly cost, and the change keeps ``operating hours ÷
    hours billed`` of the server's cost. Without CPU samples outside the hours the finding stands
    at low confidence. Example finding::

        rule: operating-hours   resource: i-0de5… (zei-131148-stg-ap01, 検証, March 2026)
        evidence: hours_billed 744, operating_hours 253, hours_outside 491, hourly_cost_jpy 40.60,
                  cpu_p95_inside 21.5, cpu_p95_outside 1.97, weekday_holidays [2026-03-20],
                  schedule 平日(祝日・年末年始を除く) 08:00–20:00
        action: zei-131148-stg-ap01 を稼働時間(平日(祝日・年末年始を除く) 08:00–20:00)の外は停止して
                ください。スケジュール(日本時間): 起動 cron「0 8 * * 1-5」、停止 cron「0 20 * * 1-5」…
        saving: 491 h × 40.60 円 ≈ 19,937 円/月 (keeps 253/744)
    """

    guide_ref = msg("rule.operating_hours.guide_ref")
    title = msg("rule.operating_hours.title")

    def evaluate(self, ctx: Context) -> list[Finding]:
        candidates = [
            res
            for res in ctx.instances()
            if ctx.system_settings(res).may_stop(res.environment) and not is_standby(ctx, res)
        ]
        if not candidates:
            return []
        cpu = cpu_split(ctx, candidates)
        out = []
        for res in candidates:
            finding = self._check(ctx, res, cpu.get(res.resource_id))
            if finding is not None:
                out.append(finding)
        return out

    def _check(self, ctx: Context, res: Resource, cpu: CpuSplit | None) -> Finding | None:
        hourly = res.hourly_cost_jpy()
        billed = res.hours
        if hourly is None or not billed:
            return None
        settings = ctx.system_settings(res)
        hours = settings.operating_hours
        start, end = _billed_span(ctx, res)
        span_hours = Decimal(int((end - start).total_seconds())) / _SECONDS_AN_HOUR
        operating = operating_hours_between(start, end, hours)
        outside = billed - operating
        if outside <= ALREADY_STOPPED_SHARE * (span_hours - operating):
            return None
        if cpu is not None and cpu.p95_outside is not None and cpu.p95_outside >= BUSY_OUTSIDE_P95:
            return None
        if cpu is None or cpu.samples_outside < MIN_SAMPLES:
            confidence = "low"
        elif res.covered_hours:
            # A commitment pays for these hours: stopping them frees it for other usage, the
            # saving shows only if the commitment is then used elsewhere or bought smaller.
            confidence = "medium"
        else:
            confidence = "high"
        cost = res.cost_jpy
        keeps = operating / billed
        saving = outside * hourly
        start_cron, stop_cron = hours.cron()
        closed = weekday_holidays(start, end)
        holidays = ""
        if hours.business_days_only:
            days = ", ".join(f"{d.month}/{d.day}" for d in closed) or msg("rule.operating_hours.no_holidays")
            holidays = msg("rule.operating_hours.holidays", days=days)
        return self.finding(
            ctx,
            res.resource_id,
            action=msg(
                "rule.operating_hours.action",
                name=res.name or res.resource_id,
                schedule=hours.label(),
                start=start_cron,
                stop=stop_cron,
                tag=hours.tag_value(),
                holidays=holidays,
            ),
            monthly_saving_jpy=saving,
            evidence={
                "hours_billed": billed,
                "billed_from": start,
                "billed_until": end,
                "operating_hours": operating,
                "hours_outside": outside,
                "hourly_cost_jpy": hourly,
                "monthly_cost_jpy": cost,
                "schedule": hours.label(),
                "cron_start_jst": start_cron,
                "cron_stop_jst": stop_cron,
                "schedule_tag": hours.tag_value(),
                "eventbridge_start": _eventbridge(start_cron),
                "eventbridge_stop": _eventbridge(stop_cron),
                "eventbridge_timezone": "Asia/Tokyo",
                "weekday_holidays": closed,
                "cpu_p95_inside": cpu.p95_inside if cpu else None,
                "cpu_p95_outside": cpu.p95_outside if cpu else None,
                "cpu_samples_inside": cpu.samples_inside if cpu else 0,
                "cpu_samples_outside": cpu.samples_outside if cpu else 0,
                "busy_outside_threshold_percent": BUSY_OUTSIDE_P95,
                "commitment_covered_hours": res.covered_hours,
                "lookback": [ctx.window_start, ctx.month_end],
            },
            confidence=confidence,
            keeps=keeps,
        )


def _billed_span(ctx: Context, res: Resource) -> tuple[dt.datetime, dt.datetime]:
    """The part of the month the instance's hours were billed in (UTC): the month, narrowed to the
    charge periods of its hourly meters (a server created or terminated during the month)."""
    month_start = dt.datetime(ctx.month.year, ctx.month.month, 1)
    meters = res.meters_in("Hours")
    firsts = [m.first for m in meters if m.first is not None]
    lasts = [m.last for m in meters if m.last is not None]
    start = max(month_start, min(firsts)) if firsts else month_start
    end = min(ctx.month_end, max(lasts)) if lasts else ctx.month_end
    return (start, end) if end > start else (month_start, ctx.month_end)


_WEEKDAYS = {"1-5": "MON-FRI", "*": "*"}


def _eventbridge(cron: str) -> str:
    """A five-field cron as EventBridge Scheduler writes it (``cron(0 8 ? * MON-FRI *)``, run with
    the schedule's time zone set to Asia/Tokyo); holidays are still for the scheduler to skip."""
    minute, hour, _, _, days = cron.split()
    dow = _WEEKDAYS.get(days, days)
    return f"cron({minute} {hour} ? * {dow} *)" if dow != "*" else f"cron({minute} {hour} * * ? *)"
