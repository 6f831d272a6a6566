"""fx: costs in USD re-priced at another rate (BilledCost × the new rate), yen costs untouched;
hand-computed on a tiny ledger over two months with different rates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from govcost.engine import Engine
from tests.allocate.scenarios.tiny import Line, Row, by_code, ledger, run, section


def test_reprices_every_usd_row_at_the_new_rate(
    engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]
) -> None:
    ledger(
        engine,
        tmp_path,
        write_rates,
        rows=[
            Row("i-1", "100", month="2025-04"),  # × 150 = 15,000
            Row("i-1", "100", month="2025-05"),  # × 160 = 16,000
            Row("", "10", charge="Tax", resource_type="", month="2025-04"),  # × 150 = 1,500
            # 0.33 USD × 150 = 49.5 円: now 50 (half up)
            Row("i-2", "0.33", municipality="131024", system="JUKI-131024", month="2025-04"),
        ],
        lines=[Line("131016", "JUKI-131016", "接続回線", "50000", month="2025-05")],
        rates={"2025-04": "150", "2025-05": "160"},
    )
    result = run(engine, tmp_path, "steps:\n  - kind: fx\n    rate: 170\n")
    # The latest 12 months: April and May 2025.
    assert result.period.months == ["2025-04", "2025-05"]
    # 131016: (100 + 100 + 10) USD × 170 = 35,700; now 15,000 + 16,000 + 1,500 = 32,500 → +3,200;
    #   the cost line in yen (50,000) does not move.
    # 131024: 0.33 × 170 = 56.1 → 56; now 49.5 → 50 → +6.
    assert by_code(result) == {
        "131016": (82_500, 85_700, 3_200),
        "131024": (50, 56, 6),
    }
    rows = section(result, 1, "repriced")["rows"]
    assert rows[0]["billed"] == "210.000000000000" and rows[0]["before_jpy"] == 32_500
    assert rows[0]["after_jpy"] == 35_700 and rows[0]["average_rate"] == "154.76"  # 32,500 ÷ 210
    assert section(result, 1, "repriced")["total"]["change_jpy"] == 3_206 == result.change_yen


def test_a_lower_rate_and_another_currency(
    engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]
) -> None:
    ledger(engine, tmp_path, write_rates, rows=[Row("i-1", "100")])
    result = run(engine, tmp_path, "steps:\n  - kind: fx\n    rate: 140\n")
    # 100 × 140 = 14,000 against 15,000: −1,000.
    assert by_code(result) == {"131016": (15_000, 14_000, -1_000)}
    from govcost.errors import UsageError

    try:
        run(engine, tmp_path, "steps:\n  - kind: fx\n    rate: 1\n    currency: EUR\n")
    except UsageError as exc:
        assert "steps[1]" in exc.render("en") and "EUR" in exc.render("en")
    else:
        raise AssertionError("no EUR costs: the step must say so")
