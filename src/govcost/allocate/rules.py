"""Allocation rules (按分ルール): which shared costs are split, among which municipalities, and how.

A YAML file (``allocation.yaml``, documented in docs/allocation.md) lists the rules::

    populations: populations.csv        # optional: municipality_code,population (else the shipped ones)
    rules:
      - id: koseki-k01
        name: D社 戸籍 共同利用(千代田区・中央区・港区・新宿区)
        select: {system_id: KOSEKI-K01, cost_source: cloud}
        members: ["131016", "131024", "131032", "131041"]
        method: fixed_variable          # 30 % equal shares + 70 % by population
        fixed_percent: 30
        fixed: equal
        variable: population

``select`` picks ledger rows (every criterion must hold; a list means any of its values):
``system_id``, ``account_id`` (the account map's account: FOCUS ``SubAccountId``, else
``BillingAccountId``), ``cost_source``, ``business``, ``municipality_code`` (the municipality the
row is registered to), ``tags`` (``{key: value}``, exact) and ``from`` / ``to`` (``YYYY-MM``, both
included). The selected rows of a month are pooled, whoever they are registered to, and split among
``members`` by the ``method``:

- ``equal`` — the same weight for everyone (均等割);
- ``population`` — residents (人口割): the shipped populations, or the file's / ``--populations``;
- ``accounts`` / ``users`` — counts given per member in the rule (``accounts: {"131016": 3}``);
- ``usage`` — measured use (利用量割), from one of: ``keys`` given per member (``{"131016": 1200}``)
  or per month (``{"2025-04": {"131016": 1200}}``), with an optional ``unit``; ``tag`` — the rows of
  the shared cost tagged with a member's code under that tag key, each member weighted by the cost of
  its own tagged rows (untagged rows are the common part, shared in the same proportion); ``cost`` —
  a selection of *other* ledger rows (say ``{cost_source: cloud, usage: 単独}``), each member weighted
  by what of them is registered to it in the month;
- ``fixed_variable`` — ``fixed_percent`` of the total split by ``fixed`` and the rest by
  ``variable`` (each one of the methods above).

The file is read with YAML's base loader: every value is text until govcost reads it, so a code such
as ``011002`` keeps its leading zero and a key such as ``12.5`` is an exact decimal, never a float.
Any mistake is an :class:`~govcost.errors.InputError` naming the file and the key (``rules[2].method``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import reduce
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govcost.allocate.baseline import load_populations
from govcost.configfile import read_text
from govcost.errors import InputError
from govcost.jp.codes import validate_code
from govcost.messages import t
from govcost.schema.columns import COST_SOURCES

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: Every allocation method, in the order reports list them.
METHODS = ("equal", "population", "accounts", "users", "usage", "fixed_variable")
#: What a part of ``fixed_variable`` may be split by (every method but itself).
BASES = METHODS[:-1]
TOP_KEYS = ("version", "title", "populations", "rules")
RULE_KEYS = (
    "id",
    "name",
    "system_id",
    "select",
    "members",
    "method",
    "fixed_percent",
    "fixed",
    "variable",
    "accounts",
    "users",
    "usage",
    "note",
)
SELECT_KEYS = (
    "system_id",
    "account_id",
    "cost_source",
    "business",
    "municipality_code",
    "usage",
    "tags",
    "from",
    "to",
)
USAGE_KEYS = ("keys", "tag", "cost", "unit")
_MONTH = re.compile(r"^(\d{4})[-/](\d{1,2})(?:[-/]\d{1,2})?$")


def parse_month(text: str) -> dt.date | None:
    """``2025-04``, ``2025/4`` or ``2025-04-01`` as the month's first day; None if not a month."""
    hit = _MONTH.match(text.strip())
    if not hit or not 1 <= int(hit[2]) <= 12:
        return None
    return dt.date(int(hit[1]), int(hit[2]), 1)


def month_key(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def tag_value(costs: ir.Table, key: str) -> ir.StringValue:
    """The value of one tag of each row (null without it; an empty Tags text counts as none)."""
    from govcost.ingest.resolve import json_extract_string

    return json_extract_string(costs.Tags.nullif(""), f'$."{key}"')


@dataclass(frozen=True)
class Selection:
    """Which ledger rows a rule shares: every given criterion must hold (a list: any of its values)."""

    system_ids: tuple[str, ...] = ()
    account_ids: tuple[str, ...] = ()
    cost_sources: tuple[str, ...] = ()
    businesses: tuple[str, ...] = ()
    municipality_codes: tuple[str, ...] = ()
    usages: tuple[str, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    first_month: dt.date | None = None
    last_month: dt.date | None = None

    def criteria(self) -> dict[str, tuple[str, ...]]:
        """The criteria given, as value sets (the month range as its two ends)."""
        out = {
            "system_id": self.system_ids,
            "account_id": self.account_ids,
            "cost_source": self.cost_sources,
            "business": self.businesses,
            "municipality_code": self.municipality_codes,
            "usage": self.usages,
        }
        out.update({f"tags.{k}": (v,) for k, v in self.tags})
        return {k: v for k, v in out.items() if v}

    def months_overlap(self, other: Selection) -> bool:
        lo = max(self.first_month or dt.date.min, other.first_month or dt.date.min)
        hi = min(self.last_month or dt.date.max, other.last_month or dt.date.max)
        return lo <= hi

    def predicate(self, costs: ir.Table) -> ir.BooleanValue:
        """The rows selected, as an Ibis condition over the ledger (never null)."""
        import ibis

        conds: list[ir.BooleanValue] = []
        if self.system_ids:
            conds.append(costs.system_id.isin(self.system_ids))
        if self.account_ids:
            account = ibis.coalesce(costs.SubAccountId, costs.BillingAccountId)
            conds.append(account.isin(self.account_ids))
        if self.cost_sources:
            conds.append(costs.cost_source.isin(self.cost_sources))
        if self.businesses:
            conds.append(costs.business.isin(self.businesses))
        if self.municipality_codes:
            conds.append(costs.municipality_code.isin(self.municipality_codes))
        if self.usages:
            conds.append(costs.usage.isin(self.usages))
        for key, value in self.tags:
            conds.append(tag_value(costs, key) == value)
        month = costs.BillingPeriodStart.strftime("%Y-%m")
        if self.first_month:
            conds.append(month >= month_key(self.first_month))
        if self.last_month:
            conds.append(month <= month_key(self.last_month))
        if not conds:
            return ibis.literal(False)
        return reduce(lambda a, b: a & b, conds).fill_null(False)

    def describe(self) -> str:
        """The selection in one line, e.g. ``system_id=KOSEKI-K01, cost_source=cloud``."""
        parts = [f"{k}={'|'.join(v)}" for k, v in self.criteria().items()]
        if self.first_month or self.last_month:
            first = month_key(self.first_month) if self.first_month else ""
            last = month_key(self.last_month) if self.last_month else ""
            parts.append(f"{first}..{last}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Usage:
    """How a rule measures use: keys given (constant or by month), a tag, or other ledger rows."""

    measure: str  # keys | tag | cost
    unit: str = ""
    keys: Mapping[str, Decimal] = field(default_factory=dict)
    monthly: Mapping[dt.date, Mapping[str, Decimal]] = field(default_factory=dict)
    tag: str = ""
    cost: Selection | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    system_id: str
    select: Selection
    members: tuple[str, ...]
    method: str
    fixed_percent: Decimal | None = None
    fixed: str | None = None
    variable: str | None = None
    accounts: Mapping[str, Decimal] | None = None
    users: Mapping[str, Decimal] | None = None
    usage: Usage | None = None
    note: str = ""
    #: Where the rule is in its file (``rules[0]``), for messages.
    where: str = ""

    @property
    def bases(self) -> tuple[str, ...]:
        """The methods the rule's own method is made of (one, or the fixed and the variable part)."""
        if self.method == "fixed_variable":
            assert self.fixed and self.variable
            return (self.fixed, self.variable)
        return (self.method,)

    def has_basis(self, basis: str, populations: Mapping[str, int]) -> bool:
        """Whether the rule has what ``basis`` needs for every member (for comparing methods)."""
        if basis == "equal":
            return True
        if basis == "population":
            return all(m in populations for m in self.members)
        if basis in ("accounts", "users"):
            return getattr(self, basis) is not None
        if basis == "usage":
            return self.usage is not None
        return False


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    source: str = ""
    populations: Mapping[str, int] = field(default_factory=dict)
    #: Where the populations come from: "" (shipped with govcost) or a file.
    populations_source: str = ""
    title: str = ""

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)


def method_label(method: str, lang: str | None = None) -> str:
    return t(f"allocation.method.{method}", lang)


def describe_method(rule: Rule, lang: str | None = None) -> str:
    """The rule's method in words, e.g. 固定 30 %: 均等割 + 変動 70 %: 人口割."""
    if rule.method != "fixed_variable":
        return method_label(rule.method, lang)
    assert rule.fixed_percent is not None and rule.fixed and rule.variable
    pct = rule.fixed_percent.normalize()
    return t(
        "allocation.fixed_variable_detail",
        lang,
        fixed_percent=f"{pct:f}",
        fixed=method_label(rule.fixed, lang),
        variable_percent=f"{(100 - rule.fixed_percent).normalize():f}",
        variable=method_label(rule.variable, lang),
    )


# --- reading the file ---------------------------------------------------------------------------
class _Reader:
    """Reads one rules file, naming the file and the key of every mistake."""

    def __init__(self, file: str, populations: Mapping[str, int]) -> None:
        self.file = file
        self.populations = populations

    def fail(self, key: str, where: str, **params: Any) -> InputError:
        return InputError(key, file=self.file, column=where, **params)

    def mapping(self, value: Any, where: str, allowed: Sequence[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(
                "allocation.bad_value", where, expected=t("allocation.expected.mapping"), found=_show(value)
            )
        for key in value:
            if key not in allowed:
                raise self.fail(
                    "allocation.unknown_key", f"{where}.{key}" if where else key, allowed=", ".join(allowed)
                )
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(
                "allocation.bad_value", where, expected=t("allocation.expected.text"), found=_show(value)
            )
        return value.strip()

    def texts(self, value: Any, where: str) -> tuple[str, ...]:
        """One text or a list of them."""
        items = value if isinstance(value, list) else [value]
        if not items:
            raise self.fail(
                "allocation.bad_value", where, expected=t("allocation.expected.text"), found=_show(value)
            )
        return tuple(
            self.text(v, f"{where}[{i}]" if isinstance(value, list) else where) for i, v in enumerate(items)
        )

    def number(self, value: Any, where: str) -> Decimal:
        try:
            if not isinstance(value, str):
                raise InvalidOperation
            number = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            number = Decimal(-1)
        if not number.is_finite() or number < 0:
            raise self.fail(
                "allocation.bad_value", where, expected=t("allocation.expected.number"), found=_show(value)
            )
        return number

    def month(self, value: Any, where: str) -> dt.date:
        month = parse_month(value) if isinstance(value, str) else None
        if month is None:
            raise self.fail("allocation.bad_value", where, expected="YYYY-MM", found=_show(value))
        return month

    def code(self, value: Any, where: str) -> str:
        return validate_code(value if isinstance(value, str) else "", file=self.file, column=where)

    # --- the parts of a rule ------------------------------------------------------------------
    def selection(self, raw: Any, where: str) -> Selection:
        data = self.mapping(raw, where, SELECT_KEYS)
        if not data:
            raise self.fail("allocation.empty_select", where)
        values: dict[str, Any] = {}
        for key, attr in (
            ("system_id", "system_ids"),
            ("account_id", "account_ids"),
            ("business", "businesses"),
            ("usage", "usages"),
        ):
            if key in data:
                values[attr] = self.texts(data[key], f"{where}.{key}")
        if "cost_source" in data:
            sources = self.texts(data["cost_source"], f"{where}.cost_source")
            for source in sources:
                if source not in COST_SOURCES:
                    raise self.fail(
                        "allocation.bad_value",
                        f"{where}.cost_source",
                        expected=" / ".join(COST_SOURCES),
                        found=source,
                    )
            values["cost_sources"] = sources
        if "municipality_code" in data:
            raw_codes = data["municipality_code"]
            items = raw_codes if isinstance(raw_codes, list) else [raw_codes]
            values["municipality_codes"] = tuple(self.code(v, f"{where}.municipality_code") for v in items)
        if "tags" in data:
            tags = data["tags"]
            if not isinstance(tags, dict) or not tags:
                raise self.fail(
                    "allocation.bad_value",
                    f"{where}.tags",
                    expected=t("allocation.expected.tags"),
                    found=_show(tags),
                )
            pairs = []
            for k, v in tags.items():
                if '"' in k or not k.strip():
                    raise self.fail("allocation.bad_value", f"{where}.tags", expected="tag key", found=k)
                pairs.append((k.strip(), self.text(v, f"{where}.tags.{k}")))
            values["tags"] = tuple(sorted(pairs))
        if "from" in data:
            values["first_month"] = self.month(data["from"], f"{where}.from")
        if "to" in data:
            values["last_month"] = self.month(data["to"], f"{where}.to")
        if (
            values.get("first_month")
            and values.get("last_month")
            and values["first_month"] > values["last_month"]
        ):
            raise self.fail(
                "allocation.bad_value",
                f"{where}.to",
                expected=t("allocation.expected.after_from"),
                found=_show(data["to"]),
            )
        selection = Selection(**values)
        if not selection.criteria():
            # Only a month range: that would share every cost of the ledger.
            raise self.fail("allocation.empty_select", where)
        return selection

    def keys(self, raw: Any, where: str, members: tuple[str, ...]) -> dict[str, Decimal]:
        """Member code → count: every member has one, no one else does, not all are zero."""
        if not isinstance(raw, dict) or not raw:
            raise self.fail(
                "allocation.bad_value", where, expected=t("allocation.expected.keys"), found=_show(raw)
            )
        out: dict[str, Decimal] = {}
        for key, value in raw.items():
            code = self.code(key, f"{where}.{key}")
            if code not in members:
                raise self.fail("allocation.key_not_member", f"{where}.{key}", member=code)
            out[code] = self.number(value, f"{where}.{key}")
        for member in members:
            if member not in out:
                raise self.fail("allocation.member_key_missing", where, member=member)
        if sum(out.values()) == 0:
            raise self.fail("allocation.zero_keys", where)
        return {m: out[m] for m in members}

    def usage(self, raw: Any, where: str, members: tuple[str, ...]) -> Usage:
        data = self.mapping(raw, where, USAGE_KEYS)
        given = [k for k in ("keys", "tag", "cost") if k in data]
        if len(given) != 1:
            raise self.fail(
                "allocation.bad_value",
                where,
                expected=t("allocation.expected.usage"),
                found=", ".join(given) or "-",
            )
        unit = self.text(data["unit"], f"{where}.unit") if "unit" in data else ""
        measure = given[0]
        if measure == "tag":
            tag = self.text(data["tag"], f"{where}.tag")
            if '"' in tag:
                raise self.fail("allocation.bad_value", f"{where}.tag", expected="tag key", found=tag)
            return Usage("tag", unit, tag=tag)
        if measure == "cost":
            return Usage("cost", unit, cost=self.selection(data["cost"], f"{where}.cost"))
        keys = data["keys"]
        if isinstance(keys, dict) and keys and all(parse_month(str(k)) for k in keys):
            monthly = {
                self.month(k, f"{where}.keys.{k}"): self.keys(v, f"{where}.keys.{k}", members)
                for k, v in keys.items()
            }
            return Usage("keys", unit, monthly=monthly)
        return Usage("keys", unit, keys=self.keys(keys, f"{where}.keys", members))

    def basis(self, value: Any, where: str) -> str:
        name = self.text(value, where)
        if name not in BASES:
            raise self.fail("allocation.unknown_method", where, method=name, allowed=", ".join(BASES))
        return name

    def rule(self, raw: Any, where: str) -> Rule:
        data = self.mapping(raw, where, RULE_KEYS)
        for key in ("id", "select", "members", "method"):
            if key not in data:
                raise self.fail("allocation.missing_key", f"{where}.{key}")
        rule_id = self.text(data["id"], f"{where}.id")
        select = self.selection(data["select"], f"{where}.select")
        raw_members = data["members"]
        if not isinstance(raw_members, list) or not raw_members:
            raise self.fail(
                "allocation.bad_value",
                f"{where}.members",
                expected=t("allocation.expected.members"),
                found=_show(raw_members),
            )
        members: list[str] = []
        for i, value in enumerate(raw_members):
            code = self.code(value, f"{where}.members[{i}]")
            if code in members:
                raise self.fail("allocation.duplicate_member", f"{where}.members[{i}]", member=code)
            members.append(code)
        member_codes = tuple(members)
        method = self.text(data["method"], f"{where}.method")
        if method not in METHODS:
            raise self.fail(
                "allocation.unknown_method", f"{where}.method", method=method, allowed=", ".join(METHODS)
            )
        fixed_percent = fixed = variable = None
        if method == "fixed_variable":
            for key in ("fixed_percent", "fixed", "variable"):
                if key not in data:
                    raise self.fail("allocation.missing_key", f"{where}.{key}")
            fixed_percent = self.number(data["fixed_percent"], f"{where}.fixed_percent")
            if fixed_percent > 100:
                raise self.fail(
                    "allocation.bad_value",
                    f"{where}.fixed_percent",
                    expected="0〜100",
                    found=_show(data["fixed_percent"]),
                )
            fixed = self.basis(data["fixed"], f"{where}.fixed")
            variable = self.basis(data["variable"], f"{where}.variable")
        else:
            for key in ("fixed_percent", "fixed", "variable"):
                if key in data:
                    raise self.fail("allocation.only_fixed_variable", f"{where}.{key}", method=method)
        accounts = (
            self.keys(data["accounts"], f"{where}.accounts", member_codes) if "accounts" in data else None
        )
        users = self.keys(data["users"], f"{where}.users", member_codes) if "users" in data else None
        usage = self.usage(data["usage"], f"{where}.usage", member_codes) if "usage" in data else None
        system_id = (
            self.text(data["system_id"], f"{where}.system_id")
            if "system_id" in data
            else ", ".join(select.system_ids)
        )
        rule = Rule(
            id=rule_id,
            name=self.text(data["name"], f"{where}.name") if "name" in data else rule_id,
            system_id=system_id,
            select=select,
            members=member_codes,
            method=method,
            fixed_percent=fixed_percent,
            fixed=fixed,
            variable=variable,
            accounts=accounts,
            users=users,
            usage=usage,
            note=self.text(data["note"], f"{where}.note") if "note" in data else "",
            where=where,
        )
        for basis in rule.bases:
            self.require(rule, basis)
        return rule

    def require(self, rule: Rule, basis: str) -> None:
        """The data the rule's own method needs: a population or a key for every member."""
        if basis == "population":
            for member in rule.members:
                if member not in self.populations:
                    raise self.fail("allocation.no_population", f"{rule.where}.members", member=member)
        elif basis in ("accounts", "users", "usage") and not rule.has_basis(basis, self.populations):
            raise self.fail("allocation.missing_key", f"{rule.where}.{basis}")


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def overlapping(a: Selection, b: Selection) -> bool:
    """Whether two selections select the same rows whatever the ledger holds: they use the same
    criteria, each pair of value sets meets, and their month ranges meet."""
    ca, cb = a.criteria(), b.criteria()
    if set(ca) != set(cb):
        return False
    return all(set(ca[k]) & set(cb[k]) for k in ca) and a.months_overlap(b)


def load_rules(path: Path | str, populations: Path | str | None = None) -> RuleSet:
    """Read and check a rules file. ``populations`` (a CSV) overrides the file's ``populations``."""
    import yaml

    p = Path(path)
    file = str(p)
    if not p.is_file():
        raise InputError("input.not_found", file=file)
    try:
        data = yaml.load(read_text(p), Loader=yaml.BaseLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError("allocation.bad_yaml", file=file, found=str(exc).splitlines()[0]) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            "allocation.bad_value", file=file, column="(top)", expected="rules:", found=_show(data)
        )
    pop_path: Path | None = Path(populations) if populations is not None else None
    reader = _Reader(file, {})
    reader.mapping(data, "", TOP_KEYS)
    if pop_path is None and "populations" in data:
        pop_path = p.parent / reader.text(data["populations"], "populations")
    reader.populations = load_populations(pop_path)
    raw_rules = data.get("rules", [])
    if raw_rules == "":
        raw_rules = []
    if not isinstance(raw_rules, list):
        raise InputError(
            "allocation.bad_value",
            file=file,
            column="rules",
            expected=t("allocation.expected.rules"),
            found=_show(raw_rules),
        )
    rules: list[Rule] = []
    for i, raw in enumerate(raw_rules):
        rule = reader.rule(raw, f"rules[{i}]")
        for other in rules:
            if other.id == rule.id:
                raise InputError(
                    "allocation.duplicate_rule", file=file, column=f"{rule.where}.id", rule=rule.id
                )
            if overlapping(other.select, rule.select):
                raise InputError(
                    "allocation.overlap",
                    file=file,
                    column=f"{rule.where}.select",
                    rule=rule.id,
                    other=other.id,
                )
        rules.append(rule)
    return RuleSet(
        tuple(rules),
        file,
        reader.populations,
        str(pop_path) if pop_path is not None else "",
        data["title"].strip() if isinstance(data.get("title"), str) else "",
    )
