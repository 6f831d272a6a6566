"""The ledger's monthly totals, held once and cut by fiscal year, municipality and cost source."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from govcost.allocate.kpi.data import Cell
from govcost.jp.calendar import fiscal_year

CLOUD = "cloud"
MONTHS_A_YEAR = 12


def wareki_month(month: dt.date) -> str:
    """令和7年4月 style (令和 from May 2019, 平成 before)."""
    if (month.year, month.month) >= (2019, 5):
        n = month.year - 2018
        era = "令和元年" if n == 1 else f"令和{n}年"
    else:
        era = f"平成{month.year - 1988}年"
    return f"{era}{month.month}月"


def month_text(month: dt.date, lang: str) -> str:
    """A month as a page in ``lang`` names it: 令和7年4月, or Apr 2025."""
    return wareki_month(month) if lang == "ja" else f"{month:%b %Y}"


def last_year(month: dt.date) -> dt.date:
    return dt.date(month.year - 1, month.month, 1)


@dataclass
class Totals:
    """The cells of the scope, and the months the whole ledger covers."""

    cells: list[Cell]
    #: Every month with a cost row anywhere in the ledger (not only in the scope).
    months: list[dt.date]

    @property
    def fiscal_years(self) -> list[int]:
        return sorted({fiscal_year(m) for m in self.months})

    def months_of(self, fy: int) -> list[dt.date]:
        """The months of a fiscal year the ledger covers."""
        return [m for m in self.months if fiscal_year(m) == fy]

    def complete(self, fy: int) -> bool:
        return len(self.months_of(fy)) == MONTHS_A_YEAR

    def _pick(self, sources: Iterable[str] | None) -> list[Cell]:
        if sources is None:
            return self.cells
        wanted = set(sources)
        return [c for c in self.cells if c.cost_source in wanted]

    def by_municipality(
        self, months: Iterable[dt.date], sources: Iterable[str] | None = None
    ) -> dict[str | None, Decimal]:
        """Municipality (None: unassigned) → its cost over the given months."""
        wanted = set(months)
        out: dict[str | None, Decimal] = defaultdict(Decimal)
        for c in self._pick(sources):
            if c.month in wanted:
                out[c.municipality_code] += c.cost_jpy
        return dict(out)

    def series(self, sources: Iterable[str] | None = None) -> dict[str | None, dict[dt.date, Decimal]]:
        """Municipality (None: unassigned) → month → cost."""
        out: dict[str | None, dict[dt.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for c in self._pick(sources):
            out[c.municipality_code][c.month] += c.cost_jpy
        return {k: dict(v) for k, v in out.items()}

    @cached_property
    def _years(self) -> tuple[dict[tuple[str | None, int], Decimal], set[tuple[str | None, int]]]:
        """(municipality, fiscal year) → cost, and the (municipality, fiscal year) with cloud fees."""
        costs: dict[tuple[str | None, int], Decimal] = defaultdict(Decimal)
        cloud: set[tuple[str | None, int]] = set()
        for c in self.cells:
            key = (c.municipality_code, fiscal_year(c.month))
            costs[key] += c.cost_jpy
            if c.cost_source == CLOUD and c.cost_jpy:
                cloud.add(key)
        return dict(costs), cloud

    def year_cost(self, code: str | None, fy: int) -> Decimal:
        """The municipality's cost over the months of a fiscal year the ledger covers."""
        return self._years[0].get((code, fy), Decimal(0))

    def has_cloud(self, code: str | None, fy: int) -> bool:
        """Whether the municipality has Government Cloud fees in the fiscal year."""
        return (code, fy) in self._years[1]
