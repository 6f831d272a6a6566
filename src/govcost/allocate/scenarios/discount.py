"""``discount``: volume (大口) or long-term (長期継続) discount rates on the cloud fees."""

from __future__ import annotations

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
    apportion,
    group_items,
    owner_name,
    rate_text,
    scale_to,
    total,
    yen,
)
from govcost.allocate.scenario_file import Params
from govcost.messages import t

#: The charges a discount on the fees applies to; credits and adjustments are amounts, not fees.
DISCOUNTABLE = ("Usage", "Purchase")


@KINDS.register("discount")
class Discount(Kind):
    """A discount rate on the cloud fees — a volume discount (大口割引) the Digital Agency negotiates
    for every municipality, or a long-term discount (長期継続割引) for a commitment of several years.

    Parameters (at least one of the first three):

    - ``rate``: the rate on every provider's fees, 0 ≤ rate < 1 (``0.1`` or ``"10%"``).
    - ``providers``: a provider's own rate, over ``rate`` (``{aws: 0.12, azure: 0.08}``).
    - ``services``: a service's own rate (its FOCUS ServiceName), over the provider's
      (``{"Amazon Elastic Compute Cloud": 0.15}``).
    - ``exclude_discounted``: ``true`` (default) leaves the lines already under a commitment
      discount as billed (Savings Plans, reservations: CommitmentDiscountId set, or PricingCategory
      ``Committed``) — a second discount does not stack on them; ``false`` discounts them too.
    - ``municipalities``: only these municipalities (codes, or ``特別区``); default all.

    What is discounted: the cloud rows charged as ``Usage`` or ``Purchase`` (credits and
    adjustments are not fees). The consumption tax follows the fees it is charged on: in each row
    of the derivation (municipality, system, environment, provider, service) the tax falls by
    tax × discount ÷ the taxable fees.

    Derivation, per row: the fees discounted (whole yen; the rows' fees and taxes add up to their
    exact total rounded once, by largest remainder), the fees left out as already
    discounted, the rate, the discount = round(fees × rate), the taxable fees, the tax, its change
    = round(tax × discount ÷ taxable fees), and the row's change (− discount − tax change).

    Example::

        - kind: discount
          name: 長期継続割引(3年)
          rate: 0.1
          providers: {azure: 0.05}
          exclude_discounted: true
    """

    title = "クラウド利用料の割引"

    def read(self, params: Params) -> None:
        self.rate = params.rate("rate")
        self.providers = _rates(params, "providers")
        self.services = _rates(params, "services")
        if self.rate is None and not self.providers and not self.services:
            raise params.error("rate", "scenario.missing")
        self.exclude_discounted = params.flag("exclude_discounted", True)
        self.municipalities = params.municipalities()

    def rate_for(self, item: Item) -> Decimal:
        if item.service in self.services:
            return self.services[item.service or ""]
        if (item.provider or "").lower() in self.providers:
            return self.providers[(item.provider or "").lower()]
        return self.rate or ZERO

    def apply(self, run: Run, items: list[Item]) -> StepResult:
        cloud = [
            i
            for i in items
            if i.is_cloud and (self.municipalities is None or i.municipality_code in self.municipalities)
        ]
        rows = []
        changes: dict[str | None, Decimal] = {}
        groups = group_items(
            cloud, lambda i: (i.municipality_code, i.system_id, i.environment, i.provider, i.service)
        )
        chosen = []
        for key, group in groups.items():
            fees = [i for i in group if not i.is_tax]
            rate = self.rate_for(fees[0]) if fees else ZERO
            eligible = [
                i
                for i in fees
                if i.charge_category in DISCOUNTABLE and not (i.discounted and self.exclude_discounted)
            ]
            if rate and eligible:
                chosen.append((key, group, fees, eligible, rate))
        # The fees discounted and their tax in whole yen, adding up to their exact total.
        shown = apportion(
            {
                (key, part): total(items)
                for key, group, _, eligible, _ in chosen
                for part, items in (("fees", eligible), ("tax", [i for i in group if i.is_tax]))
            }
        )
        for key, group, fees, eligible, rate in chosen:
            code, system, env, provider, service = key
            excluded = [i for i in fees if i.discounted and self.exclude_discounted]
            taxes = [i for i in group if i.is_tax]
            eligible_exact, tax_exact = total(eligible), total(taxes)
            eligible_jpy = shown[(key, "fees")]
            discount = yen(eligible_jpy * rate)
            taxable = yen(total(fees))
            tax = shown[(key, "tax")]
            tax_change = yen(tax * discount / taxable) if taxable and tax else ZERO
            change = -discount - tax_change
            scale_to(eligible, eligible_exact - discount)
            if taxes:
                scale_to(taxes, tax_exact - tax_change)
            add_change(changes, code, change)
            rows.append(
                {
                    "municipality_code": code or "",
                    "municipality_name": owner_name(code),
                    "system_id": system or "",
                    "environment": env or "",
                    "provider": provider or "",
                    "service": service or "",
                    "eligible_jpy": eligible_jpy,
                    "excluded_jpy": yen(total(excluded)),
                    "rate": rate,
                    "discount_jpy": -discount,
                    "taxable_jpy": taxable,
                    "tax_jpy": tax,
                    "tax_change_jpy": -tax_change,
                    "change_jpy": change,
                }
            )
        if not rows:
            raise self.nothing_matches(t("scenario.discount.what"))
        table = Table(
            [
                Col("municipality_code", t("scenario.col.municipality")),
                Col("municipality_name", t("scenario.col.municipality_name")),
                Col("system_id", t("scenario.col.system")),
                Col("environment", t("scenario.col.environment")),
                Col("provider", t("scenario.col.provider")),
                Col("service", t("scenario.col.service")),
                Col("eligible_jpy", t("scenario.discount.col.eligible"), "yen"),
                Col("excluded_jpy", t("scenario.discount.col.excluded"), "yen"),
                Col("rate", t("scenario.discount.col.rate"), "rate"),
                Col("discount_jpy", t("scenario.discount.col.discount"), "yen"),
                Col("taxable_jpy", t("scenario.discount.col.taxable"), "yen"),
                Col("tax_jpy", t("scenario.discount.col.tax"), "yen"),
                Col("tax_change_jpy", t("scenario.discount.col.tax_change"), "yen"),
                Col("change_jpy", t("scenario.col.change"), "yen"),
            ],
            rows,
        ).add_total(t("label.total"))
        assert table.total is not None
        given = ", ".join(
            [
                *([t("scenario.discount.all_providers", rate=rate_text(self.rate))] if self.rate else []),
                *(f"{k} {rate_text(v)}" for k, v in self.providers.items()),
                *(f"{k} {rate_text(v)}" for k, v in self.services.items()),
            ]
        )
        figures = [
            Figure("rates", t("scenario.discount.rates"), given),
            Figure(
                "exclude_discounted",
                t("scenario.discount.exclude"),
                t("scenario.yes") if self.exclude_discounted else t("scenario.no"),
            ),
            Figure("eligible_jpy", t("scenario.discount.col.eligible"), table.total["eligible_jpy"], "yen"),
            Figure("excluded_jpy", t("scenario.discount.col.excluded"), table.total["excluded_jpy"], "yen"),
            Figure("discount_jpy", t("scenario.discount.col.discount"), table.total["discount_jpy"], "yen"),
            Figure(
                "tax_change_jpy", t("scenario.discount.col.tax_change"), table.total["tax_change_jpy"], "yen"
            ),
            Figure("change_jpy", t("scenario.col.change"), table.total["change_jpy"], "yen"),
        ]
        section = Section("discounted", t("scenario.discount.section"), figures, table)
        return StepResult(self.key, self.title, [section], changes)


def _rates(params: Params, name: str) -> dict[str, Decimal]:
    """A mapping name → rate (provider names are compared in lower case)."""
    nested = params.mapping(name)
    if nested is None:
        return {}
    out: dict[str, Decimal] = {}
    for key, value in nested.raw.items():
        nested.read.add(key)
        rate = nested.check_rate(str(key), value)
        out[str(key).lower() if name == "providers" else str(key)] = rate
    return out
