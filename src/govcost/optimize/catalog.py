"""The price catalog: list prices of the common Tokyo and Osaka instance and storage types, and the
date they were taken, for the types a recommendation needs and the bill does not show.

Savings come from the bill's own unit prices where possible; the catalog is the fallback. Users
refresh it by giving their own file of the same columns (``--prices``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

from govcost.configfile import read_text
from govcost.errors import InputError

COLUMNS = ("provider", "region", "service", "type", "operating_system", "unit", "usd", "taken_on")


@dataclass(frozen=True)
class Price:
    usd: Decimal
    unit: str
    taken_on: str


class PriceCatalog:
    def __init__(self, prices: dict[tuple[str, str, str, str, str], Price], source: str) -> None:
        self._prices = prices
        self.source = source

    @classmethod
    def load(cls, path: Path | str | None = None) -> PriceCatalog:
        if path is None:
            text = resources.files("govcost.optimize").joinpath("data/prices.csv").read_text(encoding="utf-8")
            return cls.parse(text, "govcost/optimize/data/prices.csv")
        return cls.parse(read_text(path), str(path))

    @classmethod
    def parse(cls, text: str, source: str) -> PriceCatalog:
        reader = csv.DictReader(text.splitlines())
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError("input.missing_columns", file=source, row=1, columns=", ".join(missing))
        prices = {}
        for n, row in enumerate(reader, start=2):
            try:
                usd = Decimal(row["usd"] or "")
                if not usd.is_finite() or usd < 0:
                    raise InvalidOperation
            except InvalidOperation as exc:
                raise InputError(
                    "input.bad_decimal", file=source, row=n, column="usd", expected="数値", found=row["usd"]
                ) from exc
            key = (row["provider"], row["region"], row["service"], row["type"], row["operating_system"] or "")
            prices[key] = Price(usd, row["unit"], row["taken_on"])
        return cls(prices, source)

    @property
    def taken_on(self) -> list[str]:
        """The dates the catalog's prices were taken, oldest first."""
        return sorted({p.taken_on for p in self._prices.values() if p.taken_on})

    def get(
        self, region: str, service: str, type_: str, operating_system: str = "", provider: str = "aws"
    ) -> Price | None:
        return self._prices.get((provider, region, service, type_, operating_system or ""))

    def usd(self, region: str, service: str, type_: str, operating_system: str = "") -> Decimal | None:
        price = self.get(region, service, type_, operating_system)
        return price.usd if price else None
