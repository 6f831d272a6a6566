"""What an optimisation run adds up to, for every output (table, JSON, XLSX, the demo's lines).

The findings as records (the JSON), each with the saving of its resource once every finding on it
is combined; and the combined savings by rule, by business and by municipality. Each resource is
counted once: by business and municipality the resource's combined saving goes to its owner; by
rule it is split among the resource's findings in proportion to their own savings, so that the
rules add up to the total too. Money stays exact here; yen are rounded once, when written.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from govcost.jp.money import round_yen
from govcost.messages import in_lang
from govcost.optimize.base import MONTHS_A_YEAR, RULES, Finding
from govcost.optimize.run import OptimizeResult, ResourceSaving


@dataclass
class Breakdown:
    """The findings and the combined saving of one rule, business or municipality."""

    key: str | None
    findings: int = 0
    informational: int = 0
    resources: set[str] = field(default_factory=set)
    sum_of_findings_jpy: Decimal = Decimal(0)
    combined_jpy: Decimal = Decimal(0)

    @property
    def annual_jpy(self) -> Decimal:
        return self.combined_jpy * MONTHS_A_YEAR


@dataclass(frozen=True)
class RuleInfo:
    key: str
    title: str
    guide_ref: str
    doc: str


def rule_info(key: str) -> RuleInfo:
    """A rule's title, guide item and docstring (a key no rule has is its own title)."""
    import inspect

    if key not in RULES.keys():
        return RuleInfo(key, key, "", "")
    cls = RULES.get(key)
    return RuleInfo(key, cls.title, cls.guide_ref, inspect.getdoc(cls) or "")


def rules_info() -> list[RuleInfo]:
    return [rule_info(k) for k in RULES.keys()]


def yen(value: Decimal) -> int:
    """A yen figure as written: rounded half up, once, to an exact integer."""
    return int(round_yen(value))


def savings_by_resource(result: OptimizeResult) -> dict[str, ResourceSaving]:
    return {s.resource_id: s for s in result.savings}


def findings_by_resource(result: OptimizeResult) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        out[f.resource_id].append(f)
    return out


def records(result: OptimizeResult) -> list[dict[str, Any]]:
    """The findings as the JSON output lists them: :meth:`Finding.to_json`, the rule's title, and the
    combined saving of the finding's resource (the same on every finding of that resource)."""
    savings = savings_by_resource(result)
    out = []
    for f in result.findings:
        rec = f.to_json()
        rec["rule_title"] = rule_info(f.rule).title
        s = savings.get(f.resource_id)
        rec["combined_monthly_saving_jpy"] = yen(s.combined_jpy) if s else 0
        rec["combined_annual_saving_jpy"] = yen(s.combined_jpy * MONTHS_A_YEAR) if s else 0
        out.append(rec)
    return out


def to_json(result: OptimizeResult) -> str:
    return json.dumps(records(result), ensure_ascii=False, indent=2) + "\n"


def _shares(group: list[Finding], saving: ResourceSaving) -> list[tuple[Finding, Decimal]]:
    """The resource's combined saving split among its findings by their own savings."""
    total = sum((f.monthly_saving_jpy for f in group), Decimal(0))
    if not total:
        return [(f, Decimal(0)) for f in group]
    return [(f, saving.combined_jpy * f.monthly_saving_jpy / total) for f in group]


def by_rule(result: OptimizeResult) -> list[Breakdown]:
    """One line per rule of the run (in the run's order), even a rule that found nothing."""
    out = {key: Breakdown(key) for key in result.rules}
    savings = savings_by_resource(result)
    for rid, group in findings_by_resource(result).items():
        for f in group:
            b = out.setdefault(f.rule, Breakdown(f.rule))
            if f.informational:
                b.informational += 1
                continue
            b.findings += 1
            b.resources.add(rid)
            b.sum_of_findings_jpy += f.monthly_saving_jpy
        acting = [f for f in group if not f.informational]
        if acting and rid in savings:
            for f, share in _shares(acting, savings[rid]):
                out[f.rule].combined_jpy += share
    return list(out.values())


def by_owner(result: OptimizeResult, owner: Callable[[Finding], str | None]) -> list[Breakdown]:
    """The combined savings grouped by an owner column of the resources (business, municipality),
    largest first."""
    out: dict[str | None, Breakdown] = {}
    savings = savings_by_resource(result)
    for rid, group in findings_by_resource(result).items():
        b = out.setdefault(owner(group[0]), Breakdown(owner(group[0])))
        for f in group:
            if f.informational:
                b.informational += 1
            else:
                b.findings += 1
                b.sum_of_findings_jpy += f.monthly_saving_jpy
        if rid in savings:
            b.resources.add(rid)
            b.combined_jpy += savings[rid].combined_jpy
    return sorted(out.values(), key=lambda b: (-b.combined_jpy, b.key or "\uffff"))


def by_business(result: OptimizeResult) -> list[Breakdown]:
    return by_owner(result, lambda f: f.business)


def by_municipality(result: OptimizeResult) -> list[Breakdown]:
    return by_owner(result, lambda f: f.municipality_code)


def sum_of_findings(result: OptimizeResult) -> Decimal:
    """The plain sum of every finding's saving, overlaps counted twice (what the total is not)."""
    return sum((s.sum_of_findings_jpy for s in result.savings), Decimal(0))


def counts(result: OptimizeResult) -> tuple[int, int]:
    """(findings that propose a change, findings for information only)."""
    info = sum(f.informational for f in result.findings)
    return len(result.findings) - info, info


def evidence_text(evidence: dict[str, Any], lang: str | None = None) -> str:
    """Evidence as readable lines ``key: value`` (Decimals exact, lists joined, a list of records
    one line per record, a missing value as ``-``; a value the engine worded, in ``lang``)."""
    lines = []
    for key, value in evidence.items():
        if isinstance(value, dict):
            lines += [f"{key}.{line}" for line in evidence_text(value, lang).splitlines()]
        elif isinstance(value, list) and any(isinstance(v, dict) for v in value):
            for i, item in enumerate(value, start=1):
                text = (
                    ", ".join(f"{k}={_cell(v, lang)}" for k, v in item.items())
                    if isinstance(item, dict)
                    else _cell(item, lang)
                )
                lines.append(f"{key}[{i}]: {text}")
        elif isinstance(value, list):
            lines.append(f"{key}: " + ", ".join(_cell(v, lang) for v in value))
        else:
            lines.append(f"{key}: {_cell(value, lang)}")
    return "\n".join(lines)


def _cell(value: Any, lang: str | None = None) -> str:
    return "-" if value is None or value == "" else in_lang(value, lang)
