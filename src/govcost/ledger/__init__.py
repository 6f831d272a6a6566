"""The ledger: Parquet files of cost rows, and a DuckDB catalog of imports, slices and reference data."""

from govcost.ledger.store import Ledger, default_ledger_dir

__all__ = ["Ledger", "default_ledger_dir"]
