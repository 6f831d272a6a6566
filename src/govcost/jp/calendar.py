"""The municipal calendar: fiscal years (April–March, 令和 labels), holidays, the year-end closure."""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays

REIWA_START_YEAR = 2019


def fiscal_year(day: dt.date) -> int:
    """The fiscal year (by its starting calendar year) a date belongs to: April–March."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_label(fy: int) -> str:
    """令和 label of a fiscal year: 2025 → 令和7年度 (2019 is 令和元年度)."""
    n = fy - REIWA_START_YEAR + 1
    if n < 1:
        return f"平成{fy - 1988}年度"
    return "令和元年度" if n == 1 else f"令和{n}年度"


def fiscal_year_text(fy: int, lang: str) -> str:
    """A fiscal year as a page in ``lang`` names it: 令和7年度, or FY2025 (April 2025 – March 2026)."""
    return fiscal_year_label(fy) if lang == "ja" else f"FY{fy}"


def fiscal_year_months(fy: int) -> list[dt.date]:
    """The first day of each month of a fiscal year, April to March."""
    return [dt.date(fy + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]


@cache
def _jp_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("JP", years=year)


def is_year_end_closure(day: dt.date) -> bool:
    """12/29–1/3, when municipal offices are closed."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def is_business_day(day: dt.date) -> bool:
    """A weekday that is neither a public holiday (substitutes included) nor in the closure."""
    return day.weekday() < 5 and day not in _jp_holidays(day.year) and not is_year_end_closure(day)
