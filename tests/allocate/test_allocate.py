"""Each allocation method on tiny ledgers, with the shares worked out by hand; the tie cases of the
largest remainder; the effect of the methods; the allocated view that keeps the ledger's totals."""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govcost.allocate.allocate import AllocationResult, Weights, allocate, split
from govcost.allocate.rules import Rule, RuleSet, Selection
from govcost.allocate.view import allocated_costs, split_signed
from govcost.engine import Engine
from govcost.errors import InputError
from govcost.jp.codes import known_municipalities
from tests.allocate.alloc_ledgers import A, B, C, cost_lines, ingest, rates, rules, tagged_bill

APRIL, MAY = dt.date(2025, 4, 1), dt.date(2025, 5, 1)
D = Decimal


def _rule(method: str, extra: str = "", select: str = "{system_id: KOSEKI-K01}") -> str:
    return (
        f'rules:\n  - id: r\n    select: {select}\n    members: ["{A}", "{B}", "{C}"]\n'
        f"    method: {method}\n{extra}"
    )


def _shares(result: AllocationResult, month: dt.date = APRIL) -> dict[str, Decimal]:
    return {s.municipality_code: s.share_jpy for s in result.shares_of("r", month)}


@pytest.fixture
def one_million(engine: Engine, tmp_path: Path) -> Engine:
    """¥1,000,000 of operations assistant in April, registered to the lead 131016."""
    ingest(
        engine,
        cost_lines(tmp_path / "lines.csv", [(A, "KOSEKI-K01", "operations_assistant", "2025-04", "1000000")]),
    )
    return engine


def _run(engine: Engine, tmp_path: Path, body: str, **kw: object) -> AllocationResult:
    return allocate(engine, rules(tmp_path / "allocation.yaml", body), **kw)  # type: ignore[arg-type]


# --- each method, by hand -----------------------------------------------------------------------
def test_equal(one_million: Engine, tmp_path: Path) -> None:
    # 1,000,000 ÷ 3 = 333,333.33 each; floors add up to 999,999; the yen left goes to the first
    # code of the tie (131016).
    result = _run(one_million, tmp_path, _rule("equal"))
    assert _shares(result) == {A: D(333_334), B: D(333_333), C: D(333_333)}
    s = result.shares_of("r", APRIL)[0]
    assert s.ratio == D(1) / D(3) and s.keys[0].basis == "equal" and s.keys[0].value == 1


def test_population(one_million: Engine, tmp_path: Path) -> None:
    # Populations 100 / 200 / 300: 166,666.67 / 333,333.33 / 500,000; the yen left to the larger
    # remainder 0.67 (131016).
    result = _run(one_million, tmp_path, _rule("population"))
    assert _shares(result) == {A: D(166_667), B: D(333_333), C: D(500_000)}
    keys = {s.municipality_code: s.keys[0] for s in result.shares}
    assert {c: k.value for c, k in keys.items()} == {A: 100, B: 200, C: 300}
    assert "populations.csv" in keys[A].source


def test_accounts(one_million: Engine, tmp_path: Path) -> None:
    # Accounts 1 / 1 / 2: a quarter, a quarter, a half.
    result = _run(
        one_million, tmp_path, _rule("accounts", f'    accounts: {{"{A}": 1, "{B}": 1, "{C}": 2}}\n')
    )
    assert _shares(result) == {A: D(250_000), B: D(250_000), C: D(500_000)}


def test_users(one_million: Engine, tmp_path: Path) -> None:
    # Users 10 / 20 / 70 of 100.
    result = _run(one_million, tmp_path, _rule("users", f'    users: {{"{A}": 10, "{B}": 20, "{C}": 70}}\n'))
    assert _shares(result) == {A: D(100_000), B: D(200_000), C: D(700_000)}


def test_fixed_variable(one_million: Engine, tmp_path: Path) -> None:
    # 30 % equal + 70 % by population 100 / 200 / 300:
    #   131016: 0.3 × 1/3 + 0.7 × 100/600 = 0.1 + 0.11667 = 0.21667 → 216,666.67
    #   131024: 0.1 + 0.7 × 200/600 = 0.33333 → 333,333.33
    #   131032: 0.1 + 0.7 × 300/600 = 0.45 → 450,000
    # Floors 999,999; the yen left to the larger remainder (131016).
    extra = "    fixed_percent: 30\n    fixed: equal\n    variable: population\n"
    result = _run(one_million, tmp_path, _rule("fixed_variable", extra))
    assert _shares(result) == {A: D(216_667), B: D(333_333), C: D(450_000)}
    a = next(s for s in result.shares if s.municipality_code == A)
    # The two parts of 131016's ratio: 0.3 × 1/3 = 0.1 and 0.7 × 100/600 = 0.11667.
    assert [k.basis for k in a.keys] == ["equal", "population"]
    assert a.keys[0].ratio == D("0.1") and abs(a.keys[1].ratio - D(7) / D(60)) < D("1e-20")
    assert sum(s.ratio for s in result.shares) == 1


def test_fixed_variable_at_the_ends(one_million: Engine, tmp_path: Path) -> None:
    # 100 % fixed is equal shares; 0 % fixed is the variable part alone.
    fixed = _run(
        one_million,
        tmp_path,
        _rule("fixed_variable", "    fixed_percent: 100\n    fixed: equal\n    variable: population\n"),
    )
    assert _shares(fixed) == {A: D(333_334), B: D(333_333), C: D(333_333)}
    variable = _run(
        one_million,
        tmp_path,
        _rule("fixed_variable", "    fixed_percent: 0\n    fixed: equal\n    variable: population\n"),
    )
    assert _shares(variable) == {A: D(166_667), B: D(333_333), C: D(500_000)}


def test_usage_from_keys_by_month(engine: Engine, tmp_path: Path) -> None:
    # April 1,000,000 by 5 / 3 / 2; May 600,000 by 1 / 1 / 4.
    ingest(
        engine,
        cost_lines(
            tmp_path / "lines.csv",
            [
                (A, "KOSEKI-K01", "operations_assistant", "2025-04", "1000000"),
                (A, "KOSEKI-K01", "operations_assistant", "2025-05", "600000"),
            ],
        ),
    )
    extra = (
        f'    usage:\n      unit: 件\n      keys:\n        2025-04: {{"{A}": 5, "{B}": 3, "{C}": 2}}\n'
        f'        2025-05: {{"{A}": 1, "{B}": 1, "{C}": 4}}\n'
    )
    result = _run(engine, tmp_path, _rule("usage", extra))
    assert _shares(result, APRIL) == {A: D(500_000), B: D(300_000), C: D(200_000)}
    assert _shares(result, MAY) == {A: D(100_000), B: D(100_000), C: D(400_000)}
    assert result.total_of(A) == D(600_000)
    assert result.shares[0].keys[0].source.endswith("(件)")


def test_usage_from_keys_needs_every_month(engine: Engine, tmp_path: Path) -> None:
    ingest(
        engine,
        cost_lines(tmp_path / "lines.csv", [(A, "KOSEKI-K01", "operations_assistant", "2025-05", "9")]),
    )
    extra = f'    usage:\n      keys:\n        2025-04: {{"{A}": 5, "{B}": 3, "{C}": 2}}\n'
    with pytest.raises(InputError) as caught:
        _run(engine, tmp_path, _rule("usage", extra))
    assert caught.value.key == "allocation.missing_month_keys" and "2025-05" in caught.value.render("ja")


def test_usage_by_tag(engine: Engine, tmp_path: Path) -> None:
    # A multi-tenant system billed to the lead: $10 for 131016's tenant, $30 for 131024's and $60
    # common, at ¥100/$: ¥1,000 + ¥3,000 + ¥6,000 = ¥10,000, split 1,000 : 3,000 : 0 — each member
    # pays its own part and the common part in the same proportion; 131032 used nothing.
    bill = tagged_bill(
        tmp_path / "bill.csv",
        APRIL,
        [("r1", "SAAS-01", A, "10"), ("r2", "SAAS-01", B, "30"), ("r3", "SAAS-01", None, "60")],
    )
    ingest(engine, bill, fx=rates(tmp_path / "fx.csv", ["2025-04"]))
    result = _run(
        engine, tmp_path, _rule("usage", '    usage: {tag: "user:tenant"}\n', "{system_id: SAAS-01}")
    )
    assert _shares(result) == {A: D(2_500), B: D(7_500), C: D(0)}
    assert result.shares[0].keys[0].value == D(1_000) and "user:tenant" in result.shares[0].keys[0].source


def test_usage_by_tag_with_no_tagged_cost_falls_back_to_equal(engine: Engine, tmp_path: Path) -> None:
    # ¥9,000, nothing tagged: the usage part is split equally this month, and the result says so.
    bill = tagged_bill(tmp_path / "bill.csv", APRIL, [("r3", "SAAS-01", None, "90")])
    ingest(engine, bill, fx=rates(tmp_path / "fx.csv", ["2025-04"]))
    result = _run(
        engine, tmp_path, _rule("usage", '    usage: {tag: "user:tenant"}\n', "{system_id: SAAS-01}")
    )
    assert _shares(result) == {A: D(3_000), B: D(3_000), C: D(3_000)}
    assert result.rule_months[0].fallback == ("usage",)
    assert any("2025-04" in w for w in result.warnings)


def test_usage_by_other_ledger_rows(engine: Engine, tmp_path: Path) -> None:
    # A joint network line (¥1,000,000, registered to 131016) shared by each member's own software
    # rental that month: 100,000 / 300,000 / 600,000.
    lines = cost_lines(
        tmp_path / "lines.csv",
        [
            (A, "NET-K01", "network", "2025-04", "1000000"),
            (A, "SOFT", "software", "2025-04", "100000"),
            (B, "SOFT", "software", "2025-04", "300000"),
            (C, "SOFT", "software", "2025-04", "600000"),
        ],
    )
    ingest(engine, lines)
    extra = "    usage: {cost: {cost_source: software}}\n"
    result = _run(engine, tmp_path, _rule("usage", extra, "{system_id: NET-K01}"))
    assert _shares(result) == {A: D(100_000), B: D(300_000), C: D(600_000)}


# --- the totals and the largest remainder ----------------------------------------------------
def test_ties_go_to_the_first_code(engine: Engine, tmp_path: Path) -> None:
    # ¥100 in three: 33.33 each, the yen left to 131016. ¥2 in three: 0.67 each, one yen each to the
    # first two codes. A credit of −¥100: −33.33 each, the sign kept (−34 for 131016).
    lines = cost_lines(
        tmp_path / "lines.csv",
        [
            (A, "S", "operations_assistant", "2025-04", "100"),
            (A, "S", "operations_assistant", "2025-05", "2"),
            (A, "S", "operations_assistant", "2025-06", "-100"),
        ],
    )
    ingest(engine, lines)
    result = _run(engine, tmp_path, _rule("equal", select="{system_id: S}"))
    assert _shares(result, APRIL) == {A: D(34), B: D(33), C: D(33)}
    assert _shares(result, MAY) == {A: D(1), B: D(1), C: D(0)}
    assert _shares(result, dt.date(2025, 6, 1)) == {A: D(-34), B: D(-33), C: D(-33)}


def test_the_total_is_rounded_half_up_once(engine: Engine, tmp_path: Path) -> None:
    # ¥1,000,000.5 → ¥1,000,001 shared: 333,333.67 each, two yen left to 131016 and 131024.
    # The exact share stays ¥1,000,000.5 ÷ 3 = 333,333.5.
    ingest(
        engine, cost_lines(tmp_path / "lines.csv", [(A, "S", "operations_assistant", "2025-04", "1000000.5")])
    )
    result = _run(engine, tmp_path, _rule("equal", select="{system_id: S}"))
    assert _shares(result) == {A: D(333_334), B: D(333_334), C: D(333_333)}
    rm = result.rule_months[0]
    assert rm.total_jpy == D("1000000.5") and rm.total_yen == D(1_000_001)
    assert result.shares[0].exact_share_jpy == D("1000000.5") / 3


def test_month_range_and_month_option(engine: Engine, tmp_path: Path) -> None:
    ingest(
        engine,
        cost_lines(
            tmp_path / "lines.csv",
            [
                (A, "S", "operations_assistant", "2025-04", "300"),
                (A, "S", "operations_assistant", "2025-05", "600"),
            ],
        ),
    )
    later = _run(engine, tmp_path, _rule("equal", select="{system_id: S, from: 2025-05}"))
    assert later.months == [MAY] and _shares(later, MAY) == {A: D(200), B: D(200), C: D(200)}
    april = _run(engine, tmp_path, _rule("equal", select="{system_id: S}"), month=APRIL)
    assert april.months == [APRIL] and april.total_of(A) == D(100)


def test_rules_overlapping_in_the_ledger_are_refused(one_million: Engine, tmp_path: Path) -> None:
    body = (
        f'rules:\n  - id: by-system\n    select: {{system_id: KOSEKI-K01}}\n    members: ["{A}", "{B}"]\n'
        "    method: equal\n"
        f'  - id: by-source\n    select: {{cost_source: operations_assistant}}\n    members: ["{C}"]\n'
        "    method: equal\n"
    )
    with pytest.raises(InputError) as caught:
        _run(one_million, tmp_path, body)
    err = caught.value
    assert err.key == "allocation.overlap_rows" and err.file == str(tmp_path / "allocation.yaml")
    text = err.render("ja")
    assert "by-system" in text and "by-source" in text and "KOSEKI-K01" in text and "2025-04" in text


def test_a_rule_with_nothing_to_share_is_a_warning(one_million: Engine, tmp_path: Path) -> None:
    result = _run(one_million, tmp_path, _rule("equal", select="{system_id: NOWHERE}"))
    assert result.shares == [] and "NOWHERE" in result.warnings[0]


def test_rows_registered_outside_the_members_are_pooled_and_reported(engine: Engine, tmp_path: Path) -> None:
    # 131041 (新宿区) is not a member but one of the rows is registered to it.
    lines = cost_lines(
        tmp_path / "lines.csv",
        [
            (A, "S", "operations_assistant", "2025-04", "300"),
            ("131041", "S", "operations_assistant", "2025-04", "300"),
        ],
    )
    ingest(engine, lines)
    result = _run(engine, tmp_path, _rule("equal", select="{system_id: S}"))
    assert _shares(result) == {A: D(200), B: D(200), C: D(200)}
    assert any("131041" in w for w in result.warnings)


def test_one_municipality_keeps_its_rules(one_million: Engine, tmp_path: Path) -> None:
    body = (
        _rule("equal")
        + '  - id: other\n    select: {system_id: X}\n    members: ["131041"]\n    method: equal\n'
    )
    result = _run(one_million, tmp_path, body, municipality=B)
    assert result.rule_ids == ["r"] and result.municipalities() == [B]
    assert result.total_of(B) == D(333_333)


# --- the effect of each method ----------------------------------------------------------------
def test_effects_compare_every_method_the_rule_has_keys_for(one_million: Engine, tmp_path: Path) -> None:
    # Current: by population 166,667 / 333,333 / 500,000. Equal: 333,334 / 333,333 / 333,333.
    # Users 1 / 1 / 2: 250,000 / 250,000 / 500,000.
    extra = f'    users: {{"{A}": 1, "{B}": 1, "{C}": 2}}\n'
    result = _run(one_million, tmp_path, _rule("population", extra))
    effects = {e.municipality_code: e for e in result.effects}
    assert set(effects[A].by_method) == {"equal", "population", "users"}
    assert effects[A].current_jpy == D(166_667)
    assert effects[A].difference("equal") == D(333_334 - 166_667)  # the smallest pays 166,667 more
    assert effects[C].difference("equal") == D(333_333 - 500_000)
    assert effects[B].difference("users") == D(250_000 - 333_333)
    assert effects[A].difference("population") == 0 and effects[A].difference("accounts") is None
    # Each method's shares add up to the total, as the current one's do.
    for method in ("equal", "population", "users"):
        assert sum(e.by_method[method] for e in effects.values()) == D(1_000_000)


# --- the allocated view --------------------------------------------------------------------------
def _sum(table: object, column: str, **where: str) -> Decimal:
    t = table
    for k, v in where.items():
        t = t.filter(t[k] == v)  # type: ignore[attr-defined]
    return t.aggregate(s=t[column].sum()).to_pyarrow().to_pylist()[0]["s"] or D(0)  # type: ignore[attr-defined]


def test_allocated_view_replaces_the_shared_rows_and_keeps_the_total(engine: Engine, tmp_path: Path) -> None:
    # ¥1,000,000.4 of operations assistant and ¥500,000 of network for KOSEKI-K01 in April, shared
    # 30 % equal + 70 % by population; ¥77 of 131024's own software is not shared.
    lines = cost_lines(
        tmp_path / "lines.csv",
        [
            (A, "KOSEKI-K01", "operations_assistant", "2025-04", "1000000.4"),
            (A, "KOSEKI-K01", "network", "2025-04", "500000"),
            (B, "SOFT", "software", "2025-04", "77"),
        ],
    )
    ingest(engine, lines)
    path = rules(
        tmp_path / "allocation.yaml",
        _rule("fixed_variable", "    fixed_percent: 30\n    fixed: equal\n    variable: population\n"),
    )
    result = allocate(engine, path)
    # ¥1,500,000.4 → ¥1,500,000: 0.21667 / 0.33333 / 0.45 → 325,000 / 500,000 / 675,000.
    assert _shares(result) == {A: D(325_000), B: D(500_000), C: D(675_000)}
    view = allocated_costs(engine, path)
    ledger = engine.costs()
    # Unchanged in total, to the last digit: the 0.4 yen not settled stays with the lead.
    assert _sum(view, "allocated_cost_jpy") == _sum(ledger, "billed_cost_jpy") == D("1500077.4")
    assert _sum(view, "billed_cost_jpy") == D("1500077.4")
    # Each member counts its share; 131024 its own software too.
    assert _sum(view, "allocated_cost_jpy", municipality_code=A) == D("325000.4")
    assert _sum(view, "allocated_cost_jpy", municipality_code=B) == D(500_077)
    assert _sum(view, "allocated_cost_jpy", municipality_code=C) == D(675_000)
    # Each share split between the two cost sources 1,000,000.4 : 500,000 (largest remainder):
    # 131016 216,666.58 / 108,333.42 → 216,667 / 108,333.
    assert _sum(view, "allocated_cost_jpy", municipality_code=A, cost_source="network") == D(108_333)
    rows = view.filter(view.AllocatedResourceId == A).to_pyarrow().to_pylist()
    assert {r["cost_source"] for r in rows} == {"operations_assistant", "network"}
    row = rows[0]
    assert row["AllocatedMethodId"] == "fixed_variable" and row["BillingCurrency"] == "JPY"
    details = json.loads(row["AllocatedMethodDetails"])
    assert [e["UsageUnit"] for e in details["Elements"]] == ["equal", "population"]
    assert details["Elements"][1]["UsageQuantity"] == 100 and details["x_RuleId"] == "r"
    assert json.loads(row["AllocatedTags"]) == {"govcost/rule": "r", "govcost/municipality_code": A}
    # The ratios of every member's elements add up to 1 (to the 15 places written).
    ratios = sum(
        D(str(e["AllocatedRatio"]))
        for r in view.filter(view.AllocatedMethodId.notnull()).to_pyarrow().to_pylist()
        if r["cost_source"] == "network" and r["AllocatedResourceId"]
        for e in json.loads(r["AllocatedMethodDetails"])["Elements"]
    )
    assert abs(ratios - 1) < D("1e-14")
    # The unallocated part of a yen: AllocatedResourceId null, with the lead.
    rest = (
        view.filter(view.AllocatedMethodId.notnull() & view.AllocatedResourceId.isnull())
        .to_pyarrow()
        .to_pylist()
    )
    assert [(r["municipality_code"], r["allocated_cost_jpy"]) for r in rest] == [(A, D("0.4"))]
    # Unshared rows pass through with the Allocated columns empty.
    soft = view.filter(view.system_id == "SOFT").to_pyarrow().to_pylist()
    assert len(soft) == 1 and soft[0]["AllocatedMethodId"] is None and soft[0]["allocated_cost_jpy"] == 77


def test_the_view_without_rules_is_the_ledger(one_million: Engine) -> None:
    view = one_million.allocated_costs()
    assert _sum(view, "allocated_cost_jpy") == D(1_000_000)
    assert view.to_pyarrow().to_pylist()[0]["AllocatedMethodId"] is None


def test_split_signed_adds_up() -> None:
    # 100 yen in 2 : 1 → 66.67 / 33.33 → 67 / 33; with a credit part −1 : 3 → −50 / 150.
    assert split_signed(D(100), {"a": D(2), "b": D(1)}) == {"a": D(67), "b": D(33)}
    assert split_signed(D(100), {"a": D(-1), "b": D(3)}) == {"a": D(-50), "b": D(150)}
    assert split_signed(D(7), {"only": D(5)}) == {"only": D(7)}


def test_a_file_without_rules_allocates_nothing(one_million: Engine, tmp_path: Path) -> None:
    path = tmp_path / "none.yaml"
    path.write_text("rules: []\n", encoding="utf-8")
    result = allocate(one_million, path)
    assert result.shares == [] and result.rule_months == [] and result.warnings == []
    assert _sum(allocated_costs(one_million, path), "allocated_cost_jpy") == D(1_000_000)


# --- properties ------------------------------------------------------------------------------------
codes = st.lists(st.sampled_from(sorted(known_municipalities())), min_size=2, max_size=6, unique=True)


@given(
    codes,
    st.decimals(min_value=D("-1e9"), max_value=D("1e10"), places=6, allow_nan=False),
    st.integers(min_value=0, max_value=100),
)
def test_fixed_variable_shares_add_up_and_follow_the_formula(members: list[str], total: D, pct: int) -> None:
    pops = {c: m.population for c, m in known_municipalities().items()}
    rule = Rule(
        "p",
        "p",
        "S",
        Selection(system_ids=("S",)),
        tuple(members),
        "fixed_variable",
        D(pct),
        "equal",
        "population",
    )
    done = split(rule, "fixed_variable", APRIL, total, Weights(RuleSet((rule,), populations=pops), {}))
    rounded = total.quantize(D(1), rounding=ROUND_HALF_UP)
    assert sum(done.yen.values()) == rounded
    whole = sum(pops[m] for m in members)
    for m in members:
        expected = D(pct) / 100 / len(members) + (1 - D(pct) / 100) * D(pops[m]) / whole
        assert abs(done.ratios[m] - expected) < D("1e-20")
        assert abs(done.yen[m] - rounded * done.ratios[m]) < 1


@given(
    st.integers(min_value=-(10**9), max_value=10**9),
    st.dictionaries(
        st.sampled_from(["cloud", "network", "software", "other"]),
        st.decimals(min_value=D("-1e6"), max_value=D("1e6"), places=3, allow_nan=False),
        min_size=1,
    ),
)
def test_split_signed_always_adds_up(amount: int, parts: dict[str, D]) -> None:
    assert sum(split_signed(D(amount), parts).values()) == amount
