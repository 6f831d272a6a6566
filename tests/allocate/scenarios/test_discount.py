"""discount: a rate on the cloud fees (per provider, per service), commitment-discounted lines left
out or not, the consumption tax following the fees; hand-computed on a tiny ledger."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from govcost.engine import Engine
from govcost.errors import InputError
from tests.allocate.scenarios.tiny import S3, Line, Row, by_code, ledger, run, section

# FX 150 yen to the dollar (April 2025). 千代田区 (131016), JUKI-131016 本番:
#   i-1     100 USD → 15,000 円   on demand
#   i-2      40 USD →  6,000 円   covered by a Savings Plan (PricingCategory Committed)
#   credit   -5 USD →   -750 円   (a credit: an amount, not a fee)
#   EC2 tax  14 USD →  2,100 円
#   b-1      10 USD →  1,500 円   S3
#   S3 tax    1 USD →    150 円
#   software rental (cost line) 100,000 円: not a cloud fee
# 中央区 (131024), JUKI-131024: i-3 20 USD → 3,000 円, tax 2 USD → 300 円.
ROWS = [
    Row("i-1", "100"),
    Row("i-2", "40", committed=True),
    Row("", "-5", charge="Credit", resource_type=""),
    Row("", "14", charge="Tax", resource_type=""),
    Row("b-1", "10", service=S3, resource_type="bucket", category="Storage"),
    Row("", "1", service=S3, charge="Tax", resource_type="", category="Storage"),
    Row("i-3", "20", municipality="131024", system="JUKI-131024"),
    Row("", "2", municipality="131024", system="JUKI-131024", charge="Tax", resource_type=""),
]
LINES = [Line("131016", "JUKI-131016", "ソフトウェア借料", "100000", vendor="A社")]
NOW = {"131016": 15_000 + 6_000 - 750 + 2_100 + 1_500 + 150 + 100_000, "131024": 3_000 + 300}


@pytest.fixture
def tiny(engine: Engine, tmp_path: Path, write_rates: Callable[..., Path]) -> Engine:
    return ledger(engine, tmp_path, write_rates, rows=ROWS, lines=LINES)


def test_rate_per_service_with_the_tax_following(tiny: Engine, tmp_path: Path) -> None:
    result = run(
        tiny,
        tmp_path,
        """
        steps:
          - kind: discount
            rate: 0.1
            services: {"Amazon Simple Storage Service": 0.2}
        """,
    )
    # 131016 EC2: fees discounted 15,000 (i-2 already discounted, the credit not a fee)
    #   discount = 15,000 × 0.1 = 1,500
    #   taxable = 15,000 + 6,000 − 750 = 20,250; tax 2,100 → 2,100 × 1,500 ÷ 20,250 = 155.56 → 156
    # 131016 S3: 1,500 × 0.2 = 300; tax 150 × 300 ÷ 1,500 = 30
    # 131016: −(1,500 + 156) − (300 + 30) = −1,986
    # 131024 EC2: 3,000 × 0.1 = 300; tax 300 × 300 ÷ 3,000 = 30 → −330
    assert by_code(result) == {
        "131016": (NOW["131016"], NOW["131016"] - 1_986, -1_986),
        "131024": (NOW["131024"], NOW["131024"] - 330, -330),
    }
    rows = section(result, 1, "discounted")["rows"]
    ec2 = next(r for r in rows if r["municipality_code"] == "131016" and r["service"] != S3)
    assert ec2 == {
        "municipality_code": "131016",
        "municipality_name": "千代田区",
        "system_id": "JUKI-131016",
        "environment": "本番",
        "provider": "aws",
        "service": "Amazon Elastic Compute Cloud",
        "eligible_jpy": 15_000,
        "excluded_jpy": 6_000,
        "rate": "0.1",
        "discount_jpy": -1_500,
        "taxable_jpy": 20_250,
        "tax_jpy": 2_100,
        "tax_change_jpy": -156,
        "change_jpy": -1_656,
    }
    total = section(result, 1, "discounted")["total"]
    assert total["change_jpy"] == -1_986 - 330 == result.change_yen
    assert total["discount_jpy"] + total["tax_change_jpy"] == total["change_jpy"]


def test_already_discounted_lines_included_and_provider_rate(tiny: Engine, tmp_path: Path) -> None:
    result = run(
        tiny,
        tmp_path,
        """
        steps:
          - kind: discount
            rate: 0.2
            providers: {aws: 0.1}
            exclude_discounted: false
        """,
    )
    # The provider's rate (0.1) beats the general one (0.2).
    # 131016 EC2: (15,000 + 6,000) × 0.1 = 2,100; tax 2,100 × 2,100 ÷ 20,250 = 217.78 → 218
    # 131016 S3: 1,500 × 0.1 = 150; tax 150 × 150 ÷ 1,500 = 15
    # 131016: −(2,100 + 218 + 150 + 15) = −2,483; 131024: −(300 + 30) = −330
    assert {k: v[2] for k, v in by_code(result).items()} == {"131016": -2_483, "131024": -330}


def test_only_the_municipalities_asked(tiny: Engine, tmp_path: Path) -> None:
    result = run(
        tiny,
        tmp_path,
        """
        steps:
          - kind: discount
            rate: 10%
            municipalities: ["131024"]
        """,
    )
    assert {k: v[2] for k, v in by_code(result).items()} == {"131016": 0, "131024": -330}


def test_a_rate_is_required_and_below_one(tiny: Engine, tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        run(tiny, tmp_path, "steps:\n  - kind: discount\n    exclude_discounted: true\n")
    assert "steps[1].rate" in missing.value.render("en") and "missing" in missing.value.render("en")
    with pytest.raises(InputError) as high:
        run(tiny, tmp_path, "steps:\n  - kind: discount\n    rate: 1.2\n")
    assert "steps[1].rate" in high.value.render("en") and "'1.2'" in high.value.render("en")
