"""The ledger with its shared costs allocated: FOCUS 1.3's split cost allocation, for municipalities.

:func:`allocated_costs` returns the ledger's rows (its schema's columns) where every row a rule
selects is replaced by the rule's *allocated charges*: per rule, month and cost source, one row per
member carrying the yen it pays (``allocated_cost_jpy``, also in ``BilledCost`` and
``billed_cost_jpy`` with ``BillingCurrency`` JPY) and the columns FOCUS 1.3 defines for this:

- ``AllocatedMethodId`` — the method (``equal``, ``population``, … ``fixed_variable``);
- ``AllocatedMethodDetails`` — ``{"Elements": [{"AllocatedRatio": r, "UsageUnit": basis,
  "UsageQuantity": key}, …], "x_RuleId": …, "x_SharedTotalJpy": …}``: one element per part of the
  method (two for ``fixed_variable``), the ratios of every member's elements adding up to 1;
- ``AllocatedResourceId`` — the municipality the cost is allocated to (its code);
- ``AllocatedTags`` — ``{"govcost/rule": id, "govcost/municipality_code": code}``.

A member's yen share is split among the rule-month's cost sources by the largest remainder too
(one cost source, the usual case: the whole share). The shares add up to the rule-month's total
rounded to the yen; the part of a yen between the two (the *unallocated portion* in FOCUS's words,
``AllocatedResourceId`` null) stays with the municipality the rows were registered to — the lead
municipality (幹事団体) that receives the invoice — so the view's total equals the ledger's exactly.
Rows no rule selects pass through with the Allocated columns null and ``allocated_cost_jpy`` equal
to ``billed_cost_jpy``. Columns a file added beyond the schema are not carried.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.datatypes as dt_
import pyarrow as pa

from govcost.allocate.allocate import AllocationResult, Part, allocate
from govcost.allocate.rules import RuleSet, load_rules, month_key
from govcost.allocate.shares import settle_to_yen
from govcost.messages import t
from govcost.schema.columns import COLUMNS, JPY_SCALE, MONEY_PRECISION

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from govcost.engine import Engine

ALLOCATED_COLUMNS: tuple[tuple[str, dt_.DataType], ...] = (
    ("AllocatedMethodId", dt_.String()),
    ("AllocatedMethodDetails", dt_.String()),
    ("AllocatedResourceId", dt_.String()),
    ("AllocatedTags", dt_.String()),
    ("allocated_cost_jpy", dt_.Decimal(MONEY_PRECISION, JPY_SCALE)),
)


def schema() -> ibis.Schema:
    """The view's columns: the ledger schema's, then the allocation's."""
    return ibis.schema({**{c.name: c.dtype for c in COLUMNS}, **dict(ALLOCATED_COLUMNS)})


def split_signed(amount: Decimal, parts: dict[str, Decimal]) -> dict[str, Decimal]:
    """``amount`` (whole yen) split in proportion to ``parts`` (any signs, not adding up to zero),
    by the largest remainder, adding up to it exactly."""
    keys = sorted(parts)
    if len(keys) == 1:
        return {keys[0]: amount}
    whole = sum(parts.values(), Decimal(0))
    if whole == 0:
        return {k: (amount if i == 0 else Decimal(0)) for i, k in enumerate(keys)}
    return settle_to_yen({k: amount * parts[k] / whole for k in keys}, amount)


def _number(value: Decimal) -> str:
    """A decimal as a JSON number, exact to 15 places (ratios) or as it is (keys)."""
    text = (
        f"{value.quantize(Decimal('1e-15')).normalize():f}"
        if value != value.to_integral_value()
        else f"{value:f}"
    )
    return text if text not in ("-0", "") else "0"


def method_details(rule_id: str, elements: list[tuple[Decimal, str, Decimal]], total_jpy: Decimal) -> str:
    """``AllocatedMethodDetails``: one element per part (ratio, basis, key), with our x_ keys."""
    items = ", ".join(
        f'{{"AllocatedRatio": {_number(r)}, "UsageUnit": {json.dumps(u)}, "UsageQuantity": {_number(q)}}}'
        for r, u, q in elements
    )
    return (
        f'{{"Elements": [{items}], "x_RuleId": {json.dumps(rule_id, ensure_ascii=False)}, '
        f'"x_SharedTotalJpy": "{total_jpy:f}"}}'
    )


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _row(
    common: dict[str, Any], part: Part, code: str | None, amount: Decimal, extra: dict[str, Any]
) -> dict[str, Any]:
    return {
        **part.columns,
        **common,
        "BilledCost": amount,
        "municipality_code": code,
        "cost_source": part.cost_source,
        "billed_cost_jpy": amount,
        "allocated_cost_jpy": amount,
        **extra,
    }


def allocated_rows(result: AllocationResult) -> list[dict[str, Any]]:
    """The allocated charges (and the unallocated parts of a yen) of every rule-month of ``result``."""
    out: list[dict[str, Any]] = []
    for rm in result.rule_months:
        rule = result.rules.rule(rm.rule_id)
        shares = result.shares_of(rm.rule_id, rm.month)
        by_source = {p.cost_source: p.total_jpy for p in rm.parts}
        given: dict[str, Decimal] = defaultdict(Decimal)
        start = dt.datetime.combine(rm.month, dt.time())
        end = dt.datetime.combine(_next_month(rm.month), dt.time())

        common = {
            "BillingCurrency": "JPY",
            "BillingPeriodStart": start,
            "BillingPeriodEnd": end,
            "ChargePeriodStart": start,
            "ChargePeriodEnd": end,
            "ChargeDescription": t("allocation.charge_description", rule=rule.name),
            "fx_jpy_per_unit": Decimal(1),
            "assignment": "allocation",
            "import_id": "allocation",
            "slice_key": f"allocation|{rule.id}|{month_key(rm.month)}",
            "AllocatedMethodId": rule.method,
        }
        for s in shares:
            pieces = split_signed(s.share_jpy, by_source)
            # One element per part of the method: its share of the ratio, its basis and the key.
            elements = [(k.ratio, k.basis, k.value) for k in s.keys]
            details = method_details(rule.id, elements, rm.total_jpy)
            tags = json.dumps(
                {"govcost/rule": rule.id, "govcost/municipality_code": s.municipality_code},
                ensure_ascii=False,
            )
            for part in rm.parts:
                amount = pieces[part.cost_source]
                given[part.cost_source] += amount
                out.append(
                    _row(
                        common,
                        part,
                        s.municipality_code,
                        amount,
                        {
                            "AllocatedMethodDetails": details,
                            "AllocatedResourceId": s.municipality_code,
                            "AllocatedTags": tags,
                        },
                    )
                )
        for part in rm.parts:
            rest = part.total_jpy - given[part.cost_source]
            if rest == 0:
                continue
            owners = [c for c, v in part.registered.items() if v != 0] or list(part.registered)
            owner = max(owners, key=lambda c: (abs(part.registered[c]), c)) if owners else None
            details = (
                f'{{"Elements": [], "x_RuleId": {json.dumps(rule.id, ensure_ascii=False)}, '
                f'"x_Portion": "rounding", "x_SharedTotalJpy": "{rm.total_jpy:f}"}}'
            )
            out.append(_row(common, part, owner or None, rest, {"AllocatedMethodDetails": details}))
    return out


def _arrow_type(dtype: dt_.DataType) -> pa.DataType:
    if dtype.is_decimal():
        assert dtype.precision is not None and dtype.scale is not None
        return pa.decimal128(dtype.precision, dtype.scale)
    if dtype.is_timestamp():
        return pa.timestamp("us")
    return pa.string()


def allocated_costs(
    engine: Engine,
    rules: RuleSet | Path | str | None = None,
    *,
    populations: Path | str | None = None,
    result: AllocationResult | None = None,
) -> ir.Table:
    """The ledger with every shared row replaced by its members' allocated charges (see above):
    by ``rules`` (a file or a loaded set), or as ``result`` (an allocation already run) has them."""
    costs = engine.costs()
    cols = schema()
    passed: dict[str, Any] = {c.name: costs[c.name].cast(c.dtype) for c in COLUMNS}
    passed.update(
        AllocatedMethodId=ibis.null("string"),
        AllocatedMethodDetails=ibis.null("string"),
        AllocatedResourceId=ibis.null("string"),
        AllocatedTags=ibis.null("string"),
        allocated_cost_jpy=costs.billed_cost_jpy.cast(cols["allocated_cost_jpy"]),
    )
    if rules is None and result is None:
        return costs.select(**passed)
    if result is None:
        assert rules is not None
        ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules, populations)
        result = allocate(engine, ruleset, compare=False)
    elif result.municipality is not None:
        # Every member's rows are needed, not only those of one municipality's rules.
        result = allocate(engine, result.rules, month=result.month, compare=False)
    shared = ibis.literal(False)
    for r in result.rules.rules:
        shared = shared | r.select.predicate(costs)
    if result.month is not None:
        # A result of one month allocates that month only: the other months pass through.
        shared = shared & (costs.BillingPeriodStart.strftime("%Y-%m") == month_key(result.month))
    kept = costs.filter(~shared).select(**passed)
    rows = allocated_rows(result)
    scales = {name: dtype.scale for name, dtype in cols.items() if dtype.is_decimal()}
    arrays = {}
    for name, dtype in cols.items():
        values = [r.get(name) for r in rows]
        if name in scales:
            q = Decimal(1).scaleb(-(scales[name] or 0))
            values = [None if v is None else Decimal(v).quantize(q) for v in values]
        arrays[name] = pa.array(values, type=_arrow_type(dtype))
    table = pa.table(arrays)
    allocated = ibis.memtable(table).select(**{n: ibis._[n].cast(d) for n, d in cols.items()})
    return kept.union(allocated)
