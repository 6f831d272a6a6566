from __future__ import annotations

import pytest

from govcost.errors import InputError
from govcost.jp.codes import check_digit, is_valid_code, known_municipalities, validate_code


@pytest.mark.parametrize("code", ["131016", "131130", "011002", "141003", "132012"])
def test_known_codes_have_valid_check_digits(code: str) -> None:
    assert is_valid_code(code)


def test_check_digit_by_hand() -> None:
    # 13101: 6*1 + 5*3 + 4*1 + 3*0 + 2*1 = 27; 27 mod 11 = 5; (11 - 5) mod 10 = 6
    assert check_digit("13101") == 6
    # 01100: 0 + 5 + 4 + 0 + 0 = 9; (11 - 9) mod 10 = 2 → but 札幌市 is 011002: r = 9 → 2
    assert check_digit("01100") == 2


def test_remainders_zero_and_one_give_one_and_zero() -> None:
    # 00000 → S = 0, r = 0 → 1 ; 10000 → S = 6, r = 6 → 5 ; find r = 1: 20000 → S = 12, r = 1 → 0
    assert check_digit("00000") == 1
    assert check_digit("20000") == 0


@pytest.mark.parametrize("bad", ["131017", "13101", "1310166", "abcdef", ""])
def test_wrong_codes_are_rejected_with_a_clear_error(bad: str) -> None:
    if bad == "13101":
        # Five digits are read as a code whose leading zero Excel dropped, then checked.
        with pytest.raises(InputError):
            validate_code(bad, file="x.csv", row=3, column="団体コード")
        return
    with pytest.raises(InputError) as info:
        validate_code(bad, file="x.csv", row=3, column="団体コード")
    text = info.value.render("ja")
    assert "x.csv" in text and "3 行目" in text and "団体コード" in text


def test_excel_dropped_leading_zero_is_restored() -> None:
    assert validate_code("11002") == "011002"


def test_shipped_municipalities_are_the_23_wards_and_one_core_city() -> None:
    known = known_municipalities()
    assert len(known) == 24
    assert sum(1 for m in known.values() if m.kind == "特別区") == 23
    assert known["131016"].name == "千代田区"
    assert all(is_valid_code(c) for c in known)
