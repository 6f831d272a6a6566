"""AWS CUR 2.0 (Data Exports), Parquet or CSV: the legacy CUR with snake-case names.

Columns are the legacy ones renamed by :func:`~govcost.ingest.cur_mapping.cur2_name`; product
attributes that CUR 2.0 keeps only in its ``product`` map (``product_name``, ``region``) are read
from there. Map columns (``resource_tags``, ``product``, ``cost_category``, ``discount``) are MAPs in
Parquet and JSON text in CSV; both become JSON text. Tag keys ``user_x`` / ``aws_x`` are written
``user:x`` / ``aws:x``, as in the legacy CUR, so tags resolve the same way from either flavour.
The legacy CUR's Athena Parquet (same snake-case names, tags flattened into
``resource_tags_user_<key>`` columns) is read by the same importer.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

import ibis.expr.types as ir

from govcost.ingest.base import IMPORTERS
from govcost.ingest.costs import Check, text
from govcost.ingest.cur_mapping import CurColumns, Use, absent, cur2_name, snake, to_json
from govcost.ingest.formats.aws_cur import CurLegacyImporter
from govcost.ingest.resolve import json_field

if TYPE_CHECKING:
    from govcost.engine import Engine
    from govcost.ingest.source import SourceFile

TAGS = "resource_tags"
PRODUCT = "product"
#: CUR 2.0 writes ``user:Name`` as ``user_name``: the prefix is restored at the keys only.
_TAG_KEY = r'([{,]\s*)"(user|aws)_'


def _tag_key(key: str) -> str:
    return re.sub(r"^(user|aws)_", r"\1:", key)


class Cur2Columns(CurColumns):
    """CUR 2.0 columns read by legacy names."""

    def name(self, legacy: str) -> str | None:
        renamed = cur2_name(legacy)
        return renamed if renamed in self.present else None

    def _value(self, legacy: str, use: Use) -> ir.StringValue | None:
        found = super()._value(legacy, use)
        group, _, field = legacy.partition("/")
        if found is None and group == "product" and PRODUCT in self.present:
            value = json_field(text(self.raw, PRODUCT), snake(field))
            return value.nullif("")
        return found

    def user_tag(self, key: str) -> ir.StringValue:
        if TAGS not in self.present:
            flat = f"{TAGS}_user_{snake(key)}"
            if flat not in self.present:
                return absent("string")
            self.used[flat] = "text"
            return text(self.raw, flat)
        self.used[TAGS] = "text"
        value = json_field(text(self.raw, TAGS), f"user_{snake(key)}")
        return value.nullif("")

    def tag_columns(self) -> list[tuple[str, str]]:
        """The legacy CUR's Athena Parquet flattens tags into ``resource_tags_user_<key>`` columns."""
        prefix = TAGS + "_"
        return [(h, _tag_key(h.removeprefix(prefix))) for h in self.header if h.startswith(prefix)]

    def tags(self) -> ir.StringValue:
        if TAGS not in self.present:
            return super().tags()
        self.used[TAGS] = "text"
        keys = text(self.raw, TAGS).re_replace(_TAG_KEY, r'\1"\2:')
        return keys.nullif("{}")


@IMPORTERS.register("aws-cur2")
class Cur2Importer(CurLegacyImporter):
    """AWS CUR 2.0 Parquet / CSV / CSV.gz, converted to FOCUS columns."""

    label = "AWS CUR 2.0 (データエクスポート)"
    columns_class: ClassVar[type[CurColumns]] = Cur2Columns
    amount_column = cur2_name("lineItem/UnblendedCost")
    currency_column = cur2_name("lineItem/CurrencyCode")
    period_column = cur2_name("bill/BillingPeriodStartDate")
    markers = ("line_item_", ("bill_", "identity_"))

    def _shown(self, legacy: str) -> str:
        return cur2_name(legacy)

    def read_raw(self, engine: Engine, src: SourceFile) -> ir.Table:
        """As every format, text columns; MAP and other nested Parquet columns as JSON text."""
        if src.container != "parquet" or engine.on_spark:
            return super().read_raw(engine, src)
        t = engine.ibis.read_parquet(str(src.path))
        return t.select(
            **{c: to_json(t[c]) if t[c].type().is_nested() else t[c].cast("string") for c in t.columns}
        )

    def checks(self, header: list[str]) -> list[Check]:
        out = super().checks(header)
        return out + [Check(c, "json") for c in (TAGS, PRODUCT) if c in header]
