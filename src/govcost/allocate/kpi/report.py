"""What a KPI run shows, for every output (table, JSON, XLSX, the demo's lines): labels, and the
JSON record. Yen are rounded half up once, when shown (integers in JSON); ratios are shown to three
decimal places, rounded half up (strings in JSON, so nothing passes through a float)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from govcost.allocate.kpi.anomalies import Anomaly
from govcost.allocate.kpi.fiscal import MonthFigures, SeriesView
from govcost.allocate.kpi.ratios import Basis, GroupRatio
from govcost.allocate.kpi.run import KpiResult, TargetCheck
from govcost.allocate.kpi.stats import ratio_text
from govcost.allocate.kpi.totals import wareki_month
from govcost.jp.calendar import fiscal_year_label
from govcost.jp.codes import municipality_name
from govcost.jp.money import round_yen
from govcost.messages import t


def yen(value: Decimal | None) -> int | None:
    return None if value is None else int(round_yen(value))


def basis_text(basis: Basis, lang: str | None = None) -> str:
    """令和7年度 実績(12か月) / 令和7年度 4か月の実績を年換算."""
    if basis.annualised:
        return t("kpi.basis.annualised", lang, year=fiscal_year_label(basis.fiscal_year), months=basis.months)
    return t("kpi.basis.actual", lang, year=fiscal_year_label(basis.fiscal_year))


def method_text(result: KpiResult, lang: str | None = None) -> str:
    method = result.fiscal.method
    if method is None:
        return t("kpi.method.none", lang)
    return t(f"kpi.method.{method}", lang)


def _percent(share: Decimal) -> str:
    """0.2 → "20", 0.125 → "12.5"."""
    value = share * 100
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else f"{value.normalize():f}"


def rule_text(result: KpiResult, lang: str | None = None) -> str:
    r = result.rule
    return t(
        "kpi.anomaly.rule",
        lang,
        sources=", ".join(r.cost_sources),
        window=r.window,
        min_history=r.min_history,
        k=r.k,
        rise=_percent(r.min_rise),
    )


def target_label(check: TargetCheck, lang: str | None = None) -> str:
    return t(f"kpi.target.{check.target.key}", lang)


def measure_label(measure: str, lang: str | None = None) -> str:
    return t(f"kpi.measure.{measure}", lang) if measure else ""


def name(code: str | None, lang: str | None = None) -> str:
    if code is None:
        return t("label.unassigned", lang)
    return municipality_name(code) or ""


def _group(g: GroupRatio) -> dict[str, Any]:
    return {
        "municipalities": g.municipalities,
        "before_total_jpy": yen(g.before_total_jpy),
        "after_total_jpy": yen(g.after_total_jpy),
        "ratio_of_totals": ratio_text(g.ratio_of_totals),
        "mean_of_ratios": ratio_text(g.mean_of_ratios),
        "median_ratio": ratio_text(g.median_ratio),
        "min_ratio": ratio_text(g.min_ratio),
        "max_ratio": ratio_text(g.max_ratio),
    }


def _month(m: MonthFigures) -> dict[str, Any]:
    return {
        "month": f"{m.month:%Y-%m}",
        "label": wareki_month(m.month),
        "actual_jpy": yen(m.actual_jpy),
        "forecast_jpy": yen(m.forecast_jpy),
        "budget_jpy": yen(m.budget_jpy),
        "variance_jpy": yen(m.variance_jpy),
    }


def _series(s: SeriesView) -> dict[str, Any]:
    return {
        "municipality_code": s.municipality_code,
        "name": name(s.municipality_code),
        "method": s.method,
        "trend": ratio_text(s.trend),
        "actual_jpy": yen(s.actual_jpy),
        "year_end_forecast_jpy": yen(s.forecast_jpy),
        "budget_jpy": yen(s.budget_jpy),
        "months": [_month(m) for m in s.months],
    }


def _anomaly(a: Anomaly) -> dict[str, Any]:
    return {
        "system_id": a.system_id,
        "municipality_codes": a.municipality_codes,
        "month": f"{a.month:%Y-%m}",
        "cost_jpy": yen(a.cost_jpy),
        "history_months": a.history_months,
        "median_jpy": yen(a.median_jpy),
        "mad_jpy": yen(a.mad_jpy),
        "threshold_jpy": yen(a.threshold_jpy),
        "rise_jpy": yen(a.rise_jpy),
        "rise_ratio": ratio_text(a.rise_ratio),
        "previous_month": f"{a.previous_month:%Y-%m}" if a.previous_month else None,
        "previous_jpy": yen(a.previous_jpy),
        "last_year_jpy": yen(a.last_year_jpy),
        "lines": [
            {
                "service": c.key.service,
                "charge_category": c.key.charge_category,
                "charge_description": c.key.charge_description,
                "resource_id": c.key.resource_id,
                "resource_name": c.key.resource_name,
                "previous_jpy": yen(c.previous_jpy),
                "current_jpy": yen(c.current_jpy),
                "increase_jpy": yen(c.increase_jpy),
            }
            for c in a.lines
        ],
    }


def record(result: KpiResult) -> dict[str, Any]:
    """The whole run as the JSON output gives it."""
    ba, yoy, pr, fv = result.before_after, result.cloud_yoy, result.per_resident, result.fiscal
    spread = pr.spread
    return {
        "municipality": result.municipality,
        "ledger_months": [result.ledger_first, result.ledger_last],
        "inputs": {
            "baseline": result.baseline_file,
            "budget": result.budget_file,
            "populations": result.populations_file,
        },
        "targets": [
            {
                "target": c.target.key,
                "label": target_label(c),
                "limit": str(c.target.limit),
                "measure": c.measure or None,
                "value": ratio_text(c.value),
                "status": c.status,
            }
            for c in result.targets
        ],
        "before_after": {
            "fiscal_year": ba.basis.fiscal_year,
            "label": fiscal_year_label(ba.basis.fiscal_year),
            "months": ba.basis.months,
            "annualised": ba.basis.annualised,
            "municipalities": [
                {
                    "municipality_code": r.municipality_code,
                    "name": r.name,
                    "before_jpy": yen(r.before_jpy),
                    "before_fiscal_year": r.before_year,
                    "before_source": r.before_source,
                    "before_months": r.before_months,
                    "after_jpy": yen(r.after_jpy),
                    "ratio": ratio_text(r.ratio),
                }
                for r in ba.rows
            ],
            "group": _group(ba.group),
            "no_baseline": ba.no_baseline,
            "baseline_without_costs": ba.no_costs,
        },
        "cloud_yoy": {
            "fiscal_year": yoy.fiscal_year,
            "enough_data": yoy.enough_data,
            "months": [f"{m:%Y-%m}" for m in yoy.months],
            "municipalities": [
                {
                    "municipality_code": r.municipality_code,
                    "name": r.name,
                    "last_year_jpy": yen(r.last_year_jpy),
                    "this_year_jpy": yen(r.this_year_jpy),
                    "ratio": ratio_text(r.ratio),
                }
                for r in yoy.rows
            ],
            "group": _group(yoy.group),
        },
        "per_resident": {
            "fiscal_year": pr.basis.fiscal_year,
            "months": pr.basis.months,
            "annualised": pr.basis.annualised,
            "municipalities": [
                {
                    "municipality_code": r.municipality_code,
                    "name": r.name,
                    "population": r.population,
                    "annual_jpy": yen(r.annual_jpy),
                    "per_resident_jpy": yen(r.per_resident_jpy),
                }
                for r in pr.rows
            ],
            "spread": None
            if spread is None
            else {
                "municipalities": spread.municipalities,
                "min_jpy": yen(spread.min_jpy),
                "min_municipality": spread.min_code,
                "max_jpy": yen(spread.max_jpy),
                "max_municipality": spread.max_code,
                "median_jpy": yen(spread.median_jpy),
                "mean_jpy": yen(spread.mean_jpy),
                "max_over_min": ratio_text(spread.max_over_min),
                "coefficient_of_variation": ratio_text(spread.coefficient_of_variation),
            },
            "missing_population": pr.missing_population,
        },
        "fiscal_year": {
            "fiscal_year": fv.fiscal_year,
            "label": fiscal_year_label(fv.fiscal_year),
            "months_covered": fv.months_covered,
            "forecast_method": fv.method,
            "total": _series(fv.total),
            "municipalities": [_series(s) for s in fv.series],
            "budget_lines": [
                {
                    "municipality_code": b.municipality_code,
                    "month": f"{b.month:%Y-%m}",
                    "cost_source": b.cost_source,
                    "budget_jpy": yen(b.budget_jpy),
                    "actual_jpy": yen(b.actual_jpy),
                    "variance_jpy": yen(b.variance_jpy),
                }
                for b in fv.budget_checks
            ],
        },
        "anomalies": {
            "rule": {
                "k": str(result.rule.k),
                "min_rise": str(result.rule.min_rise),
                "min_history": result.rule.min_history,
                "window": result.rule.window,
                "cost_sources": list(result.rule.cost_sources),
            },
            "items": [_anomaly(a) for a in result.anomalies],
        },
    }


def to_json(result: KpiResult) -> str:
    return json.dumps(record(result), ensure_ascii=False, indent=2) + "\n"
