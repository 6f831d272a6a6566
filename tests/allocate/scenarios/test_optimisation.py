"""optimisation: the findings of `govcost optimize` carried out, each resource once with its
combined saving × the months of the period, capped at what it costs; hand-computed on a tiny
ledger of idle Elastic IPs (the idle rule saves an idle address's whole cost)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from govcost.engine import Engine
from govcost.errors import InputError
from tests.allocate.scenarios.tiny import Row, by_code, ledger, run, section


def _eip(rid: str, cost: str, month: str, **kw: str) -> Row:
    """An Elastic IP billed idle for the whole month: 744 hours (720 in June)."""
    hours = "720" if month.endswith("06") else "744"
    return Row(
        rid,
        cost,
        resource_type="elastic-ip",
        sku_meter="APN1-ElasticIP:IdleAddress",
        month=month,
        quantity=hours,
        **kw,  # type: ignore[arg-type]
    )


def test_savings_over_the_period_capped_at_the_cost(
    engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]
) -> None:
    ledger(
        engine,
        tmp_path,
        write_rates,
        rows=[
            # 744 h × 0.005 USD = 3.72 USD a month × 150 = 558 円, April and May.
            _eip("eip-1", "3.72", "2025-04"),
            _eip("eip-1", "3.72", "2025-05"),
            # Allocated in May only: 3.72 USD = 558 円 in the period.
            _eip("eip-2", "3.72", "2025-05", municipality="131024", system="JUKI-131024"),
            Row("i-1", "100", month="2025-05"),
        ],
    )
    result = run(engine, tmp_path, "steps:\n  - kind: optimisation\n    rules: [idle]\n")
    # The month under review is May; the period (the latest 12 months) has two months with costs.
    # eip-1: 558 × 2 = 1,116 (it cost 1,116 in the period).
    # eip-2: 558 × 2 = 1,116, but it cost only 558 in the period: capped at 558.
    assert {k: v[2] for k, v in by_code(result).items()} == {"131016": -1_116, "131024": -558}
    rows = {r["resource_id"]: r for r in section(result, 1, "savings")["rows"]}
    assert rows["eip-1"]["monthly_saving"] == "558.000000000000000000"
    assert rows["eip-1"]["months"] == 2 and rows["eip-1"]["reduction_jpy"] == -1_116
    assert rows["eip-2"]["reduction_jpy"] == -558 and rows["eip-2"]["capped"]
    assert rows["eip-1"]["rules"] == "idle" and not rows["eip-1"]["capped"]
    assert section(result, 1, "savings")["figures"]["month"] == "2025-05"


def test_only_the_municipalities_asked_and_bad_rules(
    engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]
) -> None:
    ledger(
        engine,
        tmp_path,
        write_rates,
        rows=[
            _eip("eip-1", "3.72", "2025-05"),
            _eip("eip-2", "3.72", "2025-05", municipality="131024", system="JUKI-131024"),
        ],
    )
    text = "steps:\n  - kind: optimisation\n    rules: [idle]\n    municipalities: ['131024']\n"
    result = run(engine, tmp_path, text)
    assert {k: v[2] for k, v in by_code(result).items()} == {"131016": 0, "131024": -558}
    with pytest.raises(InputError) as bad:
        run(engine, tmp_path, "steps:\n  - kind: optimisation\n    rules: [idel]\n")
    assert "steps[1].rules" in bad.value.render("en") and "idle" in bad.value.render("en")
