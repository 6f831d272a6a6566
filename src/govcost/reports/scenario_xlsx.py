"""The scenario workbook: what the scenario changes and how each yen of it is derived.

Sheets: 概要 (the file, the period, the baseline, the steps and their changes, the totals and the
targets — ratio of totals and mean of ratios, labelled), 団体別 (one row per municipality: cost
now, under the scenario, the difference, each step's part of it, and where it leaves the
municipality against each target), then one sheet per step with its derivation in the order it was
computed: the key figures of each stage, then its table with a totals row. Every yen cell is a whole
number; the tables' totals are the sums of the rows above them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcost.allocate.scenario import ScenarioResult, Section, StepResult
from govcost.allocate.scenario_report import percent_change, ratios, shown, target_label, verdicts
from govcost.allocate.targets import CLOUD_YOY, JOINT_PROCUREMENT, NATIONAL, WARDS_KGI
from govcost.jp.codes import municipality_name
from govcost.jp.money import round_yen
from govcost.messages import t
from govcost.reports.workbook import Column, SheetWidths, Workbook

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet


def write_scenario_xlsx(path: Path | str, result: ScenarioResult) -> None:
    with Workbook(path) as wb:
        _overview(wb, result)
        _municipalities(wb, result)
        for step in result.steps:
            _step(wb, step)


def _kind(kind: str) -> str:
    """A derivation column's kind as the workbook writes it (non-yen figures as exact text)."""
    return kind if kind in ("yen", "int") else "text"


def _value(value: Any, kind: str) -> Any:
    if kind in ("yen", "int") or value is None:
        return value
    return shown(value, kind)


def _kv(wb: Workbook, ws: Worksheet, row: int, label: str, value: Any, kind: str, widths: SheetWidths) -> int:
    wb.write(ws, row, 0, label, bold=True)
    wb.write(ws, row, 1, _value(value, kind), _kind(kind))
    widths.see(0, label)
    return row + 1


def _overview(wb: Workbook, result: ScenarioResult) -> None:
    ws = wb.sheet(t("scenario.sheet.overview"))
    widths = SheetWidths()
    sc = result.scenario
    ws.write_string(0, 0, t("scenario.xlsx.title", name=sc.name), wb.title)
    scope = (
        f"{result.municipality} {municipality_name(result.municipality) or ''}".strip()
        if result.municipality
        else t("scenario.xlsx.all_municipalities")
    )
    row = 2
    facts: list[tuple[str, str | int]] = [
        (t("scenario.xlsx.name"), sc.name),
        (t("scenario.xlsx.description"), sc.description),
        (t("scenario.xlsx.file"), str(sc.path)),
        (t("scenario.xlsx.period"), result.period.label()),
        (t("scenario.col.months"), result.period.month_count),
        (t("scenario.xlsx.scope"), scope),
        (t("scenario.xlsx.baseline"), str(sc.baseline) if sc.baseline else t("scenario.target.no_baseline")),
        (t("scenario.xlsx.populations"), result.populations_source or t("scenario.xlsx.shipped")),
        (t("scenario.xlsx.created"), f"{result.created:%Y-%m-%d %H:%M}"),
    ]
    for label, value in facts:
        row = _kv(wb, ws, row, label, value, "int" if isinstance(value, int) else "text", widths)
    row += 1
    ws.write_string(row, 0, t("scenario.xlsx.steps"), wb.bold)
    row += 1
    columns = [
        Column("#", "int"),
        Column(t("scenario.xlsx.kind")),
        Column(t("scenario.xlsx.step")),
        Column(t("scenario.col.change"), "yen"),
    ]
    rows = [[s.index, s.kind, s.name or s.title, result.step_change(n)] for n, s in enumerate(result.steps)]
    row = wb.table(ws, row, columns, rows, widths, total=["", "", t("label.total"), result.change_yen])
    row += 1
    for label, amount in (
        (t("scenario.xlsx.now"), result.now_yen),
        (t("scenario.xlsx.after"), result.after_yen),
        (t("scenario.col.change"), result.change_yen),
        (t("scenario.xlsx.scope_now"), result.scope_now_yen),
        (t("scenario.xlsx.scope_after"), result.scope_after_yen),
    ):
        row = _kv(wb, ws, row, label, amount, "yen", widths)
    percent = percent_change(result.now_yen, result.after_yen)
    row = _kv(wb, ws, row, t("scenario.xlsx.percent"), percent, "text", widths)
    row += 1
    ws.write_string(row, 0, t("scenario.xlsx.targets"), wb.bold)
    row += 1
    summaries = result.summaries()
    if summaries:
        columns = [
            Column(t("scenario.xlsx.target")),
            Column(t("scenario.xlsx.limit")),
            Column(t("scenario.xlsx.count"), "int"),
            Column(t("scenario.xlsx.totals_now")),
            Column(t("scenario.xlsx.totals_after")),
            Column(t("scenario.xlsx.mean_now")),
            Column(t("scenario.xlsx.mean_after")),
            Column(t("scenario.xlsx.met_now"), "int"),
            Column(t("scenario.xlsx.met_after"), "int"),
        ]
        rows = [
            [
                target_label(s.target),
                f"{s.target.limit:f}",
                s.count,
                shown(s.ratio_of_totals_now, "ratio"),
                shown(s.ratio_of_totals_after, "ratio"),
                shown(s.mean_ratio_now, "ratio"),
                shown(s.mean_ratio_after, "ratio"),
                s.met_now,
                s.met_after,
            ]
            for s in summaries
        ]
        row = wb.table(ws, row, columns, rows, widths)
    if not sc.baseline:
        wb.write(ws, row, 0, t("scenario.target.no_baseline"))
        row += 1
    row += 1
    for note in (t("scenario.rounding"), t("scenario.xlsx.ratio_note"), t("scenario.xlsx.annual_note")):
        ws.write_string(row, 0, note, wb.wrap)
        row += 1
    widths.fixed[1] = max(widths.widths.get(1, 0), 40)
    widths.apply(ws)


def _municipalities(wb: Workbook, result: ScenarioResult) -> None:
    ws = wb.sheet(t("scenario.sheet.municipalities"))
    widths = SheetWidths()
    columns = [
        Column(t("scenario.col.municipality")),
        Column(t("scenario.col.municipality_name")),
        Column(t("scenario.xlsx.now"), "yen"),
        Column(t("scenario.xlsx.after"), "yen"),
        Column(t("scenario.col.change"), "yen"),
        Column(t("scenario.xlsx.percent")),
        *(Column(t("scenario.xlsx.step_change", label=s.label), "yen") for s in result.steps),
        Column(t("scenario.xlsx.baseline_jpy"), "yen"),
        Column(t("scenario.xlsx.annual_now"), "yen"),
        Column(t("scenario.xlsx.annual_after"), "yen"),
    ]
    columns += [
        Column(t("scenario.col.ratio_before")),
        *(Column(t(f"scenario.short.{target.key}")) for target in (NATIONAL, WARDS_KGI)),
        Column(t("scenario.xlsx.cloud_last_year"), "yen"),
        Column(t("scenario.xlsx.cloud_now"), "yen"),
        Column(t("scenario.xlsx.cloud_after"), "yen"),
        Column(t("scenario.col.ratio_cloud")),
        Column(t(f"scenario.short.{CLOUD_YOY.key}")),
        Column(t("scenario.xlsx.joint_single"), "yen"),
        Column(t("scenario.xlsx.joint_after"), "yen"),
        Column(t("scenario.col.ratio_joint")),
        Column(t(f"scenario.short.{JOINT_PROCUREMENT.key}")),
        Column(t("label.note"), "wrap"),
    ]
    rows = []
    for r in result.rows:
        national, kgi = r.targets[NATIONAL.key], r.targets[WARDS_KGI.key]
        cloud, joint = r.targets[CLOUD_YOY.key], r.targets[JOINT_PROCUREMENT.key]
        notes = " ".join(dict.fromkeys(a.note for a in (national, cloud) if a.note))
        rows.append(
            [
                r.code or t("label.unassigned"),
                r.name,
                r.now_yen,
                r.after_yen,
                r.difference_yen,
                percent_change(r.now_yen, r.after_yen),
                *r.changes,
                national.yardstick,
                national.now,
                national.after,
                ratios(national.ratio_now, national.ratio_after),
                verdicts(national),
                verdicts(kgi),
                cloud.yardstick,
                round_yen(r.cloud_now),
                round_yen(r.cloud_after),
                ratios(cloud.ratio_now, cloud.ratio_after),
                verdicts(cloud),
                joint.yardstick,
                joint.after,
                ratios(joint.ratio_now, joint.ratio_after),
                verdicts(joint),
                notes,
            ]
        )
    total: list[Any] = [
        t("label.total"),
        "",
        result.now_yen,
        result.after_yen,
        result.change_yen,
        percent_change(result.now_yen, result.after_yen),
        *(result.step_change(i) for i in range(len(result.steps))),
    ]
    total += [""] * (len(columns) - len(total))
    wb.table(ws, 0, columns, rows, widths, total=total, filter_and_freeze=True)
    widths.fixed[len(columns) - 1] = 50
    widths.apply(ws, {len(columns) - 1: wb.wrap})


def _step(wb: Workbook, step: StepResult) -> None:
    ws = wb.sheet(t("scenario.sheet.step", index=step.index, title=step.title))
    widths = SheetWidths()
    ws.write_string(0, 0, f"{step.label} ({step.kind})", wb.title)
    row = 2
    row = _kv(wb, ws, row, t("scenario.xlsx.kind"), f"{step.title} ({step.kind})", "text", widths)
    for key, value in step.parameters.items():
        row = _kv(wb, ws, row, key, _parameter(value), "text", widths)
    row = _kv(wb, ws, row, t("scenario.col.change"), step.change, "yen", widths)
    for note in step.notes:
        ws.write_string(row, 0, note, wb.wrap)
        row += 1
    for section in step.sections:
        row = _section(wb, ws, row + 1, section, widths)
    widths.apply(ws)


def _parameter(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_parameter(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(_parameter(v) for v in value) + "]"
    return str(value)


def _section(wb: Workbook, ws: Worksheet, row: int, section: Section, widths: SheetWidths) -> int:
    ws.write_string(row, 0, section.title, wb.bold)
    row += 1
    for f in section.figures:
        row = _kv(wb, ws, row, f.label, f.value, f.kind, widths)
    if section.table is None:
        return row
    table = section.table
    columns = [Column(c.header, _kind(c.kind)) for c in table.columns]
    rows = [[_value(r.get(c.key), c.kind) for c in table.columns] for r in table.rows]
    total = None
    if table.total is not None:
        total = [_value(table.total.get(c.key), c.kind) for c in table.columns]
    return wb.table(ws, row + 1 if section.figures else row, columns, rows, widths, total=total) + 1
