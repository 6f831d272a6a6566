"""The staff rate card (rank, yen per person-month): any office encoding, errors that name the cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from govcost.errors import InputError
from govcost.review.context import DEFAULT_RATE_CARD, load_rate_card


def test_defaults_and_a_cp932_card(tmp_path: Path) -> None:
    assert load_rate_card(None) == DEFAULT_RATE_CARD
    path = tmp_path / "単価表.csv"
    path.write_bytes('rank,yen_per_person_month\nPM,"1,300,000"\n上級SE,950000円\n'.encode("cp932"))
    assert load_rate_card(path) == {"PM": Decimal(1_300_000), "上級SE": Decimal(950_000)}


@pytest.mark.parametrize(
    ("text", "key", "row", "column"),
    [
        ("rank,price\nPM,1\n", "input.missing_columns", 1, None),
        ("rank,yen_per_person_month\n,800000\n", "input.null_mandatory", 2, "rank"),
        ("rank,yen_per_person_month\nSE,八十万\n", "input.bad_decimal", 2, "yen_per_person_month"),
        ("rank,yen_per_person_month\nSE,NaN\n", "input.bad_decimal", 2, "yen_per_person_month"),
        ("rank,yen_per_person_month\nSE,800000\nSE,700000\n", "input.duplicate_key", 3, "rank"),
    ],
)
def test_bad_cards_name_file_row_and_column(
    tmp_path: Path, text: str, key: str, row: int, column: str | None
) -> None:
    path = tmp_path / "rates.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_rate_card(path)
    assert (err.value.key, err.value.file, err.value.row, err.value.column) == (key, str(path), row, column)
