"""Reading a cloud provider's pricing calculator export: the cloud fee estimate behind an estimate.

The Digital Agency asks for the CSP's monthly fee calculation (カリキュレーターの計算結果) with every
estimate review request; checklist item 5 reviews it. Two layouts are read, both CSV (UTF-8, UTF-8
with BOM or CP932; comma- or tab-separated):

**(a) The AWS Pricing Calculator's CSV export** (``Export → CSV`` on an estimate). A title block
comes first (``Estimate summary``, then ``Upfront cost,Monthly cost,Total 12 months cost,Currency``
and its values), then ``Detailed Estimate`` and the header row of the lines::

    Group hierarchy,Region,Description,Service,Upfront,Monthly,First 12 months total,Currency,Status,
        Configuration summary
    住民記録 > 本番環境,Asia Pacific (Tokyo),APサーバ,Amazon EC2,0,362.08,4344.96,USD,,
        "Tenancy (Shared Instances), …"

(each on one line in the file)
and an ``Acknowledgement`` paragraph at the end. The header row is found wherever it is (older
exports have no ``Status`` or no ``Group hierarchy`` column); the summary block, when present, is
kept as :attr:`CalculatorLines.summary` (its ``Monthly cost`` cell is the total a finding points
at).

**(b) A simple CSV for any other provider's calculator** (Azure, Google Cloud, OCI, さくらのクラウド),
one line per priced item, header on its first non-empty row::

    service,description,region,monthly,currency,quantity,unit
    Virtual Machines,APサーバ D4s v5,Japan East,84000,JPY,2,台

``quantity`` and ``unit`` may be left out; the Japanese names サービス, 説明, リージョン, 月額, 通貨,
数量, 単位 are accepted too. A line whose service is ``合計``/``Total`` is a total, not a line, and is
skipped.

Both give the same list of dicts, one per line, with the keys ``service``, ``description``,
``region``, ``monthly`` (Decimal, per month), ``upfront`` and ``first_12_months`` (Decimal or None),
``currency`` (upper case, one per file), ``group``, ``status``, ``configuration``, ``quantity``
(Decimal or None), ``unit``, and where the line sits: ``sheet`` (the file name), ``row`` (the record
number, as a spreadsheet shows it), ``cell`` (the ``monthly`` cell, e.g. ``F12``) and ``cells``
(field → cell). The list is a :class:`CalculatorLines`, which also knows its ``format`` (``aws`` or
``simple``), its ``currency`` and the AWS export's ``summary``.

Amounts are exact decimals (``873.8100000000001`` stays what it is). A file that is neither layout,
a missing column, an empty mandatory cell or an amount that is not a number is an
:class:`~govcost.errors.InputError` naming the file, the row and the column.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from govcost.configfile import read_text
from govcost.errors import InputError
from govcost.review.estimate import normalise

#: Column names of a calculator line (compared in lower case after NFKC, without blanks). The
#: English names are those of the AWS Pricing Calculator's export; the Japanese ones are accepted
#: for the simple CSV (and are what a Japanese-language export is expected to use: not verified).
CALCULATOR_COLUMNS: dict[str, tuple[str, ...]] = {
    "group": ("Group hierarchy", "グループ階層", "グループ"),
    "region": ("Region", "リージョン"),
    "description": ("Description", "説明", "名称"),
    "service": ("Service", "サービス", "サービス名"),
    "upfront": ("Upfront", "前払い", "初期費用"),
    "monthly": ("Monthly", "月額", "月額費用", "月額料金"),
    "first_12_months": ("First 12 months total", "最初の12か月の合計", "12か月合計"),
    "currency": ("Currency", "通貨"),
    "status": ("Status", "ステータス"),
    "configuration": ("Configuration summary", "設定の概要", "構成概要"),
    "quantity": ("Quantity", "数量"),
    "unit": ("Unit", "単位"),
}
#: Columns only the AWS export has: a header with one of them is an AWS export.
AWS_ONLY = ("group", "upfront", "first_12_months", "status", "configuration")
#: Columns every calculator file must have.
REQUIRED = ("service", "monthly", "currency")
#: The AWS export's summary block (the header of the row of totals above the lines).
SUMMARY_COLUMNS: dict[str, tuple[str, ...]] = {
    "upfront": ("Upfront cost",),
    "monthly": ("Monthly cost",),
    "first_12_months": ("Total 12 months cost",),
    "currency": ("Currency",),
}
#: A line with one of these as its service is a total (skipped: the lines are summed by the checks).
TOTAL_WORDS = ("total", "合計", "総計", "小計", "総額")
#: What an unreadable file was expected to be (in errors).
EXPECTED = (
    "AWS Pricing Calculator の CSV エクスポート、"
    "または service,description,region,monthly,currency を見出しとする CSV"
)
#: How far down the header row may be.
MAX_HEADER_SCAN = 60
_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?$")


class CalculatorLines(list[dict[str, Any]]):
    """The lines of one calculator file, with the file, its layout and its summary block."""

    def __init__(
        self,
        lines: list[dict[str, Any]],
        *,
        path: Path,
        format: str,
        currency: str,
        summary: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(lines)
        self.path = path
        self.format = format
        self.currency = currency
        #: The AWS export's "Estimate summary" (upfront, monthly, first_12_months, currency, row,
        #: cell (the Monthly cost cell), cells), or None.
        self.summary = summary

    @property
    def monthly_total(self) -> Decimal:
        return sum((ln["monthly"] for ln in self), Decimal(0))

    @property
    def first_12_months_total(self) -> Decimal:
        """The first year's fee: the 12-month column where the export has it, else 12 × monthly + upfront."""
        total = Decimal(0)
        for ln in self:
            if ln["first_12_months"] is not None:
                total += ln["first_12_months"]
            else:
                total += ln["monthly"] * 12 + (ln["upfront"] or Decimal(0))
        return total


def _key(text: str) -> str:
    return normalise(text).lower()


_FIELD_OF = {_key(name): field for field, names in CALCULATOR_COLUMNS.items() for name in names}
_SUMMARY_OF = {_key(name): field for field, names in SUMMARY_COLUMNS.items() for name in names}


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    if raw.startswith(b"PK") or raw.startswith(b"%PDF") or raw.lstrip()[:1] in (b"{", b"["):
        raise InputError(
            "review.calculator.not_csv",
            file=str(path),
            found=path.suffix or "(拡張子なし)",
        )
    return read_text(path)


def _records(text: str, path: Path) -> list[list[str]]:
    dialect = csv.excel_tab if text.count("\t") > text.count(",") else csv.excel
    try:
        return [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise InputError("input.truncated", file=str(path), found=str(exc)) from exc


def parse_money(value: str) -> Decimal:
    """An amount as a calculator writes it: ``362.08``, ``873.8100000000001``, ``1,234.5``, ``$12``,
    ``¥84,000``. Raises ValueError for anything else."""
    text = normalise(value)
    for mark in ("$", "¥", "￥", "円", ","):
        text = text.replace(mark, "")
    for code in ("USD", "JPY", "usd", "jpy"):
        text = text.removesuffix(code).removeprefix(code)
    if not _NUMBER.match(text):
        raise ValueError(value)
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc


def read_calculator(path: Path | str) -> CalculatorLines:
    """The priced lines of a calculator export (AWS Pricing Calculator CSV, or the simple CSV)."""
    p = Path(path)
    if not p.is_file():
        raise InputError("input.not_found", file=str(p))
    records = _records(_decode(p), p) if p.stat().st_size else []
    summary: dict[str, Any] | None = None
    for index, cells in enumerate(records[:MAX_HEADER_SCAN]):
        number = index + 1
        names = {i: _key(c) for i, c in enumerate(cells) if c}
        if not names:
            continue
        if summary is None and sum(1 for n in names.values() if n in _SUMMARY_OF) >= 3:
            summary = _summary(p, records, index, names)
            continue
        fields = {i: _FIELD_OF[n] for i, n in names.items() if n in _FIELD_OF}
        found = set(fields.values())
        if not ({"service", "monthly"} & found) or len(found) < 3:
            continue
        missing = [f for f in REQUIRED if f not in found]
        if missing:
            raise InputError(
                "input.missing_columns",
                file=str(p),
                row=number,
                columns=", ".join(CALCULATOR_COLUMNS[f][0] for f in missing),
            )
        fmt = "aws" if found & set(AWS_ONLY) else "simple"
        columns: dict[str, int] = {}
        for i, f in fields.items():
            columns.setdefault(f, i)
        labels = {f: f"{cells[i]} ({_letter(i)})" for f, i in columns.items()}
        lines = _lines(p, records, index + 1, columns, labels)
        if not lines:
            raise InputError("input.empty", file=str(p))
        currencies = sorted({ln["currency"] for ln in lines})
        if len(currencies) > 1:
            raise InputError("input.mixed_currency", file=str(p), currencies=", ".join(currencies))
        return CalculatorLines(lines, path=p, format=fmt, currency=currencies[0], summary=summary)
    raise InputError(
        "review.calculator.unknown_format",
        file=str(p),
        expected=EXPECTED,
        found=", ".join(next((r for r in records if any(r)), []))[:120] or "(空のファイル)",
    )


def _summary(p: Path, records: list[list[str]], index: int, names: dict[int, str]) -> dict[str, Any] | None:
    """The row of totals under the summary header (None when it is not there)."""
    if index + 1 >= len(records):
        return None
    values = records[index + 1]
    number = index + 2
    out: dict[str, Any] = {"row": number, "cells": {}}
    for i, name in names.items():
        field = _SUMMARY_OF.get(name)
        if field is None:
            continue
        raw = values[i] if i < len(values) else ""
        out["cells"][field] = f"{_letter(i)}{number}"
        if field == "currency":
            out[field] = raw.upper()
            continue
        try:
            out[field] = parse_money(raw) if raw else None
        except ValueError as exc:
            raise InputError(
                "input.bad_decimal",
                file=str(p),
                row=number,
                column=f"{records[index][i]} ({_letter(i)})",
                expected="数値",
                found=raw,
            ) from exc
    if out.get("monthly") is None:
        return None
    out["cell"] = out["cells"].get("monthly", "")
    return out


def _lines(
    p: Path,
    records: list[list[str]],
    start: int,
    columns: dict[str, int],
    labels: dict[str, str],
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for index in range(start, len(records)):
        cells = records[index]
        number = index + 1

        def value(field: str, cells: list[str] = cells) -> str:
            i = columns.get(field)
            return cells[i] if i is not None and i < len(cells) else ""

        service, monthly_text = value("service"), value("monthly")
        if not service and not monthly_text:
            continue  # a blank row, a section title ("Acknowledgement") or the disclaimer under it
        if _key(service) in TOTAL_WORDS or _key(value("group")) in TOTAL_WORDS:
            continue
        for field in REQUIRED:
            if not value(field):
                raise InputError("input.null_mandatory", file=str(p), row=number, column=labels[field])

        def money(field: str, number: int = number, value: Any = value) -> Decimal | None:
            raw = value(field)
            if not raw:
                return None
            try:
                return parse_money(raw)
            except ValueError as exc:
                raise InputError(
                    "input.bad_decimal",
                    file=str(p),
                    row=number,
                    column=labels[field],
                    expected="数値 (例: 362.08 / 84,000)",
                    found=raw,
                ) from exc

        monthly = money("monthly")
        assert monthly is not None
        addresses = {f: f"{_letter(i)}{number}" for f, i in columns.items()}
        line: dict[str, Any] = {
            "sheet": p.name,
            "row": number,
            "cell": addresses["monthly"],
            "cells": addresses,
            "group": value("group"),
            "region": value("region"),
            "description": value("description"),
            "service": service,
            "upfront": money("upfront"),
            "monthly": monthly,
            "first_12_months": money("first_12_months"),
            "currency": value("currency").upper(),
            "status": value("status"),
            "configuration": value("configuration"),
            "quantity": money("quantity"),
            "unit": value("unit"),
        }
        out.append(line)
    return out
