"""What a rule is, what it reads and what it says.

A rule is one small class in ``optimize/rules/``, registered under its kebab-case id, whose
docstring is its documentation (with an example finding). It reads a :class:`Context` — the
ledger's resources of the month under review, the utilisation metrics of the look-back window, the
per-system settings and the price catalog — and returns :class:`Finding` objects.

Money stays exact: savings are Decimals of yen, rounded to the yen once, when shown.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from govcost.jp.money import round_yen
from govcost.registry import Registry

if TYPE_CHECKING:
    from govcost.optimize.context import Context

Confidence = Literal["high", "medium", "low"]
MONTHS_A_YEAR = 12


@dataclass
class Finding:
    """One change to one resource (or account), what it saves and the numbers it rests on.

    ``monthly_cost_jpy`` is what the resource costs in the month under review (before tax), and
    ``keeps`` the share of it the change leaves: when several rules touch one resource, the
    combined saving is ``cost × (1 − Π keeps)``, not the sum. A finding whose saving is not a share
    of the resource's cost (an account-level commitment) leaves ``keeps`` None and is added as is.
    """

    rule: str
    resource_id: str
    resource_type: str
    action: str
    monthly_saving_jpy: Decimal
    monthly_cost_jpy: Decimal
    evidence: dict[str, Any]
    guide_ref: str
    confidence: Confidence
    keeps: Decimal | None = None
    #: Says something without recommending a change (a stricter requirement that rules a change
    #: out, a volume discount missing from the bill): listed, saving zero, never in the totals.
    informational: bool = False
    resource_name: str | None = None
    municipality_code: str | None = None
    business: str | None = None
    environment: str | None = None
    system_id: str | None = None
    account_id: str | None = None
    region_id: str | None = None
    #: Set on the result: the other rules that touch the same resource.
    combined_with: list[str] = field(default_factory=list)

    @property
    def annual_saving_jpy(self) -> Decimal:
        return self.monthly_saving_jpy * MONTHS_A_YEAR

    def to_json(self) -> dict[str, Any]:
        """The finding as the JSON output shows it: yen rounded once, here (half up)."""
        return {
            "rule": self.rule,
            "resource_id": self.resource_id,
            "resource_name": self.resource_name,
            "resource_type": self.resource_type,
            "municipality_code": self.municipality_code,
            "business": self.business,
            "environment": self.environment,
            "system_id": self.system_id,
            "account_id": self.account_id,
            "region_id": self.region_id,
            "monthly_cost_jpy": int(round_yen(self.monthly_cost_jpy)),
            "monthly_saving_jpy": int(round_yen(self.monthly_saving_jpy)),
            "annual_saving_jpy": int(round_yen(self.annual_saving_jpy)),
            "evidence": _plain(self.evidence),
            "action": self.action,
            "guide_ref": self.guide_ref,
            "confidence": self.confidence,
            "combined_with": self.combined_with,
            "informational": self.informational,
        }


def _plain(value: Any) -> Any:
    """Evidence as JSON: Decimals as strings (exact), dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 4)
    return value


class Rule(ABC):
    """One approach of the guide. Subclasses register with ``@RULES.register("rule-id")``."""

    key: ClassVar[str]
    #: The guide item the rule automates (アプローチガイド の項目).
    guide_ref: ClassVar[str]
    #: Japanese title, shown in the summary.
    title: ClassVar[str]

    @abstractmethod
    def evaluate(self, ctx: Context) -> list[Finding]:
        """Every finding of this rule on the resources in ``ctx``."""

    def finding(self, ctx: Context, resource_id: str, **fields: Any) -> Finding:
        """A finding on a resource of the inventory, its owner columns filled from the ledger."""
        res = ctx.resource(resource_id)
        base: dict[str, Any] = {"guide_ref": self.guide_ref}
        if res is not None:
            base.update(
                resource_type=res.resource_type,
                resource_name=res.name,
                municipality_code=res.municipality_code,
                business=res.business,
                environment=res.environment,
                system_id=res.system_id,
                account_id=res.account_id,
                region_id=res.region_id,
                monthly_cost_jpy=res.cost_jpy,
            )
        base.update(fields)
        return Finding(rule=self.key, resource_id=resource_id, **base)


RULES: Registry[Rule] = Registry("rule", "govcost.optimize.rules")
