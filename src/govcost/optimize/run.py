"""One optimisation run: every selected rule over one context, and the findings combined so that no
yen is counted twice."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from govcost.errors import UsageError
from govcost.optimize.base import MONTHS_A_YEAR, RULES, Finding
from govcost.optimize.catalog import PriceCatalog
from govcost.optimize.context import Context
from govcost.optimize.settings import Settings

if TYPE_CHECKING:
    from govcost.engine import Engine


@dataclass
class ResourceSaving:
    """The saving of one resource once every finding on it is applied together."""

    resource_id: str
    rules: list[str]
    monthly_cost_jpy: Decimal
    sum_of_findings_jpy: Decimal
    combined_jpy: Decimal


@dataclass
class OptimizeResult:
    month: dt.date
    window_start: dt.datetime
    window_end: dt.datetime
    rules: list[str]
    findings: list[Finding]
    savings: list[ResourceSaving] = field(default_factory=list)
    settings_source: str = ""
    catalog_source: str = ""

    @property
    def monthly_saving_jpy(self) -> Decimal:
        """The total, each resource counted once with its combined change."""
        return sum((s.combined_jpy for s in self.savings), Decimal(0))

    @property
    def annual_saving_jpy(self) -> Decimal:
        return self.monthly_saving_jpy * MONTHS_A_YEAR

    @property
    def overlaps(self) -> list[ResourceSaving]:
        return [s for s in self.savings if len(s.rules) > 1]


def combine(findings: list[Finding]) -> list[ResourceSaving]:
    """Per resource: the saving of all its changes at once.

    Findings that say what share of the resource's cost they keep combine multiplicatively (a
    server made smaller *and* stopped at night saves ``cost × (1 − keeps₁ × keeps₂)``); the others
    are added as they are.
    """
    by_resource: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if not f.informational:
            by_resource[f.resource_id].append(f)
    out = []
    for rid, group in by_resource.items():
        shared = [f for f in group if f.keeps is not None]
        alone = [f for f in group if f.keeps is None]
        combined = sum((f.monthly_saving_jpy for f in alone), Decimal(0))
        cost = max((f.monthly_cost_jpy for f in group), default=Decimal(0))
        if len(shared) == 1:
            combined += shared[0].monthly_saving_jpy
        elif shared:
            keeps = Decimal(1)
            for f in shared:
                keeps *= max(Decimal(0), min(Decimal(1), f.keeps or Decimal(0)))
            combined += max((f.monthly_cost_jpy for f in shared), default=Decimal(0)) * (1 - keeps)
        rules = sorted({f.rule for f in group})
        if len(rules) > 1:
            for f in group:
                f.combined_with = [r for r in rules if r != f.rule]
        out.append(
            ResourceSaving(rid, rules, cost, sum((f.monthly_saving_jpy for f in group), Decimal(0)), combined)
        )
    return sorted(out, key=lambda s: (-s.combined_jpy, s.resource_id))


def optimize(
    engine: Engine,
    *,
    municipality: str | None = None,
    rules: Sequence[str] | None = None,
    settings: Settings | Path | str | None = None,
    prices: Path | str | None = None,
    month: dt.date | None = None,
) -> OptimizeResult:
    known = RULES.keys()
    chosen = list(rules) if rules else known
    for key in chosen:
        if key not in known:
            raise UsageError("optimize.unknown_rule", rule=key, known=", ".join(known))
    conf = settings if isinstance(settings, Settings) else Settings.load(settings)
    catalog = PriceCatalog.load(prices)
    ctx = Context(engine, conf, catalog, month=month, municipality=municipality)
    findings: list[Finding] = []
    for key in chosen:
        found = RULES.get(key)().evaluate(ctx)
        if municipality:
            found = [f for f in found if f.municipality_code == municipality]
        findings.extend(found)
    findings.sort(key=lambda f: (-f.monthly_saving_jpy, f.rule, f.resource_id))
    return OptimizeResult(
        month=ctx.month,
        window_start=ctx.window_start,
        window_end=ctx.month_end,
        rules=chosen,
        findings=findings,
        savings=combine(findings),
        settings_source=conf.source,
        catalog_source=catalog.source,
    )
