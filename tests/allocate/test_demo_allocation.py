"""The demo's allocation: one rule per jointly used system with the landscape's members, shares that
add up for every rule-month, totals and shares recomputed straight from the ledger with DuckDB SQL
and exact fractions, and `govcost demo` printing the short summary."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govcost.allocate.allocate import AllocationResult, allocate
from govcost.allocate.rules import load_rules, month_key
from govcost.cli import app
from govcost.demo.landscape import build
from govcost.demo.timeline import Period
from govcost.engine import Engine
from govcost.jp.codes import known_municipalities

MONTHS = 2


@dataclass
class Demo:
    out: Path
    engine: Engine
    output: str
    result: AllocationResult

    def sql(self, query: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
        self.engine.costs()
        return self.engine.ledger.con.execute(query, params or []).fetchall()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    out = tmp_path_factory.mktemp("allocation-demo")
    runner = CliRunner(env={"COLUMNS": "200"})
    args = ["--ledger", str(out / "ledger"), "demo", "--out", str(out), "--months", str(MONTHS), "--no-serve"]
    ran = runner.invoke(app, args)
    assert ran.exit_code == 0, ran.output
    engine = Engine(out / "ledger")
    yield Demo(out, engine, ran.output, allocate(engine, out / "allocation.yaml"))
    engine.close()


def test_one_rule_per_joint_system_with_the_landscapes_members(demo: Demo) -> None:
    manifest = json.loads((demo.out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["allocation"] == "allocation.yaml"
    landscape = build(list(known_municipalities().values()), 1.0, 42, Period(2025, MONTHS))
    joint = {s.id: [m.code for m in s.members] for s in landscape.systems if len(s.members) > 1}
    assert manifest["joint_members"] == joint
    assert set(joint) == set(manifest["scenarios"]["joint_systems"])
    rules = load_rules(demo.out / "allocation.yaml").rules
    assert {r.select.system_ids[0]: list(r.members) for r in rules} == joint
    assert {r.select.cost_sources for r in rules} == {("cloud",)}
    methods = {r.system_id.split("-")[0]: (r.method, r.fixed, r.variable, r.fixed_percent) for r in rules}
    assert methods == {
        "KOSEKI": ("fixed_variable", "equal", "population", Decimal(30)),
        "FUKUSHI": ("population", None, None, None),
    }


def test_every_rule_month_adds_up_to_its_ledger_total(demo: Demo) -> None:
    result = demo.result
    assert len(result.rule_months) == 8 * MONTHS
    for rm in result.rule_months:
        rule = result.rules.rule(rm.rule_id)
        (expected,) = demo.sql(
            "SELECT sum(billed_cost_jpy) FROM ledger_costs WHERE system_id = ? AND cost_source = 'cloud' "
            "AND strftime(BillingPeriodStart, '%Y-%m') = ?",
            [rule.select.system_ids[0], month_key(rm.month)],
        )[0]
        assert rm.total_jpy == expected
        shares = result.shares_of(rm.rule_id, rm.month)
        assert {s.municipality_code for s in shares} == set(rule.members)
        assert sum(s.share_jpy for s in shares) == rm.total_jpy.quantize(Decimal(1), ROUND_HALF_UP)
        assert all(s.share_jpy == s.share_jpy.to_integral_value() for s in shares)


def _largest_remainder(total: int, ratios: dict[str, Fraction]) -> dict[str, int]:
    """The test's own largest remainder over exact fractions (ties to the smaller code)."""
    exact = {k: total * r for k, r in ratios.items()}
    floors = {k: v.numerator // v.denominator for k, v in exact.items()}
    left = total - sum(floors.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - floors[k]), k))[:left]:
        floors[k] += 1
    return floors


def test_family_register_shares_recomputed_by_hand(demo: Demo) -> None:
    # 30 % equally among the four, 70 % by the shipped populations, on the month's total rounded
    # half up: ratio_i = 3/10 × 1/4 + 7/10 × pop_i / Σpop, as exact fractions.
    pops = {c: m.population for c, m in known_municipalities().items()}
    result = demo.result
    checked = 0
    for rm in result.rule_months:
        rule = result.rules.rule(rm.rule_id)
        if rule.method != "fixed_variable":
            continue
        whole = sum(pops[m] for m in rule.members)
        ratios = {m: Fraction(3, 40) + Fraction(7, 10) * Fraction(pops[m], whole) for m in rule.members}
        total = int(rm.total_jpy.quantize(Decimal(1), ROUND_HALF_UP))
        expected = _largest_remainder(total, ratios)
        got = {s.municipality_code: int(s.share_jpy) for s in result.shares_of(rm.rule_id, rm.month)}
        assert got == expected
        checked += 1
    assert checked == 6 * MONTHS


def test_the_allocated_view_keeps_every_total(demo: Demo) -> None:
    view = demo.engine.allocated_costs(demo.out / "allocation.yaml")
    (ledger_total,) = demo.sql("SELECT sum(billed_cost_jpy) FROM ledger_costs")[0]
    got = view.aggregate(s=view.allocated_cost_jpy.sum()).to_pyarrow().to_pylist()[0]["s"]
    assert got == ledger_total
    # Per municipality: its ledger cost, less the shared rows registered to it, plus its shares.
    by_code = {
        r["municipality_code"]: r["s"]
        for r in view.group_by("municipality_code")
        .aggregate(s=view.allocated_cost_jpy.sum())
        .to_pyarrow()
        .to_pylist()
    }
    systems = [r.select.system_ids[0] for r in demo.result.rules.rules]
    marks = ", ".join("?" for _ in systems)
    registered = dict(
        demo.sql(
            "SELECT municipality_code, sum(billed_cost_jpy) FROM ledger_costs GROUP BY ALL",
        )
    )
    shared = dict(
        demo.sql(
            f"SELECT municipality_code, sum(billed_cost_jpy) FROM ledger_costs WHERE cost_source = 'cloud' "
            f"AND system_id IN ({marks}) GROUP BY ALL",
            list(systems),
        )
    )
    rounding = {
        rm_code: sum(
            rm.total_jpy - rm.total_yen
            for rm in demo.result.rule_months
            if next(iter(rm.registered)) == rm_code
        )
        for rm_code in shared
    }
    for code in known_municipalities():
        expected = registered[code] - shared.get(code, 0) + demo.result.total_of(code) + rounding.get(code, 0)
        assert by_code[code] == expected, code


def test_govcost_demo_prints_the_allocation(demo: Demo) -> None:
    assert "共同利用システムの按分" in demo.output
    for system in ("KOSEKI-K01", "KOSEKI-K06", "FUKUSHI-K03", "FUKUSHI-K14"):
        assert system in demo.output
    assert "固定 30%: 均等割 + 変動 70%: 人口割" in demo.output
    assert "足立区・葛飾区・江戸川区・八王子市" in demo.output
