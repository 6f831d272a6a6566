"""Storage of the ledger, and the one place where it changes.

Cost rows live in one Parquet file per import under ``costs/``, utilisation metrics likewise under
``metrics/`` (never read by the cost view); ``ledger.duckdb`` holds the import log, the slices
(what each import covers, and whether a newer import replaced it) and the reference tables
(account map, FX rates). A cost or metrics import becomes visible in one DuckDB transaction after its
file is complete, so a failed import leaves the ledger exactly as it was, and a file that no
committed transaction names is never read.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from govcost.errors import LedgerError
from govcost.spark import remove_path

LEDGER_ENV = "GOVCOST_LEDGER"
#: The format key of metric imports: their Parquet files live in ``metrics/``, not ``costs/``.
METRICS_FORMAT = "metrics"

_CATALOG = """
CREATE TABLE IF NOT EXISTS imports (
    import_id VARCHAR PRIMARY KEY,
    file_name VARCHAR NOT NULL,
    file_path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    format VARCHAR NOT NULL,
    resolution_digest VARCHAR,
    imported_at TIMESTAMP NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_stored BIGINT NOT NULL,
    parquet VARCHAR,
    replaced VARCHAR[],
    totals JSON,
    notes JSON,
    batch_id VARCHAR,
    file_size BIGINT
);
CREATE TABLE IF NOT EXISTS resolutions (
    import_id VARCHAR NOT NULL,
    rkey BIGINT PRIMARY KEY,
    municipality_code VARCHAR,
    business VARCHAR,
    environment VARCHAR,
    system_id VARCHAR,
    usage VARCHAR,
    assignment VARCHAR NOT NULL,
    fx_jpy_per_unit DECIMAL(18, 6)
);
CREATE TABLE IF NOT EXISTS slices (
    slice_key VARCHAR NOT NULL,
    import_id VARCHAR NOT NULL,
    active BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS account_map (
    provider VARCHAR NOT NULL,
    account_id VARCHAR NOT NULL,
    municipality_code VARCHAR NOT NULL,
    business VARCHAR,
    environment VARCHAR,
    system_id VARCHAR,
    usage VARCHAR,
    import_id VARCHAR NOT NULL,
    PRIMARY KEY (provider, account_id)
);
CREATE TABLE IF NOT EXISTS fx_rates (
    month DATE NOT NULL,
    currency VARCHAR NOT NULL,
    jpy_per_unit DECIMAL(18, 6) NOT NULL,
    import_id VARCHAR NOT NULL,
    PRIMARY KEY (month, currency)
);
"""


def default_ledger_dir() -> Path:
    return Path(os.environ.get(LEDGER_ENV) or ".govcost")


@dataclass
class CurrencyTotal:
    currency: str
    source: Decimal
    ledger: Decimal

    @property
    def matches(self) -> bool:
        return self.source == self.ledger


@dataclass
class ImportRecord:
    """One line of the import log, as a person reads it."""

    import_id: str
    file_name: str
    file_path: str
    sha256: str
    format: str
    imported_at: dt.datetime
    rows_read: int
    rows_stored: int
    status: str
    replaced: list[str] = field(default_factory=list)
    totals: list[CurrencyTotal] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)
    active_slices: int = 0
    #: The ``ingest`` call the import belongs to: the parts of one export, given together, do not
    #: replace each other.
    batch_id: str = ""
    file_size: int = 0


def new_record(
    path: Path,
    sha256: str,
    fmt: str,
    rows_read: int,
    rows_stored: int,
    status: str,
    batch_id: str,
    **more: Any,
) -> ImportRecord:
    """An import log line for a file imported now."""
    return ImportRecord(
        import_id=more.pop("import_id", None) or new_import_id(),
        file_name=path.name,
        file_path=str(path.resolve()),
        sha256=sha256,
        format=fmt,
        imported_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        rows_read=rows_read,
        rows_stored=rows_stored,
        status=status,
        batch_id=batch_id,
        file_size=path.stat().st_size,
        **more,
    )


def new_import_id() -> str:
    now = dt.datetime.now(dt.UTC)
    return f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:12]}"


class Ledger:
    """A ledger directory. Open it once per command; it holds one DuckDB connection."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_ledger_dir()
        self.costs_dir = self.path / "costs"
        self.metrics_dir = self.path / "metrics"
        self.db_path = self.path / "ledger.duckdb"
        self._con: duckdb.DuckDBPyConnection | None = None

    # --- connection ---------------------------------------------------------------------
    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self.path.mkdir(parents=True, exist_ok=True)
            self.costs_dir.mkdir(exist_ok=True)
            self.metrics_dir.mkdir(exist_ok=True)
            try:
                self._con = duckdb.connect(str(self.db_path))
            except duckdb.IOException as exc:
                raise LedgerError("ledger.locked", path=str(self.db_path)) from exc
            self._con.execute("SET TimeZone = 'UTC'")
            # Imports stream, and queries aggregate: a bounded engine keeps a 10 M-row import under
            # 2 GB on a municipal PC. GOVCOST_MEMORY_LIMIT raises it for a server.
            self._con.execute("SET memory_limit = ?", [os.environ.get("GOVCOST_MEMORY_LIMIT", "1.5GB")])
            # Joins run in the order the views write them (the cost files probe the small catalog
            # tables): DuckDB estimates a month's filter over the Parquet files at one row, and
            # reordered by that estimate it would hash the month's 10 M cost rows and run out of memory.
            self._con.execute("SET disabled_optimizers = 'join_order'")
            self._con.execute(_CATALOG)
        return self._con

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    # --- what is visible ----------------------------------------------------------------
    def active_files(self) -> list[Path]:
        """The cost files with an active slice (never a metrics file)."""
        return [self.costs_dir / name for name in self._active_parquet(metrics=False)]

    def active_metric_files(self) -> list[Path]:
        """The metrics files with an active slice: read them with the slices table, since a newer
        import may have replaced some of a file's resource-months."""
        return [self.metrics_dir / name for name in self._active_parquet(metrics=True)]

    def _active_parquet(self, metrics: bool) -> list[str]:
        rows = self.con.execute(
            f"""
            SELECT DISTINCT i.parquet FROM imports i JOIN slices s USING (import_id)
            WHERE s.active AND i.parquet IS NOT NULL AND i.format {"=" if metrics else "<>"} ?
            ORDER BY 1
            """,
            [METRICS_FORMAT],
        ).fetchall()
        return [r[0] for r in rows]

    @staticmethod
    def readable(path: Path) -> str:
        """A stored file as a Parquet reader takes it: Spark writes an import as a directory of
        part files, which DuckDB reads through a glob."""
        return str(path / "*.parquet") if path.is_dir() else str(path)

    def parquet_path(self, import_id: str) -> Path:
        return self.costs_dir / f"{import_id}.parquet"

    def temp_parquet_path(self, import_id: str) -> Path:
        return self.costs_dir / f".{import_id}.parquet.tmp"

    def metrics_parquet_path(self, import_id: str) -> Path:
        return self.metrics_dir / f"{import_id}.parquet"

    def temp_metrics_path(self, import_id: str) -> Path:
        return self.metrics_dir / f".{import_id}.parquet.tmp"

    def find_unchanged(self, sha256: str, digest: str) -> str | None:
        """The id of an active import of exactly this file under the same map and rates."""
        row = self.con.execute(
            """
            SELECT i.import_id FROM imports i
            WHERE i.sha256 = ? AND coalesce(i.resolution_digest, '') = ?
              AND (i.parquet IS NULL OR EXISTS (
                    SELECT 1 FROM slices s WHERE s.import_id = i.import_id AND s.active))
            ORDER BY i.imported_at DESC LIMIT 1
            """,
            [sha256, digest],
        ).fetchall()
        return str(row[0][0]) if row else None

    def has_import_of_size(self, size: int) -> bool:
        """Whether a file of this many bytes was imported before (then it is hashed first)."""
        return bool(
            self.con.execute("SELECT count(*) FROM imports WHERE file_size = ?", [size]).fetchall()[0][0]
        )

    def resolution_digest(self) -> str:
        """A digest of the account map and FX rates: what cost rows are resolved with."""
        row = self.con.execute(
            """
            SELECT md5(coalesce((SELECT string_agg(concat_ws('|', provider, account_id,
                        municipality_code, business, environment, system_id, usage), ';'
                        ORDER BY provider, account_id) FROM account_map), '')
                   || '#' ||
                   coalesce((SELECT string_agg(concat_ws('|', month, currency, jpy_per_unit), ';'
                        ORDER BY month, currency) FROM fx_rates), ''))
            """
        ).fetchall()
        return str(row[0][0])

    # --- the import log -----------------------------------------------------------------
    def log_import(
        self,
        con: duckdb.DuckDBPyConnection,
        record: ImportRecord,
        digest: str,
        parquet: str | None,
        slice_keys: list[str],
    ) -> list[str]:
        """Record an import and make its slices the active ones. Returns the imports it replaced.

        Slices of an earlier import in the same batch stay active: they are other parts of the
        same export (AWS splits a large month into several files).
        """
        replaced: list[str] = []
        if slice_keys:
            con.execute("CREATE OR REPLACE TEMP TABLE _new_slices (slice_key VARCHAR)")
            # One statement however many keys (a metrics import has one per resource and month).
            con.execute("INSERT INTO _new_slices SELECT unnest(?::VARCHAR[])", [slice_keys])
            older = """
                active AND slice_key IN (SELECT slice_key FROM _new_slices)
                AND import_id NOT IN (SELECT import_id FROM imports WHERE batch_id = ?)
            """
            replaced = [
                r[0]
                for r in con.execute(
                    f"SELECT DISTINCT import_id FROM slices WHERE {older} ORDER BY 1", [record.batch_id]
                ).fetchall()
            ]
            con.execute(f"UPDATE slices SET active = false WHERE {older}", [record.batch_id])
            con.execute("INSERT INTO slices SELECT slice_key, ?, true FROM _new_slices", [record.import_id])
            con.execute("DROP TABLE _new_slices")
        con.execute(
            "INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                record.import_id,
                record.file_name,
                record.file_path,
                record.sha256,
                record.format,
                digest,
                record.imported_at,
                record.rows_read,
                record.rows_stored,
                parquet,
                replaced + record.replaced,
                json.dumps(
                    [
                        {"currency": x.currency, "source": str(x.source), "ledger": str(x.ledger)}
                        for x in record.totals
                    ]
                ),
                json.dumps(record.notes, ensure_ascii=False),
                record.batch_id,
                record.file_size,
            ],
        )
        return replaced + record.replaced

    def same_period_in_other_formats(self, slice_keys: list[str], import_id: str) -> list[str]:
        """Active imports of another format covering the same provider, account and month.

        An AWS FOCUS export and a CUR of the same month are the same money twice: worth a warning.
        """
        suffixes = sorted(
            {k.split("|", 1)[1] for k in slice_keys if "|" in k and not k.startswith("cost-lines|")}
        )
        if not suffixes:
            return []
        rows = self.con.execute(
            """
            SELECT DISTINCT import_id FROM slices
            WHERE active AND import_id <> ? AND NOT starts_with(slice_key, 'cost-lines|')
              AND split_part(slice_key, '|', 1) <> ''
              AND substr(slice_key, strpos(slice_key, '|') + 1) IN (SELECT unnest(?::VARCHAR[]))
              AND slice_key NOT IN (SELECT unnest(?::VARCHAR[]))
            ORDER BY 1
            """,
            [import_id, suffixes, slice_keys],
        ).fetchall()
        return [r[0] for r in rows]

    def imports(self) -> list[ImportRecord]:
        rows = self.con.execute(
            """
            SELECT i.import_id, i.file_name, i.file_path, i.sha256, i.format, i.imported_at,
                   i.rows_read, i.rows_stored, i.replaced, i.totals, i.notes, i.parquet,
                   (SELECT count(*) FROM slices s WHERE s.import_id = i.import_id AND s.active),
                   (SELECT count(*) FROM slices s WHERE s.import_id = i.import_id)
            FROM imports i ORDER BY i.imported_at, i.import_id
            """
        ).fetchall()
        out = []
        for r in rows:
            active, total = int(r[12]), int(r[13])
            if r[11] is None:
                status = "loaded"
            else:
                status = "active" if active else ("superseded" if total else "active")
            out.append(
                ImportRecord(
                    import_id=r[0],
                    file_name=r[1],
                    file_path=r[2],
                    sha256=r[3],
                    format=r[4],
                    imported_at=r[5],
                    rows_read=int(r[6]),
                    rows_stored=int(r[7]),
                    status=status,
                    replaced=list(r[8] or []),
                    totals=[
                        CurrencyTotal(x["currency"], Decimal(x["source"]), Decimal(x["ledger"]))
                        for x in json.loads(r[9] or "[]")
                    ],
                    notes=json.loads(r[10] or "{}"),
                    active_slices=active,
                )
            )
        return out

    def remove_orphans(self) -> None:
        """Delete Parquet files that no committed import names (left by an interrupted import)."""
        named = {r[0] for r in self.con.execute("SELECT parquet FROM imports").fetchall()}
        for directory in (self.costs_dir, self.metrics_dir):
            for p in directory.glob("*.parquet*"):
                if p.name not in named:
                    remove_path(p)
