"""joint-procurement: the group's lots (operations assistant, network lines) priced on a curve by
the number of members or the yearly amount, split back by largest remainder, compared with the
single contracts against JOINT_PROCUREMENT; hand-computed on a tiny ledger of cost lines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from govcost.engine import Engine
from govcost.errors import InputError
from tests.allocate.scenarios.tiny import Line, by_code, ledger, run, section

OA, NET = "運用管理補助委託", "接続回線"
# April 2025, one month. 運用管理補助委託 (operations assistant) and 接続回線 (network lines):
LINES = [
    Line("131016", "JUKI-131016", OA, "300000", vendor="A社"),
    Line("131016", "JUKI-131016", NET, "150000"),
    Line("131016", "ZEI-131016", NET, "160000"),
    Line("131024", "JUKI-131024", OA, "250000", vendor="A社"),
    Line("131024", "JUKI-131024", NET, "170001"),
    Line("131032", "JUKI-131032", OA, "200000", vendor="A社"),
    Line("131032", "JUKI-131032", NET, "180000"),
    # Outside the group: untouched.
    Line("132012", "JUKI-132012", OA, "400000", vendor="A社"),
    # Not procured jointly.
    Line("131016", "JUKI-131016", "ソフトウェア借料", "1000000", vendor="A社"),
]
GROUP = "municipalities: ['131016', '131024', '131032']"


@pytest.fixture
def tiny(engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]) -> Engine:
    return ledger(engine, tmp_path, write_rates, lines=LINES)


def test_curves_by_members_and_by_amount(tiny: Engine, tmp_path: Path) -> None:
    result = run(
        tiny,
        tmp_path,
        f"""
        steps:
          - kind: joint-procurement
            {GROUP}
            curves:
              operations_assistant:
                by: municipalities
                steps: [{{from: 2, discount: 0.1}}, {{from: 3, discount: 0.2}}]
              network:
                by: amount
                steps: [{{from: 0, discount: 0}}, {{from: 5000000, discount: 0.25}}]
        """,
    )
    # Operations assistant: 3 members → the step "from 3": 20 %.
    #   volume 300,000 + 250,000 + 200,000 = 750,000 → 750,000 × 0.8 = 600,000
    #   split by the current amounts: 240,000 / 200,000 / 160,000 (exact)
    oa = section(result, 1, "operations_assistant.volume")["figures"]
    assert oa["members"] == 3 and oa["volume_jpy"] == 750_000 and oa["new_total_jpy"] == 600_000
    assert oa["step_from"] == "3" and oa["price"] == "20%" and oa["ratio"] == "0.800000"
    # Network lines: volume 150,000 + 160,000 + 170,001 + 180,000 = 660,001 in one month;
    #   a year's worth 660,001 × 12 = 7,920,012 ≥ 5,000,000 → 25 %.
    #   new total 660,001 × 0.75 = 495,000.75 → 495,001
    #   split by member (310,000 / 170,001 / 180,000) × 495,001 ÷ 660,001:
    #     232,500.117 / 127,500.814 / 135,000.068 → floors 232,500 / 127,500 / 135,000 (495,000),
    #     the one yen left to the largest remainder (131024): 127,501
    #   131016's two lines split 150,000 : 160,000 → 112,500 / 120,000
    net = section(result, 1, "network.volume")["figures"]
    assert net["volume_jpy"] == 660_001 and net["annual_jpy"] == 7_920_012
    assert net["new_total_jpy"] == 495_001 and net["price"] == "25%"
    members = {r["municipality_code"]: r["new_jpy"] for r in section(result, 1, "network.members")["rows"]}
    assert members == {"131016": 232_500, "131024": 127_501, "131032": 135_000}
    lines = {
        (r["municipality_code"], r["system_id"]): (r["current_jpy"], r["new_jpy"])
        for r in section(result, 1, "network.lines")["rows"]
    }
    assert lines[("131016", "JUKI-131016")] == (150_000, 112_500)
    assert lines[("131016", "ZEI-131016")] == (160_000, 120_000)
    assert section(result, 1, "network.lines")["total"]["new_jpy"] == 495_001
    # Per municipality: 131016 −60,000 − 77,500; 131024 −50,000 − 42,500; 131032 −40,000 − 45,000.
    assert {k: v[2] for k, v in by_code(result).items()} == {
        "131016": -137_500,
        "131024": -92_500,
        "131032": -85_000,
        "132012": 0,
    }
    # The group: single 750,000 + 660,001 = 1,410,001; joint 600,000 + 495,001 = 1,095,001;
    # 1,095,001 ÷ 1,410,001 = 0.7766 ≤ 0.8: the target is met.
    group = section(result, 1, "group")["figures"]
    assert group["single_jpy"] == 1_410_001 and group["joint_jpy"] == 1_095_001
    assert group["ratio"] == "0.776596" and "≤ 0.8" in group["target"]
    row = {r.code: r for r in result.rows}["131016"]
    assert row.joint == (610_000, 472_500)
    assert row.targets["joint-20"].meets_after() is True


def test_unit_price_split_equally(tiny: Engine, tmp_path: Path) -> None:
    result = run(
        tiny,
        tmp_path,
        f"""
        steps:
          - kind: joint-procurement
            {GROUP}
            cost_sources: [operations_assistant]
            curve:
              steps:
                - {{from: 1, unit_price: 220000}}
                - {{from: 3, unit_price: 190000}}
            split: equal
        """,
    )
    # 3 members → 190,000 a month each × 3 × 1 month = 570,000, split equally: 190,000 each.
    # Changes: 131016 300,000 → 190,000; 131024 250,000 → 190,000; 131032 200,000 → 190,000.
    assert {k: v[2] for k, v in by_code(result).items()} == {
        "131016": -110_000,
        "131024": -60_000,
        "131032": -10_000,
        "132012": 0,
    }
    # 570,000 ÷ 750,000 = 0.76.
    assert section(result, 1, "group")["figures"]["ratio"] == "0.760000"


def test_below_the_first_step_nothing_changes(tiny: Engine, tmp_path: Path) -> None:
    result = run(
        tiny,
        tmp_path,
        f"""
        steps:
          - kind: joint-procurement
            {GROUP}
            curve: {{steps: [{{from: 5, discount: 0.3}}]}}
        """,
    )
    assert result.change_yen == 0
    assert section(result, 1, "operations_assistant.volume")["figures"]["step_from"] == ""


def test_a_curve_out_of_order_names_the_step(tiny: Engine, tmp_path: Path) -> None:
    with pytest.raises(InputError) as bad:
        run(
            tiny,
            tmp_path,
            """
            steps:
              - kind: joint-procurement
                curve:
                  steps:
                    - {from: 10, discount: 0.2}
                    - {from: 5, discount: 0.1}
            """,
        )
    text = bad.value.render("en")
    assert "scenario.yaml" in text and "steps[1].curve.steps[2].from" in text
    assert "increase" in text and "'5'" in text
    with pytest.raises(InputError) as mixed:
        run(
            tiny,
            tmp_path,
            "steps:\n  - kind: joint-procurement\n"
            "    curve: {steps: [{from: 1, discount: 0.1, unit_price: 5}]}\n",
        )
    assert "steps[1].curve.steps[1].discount" in mixed.value.render("en")
