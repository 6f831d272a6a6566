"""What a scenario run shows, for every output (table, JSON, XLSX, the demo's lines).

Yen are whole numbers here: a municipality's cost now is the ledger's exact sum rounded once (half
up), its cost under the scenario that plus the steps' whole-yen changes. A target's figures compare
a year with a year: the period's cost × 12 ÷ its months against the annual baseline. Totals over
municipalities are given both as the ratio of the totals and as the mean of the per-municipality
ratios, each labelled as such (they differ; see DESIGN.md).
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from govcost.allocate.scenario import (
    Assessment,
    Col,
    MunicipalityResult,
    ScenarioResult,
    Section,
    StepResult,
    TargetSummary,
    rate_text,
    ratio_text,
)
from govcost.allocate.targets import JOINT_PROCUREMENT, Target
from govcost.jp.money import round_yen
from govcost.messages import t


def cell(value: Any, kind: str) -> Any:
    """A derivation value as JSON has it: yen and counts as integers, exact decimals as text."""
    if value is None or value == "":
        return None if value is None else ""
    if kind == "yen":
        return int(round_yen(Decimal(value)))
    if kind == "int":
        return int(value)
    if kind == "ratio" and isinstance(value, Decimal):
        return ratio_text(value, 6)
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def shown(value: Any, kind: str) -> str:
    """A derivation value as text (the CLI, the XLSX's non-yen cells)."""
    if value is None or value == "":
        return ""
    if kind == "yen":
        return f"{round_yen(Decimal(value)):,}"
    if kind == "rate" and isinstance(value, Decimal):
        return rate_text(value)
    if kind == "ratio" and isinstance(value, Decimal):
        return ratio_text(value, 4)
    if kind == "decimal" and isinstance(value, Decimal):
        return f"{value:,f}"
    if kind == "int":
        return f"{int(value):,}"
    return str(value)


def percent_change(now: Decimal, after: Decimal) -> str:
    """The change as a percentage with two decimals and its sign (−1.89%, +0.30%)."""
    if not now:
        return ""
    pct = ((after - now) * 100 / now).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{pct:+.2f}%"


def ratios(now: Decimal | None, after: Decimal | None) -> str:
    """A ratio now and under the scenario: ``2.200 → 2.143``."""
    if now is None and after is None:
        return ""
    return f"{ratio_text(now)} → {ratio_text(after)}"


def verdicts(a: Assessment) -> str:
    """Whether the target is met now and under the scenario: ``未達 → 達成``."""
    if a.ratio_after is None:
        return ""
    return f"{verdict(a.meets_now())} → {verdict(a.meets_after())}"


def target_label(target: Target) -> str:
    return t(f"scenario.target.{target.key}")


def verdict(ok: bool | None) -> str:
    if ok is None:
        return ""
    return t("scenario.target.met") if ok else t("scenario.target.not_met")


# --- JSON ------------------------------------------------------------------------------------------
def _section(section: Section) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": section.key,
        "title": section.title,
        "figures": {f.key: cell(f.value, f.kind) for f in section.figures},
    }
    if section.table is not None:
        cols: list[Col] = section.table.columns
        out["rows"] = [{c.key: cell(r.get(c.key), c.kind) for c in cols} for r in section.table.rows]
        if section.table.total is not None:
            out["total"] = {
                c.key: cell(section.table.total.get(c.key), c.kind)
                for c in cols
                if section.table.total.get(c.key) is not None
            }
    return out


def _step(step: StepResult) -> dict[str, Any]:
    return {
        "index": step.index,
        "kind": step.kind,
        "title": step.title,
        "name": step.name,
        "parameters": step.parameters,
        "change_jpy": int(step.change),
        "notes": step.notes,
        "sections": [_section(s) for s in step.sections],
    }


def _assessment(a: Assessment) -> dict[str, Any]:
    return {
        "target": target_label(a.target),
        "limit": f"{a.target.limit:f}",
        "yardstick_jpy": None if a.yardstick is None else int(a.yardstick),
        "now_jpy": None if a.now is None else int(a.now),
        "scenario_jpy": None if a.after is None else int(a.after),
        "ratio_now": ratio_text(a.ratio_now, 4) or None,
        "ratio_scenario": ratio_text(a.ratio_after, 4) or None,
        "meets_now": a.meets_now(),
        "meets_scenario": a.meets_after(),
        "note": a.note or None,
    }


def _row(r: MunicipalityResult) -> dict[str, Any]:
    return {
        "municipality_code": r.code,
        "municipality_name": r.name,
        "now_jpy": int(r.now_yen),
        "scenario_jpy": int(r.after_yen),
        "difference_jpy": int(r.difference_yen),
        "by_step_jpy": [int(c) for c in r.changes],
        "cloud_now_jpy": int(round_yen(r.cloud_now)),
        "cloud_scenario_jpy": int(round_yen(r.cloud_after)),
        "targets": {key: _assessment(a) for key, a in r.targets.items()},
    }


def _summary(s: TargetSummary) -> dict[str, Any]:
    return {
        "target": s.target.key,
        "label": target_label(s.target),
        "limit": f"{s.target.limit:f}",
        "municipalities": s.count,
        "yardstick_jpy": int(s.yardstick),
        "now_jpy": int(s.now),
        "scenario_jpy": int(s.after),
        "ratio_of_totals_now": ratio_text(s.ratio_of_totals_now, 4) or None,
        "ratio_of_totals_scenario": ratio_text(s.ratio_of_totals_after, 4) or None,
        "mean_of_ratios_now": ratio_text(s.mean_ratio_now, 4) or None,
        "mean_of_ratios_scenario": ratio_text(s.mean_ratio_after, 4) or None,
        "met_now": s.met_now,
        "met_scenario": s.met_after,
    }


def to_dict(result: ScenarioResult) -> dict[str, Any]:
    sc = result.scenario
    return {
        "scenario": sc.name,
        "description": sc.description,
        "file": str(sc.path),
        "period": {
            "label": result.period.label(),
            "start": f"{result.period.start:%Y-%m}",
            "months": result.period.months,
            "month_count": result.period.month_count,
        },
        "scope": result.municipality,
        "baseline": str(sc.baseline) if sc.baseline else None,
        "baseline_note": None if sc.baseline else t("scenario.target.no_baseline"),
        "populations": result.populations_source or None,
        "steps": [_step(s) for s in result.steps],
        "municipalities": [_row(r) for r in result.rows],
        "total": {
            "now_jpy": int(result.now_yen),
            "scenario_jpy": int(result.after_yen),
            "difference_jpy": int(result.change_yen),
            "by_step_jpy": [int(result.step_change(i)) for i in range(len(result.steps))],
            "scope_now_jpy": int(result.scope_now_yen),
            "scope_scenario_jpy": int(result.scope_after_yen),
        },
        "targets": [_summary(s) for s in result.summaries()],
        "rounding": t("scenario.rounding"),
    }


def to_json(result: ScenarioResult) -> str:
    return json.dumps(to_dict(result), ensure_ascii=False, indent=2) + "\n"


# --- one-line texts (the CLI, the demo) ----------------------------------------------------------------
def step_line(step: StepResult, change: Decimal | None = None) -> str:
    """The step, its change (``change``: the part of the municipalities shown; default all)."""
    line = t(
        "scenario.step_line",
        label=step.label,
        kind=step.kind,
        change=f"{step.change if change is None else change:+,}",
    )
    if step.joint:
        single = sum((v[0] for v in step.joint.values()), Decimal(0))
        joint = sum((v[1] for v in step.joint.values()), Decimal(0))
        if single:
            line += " " + t(
                "scenario.joint_line",
                ratio=ratio_text(joint / single),
                limit=f"{JOINT_PROCUREMENT.limit:f}",
                verdict=verdict(joint / single <= JOINT_PROCUREMENT.limit),
            )
    return line


def summary_line(s: TargetSummary) -> str:
    return t(
        "scenario.target_line",
        target=target_label(s.target),
        count=s.count,
        totals_now=ratio_text(s.ratio_of_totals_now),
        totals_after=ratio_text(s.ratio_of_totals_after),
        mean_now=ratio_text(s.mean_ratio_now),
        mean_after=ratio_text(s.mean_ratio_after),
        met_now=s.met_now,
        met_after=s.met_after,
    )


def demo_line(name: str, result: ScenarioResult) -> str:
    """The costs the scenario works on, now → under it, and the change to the whole ledger."""
    return t(
        "scenario.demo_line",
        name=name,
        now=f"{result.scope_now_yen:,}",
        after=f"{result.scope_after_yen:,}",
        change=f"{result.change_yen:+,}",
        percent=percent_change(result.scope_now_yen, result.scope_after_yen),
        ledger=percent_change(result.now_yen, result.after_yen),
    )
