"""Inputs every allocation, KPI and scenario may need beside the ledger: populations and the operating
cost before migration (the baseline), each a small CSV a municipality fills in.

``populations.csv``: ``municipality_code,population`` (the demo municipalities ship with govcost).
``baseline.csv``: ``municipality_code,fiscal_year,operating_cost_jpy[,note]`` — the annual operating
cost of the systems before the move to the Government Cloud (e.g. FY2018 for the national target).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from govcost.configfile import read_text
from govcost.errors import InputError
from govcost.jp.codes import known_municipalities, validate_code


@dataclass(frozen=True)
class Baseline:
    municipality_code: str
    fiscal_year: int
    operating_cost_jpy: Decimal
    note: str = ""


def _rows(path: Path | str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    p = Path(path)
    text = read_text(p)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError("input.missing_columns", file=str(p), row=1, columns=", ".join(missing))
    return [(n, {k: (v or "").strip() for k, v in row.items() if k}) for n, row in enumerate(reader, start=2)]


def _decimal(value: str, file: str, row: int, column: str) -> Decimal:
    try:
        number = Decimal(value.replace(",", "").replace("円", ""))
        if not number.is_finite():
            raise InvalidOperation
        return number
    except InvalidOperation as exc:
        raise InputError(
            "input.bad_decimal", file=file, row=row, column=column, expected="数値", found=value
        ) from exc


def load_populations(path: Path | str | None = None) -> dict[str, int]:
    """Municipality code → population: the shipped ones, overridden by the file's."""
    out = {code: m.population for code, m in known_municipalities().items()}
    if path is None:
        return out
    for n, row in _rows(path, ("municipality_code", "population")):
        code = validate_code(row["municipality_code"], file=str(path), row=n, column="municipality_code")
        value = _decimal(row["population"], str(path), n, "population")
        if value <= 0 or value != value.to_integral_value():
            raise InputError(
                "input.bad_value",
                file=str(path),
                row=n,
                column="population",
                expected="正の整数",
                found=row["population"],
            )
        out[code] = int(value)
    return out


def load_baseline(path: Path | str) -> dict[str, Baseline]:
    """Municipality code → its baseline (one line per municipality)."""
    out: dict[str, Baseline] = {}
    first_rows: dict[str, int] = {}
    for n, row in _rows(path, ("municipality_code", "fiscal_year", "operating_cost_jpy")):
        code = validate_code(row["municipality_code"], file=str(path), row=n, column="municipality_code")
        if code in out:
            raise InputError(
                "input.duplicate_key",
                file=str(path),
                row=n,
                column="municipality_code",
                found=code,
                first_row=first_rows[code],
            )
        first_rows[code] = n
        year = row["fiscal_year"]
        if not (year.isdigit() and len(year) == 4):
            raise InputError(
                "input.bad_value",
                file=str(path),
                row=n,
                column="fiscal_year",
                expected="西暦の年度 (例: 2018)",
                found=year,
            )
        cost = _decimal(row["operating_cost_jpy"], str(path), n, "operating_cost_jpy")
        if cost < 0:
            raise InputError(
                "input.bad_value",
                file=str(path),
                row=n,
                column="operating_cost_jpy",
                expected="0 以上",
                found=str(cost),
            )
        out[code] = Baseline(code, int(year), cost, row.get("note", ""))
    return out
