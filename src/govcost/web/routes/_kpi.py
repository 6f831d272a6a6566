"""What a user's scope sees of ``engine.kpi`` (docs/kpi.md): computed by the KPI engine, never here.

- a municipal user: ``engine.kpi(municipality=CODE)``, exactly what ``govcost kpi --municipality``
  says;
- a group administrator: one run over the ledger, keeping only the rows of the group's
  municipalities; the group's ratios are the engine's :func:`group_ratio` over those rows (both
  ways, each named) and the fiscal year's months are the sums of the group's series (the engine
  forecasts each municipality's series and sums them the same way);
- an administrator: the run over the whole ledger, unassigned costs included.

The results are cached per scope and state of the ledger and of the input files (:func:`memo`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from govcost.allocate.kpi.fiscal import MonthFigures, SeriesView
from govcost.allocate.kpi.ratios import (
    BeforeAfterRow,
    CloudYoyRow,
    GroupRatio,
    PerResidentRow,
    group_ratio,
)
from govcost.allocate.kpi.run import KpiResult
from govcost.allocate.kpi.stats import ratio_text
from govcost.allocate.kpi.totals import month_text, wareki_month
from govcost.allocate.targets import NATIONAL, WARDS_KGI
from govcost.errors import UsageError
from govcost.jp.codes import municipality_name
from govcost.messages import current_language, t
from govcost.web import colours
from govcost.web.routes._scoped import _file_key, memo
from govcost.web.routes._tables import Table

if TYPE_CHECKING:
    from govcost.engine import Engine
    from govcost.web.app import Dashboard

#: "The ledger has no costs for this scope" — shown as no data, not as an error.
NO_COSTS = {"kpi.no_costs", "kpi.no_costs_for"}
#: The before/after targets drawn as reference lines (−30 % → 0.7; ≤ 1.5 ×).
REFERENCE_TARGETS = (NATIONAL, WARDS_KGI)


@dataclass
class ScopedKpi:
    """The KPI engine's figures for the municipalities of one scope."""

    result: KpiResult
    before_after: list[BeforeAfterRow]
    group: GroupRatio
    per_resident: list[PerResidentRow]
    cloud_yoy: list[CloudYoyRow]
    fiscal: SeriesView
    no_baseline: list[str] = field(default_factory=list)

    @property
    def basis_label(self) -> str:
        basis = self.result.before_after.basis
        return basis_text(basis.fiscal_year, basis.months)

    def yoy_of(self, code: str) -> Decimal | None:
        if not self.result.cloud_yoy.enough_data:
            return None
        return next((r.ratio for r in self.cloud_yoy if r.municipality_code == code), None)


def basis_text(fiscal_year: int, months: int, lang: str | None = None) -> str:
    from govcost.jp.calendar import fiscal_year_text

    year = fiscal_year_text(fiscal_year, lang or current_language())
    if months >= 12:
        return t("kpi.basis.actual", lang, year=year)
    return t("kpi.basis.annualised", lang, year=year, months=months)


def _sum_series(views: list[SeriesView]) -> SeriesView:
    """The months of several municipalities' series added up (as the engine's own total is)."""

    def add(values: list[Decimal | None]) -> Decimal | None:
        present = [v for v in values if v is not None]
        return sum(present, Decimal(0)) if present else None

    months = views[0].months
    return SeriesView(
        None,
        [
            MonthFigures(
                m.month,
                add([v.months[i].actual_jpy for v in views]),
                add([v.months[i].forecast_jpy for v in views]),
                add([v.months[i].budget_jpy for v in views]),
            )
            for i, m in enumerate(months)
        ],
        views[0].method,
    )


def scoped_kpi(dash: Dashboard, engine: Engine, scope: list[str] | None) -> ScopedKpi | None:
    """The KPIs of ``scope`` (None: everything); None when the ledger has no costs for it."""
    codes = None if scope is None else sorted(set(scope))
    key = (
        "kpi",
        tuple(codes) if codes is not None else None,
        _file_key(dash.baseline),
        _file_key(dash.budget),
        _file_key(dash.populations),
    )
    return memo(dash, engine, key, lambda: _compute(dash, engine, codes))


def _compute(dash: Dashboard, engine: Engine, codes: list[str] | None) -> ScopedKpi | None:
    one = codes[0] if codes is not None and len(codes) == 1 else None
    if codes is not None and not codes:
        return None
    try:
        result = engine.kpi(
            municipality=one, baseline=dash.baseline, budget=dash.budget, populations=dash.populations
        )
    except UsageError as exc:
        if exc.key in NO_COSTS:
            return None
        raise
    if codes is None or one is not None:
        ba = result.before_after
        return ScopedKpi(
            result,
            ba.rows,
            ba.group,
            result.per_resident.rows,
            result.cloud_yoy.rows,
            result.fiscal.total,
            list(ba.no_baseline),
        )
    wanted = set(codes)
    rows = [r for r in result.before_after.rows if r.municipality_code in wanted]
    pairs = [(r.before_jpy, r.after_jpy) for r in rows if r.before_jpy is not None and r.before_jpy > 0]
    series = [s for s in result.fiscal.series if s.municipality_code in wanted]
    if not series:
        return None
    return ScopedKpi(
        result,
        rows,
        group_ratio(pairs),
        [r for r in result.per_resident.rows if r.municipality_code in wanted],
        [r for r in result.cloud_yoy.rows if r.municipality_code in wanted],
        _sum_series(series),
        [r.municipality_code for r in rows if r.ratio is None],
    )


# --- tables and charts -----------------------------------------------------------------------
def fiscal_table(k: ScopedKpi, lang: str) -> Table:
    headers = [
        t("kpi.col.label", lang),
        t("label.month", lang),
        t("kpi.col.actual", lang),
        t("kpi.col.budget", lang),
        t("kpi.col.variance", lang),
        t("kpi.col.forecast", lang),
    ]
    rows = [
        [
            month_text(m.month, lang),
            f"{m.month:%Y-%m}",
            m.actual_jpy,
            m.budget_jpy,
            m.variance_jpy,
            m.forecast_jpy,
        ]
        for m in k.fiscal.months
    ]
    return Table("kpi_fiscal_year", headers, rows, {2, 3, 4, 5})


def fiscal_chart(k: ScopedKpi, lang: str) -> dict[str, Any]:
    """Actual and forecast as bars, the budget as a line, April to March."""
    from govcost.jp.money import round_yen

    def ints(values: list[Decimal | None]) -> list[int | None]:
        return [None if v is None else int(round_yen(v)) for v in values]

    months = [f"{m.month:%Y-%m}" for m in k.fiscal.months]
    data: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": t("web.kpi.actual", lang),
            "x": months,
            "y": ints([m.actual_jpy for m in k.fiscal.months]),
        },
        {
            "type": "bar",
            "name": t("web.kpi.forecast", lang),
            "x": months,
            "y": ints([m.forecast_jpy for m in k.fiscal.months]),
            "marker": {"color": colours.FORECAST},
        },
    ]
    if any(m.budget_jpy is not None for m in k.fiscal.months):
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": t("web.kpi.budget", lang),
                "x": months,
                "y": ints([m.budget_jpy for m in k.fiscal.months]),
                "line": {"color": colours.BUDGET},
            }
        )
    return {
        "data": data,
        "layout": {
            "barmode": "stack",
            "yaxis": {"title": {"text": t("label.cost_jpy", lang)}, "tickformat": ",d"},
            "xaxis": {"type": "category"},
            "margin": {"t": 10, "r": 10},
            "legend": {"orientation": "h"},
        },
    }


def group_label(measure: str, lang: str) -> str:
    return t("web.kpi.group", lang, measure=t(f"kpi.measure.{measure}", lang))


def ratio_rows(
    k: ScopedKpi, lang: str, names: dict[str, str] | None = None
) -> list[tuple[str, Decimal | None]]:
    """(label, ratio): each municipality's, then the group's both ways (each named)."""
    out: list[tuple[str, Decimal | None]] = []
    for r in k.before_after:
        label = names[r.municipality_code] if names else f"{r.municipality_code} {r.name}".strip()
        out.append((label, r.ratio))
    if len(k.before_after) > 1:
        out.append((group_label("ratio_of_totals", lang), k.group.ratio_of_totals))
        out.append((group_label("mean_of_ratios", lang), k.group.mean_of_ratios))
    return out


def ratio_chart(rows: list[tuple[str, Decimal | None]], lang: str) -> dict[str, Any]:
    """The before/after ratios as bars with the targets as reference lines (Plotly shapes)."""
    shapes, notes = [], []
    for target in REFERENCE_TARGETS:
        y = float(target.limit)
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": y,
                "y1": y,
                "line": {
                    "color": colours.NATIONAL_TARGET if target is NATIONAL else colours.OWN_TARGET,
                    "dash": "dash",
                    "width": 2,
                },
            }
        )
        notes.append(
            {
                "xref": "paper",
                "x": 1,
                "y": y,
                "xanchor": "right",
                "yanchor": "bottom",
                "showarrow": False,
                "text": t(f"web.kpi.line.{target.key}", lang),
            }
        )
    return {
        "data": [
            {
                "type": "bar",
                "name": t("kpi.col.ratio", lang),
                "x": [label for label, _ in rows],
                "y": [None if v is None else float(ratio_text(v) or 0) for _, v in rows],
            }
        ],
        "layout": {
            "yaxis": {"title": {"text": t("kpi.col.ratio", lang)}, "rangemode": "tozero"},
            "xaxis": {"type": "category"},
            "shapes": shapes,
            "annotations": notes,
            "margin": {"t": 10, "r": 10},
        },
    }


def before_after_table(k: ScopedKpi, lang: str) -> Table:
    headers = [
        t("label.municipality", lang),
        t("label.municipality_name", lang),
        t("kpi.col.before", lang),
        t("kpi.col.before_year", lang),
        t("kpi.col.after", lang),
        t("kpi.col.ratio", lang),
        t("kpi.col.national", lang),
        t("kpi.col.kgi", lang),
    ]

    def marks(value: Decimal | None) -> list[str]:
        if value is None:
            return [t("kpi.status.no_data", lang)] * 2
        return [
            t("kpi.status.met" if value <= tg.limit else "kpi.status.missed", lang)
            for tg in REFERENCE_TARGETS
        ]

    rows: list[list[Any]] = []
    for r in k.before_after:
        rows.append(
            [
                r.municipality_code,
                municipality_name(r.municipality_code) or "",
                r.before_jpy,
                r.before_year,
                r.after_jpy,
                ratio_text(r.ratio),
                *marks(r.ratio),
            ]
        )
    if len(k.before_after) > 1:
        g = k.group
        for measure, value in (("ratio_of_totals", g.ratio_of_totals), ("mean_of_ratios", g.mean_of_ratios)):
            before = g.before_total_jpy if measure == "ratio_of_totals" and g.municipalities else None
            after = g.after_total_jpy if measure == "ratio_of_totals" and g.municipalities else None
            rows.append(
                ["", group_label(measure, lang), before, None, after, ratio_text(value), *marks(value)]
            )
    return Table("kpi_before_after", headers, rows, {2, 4})


def api_record(k: ScopedKpi) -> dict[str, Any]:
    from govcost.jp.money import round_yen

    def y(v: Decimal | None) -> int | None:
        return None if v is None else int(round_yen(v))

    return {
        "fiscal_year": k.result.fiscal.fiscal_year,
        "months_covered": k.result.fiscal.months_covered,
        "forecast_method": k.fiscal.method,
        "months": [
            {
                "month": f"{m.month:%Y-%m}",
                "label": wareki_month(m.month),
                "actual_jpy": y(m.actual_jpy),
                "budget_jpy": y(m.budget_jpy),
                "variance_jpy": y(m.variance_jpy),
                "forecast_jpy": y(m.forecast_jpy),
            }
            for m in k.fiscal.months
        ],
        "year_end_forecast_jpy": y(k.fiscal.forecast_jpy),
        "before_after": {
            "after_basis": {
                "fiscal_year": k.result.before_after.basis.fiscal_year,
                "months": k.result.before_after.basis.months,
                "annualised": k.result.before_after.basis.annualised,
            },
            "municipalities": [
                {
                    "municipality_code": r.municipality_code,
                    "before_jpy": y(r.before_jpy),
                    "before_year": r.before_year,
                    "after_jpy": y(r.after_jpy),
                    "ratio": ratio_text(r.ratio),
                }
                for r in k.before_after
            ],
            "group": {
                "municipalities": k.group.municipalities,
                "ratio_of_totals": ratio_text(k.group.ratio_of_totals),
                "mean_of_ratios": ratio_text(k.group.mean_of_ratios),
            },
            "targets": [{"key": tg.key, "limit": str(tg.limit)} for tg in REFERENCE_TARGETS],
        },
    }
