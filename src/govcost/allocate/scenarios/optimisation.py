"""``optimisation``: the optimisation findings (``govcost optimize``) carried out."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal

from govcost.allocate.scenario import (
    KINDS,
    ZERO,
    Col,
    Figure,
    Item,
    Kind,
    Run,
    Section,
    StepResult,
    Table,
    add_change,
    owner_name,
    scale_to,
    total,
    yen,
)
from govcost.allocate.scenario_file import Params
from govcost.allocate.shares import largest_remainder
from govcost.messages import t
from govcost.optimize.base import Finding


@KINDS.register("optimisation")
class Optimisation(Kind):
    """The optimisation findings carried out: every rule of ``govcost optimize`` (or those chosen)
    over its month under review, each resource counted once with the combined saving of all its
    findings (as ``govcost optimize`` adds them up), findings for information not counted.

    Parameters:

    - ``settings``: the settings file of ``govcost optimize`` (YAML, relative to the scenario file);
      default none (the standard settings).
    - ``rules``: the rule ids to apply (default all).
    - ``prices``: the price catalog (CSV), default the shipped one.
    - ``month``: the month under review, ``YYYY-MM`` (default the ledger's latest month of cloud use).
    - ``municipalities``: only the findings of these municipalities (codes, or ``特別区``).

    The reduction of a resource over the period is its combined monthly saving × the months of the
    period with costs, rounded to the yen once, and never more than what the resource costs in the
    period as the earlier steps left it (the row says when it was capped). A saving on something
    that is not one resource of the ledger is added as a reduction line of its own: for the
    finding's municipality (the log storage of an account), or — a commitment on a billing account
    that bills several municipalities — split among the municipalities billed under that account in
    proportion to their cloud fees in the period (largest remainder). The savings are before tax,
    as ``govcost optimize`` shows them: the consumption tax on them is not counted.

    Derivation, one row per resource and municipality: the rules, the owner, the combined monthly
    saving (exact), the months, the reduction, whether it was capped, and how it was attributed.

    Example::

        - kind: optimisation
          settings: ../optimize.yaml
          rules: [operating-hours, storage, dr-configuration]
    """

    title = "最適化の指摘の実施"

    def read(self, params: Params) -> None:
        from govcost.optimize.base import RULES

        self.settings = params.path("settings")
        self.prices = params.path("prices")
        self.rules = params.names("rules")
        known = RULES.keys()
        for rule in self.rules or []:
            if rule not in known:
                raise params.error("rules", "scenario.unknown_rule", found=rule, known=", ".join(known))
        month = params.text("month")
        self.month: dt.date | None = None
        if month is not None:
            hit = re.fullmatch(r"(\d{4})-(\d{1,2})", month.strip())
            if not hit or not 1 <= int(hit[2]) <= 12:
                raise params.error("month", expected="YYYY-MM", found=month)
            self.month = dt.date(int(hit[1]), int(hit[2]), 1)
        self.municipalities = params.municipalities()

    def apply(self, run: Run, items: list[Item]) -> StepResult:
        result = run.engine.optimize(
            settings=self.settings, rules=self.rules, prices=self.prices, month=self.month
        )
        months = run.period.month_count
        by_resource: dict[str, list[Item]] = defaultdict(list)
        for i in items:
            if i.resource_id and not i.is_tax:
                by_resource[i.resource_id].append(i)
        findings: dict[str, list[Finding]] = defaultdict(list)
        for f in result.findings:
            if not f.informational:
                findings[f.resource_id].append(f)
        rows = []
        changes: dict[str | None, Decimal] = {}
        notes = []
        monthly_total = ZERO
        for saving in sorted(result.savings, key=lambda s: s.resource_id):
            if saving.combined_jpy <= 0:
                continue
            first = findings[saving.resource_id][0]
            targets = by_resource.get(saving.resource_id, [])
            reduction = yen(saving.combined_jpy * months)
            capped, how = False, "resource"
            if targets:
                available = yen(total(targets))
                if reduction > available:
                    reduction, capped = max(available, ZERO), True
                shares: dict[str | None, Decimal] = {targets[0].municipality_code: reduction}
            else:
                shares, how = self._owners(first, reduction, items)
            shares = {
                code: share
                for code, share in shares.items()
                if self.municipalities is None or code in self.municipalities
            }
            if not shares:
                continue
            if targets:
                scale_to(targets, total(targets) - reduction)
            monthly_total += saving.combined_jpy
            for code, share in shares.items():
                if not targets:
                    items.append(_reduction(first, saving.resource_id, code, share))
                add_change(changes, code, -share)
                rows.append(
                    {
                        "resource_id": saving.resource_id,
                        "resource_name": first.resource_name or "",
                        "resource_type": first.resource_type or "",
                        "rules": ", ".join(saving.rules),
                        "municipality_code": code or "",
                        "municipality_name": owner_name(code),
                        "system_id": (first.system_id or "") if how != "split" else "",
                        "environment": (first.environment or "") if how != "split" else "",
                        "monthly_saving": saving.combined_jpy,
                        "months": months,
                        "reduction_jpy": -share,
                        "capped": t("scenario.optimisation.capped") if capped else "",
                        "attributed": t(f"scenario.optimisation.by.{how}"),
                    }
                )
        if not rows:
            raise self.nothing_matches(t("scenario.optimisation.what"))
        first_month = f"{run.period.months[0]}"
        if not first_month <= f"{result.month:%Y-%m}" <= run.period.months[-1]:
            notes.append(t("scenario.optimisation.month_outside", month=f"{result.month:%Y-%m}"))
        table = Table(
            [
                Col("resource_id", t("scenario.col.resource_id")),
                Col("resource_name", t("scenario.col.resource_name")),
                Col("resource_type", t("scenario.col.resource_type")),
                Col("rules", t("scenario.optimisation.col.rules")),
                Col("municipality_code", t("scenario.col.municipality")),
                Col("municipality_name", t("scenario.col.municipality_name")),
                Col("system_id", t("scenario.col.system")),
                Col("environment", t("scenario.col.environment")),
                Col("monthly_saving", t("scenario.optimisation.col.monthly"), "decimal"),
                Col("months", t("scenario.col.months"), "int"),
                Col("reduction_jpy", t("scenario.optimisation.col.reduction"), "yen"),
                Col("capped", t("scenario.optimisation.col.capped")),
                Col("attributed", t("scenario.optimisation.col.attributed")),
            ],
            rows,
        ).add_total(t("label.total"))
        table.total = {**(table.total or {}), "months": None}
        figures = [
            Figure("month", t("scenario.optimisation.month"), f"{result.month:%Y-%m}"),
            Figure("settings", t("scenario.optimisation.settings"), result.settings_source or "-"),
            Figure("rules", t("scenario.optimisation.col.rules"), ", ".join(result.rules)),
            Figure(
                "resources",
                t("scenario.optimisation.resources"),
                len({r["resource_id"] for r in rows}),
                "int",
            ),
            Figure(
                "monthly_saving",
                t("scenario.optimisation.col.monthly"),
                monthly_total,
                "decimal",
            ),
            Figure("months", t("scenario.col.months"), months, "int"),
            Figure(
                "change_jpy",
                t("scenario.optimisation.col.reduction"),
                (table.total or {})["reduction_jpy"],
                "yen",
            ),
        ]
        section = Section("savings", t("scenario.optimisation.section"), figures, table)
        return StepResult(self.key, self.title, [section], changes, notes)

    def _owners(
        self, finding: Finding, reduction: Decimal, items: list[Item]
    ) -> tuple[dict[str | None, Decimal], str]:
        """Who a saving on no one resource of the ledger belongs to: the finding's municipality, or
        (a billing account's commitment) the municipalities billed under that account, in
        proportion to their cloud fees in the period (largest remainder)."""
        if finding.municipality_code:
            return {finding.municipality_code: reduction}, "owner"
        account = finding.account_id or finding.resource_id
        fees: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for i in items:
            if (
                i.is_cloud
                and not i.is_tax
                and i.municipality_code
                and account in (i.billing_account_id, i.account_id)
            ):
                fees[i.municipality_code] += i.amount
        weights = {code: max(v, ZERO) for code, v in sorted(fees.items())}
        if not any(weights.values()):
            return {None: reduction}, "unassigned"
        split = largest_remainder(reduction, weights)
        return {code: share for code, share in split.items() if share}, "split"


def _reduction(finding: Finding, resource_id: str, code: str | None, amount: Decimal) -> Item:
    """A line of its own for a saving no ledger row carries (it is not part of the cost now)."""
    split = code != finding.municipality_code
    return Item(
        municipality_code=code,
        system_id=None if split else finding.system_id,
        business=None if split else finding.business,
        environment=None if split else finding.environment,
        cost_source="cloud",
        provider=None,
        service=None,
        service_category=None,
        resource_type=finding.resource_type,
        resource_id=resource_id,
        resource_name=finding.resource_name,
        charge_category="Usage",
        currency="JPY",
        discounted=False,
        billed=-amount,
        now=ZERO,
        amount=-amount,
        added=True,
        touched=True,
        account_id=finding.account_id,
    )
