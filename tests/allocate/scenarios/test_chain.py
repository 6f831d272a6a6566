"""A scenario file's steps applied in order, each on the result of the one before; each step's part
of every municipality's change is whole yen and the parts add up to the change."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from govcost.allocate.scenario import Item, scale_to, total
from govcost.allocate.scenario_report import to_dict
from govcost.engine import Engine
from tests.allocate.scenarios.tiny import Line, Row, by_code, ledger, run

ROWS = [
    Row("i-1", "100"),  # 100 USD × 150 = 15,000
    Row("i-2", "30", municipality="131024", system="JUKI-131024"),  # 4,500
]
LINES = [
    Line("131016", "JUKI-131016", "接続回線", "100000"),
    Line("131024", "JUKI-131024", "接続回線", "50000"),
]


def test_discount_then_fx_equals_fx_then_discount(
    engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]
) -> None:
    ledger(engine, tmp_path, write_rates, rows=ROWS, lines=LINES)
    first = run(
        engine,
        tmp_path,
        """
        steps:
          - {kind: discount, rate: 0.1}
          - {kind: fx, rate: 160}
          - kind: joint-procurement
            curve: {steps: [{from: 2, discount: 0.2}]}
        """,
    )
    # 131016: discount 15,000 × 0.1 = −1,500 (billed now 90 USD); fx 90 × 160 = 14,400 vs 13,500: +900;
    #   network 100,000 × 0.8 = 80,000: −20,000. Total −20,600.
    # 131024: discount 4,500 × 0.1 = −450 (27 USD); fx 27 × 160 = 4,320 vs 4,050: +270;
    #   network 50,000 × 0.8 = 40,000: −10,000. Total −10,180.
    rows = {r.code: r for r in first.rows}
    assert rows["131016"].changes == [-1_500, 900, -20_000]
    assert rows["131024"].changes == [-450, 270, -10_000]
    assert by_code(first) == {"131016": (115_000, 94_400, -20_600), "131024": (54_500, 44_320, -10_180)}
    reverse = run(
        engine,
        tmp_path,
        "steps:\n  - {kind: fx, rate: 160}\n  - {kind: discount, rate: 0.1}\n",
    )
    # 131016: fx 100 × 160 = 16,000: +1,000; discount 16,000 × 0.1 = −1,600 → 14,400 again.
    assert {r.code: r.changes for r in reverse.rows}["131016"] == [1_000, -1_600]
    assert {k: v[1] for k, v in by_code(reverse).items()}["131016"] == 14_400 + 100_000
    data = to_dict(first)
    assert data["total"]["by_step_jpy"] == [-1_950, 1_170, -30_000]
    assert sum(data["total"]["by_step_jpy"]) == data["total"]["difference_jpy"] == -30_780
    assert [s["change_jpy"] for s in data["steps"]] == data["total"]["by_step_jpy"]
    for r in data["municipalities"]:
        assert sum(r["by_step_jpy"]) == r["difference_jpy"] == r["scenario_jpy"] - r["now_jpy"]


def _item(amount: Decimal) -> Item:
    return Item(
        None,
        None,
        None,
        None,
        "cloud",
        None,
        None,
        None,
        None,
        None,
        None,
        "Usage",
        "USD",
        False,
        amount,
        amount,
        amount,
    )


@given(
    st.lists(st.decimals(min_value=-(10**6), max_value=10**9, places=12), min_size=1, max_size=8),
    st.integers(min_value=-(10**9), max_value=10**10),
)
def test_scaled_items_add_up_to_the_target_exactly(amounts: list[Decimal], target: int) -> None:
    items = [_item(a) for a in amounts]
    scale_to(items, Decimal(target))
    assert total(items) == target
