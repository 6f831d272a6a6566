"""The optimisation working paper for the monthly FinOps review, as one XLSX workbook.

Three sheets: 概要 (what was reviewed — month, look-back window, settings, price catalog and its
date — the total with overlaps combined, and the savings by rule, by business and by municipality),
指摘一覧 (one row per finding: every field of the JSON output, the evidence as readable text,
findings for information marked) and リソース別 (one row per resource: its findings' plain sum and
their combined saving). Yen are rounded half up once, in the cell.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcost.jp.codes import municipality_name
from govcost.messages import t
from govcost.optimize import report
from govcost.optimize.base import MONTHS_A_YEAR
from govcost.optimize.catalog import PriceCatalog
from govcost.reports.workbook import Column, SheetWidths, Workbook

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from govcost.optimize.report import Breakdown
    from govcost.optimize.run import OptimizeResult


def _unassigned(value: str | None) -> str:
    return value if value else t("label.unassigned")


def write_optimize_xlsx(
    path: Path | str,
    result: OptimizeResult,
    *,
    municipality: str | None = None,
    prices: Path | str | None = None,
    created: dt.datetime | None = None,
) -> None:
    """Write the working paper of ``result`` to ``path`` (``prices``: the catalog the run used, for
    its date; ``municipality``: the scope the run was asked for)."""
    catalog = PriceCatalog.load(prices)
    with Workbook(path) as wb:
        _summary(wb, result, municipality, catalog, created or dt.datetime.now().replace(microsecond=0))
        _findings(wb, result)
        _resources(wb, result)


def _kv(wb: Workbook, ws: Worksheet, row: int, label: str, value: Any, widths: SheetWidths) -> int:
    wb.write(ws, row, 0, label, bold=True)
    wb.write(ws, row, 1, value, "yen" if isinstance(value, Decimal) else "text")
    widths.see(0, label)
    return row + 1


def _breakdown_rows(items: list[Breakdown], lead: Any) -> list[list[Any]]:
    return [
        [
            *lead(b),
            b.findings,
            b.informational,
            len(b.resources),
            b.sum_of_findings_jpy,
            b.combined_jpy,
            b.annual_jpy,
        ]
        for b in items
    ]


def _figures() -> list[Column]:
    return [
        Column(t("optimize.col.findings"), "int"),
        Column(t("optimize.col.informational_count"), "int"),
        Column(t("optimize.col.resources"), "int"),
        Column(t("optimize.col.sum_of_findings"), "yen"),
        Column(t("optimize.col.combined_monthly"), "yen"),
        Column(t("optimize.col.combined_annual"), "yen"),
    ]


def _summary(
    wb: Workbook,
    result: OptimizeResult,
    municipality: str | None,
    catalog: PriceCatalog,
    created: dt.datetime,
) -> None:
    ws = wb.sheet(t("optimize.sheet.summary"))
    widths = SheetWidths()
    ws.write_string(0, 0, t("optimize.xlsx.title"), wb.title)
    acting, info = report.counts(result)
    window_last = result.window_end - dt.timedelta(days=1)
    days = (result.window_end - result.window_start).days
    dates = catalog.taken_on
    scope = (
        f"{municipality} {municipality_name(municipality) or ''}".strip()
        if municipality
        else t("optimize.xlsx.all_municipalities")
    )
    row = 2
    for label, value in (
        (t("optimize.xlsx.month"), f"{result.month:%Y-%m}"),
        (
            t("optimize.xlsx.window"),
            t(
                "optimize.xlsx.window_value",
                start=f"{result.window_start:%Y-%m-%d}",
                end=f"{window_last:%Y-%m-%d}",
                days=days,
            ),
        ),
        (t("optimize.xlsx.scope"), scope),
        (t("optimize.xlsx.rules"), ", ".join(result.rules)),
        (t("optimize.xlsx.settings"), result.settings_source or t("optimize.xlsx.default_settings")),
        (t("optimize.xlsx.catalog"), result.catalog_source or catalog.source),
        (t("optimize.xlsx.catalog_date"), " – ".join(dict.fromkeys([dates[0], dates[-1]])) if dates else ""),
        (t("optimize.xlsx.created"), f"{created:%Y-%m-%d %H:%M:%S}"),
        (t("optimize.xlsx.monthly_total"), result.monthly_saving_jpy),
        (t("optimize.xlsx.annual_total"), result.annual_saving_jpy),
        (t("optimize.xlsx.sum_of_findings"), report.sum_of_findings(result)),
        (t("optimize.xlsx.findings"), acting),
        (t("optimize.xlsx.informational"), info),
        (t("optimize.xlsx.resources"), len(result.savings)),
        (t("optimize.xlsx.overlaps"), len(result.overlaps)),
    ):
        row = _kv(wb, ws, row, label, value, widths)
    ws.set_row(row, 48)
    ws.merge_range(row, 0, row, 8, t("optimize.xlsx.note"), wb.wrap)
    row += 2

    total = result.monthly_saving_jpy
    grand = report.sum_of_findings(result)
    rules = report.by_rule(result)
    ws.write_string(row, 0, t("optimize.xlsx.by_rule"), wb.bold)
    infos = {r.key: report.rule_info(str(r.key)) for r in rules}
    row = wb.table(
        ws,
        row + 1,
        [
            Column(t("optimize.col.rule")),
            Column(t("optimize.col.rule_id")),
            Column(t("optimize.col.guide_ref")),
            *_figures(),
        ],
        _breakdown_rows(rules, lambda b: [infos[b.key].title, b.key, infos[b.key].guide_ref]),
        widths,
        total=_total_row(3, result, grand, total),
    )
    row += 1
    ws.write_string(row, 0, t("optimize.xlsx.by_business"), wb.bold)
    row = wb.table(
        ws,
        row + 1,
        [Column(t("label.business")), Column(""), Column(""), *_figures()],
        _breakdown_rows(report.by_business(result), lambda b: [_unassigned(b.key), "", ""]),
        widths,
        total=_total_row(3, result, grand, total),
    )
    row += 1
    ws.write_string(row, 0, t("optimize.xlsx.by_municipality"), wb.bold)
    wb.table(
        ws,
        row + 1,
        [Column(t("label.municipality")), Column(t("label.municipality_name")), Column(""), *_figures()],
        _breakdown_rows(
            report.by_municipality(result),
            lambda b: [_unassigned(b.key), municipality_name(b.key) or "", ""],
        ),
        widths,
        total=_total_row(3, result, grand, total),
    )
    widths.apply(ws)
    ws.set_column(1, 1, max(widths.widths.get(1, 12), 28))


def _total_row(lead: int, result: OptimizeResult, grand: Decimal, total: Decimal) -> list[Any]:
    acting, info = report.counts(result)
    return [
        t("label.total"),
        *([""] * (lead - 1)),
        acting,
        info,
        len(result.savings),
        grand,
        total,
        total * MONTHS_A_YEAR,
    ]


def _findings(wb: Workbook, result: OptimizeResult) -> None:
    ws = wb.sheet(t("optimize.sheet.findings"))
    widths = SheetWidths()
    columns = [
        Column(t("optimize.col.rule"), "wrap", 24),
        Column(t("optimize.col.rule_id")),
        Column(t("optimize.col.resource_id"), "wrap", 40),
        Column(t("optimize.col.resource_name"), "wrap", 36),
        Column(t("optimize.col.resource_type")),
        Column(t("label.municipality")),
        Column(t("label.municipality_name")),
        Column(t("label.business")),
        Column(t("label.environment")),
        Column(t("optimize.col.system_id")),
        Column(t("optimize.col.account_id"), "wrap", 40),
        Column(t("optimize.col.region_id")),
        Column(t("optimize.col.monthly_cost"), "yen"),
        Column(t("optimize.col.monthly_saving"), "yen"),
        Column(t("optimize.col.annual_saving"), "yen"),
        Column(t("optimize.col.combined_monthly"), "yen"),
        Column(t("optimize.col.combined_annual"), "yen"),
        Column(t("optimize.col.combined_with")),
        Column(t("optimize.col.informational")),
        Column(t("optimize.col.confidence")),
        Column(t("optimize.col.action"), "wrap", 60),
        Column(t("optimize.col.evidence"), "wrap", 50),
        Column(t("optimize.col.guide_ref"), "wrap", 40),
    ]
    savings = report.savings_by_resource(result)
    rows = []
    for f in result.findings:
        s = savings.get(f.resource_id)
        combined = s.combined_jpy if s else Decimal(0)
        rows.append(
            [
                report.rule_info(f.rule).title,
                f.rule,
                f.resource_id,
                f.resource_name,
                f.resource_type,
                f.municipality_code,
                municipality_name(f.municipality_code),
                f.business,
                f.environment,
                f.system_id,
                f.account_id,
                f.region_id,
                f.monthly_cost_jpy,
                f.monthly_saving_jpy,
                f.annual_saving_jpy,
                combined,
                combined * MONTHS_A_YEAR,
                ", ".join(f.combined_with),
                t("optimize.informational") if f.informational else "",
                t(f"confidence.{f.confidence}"),
                f.action,
                report.evidence_text(f.to_json()["evidence"]),
                f.guide_ref,
            ]
        )
    wb.table(ws, 0, columns, rows, widths, filter_and_freeze=True)
    widths.apply(ws)


def _resources(wb: Workbook, result: OptimizeResult) -> None:
    ws = wb.sheet(t("optimize.sheet.resources"))
    widths = SheetWidths()
    columns = [
        Column(t("optimize.col.resource_id"), "wrap", 40),
        Column(t("optimize.col.resource_name"), "wrap", 36),
        Column(t("optimize.col.resource_type")),
        Column(t("label.municipality")),
        Column(t("label.municipality_name")),
        Column(t("label.business")),
        Column(t("label.environment")),
        Column(t("optimize.col.system_id")),
        Column(t("optimize.col.rule_id")),
        Column(t("optimize.col.monthly_cost"), "yen"),
        Column(t("optimize.col.sum_of_findings"), "yen"),
        Column(t("optimize.col.combined_monthly"), "yen"),
        Column(t("optimize.col.combined_annual"), "yen"),
    ]
    groups = report.findings_by_resource(result)
    rows = []
    for s in result.savings:
        f = groups[s.resource_id][0]
        rows.append(
            [
                s.resource_id,
                f.resource_name,
                f.resource_type,
                f.municipality_code,
                municipality_name(f.municipality_code),
                f.business,
                f.environment,
                f.system_id,
                ", ".join(s.rules),
                s.monthly_cost_jpy,
                s.sum_of_findings_jpy,
                s.combined_jpy,
                s.combined_jpy * MONTHS_A_YEAR,
            ]
        )
    wb.table(ws, 0, columns, rows, widths, filter_and_freeze=True)
    widths.apply(ws)
