"""AWS Cost and Usage Report, legacy flavour (``lineItem/UnblendedCost`` headers), CSV or CSV.gz.

The conversion to FOCUS is :data:`govcost.ingest.cur_mapping.MAPPING`, shared with CUR 2.0 (which
subclasses this importer and only renames columns). Every row is money: line item ids may repeat
and nothing is deduplicated. Columns the mapping does not read are kept, prefixed ``x_``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import ibis
import ibis.expr.types as ir

from govcost.ingest.base import IMPORTERS, ImportReport, Progress
from govcost.ingest.costs import Check, CheckKind, CostImporter
from govcost.ingest.cur_mapping import ACCOUNTS, LINE_TYPE, LINE_TYPES, MANDATORY, CurColumns, Use, convert
from govcost.ingest.formats.focus import FocusImporter

if TYPE_CHECKING:
    from govcost.engine import Engine
    from govcost.ingest.source import SourceFile

#: A CUR re-exported in the other flavour replaces the first import of the same account and month.
SLICE_PREFIX = "aws-cur|aws|"
#: How a column the mapping reads is checked: costs exactly, quantities as numbers, dates as dates.
CHECKED: dict[Use, CheckKind] = {"money": "money", "quantity": "decimal", "timestamp": "timestamp"}


@IMPORTERS.register("aws-cur")
class CurLegacyImporter(CostImporter):
    """AWS CUR (legacy) CSV / CSV.gz, converted to FOCUS columns."""

    label = "AWS CUR (旧形式)"
    priority = 30
    spark_reads = True
    columns_class: ClassVar[type[CurColumns]] = CurColumns
    amount_column = "lineItem/UnblendedCost"
    currency_column = "lineItem/CurrencyCode"
    period_column = "bill/BillingPeriodStartDate"
    #: Header prefixes that mark the flavour: a line item group and a bill or identity group.
    markers: ClassVar[tuple[str, tuple[str, str]]] = ("lineItem/", ("bill/", "identity/"))
    _mapped: tuple[tuple[str, ...], CurColumns] | None = None

    @classmethod
    def detect(cls, header: list[str]) -> bool:
        item, others = cls.markers
        if FocusImporter.detect(header):
            return False
        return any(h.startswith(item) for h in header) and any(h.startswith(others) for h in header)

    def columns(self, raw: ir.Table | None = None) -> CurColumns:
        """The file's columns, by legacy name; without a table, an unbound one (to see what is read)."""
        if raw is None:
            raw = ibis.table({h: "string" for h in self.header}, name="cur")
        return self.columns_class(raw, self.header)

    def mapped(self) -> CurColumns:
        """The unbound columns with the whole mapping applied, once per header: which columns it
        reads, and how (checks, kept columns and names all ask)."""
        key = tuple(self.header)
        if self._mapped is None or self._mapped[0] != key:
            cols = self.columns()
            convert(cols)
            self._mapped = (key, cols)
        return self._mapped[1]

    def col(self, legacy: str) -> str | None:
        return self.mapped().name(legacy)

    def run(self, engine: Engine, src: SourceFile, progress: Progress) -> ImportReport:
        self.header = src.header
        self.account_column = next((n for n in map(self.col, ACCOUNTS) if n), None)
        return super().run(engine, src, progress)

    def missing_columns(self, header: list[str]) -> list[str]:
        cols = self.mapped()
        missing = [n for n in MANDATORY if cols.name(n) is None]
        if not any(cols.name(a) for a in ACCOUNTS):
            missing.extend(ACCOUNTS)
        return [self._shown(n) for n in missing]

    def _shown(self, legacy: str) -> str:
        """How the file's flavour spells a column it lacks."""
        return legacy

    def checks(self, header: list[str]) -> list[Check]:
        cols = self.mapped()
        out = [Check(n, "required") for n in map(self.col, MANDATORY) if n]
        if self.account_column:
            out.append(Check(self.account_column, "required"))
        out += [Check(name, CHECKED[use]) for name, use in cols.used.items() if use in CHECKED]
        out.append(Check(self.col(LINE_TYPE) or LINE_TYPE, "allowed", tuple(LINE_TYPES)))
        out.append(Check(self.currency_column or "", "currency"))
        start, end = self.col("bill/BillingPeriodStartDate"), self.col("bill/BillingPeriodEndDate")
        usage_start = self.col("lineItem/UsageStartDate")
        assert start and end and usage_start
        out.append(Check(usage_start, "within", period=(start, end)))
        return out

    def to_ledger(self, raw: ir.Table, src: SourceFile) -> dict[str, ir.Value]:
        out = convert(self.columns(raw))
        out["provider"] = ibis.literal("aws")
        out["slice_key"] = ibis.literal(SLICE_PREFIX).concat(
            out["BillingAccountId"].fill_null(""),
            "|",
            out["BillingPeriodStart"].strftime("%Y-%m"),
        )
        return out

    def extra_columns(self, header: list[str]) -> list[str]:
        cols = self.mapped()
        return [h for h in header if h not in cols.used]
