"""Cost anomalies: a system whose monthly cost jumps beyond its usual range, with the ledger lines
that caused the jump.

The rule, for each system (``system_id``) and each month of the fiscal year under review, over the
cost sources in ``AnomalyRule.cost_sources`` (Government Cloud fees by default: contract lines are
fixed by contract, metered fees are where surprises happen):

- the *history* is the system's previous months in the ledger (up to ``window`` of them; months
  without a row of the system do not count); with fewer than ``min_history`` months there is no
  usual range yet and the month is not judged;
- *usual range*: up to ``median + k × MAD`` of the history (MAD: the median absolute deviation) and
  up to ``median × (1 + min_rise)``; the month is flagged when its cost is above **both** (so a
  perfectly flat history does not flag a few yen, and a volatile one needs a larger jump);
- *season*: a month is not flagged when the same month a year earlier was as high (its cost is not
  above last year's × (1 + min_rise)): a peak that comes back every year is usual.

Each anomaly lists the lines (service, charge category and description, resource) whose cost rose
most against the previous month of the ledger, largest first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from govcost.allocate.kpi.data import LineKey, SystemMonth, system_lines, system_months
from govcost.allocate.kpi.stats import mad, median
from govcost.allocate.kpi.totals import last_year
from govcost.jp.calendar import fiscal_year

if TYPE_CHECKING:
    import ibis.expr.types as ir


@dataclass(frozen=True)
class AnomalyRule:
    k: Decimal = Decimal(3)
    min_rise: Decimal = Decimal("0.2")
    min_history: int = 3
    window: int = 12
    max_lines: int = 5
    cost_sources: tuple[str, ...] = ("cloud",)


@dataclass
class LineChange:
    key: LineKey
    previous_jpy: Decimal
    current_jpy: Decimal

    @property
    def increase_jpy(self) -> Decimal:
        return self.current_jpy - self.previous_jpy


@dataclass
class Anomaly:
    system_id: str
    municipality_codes: list[str]
    month: dt.date
    cost_jpy: Decimal
    history_months: int
    median_jpy: Decimal
    mad_jpy: Decimal
    #: The top of the usual range: max(median + k × MAD, median × (1 + min_rise)).
    threshold_jpy: Decimal
    previous_month: dt.date | None
    previous_jpy: Decimal | None
    last_year_jpy: Decimal | None
    lines: list[LineChange] = field(default_factory=list)

    @property
    def rise_jpy(self) -> Decimal:
        """Above the median of the history."""
        return self.cost_jpy - self.median_jpy

    @property
    def rise_ratio(self) -> Decimal | None:
        """cost ÷ the median of the history."""
        return self.cost_jpy / self.median_jpy if self.median_jpy > 0 else None


def judge(
    series: dict[dt.date, Decimal], month: dt.date, rule: AnomalyRule
) -> tuple[bool, list[Decimal], Decimal, Decimal, Decimal]:
    """Whether ``month`` of ``series`` is an anomaly: (flagged, history, median, MAD, threshold)."""
    earlier = sorted(m for m in series if m < month)[-rule.window :]
    history = [series[m] for m in earlier]
    if len(history) < rule.min_history or month not in series:
        return False, history, Decimal(0), Decimal(0), Decimal(0)
    med, spread = median(history), mad(history)
    threshold = max(med + rule.k * spread, med + rule.min_rise * abs(med))
    cost = series[month]
    flagged = cost > threshold
    ly = series.get(last_year(month))
    if flagged and ly is not None and cost <= ly + rule.min_rise * abs(ly):
        flagged = False
    return flagged, history, med, spread, threshold


def find_anomalies(costs: ir.Table, fy: int, municipality: str | None, rule: AnomalyRule) -> list[Anomaly]:
    rows: list[SystemMonth] = system_months(costs, municipality, rule.cost_sources)
    series: dict[str, dict[dt.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    owners: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        series[r.system_id][r.month] += r.cost_jpy
        if r.municipality_code:
            owners[r.system_id].add(r.municipality_code)
    out: list[Anomaly] = []
    for system_id in sorted(series):
        values = dict(series[system_id])
        for month in sorted(m for m in values if fiscal_year(m) == fy):
            flagged, history, med, spread, threshold = judge(values, month, rule)
            if not flagged:
                continue
            earlier = [m for m in values if m < month]
            previous = max(earlier) if earlier else None
            anomaly = Anomaly(
                system_id,
                sorted(owners[system_id]),
                month,
                values[month],
                len(history),
                med,
                spread,
                threshold,
                previous,
                values.get(previous) if previous else None,
                values.get(last_year(month)),
            )
            anomaly.lines = causing_lines(costs, anomaly, municipality, rule)
            out.append(anomaly)
    return sorted(out, key=lambda a: (a.month, -a.rise_jpy, a.system_id))


def causing_lines(
    costs: ir.Table, anomaly: Anomaly, municipality: str | None, rule: AnomalyRule
) -> list[LineChange]:
    """The lines whose cost rose most against the previous month, largest first."""
    months = [anomaly.month] + ([anomaly.previous_month] if anomaly.previous_month else [])
    lines = system_lines(costs, anomaly.system_id, municipality, rule.cost_sources, months)
    changes = [
        LineChange(
            key,
            by_month.get(anomaly.previous_month, Decimal(0)) if anomaly.previous_month else Decimal(0),
            by_month.get(anomaly.month, Decimal(0)),
        )
        for key, by_month in lines.items()
    ]
    rising = [c for c in changes if c.increase_jpy > 0]
    rising.sort(key=lambda c: (-c.increase_jpy, str(c.key)))
    return rising[: rule.max_lines]
