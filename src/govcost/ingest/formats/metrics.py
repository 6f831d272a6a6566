"""Utilisation metrics: one row per resource, time and metric, as CloudWatch or a monitoring tool
exports them (docs/metrics.md).

Columns ``resource_id,timestamp,metric,value`` (others are ignored), as CSV (UTF-8 or UTF-8 with
BOM, optionally gzipped) or Parquet. ``timestamp`` is ISO 8601 (an offset or ``Z``; none means UTC)
or a Parquet timestamp; it is stored in UTC. The rules read ``cpu_percent``, ``memory_percent``,
``disk_used_gb`` and ``network_bytes``; CloudWatch's ``CPUUtilization`` and ``mem_used_percent``
are stored as ``cpu_percent`` and ``memory_percent``; any other lowercase snake_case name is kept,
not used by the rules. A name ending ``_percent`` must be 0–100, one ending ``_gb`` or ``_bytes``
must not be negative.

The rows are written, typed, to ``metrics/<import_id>.parquet`` in one streaming DuckDB pass (a
value that does not parse is written as null); the checks then read that file's columns, and a
second, ordered scan of the source names the row and column only when one fails. Each resource and
UTC month is a slice ``metrics|<resource_id>|<YYYY-MM>``: a newer export of the same resource-month
replaces the older one's rows for it. The import becomes visible in one transaction, like a cost
import, and the same file twice is ``unchanged``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import ibis
import ibis.expr.datatypes as dt_
import ibis.expr.types as ir

from govcost.errors import InputError, ReconciliationError
from govcost.ingest.base import IMPORTERS, Importer, ImportReport, Progress
from govcost.ingest.costs import explain_duckdb_error, read_csv_text
from govcost.ingest.source import Fingerprint
from govcost.ledger.store import METRICS_FORMAT, new_import_id, new_record

if TYPE_CHECKING:
    from govcost.engine import Engine
    from govcost.ingest.source import SourceFile

MANDATORY = ("resource_id", "timestamp", "metric", "value")
#: The metric names the optimisation rules read, with their unit.
KNOWN: dict[str, str] = {
    "cpu_percent": "%",
    "memory_percent": "%",
    "disk_used_gb": "GB",
    "network_bytes": "bytes",
}
#: CloudWatch's names for the same measurements.
ALIASES: dict[str, str] = {"CPUUtilization": "cpu_percent", "mem_used_percent": "memory_percent"}
NAME_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
_NAME = re.compile(NAME_PATTERN)
PERCENT_SUFFIX = "_percent"
NON_NEGATIVE_SUFFIXES = ("_gb", "_bytes")
SLICE_PREFIX = "metrics|"

_EXPECTED = {
    "input.null_mandatory": "空でない値",
    "input.bad_timestamp": "ISO 8601 日時 (例: 2025-04-01T00:00:00Z)",
    "input.bad_decimal": "数値 (例: 12.5)",
    "metrics.bad_name": "snake_case の名前 (例: cpu_percent)",
    "metrics.out_of_range": "0〜100",
    "metrics.negative": "0 以上",
}


def metric_name(name: str) -> str:
    """The stored name of a metric as written in a file (CloudWatch aliases mapped)."""
    return ALIASES.get(name, name)


def valid_name(name: str) -> bool:
    return bool(_NAME.match(name))


def _text(raw: ir.Table, name: str) -> ir.StringValue:
    """A raw column as text, empty meaning null. Not trimmed: exports do not pad values, the casts
    to numbers and times accept surrounding blanks, and a trim of every row costs a parse."""
    col = raw[name]
    if not col.type().is_string():
        col = col.cast("string")
    return col.nullif("")


def _timestamp(raw: ir.Table) -> ir.TimestampValue:
    """UTC, naive: a Parquet timestamp converted, text parsed as ISO 8601 (no offset = UTC)."""
    col = raw["timestamp"]
    if col.type().is_timestamp() or col.type().is_date():
        return col.cast(dt_.Timestamp())
    return _text(raw, "timestamp").try_cast(dt_.Timestamp(timezone="UTC")).cast(dt_.Timestamp())


def _value(raw: ir.Table) -> ir.FloatingValue:
    """The value as DOUBLE, null where the text is not a number (NaN and infinity are found by the
    checks, on the written column)."""
    col = raw["value"]
    if col.type().is_numeric() and not col.type().is_boolean():
        return col.cast("float64")
    return _text(raw, "value").try_cast("float64")


def _metric(raw: ir.Table) -> ir.StringValue:
    m = _text(raw, "metric")
    return m.substitute(ALIASES, else_=m)


def typed(raw: ir.Table, **more: ir.Value) -> ir.Table:
    """The four columns typed, each raw column read once (the slice key is built on top of these,
    not on a second copy of the parse)."""
    return raw.select(
        resource_id=_text(raw, "resource_id"),
        timestamp=_timestamp(raw),
        metric=_metric(raw),
        value=_value(raw),
        **more,
    )


def _finite(v: ir.FloatingValue) -> ir.BooleanValue:
    return ~(v.isnan() | v.isinf())


def _blank(v: ir.StringValue) -> ir.BooleanValue:
    return v.isnull() | (v.strip() == "")


@IMPORTERS.register("metrics")
class MetricsImporter(Importer):
    """Utilisation metrics (CloudWatch or a vendor's monitoring): resource, time, metric, value."""

    label = "稼働率メトリクス"
    priority = 30

    @classmethod
    def detect(cls, header: list[str]) -> bool:
        # Three of the four columns are enough to say it is meant as metrics: a missing fourth is
        # then reported by name rather than as an unknown format.
        return len(set(MANDATORY) & {h.strip() for h in header}) >= 3

    def run(self, engine: Engine, src: SourceFile, progress: Progress) -> ImportReport:
        ledger = engine.ledger
        header = [h.strip() for h in src.header]
        missing = [c for c in MANDATORY if c not in header]
        if missing:
            raise InputError("input.missing_columns", file=src.name, row=1, columns=", ".join(missing))
        fingerprint = Fingerprint(src)
        if ledger.has_import_of_size(src.path.stat().st_size):
            sha, _ = fingerprint.result()
            same = ledger.find_unchanged(sha, "")
            if same:
                return ImportReport(src.name, self.key, "unchanged", same)
        else:
            fingerprint.start()
        import_id = new_import_id()
        tmp = ledger.temp_metrics_path(import_id)
        try:
            return self._import(engine, src, progress, fingerprint, import_id, tmp)
        finally:
            tmp.unlink(missing_ok=True)

    # --- reading ------------------------------------------------------------------------
    def read_raw(self, engine: Engine, src: SourceFile) -> ir.Table:
        """The file as DuckDB reads it: CSV as text columns, Parquet with its own types."""
        con = engine.ibis
        if src.container == "parquet":
            t = con.read_parquet(str(src.path))
            return t.rename({c.strip(): c for c in t.columns if c.strip() != c})
        if src.container != "csv":
            raise InputError(
                "input.unknown_format", file=src.name, expected="CSV / Parquet", found=src.container
            )
        if src.encoding != "utf-8-sig":
            raise InputError("metrics.encoding", file=src.name, expected="UTF-8", found=src.encoding)
        return read_csv_text(engine, src)

    # --- the import ---------------------------------------------------------------------
    def _import(
        self,
        engine: Engine,
        src: SourceFile,
        progress: Progress,
        fingerprint: Fingerprint,
        import_id: str,
        tmp: Path,
    ) -> ImportReport:
        ledger = engine.ledger
        progress("read")
        try:
            raw = self.read_raw(engine, src)
            t = typed(raw)
            table = t.mutate(
                import_id=ibis.literal(import_id),
                slice_key=ibis.literal(SLICE_PREFIX).concat(
                    t.resource_id, "|", t.timestamp.strftime("%Y-%m")
                ),
            )
            progress("write")
            ledger.con.execute("SET preserve_insertion_order = false")
            try:
                engine.ibis.to_parquet(table, tmp, compression="zstd")
            finally:
                ledger.con.execute("SET preserve_insertion_order = true")
        except duckdb.Error as exc:
            err = explain_duckdb_error(exc, src)
            if err.key == "input.encoding":
                err = InputError("metrics.encoding", file=src.name, row=err.row, expected="UTF-8")
            raise err from exc

        progress("check")
        written = engine.ibis.read_parquet(str(tmp))
        per_metric = self._per_metric(written)
        rows_stored = sum(g["n"] for g in per_metric)
        if rows_stored == 0:
            raise InputError("input.empty", file=src.name)
        resources = self._resources(written)
        if self._any_bad(per_metric, resources):
            raise self._locate(engine, src)
        self._check_duplicates(engine, src, written, rows_stored)
        sha, lines = fingerprint.result()
        same = ledger.find_unchanged(sha, "")
        if same:
            return ImportReport(src.name, self.key, "unchanged", same)

        progress("reconcile")
        stored = {g["metric"]: int(g["n"]) for g in per_metric}
        rows_read = self._rows_read(raw, src, lines, rows_stored)
        if rows_read != rows_stored:
            raise ReconciliationError("reconcile.rows", file=src.name, read=rows_read, stored=rows_stored)
        source = self._source_counts(raw)
        for name in sorted(set(source) | set(stored)):
            if source.get(name, 0) != stored.get(name, 0):
                raise ReconciliationError(
                    "metrics.reconcile_metric",
                    file=src.name,
                    metric=name,
                    source=source.get(name, 0),
                    stored=stored.get(name, 0),
                )
        slice_keys = self._slices(written)
        notes = self._notes(per_metric, len(resources))
        final = ledger.metrics_parquet_path(import_id)
        tmp.rename(final)
        try:
            record = new_record(
                src.path,
                sha,
                METRICS_FORMAT,
                rows_read,
                rows_stored,
                "imported",
                engine.batch_id,
                import_id=import_id,
                notes=notes,
            )
            with ledger.transaction() as con:
                replaced = ledger.log_import(con, record, "", final.name, slice_keys)
        except BaseException:
            final.unlink(missing_ok=True)
            raise
        engine.changed()
        return ImportReport(
            src.name,
            self.key,
            "replaced" if replaced else "imported",
            import_id,
            rows_read,
            rows_stored,
            replaced=replaced,
            notes=notes,
        )

    # --- checks on the written file -----------------------------------------------------
    def _per_metric(self, written: ir.Table) -> list[dict[str, Any]]:
        """Per stored metric name: rows, non-null counts, values that are not finite, value and time
        range."""
        v = written.value
        return (
            written.group_by("metric")
            .aggregate(
                n=written.count(),
                timestamps=written.timestamp.count(),
                values=v.count(),
                not_finite=(~_finite(v)).cast("int64").sum(),
                lo=v.min(),
                hi=v.max(),
                first=written.timestamp.min(),
                last=written.timestamp.max(),
            )
            .order_by("metric")
            .to_pyarrow()
            .to_pylist()
        )

    @staticmethod
    def _resources(written: ir.Table) -> list[str | None]:
        """The distinct resource ids (a few thousand for millions of rows): blank ones are checked
        here, once each, rather than on every row."""
        ids = written.select("resource_id").distinct().to_pyarrow()
        return list(ids.column("resource_id").to_pylist())

    @staticmethod
    def _any_bad(per_metric: list[dict[str, Any]], resources: list[str | None]) -> bool:
        if any(r is None or not r.strip() for r in resources):
            return True
        for g in per_metric:
            name = g["metric"]
            if name is None or not valid_name(name):
                return True
            if not g["n"] == g["timestamps"] == g["values"] or g["not_finite"]:
                return True
            if name.endswith(PERCENT_SUFFIX) and (g["lo"] < 0 or g["hi"] > 100):
                return True
            if name.endswith(NON_NEGATIVE_SUFFIXES) and g["lo"] < 0:
                return True
        return False

    def _check_duplicates(self, engine: Engine, src: SourceFile, written: ir.Table, rows: int) -> None:
        """One row per resource, time and metric. Distinct 64-bit hashes of the key are counted first
        (cheap); only if some coincide are the keys themselves compared, on the source."""
        key = ibis.struct(
            {"resource_id": written.resource_id, "timestamp": written.timestamp, "metric": written.metric}
        ).hash()
        distinct = int(written.aggregate(n=key.nunique()).to_pyarrow().to_pylist()[0]["n"])
        if distinct != rows:
            err = self._locate_duplicate(engine, src)
            if err is not None:
                raise err

    # --- naming the row (error path only) -------------------------------------------------
    def _numbered(self, engine: Engine, src: SourceFile) -> ir.Table:
        raw = self.read_raw(engine, src)
        # The spreadsheet row a person would look for: the header is row 1.
        return raw.mutate(_line=ibis.row_number() + 2)

    def _locate(self, engine: Engine, src: SourceFile) -> InputError:
        """The first row of the source that breaks a rule, with its column and value."""
        raw = self._numbered(engine, src)
        t = typed(raw, _line=raw["_line"], **{f"_raw_{c}": raw[c].cast("string") for c in MANDATORY})
        metric, value = t.metric, t.value
        non_negative = ibis.or_(*[metric.endswith(s) for s in NON_NEGATIVE_SUFFIXES])
        rules: list[tuple[str, str, ir.BooleanValue]] = [
            ("input.null_mandatory", "resource_id", _blank(t.resource_id)),
            ("input.null_mandatory", "timestamp", t._raw_timestamp.nullif("").isnull()),
            ("input.bad_timestamp", "timestamp", t.timestamp.isnull()),
            ("input.null_mandatory", "metric", metric.isnull()),
            ("metrics.bad_name", "metric", ~metric.re_search(NAME_PATTERN)),
            ("input.null_mandatory", "value", t._raw_value.nullif("").isnull()),
            ("input.bad_decimal", "value", value.isnull() | ~_finite(value)),
            (
                "metrics.out_of_range",
                "value",
                metric.endswith(PERCENT_SUFFIX) & ((value < 0) | (value > 100)),
            ),
            ("metrics.negative", "value", non_negative & (value < 0)),
        ]
        broken = ibis.cases(*[(pred.fill_null(False), i) for i, (_, _, pred) in enumerate(rules)])
        found = t.mutate(_rule=broken)
        hit = found.filter(found._rule.notnull()).order_by("_line").limit(1).to_pyarrow().to_pylist()
        if not hit:
            # The written file and the source disagree: the reader failed somewhere unseen.
            return InputError("input.truncated", file=src.name)
        row = hit[0]
        key, column, _ = rules[row["_rule"]]
        params: dict[str, Any] = {}
        if key in ("metrics.out_of_range", "metrics.negative"):
            params["metric"] = row["metric"]
        return InputError(
            key,
            file=src.name,
            row=int(row["_line"]),
            column=column,
            expected=_EXPECTED.get(key),
            found=row[f"_raw_{column}"],
            **params,
        )

    def _locate_duplicate(self, engine: Engine, src: SourceFile) -> InputError | None:
        """The first row that repeats an earlier row's resource, time and metric (as stored: the
        same instant in another offset, or a CloudWatch alias, is the same key)."""
        raw = self._numbered(engine, src)
        keyed = typed(raw, _line=raw["_line"])
        w = ibis.window(group_by=[keyed.resource_id, keyed.timestamp, keyed.metric])
        keyed = keyed.mutate(_first=keyed._line.min().over(w))
        hit = keyed.filter(keyed._line > keyed._first).order_by("_line").limit(1).to_pyarrow().to_pylist()
        if not hit:
            return None  # two keys with the same hash, no duplicate
        row = hit[0]
        return InputError(
            "metrics.duplicate",
            file=src.name,
            row=int(row["_line"]),
            column=", ".join(MANDATORY[:3]),
            expected="リソース・日時・メトリクスごとに1行",
            found=f"{row['resource_id']}, {row['timestamp']:%Y-%m-%dT%H:%M:%SZ}, {row['metric']}",
            first_row=int(row["_first"]),
        )

    # --- reconciliation -----------------------------------------------------------------
    @staticmethod
    def _rows_read(raw: ir.Table, src: SourceFile, lines: int | None, rows_stored: int) -> int:
        """The source's row count, not from the reader: lines of text, or the Parquet footer."""
        if src.container == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(src.path).metadata.num_rows)
        if lines is None or lines != rows_stored:
            # Blank lines, or quoted fields with line breaks: count the records themselves.
            return int(raw.count().to_pyarrow().as_py())
        return lines

    @staticmethod
    def _source_counts(raw: ir.Table) -> dict[str, int]:
        """Rows per metric as the source names them, mapped here (not in the query) to stored names."""
        m = raw["metric"]
        name = (m if m.type().is_string() else m.cast("string")).name("name")
        rows = raw.group_by(name).aggregate(n=raw.count()).to_pyarrow().to_pylist()
        out: dict[str, int] = {}
        for r in rows:
            stored = metric_name(r["name"] or "")
            out[stored] = out.get(stored, 0) + int(r["n"])
        return out

    @staticmethod
    def _slices(written: ir.Table) -> list[str]:
        keys = written.select("slice_key").distinct().order_by("slice_key").to_pyarrow()
        return [str(k) for k in keys.column("slice_key").to_pylist()]

    @staticmethod
    def _notes(per_metric: list[dict[str, Any]], resources: int) -> dict[str, Any]:
        first: dt.datetime = min(g["first"] for g in per_metric)
        last: dt.datetime = max(g["last"] for g in per_metric)
        names = {g["metric"]: int(g["n"]) for g in per_metric}
        notes: dict[str, Any] = {
            "metrics": names,
            "resources": resources,
            "from": first.isoformat(),
            "to": last.isoformat(),
        }
        kept = sorted(n for n in names if n not in KNOWN)
        if kept:
            notes["kept_not_used"] = kept
        return notes
