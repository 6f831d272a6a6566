from __future__ import annotations

import datetime as dt

from govcost.jp.calendar import (
    fiscal_year,
    fiscal_year_label,
    fiscal_year_months,
    is_business_day,
    is_year_end_closure,
)


def test_fiscal_year_runs_april_to_march() -> None:
    assert fiscal_year(dt.date(2025, 4, 1)) == 2025
    assert fiscal_year(dt.date(2026, 3, 31)) == 2025
    assert fiscal_year(dt.date(2025, 3, 31)) == 2024
    months = fiscal_year_months(2025)
    assert months[0] == dt.date(2025, 4, 1) and months[-1] == dt.date(2026, 3, 1) and len(months) == 12


def test_reiwa_labels() -> None:
    assert fiscal_year_label(2025) == "令和7年度"
    assert fiscal_year_label(2019) == "令和元年度"


def test_holidays_substitutes_and_closure() -> None:
    assert not is_business_day(dt.date(2025, 5, 6))  # 振替休日 (5/4 was a Sunday)
    assert not is_business_day(dt.date(2025, 9, 15))  # 敬老の日
    assert not is_business_day(dt.date(2025, 12, 29))
    assert not is_business_day(dt.date(2026, 1, 2))
    assert is_year_end_closure(dt.date(2026, 1, 3)) and not is_year_end_closure(dt.date(2026, 1, 5))
    assert is_business_day(dt.date(2026, 1, 5))
    assert not is_business_day(dt.date(2025, 11, 22))  # Saturday
