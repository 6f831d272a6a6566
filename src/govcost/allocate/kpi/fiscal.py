"""The fiscal year month by month (April–March, 令和 labels): actual, budget, and a forecast to the end
of the year from the months so far.

The forecast, for each municipality (and the unassigned costs) on its own:

- ``last_year_trend`` when the ledger covers every month of the year before: a missing month is the
  same month last year × this year's trend, the trend being the months so far ÷ the same months
  last year (a municipality without costs in those months falls back to the mean);
- ``mean_so_far`` otherwise: a missing month is the mean of the months so far.

The total of a month is the sum of its municipalities (actual and forecast alike). A month is
"actual" when the ledger holds any cost in it, otherwise it is forecast.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from govcost.allocate.kpi.inputs import BudgetLine
from govcost.allocate.kpi.totals import Totals, last_year
from govcost.jp.calendar import fiscal_year_months

LAST_YEAR_TREND = "last_year_trend"
MEAN_SO_FAR = "mean_so_far"


@dataclass
class MonthFigures:
    month: dt.date
    #: The ledger's cost (None: the ledger does not cover the month yet).
    actual_jpy: Decimal | None
    #: The forecast of a month the ledger does not cover yet.
    forecast_jpy: Decimal | None = None
    #: The budget (None: no budget line for it).
    budget_jpy: Decimal | None = None

    @property
    def value_jpy(self) -> Decimal | None:
        """Actual where there is one, else the forecast."""
        return self.actual_jpy if self.actual_jpy is not None else self.forecast_jpy

    @property
    def variance_jpy(self) -> Decimal | None:
        """Actual (or forecast) − budget: positive is over budget."""
        if self.budget_jpy is None or self.value_jpy is None:
            return None
        return self.value_jpy - self.budget_jpy


def _sum(values: list[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


@dataclass
class SeriesView:
    """One municipality's year (None: the costs no municipality is assigned to)."""

    municipality_code: str | None
    months: list[MonthFigures]
    method: str | None = None
    #: this year so far ÷ the same months last year (``last_year_trend`` only).
    trend: Decimal | None = None

    @property
    def actual_jpy(self) -> Decimal:
        return _sum([m.actual_jpy for m in self.months]) or Decimal(0)

    @property
    def forecast_jpy(self) -> Decimal:
        """The year-end forecast: the actual months plus the forecast ones."""
        return _sum([m.value_jpy for m in self.months]) or Decimal(0)

    @property
    def budget_jpy(self) -> Decimal | None:
        return _sum([m.budget_jpy for m in self.months])


@dataclass
class BudgetCheck:
    """One budget line (municipality, month, cost source or all) against the ledger."""

    municipality_code: str
    month: dt.date
    cost_source: str | None
    budget_jpy: Decimal
    #: Actual cost; None when the ledger does not cover the month (then only the whole month's
    #: forecast is known, in the month view).
    actual_jpy: Decimal | None

    @property
    def variance_jpy(self) -> Decimal | None:
        return None if self.actual_jpy is None else self.actual_jpy - self.budget_jpy


@dataclass
class FiscalView:
    fiscal_year: int
    #: Months of the year the ledger covers.
    months_covered: int
    #: The forecast method (None: the year is complete, nothing to forecast).
    method: str | None
    total: SeriesView
    series: list[SeriesView]
    budget_given: bool = False
    budget_checks: list[BudgetCheck] = field(default_factory=list)


def _forecast(
    series: dict[dt.date, Decimal], actual: list[dt.date], missing: list[dt.date], method: str | None
) -> tuple[dict[dt.date, Decimal], str | None, Decimal | None]:
    if not missing or not actual:
        return {}, None, None
    so_far = sum((series.get(m, Decimal(0)) for m in actual), Decimal(0))
    if method == LAST_YEAR_TREND:
        before = sum((series.get(last_year(m), Decimal(0)) for m in actual), Decimal(0))
        if before > 0:
            trend = so_far / before
            return {m: series.get(last_year(m), Decimal(0)) * trend for m in missing}, LAST_YEAR_TREND, trend
    avg = so_far / len(actual)
    return dict.fromkeys(missing, avg), MEAN_SO_FAR, None


def fiscal_view(
    totals: Totals, fy: int, budget: list[BudgetLine] | None, municipality: str | None
) -> FiscalView:
    months = fiscal_year_months(fy)
    covered = set(totals.months)
    actual = [m for m in months if m in covered]
    missing = [m for m in months if m not in covered]
    method: str | None = None
    if missing:
        method = LAST_YEAR_TREND if all(last_year(m) in covered for m in months) else MEAN_SO_FAR
    lines = [
        b
        for b in budget or []
        if b.fiscal_year == fy and (municipality is None or b.municipality_code == municipality)
    ]
    month_budget: dict[tuple[str, dt.date], Decimal] = defaultdict(Decimal)
    for b in lines:
        month_budget[(b.municipality_code, b.month)] += b.budget_jpy
    all_series = totals.series()
    codes: set[str | None] = {c for c in all_series if municipality is None or c == municipality}
    codes |= {b.municipality_code for b in lines}
    views: list[SeriesView] = []
    for code in sorted(codes, key=lambda c: (c is None, c or "")):
        values = all_series.get(code, {})
        forecast, used, trend = _forecast(values, actual, missing, method)
        figures = [
            MonthFigures(
                m,
                values.get(m, Decimal(0)) if m in covered else None,
                forecast.get(m),
                month_budget.get((code, m)) if code is not None else None,
            )
            for m in months
        ]
        views.append(SeriesView(code, figures, used, trend))
    total = SeriesView(
        None,
        [
            MonthFigures(
                m,
                sum((v.months[i].actual_jpy or Decimal(0) for v in views), Decimal(0))
                if m in covered
                else None,
                _sum([v.months[i].forecast_jpy for v in views]),
                _sum([v.months[i].budget_jpy for v in views]),
            )
            for i, m in enumerate(months)
        ],
        method,
    )
    source_series = {
        src: totals.series([src]) for src in {b.cost_source for b in lines if b.cost_source is not None}
    }
    checks = []
    for b in sorted(lines, key=lambda x: (x.municipality_code, x.month, x.cost_source or "")):
        values = (source_series[b.cost_source] if b.cost_source else all_series).get(b.municipality_code, {})
        checks.append(
            BudgetCheck(
                b.municipality_code,
                b.month,
                b.cost_source,
                b.budget_jpy,
                values.get(b.month, Decimal(0)) if b.month in covered else None,
            )
        )
    return FiscalView(fy, len(actual), method, total, views, budget is not None, checks)
