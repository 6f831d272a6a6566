"""The KPI workbook: where the municipalities stand against the seeds' targets.

Sheets: 概要 (scope, years, inputs, methods, every target with its status), 移行前後 (per municipality,
then the group both ways — ratio of totals and mean of ratios, each labelled — and the target lines),
クラウド前年度比, 一人当たり (with the spread), 年度月別 (April–March: actual, budget, variance,
forecast), 団体別月別 (the same per municipality, one row per month), 予算対比 (the budget lines, when
a budget was given), 異常 and 異常の明細 (the anomalies and the lines that caused them).

Yen are rounded half up once, in the cell; ratios are numbers rounded half up to three decimals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcost.allocate.kpi import report
from govcost.allocate.kpi.stats import RATIO_PLACES
from govcost.allocate.kpi.totals import wareki_month
from govcost.allocate.targets import NATIONAL, WARDS_KGI, meets
from govcost.jp.calendar import fiscal_year_label
from govcost.jp.codes import municipality_name
from govcost.messages import t
from govcost.reports.workbook import Column, SheetWidths, Workbook

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from govcost.allocate.kpi.fiscal import SeriesView
    from govcost.allocate.kpi.ratios import GroupRatio
    from govcost.allocate.kpi.run import KpiResult


class KpiWorkbook(Workbook):
    """The shared workbook, with one more kind of cell: a ratio (three decimals, half up)."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(path)
        self.ratio = self.wb.add_format({"num_format": "0.000", "valign": "top"})

    def write(
        self, ws: Worksheet, row: int, col: int, value: Any, kind: str = "text", bold: bool = False
    ) -> None:
        if kind == "ratio" and isinstance(value, Decimal):
            shown = value.quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)
            ws.write_number(row, col, float(shown), self.ratio)
            return
        super().write(ws, row, col, value, "text" if kind == "ratio" else kind, bold)


def _status(ok: bool | None) -> str:
    if ok is None:
        return ""
    return t("kpi.status.met") if ok else t("kpi.status.missed")


def _kv(wb: Workbook, ws: Worksheet, row: int, label: str, value: Any, widths: SheetWidths) -> int:
    wb.write(ws, row, 0, label, bold=True)
    wb.write(ws, row, 1, value)
    widths.see(0, label)
    return row + 1


def write_kpi_xlsx(path: Path | str, result: KpiResult) -> None:
    with KpiWorkbook(path) as wb:
        _summary(wb, result)
        _before_after(wb, result)
        _cloud_yoy(wb, result)
        _per_resident(wb, result)
        _fiscal(wb, result)
        _fiscal_by_municipality(wb, result)
        if result.fiscal.budget_checks:
            _budget(wb, result)
        _anomalies(wb, result)
        _anomaly_lines(wb, result)


def _summary(wb: KpiWorkbook, result: KpiResult) -> None:
    ws = wb.sheet(t("kpi.xlsx.summary"))
    widths = SheetWidths()
    ws.write_string(0, 0, t("kpi.xlsx.title"), wb.title)
    code = result.municipality
    scope = f"{code} {municipality_name(code) or ''}".strip() if code else t("kpi.xlsx.all")
    inputs = [
        f"--baseline {result.baseline_file}" if result.baseline_file else "",
        f"--budget {result.budget_file}" if result.budget_file else "",
        f"--populations {result.populations_file}" if result.populations_file else t("kpi.xlsx.shipped"),
    ]
    row = 2
    for label, value in (
        (t("kpi.xlsx.scope"), scope),
        (t("kpi.xlsx.ledger_months"), f"{result.ledger_first} – {result.ledger_last}"),
        (t("kpi.xlsx.inputs"), "  ".join(i for i in inputs if i)),
        (t("kpi.before_after.title", basis=report.basis_text(result.before_after.basis)), ""),
        (t("kpi.xlsx.forecast_method"), report.method_text(result)),
        (t("kpi.anomaly.title", year=fiscal_year_label(result.fiscal.fiscal_year)), report.rule_text(result)),
    ):
        row = _kv(wb, ws, row, label, value, widths)
    ws.set_row(row, 36)
    ws.merge_range(row, 0, row, 5, t("kpi.xlsx.rounding"), wb.wrap)
    row += 2
    ws.write_string(row, 0, t("kpi.targets.title"), wb.bold)
    wb.table(
        ws,
        row + 1,
        [
            Column(t("kpi.col.target"), "wrap", 50),
            Column(t("kpi.col.limit"), "ratio"),
            Column(t("kpi.col.measure"), "wrap", 30),
            Column(t("kpi.col.value"), "ratio"),
            Column(t("kpi.col.status"), "wrap", 30),
        ],
        [
            [
                report.target_label(c),
                c.target.limit,
                report.measure_label(c.measure),
                c.value,
                t(f"kpi.status.{c.status}"),
            ]
            for c in result.targets
        ],
        widths,
    )
    widths.apply(ws)
    ws.set_column(1, 1, 60)


def _group_rows(g: GroupRatio) -> list[tuple[str, Decimal | None, bool]]:
    """The group's ratios: (label, value, whether it is one of the two measures targets are read on)."""
    return [
        (t("kpi.measure.ratio_of_totals"), g.ratio_of_totals, True),
        (t("kpi.measure.mean_of_ratios"), g.mean_of_ratios, True),
        (t("kpi.ratio.median"), g.median_ratio, False),
        (t("kpi.ratio.min"), g.min_ratio, False),
        (t("kpi.ratio.max"), g.max_ratio, False),
    ]


def _before_after(wb: KpiWorkbook, result: KpiResult) -> None:
    ba = result.before_after
    ws = wb.sheet(t("kpi.xlsx.before_after"))
    widths = SheetWidths()
    ws.write_string(0, 0, t("kpi.before_after.title", basis=report.basis_text(ba.basis)), wb.title)
    columns = [
        Column(t("label.municipality")),
        Column(t("label.municipality_name")),
        Column(t("kpi.col.before"), "yen"),
        Column(t("kpi.col.before_year")),
        Column(t("kpi.col.before_source")),
        Column(t("kpi.col.after"), "yen"),
        Column(t("kpi.col.ratio"), "ratio"),
        Column(t("kpi.col.national")),
        Column(t("kpi.col.kgi")),
    ]
    rows = []
    for r in ba.rows:
        ratio = r.ratio
        source = ""
        if r.before_source == "file":
            source = t("kpi.source.file")
        elif r.before_source == "ledger":
            source = t("kpi.source.ledger", months=r.before_months)
        rows.append(
            [
                r.municipality_code,
                r.name,
                r.before_jpy,
                fiscal_year_label(r.before_year) if r.before_year else "",
                source,
                r.after_jpy,
                ratio,
                _status(meets(NATIONAL, ratio) if ratio is not None else None),
                _status(meets(WARDS_KGI, ratio) if ratio is not None else None),
            ]
        )
    g = ba.group
    end = wb.table(
        ws,
        2,
        columns,
        rows,
        widths,
        total=[
            *(t("label.total"), t("kpi.xlsx.count", n=g.municipalities), g.before_total_jpy, "", ""),
            *(g.after_total_jpy, None, "", ""),
        ],
        filter_and_freeze=True,
    )
    row = end + 1
    for label, value, headline in _group_rows(g):
        wb.write(ws, row, 1, label, bold=True)
        wb.write(ws, row, 6, value, "ratio")
        if value is not None and headline:
            wb.write(ws, row, 7, _status(meets(NATIONAL, value)))
            wb.write(ws, row, 8, _status(meets(WARDS_KGI, value)))
        row += 1
    for target in (NATIONAL, WARDS_KGI):
        wb.write(ws, row, 1, f"{t('kpi.xlsx.target_line')}: {t(f'kpi.target.{target.key}')}", bold=True)
        wb.write(ws, row, 6, target.limit, "ratio")
        row += 1
    row += 1
    ws.set_row(row, 36)
    ws.merge_range(row, 0, row, 8, t("kpi.group.note"), wb.wrap)
    row += 1
    for key, codes in (("kpi.no_baseline", ba.no_baseline), ("kpi.baseline_without_costs", ba.no_costs)):
        if codes:
            wb.write(ws, row, 0, t(key, codes=", ".join(codes)))
            row += 1
    widths.apply(ws)


def _cloud_yoy(wb: KpiWorkbook, result: KpiResult) -> None:
    yoy = result.cloud_yoy
    ws = wb.sheet(t("kpi.xlsx.cloud_yoy"))
    widths = SheetWidths()
    year = fiscal_year_label(yoy.fiscal_year)
    if not yoy.enough_data:
        ws.write_string(0, 0, t("kpi.cloud.not_enough", year=fiscal_year_label(yoy.fiscal_year - 1)), wb.bold)
        widths.apply(ws)
        return
    ws.write_string(0, 0, t("kpi.cloud.title", year=year, months=len(yoy.months)), wb.title)
    g = yoy.group
    end = wb.table(
        ws,
        2,
        [
            Column(t("label.municipality")),
            Column(t("label.municipality_name")),
            Column(t("kpi.col.last_year"), "yen"),
            Column(t("kpi.col.this_year"), "yen"),
            Column(t("kpi.col.yoy"), "ratio"),
        ],
        [[r.municipality_code, r.name, r.last_year_jpy, r.this_year_jpy, r.ratio] for r in yoy.rows],
        widths,
        total=[t("label.total"), "", g.before_total_jpy, g.after_total_jpy, None],
        filter_and_freeze=True,
    )
    row = end + 1
    for label, value, _ in _group_rows(g)[:2]:
        wb.write(ws, row, 1, label, bold=True)
        wb.write(ws, row, 4, value, "ratio")
        row += 1
    wb.write(ws, row, 1, f"{t('kpi.xlsx.target_line')}: {t('kpi.target.cloud-yoy-10')}", bold=True)
    widths.apply(ws)


def _per_resident(wb: KpiWorkbook, result: KpiResult) -> None:
    pr = result.per_resident
    ws = wb.sheet(t("kpi.xlsx.per_resident"))
    widths = SheetWidths()
    ws.write_string(0, 0, t("kpi.per_resident.title", basis=report.basis_text(pr.basis)), wb.title)
    end = wb.table(
        ws,
        2,
        [
            Column(t("label.municipality")),
            Column(t("label.municipality_name")),
            Column(t("kpi.col.population"), "int"),
            Column(t("kpi.col.annual"), "yen"),
            Column(t("kpi.col.per_resident"), "yen"),
        ],
        [[r.municipality_code, r.name, r.population, r.annual_jpy, r.per_resident_jpy] for r in pr.rows],
        widths,
        filter_and_freeze=True,
    )
    row = end + 1
    s = pr.spread
    if s is not None:
        wb.write(ws, row, 0, t("kpi.xlsx.spread"), bold=True)
        row += 1
        for label, value, kind in (
            (t("kpi.spread.min"), s.min_jpy, "yen"),
            ("", f"{s.min_code} {municipality_name(s.min_code) or ''}", "text"),
            (t("kpi.spread.max"), s.max_jpy, "yen"),
            ("", f"{s.max_code} {municipality_name(s.max_code) or ''}", "text"),
            (t("kpi.spread.median"), s.median_jpy, "yen"),
            (t("kpi.spread.mean"), s.mean_jpy, "yen"),
            (t("kpi.spread.max_over_min"), s.max_over_min, "ratio"),
            (t("kpi.spread.cv"), s.coefficient_of_variation, "ratio"),
        ):
            wb.write(ws, row, 1, label, bold=True)
            wb.write(ws, row, 4, value, kind)
            row += 1
    if pr.missing_population:
        wb.write(ws, row + 1, 0, t("kpi.missing_population", codes=", ".join(pr.missing_population)))
    widths.apply(ws)


def _month_columns() -> list[Column]:
    return [
        Column(t("label.month")),
        Column(t("kpi.col.label")),
        Column(t("kpi.col.actual"), "yen"),
        Column(t("kpi.col.budget"), "yen"),
        Column(t("kpi.col.variance"), "yen"),
        Column(t("kpi.col.forecast"), "yen"),
    ]


def _month_rows(s: SeriesView, lead: list[Any]) -> list[list[Any]]:
    return [
        [
            *lead,
            f"{m.month:%Y-%m}",
            wareki_month(m.month),
            m.actual_jpy,
            m.budget_jpy,
            m.variance_jpy,
            m.forecast_jpy,
        ]
        for m in s.months
    ]


def _fiscal(wb: KpiWorkbook, result: KpiResult) -> None:
    fv = result.fiscal
    ws = wb.sheet(t("kpi.xlsx.fiscal"))
    widths = SheetWidths()
    ws.write_string(0, 0, t("kpi.fiscal.title", year=fiscal_year_label(fv.fiscal_year)), wb.title)
    ws.write_string(1, 0, report.method_text(result))
    total = fv.total
    budget = total.budget_jpy
    end = wb.table(
        ws,
        3,
        _month_columns(),
        _month_rows(total, []),
        widths,
        total=[
            t("label.total"),
            t("kpi.col.year_end"),
            total.actual_jpy,
            budget,
            total.forecast_jpy - budget if budget is not None else None,
            total.forecast_jpy,
        ],
    )
    if not fv.budget_given:
        wb.write(ws, end + 1, 0, t("kpi.fiscal.no_budget"))
    widths.apply(ws)


def _fiscal_by_municipality(wb: KpiWorkbook, result: KpiResult) -> None:
    fv = result.fiscal
    rows: list[list[Any]] = []
    for s in fv.series:
        code = s.municipality_code or t("label.unassigned")
        rows += _month_rows(s, [code, report.name(s.municipality_code)])
    wb.table_sheet(
        t("kpi.xlsx.fiscal_by_municipality"),
        [Column(t("label.municipality")), Column(t("label.municipality_name")), *_month_columns()],
        rows,
    )


def _budget(wb: KpiWorkbook, result: KpiResult) -> None:
    wb.table_sheet(
        t("kpi.xlsx.budget"),
        [
            Column(t("label.municipality")),
            Column(t("label.municipality_name")),
            Column(t("label.month")),
            Column(t("label.cost_source")),
            Column(t("kpi.col.budget"), "yen"),
            Column(t("kpi.col.actual"), "yen"),
            Column(t("kpi.col.variance"), "yen"),
        ],
        [
            [
                b.municipality_code,
                municipality_name(b.municipality_code) or "",
                f"{b.month:%Y-%m}",
                b.cost_source or t("kpi.col.cost_source_all"),
                b.budget_jpy,
                b.actual_jpy,
                b.variance_jpy,
            ]
            for b in result.fiscal.budget_checks
        ],
    )


def _anomalies(wb: KpiWorkbook, result: KpiResult) -> None:
    ws = wb.sheet(t("kpi.xlsx.anomalies"))
    widths = SheetWidths()
    ws.write_string(0, 0, t("kpi.anomaly.title", year=fiscal_year_label(result.fiscal.fiscal_year)), wb.title)
    ws.write_string(1, 0, report.rule_text(result))
    if not result.anomalies:
        ws.write_string(3, 0, t("kpi.anomaly.none"))
        widths.apply(ws)
        return
    wb.table(
        ws,
        3,
        [
            Column(t("kpi.col.system")),
            Column(t("label.municipality")),
            Column(t("label.month")),
            Column(t("kpi.col.cost"), "yen"),
            Column(t("kpi.col.history"), "int"),
            Column(t("kpi.col.median"), "yen"),
            Column(t("kpi.col.mad"), "yen"),
            Column(t("kpi.col.threshold"), "yen"),
            Column(t("kpi.col.rise"), "yen"),
            Column(t("kpi.col.rise_ratio"), "ratio"),
            Column(t("kpi.col.previous_month")),
            Column(t("kpi.col.previous"), "yen"),
            Column(t("kpi.col.last_year_month"), "yen"),
        ],
        [
            [
                a.system_id,
                ", ".join(a.municipality_codes),
                f"{a.month:%Y-%m}",
                a.cost_jpy,
                a.history_months,
                a.median_jpy,
                a.mad_jpy,
                a.threshold_jpy,
                a.rise_jpy,
                a.rise_ratio,
                f"{a.previous_month:%Y-%m}" if a.previous_month else "",
                a.previous_jpy,
                a.last_year_jpy,
            ]
            for a in result.anomalies
        ],
        widths,
        filter_and_freeze=True,
    )
    widths.apply(ws)


def _anomaly_lines(wb: KpiWorkbook, result: KpiResult) -> None:
    wb.table_sheet(
        t("kpi.xlsx.anomaly_lines"),
        [
            Column(t("kpi.col.system")),
            Column(t("label.month")),
            Column(t("label.service")),
            Column(t("kpi.col.charge_category")),
            Column(t("kpi.col.description"), "wrap", 50),
            Column(t("kpi.col.resource"), "wrap", 40),
            Column(t("kpi.col.previous"), "yen"),
            Column(t("kpi.col.current"), "yen"),
            Column(t("kpi.col.increase"), "yen"),
        ],
        [
            [
                a.system_id,
                f"{a.month:%Y-%m}",
                c.key.service,
                c.key.charge_category,
                c.key.charge_description,
                " ".join(p for p in (c.key.resource_name, c.key.resource_id) if p),
                c.previous_jpy,
                c.current_jpy,
                c.increase_jpy,
            ]
            for a in result.anomalies
            for c in a.lines
        ],
    )
