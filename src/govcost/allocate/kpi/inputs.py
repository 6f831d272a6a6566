"""The budget file the fiscal-year view compares the actual costs with.

``budget.csv``: ``municipality_code,fiscal_year,month,budget_jpy[,cost_source]`` — one line per
municipality and month of the fiscal year (``month`` as ``YYYY-MM``, April to March of
``fiscal_year``), in yen. ``cost_source`` is optional: empty (or no such column) means the budget
covers every cost of the month; otherwise one of the ledger's cost sources (``cloud``, ``software``,
``operations``, ``operations_assistant``, ``network``, ``equipment``, ``other``, or their Japanese
names), and the month's budget is the sum of its lines. UTF-8 (with or without BOM) or CP932.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from govcost.allocate.baseline import _decimal, _rows
from govcost.errors import InputError
from govcost.jp.calendar import fiscal_year
from govcost.jp.codes import validate_code
from govcost.ledger.summary import COST_SOURCE_LABELS
from govcost.schema import COST_SOURCES

#: Cost-source names a budget line may use: the ledger's keys and their Japanese names.
SOURCE_NAMES = {
    **{k: k for k in COST_SOURCES},
    **{v: k for k, v in COST_SOURCE_LABELS.items()},
    **{v: k for k, v in COST_SOURCES.items()},
}


@dataclass(frozen=True)
class BudgetLine:
    municipality_code: str
    fiscal_year: int
    month: dt.date
    budget_jpy: Decimal
    #: None: the budget covers every cost of the municipality's month.
    cost_source: str | None = None


def _month(text: str, file: str, row: int) -> dt.date:
    hit = re.fullmatch(r"(\d{4})[-/](\d{1,2})", text.strip())
    if not hit or not 1 <= int(hit[2]) <= 12:
        raise InputError(
            "input.bad_month", file=file, row=row, column="month", expected="YYYY-MM", found=text
        )
    return dt.date(int(hit[1]), int(hit[2]), 1)


def load_budget(path: Path | str) -> list[BudgetLine]:
    """Every line of a budget file, checked: codes, months inside their fiscal year, amounts ≥ 0,
    known cost sources, and no (municipality, month, cost source) twice."""
    file = str(path)
    out: list[BudgetLine] = []
    seen: dict[tuple[str, dt.date, str | None], int] = {}
    for n, row in _rows(path, ("municipality_code", "fiscal_year", "month", "budget_jpy")):
        code = validate_code(row["municipality_code"], file=file, row=n, column="municipality_code")
        year = row["fiscal_year"]
        if not (year.isdigit() and len(year) == 4):
            raise InputError(
                "input.bad_value",
                file=file,
                row=n,
                column="fiscal_year",
                expected="西暦の年度 (例: 2025)",
                found=year,
            )
        month = _month(row["month"], file, n)
        if fiscal_year(month) != int(year):
            raise InputError(
                "kpi.budget_month_outside_year",
                file=file,
                row=n,
                column="month",
                expected=f"{year}-04 〜 {int(year) + 1}-03",
                found=row["month"],
            )
        amount = _decimal(row["budget_jpy"], file, n, "budget_jpy")
        if amount < 0:
            raise InputError(
                "input.bad_value", file=file, row=n, column="budget_jpy", expected="0 以上", found=str(amount)
            )
        source_text = row.get("cost_source", "")
        source: str | None = None
        if source_text:
            if source_text not in SOURCE_NAMES:
                raise InputError(
                    "input.bad_value",
                    file=file,
                    row=n,
                    column="cost_source",
                    expected=", ".join(COST_SOURCES),
                    found=source_text,
                )
            source = SOURCE_NAMES[source_text]
        key = (code, month, source)
        if key in seen:
            raise InputError(
                "input.duplicate_key",
                file=file,
                row=n,
                column="month",
                found=f"{code} {month:%Y-%m} {source or ''}".strip(),
                first_row=seen[key],
            )
        seen[key] = n
        out.append(BudgetLine(code, int(year), month, amount, source))
    return out
