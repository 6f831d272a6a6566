"""Every rule is registered under a kebab-case id matching its module, documented with an example,
tied to a guide item, and has its own test file; the run combines overlapping findings."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from govcost.engine import Engine
from govcost.optimize.base import RULES, Finding
from govcost.optimize.run import combine, optimize
from tests.optimize.handmade import instance, month_hours, volume, write_focus

TESTS = Path(__file__).resolve().parent


def test_each_rule_is_documented_and_tested() -> None:
    assert RULES.keys(), "no rule registered"
    for cls in RULES:
        module = inspect.getmodule(cls)
        assert module is not None
        name = module.__name__.rsplit(".", 1)[-1]
        assert cls.key == name.replace("_", "-"), f"key {cls.key!r} must match its module {name!r}"
        doc = inspect.getdoc(cls) or ""
        assert "Example" in doc or "例" in doc, f"{cls.key}: the docstring needs an example finding"
        assert cls.guide_ref and not cls.guide_ref.isascii(), f"{cls.key} needs its guide item, in Japanese"
        assert cls.title and not cls.title.isascii(), f"{cls.key} needs a Japanese title"
        assert (TESTS / "rules" / f"test_{name}.py").is_file(), f"{name} has no test file"


def _finding(rule: str, rid: str, cost: str, saving: str, keeps: str | None) -> Finding:
    return Finding(
        rule=rule,
        resource_id=rid,
        resource_type="instance",
        action="",
        monthly_saving_jpy=Decimal(saving),
        monthly_cost_jpy=Decimal(cost),
        evidence={},
        guide_ref="",
        confidence="high",
        keeps=Decimal(keeps) if keeps is not None else None,
    )


def test_two_changes_to_one_resource_save_their_combined_change_not_the_sum() -> None:
    # 100,000 yen a month: half the size keeps 0.5, stopping 2/3 of the hours keeps 1/3.
    half = _finding("rightsizing", "i-1", "100000", "50000", "0.5")
    nights = _finding("operating-hours", "i-1", "100000", "66666.666", "0.33333334")
    other = _finding("storage", "vol-1", "3000", "600", "0.8")
    account = _finding("commitments", "acct", "0", "1200", None)
    savings = {s.resource_id: s for s in combine([half, nights, other, account])}
    assert savings["i-1"].sum_of_findings_jpy == Decimal("116666.666")
    assert savings["i-1"].combined_jpy == Decimal("100000") * (1 - Decimal("0.5") * Decimal("0.33333334"))
    assert savings["vol-1"].combined_jpy == Decimal("600")
    assert savings["acct"].combined_jpy == Decimal("1200")
    assert half.combined_with == ["operating-hours"] and nights.combined_with == ["rightsizing"]
    assert other.combined_with == []


def test_every_rule_runs_on_a_bare_bill_without_metrics_or_provider_columns(
    engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]
) -> None:
    """A small FOCUS file with no x_ columns (no x_Discounts, no x_Operation) and no metrics at all:
    every rule runs; those that need metrics say nothing rather than guess."""
    month = dt.date(2025, 6, 1)
    hours = month_hours(month)
    lines = [
        instance("i-bare", hours, "0.248", itype="m6i.xlarge", environment="prd"),
        volume("vol-bare", 100, "0.12", kind="gp2"),
    ]
    focus = write_focus(tmp_path / "focus.csv", month, lines)
    engine.ingest([focus], fx=write_rates({("2025-06", "USD"): "150"}))
    result = optimize(engine)
    assert result.month == month
    assert set(result.rules) == set(RULES.keys())
    by_rule = {f.rule for f in result.findings if not f.informational}
    # gp2 → gp3 needs no metrics: the bill says it all; rightsizing and idle need metrics.
    assert "storage" in by_rule
    assert not by_rule & {"rightsizing", "idle", "operating-hours"}
    gp2 = next(f for f in result.findings if f.rule == "storage")
    assert gp2.monthly_saving_jpy == Decimal(100) * Decimal("0.12") * 150 * (
        1 - Decimal("0.096") / Decimal("0.12")
    )
