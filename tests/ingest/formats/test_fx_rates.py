"""FX rates: the rate of the billing month converts each row, is kept on it, and can be swapped."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DATA, ledger_state

from govcost.engine import Engine
from govcost.errors import InputError

TAGGED = DATA / "focus_small_tagged.csv"
USD_TOTAL = (
    Decimal("2.976")
    + Decimal("1.488")
    + Decimal("0.30")
    + Decimal("0.125")
    - Decimal("0.5")
    + Decimal("0.2976")
)


def test_rate_is_stored_on_each_row(engine: Engine, write_rates: Callable[..., Path]) -> None:
    engine.ingest([TAGGED], fx=write_rates({("2025-04", "USD"): "151.23"}))
    costs = engine.costs()
    assert set(costs.fx_jpy_per_unit.to_pyarrow().to_pylist()) == {Decimal("151.23")}
    assert costs.billed_cost_jpy.sum().to_pyarrow().as_py() == USD_TOTAL * Decimal("151.23")


def test_summary_can_be_rerun_with_another_rate(engine: Engine, write_rates: Callable[..., Path]) -> None:
    engine.ingest([TAGGED], fx=write_rates({("2025-04", "USD"): "151.23"}))
    other = write_rates({("2025-04", "USD"): "140"}, name="fx-other.csv")
    assert engine.summary([]).total_jpy == USD_TOTAL * Decimal("151.23")
    assert engine.summary([], fx=other).total_jpy == USD_TOTAL * Decimal("140")


def test_a_new_rate_for_a_month_replaces_the_old(engine: Engine, write_rates: Callable[..., Path]) -> None:
    engine.ingest([], fx=write_rates({("2025-04", "USD"): "151.23"}))
    report = engine.ingest([], fx=write_rates({("2025-04", "USD"): "150", ("2025-05", "USD"): "149"}))[0]
    assert report.notes == {"new_rows": 1, "replaced_rows": 1}
    assert engine.ledger.con.execute(
        "SELECT currency, jpy_per_unit FROM fx_rates ORDER BY month"
    ).fetchall() == [
        ("USD", Decimal("150")),
        ("USD", Decimal("149")),
    ]


@pytest.mark.parametrize(
    ("line", "column", "key"),
    [
        ("2025-13,USD,150", "month", "input.bad_month"),
        ("2025-05,usd$,150", "currency", "input.bad_value"),
        ("2025-05,USD,-1", "jpy_per_unit", "fx.nonpositive"),
        ("2025-05,USD,abc", "jpy_per_unit", "input.bad_decimal"),
        ("2025-04,USD,151", "month", "input.duplicate_key"),
    ],
)
def test_broken_rate_tables(engine: Engine, tmp_path: Path, line: str, column: str, key: str) -> None:
    before = ledger_state(engine)
    path = tmp_path / "fx.csv"
    path.write_text(f"month,currency,jpy_per_unit\n2025-04,USD,150\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        engine.ingest([path])
    assert (info.value.key, info.value.row, info.value.column) == (key, 3, column)
    assert ledger_state(engine) == before
