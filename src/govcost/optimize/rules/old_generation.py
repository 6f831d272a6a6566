"""``old-generation``: previous-generation instance families with a cheaper current equivalent."""

from __future__ import annotations

from govcost.messages import msg
from govcost.optimize.base import RULES, Finding, Rule
from govcost.optimize.context import Context, Resource


@RULES.register("old-generation")
class OldGenerationRule(Rule):
    """An instance of a previous-generation family (m4, t2, r4, c4 …) runs where the current family
    of the same size costs less per hour for the same vCPUs and memory.

    The saving is the month's cost times the share the current type's list price takes off; the
    prices are the bill's own (ListUnitPrice) for the running type and the price catalog's for the
    current one. Example finding::

        rule: old-generation   resource: i-0abc… (zei-131016-stg-ap01, m4.xlarge, Linux)
        evidence: current_price_usd 0.258, successor m6i.xlarge 0.248, hours 744
        action: インスタンスタイプを m4.xlarge から現行世代の m6i.xlarge に変更してください …
    """

    guide_ref = msg("rule.old_generation.guide_ref")
    title = msg("rule.old_generation.title")

    def evaluate(self, ctx: Context) -> list[Finding]:
        out = []
        for res in ctx.instances():
            finding = self._check(ctx, res)
            if finding is not None:
                out.append(finding)
        return out

    def _check(self, ctx: Context, res: Resource) -> Finding | None:
        itype = res.instance_type
        if itype is None or itype.successor is None or not res.region_id:
            return None
        os_name = res.operating_system
        current = ctx.hourly_list_price(res)
        successor = ctx.catalog.get(res.region_id, "ec2", itype.successor, os_name)
        if current is None or successor is None or successor.usd >= current:
            return None
        keeps = successor.usd / current
        cost = res.cost_jpy
        return self.finding(
            ctx,
            res.resource_id,
            action=msg(
                "rule.old_generation.action",
                current=itype.name,
                successor=itype.successor,
                os=os_name,
            ),
            monthly_saving_jpy=cost * (1 - keeps),
            evidence={
                "instance_type": itype.name,
                "operating_system": os_name,
                "current_price_usd_per_hour": current,
                "successor": itype.successor,
                "successor_price_usd_per_hour": successor.usd,
                "successor_price_taken_on": successor.taken_on,
                "hours": res.hours,
                "monthly_cost_jpy": cost,
            },
            confidence="high",
            keeps=keeps,
        )
