"""The ledger schema: FOCUS columns plus govcost's extension columns, with their types."""

from govcost.schema.columns import (
    COLUMNS,
    COST_SOURCES,
    EXTENSION_COLUMNS,
    FOCUS_COLUMNS,
    LEDGER_COLUMN_NAMES,
    MONEY_SCALE,
    Column,
    column,
    ibis_schema,
)

__all__ = [
    "COLUMNS",
    "COST_SOURCES",
    "EXTENSION_COLUMNS",
    "FOCUS_COLUMNS",
    "LEDGER_COLUMN_NAMES",
    "MONEY_SCALE",
    "Column",
    "column",
    "ibis_schema",
]
