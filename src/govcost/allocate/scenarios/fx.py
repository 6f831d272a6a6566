"""``fx``: the costs billed in a foreign currency re-priced at another exchange rate."""

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
    ratio_text,
    scale_to,
    total,
    yen,
)
from govcost.allocate.scenario_file import Params
from govcost.messages import t


@KINDS.register("fx")
class Fx(Kind):
    """An exchange-rate change: every cost billed in ``currency`` (USD by default) re-priced as its
    BilledCost × ``rate``, in place of BilledCost × the rate the ledger stored for its month
    (``fx_jpy_per_unit``). Costs billed in yen do not move.

    Parameters:

    - ``rate`` (required): yen per unit of the currency, above 0 (例: 160).
    - ``currency``: the billing currency re-priced (default ``USD``).
    - ``municipalities``: only these municipalities (codes, or ``特別区``); default all.

    Derivation, one row per municipality, system, environment and provider: the amount billed in the
    currency, the yen before this step (whole yen, the rows adding up to their exact total rounded
    once, by largest remainder) and the average rate they imply, the yen at the new rate
    (billed × rate, rounded to the yen once) and the change. In a chain, "billed" is the amount in
    the currency as the earlier steps left it (a discount lowers it too).

    Example::

        - kind: fx
          rate: 160        # 1 USD = 160 円
    """

    title = "為替レートの変化"

    def read(self, params: Params) -> None:
        rate = params.number("rate", required=True, above=ZERO)
        assert rate is not None
        self.rate: Decimal = rate
        self.currency = (params.text("currency") or "USD").strip().upper()
        self.municipalities = params.municipalities()

    def apply(self, run: Run, items: list[Item]) -> StepResult:
        chosen = [
            i
            for i in items
            if i.currency == self.currency
            and (self.municipalities is None or i.municipality_code in self.municipalities)
        ]
        if not chosen:
            raise self.nothing_matches(t("scenario.fx.what", currency=self.currency))
        rows = []
        changes: dict[str | None, Decimal] = {}
        billed_total = ZERO
        groups = group_items(chosen, lambda i: (i.municipality_code, i.system_id, i.environment, i.provider))
        befores = apportion({key: total(group) for key, group in groups.items()})
        for (code, system, env, provider), group in groups.items():
            billed = sum((i.billed for i in group), ZERO)
            before_exact = total(group)
            before = befores[(code, system, env, provider)]
            after = yen(billed * self.rate)
            change = after - before
            for i in group:
                i.amount = i.billed * self.rate
            scale_to(group, before_exact + change, keep_billed=True)
            add_change(changes, code, change)
            billed_total += billed
            rows.append(
                {
                    "municipality_code": code or "",
                    "municipality_name": owner_name(code),
                    "system_id": system or "",
                    "environment": env or "",
                    "provider": provider or "",
                    "billed": billed,
                    "average_rate": ratio_text(before_exact / billed, 2) if billed else "",
                    "before_jpy": before,
                    "rate": self.rate,
                    "after_jpy": after,
                    "change_jpy": change,
                }
            )
        table = Table(
            [
                Col("municipality_code", t("scenario.col.municipality")),
                Col("municipality_name", t("scenario.col.municipality_name")),
                Col("system_id", t("scenario.col.system")),
                Col("environment", t("scenario.col.environment")),
                Col("provider", t("scenario.col.provider")),
                Col("billed", t("scenario.fx.col.billed", currency=self.currency), "decimal"),
                Col("average_rate", t("scenario.fx.col.average_rate")),
                Col("before_jpy", t("scenario.col.before_step"), "yen"),
                Col("rate", t("scenario.fx.col.rate"), "decimal"),
                Col("after_jpy", t("scenario.fx.col.after"), "yen"),
                Col("change_jpy", t("scenario.col.change"), "yen"),
            ],
            rows,
        ).add_total(t("label.total"))
        assert table.total is not None
        figures = [
            Figure("currency", t("scenario.fx.currency"), self.currency),
            Figure("rate", t("scenario.fx.rate"), self.rate, "decimal"),
            Figure("billed", t("scenario.fx.billed", currency=self.currency), billed_total, "decimal"),
            Figure("before_jpy", t("scenario.col.before_step"), table.total["before_jpy"], "yen"),
            Figure("after_jpy", t("scenario.fx.col.after"), table.total["after_jpy"], "yen"),
            Figure("change_jpy", t("scenario.col.change"), table.total["change_jpy"], "yen"),
        ]
        section = Section("repriced", t("scenario.fx.section"), figures, table)
        return StepResult(self.key, self.title, [section], changes)
