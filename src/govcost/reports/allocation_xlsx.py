"""Settlement statements (按分明細書) of jointly used systems, as one XLSX workbook.

Sheets: 概要 (the rules file, the populations' source, the period, the rules with their shared
totals, and per municipality what it pays, its cost as the ledger registers it and once allocated);
one sheet per municipality (its statement: per shared system, the method, every member's keys, then
month by month the shared total, the keys, its ratio, its share in yen and the other members'
shares as one total); 按分方式の比較 (per rule and member, the yen over the period under each method
and the difference from the current one). Yen are rounded half up once, in the cell; the shares of a
month add up to its shared total rounded to the yen.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcost.allocate import report
from govcost.allocate.rules import describe_method, method_label, month_key
from govcost.jp.codes import municipality_name
from govcost.messages import t
from govcost.reports.workbook import Column, SheetWidths, Workbook

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet

    from govcost.allocate.allocate import AllocationResult
    from govcost.allocate.report import MunicipalityTotal

ZERO = Decimal(0)


def sheet_name(code: str) -> str:
    """A municipality's sheet: its code and name (31 characters at most, as Excel allows)."""
    return f"{code} {municipality_name(code) or ''}".strip()[:31]


def write_allocation_xlsx(
    path: Path | str,
    result: AllocationResult,
    *,
    totals: list[MunicipalityTotal] | None = None,
    created: dt.datetime | None = None,
) -> None:
    """Write the statements of ``result`` to ``path`` (``totals``: each municipality's cost in the
    ledger and once allocated, from :func:`govcost.allocate.report.municipality_totals`)."""
    when = created or dt.datetime.now().replace(microsecond=0)
    with Workbook(path) as wb:
        _summary(wb, result, totals or [], when)
        for code in result.municipalities():
            _statement(wb, result, code, when)
        _comparison(wb, result)


def _kv(wb: Workbook, ws: Worksheet, row: int, label: str, value: Any, widths: SheetWidths) -> int:
    wb.write(ws, row, 0, label, bold=True)
    wb.write(ws, row, 1, value, "yen" if isinstance(value, Decimal) else "text")
    widths.see(0, label)
    return row + 1


def _period(result: AllocationResult) -> str:
    months = result.months
    if not months:
        return "-"
    return f"{month_key(months[0])} – {month_key(months[-1])} ({len(months)})"


def _scope(result: AllocationResult) -> str:
    if result.municipality is None:
        return t("allocation.xlsx.all_municipalities")
    return f"{result.municipality} {municipality_name(result.municipality) or ''}".strip()


def _header(wb: Workbook, ws: Worksheet, result: AllocationResult, title: str, when: dt.datetime) -> int:
    widths = SheetWidths()
    ws.write_string(0, 0, title, wb.title)
    row = 2
    for label, value in (
        (t("allocation.xlsx.period"), _period(result)),
        (t("allocation.xlsx.rules_file"), result.rules.source),
        (
            t("allocation.xlsx.populations"),
            result.rules.populations_source or t("allocation.source.population"),
        ),
        (t("allocation.xlsx.created"), f"{when:%Y-%m-%d %H:%M}"),
    ):
        row = _kv(wb, ws, row, label, value, widths)
    for note in (t("allocation.xlsx.rounding_note"), t("allocation.xlsx.visibility_note")):
        ws.write_string(row, 0, note, wb.text)
        row += 1
    return row + 1


def _summary(
    wb: Workbook, result: AllocationResult, totals: list[MunicipalityTotal], when: dt.datetime
) -> None:
    ws = wb.sheet(t("allocation.xlsx.sheet.summary"))
    widths = SheetWidths()
    row = _header(wb, ws, result, t("allocation.xlsx.summary_title"), when)
    row = _kv(wb, ws, row, t("allocation.xlsx.scope"), _scope(result), widths) + 1
    ws.write_string(row, 0, t("allocation.xlsx.by_rule"), wb.bold)
    lines = report.rule_lines(result)
    row = wb.table(
        ws,
        row + 1,
        [
            Column(t("allocation.col.rule")),
            Column(t("allocation.col.system")),
            Column(t("allocation.col.name")),
            Column(t("allocation.col.method")),
            Column(t("allocation.col.select")),
            Column(t("allocation.col.members"), "int"),
            Column(t("allocation.col.months"), "int"),
            Column(t("allocation.col.total"), "yen"),
        ],
        [
            [
                ln.rule.id,
                ln.rule.system_id,
                ln.rule.name,
                ln.method,
                ln.rule.select.describe(),
                len(ln.rule.members),
                ln.months,
                ln.total_yen,
            ]
            for ln in lines
        ],
        widths,
        total=[t("label.total"), "", "", "", "", "", "", sum((ln.total_yen for ln in lines), ZERO)],
    )
    row += 1
    ws.write_string(row, 0, t("allocation.xlsx.by_municipality"), wb.bold)
    by_code = {mt.municipality_code: mt for mt in totals}
    codes = result.municipalities()
    rows = []
    for code in codes:
        mt = by_code.get(code)
        rows.append(
            [
                code,
                municipality_name(code) or "",
                result.total_of(code),
                mt.ledger_jpy if mt else None,
                mt.allocated_jpy if mt else None,
                mt.difference_jpy if mt else None,
            ]
        )
    row = wb.table(
        ws,
        row + 1,
        [
            Column(t("label.municipality")),
            Column(t("label.municipality_name")),
            Column(t("allocation.col.share_total"), "yen"),
            Column(t("allocation.col.ledger"), "yen"),
            Column(t("allocation.col.allocated"), "yen"),
            Column(t("allocation.col.difference"), "yen"),
        ],
        rows,
        widths,
    )
    ws.write_string(row, 0, t("allocation.xlsx.ledger_note"), wb.text)
    row += 1
    if result.warnings:
        row += 1
        ws.write_string(row, 0, t("allocation.xlsx.warnings"), wb.bold)
        for w in result.warnings:
            row += 1
            ws.write_string(row, 0, w, wb.text)
    widths.fixed[0] = max(widths.widths.get(0, 8), 14)
    widths.apply(ws)


def _statement(wb: Workbook, result: AllocationResult, code: str, when: dt.datetime) -> None:
    """One municipality's statement: its own share line by line, every member's keys, the other
    members' shares as one total."""
    ws = wb.sheet(sheet_name(code))
    widths = SheetWidths()
    name = municipality_name(code) or ""
    row = _header(wb, ws, result, t("allocation.xlsx.statement_title", code=code, name=name), when)
    rule_ids = [rid for rid in result.rule_ids if code in result.rules.rule(rid).members]
    row = _kv(wb, ws, row, t("allocation.xlsx.municipality"), f"{code} {name}".strip(), widths)
    row = _kv(wb, ws, row, t("allocation.xlsx.pays_total"), result.total_of(code), widths) + 1
    row = wb.table(
        ws,
        row,
        [
            Column(t("allocation.col.rule")),
            Column(t("allocation.col.system")),
            Column(t("allocation.col.method")),
            Column(t("allocation.col.months"), "int"),
            Column(t("allocation.col.total"), "yen"),
            Column(t("allocation.col.own_share"), "yen"),
        ],
        [
            [
                ln.rule.id,
                ln.rule.system_id,
                ln.method,
                ln.months,
                ln.total_yen,
                result.total_of(code, ln.rule.id),
            ]
            for ln in report.rule_lines(result)
            if ln.rule.id in rule_ids
        ],
        widths,
        total=[t("label.total"), "", "", "", "", result.total_of(code)],
    )
    for rule_id in rule_ids:
        row = _rule_section(wb, ws, result, rule_id, code, row + 1, widths)
    widths.fixed[0] = max(widths.widths.get(0, 8), 14)
    widths.apply(ws)


def _rule_section(
    wb: Workbook,
    ws: Worksheet,
    result: AllocationResult,
    rule_id: str,
    code: str,
    row: int,
    widths: SheetWidths,
) -> int:
    rule = result.rules.rule(rule_id)
    rms = [rm for rm in result.rule_months if rm.rule_id == rule_id]
    ws.write_string(row, 0, f"{rule.system_id} {rule.name}".strip(), wb.title)
    row += 1
    sources = [f"{method_label(k.basis)}: {k.source}" for s in result.shares_of(rule_id) for k in s.keys]
    for label, value in (
        (t("allocation.col.rule"), rule.id),
        (t("allocation.col.method"), describe_method(rule)),
        (t("allocation.col.select"), rule.select.describe()),
        (t("allocation.xlsx.key_sources"), " / ".join(dict.fromkeys(sources))),
        (t("allocation.xlsx.own_ratio_formula"), report.ratio_formula(result, rule_id, code)),
        (t("label.note"), rule.note),
    ):
        if value:
            row = _kv(wb, ws, row, label, value, widths)
    # The members and their keys: the same for everyone to see.
    shares = result.shares_of(rule_id)
    bases = list(dict.fromkeys(k.basis for s in shares for k in s.keys))
    # Each key as it is all period, or "varies" (then the monthly table below shows it).
    seen: dict[tuple[str, str], set[Decimal]] = {}
    for s in shares:
        for k in s.keys:
            seen.setdefault((s.municipality_code, k.basis), set()).add(k.value)
    member_rows = []
    for m in rule.members:
        values = [seen.get((m, b), set()) for b in bases]
        member_rows.append(
            [
                m,
                municipality_name(m) or "",
                t("allocation.xlsx.own") if m == code else "",
                *[next(iter(v)) if len(v) == 1 else t("allocation.keys_vary") for v in values],
            ]
        )
    row = wb.table(
        ws,
        row + 1,
        [
            Column(t("label.municipality")),
            Column(t("label.municipality_name")),
            Column(""),
            *[Column(t("allocation.col.key_of", basis=method_label(b))) for b in bases],
        ],
        [[*r[:3], *[_key_cell(v) for v in r[3:]]] for r in member_rows],
        widths,
    )
    # Month by month: every member's keys (other than equal shares, always 1), its own share.
    shown = [b for b in bases if b != "equal"]
    key_cols = [(m, b) for b in shown for m in rule.members]
    columns = [
        Column(t("label.month")),
        Column(t("allocation.col.total"), "yen"),
        *[
            Column(t("allocation.col.member_key", name=municipality_name(m) or m, basis=method_label(b)))
            for m, b in key_cols
        ],
        Column(t("allocation.col.own_ratio")),
        Column(t("allocation.col.own_share"), "yen"),
        Column(t("allocation.col.others_share"), "yen"),
    ]
    rows = []
    own_sum = others_sum = total_sum = ZERO
    for rm in rms:
        by_member = {s.municipality_code: s for s in result.shares_of(rule_id, rm.month)}
        month_keys = {(m, k.basis): k.value for m, s in by_member.items() for k in s.keys}
        mine = by_member[code]
        others = rm.total_yen - mine.share_jpy
        own_sum += mine.share_jpy
        others_sum += others
        total_sum += rm.total_yen
        rows.append(
            [
                month_key(rm.month),
                rm.total_yen,
                *[_key_cell(month_keys.get(mb)) for mb in key_cols],
                report.percent(mine.ratio, 4),
                mine.share_jpy,
                others,
            ]
        )
    row = wb.table(
        ws,
        row + 1,
        columns,
        rows,
        widths,
        total=[t("label.total"), total_sum, *[""] * len(key_cols), "", own_sum, others_sum],
    )
    return row + 1


def _key_cell(value: Any) -> Any:
    """A key as a cell: a whole number as an integer, a decimal as exact text, text as it is."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else report.exact(value)
    return value


def _comparison(wb: Workbook, result: AllocationResult) -> None:
    ws = wb.sheet(t("allocation.xlsx.sheet.compare"))
    widths = SheetWidths()
    ws.write_string(0, 0, t("allocation.xlsx.compare_title"), wb.title)
    ws.write_string(1, 0, t("allocation.xlsx.compare_note"), wb.text)
    methods = report.methods_compared(result)
    columns = [
        Column(t("allocation.col.rule")),
        Column(t("allocation.col.system")),
        Column(t("label.municipality")),
        Column(t("label.municipality_name")),
        Column(t("allocation.col.current_method")),
        Column(t("allocation.col.current"), "yen"),
    ]
    for m in methods:
        columns += [
            Column(t("allocation.col.under", method=method_label(m)), "yen"),
            Column(t("allocation.col.diff_under", method=method_label(m)), "yen"),
        ]
    rows = []
    for e in result.effects:
        if result.municipality is not None and e.municipality_code != result.municipality:
            continue
        rule = result.rules.rule(e.rule_id)
        cells: list[Any] = [
            rule.id,
            rule.system_id,
            e.municipality_code,
            municipality_name(e.municipality_code) or "",
            describe_method(rule),
            e.current_jpy,
        ]
        for m in methods:
            cells += [e.by_method.get(m), e.difference(m)]
        rows.append(cells)
    wb.table(ws, 3, columns, rows, widths, filter_and_freeze=True)
    widths.apply(ws)
