"""Before and after migration, cloud fees year on year, and the ICT cost per resident.

Across a group, a ratio is given two ways and each is labelled as what it is (DESIGN.md): the
**ratio of totals** (Σ after ÷ Σ before: the group's cost as one budget sees it, weighted by size)
and the **mean of ratios** (the plain mean of each municipality's own ratio: how the typical member
fares, as the 中核市 survey's "2.3 倍" is). The two differ whenever large and small members fare
differently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from govcost.allocate.baseline import Baseline
from govcost.allocate.kpi.stats import coefficient_of_variation, mean, median
from govcost.allocate.kpi.totals import CLOUD, MONTHS_A_YEAR, Totals, last_year
from govcost.jp.calendar import fiscal_year
from govcost.jp.codes import municipality_name


@dataclass(frozen=True)
class Basis:
    """Which fiscal year an annual figure comes from, and whether it is annualised."""

    fiscal_year: int
    #: Months of the fiscal year the ledger covers; below 12 the figure is annualised (× 12 ÷ months).
    months: int

    @property
    def annualised(self) -> bool:
        return self.months < MONTHS_A_YEAR

    def annual(self, amount: Decimal) -> Decimal:
        return amount if not self.annualised else amount * MONTHS_A_YEAR / self.months


@dataclass
class GroupRatio:
    """A group's figures: both ways of putting its ratio, each labelled by its name."""

    municipalities: int = 0
    before_total_jpy: Decimal = Decimal(0)
    after_total_jpy: Decimal = Decimal(0)
    #: Σ after ÷ Σ before over the municipalities with both figures.
    ratio_of_totals: Decimal | None = None
    #: The plain mean of the municipalities' own ratios.
    mean_of_ratios: Decimal | None = None
    median_ratio: Decimal | None = None
    min_ratio: Decimal | None = None
    max_ratio: Decimal | None = None


def group_ratio(pairs: list[tuple[Decimal, Decimal]]) -> GroupRatio:
    """``pairs``: (before, after) of each municipality with a before figure above zero."""
    if not pairs:
        return GroupRatio()
    before = sum((b for b, _ in pairs), Decimal(0))
    after = sum((a for _, a in pairs), Decimal(0))
    ratios = [a / b for b, a in pairs]
    return GroupRatio(
        municipalities=len(pairs),
        before_total_jpy=before,
        after_total_jpy=after,
        ratio_of_totals=after / before,
        mean_of_ratios=mean(ratios),
        median_ratio=median(ratios),
        min_ratio=min(ratios),
        max_ratio=max(ratios),
    )


# --- before and after migration ------------------------------------------------------------
@dataclass
class BeforeAfterRow:
    municipality_code: str
    before_jpy: Decimal | None
    #: The fiscal year the baseline is of, and where it comes from: "file" or "ledger".
    before_year: int | None
    before_source: str | None
    #: For a baseline taken from the ledger: months of that year it covers (annualised below 12).
    before_months: int | None
    after_jpy: Decimal

    @property
    def name(self) -> str:
        return municipality_name(self.municipality_code) or ""

    @property
    def ratio(self) -> Decimal | None:
        if self.before_jpy is None or self.before_jpy <= 0:
            return None
        return self.after_jpy / self.before_jpy


@dataclass
class BeforeAfter:
    basis: Basis
    rows: list[BeforeAfterRow]
    group: GroupRatio
    #: Municipalities with costs in the year but no baseline (left out of the group).
    no_baseline: list[str] = field(default_factory=list)
    #: Municipalities in the baseline file without costs in the ledger's year (left out).
    no_costs: list[str] = field(default_factory=list)


def after_year(totals: Totals, requested: int | None) -> int:
    """The fiscal year "after" migration: the one asked for; else the latest complete fiscal year
    with Government Cloud fees in the scope; else the latest year with such fees (annualised); else
    the latest year in the ledger."""
    if requested is not None:
        return requested
    with_cloud = sorted({fiscal_year(c.month) for c in totals.cells if c.cost_source == CLOUD and c.cost_jpy})
    complete = [fy for fy in with_cloud if totals.complete(fy)]
    if complete:
        return complete[-1]
    return with_cloud[-1] if with_cloud else totals.fiscal_years[-1]


def ledger_baseline(totals: Totals, code: str, after_fy: int) -> tuple[int, Decimal, int] | None:
    """The baseline the ledger itself holds: the latest fiscal year before ``after_fy`` in which the
    municipality has costs but no Government Cloud fees (its systems still ran elsewhere) —
    (year, annual cost, months covered), annualised when the ledger covers fewer than 12 months."""
    for fy in reversed([y for y in totals.fiscal_years if y < after_fy]):
        cost = totals.year_cost(code, fy)
        if cost > 0 and not totals.has_cloud(code, fy):
            months = len(totals.months_of(fy))
            return fy, Basis(fy, months).annual(cost), months
    return None


def before_after(
    totals: Totals, fy: int, baseline: dict[str, Baseline], municipality: str | None
) -> BeforeAfter:
    basis = Basis(fy, len(totals.months_of(fy)))
    after = {
        code: basis.annual(cost)
        for code, cost in totals.by_municipality(totals.months_of(fy)).items()
        if code is not None and (municipality is None or code == municipality)
    }
    rows: list[BeforeAfterRow] = []
    for code in sorted(after):
        if code in baseline:
            b = baseline[code]
            rows.append(BeforeAfterRow(code, b.operating_cost_jpy, b.fiscal_year, "file", None, after[code]))
            continue
        found = ledger_baseline(totals, code, fy)
        if found is None:
            rows.append(BeforeAfterRow(code, None, None, None, None, after[code]))
        else:
            year, cost, months = found
            rows.append(BeforeAfterRow(code, cost, year, "ledger", months, after[code]))
    pairs = [(r.before_jpy, r.after_jpy) for r in rows if r.before_jpy is not None and r.before_jpy > 0]
    in_scope = [c for c in baseline if municipality is None or c == municipality]
    return BeforeAfter(
        basis,
        rows,
        group_ratio(pairs),
        no_baseline=[r.municipality_code for r in rows if r.ratio is None],
        no_costs=sorted(c for c in in_scope if c not in after),
    )


# --- cloud fees year on year ---------------------------------------------------------------
@dataclass
class CloudYoyRow:
    municipality_code: str
    last_year_jpy: Decimal
    this_year_jpy: Decimal

    @property
    def name(self) -> str:
        return municipality_name(self.municipality_code) or ""

    @property
    def ratio(self) -> Decimal | None:
        return self.this_year_jpy / self.last_year_jpy if self.last_year_jpy > 0 else None


@dataclass
class CloudYoy:
    fiscal_year: int
    #: The months of this fiscal year compared with the same months a year earlier; empty: the
    #: ledger holds no cloud fees of the year before (not enough data).
    months: list[dt.date]
    rows: list[CloudYoyRow]
    group: GroupRatio

    @property
    def enough_data(self) -> bool:
        return bool(self.months) and self.group.municipalities > 0


def cloud_yoy(totals: Totals, fy: int, municipality: str | None) -> CloudYoy:
    """Cloud fees of ``fy`` against the same months of the year before (the months both years cover:
    a year still running is compared with the same months, not annualised)."""
    covered = set(totals.months)
    months = [m for m in totals.months_of(fy) if last_year(m) in covered]
    last = totals.by_municipality([last_year(m) for m in months], [CLOUD])
    if not months or not any(v > 0 for v in last.values()):
        return CloudYoy(fy, [], [], GroupRatio())
    this = totals.by_municipality(months, [CLOUD])
    codes = sorted(
        c for c in set(this) | set(last) if c is not None and (municipality is None or c == municipality)
    )
    rows = [CloudYoyRow(c, last.get(c, Decimal(0)), this.get(c, Decimal(0))) for c in codes]
    pairs = [(r.last_year_jpy, r.this_year_jpy) for r in rows if r.last_year_jpy > 0]
    return CloudYoy(fy, months, rows, group_ratio(pairs))


# --- per resident ----------------------------------------------------------------------------
@dataclass
class PerResidentRow:
    municipality_code: str
    population: int
    annual_jpy: Decimal

    @property
    def name(self) -> str:
        return municipality_name(self.municipality_code) or ""

    @property
    def per_resident_jpy(self) -> Decimal:
        return self.annual_jpy / self.population


@dataclass
class Spread:
    """How far the municipalities' per-resident costs lie apart."""

    municipalities: int
    min_jpy: Decimal
    min_code: str
    max_jpy: Decimal
    max_code: str
    median_jpy: Decimal
    mean_jpy: Decimal
    #: max ÷ min.
    max_over_min: Decimal | None
    #: Population standard deviation ÷ mean.
    coefficient_of_variation: Decimal | None


@dataclass
class PerResident:
    basis: Basis
    rows: list[PerResidentRow]
    spread: Spread | None
    missing_population: list[str] = field(default_factory=list)


def per_resident(
    totals: Totals, basis: Basis, populations: dict[str, int], municipality: str | None
) -> PerResident:
    costs = totals.by_municipality(totals.months_of(basis.fiscal_year))
    rows: list[PerResidentRow] = []
    missing: list[str] = []
    for code in sorted(c for c in costs if c is not None and (municipality is None or c == municipality)):
        if costs[code] <= 0:
            continue
        if code not in populations:
            missing.append(code)
            continue
        rows.append(PerResidentRow(code, populations[code], basis.annual(costs[code])))
    if not rows:
        return PerResident(basis, rows, None, missing)
    values = [r.per_resident_jpy for r in rows]
    low = min(rows, key=lambda r: (r.per_resident_jpy, r.municipality_code))
    high = max(rows, key=lambda r: (r.per_resident_jpy, r.municipality_code))
    spread = Spread(
        municipalities=len(rows),
        min_jpy=low.per_resident_jpy,
        min_code=low.municipality_code,
        max_jpy=high.per_resident_jpy,
        max_code=high.municipality_code,
        median_jpy=median(values),
        mean_jpy=mean(values),
        max_over_min=high.per_resident_jpy / low.per_resident_jpy if low.per_resident_jpy > 0 else None,
        coefficient_of_variation=coefficient_of_variation(values),
    )
    return PerResident(basis, rows, spread, missing)
