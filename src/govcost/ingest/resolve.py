"""Who a cost row belongs to (account map, then tags) and what it is in yen (FX rates).

Tag keys read when the account map is silent (with or without AWS's ``user:`` prefix):
``municipality_code``, ``business``, ``environment``, ``system_id``, ``usage``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from govcost.errors import InputError, LedgerError
from govcost.jp.businesses import ALL_BUSINESSES, ENVIRONMENTS, USAGE_ALIASES, USAGES
from govcost.jp.businesses import ENVIRONMENT_ALIASES as ENV_ALIASES
from govcost.schema.columns import JPY_SCALE, MONEY_PRECISION, RATE_SCALE
from govcost.spark import is_spark

if TYPE_CHECKING:
    from govcost.engine import Engine
    from govcost.ingest.source import SourceFile

TAG_KEYS = ("municipality_code", "business", "environment", "system_id", "usage")


@ibis.udf.scalar.builtin
def json_extract_string(value: str, path: str) -> str:  # type: ignore[empty-body]
    """DuckDB's json_extract_string."""


@ibis.udf.scalar.builtin
def get_json_object(value: str, path: str) -> str:  # type: ignore[empty-body]
    """Spark's json_extract_string."""


def json_field(value: ir.StringValue, key: str) -> ir.StringValue:
    """One member of a JSON object, as text (each engine's function, each its path syntax)."""
    if is_spark(value):
        return get_json_object(value, f"$['{key}']")
    return json_extract_string(value, f'$."{key}"')


def tag(tags: ir.StringValue, key: str) -> ir.StringValue:
    plain = json_field(tags, key)
    prefixed = json_field(tags, f"user:{key}")
    return ibis.coalesce(plain, prefixed).strip().nullif("")


def valid_code(code: ir.StringValue) -> ir.BooleanValue:
    """The check digit rule of the local government code, in the query (see govcost.jp.codes)."""
    d = [code.substr(i, 1).try_cast("int32") for i in range(6)]
    s = d[0] * 6 + d[1] * 5 + d[2] * 4 + d[3] * 3 + d[4] * 2
    return code.re_search(r"^[0-9]{6}$") & (((11 - s % 11) % 10) == d[5])


def _normalise(value: ir.StringValue, allowed: tuple[str, ...], aliases: dict[str, str]) -> ir.StringValue:
    lowered = value.lower()
    mapping: dict[Any, Any] = {a: a for a in allowed}
    mapping.update(aliases)
    return lowered.substitute(mapping, else_=ibis.null("string")).cast("string")


#: The column every stored row carries: a hash of its import and of what decides its owner and
#: rate. The ledger's view joins it with the ``resolutions`` table.
RESOLUTION_KEY = "_rkey"
RESOLVED = (
    "municipality_code",
    "business",
    "environment",
    "system_id",
    "usage",
    "assignment",
    "fx_jpy_per_unit",
)


def _keys(table: ir.Table) -> dict[str, ir.Value]:
    """What decides a row's owner and rate: provider, account, tags, billing month, currency."""
    return {
        "_k_provider": table.provider.fill_null(""),
        "_k_account": ibis.coalesce(table.SubAccountId, table.BillingAccountId).fill_null(""),
        "_k_tags": table.Tags.fill_null(""),
        "_k_month": table.BillingPeriodStart.truncate("M").cast("date"),
        "_k_currency": table.BillingCurrency.fill_null(""),
    }


@ibis.udf.scalar.builtin
def xxhash64(value: str) -> int:  # type: ignore[empty-body]
    """Spark's 64-bit hash (its ``hash`` has 32 bits: too few for a ledger's keys)."""


def resolution_key(table: ir.Table) -> ir.IntegerValue:
    """A 64-bit hash (BIGINT) of the import and the keys; a collision fails the import."""
    keys = {"import_id": table.import_id, **_keys(table)}
    if is_spark(table):
        return xxhash64(ibis.struct(keys).cast("string")).cast("int64")
    return ibis.struct(keys).hash()


def _resolve_keys(engine: Engine, keys: ir.Table) -> ir.Table:
    """Owner (account map first, then tags) and FX rate of each distinct key."""
    amap = engine.ibis.table("account_map")
    amap = amap.select(
        _m_provider=amap.provider,
        _m_account=amap.account_id,
        _m_code=amap.municipality_code,
        _m_business=amap.business,
        _m_environment=amap.environment,
        _m_system=amap.system_id,
        _m_usage=amap.usage,
    )
    fx = engine.ibis.table("fx_rates")
    fx = fx.select(_fx_month=fx.month, _fx_currency=fx.currency, _fx_rate=fx.jpy_per_unit)
    joined = (
        keys.left_join(amap, [keys._k_provider == amap._m_provider, keys._k_account == amap._m_account])
        .left_join(fx, [keys._k_month == fx._fx_month, keys._k_currency == fx._fx_currency])
        .select(
            keys,
            amap._m_code,
            amap._m_business,
            amap._m_environment,
            amap._m_system,
            amap._m_usage,
            fx._fx_rate,
        )
    )
    tags = joined._k_tags.nullif("")
    tag_code = tag(tags, "municipality_code")
    code_ok = valid_code(tag_code).fill_null(False)
    tag_business = tag(tags, "business")
    one = ibis.literal(1).cast(dt.Decimal(18, RATE_SCALE))
    return joined.select(
        joined[RESOLUTION_KEY],
        municipality_code=ibis.coalesce(joined._m_code, ibis.ifelse(code_ok, tag_code, ibis.null("string"))),
        business=ibis.coalesce(
            joined._m_business,
            ibis.ifelse(tag_business.isin(list(ALL_BUSINESSES)), tag_business, ibis.null("string")),
        ),
        environment=ibis.coalesce(
            joined._m_environment, _normalise(tag(tags, "environment"), ENVIRONMENTS, ENV_ALIASES)
        ),
        system_id=ibis.coalesce(joined._m_system, tag(tags, "system_id")),
        usage=ibis.coalesce(joined._m_usage, _normalise(tag(tags, "usage"), USAGES, USAGE_ALIASES)),
        assignment=ibis.cases((joined._m_code.notnull(), "account_map"), (code_ok, "tags"), else_="none"),
        fx_jpy_per_unit=ibis.ifelse(joined._k_currency == "JPY", one, joined._fx_rate).cast(
            dt.Decimal(18, RATE_SCALE)
        ),
    )


def resolution_table(engine: Engine, written: ir.Table) -> ir.Table:
    """Owner and rate of each distinct key of a written import, as a temporary table.

    A few thousand keys stand for millions of rows, so tags are parsed once per key, and a changed
    account map or rate table touches this table only, never the rows.
    """
    # The stored columns first, then the keys made of them: a million rows' coalesces and month
    # truncations become a few thousand.
    stored = written.select(
        RESOLUTION_KEY,
        "provider",
        "SubAccountId",
        "BillingAccountId",
        "Tags",
        "BillingPeriodStart",
        "BillingCurrency",
    ).distinct()
    keys = stored.select(RESOLUTION_KEY, **_keys(stored)).distinct()
    engine.refresh_catalog()
    name = f"_resolution_{uuid.uuid4().hex}"
    # Made in one step: the account map and the rates are unique on what they are joined on, so
    # each key stays one row, and two rows with one key are a collision.
    resolved = engine.temp_table(name, _resolve_keys(engine, keys))
    (counts,) = engine.rows(
        resolved.aggregate(keys=resolved[RESOLUTION_KEY].nunique(), rows=resolved.count())
    )
    if counts["keys"] != counts["rows"]:
        engine.drop_temp(name)
        raise LedgerError("ledger.key_collision")
    return resolved


def unassigned(engine: Engine, written: ir.Table, resolution: ir.Table) -> tuple[int, Decimal]:
    """Rows that neither the file, the account map nor tags give to a municipality, and their yen."""
    joined = written.left_join(resolution, written[RESOLUTION_KEY] == resolution[RESOLUTION_KEY]).select(
        written.BilledCost,
        file_code=written.municipality_code,
        code=resolution.municipality_code,
        rate=resolution.fx_jpy_per_unit,
    )
    lost = joined.filter(joined.file_code.isnull() & joined.code.isnull())
    jpy = (lost.BilledCost * lost.rate).cast(dt.Decimal(MONEY_PRECISION, JPY_SCALE))
    (row,) = engine.rows(lost.aggregate(n=lost.count(), jpy=jpy.sum()))
    return int(row["n"]), row["jpy"] or Decimal(0)


def check_fx_rates(engine: Engine, src: SourceFile, groups: list[dict[str, Any]]) -> None:
    """Every non-yen currency needs a rate for every billing month it appears in."""
    needed: dict[str, set[str]] = {}
    for g in groups:
        cur = g["_currency"]
        if cur and cur != "JPY" and g["_month"] is not None:
            needed.setdefault(cur, set()).add(g["_month"].strftime("%Y-%m"))
    if not needed:
        return
    have = {
        (str(m)[:7], c)
        for m, c in engine.ledger.con.execute("SELECT month, currency FROM fx_rates").fetchall()
    }
    for cur in sorted(needed):
        missing = sorted(m for m in needed[cur] if (m, cur) not in have)
        if missing:
            raise InputError("fx.missing_rate", file=src.name, currency=cur, months=", ".join(missing))
