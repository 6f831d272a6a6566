"""rightsizing: the planted oversized servers and no others, each size and saving recomputed from the
ledger and the metrics with SQL; the edge cases (headroom, the limit itself, too few metric points,
DR standbys, previous generations, burstable sizes) on hand-made ledgers."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from govcost.engine import METRICS_VIEW, Engine
from govcost.optimize.context import Context
from govcost.optimize.rules._standby import is_standby
from govcost.optimize.run import optimize
from govcost.optimize.settings import Settings, SystemSettings
from tests.optimize.demo_ledger import DemoLedger
from tests.optimize.handmade import instance, write_focus

#: vCPUs and GiB of the sizes the demo's oversized servers can shrink to, written down by hand.
M6I = {"large": (2, 8), "xlarge": (4, 16), "2xlarge": (8, 32), "4xlarge": (16, 64)}
LIMIT = 70.0  # 100 − the demo's headroom_percent (30)
LOOKBACK = dt.timedelta(days=30)
MONTH = dt.date(2025, 5, 1)
RATE = "150"


def test_finds_exactly_the_planted_oversized_instances(demo_ledger: DemoLedger) -> None:
    result = optimize(demo_ledger.engine, rules=["rightsizing"], settings=demo_ledger.settings)
    assert {f.resource_id for f in result.findings} == demo_ledger.scenario("oversized")
    assert all(f.monthly_saving_jpy > 0 and f.confidence == "high" for f in result.findings)


def test_size_and_saving_recomputed_from_the_ledger_and_the_metrics(demo_ledger: DemoLedger) -> None:
    result = optimize(demo_ledger.engine, rules=["rightsizing"], settings=demo_ledger.settings)
    month = dt.datetime(result.month.year, result.month.month, 1)
    end = result.window_end
    demo_ledger.engine.metrics()  # the metrics view
    for f in result.findings:
        ((hours_cost, itype),) = demo_ledger.sql(
            """
            SELECT sum(EffectiveCost * fx_jpy_per_unit),
                   max(json_extract_string(SkuPriceDetails, '$.InstanceType'))
            FROM ledger_costs
            WHERE ResourceId = ? AND ChargeCategory = 'Usage' AND BillingPeriodStart = ?
              AND ConsumedUnit = 'Hours'
            """,
            [f.resource_id, month],
        )
        p95 = dict(
            demo_ledger.sql(
                f"""
                SELECT metric, quantile_cont(value, 0.95) FROM {METRICS_VIEW}
                WHERE resource_id = ? AND timestamp >= ? AND timestamp < ?
                GROUP BY metric
                """,
                [f.resource_id, end - LOOKBACK, end],
            )
        )
        assert isinstance(itype, str) and isinstance(hours_cost, Decimal)
        family, size = itype.split(".")
        assert family == "m6i"
        vcpu, gib = M6I[size]
        fits = [
            s
            for s, (v, g) in M6I.items()
            if v < vcpu
            and p95["cpu_percent"] * vcpu / v <= LIMIT  # type: ignore[operator]
            and p95["memory_percent"] * gib / g <= LIMIT  # type: ignore[operator]
        ]
        expected = min(fits, key=lambda s: M6I[s][0])
        assert f.evidence["recommended_type"] == f"m6i.{expected}"
        keeps = Decimal(M6I[expected][1]) / Decimal(gib)
        assert f.keeps == keeps
        assert f.monthly_saving_jpy == hours_cost * (1 - keeps)
        assert f.monthly_cost_jpy == hours_cost
        assert abs(f.evidence["cpu_p95_percent"] - p95["cpu_percent"]) < 1e-9  # type: ignore[operator]
        assert abs(f.evidence["memory_p95_percent"] - p95["memory_percent"]) < 1e-9  # type: ignore[operator]
        assert f.evidence["limit_percent"] == LIMIT
        assert f.action.startswith("インスタンスサイズを")


def test_the_standbys_of_the_demo_are_recognised(demo_ledger: DemoLedger) -> None:
    ctx = Context(demo_ledger.engine)
    standby = {r.resource_id for r in ctx.instances() if is_standby(ctx, r)}
    assert standby == demo_ledger.scenario("osaka_standby")


# --- hand-made ledgers ------------------------------------------------------------------------
def _metrics(path: Path, usage: dict[str, tuple[float, float | None, int]]) -> Path:
    """Hourly cpu_percent and memory_percent for the last ``hours`` hours of the month, constant."""
    end = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(("resource_id", "timestamp", "metric", "value"))
        for rid, (cpu, memory, hours) in usage.items():
            for h in range(1, hours + 1):
                at = (end - dt.timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ")
                out.writerow((rid, at, "cpu_percent", cpu))
                if memory is not None:
                    out.writerow((rid, at, "memory_percent", memory))
    return path


def _ledger(
    engine: Engine,
    tmp_path: Path,
    write_rates: Callable[..., Path],
    lines: list,
    usage: dict[str, tuple[float, float | None, int]],
) -> None:
    focus = write_focus(tmp_path / "focus.csv", MONTH, lines)
    metrics = _metrics(tmp_path / "metrics.csv", usage)
    engine.ingest([focus, metrics], fx=write_rates({("2025-05", "USD"): RATE}))


def test_edge_cases(engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]) -> None:
    full = 744
    lines = [
        instance("i-fit", full, "0.496", itype="m6i.2xlarge", name="juki-prd-ap01"),
        # Exactly at the limit: 35 % of 8 vCPUs is 70 % of 4.
        instance("i-edge", full, "0.496", itype="m6i.2xlarge", name="juki-prd-ap02"),
        # Just above it: stays.
        instance("i-over", full, "0.496", itype="m6i.2xlarge", name="juki-prd-ap03"),
        # 300 points over the 720 hours billed in the window (< 50 %): no evidence; 400 is enough.
        instance("i-sparse", full, "0.496", itype="m6i.2xlarge", name="juki-prd-ap04"),
        instance("i-enough", full, "0.496", itype="m6i.2xlarge", name="juki-prd-ap05"),
        # No memory metric: no finding.
        instance("i-nomem", full, "0.496", itype="m6i.2xlarge", name="juki-prd-ap06"),
        # DR standbys: Osaka while the system runs in Tokyo, a Role tag, a -dr- name.
        instance("i-osaka", full, "0.496", itype="m6i.2xlarge", region="ap-northeast-3", name="juki-ap09"),
        instance(
            "i-role", full, "0.496", itype="m6i.2xlarge", name="juki-ap10", tags={"user:Role": "standby"}
        ),
        instance("i-drname", full, "0.496", itype="m6i.2xlarge", name="juki-dr-ap01"),
        # In Osaka, but its system runs only there: not a standby.
        instance(
            "i-osaka-only",
            full,
            "0.496",
            itype="m6i.2xlarge",
            region="ap-northeast-3",
            name="web-ap01",
            system="WEB-1",
        ),
        # A system whose settings keep 50 % headroom.
        instance("i-roomy", full, "0.496", itype="m6i.2xlarge", name="zei-prd-ap01", system="ZEI-1"),
        # Previous generation: the current family's size, priced from the catalog.
        instance("i-m4", full, "0.516", itype="m4.2xlarge", name="zei-prd-ap02"),
        # Burstable: vCPUs stay at 2 below xlarge, memory halves; priced from the catalog.
        instance("i-t3", full, "0.1088", itype="t3.large", name="zei-prd-ap03"),
    ]
    usage: dict[str, tuple[float, float | None, int]] = {
        "i-fit": (10.0, 20.0, full),
        "i-edge": (35.0, 20.0, full),
        "i-over": (35.5, 20.0, full),
        "i-sparse": (10.0, 20.0, 300),
        "i-enough": (10.0, 20.0, 400),
        "i-nomem": (5.0, None, full),
        "i-osaka": (5.0, 10.0, full),
        "i-role": (5.0, 10.0, full),
        "i-drname": (5.0, 10.0, full),
        "i-osaka-only": (5.0, 10.0, full),
        "i-roomy": (10.0, 30.0, full),
        "i-m4": (5.0, 10.0, full),
        "i-t3": (10.0, 20.0, full),
    }
    _ledger(engine, tmp_path, write_rates, lines, usage)
    settings = Settings(systems={"ZEI-1": SystemSettings(headroom_percent=50)})
    found = {f.resource_id: f for f in optimize(engine, rules=["rightsizing"], settings=settings).findings}
    assert set(found) == {"i-fit", "i-edge", "i-enough", "i-osaka-only", "i-m4", "i-t3"}

    rate = Decimal(RATE)
    # 10 % CPU and 20 % memory of 8 vCPUs / 32 GiB: 2 vCPUs / 8 GiB gives 40 % and 80 % (> 70),
    # 4 vCPUs / 16 GiB gives 20 % and 40 %: xlarge, half the price.
    fit = found["i-fit"]
    assert fit.evidence["recommended_type"] == "m6i.xlarge"
    assert fit.keeps == Decimal("0.5")
    assert fit.monthly_saving_jpy == Decimal(744) * Decimal("0.496") * rate * Decimal("0.5")
    assert fit.evidence["price_basis"] == "proportional" and fit.confidence == "high"
    assert fit.evidence["billed_hours_in_window"] == 720 and fit.evidence["metric_points"] == 720
    assert found["i-edge"].evidence["recommended_type"] == "m6i.xlarge"
    assert found["i-edge"].evidence["cpu_p95_after_percent"] == 70.0
    # 400 of 720 hours: evidence, but not complete.
    assert found["i-enough"].confidence == "medium"
    # m4.2xlarge at 5 % / 10 %: m6i.large (5 × 4 = 20 %, 10 × 4 = 40 %) at the catalog's 0.124. The
    # size step is priced against m6i.2xlarge (0.496): the generation step (0.516 → 0.496) is
    # old-generation's, and the two keeps multiply to the whole change.
    m4 = found["i-m4"]
    assert m4.evidence["recommended_type"] == "m6i.large"
    assert m4.evidence["price_basis"] == "catalog"
    assert m4.keeps == Decimal("0.124") / Decimal("0.496")
    assert m4.monthly_saving_jpy == Decimal(744) * Decimal("0.516") * rate * (
        1 - Decimal("0.124") / Decimal("0.496")
    )
    both = optimize(engine, rules=["rightsizing", "old-generation"], settings=settings)
    m4_both = next(s for s in both.savings if s.resource_id == "i-m4")
    assert m4_both.rules == ["old-generation", "rightsizing"]
    assert m4_both.combined_jpy == Decimal(744) * Decimal("0.516") * rate * (
        1 - (Decimal("0.496") / Decimal("0.516")) * (Decimal("0.124") / Decimal("0.496"))
    )
    # t3.large (2 vCPUs, 8 GiB) at 10 % / 20 %: t3.medium (2, 4: 10 %, 40 %); t3.small's 80 % is over.
    t3 = found["i-t3"]
    assert t3.evidence["recommended_type"] == "t3.medium"
    assert t3.keeps == Decimal("0.0544") / Decimal("0.1088")
    assert t3.monthly_saving_jpy == Decimal(744) * Decimal("0.1088") * rate * Decimal("0.5")


def test_is_standby_reads_region_role_and_name(
    engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]
) -> None:
    lines = [
        instance("i-tokyo", 744, "0.124", name="juki-prd-ap01"),
        instance("i-osaka", 744, "0.124", region="ap-northeast-3", name="juki-ap02"),
        instance("i-osaka-only", 744, "0.124", region="ap-northeast-3", name="web-ap01", system="WEB-1"),
        instance("i-role-dr", 744, "0.124", name="juki-ap03", tags={"Role": "DR"}),
        instance("i-role-ap", 744, "0.124", name="juki-ap04", tags={"user:Role": "ap"}),
        instance("i-name", 744, "0.124", name="juki-131016-dr-db01"),
    ]
    write_focus(tmp_path / "focus.csv", MONTH, lines)
    engine.ingest([tmp_path / "focus.csv"], fx=write_rates({("2025-05", "USD"): RATE}))
    ctx = Context(engine)
    standby = {r.resource_id for r in ctx.instances() if is_standby(ctx, r)}
    assert standby == {"i-osaka", "i-role-dr", "i-name"}
