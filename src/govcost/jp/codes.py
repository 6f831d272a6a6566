"""全国地方公共団体コード: six digits, the last a check digit over the first five."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from govcost.errors import InputError

_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    total = sum(w * int(d) for w, d in zip(_WEIGHTS, first_five, strict=True))
    return (11 - total % 11) % 10


def is_valid_code(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit() and check_digit(code[:5]) == int(code[5])


def validate_code(code: object, **where: object) -> str:
    """The code as a 6-digit string, or an :class:`InputError` naming where it came from."""
    text = str(code).strip() if code is not None else ""
    if text.isdigit() and len(text) == 5:
        # Excel drops the leading zero of codes such as 011002 (札幌市).
        text = "0" + text
    if not is_valid_code(text):
        raise InputError(
            "input.bad_municipality_code",
            expected="6桁の団体コード(検査数字付き)",
            found=text,
            **where,  # type: ignore[arg-type]
        )
    return text


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    population: int
    kind: str


@cache
def known_municipalities() -> dict[str, Municipality]:
    """The municipalities shipped with govcost: the 23 special wards and one core city."""
    out: dict[str, Municipality] = {}
    text = resources.files("govcost.jp").joinpath("data/tokyo_23_wards.csv").read_text("utf-8")
    for row in csv.DictReader(text.splitlines()):
        code = row["municipality_code"]
        out[code] = Municipality(code, row["name"], int(row["population_2020_census_approx"]), "特別区")
    out["132012"] = Municipality("132012", "八王子市", 579355, "中核市")
    return out


def municipality_name(code: str | None) -> str | None:
    if code is None:
        return None
    m = known_municipalities().get(code)
    return m.name if m else None
