"""`govcost kpi` on the demo: every figure is what DuckDB SQL straight on the ledger gives, the demo's
baseline and budget read back as written, and the planted anomaly is found — and no other."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from govcost.allocate.baseline import load_populations
from govcost.allocate.kpi import KpiResult
from govcost.demo import DemoManifest, generate
from govcost.engine import Engine
from govcost.jp.money import round_yen

#: Six months (the anomaly is planted in the fifth, August) of eight municipalities: two family
#: register groups of four, the welfare package shared in threes.
DEMO = {"municipalities": 8, "months": 6}
FY_START, FY_END = "2025-04-01", "2026-04-01"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoManifest, Engine]]:
    manifest = generate(tmp_path_factory.mktemp("kpi-demo"), **DEMO)
    engine = Engine(manifest.out_dir / "ledger")
    engine.ingest(manifest.cost_files, accounts=manifest.accounts, fx=manifest.fx_rates)
    yield manifest, engine
    engine.close()


@pytest.fixture(scope="module")
def result(demo: tuple[DemoManifest, Engine]) -> KpiResult:
    manifest, engine = demo
    return engine.kpi(
        baseline=manifest.out_dir / manifest.baseline, budget=manifest.out_dir / manifest.budget
    )


def _sql(engine: Engine, query: str) -> list[tuple[object, ...]]:
    engine.costs()
    return engine.ledger.con.execute(query).fetchall()


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_before_after_is_the_ledger_against_the_baseline(
    demo: tuple[DemoManifest, Engine], result: KpiResult
) -> None:
    manifest, engine = demo
    rows = _sql(
        engine,
        "SELECT municipality_code, sum(billed_cost_jpy) FROM ledger_costs "
        f"WHERE municipality_code IS NOT NULL AND BillingPeriodStart >= '{FY_START}' "
        f"AND BillingPeriodStart < '{FY_END}' GROUP BY 1",
    )
    # Six months of FY2025: annualised × 12 ÷ 6.
    after = {str(code): Decimal(str(cost)) * 12 / 6 for code, cost in rows}
    before = {
        r["municipality_code"]: Decimal(r["operating_cost_jpy"])
        for r in _csv(manifest.out_dir / "baseline.csv")
    }
    ba = result.before_after
    assert ba.basis.fiscal_year == 2025 and ba.basis.months == 6 and ba.basis.annualised
    assert {r.municipality_code: r.after_jpy for r in ba.rows} == after
    assert {r.municipality_code: r.before_jpy for r in ba.rows} == before
    assert all(r.before_source == "file" and r.before_year == 2018 for r in ba.rows)
    ratios = [after[c] / before[c] for c in sorted(after)]
    assert [r.ratio for r in ba.rows] == ratios
    assert ba.group.ratio_of_totals == sum(after.values()) / sum(before.values())
    assert ba.group.mean_of_ratios == sum(ratios) / len(ratios)
    # The demo's baselines spread like the 中核市 survey's: every ward worse than the KGI, and the
    # two group figures apart.
    assert all(Decimal("1.15") < r < Decimal("3.6") for r in ratios)
    assert ba.group.ratio_of_totals != ba.group.mean_of_ratios
    statuses = {(c.target.key, c.measure): c.status for c in result.targets}
    assert statuses[("wards-1.5x", "ratio_of_totals")] == "missed"


def test_per_resident_is_the_annual_cost_over_the_shipped_population(result: KpiResult) -> None:
    pops = load_populations()
    after = {r.municipality_code: r.after_jpy for r in result.before_after.rows}
    per = {r.municipality_code: r.per_resident_jpy for r in result.per_resident.rows}
    assert per == {code: cost / pops[code] for code, cost in after.items()}
    spread = result.per_resident.spread
    assert spread is not None
    assert spread.min_jpy == min(per.values()) and spread.max_jpy == max(per.values())
    assert spread.max_over_min == max(per.values()) / min(per.values())


def test_months_budget_and_forecast_are_the_ledgers(
    demo: tuple[DemoManifest, Engine], result: KpiResult
) -> None:
    manifest, engine = demo
    by_month = dict(
        _sql(
            engine,
            "SELECT strftime(BillingPeriodStart, '%Y-%m'), sum(billed_cost_jpy) FROM ledger_costs GROUP BY 1",
        )
    )
    fv = result.fiscal
    assert fv.fiscal_year == 2025 and fv.months_covered == 6 and fv.method == "mean_so_far"
    for m in fv.total.months[:6]:
        assert m.actual_jpy == by_month[f"{m.month:%Y-%m}"]
    assert [m.actual_jpy for m in fv.total.months[6:]] == [None] * 6
    # Forecast per municipality (and the unassigned rows): the mean of its six months; the month's
    # forecast is their sum. Compared in yen, as shown.
    per = _sql(
        engine,
        "SELECT municipality_code, sum(billed_cost_jpy) / 6 FROM ledger_costs GROUP BY 1",
    )
    forecast = sum((Decimal(str(v)) for _, v in per), Decimal(0))
    for m in fv.total.months[6:]:
        assert m.forecast_jpy is not None and abs(m.forecast_jpy - forecast) < Decimal("0.000001")
    year_end = sum(by_month.values(), Decimal(0)) + 6 * forecast
    assert round_yen(fv.total.forecast_jpy) == round_yen(year_end)
    budget: dict[str, Decimal] = defaultdict(Decimal)
    for r in _csv(manifest.out_dir / "budget.csv"):
        assert r["fiscal_year"] == "2025"
        budget[r["month"]] += Decimal(r["budget_jpy"])
    assert {f"{m.month:%Y-%m}": m.budget_jpy for m in fv.total.months if m.budget_jpy is not None} == budget
    assert len(budget) == 6


def test_the_planted_anomaly_is_found_and_no_other(
    demo: tuple[DemoManifest, Engine], result: KpiResult
) -> None:
    manifest, engine = demo
    planted = manifest.scenarios["cost_anomalies"]
    assert planted == ["JUKI-131059:2025-08"]
    assert [f"{a.system_id}:{a.month:%Y-%m}" for a in result.anomalies] == planted
    a = result.anomalies[0]
    assert a.municipality_codes == ["131059"]
    cloud = dict(
        _sql(
            engine,
            "SELECT strftime(BillingPeriodStart, '%Y-%m'), sum(billed_cost_jpy) FROM ledger_costs "
            "WHERE system_id = 'JUKI-131059' AND cost_source = 'cloud' GROUP BY 1",
        )
    )
    assert a.cost_jpy == cloud["2025-08"] and a.previous_jpy == cloud["2025-07"]
    history = sorted(cloud[m] for m in ("2025-04", "2025-05", "2025-06", "2025-07"))
    assert a.median_jpy == (history[1] + history[2]) / 2
    # The cause: the rehearsal server left running, then its volume, then the EC2 tax that rose with them.
    top = a.lines[0]
    assert top.key.resource_name == "juki-131059-stg-rehearsal01" and top.previous_jpy == 0
    (server,) = _sql(
        engine,
        "SELECT sum(billed_cost_jpy) FROM ledger_costs WHERE ResourceName = 'juki-131059-stg-rehearsal01' "
        "AND BillingPeriodStart = TIMESTAMP '2025-08-01'",
    )
    assert top.current_jpy == server[0]
    assert a.lines[1].key.resource_name == "juki-131059-stg-rehearsal01-data"
    assert dt.date(2025, 8, 1) not in {m.month for m in result.fiscal.total.months if m.actual_jpy is None}


def test_a_short_demo_plants_no_anomaly(tmp_path: Path) -> None:
    manifest = generate(tmp_path, municipalities=2, months=4)
    assert manifest.scenarios["cost_anomalies"] == []
    assert (tmp_path / "baseline.csv").is_file() and (tmp_path / "budget.csv").is_file()
