"""consolidation: N environments into one multi-tenant environment — each environment's fixed and
variable parts, the largest fixed part kept × keep, the variable part scaled by the driver with an
economies-of-scale exponent, the tax following, the new total split back by key to the yen;
hand-computed on a tiny ledger of three 住記系 environments."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from govcost.engine import Engine
from govcost.errors import InputError
from tests.allocate.scenarios.tiny import TRANSFER, Row, by_code, ledger, run, section


def _env(code: str, instance: str, volume: str, tax: str) -> list[Row]:
    system = f"JUKI-{code}"
    return [
        Row(f"i-{code}", instance, municipality=code, system=system),
        Row(f"vol-{code}", volume, municipality=code, system=system, resource_type="volume"),
        Row("", tax, municipality=code, system=system, charge="Tax", resource_type=""),
    ]


# FX 150. Fixed: the instances; variable: the volume (and the data transfer); tax apart.
#   JUKI-131016: fixed 100 USD = 15,000; variable 20 = 3,000;             tax 12 = 1,800 → 19,800
#   JUKI-131024: fixed 200 USD = 30,000; variable 60 = 9,000;             tax 26 = 3,900 → 42,900
#   JUKI-131032: fixed 300 USD = 45,000; variable 100 + 20 = 18,000;      tax 42 = 6,300 → 69,300
#   F = 90,000, V = 30,000, X = 12,000, now 132,000. ZEI-131016 (7,500) is not consolidated.
ROWS = [
    *_env("131016", "100", "20", "12"),
    *_env("131024", "200", "60", "26"),
    *_env("131032", "300", "100", "42"),
    Row("", "20", municipality="131032", system="JUKI-131032", service=TRANSFER, resource_type=""),
    Row("i-zei", "50", system="ZEI-131016", business="個人住民税"),
]
POPULATIONS = "municipality_code,population\n131016,100000\n131024,300000\n131032,600000\n"


@pytest.fixture
def tiny(engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]) -> Engine:
    (tmp_path / "pop.csv").write_text(POPULATIONS, encoding="utf-8")
    return ledger(engine, tmp_path, write_rates, rows=ROWS)


def _scenario(**params: str) -> str:
    lines = "\n".join(f"    {k}: {v}" for k, v in params.items())
    return f"populations: pop.csv\nsteps:\n  - kind: consolidation\n    systems: [JUKI-*]\n{lines}\n"


def test_fixed_kept_once_variable_as_it_is(tiny: Engine, tmp_path: Path) -> None:
    result = run(tiny, tmp_path, _scenario(keep="1.5"))
    # Kept: the largest fixed part 45,000 × 1.5 = 67,500. Variable, exponent 1: 30,000 as it is.
    # Tax: 12,000 × (67,500 + 30,000) ÷ 120,000 = 9,750. New total 67,500 + 30,000 + 9,750 = 107,250.
    # Split by population 1 : 3 : 6 → 10,725 / 32,175 / 64,350.
    # Changes: 10,725 − 19,800 = −9,075; 32,175 − 42,900 = −10,725; 64,350 − 69,300 = −4,950.
    assert by_code(result) == {
        "131016": (19_800 + 7_500, 10_725 + 7_500, -9_075),
        "131024": (42_900, 32_175, -10_725),
        "131032": (69_300, 64_350, -4_950),
    }
    envs = section(result, 1, "environments")
    assert [(r["fixed_jpy"], r["variable_jpy"], r["tax_jpy"]) for r in envs["rows"]] == [
        (15_000, 3_000, 1_800),
        (30_000, 9_000, 3_900),
        (45_000, 18_000, 6_300),
    ]
    assert envs["total"]["now_jpy"] == 132_000 and envs["rows"][2]["largest"] == "◀"
    assert section(result, 1, "kept")["figures"]["kept_jpy"] == 67_500
    new = section(result, 1, "new_total")["figures"]
    assert (new["tax_new_jpy"], new["new_total_jpy"], new["change_jpy"]) == (9_750, 107_250, -24_750)
    split = section(result, 1, "split")
    assert [r["new_jpy"] for r in split["rows"]] == [10_725, 32_175, 64_350]
    assert split["total"]["new_jpy"] == 107_250 == sum(r["new_jpy"] for r in split["rows"])


def test_economies_of_scale(tiny: Engine, tmp_path: Path) -> None:
    result = run(tiny, tmp_path, _scenario(keep="1.5", exponent="0.5"))
    # Populations 100,000 / 300,000 / 600,000, e = 0.5:
    #   Σd = 1,000,000 → (Σd)^0.5 = 1,000
    #   Σ d^0.5 = 316.2278 + 547.7226 + 774.5967 = 1,638.5470
    #   factor = 1,000 ÷ 1,638.5470 = 0.6102968; variable 30,000 × 0.6102968 = 18,308.90 → 18,309
    # Tax: 12,000 × (67,500 + 18,309) ÷ 120,000 = 8,580.9 → 8,581.
    # New total 67,500 + 18,309 + 8,581 = 94,390 → by population 9,439 / 28,317 / 56,634.
    scaled = section(result, 1, "scaled")["figures"]
    assert scaled["variable_new_jpy"] == 18_309 and scaled["factor"] == "0.6102968083"
    assert section(result, 1, "new_total")["figures"]["new_total_jpy"] == 94_390
    assert [r["new_jpy"] for r in section(result, 1, "split")["rows"]] == [9_439, 28_317, 56_634]
    assert result.change_yen == 94_390 - 132_000


def test_split_by_current_cost_adds_up_to_the_yen(tiny: Engine, tmp_path: Path) -> None:
    result = run(tiny, tmp_path, _scenario(keep="1.5", split="current"))
    # 107,250 split 19,800 : 42,900 : 69,300 (÷ 132,000):
    #   16,087.5 / 34,856.25 / 56,306.25 → floors 16,087 / 34,856 / 56,306 = 107,249;
    #   the yen left goes to the largest remainder (0.5, 131016): 16,088.
    assert [r["new_jpy"] for r in section(result, 1, "split")["rows"]] == [16_088, 34_856, 56_306]
    assert {k: v[2] for k, v in by_code(result).items()} == {
        "131016": 16_088 - 19_800,
        "131024": 34_856 - 42_900,
        "131032": 56_306 - 69_300,
    }


def test_a_fixed_share_or_fixed_rules_of_ones_own(tiny: Engine, tmp_path: Path) -> None:
    shared = run(tiny, tmp_path, _scenario(fixed_share="0.5", split="equal"))
    # Half of each environment's fees fixed: 9,000 / 19,500 / 31,500 (fees 18,000 / 39,000 / 63,000).
    # Kept 31,500 × 1; variable 9,000 + 19,500 + 31,500 = 60,000 as it is;
    # tax 12,000 × (31,500 + 60,000) ÷ 120,000 = 9,150; new total 100,650 → 33,550 each.
    assert section(shared, 1, "new_total")["figures"]["new_total_jpy"] == 100_650
    assert [r["new_jpy"] for r in section(shared, 1, "split")["rows"]] == [33_550] * 3
    ruled = run(tiny, tmp_path, _scenario(fixed="{resource_types: [instance, volume]}"))
    # Volumes fixed too: largest fixed 45,000 + 15,000 = 60,000; variable: the transfer, 3,000;
    # tax 12,000 × 63,000 ÷ 120,000 = 6,300; new total 69,300.
    assert section(ruled, 1, "new_total")["figures"]["new_total_jpy"] == 69_300


def test_bad_parameters_name_their_key(tiny: Engine, tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        run(tiny, tmp_path, "steps:\n  - kind: consolidation\n    keep: 2\n")
    assert "steps[1].systems" in missing.value.render("en")
    with pytest.raises(InputError) as exponent:
        run(tiny, tmp_path, _scenario(exponent="1.5"))
    assert "steps[1].exponent" in exponent.value.render("en")
    with pytest.raises(InputError) as both:
        run(tiny, tmp_path, _scenario(fixed_share="0.5", fixed="{resource_types: [instance]}"))
    assert "steps[1].fixed_share" in both.value.render("en")
