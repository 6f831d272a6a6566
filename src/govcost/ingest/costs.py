"""The shared path of every cost importer: read → write → check → resolve → reconcile → commit.

A format module says only what is particular to it: which raw columns it needs, which checks
they must pass, how its columns become ledger columns. Everything else happens here, once, for
all of them: one pass over the source writes the rows typed, each with the first check it breaks
and the source's own amount beside it; the checks, totals, owners (account map, tags) and FX rates
are then read from that file's columns, and the import becomes visible in one transaction only if it
reconciles to the digit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import duckdb
import ibis
import ibis.expr.datatypes as dt_
import ibis.expr.operations as ops
import ibis.expr.types as ir

from govcost.errors import GovcostError, InputError, ReconciliationError
from govcost.ingest.base import Importer, ImportReport, Progress
from govcost.ingest.resolve import (
    RESOLUTION_KEY,
    check_fx_rates,
    resolution_key,
    resolution_table,
    unassigned,
)
from govcost.ingest.source import Fingerprint
from govcost.ledger.store import CurrencyTotal, new_import_id, new_record
from govcost.schema import FOCUS_COLUMNS, LEDGER_COLUMN_NAMES
from govcost.schema.columns import MONEY_PRECISION, MONEY_SCALE
from govcost.spark import ROW_ORDER, engine_errors, is_spark, remove_path

if TYPE_CHECKING:
    from govcost.engine import Engine
    from govcost.ingest.source import SourceFile

CheckKind = Literal["money", "decimal", "timestamp", "required", "allowed", "json", "within", "currency"]
#: Enough places to see any digit a provider writes: used to compare, never stored.
WIDE = dt_.Decimal(38, 18)
MONEY = dt_.Decimal(MONEY_PRECISION, MONEY_SCALE)
#: Stored beside each row and hidden by the ledger's view: the source's own amount (for the
#: reconciliation) and the number of the first check the row breaks (null when it breaks none).
SOURCE_AMOUNT = "_source_amount"
FLAG = "_bad"
#: Extension columns a file itself may fill (cost lines do); the ledger's view takes the owner from
#: the account map or tags where these are null.
STORED_EXTENSIONS = (
    "municipality_code",
    "business",
    "environment",
    "system_id",
    "usage",
    "cost_source",
    "provider",
)


@dataclass(frozen=True)
class Check:
    """A rule every value of one raw column must keep."""

    column: str
    kind: CheckKind
    allowed: tuple[str, ...] = ()
    #: For ``within``: the raw columns of the period's start and end.
    period: tuple[str, str] = ("", "")


def text(raw: ir.Table, name: str) -> ir.StringValue:
    """A raw column as text, empty meaning null. Not trimmed: exports do not pad values, the
    casts to numbers and dates accept surrounding blanks anyway, and a trim of every column of
    every row costs as much as parsing the file."""
    col = raw[name]
    if not (col.type().is_string() and not col.type().is_json()):
        col = col.cast("string")
    elif _reads_empty_as_null(raw):
        return col
    return col.nullif("")


#: The name prefix of the views :func:`read_csv_text` makes on DuckDB.
CSV_VIEW_PREFIX = "_csv_text_"


def _reads_empty_as_null(raw: ir.Table) -> bool:
    """Whether the table is one of :func:`read_csv_text`'s views, whose reader already reads an
    empty value (quoted or not) as null: a NULLIF on each of its columns would compare every
    value of the file once more for nothing."""
    op = raw.op()
    return isinstance(op, ops.DatabaseTable) and op.name.startswith(CSV_VIEW_PREFIX)


def as_money(raw: ir.Table, name: str) -> ir.DecimalValue:
    return text(raw, name).try_cast(MONEY)


@ibis.udf.scalar.builtin
def epoch_us(value: dt_.timestamp) -> int:  # type: ignore[empty-body]
    """DuckDB's epoch_us: an instant's microseconds since 1970 (null for ±infinity)."""


@ibis.udf.scalar.builtin
def make_timestamp(micros: int) -> dt_.timestamp:
    """DuckDB's make_timestamp: microseconds since 1970 as a timestamp without zone."""


def as_timestamp(raw: ir.Table, name: str) -> ir.TimestampValue:
    """Any ISO 8601 form (offset or 'Z' included), as a UTC timestamp."""
    instant = text(raw, name).try_cast(dt_.Timestamp(timezone="UTC"))
    if is_spark(instant):
        return instant.cast(dt_.Timestamp())
    # The ledger's session zone is UTC, so an instant's microseconds are its UTC wall clock: read
    # as such, not through ICU's calendar (which costs more than the parse). ±infinity, which
    # has no epoch, takes the cast.
    return ibis.coalesce(make_timestamp(epoch_us(instant)), instant.cast(dt_.Timestamp()))


def _bad(raw: ir.Table, check: Check) -> list[tuple[str, ir.BooleanValue]]:
    """(message key, predicate true on a bad value) pairs for one check."""
    v = text(raw, check.column)
    present = v.notnull()
    if check.kind == "required":
        return [("input.null_mandatory", v.isnull())]
    if check.kind == "decimal":
        return [("input.bad_decimal", present & v.try_cast(WIDE).isnull())]
    if check.kind == "money":
        wide = v.try_cast(WIDE)
        return [
            ("input.bad_decimal", present & wide.isnull()),
            ("input.too_precise", wide.round(MONEY_SCALE) != wide),
        ]
    if check.kind == "timestamp":
        return [("input.bad_timestamp", present & as_timestamp(raw, check.column).isnull())]
    if check.kind == "allowed":
        return [("input.bad_value", present & ~v.isin(list(check.allowed)))]
    if check.kind == "currency":
        return [("input.bad_value", present & ~v.re_search(r"^[A-Z]{3}$"))]
    if check.kind == "json":
        return [("input.bad_value", present & ~_json_valid(v))]
    if check.kind == "within":
        ts = as_timestamp(raw, check.column)
        lo, hi = (as_timestamp(raw, c) for c in check.period)
        # Providers bill late usage in the next period (OCI's FOCUS sample does), so a charge may
        # start up to one month before its billing period, never after it ends.
        early = ts < lo - ibis.interval(months=1)
        return [("input.outside_period", ts.notnull() & lo.notnull() & hi.notnull() & (early | (ts >= hi)))]
    raise ValueError(check.kind)


#: The rules one stored flag stands for: (check, message key, predicate true on a bad value).
Flag = list[tuple[Check, str, ir.BooleanValue]]


def _flags(raw: ir.Table, checks: list[Check]) -> list[Flag]:
    """One flag per column: its rules are evaluated together, since each one evaluated costs as much
    per row as writing a column (a column's "required" joins its type check)."""
    by_column: dict[str, Flag] = {}
    for check in checks:
        by_column.setdefault(check.column, []).extend((check, key, pred) for key, pred in _bad(raw, check))
    return list(by_column.values())


def _any(raw: ir.Table, flag: Flag) -> ir.BooleanValue:
    """True where any rule of the flag is broken, with as few evaluations as possible."""
    out: ir.BooleanValue | None = None
    seen: list[Check] = []
    for check, _, pred in flag:
        if check in seen:
            continue
        seen.append(check)
        if check.kind == "money":
            # Unparsable (null) or more places than stored: the stored value (the mapping's own
            # cast, so computed once) widened back differs from the wide one. Widening multiplies,
            # where rounding a 128-bit decimal divides, at several times the cost.
            v = text(raw, check.column)
            wide = v.try_cast(WIDE)
            pred = ibis.coalesce(v.try_cast(MONEY).try_cast(WIDE) != wide, v.notnull())
        else:
            pred = _any_of([p for c, _, p in flag if c == check])
        out = pred if out is None else out | pred
    assert out is not None
    return out


def _any_of(preds: list[ir.BooleanValue]) -> ir.BooleanValue:
    out = preds[0]
    for pred in preds[1:]:
        out = out | pred
    return out


@ibis.udf.scalar.builtin
def json_valid(value: str) -> bool:  # type: ignore[empty-body]
    """DuckDB's json_valid."""


@ibis.udf.scalar.builtin
def try_parse_json(value: str) -> str:  # type: ignore[empty-body]
    """Spark's try_parse_json: null where the text is not JSON."""


def _json_valid(v: ir.StringValue) -> ir.BooleanValue:
    if is_spark(v):
        return try_parse_json(v).notnull()
    return json_valid(v)


_EXPECTED = {
    "input.bad_decimal": "数値 (例: 12.345)",
    "input.too_precise": f"小数点以下 {MONEY_SCALE} 桁以内",
    "input.bad_timestamp": "ISO 8601 日時 (例: 2025-04-01T00:00:00Z)",
    "input.null_mandatory": "空でない値",
    "input.outside_period": "請求期間内の日時",
}


class CostImporter(Importer):
    """Base of every importer whose rows are costs."""

    #: Raw columns that must be present (a file without them is rejected before any scan).
    mandatory: ClassVar[tuple[str, ...]] = ()
    #: Raw column whose sum, per currency, is the source total the ledger must equal.
    amount_column: ClassVar[str]
    #: Raw column of the billing currency; None for files in yen only.
    currency_column: ClassVar[str | None] = None
    #: Raw columns of the billing account and the billing period start (for grouping and slices).
    #: A format whose account column depends on the file sets it on the instance.
    account_column: str | None = None
    period_column: ClassVar[str]
    cost_source: ClassVar[str] = "cloud"

    def __init__(self) -> None:
        self.header: list[str] = []

    # --- what a format says -------------------------------------------------------------
    def missing_columns(self, header: list[str]) -> list[str]:
        return [c for c in self.mandatory if c not in header]

    def checks(self, header: list[str]) -> list[Check]:
        return []

    def read_raw(self, engine: Engine, src: SourceFile) -> ir.Table:
        """The file as a table of text columns (CSV and Parquet through DuckDB's readers, or
        Spark's)."""
        con = engine.ibis
        if src.container == "parquet" and engine.on_spark:
            from govcost.spark import read_parquet_text

            name = _raw_name()
            read_parquet_text(engine.spark, src.path, name)
            return con.table(name)
        if src.container == "parquet":
            t = con.read_parquet(str(src.path))
            return t.select(**{c: t[c].cast("string") for c in t.columns})
        if src.encoding != "utf-8-sig":
            raise InputError("input.encoding", file=src.name, expected="UTF-8", found=src.encoding)
        return read_csv_text(engine, src)

    def to_ledger(self, raw: ir.Table, src: SourceFile) -> dict[str, ir.Value]:
        """FOCUS and extension columns (typed) this format fills in; the rest become null."""
        raise NotImplementedError

    def extra_columns(self, header: list[str]) -> list[str]:
        """Raw columns kept as they are (prefixed ``x_``) because no ledger column holds them."""
        return []

    # --- the shared path ----------------------------------------------------------------
    def run(self, engine: Engine, src: SourceFile, progress: Progress) -> ImportReport:
        ledger = engine.ledger
        self.header = src.header
        missing = self.missing_columns(self.header)
        if missing:
            raise InputError("input.missing_columns", file=src.name, row=1, columns=", ".join(missing))
        digest = ledger.resolution_digest()
        fingerprint = Fingerprint(src)
        if ledger.has_import_of_size(src.path.stat().st_size):
            # Perhaps the same file again: hash it first, and skip the work if it is.
            sha, _ = fingerprint.result()
            same = ledger.find_unchanged(sha, digest)
            if same:
                return ImportReport(src.name, self.key, "unchanged", same)
        else:
            fingerprint.start()
        import_id = new_import_id()
        tmp = ledger.temp_parquet_path(import_id)
        try:
            return self._import(engine, src, progress, digest, fingerprint, import_id, tmp)
        finally:
            remove_path(tmp)

    def _import(
        self,
        engine: Engine,
        src: SourceFile,
        progress: Progress,
        digest: str,
        fingerprint: Fingerprint,
        import_id: str,
        tmp: Path,
    ) -> ImportReport:
        """One pass over the source writes the rows, typed, with the first check they break and the source
        amount beside them; everything after reads that file's columns, not the source."""
        ledger = engine.ledger
        progress("read")
        try:
            raw = self.read_raw(engine, src)
            checks = self.checks(self.header)
            # The period rule is checked on the written, typed columns (no second parse of three
            # dates a row); its raw form only names the row when it fails.
            within = [c for c in checks if c.kind == "within"]
            flags = _flags(raw, [c for c in checks if c.kind != "within"])
            mapped = self._ledger_table(raw, src, import_id, [_any(raw, f) for f in flags])
            progress("write")
            # The rows' order in the file does not matter (nothing refers to a position in it), and
            # not keeping it lets DuckDB stream the write in constant memory.
            ledger.con.execute("SET preserve_insertion_order = false")
            try:
                engine.write_parquet(mapped, tmp)
            finally:
                ledger.con.execute("SET preserve_insertion_order = true")
        except engine_errors() as exc:
            # A value the mapping cannot convert stops the write: name its row and column if a
            # check finds it, else say what the reader said.
            raise self._first_failure(raw, src, flags) or explain_duckdb_error(exc, src) from exc
        progress("check")
        written = engine.ibis.read_parquet(str(tmp))
        groups = self._groups(engine, written, len(flags))
        for i, flag in enumerate(flags):
            if any((g[f"bad{i}"] or 0) > 0 for g in groups):
                raise self._locate_first(raw, src, flag)
        if within and any(g["outside"] for g in groups):
            raise self._locate_first(raw, src, [(c, k, p) for c in within for k, p in _bad(raw, c)])
        rows_stored = sum(g["rows"] for g in groups)
        if rows_stored == 0:
            raise InputError("input.empty", file=src.name)
        self._check_currencies(engine, raw, src, groups)
        check_fx_rates(engine, src, groups)
        sha, lines = fingerprint.result()
        same = ledger.find_unchanged(sha, digest)
        if same:
            return ImportReport(src.name, self.key, "unchanged", same)

        progress("map")
        resolution = resolution_table(engine, written)
        progress("reconcile")
        rows_read = self._rows_read(engine, raw, src, lines, rows_stored)
        report, slice_keys = self._reconcile(engine, written, resolution, src, import_id, groups, rows_read)
        final = ledger.parquet_path(import_id)
        tmp.rename(final)
        try:
            record = new_record(
                src.path,
                sha,
                self.key,
                report.rows_read,
                report.rows_stored,
                "imported",
                engine.batch_id,
                import_id=import_id,
                totals=report.totals,
                notes=report.notes,
            )
            with ledger.transaction() as con:
                report.replaced = ledger.log_import(con, record, digest, final.name, slice_keys)
                _store_resolution(engine, con, resolution, import_id)
        except BaseException:
            remove_path(final)
            raise
        finally:
            engine.drop_temp(resolution.get_name())
        report.status = "replaced" if report.replaced else "imported"
        overlaps = ledger.same_period_in_other_formats(slice_keys, import_id)
        if overlaps:
            report.notes["same_period_other_format"] = overlaps
        engine.changed()
        return report

    def _first_failure(self, raw: ir.Table, src: SourceFile, flags: list[Flag]) -> InputError | None:
        try:
            counts = raw.aggregate(
                **{f"bad{i}": _any(raw, f).cast("int64").sum() for i, f in enumerate(flags)}
            )
            found = counts.to_pyarrow().to_pylist()[0] if flags else {}
        except engine_errors():
            return None
        for i, flag in enumerate(flags):
            if found.get(f"bad{i}"):
                return self._locate_first(raw, src, flag)
        return None

    def _locate_first(self, raw: ir.Table, src: SourceFile, flag: Flag) -> InputError:
        """Of a flag's rules, the one broken first in the file (error path only)."""
        errors = [self._locate(raw, src, check, key, pred) for check, key, pred in flag]
        found = [e for e in errors if e.row is not None]
        return min(found, key=lambda e: e.row or 0) if found else errors[0]

    def _groups(self, engine: Engine, written: ir.Table, checks: int) -> list[dict[str, Any]]:
        """Rows, source and ledger totals and bad-value counts per account, currency, month, slice."""
        start, lo, hi = written.ChargePeriodStart, written.BillingPeriodStart, written.BillingPeriodEnd
        outside = (start < lo - ibis.interval(months=1)) | (start >= hi)
        aggs: dict[str, ir.Value] = {
            "outside": outside.fill_null(False).cast("int64").sum(),
            "rows": written.count(),
            "source": written[SOURCE_AMOUNT].sum(),
            "ledger": written.BilledCost.sum(),
        }
        for i in range(checks):
            aggs[f"bad{i}"] = (written[FLAG] == i).cast("int64").sum()
        result = engine.rows(
            written.group_by(
                _currency=written.BillingCurrency,
                _account=written.BillingAccountId,
                _month=written.BillingPeriodStart.truncate("M"),
                slice_key=written.slice_key,
            ).aggregate(**aggs)
        )
        for g in result:
            g["source"] = g["source"] if g["source"] is not None else Decimal(0)
            g["ledger"] = g["ledger"] if g["ledger"] is not None else Decimal(0)
        return result

    def _rows_read(
        self, engine: Engine, raw: ir.Table, src: SourceFile, lines: int | None, rows_stored: int
    ) -> int:
        """The source's row count, not from the reader: lines of text, or the Parquet footer."""
        if src.container == "parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(src.path).metadata.num_rows)
        if "_source_row" in raw.columns or lines is None or lines != rows_stored:
            # In-memory tables, or quoted fields with line breaks: count the records themselves.
            return int(raw.count().to_pyarrow().as_py())
        return lines

    def _locate(
        self, raw: ir.Table, src: SourceFile, check: Check, key: str, pred: ir.BooleanValue
    ) -> InputError:
        """The first bad value's row, found by a second, ordered scan (only on the error path)."""
        if "_source_row" in raw.columns:
            numbered = raw.mutate(_line=raw["_source_row"].cast("int64"))
        elif ROW_ORDER in raw.columns:
            numbered = raw.mutate(_line=ibis.row_number().over(order_by=raw[ROW_ORDER]) + 2)
        else:
            numbered = raw.mutate(_line=ibis.row_number() + 2)
        hit = numbered.filter(pred).select("_line", check.column).order_by("_line").limit(1).execute()
        row = int(hit["_line"].iloc[0]) if len(hit) else None
        found = hit[check.column].iloc[0] if len(hit) else None
        expected = _EXPECTED.get(key)
        params: dict[str, Any] = {}
        if key == "input.too_precise":
            params["scale"] = MONEY_SCALE
        if check.kind == "allowed":
            expected = " / ".join(check.allowed)
        if check.kind == "currency":
            expected = "ISO 4217 通貨コード (例: USD, JPY)"
        if check.kind == "json":
            expected = "JSON オブジェクト"
        if check.kind == "within":
            expected = f"{check.period[0]} の1か月前以降、{check.period[1]} 未満"
        return InputError(
            key, file=src.name, row=row, column=check.column, expected=expected, found=found, **params
        )

    def _check_currencies(
        self, engine: Engine, raw: ir.Table, src: SourceFile, groups: list[dict[str, Any]]
    ) -> None:
        """One billing account bills in one currency: more than one in a file is a broken export."""
        by_account: dict[str, dict[str, int]] = {}
        for g in groups:
            counts = by_account.setdefault(g["_account"] or "", {})
            counts[g["_currency"] or ""] = counts.get(g["_currency"] or "", 0) + g["rows"]
        for account, currencies in by_account.items():
            if len(currencies) > 1 and self.currency_column:
                # The account's usual currency is the one most of its rows carry.
                first = max(currencies, key=lambda c: (currencies[c], c))
                cur = text(raw, self.currency_column)
                acct = text(raw, self.account_column) if self.account_column else ibis.literal("")
                pred = (acct.fill_null("") == account) & (cur.fill_null("") != first)
                check = Check(self.currency_column, "required")
                err = self._locate(raw, src, check, "input.mixed_currency", pred)
                err.params["currencies"] = ", ".join(sorted(c or "(空)" for c in currencies))
                err.expected = f"{account} は {first} のみ"
                err.args = (err.render("en"),)
                raise err

    def _ledger_table(
        self, raw: ir.Table, src: SourceFile, import_id: str, flags: list[ir.BooleanValue]
    ) -> ir.Table:
        """The rows as the ledger stores them, plus the source amount, the check flags and the key
        of their owner and rate (see :func:`govcost.ingest.resolve.resolution_key`)."""
        given = self.to_ledger(raw, src)
        cols: dict[str, ir.Value] = {}
        for c in FOCUS_COLUMNS:
            value = given.get(c.name)
            cols[c.name] = (value if value is not None else ibis.null()).cast(c.dtype)
        for name in STORED_EXTENSIONS:
            value = given.get(name)
            cols[name] = (value if value is not None else ibis.null()).cast("string")
        if given.get("cost_source") is None:
            cols["cost_source"] = ibis.literal(self.cost_source)
        keep = [c for c in self.extra_columns(self.header) if c not in LEDGER_COLUMN_NAMES]
        for name in keep:
            out = name if name.startswith("x_") else f"x_{name}"
            if out in cols or out in LEDGER_COLUMN_NAMES:
                continue
            cols[out] = raw[name].cast("string")
        if given.get("slice_key") is not None:
            cols["slice_key"] = given["slice_key"]
        cols["import_id"] = ibis.literal(import_id)
        cols[SOURCE_AMOUNT] = text(raw, self.amount_column).try_cast(WIDE)
        # One small column, null on a good row, rather than a column per check: a Parquet column
        # costs as much to write as the check costs to evaluate.
        cases = [(flag.fill_null(False), i) for i, flag in enumerate(flags)]
        cols[FLAG] = ibis.cases(*cases, else_=ibis.null("int16")) if cases else ibis.null("int16")
        table = raw.select(**cols)
        if given.get("slice_key") is None:
            table = table.mutate(
                slice_key=ibis.literal(self.key + "|").concat(
                    table.provider.fill_null(""),
                    "|",
                    table.BillingAccountId.fill_null(""),
                    "|",
                    table.BillingPeriodStart.strftime("%Y-%m"),
                )
            )
        return table.mutate(**{RESOLUTION_KEY: resolution_key(table)})

    def _reconcile(
        self,
        engine: Engine,
        written: ir.Table,
        resolution: ir.Table,
        src: SourceFile,
        import_id: str,
        groups: list[dict[str, Any]],
        rows_read: int,
    ) -> tuple[ImportReport, list[str]]:
        """Compare the written file with the source, per currency, to the digit; count what no
        account map or tag assigns."""
        source: dict[str, Decimal] = {}
        ledger_tot: dict[str, Decimal] = {}
        for g in groups:
            source[g["_currency"]] = source.get(g["_currency"], Decimal(0)) + g["source"]
            ledger_tot[g["_currency"]] = ledger_tot.get(g["_currency"], Decimal(0)) + g["ledger"]
        rows_stored = sum(g["rows"] for g in groups)
        totals = [
            CurrencyTotal(cur, source.get(cur, Decimal(0)), ledger_tot.get(cur, Decimal(0)))
            for cur in sorted(set(source) | set(ledger_tot))
        ]
        if rows_stored != rows_read:
            raise ReconciliationError("reconcile.rows", file=src.name, read=rows_read, stored=rows_stored)
        for tot in totals:
            if not tot.matches:
                raise ReconciliationError(
                    "reconcile.mismatch",
                    file=src.name,
                    currency=tot.currency,
                    source=tot.source,
                    ledger=tot.ledger,
                )
        unassigned_rows, unassigned_jpy = unassigned(engine, written, resolution)
        notes: dict[str, Any] = {}
        if unassigned_rows:
            notes["unassigned_rows"] = unassigned_rows
            notes["unassigned_jpy"] = str(unassigned_jpy)
        report = ImportReport(
            src.name,
            self.key,
            "imported",
            import_id,
            rows_read,
            rows_stored,
            totals,
            unassigned_rows=unassigned_rows,
            unassigned_jpy=unassigned_jpy,
            notes=notes,
        )
        return report, sorted({g["slice_key"] for g in groups})


def _raw_name() -> str:
    return f"_raw_{uuid.uuid4().hex}"


def read_csv_text(engine: Engine, src: SourceFile) -> ir.Table:
    """A UTF-8 CSV as text columns named by its header, read by DuckDB (or Spark) without guessing
    types."""
    if engine.on_spark:
        from govcost.spark import read_csv_text as spark_csv

        name = _raw_name()
        spark_csv(engine.spark, src.path, src.header, name)
        return engine.ibis.table(name)
    return engine.ibis.read_csv(
        str(src.path),
        table_name=f"{CSV_VIEW_PREFIX}{uuid.uuid4().hex}",
        all_varchar=True,
        header=True,
        delim=",",
        quote='"',
        escape='"',
        nullstr=["", "NULL"],
        # "" is null too: no value of the view is empty (see text()).
        allow_quoted_nulls=True,
        auto_detect=False,
        columns={name: "VARCHAR" for name in src.header},
    )


def _store_resolution(
    engine: Engine, con: duckdb.DuckDBPyConnection, resolution: ir.Table, import_id: str
) -> None:
    """The import's resolution rows into the catalog (through Arrow when Spark computed them)."""
    if not engine.on_spark:
        con.execute(f"INSERT INTO resolutions SELECT ?, * FROM {resolution.get_name()}", [import_id])
        return
    rows = resolution.to_pyarrow()
    con.register("_resolution_rows", rows)
    try:
        con.execute("INSERT INTO resolutions SELECT ?, * FROM _resolution_rows", [import_id])
    finally:
        con.unregister("_resolution_rows")


def explain_duckdb_error(exc: Exception, src: SourceFile) -> GovcostError:
    """A reader's failure in the user's terms: truncated, wrongly encoded or malformed."""
    import re

    msg = str(exc)
    line = None
    m = re.search(r"[Ll]ine:?\s*(\d+)", msg)
    if m:
        line = int(m.group(1))
    lowered = msg.lower()
    if "unicode" in lowered or "utf-8" in lowered or "utf8" in lowered:
        return InputError("input.encoding", file=src.name, row=line)
    if any(w in lowered for w in ("gzip", "zlib", "inflate", "compress", "magic bytes", "parquet", "footer")):
        return InputError("input.truncated", file=src.name, found=msg.splitlines()[0][:200])
    if "column" in lowered or "quote" in lowered or "csv" in lowered:
        return InputError("input.truncated", file=src.name, row=line, found=msg.splitlines()[0][:200])
    return InputError("input.truncated", file=src.name, found=msg.splitlines()[0][:200])
