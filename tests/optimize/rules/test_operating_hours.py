"""operating-hours: the verification servers running 24/365 and no others, each saving recomputed
from the ledger; the calendar's edge cases (Golden Week, substitute holidays, the year-end closure)
on hand-made ledgers with the operating hours counted by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from govcost.engine import Engine
from govcost.optimize.rules.operating_hours import operating_hours_between, weekday_holidays
from govcost.optimize.run import optimize
from govcost.optimize.settings import OperatingHours, Settings, SystemSettings
from tests.optimize.demo_ledger import DemoLedger
from tests.optimize.handmade import instance, month_hours, write_focus, write_metrics

OFFICE = OperatingHours()  # weekdays 8:00–20:00 JST, holidays and 12/29–1/3 excluded
#: The demo's month under review (its second month) and its operating hours, counted by hand: the
#: bill's month runs from JST 5/1 9:00 to 6/1 9:00. Working days: 5/1–2, 5/7–9 (5/5 こどもの日 and
#: 5/6 振替休日 are off) and the three full weeks from 5/12 = 20 days × 12 h, less 5/1 8:00–9:00.
DEMO_MONTH = dt.date(2025, 5, 1)
DEMO_OPERATING = Decimal(239)
RATE = "150"

#: Month → (operating hours of its bill, counted by hand, and the weekdays that are not working days).
HAND_COUNTED = {
    # Golden Week: 5/3 憲法記念日 (Sat), 5/4 みどりの日 (Sun), 5/5 こどもの日, 5/6 振替休日.
    # 20 working days × 12 h − 1 h (5/1 8:00–9:00 JST is still April in UTC).
    dt.date(2025, 5, 1): (239, [dt.date(2025, 5, 5), dt.date(2025, 5, 6)]),
    # 11/3 文化の日, 11/24 振替休日 (勤労感謝の日 fell on Sunday 11/23): 18 days × 12 h, plus
    # Monday 12/1 8:00–9:00 JST, which is still November in UTC.
    dt.date(2025, 11, 1): (217, [dt.date(2025, 11, 3), dt.date(2025, 11, 24)]),
    # Year-end closure 12/29–31 (and 1/1 0:00–9:00 JST, billed in December): 20 days × 12 h − 1 h.
    dt.date(2025, 12, 1): (
        239,
        [dt.date(2025, 12, 29), dt.date(2025, 12, 30), dt.date(2025, 12, 31), dt.date(2026, 1, 1)],
    ),
    # Closure 1/1–1/2 (1/3 is a Saturday), 1/12 成人の日: 19 days × 12 h.
    dt.date(2026, 1, 1): (228, [dt.date(2026, 1, 1), dt.date(2026, 1, 2), dt.date(2026, 1, 12)]),
}


# --- the demo -------------------------------------------------------------------------------
def test_finds_exactly_the_verification_servers_running_all_the_time(demo_ledger: DemoLedger) -> None:
    result = optimize(demo_ledger.engine, rules=["operating-hours"])
    found = {f.resource_id for f in result.findings}
    assert found == demo_ledger.scenario("verification_24x365")
    assert not found & demo_ledger.scenario("verification_scheduled")
    assert {f.environment for f in result.findings} == {"検証"}
    assert all(f.confidence == "high" and f.monthly_saving_jpy > 0 for f in result.findings)


def test_saving_is_the_hours_outside_at_the_bills_hourly_cost(demo_ledger: DemoLedger) -> None:
    result = optimize(demo_ledger.engine, rules=["operating-hours"])
    assert result.month == DEMO_MONTH
    for f in result.findings:
        ((hours, cost),) = demo_ledger.sql(
            """
            SELECT sum(ConsumedQuantity), sum(EffectiveCost * fx_jpy_per_unit)
            FROM ledger_costs
            WHERE ResourceId = ? AND ChargeCategory = 'Usage' AND BillingPeriodStart = ?
            """,
            [f.resource_id, DEMO_MONTH],
        )
        assert isinstance(hours, Decimal) and isinstance(cost, Decimal)
        assert hours == 744
        assert f.evidence["hours_billed"] == hours
        assert f.evidence["operating_hours"] == DEMO_OPERATING
        assert f.evidence["weekday_holidays"] == [dt.date(2025, 5, 5), dt.date(2025, 5, 6)]
        assert f.monthly_cost_jpy == cost
        assert f.monthly_saving_jpy == (hours - DEMO_OPERATING) * (cost / hours)
        assert f.keeps == DEMO_OPERATING / hours
        assert f.evidence["cpu_p95_outside"] < 10 <= f.evidence["cpu_samples_outside"]
        assert "0 8 * * 1-5" in f.action and "0 20 * * 1-5" in f.action and "5/5, 5/6" in f.action
        assert f.evidence["eventbridge_start"] == "cron(0 8 ? * MON-FRI *)"
        assert f.evidence["eventbridge_stop"] == "cron(0 20 ? * MON-FRI *)"


def test_the_scheduled_server_is_billed_only_its_operating_hours(demo_ledger: DemoLedger) -> None:
    (scheduled,) = demo_ledger.scenario("verification_scheduled")
    ((hours,),) = demo_ledger.sql(
        "SELECT sum(ConsumedQuantity) FROM ledger_costs WHERE ResourceId = ? AND BillingPeriodStart = ?",
        [scheduled, DEMO_MONTH],
    )
    assert hours == DEMO_OPERATING


def test_servers_busy_at_night_stay_even_where_production_may_stop(demo_ledger: DemoLedger) -> None:
    anything = Settings(SystemSettings(stop_outside_hours={"本番": True, "検証": True, "開発": True}))
    result = optimize(demo_ledger.engine, rules=["operating-hours"], settings=anything)
    found = {f.resource_id for f in result.findings}
    assert demo_ledger.scenario("verification_24x365") <= found
    night = {
        rid
        for (rid,) in demo_ledger.sql(
            """
            SELECT DISTINCT ResourceId FROM ledger_costs
            WHERE ResourceType = 'instance' AND BillingPeriodStart = ?
              AND json_extract_string(Tags, '$."user:Role"') IN ('batch', 'db', 'backup-server')
            """,
            [DEMO_MONTH],
        )
    }
    assert night and not found & night
    # The Osaka standbys are left to dr-configuration.
    assert not found & demo_ledger.scenario("osaka_standby")
    assert {f.environment for f in result.findings} == {"本番", "検証"}


# --- the calendar ---------------------------------------------------------------------------
@pytest.mark.parametrize("month", sorted(HAND_COUNTED))
def test_operating_hours_of_a_bills_month_counted_by_hand(month: dt.date) -> None:
    start = dt.datetime(month.year, month.month, 1)
    end = start + dt.timedelta(hours=month_hours(month))
    hours, closed = HAND_COUNTED[month]
    assert operating_hours_between(start, end, OFFICE) == hours
    assert weekday_holidays(start, end) == closed


def test_a_japan_time_month_and_partial_spans() -> None:
    # JST 5/1 0:00 – 6/1 0:00: the 20 working days of May 2025 whole.
    assert operating_hours_between(dt.datetime(2025, 4, 30, 15), dt.datetime(2025, 5, 31, 15), OFFICE) == 240
    # One UTC day, 5/7 (Wed): JST 5/7 9:00 – 5/8 9:00 holds 11 h of 5/7 and 1 h of 5/8.
    assert operating_hours_between(dt.datetime(2025, 5, 7), dt.datetime(2025, 5, 8), OFFICE) == 12
    # Half an hour: 8:30–20:15 every day.
    every_day = OperatingHours(dt.time(8, 30), dt.time(20, 15), business_days_only=False)
    day = dt.datetime(2025, 5, 4, 15)  # JST 5/5 0:00, a holiday
    assert operating_hours_between(day, day + dt.timedelta(days=1), every_day) == Decimal("11.75")
    assert operating_hours_between(day, day, OFFICE) == 0


# --- hand-made ledgers ----------------------------------------------------------------------
def idle(jst: dt.datetime) -> float:
    return 20.0 if OFFICE.is_operating(jst.replace(tzinfo=None)) else 1.0


def night_batch(jst: dt.datetime) -> float:
    return 65.0 if 1 <= jst.hour < 4 else idle(jst)


def own_hours(jst: dt.datetime) -> float:
    return 20.0 if 9 <= jst.hour < 17 else 1.0


def office_only(jst: dt.datetime) -> float | None:
    return idle(jst) if OFFICE.is_operating(jst.replace(tzinfo=None)) else None


def _ledger(
    engine: Engine, tmp_path: Path, write_rates: Callable[..., Path], month: dt.date, lines: list, cpu: dict
) -> None:
    focus = write_focus(tmp_path / "focus.csv", month, lines)
    metrics = write_metrics(tmp_path / "metrics.csv", month, cpu)
    engine.ingest([focus, metrics], fx=write_rates({(f"{month:%Y-%m}", "USD"): RATE}))


@pytest.mark.parametrize("month", sorted(HAND_COUNTED))
def test_a_server_running_all_month_saves_the_hours_outside(
    month: dt.date, engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]
) -> None:
    total = month_hours(month)
    _ledger(engine, tmp_path, write_rates, month, [instance("i-ver", total, "0.124")], {"i-ver": idle})
    (f,) = optimize(engine, rules=["operating-hours"]).findings
    operating, closed = HAND_COUNTED[month]
    assert f.evidence["operating_hours"] == operating
    assert f.evidence["hours_outside"] == total - operating
    assert f.monthly_saving_jpy == (total - operating) * Decimal("0.124") * Decimal(RATE)
    assert f.keeps == Decimal(operating) / total
    assert f.evidence["weekday_holidays"] == closed
    assert f.confidence == "high" and f.environment == "検証"


def test_edge_cases_of_one_month(engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]) -> None:
    month = dt.date(2025, 5, 1)
    lines = [
        instance("i-always", 744, "0.124"),
        # Stopped outside the hours by a scheduler: billed exactly the 239 operating hours.
        instance("i-scheduled", 239, "0.124"),
        # Started an hour early and stopped an hour late on each of the 20 working days.
        instance("i-early", 239 + 40, "0.124"),
        # Runs all the time for its night batch (JST 1:00–4:00).
        instance("i-batch", 744, "0.248", itype="m6i.xlarge"),
        # Production, idle at night: not stopped unless the settings say so.
        instance("i-prod", 744, "0.124", environment="prd", system="JUKI-PRD"),
        # A development server without metrics: a finding at low confidence.
        instance("i-dev", 744, "0.0544", itype="t3.medium", environment="dev"),
        # A system with its own hours, every day 9:00–17:00.
        instance("i-own", 744, "0.124", system="ZEI-131016", business="個人住民税"),
        # The same system, busy 8:00–9:00 and 17:00–20:00 on working days: outside its own hours.
        instance("i-own-busy", 744, "0.124", system="ZEI-131016", business="個人住民税"),
    ]
    cpu = {
        "i-always": idle,
        "i-scheduled": office_only,
        "i-early": idle,
        "i-batch": night_batch,
        "i-prod": idle,
        "i-own": own_hours,
        "i-own-busy": idle,
    }
    _ledger(engine, tmp_path, write_rates, month, lines, cpu)
    own = OperatingHours(dt.time(9), dt.time(17), business_days_only=False)
    settings = Settings(systems={"ZEI-131016": SystemSettings(operating_hours=own)})
    found = {
        f.resource_id: f for f in optimize(engine, rules=["operating-hours"], settings=settings).findings
    }
    assert set(found) == {"i-always", "i-dev", "i-own"}
    yen = Decimal(RATE)
    assert found["i-always"].monthly_saving_jpy == (744 - 239) * Decimal("0.124") * yen
    dev = found["i-dev"]
    assert dev.confidence == "low" and dev.environment == "開発"
    assert dev.monthly_saving_jpy == (744 - 239) * Decimal("0.0544") * yen
    assert dev.evidence["cpu_p95_outside"] is None
    # 31 days × 8 h (JST 5/1 9:00 – 6/1 9:00 holds every 9:00–17:00 of May).
    mine = found["i-own"]
    assert mine.evidence["operating_hours"] == 248
    assert mine.monthly_saving_jpy == (744 - 248) * Decimal("0.124") * yen
    assert mine.evidence["cron_start_jst"] == "0 9 * * *" and mine.evidence["cron_stop_jst"] == "0 17 * * *"
    assert mine.evidence["eventbridge_start"] == "cron(0 9 * * ? *)"
    assert "祝日カレンダー" not in mine.action and "祝日カレンダー" in found["i-always"].action

    # Where production may stop, its idle server is found; the batch server still is not.
    prod_too = Settings(SystemSettings(stop_outside_hours={"本番": True, "検証": True, "開発": True}))
    ids = {f.resource_id for f in optimize(engine, rules=["operating-hours"], settings=prod_too).findings}
    assert "i-prod" in ids and "i-batch" not in ids and "i-scheduled" not in ids


def test_a_server_created_mid_month_is_judged_on_the_days_it_ran(
    engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]
) -> None:
    month = dt.date(2025, 5, 1)
    # Billed from 5/16 0:00 UTC (JST 5/16 9:00) only.
    new = instance("i-new", 24 * 16, "0.124", billed_from=dt.date(2025, 5, 16))
    focus = write_focus(tmp_path / "focus.csv", month, [new])
    engine.ingest([focus], fx=write_rates({("2025-05", "USD"): RATE}))
    (f,) = optimize(engine, rules=["operating-hours"]).findings
    # JST 5/16 9:00 – 6/1 9:00: 5/16 9:00–20:00 (11 h) and the 10 working days 5/19–30 (120 h).
    assert f.evidence["operating_hours"] == 131
    assert f.evidence["billed_from"] == dt.datetime(2025, 5, 16)
    assert f.monthly_saving_jpy == (384 - 131) * Decimal("0.124") * Decimal(RATE)
    assert f.confidence == "low"
