"""The hand-written inputs of the optimiser: the settings file and a user's price catalog."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from govcost.errors import InputError
from govcost.optimize.catalog import PriceCatalog
from govcost.optimize.settings import Settings

HEADER = "provider,region,service,type,operating_system,unit,usd,taken_on\n"


def test_unquoted_times_read_as_written(tmp_path: Path) -> None:
    # YAML 1.1 turns an unquoted 20:00 into 1200 (minutes); the settings read it as 20:00.
    path = tmp_path / "optimize.yaml"
    path.write_text("defaults:\n  operating_hours: {start: 8:30, end: 20:00}\n", encoding="utf-8")
    hours = Settings.load(path).defaults.operating_hours
    assert (hours.start, hours.end) == (dt.time(8, 30), dt.time(20, 0))


@pytest.mark.parametrize(
    ("text", "column"),
    [
        (
            'defaults:\n  operating_hours: {business_days_only: "false"}\n',
            "defaults.operating_hours.business_days_only",
        ),
        ("defaults:\n  stop_outside_hours: {本番: yes please}\n", "defaults.stop_outside_hours.本番"),
    ],
)
def test_a_flag_that_is_not_true_or_false_is_refused(tmp_path: Path, text: str, column: str) -> None:
    path = tmp_path / "optimize.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        Settings.load(path)
    assert (err.value.key, err.value.file, err.value.column) == ("settings.bad_value", str(path), column)


def test_a_price_catalog_saved_by_excel_in_cp932(tmp_path: Path) -> None:
    path = tmp_path / "価格表.csv"
    path.write_bytes(
        (HEADER + "aws,ap-northeast-1,ec2,m6i.large,Linux,Hrs,0.124,2025-10-01\n").encode("cp932")
    )
    catalog = PriceCatalog.load(path)
    assert catalog.usd("ap-northeast-1", "ec2", "m6i.large", "Linux") == Decimal("0.124")


@pytest.mark.parametrize("usd", ["", "NaN", "-1", "abc"])
def test_a_bad_price_names_its_row_and_column(tmp_path: Path, usd: str) -> None:
    path = tmp_path / "prices.csv"
    path.write_text(
        HEADER + "aws,ap-northeast-1,ec2,m6i.large,Linux,Hrs,0.124,2025-10-01\n"
        f"aws,ap-northeast-1,ec2,m6i.xlarge,Linux,Hrs,{usd},2025-10-01\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        PriceCatalog.load(path)
    assert (err.value.key, err.value.file, err.value.row, err.value.column) == (
        "input.bad_decimal",
        str(path),
        3,
        "usd",
    )
