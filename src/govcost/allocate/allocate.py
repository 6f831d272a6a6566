"""Splitting the shared costs of jointly used systems among their members, month by month.

For each rule and month: the shared total is the exact sum of ``billed_cost_jpy`` over the rows the
rule selects; each member's weight comes from the rule's method; the yen shares are the
largest-remainder split of the total rounded half up (:func:`govcost.allocate.shares.largest_remainder`),
so that they add up to it to the yen. ``fixed_variable`` combines its two parts into one weight per
member before that one rounding:

    weight_i = p × f_i × ΣV + (100 − p) × v_i × ΣF

(``p`` the fixed percent, ``f`` and ``v`` the two parts' keys): ``weight_i / Σweight`` is exactly
``p/100 × f_i/ΣF + (1 − p/100) × v_i/ΣV``, with no division before the split. A part whose keys are
all zero in a month (no measured use) is split equally that month, and the result says so.

Every query goes through Ibis; the splitting is plain Decimal arithmetic on the few totals.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis

from govcost.allocate.rules import METHODS, Rule, RuleSet, load_rules, month_key, parse_month, tag_value
from govcost.allocate.shares import largest_remainder
from govcost.errors import InputError
from govcost.jp.money import round_yen
from govcost.messages import t

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from govcost.engine import Engine

ZERO = Decimal(0)
#: Columns an allocated row keeps when every row of its rule, month and cost source agrees on them.
CONSTANT_COLUMNS = (
    "system_id",
    "business",
    "environment",
    "usage",
    "provider",
    "ProviderName",
    "PublisherName",
    "InvoiceIssuerName",
    "ServiceName",
    "ServiceCategory",
    "ChargeCategory",
    "BillingAccountId",
    "BillingAccountName",
    "SubAccountId",
    "SubAccountName",
    "RegionId",
    "RegionName",
)


@dataclass(frozen=True)
class Key:
    """One member's key under one basis: its value and where it comes from."""

    basis: str
    value: Decimal
    source: str
    #: The part of the member's ratio this key decides (all of it, but for fixed_variable).
    ratio: Decimal = Decimal(0)


@dataclass(frozen=True)
class Share:
    """One member's share of one rule's shared total in one month."""

    month: dt.date
    rule_id: str
    system_id: str
    municipality_code: str
    method: str
    #: The member's keys: one, or the fixed part's and the variable part's.
    keys: tuple[Key, ...]
    #: The member's exact fraction of the total (the ratios of a rule-month add up to 1).
    ratio: Decimal
    #: The shared total (exact, unrounded) × ratio.
    exact_share_jpy: Decimal
    #: The yen the member pays: largest-remainder share of the total rounded to the yen.
    share_jpy: Decimal


@dataclass
class Part:
    """The rows of one rule-month of one cost source: their exact total, who they were registered
    to, and the columns they all agree on (for the allocated view)."""

    cost_source: str
    total_jpy: Decimal
    rows: int
    registered: dict[str, Decimal]
    columns: dict[str, str | None]


@dataclass
class RuleMonth:
    rule_id: str
    month: dt.date
    parts: list[Part]
    #: Bases split equally this month because all their keys were zero.
    fallback: tuple[str, ...] = ()

    @property
    def total_jpy(self) -> Decimal:
        return sum((p.total_jpy for p in self.parts), ZERO)

    @property
    def total_yen(self) -> Decimal:
        return round_yen(self.total_jpy)

    @property
    def rows(self) -> int:
        return sum(p.rows for p in self.parts)

    @property
    def registered(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = defaultdict(Decimal)
        for p in self.parts:
            for code, amount in p.registered.items():
                out[code] += amount
        return dict(out)


@dataclass(frozen=True)
class Effect:
    """What one member pays over the period under each method, against the rule's current one."""

    rule_id: str
    municipality_code: str
    current_method: str
    current_jpy: Decimal
    by_method: dict[str, Decimal]

    def difference(self, method: str) -> Decimal | None:
        """How much more (+) or less (−) the member pays under ``method`` than now."""
        if method not in self.by_method:
            return None
        return self.by_method[method] - self.current_jpy


@dataclass
class AllocationResult:
    rules: RuleSet
    rule_months: list[RuleMonth]
    shares: list[Share]
    effects: list[Effect] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: The scope asked for: one municipality's rules, one month.
    municipality: str | None = None
    month: dt.date | None = None

    @property
    def months(self) -> list[dt.date]:
        return sorted({rm.month for rm in self.rule_months})

    @property
    def rule_ids(self) -> list[str]:
        """The rules with a shared cost in the period, in the file's order."""
        present = {rm.rule_id for rm in self.rule_months}
        return [r.id for r in self.rules.rules if r.id in present]

    def rule_month(self, rule_id: str, month: dt.date) -> RuleMonth:
        return next(rm for rm in self.rule_months if rm.rule_id == rule_id and rm.month == month)

    def shares_of(self, rule_id: str, month: dt.date | None = None) -> list[Share]:
        return [s for s in self.shares if s.rule_id == rule_id and (month is None or s.month == month)]

    def total_of(self, municipality_code: str, rule_id: str | None = None) -> Decimal:
        """The yen a municipality pays over the period (for one rule, or for all)."""
        return sum(
            (
                s.share_jpy
                for s in self.shares
                if s.municipality_code == municipality_code and (rule_id is None or s.rule_id == rule_id)
            ),
            ZERO,
        )

    def municipalities(self) -> list[str]:
        """Every member of a rule with a shared cost in the period (one, when one was asked for)."""
        codes = sorted({s.municipality_code for s in self.shares})
        return [c for c in codes if self.municipality is None or c == self.municipality]

    def effect(self, rule_id: str, municipality_code: str) -> Effect | None:
        return next(
            (e for e in self.effects if e.rule_id == rule_id and e.municipality_code == municipality_code),
            None,
        )


# --- the ledger queries -------------------------------------------------------------------------
def check_overlaps(costs: ir.Table, rules: RuleSet) -> None:
    """Refuse rules that would share the same ledger row twice, naming both and an example row."""
    if len(rules.rules) < 2:
        return
    flags = {f"_r{i}": r.select.predicate(costs).cast("int8") for i, r in enumerate(rules.rules)}
    marked = costs.select(_system=costs.system_id, _month=costs.BillingPeriodStart.strftime("%Y-%m"), **flags)
    n_rules = sum((marked[c] for c in flags), ibis.literal(0).cast("int8"))
    hits = marked.filter(n_rules > 1)
    count = int(hits.count().to_pyarrow().as_py())
    if not count:
        return
    first = hits.limit(1).to_pyarrow().to_pylist()[0]
    both = [r for i, r in enumerate(rules.rules) if first[f"_r{i}"]]
    raise InputError(
        "allocation.overlap_rows",
        file=rules.source,
        column=f"{both[1].where}.select",
        rule=both[1].id,
        other=both[0].id,
        rows=count,
        system=first["_system"] or "-",
        month=first["_month"],
    )


def _selected(costs: ir.Table, rules: RuleSet, month: dt.date | None) -> ir.Table:
    """The ledger rows some rule selects, with ``_rule`` (its id) and ``_month`` (YYYY-MM)."""
    branches = [(r.select.predicate(costs), r.id) for r in rules.rules]
    rule = ibis.cases(*branches, else_=ibis.null("string"))
    marked = costs.mutate(_rule=rule, _month=costs.BillingPeriodStart.strftime("%Y-%m"))
    marked = marked.filter(marked._rule.notnull())
    if month is not None:
        marked = marked.filter(marked._month == month_key(month))
    return marked


def _parts(costs: ir.Table, rules: RuleSet, month: dt.date | None) -> dict[tuple[str, dt.date], list[Part]]:
    """(rule, month) → its parts by cost source, from one grouped query."""
    if not rules.rules:
        return {}
    sel = _selected(costs, rules, month)
    aggs: dict[str, Any] = {"_total": sel.billed_cost_jpy.sum(), "_rows": sel.count()}
    for c in CONSTANT_COLUMNS:
        aggs[f"_n_{c}"] = sel[c].nunique()
        aggs[f"_c_{c}"] = sel[c].count()
        aggs[f"_v_{c}"] = sel[c].arbitrary()
    expr = sel.group_by("_rule", "_month", "cost_source", "municipality_code").aggregate(**aggs)
    merged: dict[tuple[str, dt.date, str], Part] = {}
    for rec in expr.to_pyarrow().to_pylist():
        first = parse_month(rec["_month"])
        assert first is not None
        key = (rec["_rule"], first, rec["cost_source"])
        rows = int(rec["_rows"])
        columns = {
            c: rec[f"_v_{c}"] if rec[f"_n_{c}"] == 1 and rec[f"_c_{c}"] == rows else None
            for c in CONSTANT_COLUMNS
        }
        part = merged.get(key)
        amount = rec["_total"] or ZERO
        if part is None:
            merged[key] = Part(
                rec["cost_source"], amount, rows, {rec["municipality_code"] or "": amount}, columns
            )
            continue
        part.total_jpy += amount
        part.rows += rows
        part.registered[rec["municipality_code"] or ""] = amount
        part.columns = {c: v if v == columns[c] else None for c, v in part.columns.items()}
    out: dict[tuple[str, dt.date], list[Part]] = defaultdict(list)
    for (rule_id, first, _), part in sorted(
        merged.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "")
    ):
        out[(rule_id, first)].append(part)
    return out


def _measured(costs: ir.Table, rule: Rule, month: dt.date | None) -> dict[dt.date, dict[str, Decimal]]:
    """Month → member → measured use, for a rule whose usage is a tag or other ledger rows."""
    usage = rule.usage
    if usage is None or usage.measure == "keys":
        return {}
    own = rule.select.predicate(costs)
    if usage.measure == "tag":
        who = tag_value(costs, usage.tag)
        rows = costs.filter(own & who.isin(rule.members))
    else:
        assert usage.cost is not None
        who = costs.municipality_code
        rows = costs.filter(usage.cost.predicate(costs) & ~own & who.isin(rule.members))
    rows = rows.mutate(_who=who, _month=rows.BillingPeriodStart.strftime("%Y-%m"))
    if month is not None:
        rows = rows.filter(rows._month == month_key(month))
    expr = rows.group_by("_month", "_who").aggregate(_amount=rows.billed_cost_jpy.sum())
    out: dict[dt.date, dict[str, Decimal]] = defaultdict(dict)
    for rec in expr.to_pyarrow().to_pylist():
        first = parse_month(rec["_month"])
        assert first is not None
        out[first][rec["_who"]] = rec["_amount"] or ZERO
    return dict(out)


# --- the split ----------------------------------------------------------------------------------
class Weights:
    """Each member's key under each basis, month by month, with its source in words."""

    def __init__(self, rules: RuleSet, measured: Mapping[str, Mapping[dt.date, Mapping[str, Decimal]]]):
        self.rules = rules
        self.measured = measured

    def of(self, rule: Rule, basis: str, month: dt.date) -> tuple[dict[str, Decimal], str]:
        members = rule.members
        if basis == "equal":
            return {m: Decimal(1) for m in members}, t("allocation.source.equal")
        if basis == "population":
            pops = self.rules.populations
            source = (
                t("allocation.source.population_file", file=self.rules.populations_source)
                if self.rules.populations_source
                else t("allocation.source.population")
            )
            return {m: Decimal(pops[m]) for m in members}, source
        if basis in ("accounts", "users"):
            keys = getattr(rule, basis)
            assert keys is not None
            return dict(keys), t("allocation.source.rule", file=self.rules.source, at=f"{rule.where}.{basis}")
        usage = rule.usage
        assert basis == "usage" and usage is not None
        unit = f" ({usage.unit})" if usage.unit else ""
        if usage.measure == "keys":
            if usage.monthly:
                if month not in usage.monthly:
                    raise InputError(
                        "allocation.missing_month_keys",
                        file=self.rules.source,
                        column=f"{rule.where}.usage.keys",
                        month=month_key(month),
                    )
                keys = dict(usage.monthly[month])
            else:
                keys = dict(usage.keys)
            source = t("allocation.source.rule", file=self.rules.source, at=f"{rule.where}.usage") + unit
            return keys, source
        seen = self.measured.get(rule.id, {}).get(month, {})
        # Credits larger than the charges (a negative measured cost) count as no use.
        keys = {m: max(seen.get(m, ZERO), ZERO) for m in members}
        if usage.measure == "tag":
            return keys, t("allocation.source.tag", tag=usage.tag)
        assert usage.cost is not None
        return keys, t("allocation.source.cost", select=usage.cost.describe())


@dataclass(frozen=True)
class Split:
    ratios: dict[str, Decimal]
    keys: dict[str, tuple[Key, ...]]
    yen: dict[str, Decimal]
    fallback: tuple[str, ...]


def split(
    rule: Rule,
    method: str,
    month: dt.date,
    total: Decimal,
    weights: Weights,
) -> Split:
    """The rule-month's ``total`` split among the rule's members by ``method`` (the rule's own, or
    another one for comparison; ``fixed_variable`` takes the rule's percent and parts)."""
    if method == "fixed_variable":
        assert rule.fixed_percent is not None and rule.fixed and rule.variable
        parts = [(rule.fixed, rule.fixed_percent), (rule.variable, 100 - rule.fixed_percent)]
    else:
        parts = [(method, Decimal(100))]
    fallback: list[str] = []
    keyed: list[tuple[str, Decimal, dict[str, Decimal], str]] = []
    for basis, percent in parts:
        values, source = weights.of(rule, basis, month)
        if sum(values.values(), ZERO) == 0:
            fallback.append(basis)
            values = {m: Decimal(1) for m in rule.members}
            source = t("allocation.source.fallback", source=source)
        keyed.append((basis, percent, values, source))
    terms: dict[str, tuple[Decimal, ...]]
    if len(keyed) == 1:
        terms = {m: (keyed[0][2][m],) for m in rule.members}
    else:
        (_, p, f, _), (_, q, v, _) = keyed
        big_f, big_v = sum(f.values(), ZERO), sum(v.values(), ZERO)
        terms = {m: (p * f[m] * big_v, q * v[m] * big_f) for m in rule.members}
    combined = {m: sum(terms[m], ZERO) for m in rule.members}
    whole = sum(combined.values(), ZERO)
    ratios = {m: combined[m] / whole for m in rule.members}
    yen = largest_remainder(total, combined)
    keys = {
        m: tuple(
            Key(b, vals[m], src, term / whole)
            for (b, _, vals, src), term in zip(keyed, terms[m], strict=True)
        )
        for m in rule.members
    }
    return Split(ratios, keys, yen, tuple(fallback))


def compared_methods(rule: Rule, populations: Mapping[str, int]) -> list[str]:
    """The methods a rule can be compared under: every one it has the keys for, its own included."""
    out = [m for m in METHODS[:-1] if rule.has_basis(m, populations)]
    if rule.method == "fixed_variable":
        out.append("fixed_variable")
    return out


def allocate(
    engine: Engine,
    rules: RuleSet | Path | str,
    *,
    populations: Path | str | None = None,
    municipality: str | None = None,
    month: dt.date | None = None,
    compare: bool = True,
) -> AllocationResult:
    """Every rule's shares, month by month (one month if asked), and each method's effect.

    ``municipality`` keeps the rules it is a member of; the shares of their other members are
    computed all the same (they decide its own), and the reports show them only as a total.
    """
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules, populations)
    costs = engine.costs()
    check_overlaps(costs, ruleset)
    parts = _parts(costs, ruleset, month)
    measured = {r.id: _measured(costs, r, month) for r in ruleset.rules if r.usage is not None}
    weights = Weights(ruleset, measured)
    result = AllocationResult(ruleset, [], [], municipality=municipality, month=month)
    for rule in ruleset.rules:
        if municipality is not None and municipality not in rule.members:
            continue
        months = sorted(m for rid, m in parts if rid == rule.id)
        if not months:
            result.warnings.append(t("allocation.no_costs", rule=rule.id, select=rule.select.describe()))
            continue
        strangers: set[str] = set()
        totals: dict[str, dict[str, Decimal]] = {
            m: defaultdict(Decimal) for m in compared_methods(rule, ruleset.populations)
        }
        for first in months:
            rm = RuleMonth(rule.id, first, parts[(rule.id, first)])
            strangers |= {c for c in rm.registered if c not in rule.members}
            done = split(rule, rule.method, first, rm.total_jpy, weights)
            rm.fallback = done.fallback
            if done.fallback:
                result.warnings.append(
                    t(
                        "allocation.fallback_equal",
                        rule=rule.id,
                        month=month_key(first),
                        bases=", ".join(t(f"allocation.method.{b}") for b in done.fallback),
                    )
                )
            result.rule_months.append(rm)
            for m in rule.members:
                result.shares.append(
                    Share(
                        first,
                        rule.id,
                        rule.system_id,
                        m,
                        rule.method,
                        done.keys[m],
                        done.ratios[m],
                        rm.total_jpy * done.ratios[m],
                        done.yen[m],
                    )
                )
            if compare:
                for method in totals:
                    other = (
                        done if method == rule.method else split(rule, method, first, rm.total_jpy, weights)
                    )
                    for m in rule.members:
                        totals[method][m] += other.yen[m]
        if strangers:
            names = ", ".join(sorted(c or t("label.unassigned") for c in strangers))
            result.warnings.append(t("allocation.foreign_rows", rule=rule.id, codes=names))
        if compare:
            for m in rule.members:
                by_method = {method: totals[method][m] for method in totals}
                result.effects.append(Effect(rule.id, m, rule.method, by_method[rule.method], by_method))
    return result
