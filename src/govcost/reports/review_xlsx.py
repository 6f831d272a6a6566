"""The estimate review workbook (見積精査の結果), one XLSX a municipal officer can send back to the vendor.

Three sheets:

- 概要: what was reviewed (the estimate, the current contract, the documents provided), the counts
  by status, the total possible saving, the findings by check (title, id, checklist item, ng/warn
  counts, savings) and by cost category (the seven categories of the checklist: the amount in the
  estimate, in the current contract when given, the difference, the findings on the category's lines).
- 明細: the estimate's lines, every sheet in order, as they were read (sheet, cell, kind, category,
  item, quantity, unit, unit price, amount, remarks) with the findings beside them; lines with an
  ``ng`` finding in red, with a ``warn`` in yellow. Findings on the estimate as a whole follow.
- 質問票: one row per warn/ng finding — No, where (sheet!cell), item, the question — with a blank
  回答 and 回答日 for the vendor.

Yen are rounded half up once, in the cell, and written as integers with ``#,##0``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcost.jp.codes import municipality_name
from govcost.jp.money import round_yen
from govcost.messages import t
from govcost.reports.workbook import EXCEL_EXACT, Column, SheetWidths, Workbook
from govcost.review import report
from govcost.review.context import DOCUMENTS

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet

    from govcost.review.base import ReviewFinding
    from govcost.review.estimate import EstimateLine
    from govcost.review.run import ReviewResult

#: Row fills of the 明細 sheet by the worst status of the line's findings.
FILLS = {"ng": "#FFC7CE", "warn": "#FFEB9C"}
#: The header row of the 質問票 sheet (a title and a note to the vendor above it).
QUESTIONS_HEADER_ROW = 3


def write_review_xlsx(
    path: Path | str,
    result: ReviewResult,
    *,
    municipality: str | None = None,
    system_id: str | None = None,
    created: dt.datetime | None = None,
) -> None:
    """Write the review workbook of ``result`` to ``path``."""
    with Workbook(path) as wb:
        _summary(wb, result, municipality, system_id, created or dt.datetime.now().replace(microsecond=0))
        _lines(wb, result)
        _questions(wb, result)


def documents_text(documents: set[str] | None) -> str:
    """The documents provided, by their Japanese names (or why none are listed)."""
    if documents is None:
        return t("review.xlsx.documents_not_stated")
    if not documents:
        return t("review.xlsx.documents_none")
    return "、".join(DOCUMENTS[k][0] if k in DOCUMENTS else k for k in sorted(documents, key=_doc_order))


def _doc_order(key: str) -> int:
    keys = list(DOCUMENTS)
    return keys.index(key) if key in keys else len(keys)


def _kv(wb: Workbook, ws: Worksheet, row: int, label: str, value: Any, widths: SheetWidths) -> int:
    wb.write(ws, row, 0, label, bold=True)
    wb.write(ws, row, 1, value, "yen" if isinstance(value, Decimal) else "text")
    widths.see(0, label)
    return row + 1


def _summary(
    wb: Workbook,
    result: ReviewResult,
    municipality: str | None,
    system_id: str | None,
    created: dt.datetime,
) -> None:
    ws = wb.sheet(t("review.sheet.summary"))
    widths = SheetWidths()
    ws.write_string(0, 0, t("review.xlsx.title"), wb.title)
    counts = report.counts(result)
    facts: list[tuple[str, Any]] = [
        (t("review.xlsx.estimate"), result.estimate.name),
        (t("review.xlsx.current"), result.current.name if result.current else t("review.xlsx.no_current")),
        (t("review.xlsx.documents"), documents_text(result.documents)),
    ]
    if municipality:
        name = municipality_name(municipality) or ""
        facts.append((t("review.xlsx.municipality"), f"{municipality} {name}".strip()))
    if system_id:
        facts.append((t("review.xlsx.system"), system_id))
    facts += [
        (t("review.xlsx.checks"), ", ".join(result.checks)),
        (t("review.xlsx.created"), f"{created:%Y-%m-%d %H:%M:%S}"),
        (t("review.xlsx.ng"), counts["ng"]),
        (t("review.xlsx.warn"), counts["warn"]),
        (t("review.xlsx.ok"), counts["ok"]),
        (t("review.xlsx.total_saving"), result.possible_saving_jpy),
    ]
    row = 2
    for label, value in facts:
        row = _kv(wb, ws, row, label, value, widths)
    ws.set_row(row, 48)
    ws.merge_range(row, 0, row, 6, t("review.xlsx.note"), wb.wrap)
    row += 2

    checks = report.by_check(result)
    ws.write_string(row, 0, t("review.xlsx.by_check"), wb.bold)
    row = wb.table(
        ws,
        row + 1,
        [
            Column(t("review.col.check"), "wrap", 30),
            Column(t("review.col.check_id")),
            Column(t("review.col.checklist_ref"), "wrap", 50),
            Column(t("review.col.ng"), "int"),
            Column(t("review.col.warn"), "int"),
            Column(t("review.col.saving_sum"), "yen"),
            Column(t("review.col.saving_credited"), "yen"),
        ],
        [[c.title, c.key, c.checklist_ref, c.ng, c.warn, c.saving_jpy, c.credited_jpy] for c in checks],
        widths,
        total=[
            t("label.total"),
            "",
            "",
            sum(c.ng for c in checks),
            sum(c.warn for c in checks),
            sum((c.saving_jpy for c in checks), Decimal(0)),
            result.possible_saving_jpy,
        ],
    )
    row += 1

    cats = report.by_category(result, none_label=t("review.no_category"))
    with_current = result.current is not None
    columns = [Column(t("review.col.category"), "wrap", 34), Column(t("review.col.estimate_amount"), "yen")]
    if with_current:
        columns += [
            Column(t("review.col.current_amount"), "yen"),
            Column(t("review.col.difference"), "yen"),
        ]
    columns += [
        Column(t("review.col.ng"), "int"),
        Column(t("review.col.warn"), "int"),
        Column(t("review.col.check_id"), "wrap", 40),
    ]

    def figures(c: report.CategorySummary) -> list[Any]:
        amounts: list[Any] = [c.estimate_jpy]
        if with_current:
            amounts += [c.current_jpy, c.difference_jpy]
        return [*amounts, c.ng, c.warn]

    est_total = sum((c.estimate_jpy for c in cats), Decimal(0))
    cur_total = sum((c.current_jpy or Decimal(0) for c in cats), Decimal(0))
    total: list[Any] = [t("label.total"), est_total]
    if with_current:
        total += [cur_total, est_total - cur_total]
    total += [sum(c.ng for c in cats), sum(c.warn for c in cats), ""]
    ws.write_string(row, 0, t("review.xlsx.by_category"), wb.bold)
    wb.table(
        ws,
        row + 1,
        columns,
        [[c.label, *figures(c), ", ".join(c.checks)] for c in cats],
        widths,
        total=total,
    )
    widths.apply(ws)
    ws.set_column(1, 1, max(widths.widths.get(1, 12), 28))


class _Styles:
    """The 明細 sheet's cell formats: plain, and filled for the lines with findings."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self._formats: dict[tuple[str, str], Format] = {}

    def get(self, kind: str, status: str) -> Format:
        key = (kind, status if status in FILLS else "")
        if key not in self._formats:
            props: dict[str, Any] = {"valign": "top"}
            if kind == "yen":
                props["num_format"] = "#,##0"
            elif kind == "decimal":
                props["num_format"] = "#,##0.####"
            elif kind == "wrap":
                props["text_wrap"] = True
            if key[1]:
                props["bg_color"] = FILLS[key[1]]
            self._formats[key] = self.wb.wb.add_format(props)
        return self._formats[key]


def _number(
    ws: Worksheet, row: int, col: int, value: Decimal | None, styles: _Styles, status: str, yen: bool = False
) -> None:
    """An amount (``yen``: rounded half up to an integer with ``#,##0``), or a quantity or unit price:
    an integer with ``#,##0``, or a fraction (0.5 人月, a per-GB price) as written; integers beyond
    what a double holds exactly as text."""
    if value is None:
        ws.write_blank(row, col, None, styles.get("text", status))
    elif yen or value == value.to_integral_value():
        number = round_yen(value)
        if abs(number) < EXCEL_EXACT:
            ws.write_number(row, col, int(number), styles.get("yen", status))
        else:
            ws.write_string(row, col, str(number), styles.get("text", status))
    elif Decimal(repr(float(value))) == value:
        # A fractional price or quantity is a number where a double holds it exactly as written…
        ws.write_number(row, col, float(value), styles.get("decimal", status))
    else:
        # …and its digits otherwise, never a rounded float.
        ws.write_string(row, col, f"{value.normalize():f}", styles.get("text", status))


def _kind_label(line: EstimateLine) -> str:
    label = t(f"review.kind.{line.kind}")
    return f"{label} ({t('review.hidden')})" if line.hidden else label


def _lines(wb: Workbook, result: ReviewResult) -> None:
    ws = wb.sheet(t("review.sheet.lines"))
    widths = SheetWidths()
    styles = _Styles(wb)
    columns = [
        Column(t("review.col.sheet")),
        Column(t("review.col.cell")),
        Column(t("review.col.kind")),
        Column(t("review.col.category"), "wrap", 22),
        Column(t("review.col.item"), "wrap", 40),
        Column(t("review.col.quantity"), "int"),
        Column(t("review.col.unit")),
        Column(t("review.col.unit_price"), "yen"),
        Column(t("review.col.amount"), "yen"),
        Column(t("review.col.remarks"), "wrap", 30),
        Column(t("review.col.status")),
        Column(t("review.col.check"), "wrap", 24),
        Column(t("review.col.message"), "wrap", 60),
    ]
    wb.table(ws, 0, columns, [], widths)
    on_line, elsewhere = report.findings_by_line(result)
    row = 1
    for line in result.estimate.lines:
        found = on_line.get((line.sheet, line.row), [])
        status = report.worst(found)
        texts = [
            line.sheet,
            line.cell,
            _kind_label(line),
            report.category_label(line.category),
            line.item,
        ]
        for col, value in enumerate(texts):
            _text(ws, row, col, value, styles, status, "wrap" if col in (3, 4) else "text", widths)
        _number(ws, row, 5, line.quantity, styles, status)
        _text(ws, row, 6, line.unit, styles, status, "text", widths)
        _number(ws, row, 7, line.unit_price, styles, status)
        _number(ws, row, 8, line.amount, styles, status, yen=True)
        _text(ws, row, 9, line.remarks, styles, status, "wrap", widths)
        _findings_cells(ws, row, found, styles, status, widths)
        row += 1
    for f in elsewhere:
        _text(ws, row, 0, f.sheet, styles, f.status, "text", widths)
        _text(ws, row, 1, f.cell, styles, f.status, "text", widths)
        for col in (2, 3, 5, 6, 7, 9):
            ws.write_blank(row, col, None, styles.get("text", f.status))
        _text(ws, row, 4, f.item or t("review.whole_estimate"), styles, f.status, "wrap", widths)
        _number(ws, row, 8, f.amount_jpy, styles, f.status, yen=True)
        _findings_cells(ws, row, [f], styles, f.status, widths)
        row += 1
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(0, row - 1), len(columns) - 1)
    widths.apply(ws)


def _text(
    ws: Worksheet,
    row: int,
    col: int,
    value: str,
    styles: _Styles,
    status: str,
    kind: str,
    widths: SheetWidths,
) -> None:
    if value:
        ws.write_string(row, col, value, styles.get(kind, status))
        widths.see(col, value)
    else:
        ws.write_blank(row, col, None, styles.get(kind, status))


def _findings_cells(
    ws: Worksheet,
    row: int,
    found: list[ReviewFinding],
    styles: _Styles,
    status: str,
    widths: SheetWidths,
) -> None:
    _text(ws, row, 10, t(f"status.{status}") if status else "", styles, status, "text", widths)
    _text(ws, row, 11, "\n".join(report.check_title(f.check) for f in found), styles, status, "wrap", widths)
    _text(ws, row, 12, "\n".join(f.message for f in found), styles, status, "wrap", widths)


def _questions(wb: Workbook, result: ReviewResult) -> None:
    ws = wb.sheet(t("review.sheet.questions"))
    widths = SheetWidths()
    ws.write_string(0, 0, t("review.xlsx.questions_title"), wb.title)
    ws.write_string(1, 0, t("review.xlsx.questions_intro", file=result.estimate.path.name))
    columns = [
        Column(t("review.col.no"), "int", 6),
        Column(t("review.col.where"), "text"),
        Column(t("review.col.item"), "wrap", 36),
        Column(t("review.col.question"), "wrap", 70),
        Column(t("review.col.answer"), "wrap", 50),
        Column(t("review.col.answered_on"), "text", 12),
    ]
    problems = result.problems()
    rows = [
        [n, report.where(f) or t("review.whole_estimate"), f.item, f.question, "", ""]
        for n, f in enumerate(problems, start=1)
    ]
    end = wb.table(ws, QUESTIONS_HEADER_ROW, columns, rows, widths, filter_and_freeze=True)
    # The vendor's cells: boxed, the date as a date.
    answer = wb.wb.add_format({"text_wrap": True, "valign": "top", "border": 1, "bg_color": "#F2F2F2"})
    date = wb.wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "border": 1, "bg_color": "#F2F2F2"})
    for r in range(QUESTIONS_HEADER_ROW + 1, end):
        ws.write_blank(r, 4, None, answer)
        ws.write_blank(r, 5, None, date)
    if end > QUESTIONS_HEADER_ROW + 1:
        ws.data_validation(
            QUESTIONS_HEADER_ROW + 1,
            5,
            end - 1,
            5,
            {"validate": "date", "criteria": ">", "value": dt.date(2000, 1, 1), "ignore_blank": True},
        )
    widths.apply(ws)
