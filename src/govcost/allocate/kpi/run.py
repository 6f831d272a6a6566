"""``govcost kpi``: the seeds' targets tracked on the ledger.

One run reads the ledger's monthly totals once (through Ibis) and the inputs a municipality keeps
beside it (baseline, budget, populations), and gives: before/after migration against the national
target and the wards' KGI, cloud fees year on year, the ICT cost per resident and its spread, the
fiscal year month by month with budget and forecast, and the cost anomalies.

Which fiscal years:

- *after migration* (before/after, per resident): ``fiscal_year`` when given; otherwise the latest
  complete fiscal year (all 12 months in the ledger) with Government Cloud fees; otherwise the
  latest year with such fees, **annualised** (× 12 ÷ the months the ledger covers) and labelled so;
- *the year under review* (month view, forecast, cloud fees year on year, anomalies):
  ``fiscal_year`` when given, otherwise the latest fiscal year in the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from govcost.allocate.baseline import Baseline, load_baseline, load_populations
from govcost.allocate.kpi.anomalies import Anomaly, AnomalyRule, find_anomalies
from govcost.allocate.kpi.data import ledger_months, monthly_totals
from govcost.allocate.kpi.fiscal import FiscalView, fiscal_view
from govcost.allocate.kpi.inputs import load_budget
from govcost.allocate.kpi.ratios import (
    BeforeAfter,
    CloudYoy,
    PerResident,
    after_year,
    before_after,
    cloud_yoy,
    per_resident,
)
from govcost.allocate.kpi.totals import Totals
from govcost.allocate.targets import CLOUD_YOY, JOINT_PROCUREMENT, NATIONAL, WARDS_KGI, Target, meets
from govcost.errors import UsageError
from govcost.jp.codes import validate_code

if TYPE_CHECKING:
    from govcost.engine import Engine

#: What a target's figure is: each group ratio is checked both ways.
RATIO_OF_TOTALS = "ratio_of_totals"
MEAN_OF_RATIOS = "mean_of_ratios"


@dataclass
class TargetCheck:
    target: Target
    #: ratio_of_totals, mean_of_ratios, or "" for a target the ledger cannot measure.
    measure: str
    value: Decimal | None
    #: met, missed, no_data (not enough data) or scenario (a yardstick of `govcost scenario`).
    status: str


def _check(target: Target, measure: str, value: Decimal | None) -> TargetCheck:
    if value is None:
        return TargetCheck(target, measure, None, "no_data")
    return TargetCheck(target, measure, value, "met" if meets(target, value) else "missed")


@dataclass
class KpiResult:
    municipality: str | None
    #: First and last month the ledger covers.
    ledger_first: str
    ledger_last: str
    before_after: BeforeAfter
    cloud_yoy: CloudYoy
    per_resident: PerResident
    fiscal: FiscalView
    anomalies: list[Anomaly]
    rule: AnomalyRule
    baseline_file: str | None = None
    budget_file: str | None = None
    populations_file: str | None = None
    targets: list[TargetCheck] = field(default_factory=list)


def target_checks(ba: BeforeAfter, yoy: CloudYoy) -> list[TargetCheck]:
    """Every target the seeds set, against the group ratios (both ways) where the ledger has them."""
    out = []
    for target in (NATIONAL, WARDS_KGI):
        out.append(_check(target, RATIO_OF_TOTALS, ba.group.ratio_of_totals))
        out.append(_check(target, MEAN_OF_RATIOS, ba.group.mean_of_ratios))
    enough = yoy.enough_data
    out.append(_check(CLOUD_YOY, RATIO_OF_TOTALS, yoy.group.ratio_of_totals if enough else None))
    out.append(_check(CLOUD_YOY, MEAN_OF_RATIOS, yoy.group.mean_of_ratios if enough else None))
    # Joint against single contracts: no ledger holds both prices of one purchase.
    out.append(TargetCheck(JOINT_PROCUREMENT, "", None, "scenario"))
    return out


def kpi(
    engine: Engine,
    *,
    municipality: str | None = None,
    baseline: Path | str | None = None,
    budget: Path | str | None = None,
    populations: Path | str | None = None,
    fiscal_year: int | None = None,
    rule: AnomalyRule | None = None,
) -> KpiResult:
    code = validate_code(municipality) if municipality is not None else None
    rule = rule or AnomalyRule()
    baselines: dict[str, Baseline] = load_baseline(baseline) if baseline is not None else {}
    budget_lines = load_budget(budget) if budget is not None else None
    pops = load_populations(populations)
    costs = engine.costs()
    months = ledger_months(costs)
    if not months:
        raise UsageError("kpi.no_costs")
    totals = Totals(monthly_totals(costs, code), months)
    if code is not None and not totals.cells:
        raise UsageError("kpi.no_costs_for", municipality=code)
    if fiscal_year is not None and fiscal_year not in totals.fiscal_years:
        raise UsageError(
            "kpi.no_costs_in_year",
            year=fiscal_year,
            years=", ".join(str(y) for y in totals.fiscal_years),
        )
    after_fy = after_year(totals, fiscal_year)
    review_fy = fiscal_year if fiscal_year is not None else totals.fiscal_years[-1]
    ba = before_after(totals, after_fy, baselines, code)
    yoy = cloud_yoy(totals, review_fy, code)
    result = KpiResult(
        municipality=code,
        ledger_first=f"{months[0]:%Y-%m}",
        ledger_last=f"{months[-1]:%Y-%m}",
        before_after=ba,
        cloud_yoy=yoy,
        per_resident=per_resident(totals, ba.basis, pops, code),
        fiscal=fiscal_view(totals, review_fy, budget_lines, code),
        anomalies=find_anomalies(costs, review_fy, code, rule),
        rule=rule,
        baseline_file=str(baseline) if baseline is not None else None,
        budget_file=str(budget) if budget is not None else None,
        populations_file=str(populations) if populations is not None else None,
    )
    result.targets = target_checks(ba, yoy)
    return result
