"""Shares add up to the total to the yen, whatever the weights: by hand and by property."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govcost.allocate.baseline import load_baseline
from govcost.allocate.shares import exact_shares, largest_remainder, settle_to_yen
from govcost.errors import InputError


def test_by_hand_three_wards_by_population() -> None:
    # ¥1,000,000 among populations 100, 200, 300: 166,666.67 / 333,333.33 / 500,000.
    # Floors 166,666 + 333,333 + 500,000 = 999,999: the one yen left goes to the largest
    # remainder, 0.67 (a).
    shares = largest_remainder(Decimal(1_000_000), {"a": Decimal(100), "b": Decimal(200), "c": Decimal(300)})
    assert shares == {"a": Decimal(166_667), "b": Decimal(333_333), "c": Decimal(500_000)}


def test_by_hand_equal_shares_of_an_uneven_total_break_ties_by_key() -> None:
    # ¥100 (from ¥99.5, rounded half up) in three: 33.33 each, the one yen left to the first key.
    shares = largest_remainder(Decimal("99.5"), {"c": Decimal(1), "a": Decimal(1), "b": Decimal(1)})
    assert shares == {"a": Decimal(34), "b": Decimal(33), "c": Decimal(33)}


def test_a_credit_is_split_with_its_sign() -> None:
    # −¥10 in 1 : 2: −3.33 / −6.67, the yen left over to the larger remainder (b).
    shares = largest_remainder(Decimal(-10), {"a": Decimal(1), "b": Decimal(2)})
    assert shares == {"a": Decimal(-3), "b": Decimal(-7)}


def test_settling_exact_parts_gives_equal_remainders_in_the_order_asked() -> None:
    # 2.5 + 2.5 + 5 = 10: floors 2 + 2 + 5 = 9, the one yen left goes to the first of the two
    # equal remainders (0.5) — "y" in the parts' own order, "x" when ties go by key.
    exact = {"y": Decimal("2.5"), "x": Decimal("2.5"), "z": Decimal(5)}
    assert settle_to_yen(exact, Decimal(10)) == {"y": Decimal(3), "x": Decimal(2), "z": Decimal(5)}
    assert settle_to_yen(exact, Decimal(10), sorted(exact)) == {
        "y": Decimal(2),
        "x": Decimal(3),
        "z": Decimal(5),
    }
    # Signed parts (a credit against a charge): -1.4 and 11.4 floor to -2 and 11, one yen left:
    # it goes to the larger remainder, 0.6 of -1.4 (11.4's is 0.4).
    assert settle_to_yen({"a": Decimal("-1.4"), "b": Decimal("11.4")}, Decimal(10)) == {
        "a": Decimal(-1),
        "b": Decimal(11),
    }


def test_bad_weights_are_refused() -> None:
    with pytest.raises(ValueError):
        largest_remainder(Decimal(10), {})
    with pytest.raises(ValueError):
        largest_remainder(Decimal(10), {"a": Decimal(0)})
    with pytest.raises(ValueError):
        exact_shares(Decimal(10), {"a": Decimal(-1), "b": Decimal(2)})


money = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=6, allow_nan=False)
weights = st.dictionaries(
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.decimals(min_value=Decimal(0), max_value=Decimal("1e7"), places=3, allow_nan=False),
    min_size=1,
    max_size=40,
).filter(lambda w: sum(w.values()) > 0)


@given(money, weights)
def test_shares_always_add_up_to_the_rounded_total(total: Decimal, w: dict[str, Decimal]) -> None:
    shares = largest_remainder(total, w)
    assert set(shares) == set(w)
    assert sum(shares.values()) == total.quantize(Decimal(1), rounding="ROUND_HALF_UP")
    assert all(s == s.to_integral_value() for s in shares.values())


@given(money, weights)
def test_each_share_is_within_one_yen_of_its_exact_share(total: Decimal, w: dict[str, Decimal]) -> None:
    rounded = total.quantize(Decimal(1), rounding="ROUND_HALF_UP")
    exact = exact_shares(rounded, w)
    for k, s in largest_remainder(total, w).items():
        assert abs(s - exact[k]) < 1
        if w[k] == 0:
            assert s == 0


def test_a_baseline_file_names_its_duplicate_rows(tmp_path: Path) -> None:
    path = tmp_path / "baseline.csv"
    path.write_text(
        "municipality_code,fiscal_year,operating_cost_jpy\n131016,2018,300000000\n131024,2018,1\n131016,2018,2\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_baseline(path)
    assert (err.value.key, err.value.row, err.value.params["first_row"]) == ("input.duplicate_key", 4, 2)
    assert "2 行目" in err.value.render("ja")
    path.write_text(
        'municipality_code,fiscal_year,operating_cost_jpy\n131016,2018,"1,200円"\n', encoding="utf-8"
    )
    assert load_baseline(path)["131016"].operating_cost_jpy == Decimal(1200)


def test_a_baseline_that_is_not_a_finite_amount_names_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "baseline.csv"
    path.write_text("municipality_code,fiscal_year,operating_cost_jpy\n131016,2018,NaN\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_baseline(path)
    assert (err.value.key, err.value.row, err.value.column) == ("input.bad_decimal", 2, "operating_cost_jpy")
