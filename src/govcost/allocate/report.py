"""What an allocation adds up to, for every output (table, JSON, XLSX, the demo's lines).

Money stays exact here; yen are rounded once, when written. Each member's share is shown beside the
keys of every member of its rule (keys are not secret: a municipality checks its share against
them); when the output is one municipality's, the other members' shares appear only as one total.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from govcost.allocate.allocate import AllocationResult, Key, Share, compared_methods
from govcost.allocate.rules import Rule, describe_method, method_label, month_key
from govcost.jp.codes import municipality_name
from govcost.jp.money import round_yen
from govcost.messages import t

if TYPE_CHECKING:
    from govcost.engine import Engine

ZERO = Decimal(0)


def yen(value: Decimal) -> int:
    """A yen figure as written: rounded half up, once, to an exact integer."""
    return int(round_yen(value))


def exact(value: Decimal) -> str:
    """An exact decimal as text, without an exponent or trailing zeros."""
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "") else text


def key_text(value: Decimal) -> str:
    """A key as read: whole numbers with thousands separators, decimals as they are."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return exact(value)


def percent(ratio: Decimal, places: int = 2) -> str:
    return f"{(ratio * 100).quantize(Decimal(1).scaleb(-places)):f} %"


@dataclass(frozen=True)
class RuleLine:
    """One rule over the period: its total and members."""

    rule: Rule
    months: int
    total_jpy: Decimal
    total_yen: Decimal

    @property
    def method(self) -> str:
        return describe_method(self.rule)


@dataclass(frozen=True)
class MemberLine:
    """One member of one rule over the period: its keys (constant, or None when they vary from month
    to month), its share of the period's total and the yen it pays."""

    rule_id: str
    municipality_code: str
    keys: tuple[Key, ...] | None
    share_jpy: Decimal
    ratio: Decimal


def rule_lines(result: AllocationResult) -> list[RuleLine]:
    out = []
    for rule_id in result.rule_ids:
        rms = [rm for rm in result.rule_months if rm.rule_id == rule_id]
        out.append(
            RuleLine(
                result.rules.rule(rule_id),
                len(rms),
                sum((rm.total_jpy for rm in rms), ZERO),
                sum((rm.total_yen for rm in rms), ZERO),
            )
        )
    return out


def constant_keys(shares: list[Share]) -> tuple[Key, ...] | None:
    """The keys of a member's shares when the same every month (values and sources), else None."""
    first = shares[0].keys
    same = all(
        [(k.basis, k.value, k.source) for k in s.keys] == [(k.basis, k.value, k.source) for k in first]
        for s in shares
    )
    return first if same else None


def member_lines(result: AllocationResult, rule_id: str) -> list[MemberLine]:
    rule = result.rules.rule(rule_id)
    total = sum((rm.total_yen for rm in result.rule_months if rm.rule_id == rule_id), ZERO)
    out = []
    for code in rule.members:
        shares = [s for s in result.shares_of(rule_id) if s.municipality_code == code]
        if not shares:
            continue
        paid = sum((s.share_jpy for s in shares), ZERO)
        out.append(MemberLine(rule_id, code, constant_keys(shares), paid, paid / total if total else ZERO))
    return out


def keys_text(keys: tuple[Key, ...] | None, lang: str | None = None) -> str:
    """``均等割 1 / 人口割 67,216`` — or 月ごとに変動 when the keys change from month to month."""
    if keys is None:
        return t("allocation.keys_vary", lang)
    return " / ".join(f"{method_label(k.basis, lang)} {key_text(k.value)}" for k in keys)


def _key_json(k: Key) -> dict[str, Any]:
    return {"basis": k.basis, "value": exact(k.value), "source": k.source, "ratio": exact(k.ratio)}


def records(result: AllocationResult, totals: list[MunicipalityTotal] | None = None) -> dict[str, Any]:
    """The allocation as the JSON output writes it (exact decimals as strings, yen as integers);
    ``totals``: each municipality's cost in the ledger and once allocated."""
    own = result.municipality
    rules = []
    for line in rule_lines(result):
        r = line.rule
        rules.append(
            {
                "id": r.id,
                "name": r.name,
                "system_id": r.system_id,
                "select": r.select.describe(),
                "members": list(r.members),
                "method": r.method,
                "method_label": line.method,
                "fixed_percent": exact(r.fixed_percent) if r.fixed_percent is not None else None,
                "fixed": r.fixed,
                "variable": r.variable,
                "months": line.months,
                "total_jpy": exact(line.total_jpy),
                "total_yen": yen(line.total_yen),
                "note": r.note,
            }
        )
    months = []
    for rm in result.rule_months:
        shares = result.shares_of(rm.rule_id, rm.month)
        rec: dict[str, Any] = {
            "rule_id": rm.rule_id,
            "month": month_key(rm.month),
            "total_jpy": exact(rm.total_jpy),
            "total_yen": yen(rm.total_yen),
            "rows": rm.rows,
            "registered_to": {c or "": exact(v) for c, v in sorted(rm.registered.items())},
            "keys": {s.municipality_code: [_key_json(k) for k in s.keys] for s in shares},
            "fallback": list(rm.fallback),
        }
        if own is not None:
            mine = sum((s.share_jpy for s in shares if s.municipality_code == own), ZERO)
            rec["own_share_jpy"] = yen(mine)
            rec["others_share_jpy"] = yen(rm.total_yen - mine)
        months.append(rec)
    shares_out = [
        {
            "month": month_key(s.month),
            "rule_id": s.rule_id,
            "system_id": s.system_id,
            "municipality_code": s.municipality_code,
            "municipality_name": municipality_name(s.municipality_code) or "",
            "method": s.method,
            "keys": [_key_json(k) for k in s.keys],
            "ratio": exact(s.ratio),
            "exact_share_jpy": exact(s.exact_share_jpy),
            "share_jpy": yen(s.share_jpy),
        }
        for s in result.shares
        if own is None or s.municipality_code == own
    ]
    comparison = [
        {
            "rule_id": e.rule_id,
            "municipality_code": e.municipality_code,
            "current_method": e.current_method,
            "current_jpy": yen(e.current_jpy),
            "by_method": {m: yen(v) for m, v in e.by_method.items()},
            "difference": {m: yen(v - e.current_jpy) for m, v in e.by_method.items()},
        }
        for e in result.effects
        if own is None or e.municipality_code == own
    ]
    return {
        "rules_file": result.rules.source,
        "populations": result.rules.populations_source or t("allocation.source.population"),
        "municipality": own,
        "months": [month_key(m) for m in result.months],
        "rules": rules,
        "rule_months": months,
        "shares": shares_out,
        "comparison": comparison,
        "municipalities": [
            {
                "municipality_code": mt.municipality_code,
                "ledger_jpy": yen(mt.ledger_jpy),
                "allocated_jpy": yen(mt.allocated_jpy),
                "difference_jpy": yen(mt.difference_jpy),
            }
            for mt in totals or []
        ],
        "warnings": list(result.warnings),
    }


def to_json(result: AllocationResult, totals: list[MunicipalityTotal] | None = None) -> str:
    return json.dumps(records(result, totals), ensure_ascii=False, indent=2) + "\n"


def methods_compared(result: AllocationResult) -> list[str]:
    """Every method some rule of the result is compared under, in the catalogue's order."""
    from govcost.allocate.rules import METHODS

    seen = {m for r in rule_lines(result) for m in compared_methods(r.rule, result.rules.populations)}
    return [m for m in METHODS if m in seen]


@dataclass(frozen=True)
class MunicipalityTotal:
    """A municipality's costs over the period in the ledger as registered, and once allocated."""

    municipality_code: str | None
    ledger_jpy: Decimal
    allocated_jpy: Decimal

    @property
    def difference_jpy(self) -> Decimal:
        """The difference of the two figures as shown (each rounded to the yen)."""
        return round_yen(self.allocated_jpy) - round_yen(self.ledger_jpy)


def municipality_totals(engine: Engine, result: AllocationResult) -> list[MunicipalityTotal]:
    """Per municipality concerned (a member of a rule, or registered with shared rows): its cost
    over the result's months in the ledger and in the allocated view (:func:`allocated_costs`)."""
    from govcost.allocate.view import allocated_costs

    months = [month_key(m) for m in result.months]
    if not months:
        return []
    concerned = {s.municipality_code for s in result.shares}
    for rm in result.rule_months:
        concerned |= {c for c in rm.registered if c}
    if result.municipality is not None:
        concerned = {result.municipality}

    def totals(table: Any, column: str) -> dict[str | None, Decimal]:
        month = table.BillingPeriodStart.strftime("%Y-%m")
        rows = table.filter(month.isin(months) & table.municipality_code.isin(sorted(concerned)))
        expr = rows.group_by("municipality_code").aggregate(_jpy=rows[column].sum())
        return {r["municipality_code"]: r["_jpy"] or ZERO for r in expr.to_pyarrow().to_pylist()}

    before = totals(engine.costs(), "billed_cost_jpy")
    after = totals(allocated_costs(engine, result=result), "allocated_cost_jpy")
    return [
        MunicipalityTotal(code, before.get(code, ZERO), after.get(code, ZERO)) for code in sorted(concerned)
    ]


def ratio_formula(result: AllocationResult, rule_id: str, code: str) -> str | None:
    """How a member's ratio comes from the keys, e.g. ``30% × 1 ÷ 4 + 70% × 66,680 ÷ 845,730 =
    13.0190 %`` — when every member's keys are the same all period (else None)."""
    rule = result.rules.rule(rule_id)
    lines = {ln.municipality_code: ln for ln in member_lines(result, rule_id)}
    if code not in lines or any(ln.keys is None for ln in lines.values()):
        return None
    own = lines[code].keys
    assert own is not None
    percents = (
        [rule.fixed_percent, 100 - rule.fixed_percent]
        if rule.method == "fixed_variable" and rule.fixed_percent is not None
        else [Decimal(100)]
    )
    parts = []
    for i, k in enumerate(own):
        whole = sum((_keys_of(lines[m])[i].value for m in rule.members), ZERO)
        text = f"{key_text(k.value)} ÷ {key_text(whole)}"
        parts.append(f"{exact(percents[i])}% × {text}" if len(own) > 1 else text)
    ratio = next(s.ratio for s in result.shares_of(rule_id) if s.municipality_code == code)
    return " + ".join(parts) + f" = {percent(ratio, 4)}"


def _keys_of(line: MemberLine) -> tuple[Key, ...]:
    assert line.keys is not None
    return line.keys
