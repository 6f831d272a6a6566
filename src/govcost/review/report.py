"""A review's findings as the outputs show them: JSON records, counts by status, and the findings
and amounts by check and by cost category, shared by the CLI and the review workbook.

Savings: the total possible saving counts a cell once, with the largest saving any finding puts on
it (:attr:`ReviewResult.possible_saving_jpy`). By check, each finding's own saving is shown (their
plain sum) beside the part of the total the check carries: each cell's saving is credited to the
finding whose saving was counted, so the credited figures add up to the total exactly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from govcost.review.base import CHECKS, ReviewFinding
from govcost.review.estimate import CATEGORIES, Estimate, EstimateLine
from govcost.review.run import ReviewResult

#: The order statuses are shown in, worst first.
STATUSES = ("ng", "warn", "ok")
#: The key of the category row for lines no category was found for.
NO_CATEGORY = ""
#: The categories in the order of the estimate checklist (items 1 to 7).
CHECKLIST_ORDER = (
    "software",
    "equipment",
    "operations",
    "operations_assistant",
    "cloud",
    "network",
    "non_standard",
)


def records(result: ReviewResult) -> list[dict[str, Any]]:
    """The findings as the JSON output lists them (:meth:`ReviewFinding.to_json`), in the run's order."""
    return [f.to_json() for f in result.findings]


def _plain(value: object) -> object:
    """A value nested in a finding's evidence, as JSON can hold it (decimals exactly, as text)."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def to_json(result: ReviewResult) -> str:
    """The findings as a JSON array, UTF-8 text (Japanese as written, not escaped)."""
    return json.dumps(records(result), ensure_ascii=False, indent=2, default=_plain) + "\n"


def counts(result: ReviewResult) -> dict[str, int]:
    """Findings by status: ``{"ng": …, "warn": …, "ok": …}``."""
    out = dict.fromkeys(STATUSES, 0)
    for f in result.findings:
        out[f.status] = out.get(f.status, 0) + 1
    return out


def where(f: ReviewFinding) -> str:
    """``sheet!cell`` (or the sheet, or nothing for a finding on the estimate as a whole)."""
    if f.sheet and f.cell:
        return f"{f.sheet}!{f.cell}"
    return f.sheet or f.cell


def check_title(key: str) -> str:
    try:
        return CHECKS.get(key).title
    except KeyError:
        return key


def check_ref(key: str) -> str:
    try:
        return CHECKS.get(key).checklist_ref
    except KeyError:
        return ""


def _saving_key(f: ReviewFinding) -> tuple[str, str]:
    # The same key as ReviewResult.possible_saving_jpy: a cell once, else the check and the item.
    return (f.sheet, f.cell) if f.cell else (f.check, f.item)


def credited_savings(result: ReviewResult) -> list[Decimal]:
    """Per finding (in ``result.findings`` order), the part of the total possible saving it carries:
    on each cell the first finding with the largest saving, the others nothing."""
    best: dict[tuple[str, str], int] = {}
    for i, f in enumerate(result.findings):
        if f.possible_saving_jpy and f.status != "ok":
            key = _saving_key(f)
            j = best.get(key)
            if j is None or f.possible_saving_jpy > (result.findings[j].possible_saving_jpy or 0):
                best[key] = i
    out = [Decimal(0)] * len(result.findings)
    for i in best.values():
        out[i] = result.findings[i].possible_saving_jpy or Decimal(0)
    return out


@dataclass
class CheckSummary:
    key: str
    title: str
    checklist_ref: str
    ng: int = 0
    warn: int = 0
    ok: int = 0
    #: The plain sum of its findings' savings.
    saving_jpy: Decimal = Decimal(0)
    #: Its part of the total (a cell counted once).
    credited_jpy: Decimal = Decimal(0)


def by_check(result: ReviewResult) -> list[CheckSummary]:
    """One row per check of the run (in registry order), even a check that found nothing."""
    rows = {key: CheckSummary(key, check_title(key), check_ref(key)) for key in result.checks}
    for f, credited in zip(result.findings, credited_savings(result), strict=True):
        row = rows.setdefault(f.check, CheckSummary(f.check, check_title(f.check), check_ref(f.check)))
        setattr(row, f.status, getattr(row, f.status) + 1)
        if f.status != "ok":
            row.saving_jpy += f.possible_saving_jpy or Decimal(0)
            row.credited_jpy += credited
    return list(rows.values())


def counted(lines: Iterable[EstimateLine]) -> list[EstimateLine]:
    """The priced lines that make up the estimate's amount, each yen once: the lines, and the
    breakdown (内訳) lines only where the 一式 line they break down states no amount of its own."""
    lines = list(lines)
    priced = {(ln.sheet, ln.row) for ln in lines if ln.kind == "line" and ln.amount is not None}
    return [
        ln
        for ln in lines
        if ln.amount is not None
        and (ln.kind == "line" or (ln.kind == "detail" and (ln.sheet, ln.parent_row) not in priced))
    ]


def amount_of(lines: Iterable[EstimateLine]) -> Decimal:
    """What the priced lines cost, each yen once (see :func:`counted`)."""
    return sum((ln.amount or Decimal(0) for ln in counted(lines)), Decimal(0))


def priced_lines(estimate: Estimate) -> list[EstimateLine]:
    """The lines that make up the estimate's amount (:func:`counted`); where a summary sheet (総括表)
    sits beside detail sheets (明細, 内訳, 別紙), a category the details price is counted from them,
    not again from its summary line."""
    from govcost.review.checks.arithmetic import summary_and_details

    lines = counted(estimate.items())
    pair = summary_and_details(estimate)
    if pair is None:
        return lines
    summary, details = pair
    detailed = {ln.category for ln in lines if ln.sheet in details}
    return [ln for ln in lines if not (ln.sheet == summary and ln.category in detailed)]


def estimate_amount(estimate: Estimate) -> Decimal:
    """What the estimate costs before tax, each yen once (:func:`priced_lines`)."""
    return sum((ln.amount or Decimal(0) for ln in priced_lines(estimate)), Decimal(0))


def _amounts_by_category(estimate: Estimate | None) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    if estimate is not None:
        for ln in priced_lines(estimate):
            key = ln.category or NO_CATEGORY
            out[key] = out.get(key, Decimal(0)) + (ln.amount or Decimal(0))
    return out


@dataclass
class CategorySummary:
    key: str
    label: str
    estimate_jpy: Decimal = Decimal(0)
    current_jpy: Decimal | None = None
    ng: int = 0
    warn: int = 0
    checks: list[str] = field(default_factory=list)

    @property
    def difference_jpy(self) -> Decimal | None:
        return None if self.current_jpy is None else self.estimate_jpy - self.current_jpy

    @property
    def findings(self) -> int:
        return self.ng + self.warn


def categories() -> list[str]:
    """The category keys, in the checklist's order (any category added later at the end)."""
    known = [k for k in CHECKLIST_ORDER if k in CATEGORIES]
    return [*known, *(k for k in CATEGORIES if k not in CHECKLIST_ORDER)]


def category_label(key: str | None, numbered: bool = False) -> str:
    """The category's Japanese label (``4. 運用管理補助委託`` numbered as in the checklist)."""
    if not key:
        return ""
    label = CATEGORIES[key][0] if key in CATEGORIES else key
    if numbered and key in CATEGORIES:
        return f"{categories().index(key) + 1}. {label}"
    return label


def by_category(result: ReviewResult, *, none_label: str = "") -> list[CategorySummary]:
    """The seven categories of the checklist (every one, even when empty), then lines of no category
    when there are any: the amount in the estimate, in the current contract (when given), and the
    warn/ng findings on lines of the category."""
    est = _amounts_by_category(result.estimate)
    cur = _amounts_by_category(result.current)
    keys = [*categories(), NO_CATEGORY]
    rows = {
        key: CategorySummary(
            key,
            category_label(key, numbered=True) or none_label,
            est.get(key, Decimal(0)),
            None if result.current is None else cur.get(key, Decimal(0)),
        )
        for key in keys
    }
    category_of = {(ln.sheet, ln.row): ln.category or NO_CATEGORY for ln in result.estimate.lines}
    for f in result.problems():
        key = category_of.get((f.sheet, f.row or 0))
        if key is None:
            continue
        row = rows.setdefault(key, CategorySummary(key, category_label(key, numbered=True)))
        setattr(row, f.status, getattr(row, f.status) + 1)
        if f.check not in row.checks:
            row.checks.append(f.check)
    blank = rows[NO_CATEGORY]
    if not (blank.estimate_jpy or blank.current_jpy or blank.findings):
        del rows[NO_CATEGORY]
    return list(rows.values())


def findings_by_line(
    result: ReviewResult,
) -> tuple[dict[tuple[str, int], list[ReviewFinding]], list[ReviewFinding]]:
    """The findings of each line (by sheet and row), and those on no line (the estimate as a whole)."""
    lines = {(ln.sheet, ln.row) for ln in result.estimate.lines}
    on_line: dict[tuple[str, int], list[ReviewFinding]] = {}
    elsewhere: list[ReviewFinding] = []
    for f in result.findings:
        key = (f.sheet, f.row or 0)
        if key in lines:
            on_line.setdefault(key, []).append(f)
        else:
            elsewhere.append(f)
    return on_line, elsewhere


def worst(findings: Iterable[ReviewFinding]) -> str:
    statuses = {f.status for f in findings}
    return next((s for s in STATUSES if s in statuses), "")
