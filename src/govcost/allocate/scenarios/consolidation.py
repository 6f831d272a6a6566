"""``consolidation``: N per-municipality environments of one vendor's system consolidated into one
multi-tenant environment (seed 004: from model B, IaaS per municipality, to the reformed model)."""

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
    ratio_text,
    scale_to,
    total,
    yen,
)
from govcost.allocate.scenario_file import Params, matches
from govcost.allocate.shares import largest_remainder
from govcost.ledger.summary import COST_SOURCE_LABELS
from govcost.messages import t

#: The ledger's resource types that each environment has once, whatever its size: the servers
#: (EC2 instances, RDS instances, Azure virtual machines) and the network plumbing (NAT gateways,
#: load balancers, addresses). Storage, backups, snapshots, logs and data transfer grow with the
#: data and the load: variable.
DEFAULT_FIXED_TYPES = ("instance", "db", "virtual machine", "natgateway", "loadbalancer", "elastic-ip")
SOURCES = ("cloud", "software", "operations", "operations_assistant", "network", "equipment", "other")
DRIVERS = ("population", "current")
SPLITS = ("population", "current", "equal")


@KINDS.register("consolidation")
class Consolidation(Kind):
    """N per-municipality environments of one vendor's system (seed 004's model B: IaaS, one
    environment per municipality) consolidated into one multi-tenant environment (the reformed
    model: one environment, one system). Each environment's cost is split into a fixed part — the
    servers and network plumbing every environment has once — and a variable part that grows with
    the data and the load. The multi-tenant environment keeps the fixed part once (the largest
    environment's, times ``keep``) and scales the variable part by the total driver with economies
    of scale; the tax follows; the new total is split back among the members.

    Parameters:

    - ``systems`` or ``package`` (one of them required): the environments, by system id with
      wildcards (``[JUKI-*]``), or by the package key of ids written ``KEY-…`` (``package: juki``).
    - ``municipalities``: only the environments of these municipalities (codes, or ``特別区``).
    - ``cost_sources``: what is consolidated (default ``[cloud]``).
    - ``fixed``: which rows are fixed — ``resource_types`` (default: instance, db, virtual machine,
      natgateway, loadbalancer, elastic-ip), ``services`` (ServiceName), ``cost_sources`` (a whole
      source kept once, e.g. ``operations_assistant``); any match makes a row fixed. Or
      ``fixed_share: 0.6``: that share of every row is fixed, instead of the rules.
    - ``keep``: the multi-tenant environment's fixed part = ``keep`` × the largest environment's
      fixed part (default 1; above 1 for the headroom one environment for all needs).
    - ``driver``: what the variable part grows with — ``population`` (of the environment's owner;
      default) or ``current`` (its current variable cost, as measured load).
    - ``exponent``: economies of scale, 0 < e ≤ 1 (default 1: none). The variable cost of an
      environment serving driver d is taken as c × dᵉ, calibrated on the current environments:
      new variable = Σvᵢ × (Σdᵢ)ᵉ ÷ Σ(dᵢᵉ). With e = 1 it is Σvᵢ; below 1 it is less.
    - ``split``: how the new total is split back — ``population`` (default), ``current`` (the
      members' current costs) or ``equal``; largest remainder, so it adds up to the yen.

    Tax rows (ChargeCategory ``Tax``) are neither: the new tax = round(tax now × (kept fixed + new
    variable) ÷ (fixed + variable now)).

    Derivation: each environment's fixed, variable and tax parts (whole yen, adding up to their exact
    total rounded once: largest remainder) and its
    driver; what is kept (the largest fixed part × keep); the scaling of the variable part; the tax;
    the new total; the split back by key, and each member's change.

    Example::

        - kind: consolidation
          package: juki
          municipalities: 特別区
          keep: 2
          driver: population
          exponent: 0.9
          split: population
    """

    title = "マルチテナント環境への集約"

    def read(self, params: Params) -> None:
        systems = params.patterns("systems")
        package = params.text("package")
        if systems is None and package is None:
            raise params.error("systems", "scenario.missing")
        self.patterns = [*(systems or []), *([f"{package.upper()}-*"] if package else [])]
        self.municipalities = params.municipalities()
        self.cost_sources = params.choices("cost_sources", SOURCES, ("cloud",))
        self.fixed_share = params.rate("fixed_share")
        fixed = params.mapping("fixed")
        if fixed is not None and self.fixed_share is not None:
            raise params.error("fixed_share", "scenario.fixed_both")
        self.fixed_types: tuple[str, ...] = DEFAULT_FIXED_TYPES
        self.fixed_services: tuple[str, ...] = ()
        self.fixed_sources: tuple[str, ...] = ()
        if fixed is not None:
            self.fixed_types = tuple(v.lower() for v in fixed.names("resource_types") or ())
            self.fixed_services = tuple(fixed.names("services") or ())
            self.fixed_sources = tuple(fixed.choices("cost_sources", SOURCES, ()))
            fixed.finish()
        keep = params.number("keep", Decimal(1), above=ZERO)
        assert keep is not None
        self.keep: Decimal = keep
        self.driver = params.choice("driver", DRIVERS, "population")
        exponent = params.number("exponent", Decimal(1), above=ZERO, high=Decimal(1))
        assert exponent is not None
        self.exponent: Decimal = exponent
        self.split = params.choice("split", SPLITS, "population")

    def is_fixed(self, item: Item) -> bool:
        return (
            (item.resource_type or "").lower() in self.fixed_types
            or (item.service or "") in self.fixed_services
            or item.cost_source in self.fixed_sources
        )

    def apply(self, run: Run, items: list[Item]) -> StepResult:
        scope = [
            i
            for i in items
            if i.cost_source in self.cost_sources
            and i.municipality_code
            and matches(i.system_id, self.patterns)
            and (self.municipalities is None or i.municipality_code in self.municipalities)
        ]
        if not scope:
            raise self.nothing_matches(", ".join(self.patterns))
        envs = group_items(scope, lambda i: (i.system_id, i.municipality_code))
        # --- 1. each environment's parts, in whole yen adding up to their exact total ------------
        exact_parts: dict[tuple[tuple[str, str], str], Decimal] = {}
        for key, group in envs.items():
            fees = [i for i in group if not i.is_tax]
            if self.fixed_share is not None:
                both = total(fees)
                fixed_exact = both * self.fixed_share
                variable_exact = both - fixed_exact
            else:
                fixed_exact = total(i for i in fees if self.is_fixed(i))
                variable_exact = total(i for i in fees if not self.is_fixed(i))
            exact_parts[(key, "fixed")] = fixed_exact
            exact_parts[(key, "variable")] = variable_exact
            exact_parts[(key, "tax")] = total(i for i in group if i.is_tax)
        whole = apportion(exact_parts)
        parts = {key: (whole[(key, "fixed")], whole[(key, "variable")], whole[(key, "tax")]) for key in envs}
        drivers = {key: self._driver(run, key, parts[key][1]) for key in envs}
        e = self.exponent
        powered = {key: (d**e if d > 0 else ZERO) for key, d in drivers.items()}
        f_sum = sum((p[0] for p in parts.values()), ZERO)
        v_sum = sum((p[1] for p in parts.values()), ZERO)
        x_sum = sum((p[2] for p in parts.values()), ZERO)
        # --- 2. what is kept: the largest fixed part, times keep -----------------------------------
        largest = max(parts, key=lambda k: (parts[k][0], k))
        kept = yen(parts[largest][0] * self.keep)
        # --- 3. the variable part, scaled ------------------------------------------------------------
        d_sum = sum(drivers.values(), ZERO)
        s_sum = sum(powered.values(), ZERO)
        d_powered = d_sum**e if d_sum > 0 else ZERO
        factor = d_powered / s_sum if s_sum else Decimal(1)
        variable_new = yen(v_sum * factor)
        # --- 4. the tax follows, 5. the new total ----------------------------------------------------
        tax_new = yen(x_sum * (kept + variable_new) / (f_sum + v_sum)) if f_sum + v_sum else ZERO
        new_total = kept + variable_new + tax_new
        # --- 6. split back among the members -----------------------------------------------------------
        members = sorted({code for _, code in envs})
        member_now = {m: sum((sum(parts[k], ZERO) for k in parts if k[1] == m), ZERO) for m in members}
        weights = {m: self._weight(run, m, member_now[m]) for m in members}
        if not any(weights.values()):
            weights = {m: Decimal(1) for m in members}
        member_new = largest_remainder(new_total, weights)
        changes: dict[str | None, Decimal] = {}
        for m in members:
            group = [i for i in scope if i.municipality_code == m]
            change = member_new[m] - member_now[m]
            scale_to(group, total(group) + change)
            add_change(changes, m, change)
        return StepResult(
            self.key,
            self.title,
            self._sections(
                run,
                envs,
                parts,
                drivers,
                powered,
                largest,
                kept,
                (d_sum, d_powered, s_sum, factor, variable_new),
                tax_new,
                (members, member_now, weights, member_new),
            ),
            changes,
        )

    def _driver(self, run: Run, key: tuple[str, str], variable: Decimal) -> Decimal:
        if self.driver == "current":
            return max(variable, ZERO)
        return Decimal(run.population(key[1], self.at("driver")))

    def _weight(self, run: Run, code: str, current: Decimal) -> Decimal:
        if self.split == "equal":
            return Decimal(1)
        if self.split == "population":
            return Decimal(run.population(code, self.at("split")))
        return max(current, ZERO)

    def _sections(
        self,
        run: Run,
        envs: dict[tuple[str, str], list[Item]],
        parts: dict[tuple[str, str], tuple[Decimal, Decimal, Decimal]],
        drivers: dict[tuple[str, str], Decimal],
        powered: dict[tuple[str, str], Decimal],
        largest: tuple[str, str],
        kept: Decimal,
        scaling: tuple[Decimal, Decimal, Decimal, Decimal, Decimal],
        tax_new: Decimal,
        split: tuple[list[str], dict[str, Decimal], dict[str, Decimal], dict[str, Decimal]],
    ) -> list[Section]:
        d_sum, d_powered, s_sum, factor, variable_new = scaling
        members, member_now, weights, member_new = split
        f_sum = sum((p[0] for p in parts.values()), ZERO)
        v_sum = sum((p[1] for p in parts.values()), ZERO)
        x_sum = sum((p[2] for p in parts.values()), ZERO)
        now_sum = f_sum + v_sum + x_sum
        new_total = kept + variable_new + tax_new
        driver_label = t(f"scenario.cons.driver.{self.driver}")
        env_rows = [
            {
                "system_id": system,
                "municipality_code": code,
                "municipality_name": owner_name(code),
                "fixed_jpy": parts[(system, code)][0],
                "variable_jpy": parts[(system, code)][1],
                "tax_jpy": parts[(system, code)][2],
                "now_jpy": sum(parts[(system, code)], ZERO),
                "driver": drivers[(system, code)],
                "powered": _shown(powered[(system, code)]),
                "largest": "◀" if (system, code) == largest else "",
            }
            for system, code in envs
        ]
        env_table = Table(
            [
                Col("system_id", t("scenario.col.system")),
                Col("municipality_code", t("scenario.col.municipality")),
                Col("municipality_name", t("scenario.col.municipality_name")),
                Col("fixed_jpy", t("scenario.cons.col.fixed"), "yen"),
                Col("variable_jpy", t("scenario.cons.col.variable"), "yen"),
                Col("tax_jpy", t("scenario.cons.col.tax"), "yen"),
                Col("now_jpy", t("scenario.cons.col.now"), "yen"),
                Col("driver", t("scenario.cons.col.driver", driver=driver_label), "decimal"),
                Col("powered", t("scenario.cons.col.powered", e=f"{self.exponent:f}"), "decimal"),
                Col("largest", t("scenario.cons.col.largest")),
            ],
            env_rows,
        ).add_total(t("label.total"))
        if env_table.total is not None:
            env_table.total["driver"] = d_sum
            env_table.total["powered"] = _shown(s_sum)
        if self.fixed_share is not None:
            rule = t("scenario.cons.fixed_share", share=rate_text(self.fixed_share))
        else:
            rule = t(
                "scenario.cons.fixed_rules",
                types=", ".join(self.fixed_types) or "-",
                services=", ".join(self.fixed_services) or "-",
                sources=", ".join(COST_SOURCE_LABELS.get(s, s) for s in self.fixed_sources) or "-",
            )
        now_section = Section(
            "environments",
            t("scenario.cons.env_section"),
            [
                Figure("model", t("scenario.cons.model"), t("scenario.cons.model_value")),
                Figure("systems", t("scenario.cons.systems"), ", ".join(self.patterns)),
                Figure(
                    "cost_sources",
                    t("scenario.cons.cost_sources"),
                    ", ".join(COST_SOURCE_LABELS.get(s, s) for s in self.cost_sources),
                ),
                Figure("fixed_rule", t("scenario.cons.fixed_rule"), rule),
                Figure("environments", t("scenario.cons.environments"), len(envs), "int"),
                Figure("months", t("scenario.col.months"), run.period.month_count, "int"),
                Figure("fixed_jpy", t("scenario.cons.col.fixed"), f_sum, "yen"),
                Figure("variable_jpy", t("scenario.cons.col.variable"), v_sum, "yen"),
                Figure("tax_jpy", t("scenario.cons.col.tax"), x_sum, "yen"),
                Figure("now_jpy", t("scenario.cons.col.now"), now_sum, "yen"),
            ],
            env_table,
        )
        kept_section = Section(
            "kept",
            t("scenario.cons.kept_section"),
            [
                Figure("largest", t("scenario.cons.largest"), f"{largest[0]} ({owner_name(largest[1])})"),
                Figure("largest_fixed_jpy", t("scenario.cons.largest_fixed"), parts[largest][0], "yen"),
                Figure("keep", t("scenario.cons.keep"), self.keep, "decimal"),
                Figure("kept_jpy", t("scenario.cons.kept"), kept, "yen"),
                Figure(
                    "kept_formula",
                    t("scenario.jp.formula"),
                    t(
                        "scenario.cons.kept_formula",
                        fixed=f"{parts[largest][0]:,}",
                        keep=f"{self.keep:f}",
                        kept=f"{kept:,}",
                    ),
                ),
                Figure("fixed_saved_jpy", t("scenario.cons.fixed_saved"), kept - f_sum, "yen"),
            ],
        )
        scaled_section = Section(
            "scaled",
            t("scenario.cons.scaled_section"),
            [
                Figure("driver", t("scenario.cons.driver"), driver_label),
                Figure("exponent", t("scenario.cons.exponent"), self.exponent, "decimal"),
                Figure("driver_total", t("scenario.cons.driver_total"), d_sum, "decimal"),
                Figure("driver_total_powered", t("scenario.cons.driver_total_powered"), _shown(d_powered)),
                Figure("sum_of_powered", t("scenario.cons.sum_of_powered"), _shown(s_sum)),
                Figure("factor", t("scenario.cons.factor"), _shown(factor, 10)),
                Figure("variable_jpy", t("scenario.cons.col.variable"), v_sum, "yen"),
                Figure("variable_new_jpy", t("scenario.cons.variable_new"), variable_new, "yen"),
                Figure(
                    "variable_formula",
                    t("scenario.jp.formula"),
                    t(
                        "scenario.cons.variable_formula",
                        variable=f"{v_sum:,}",
                        factor=_shown(factor, 10),
                        new=f"{variable_new:,}",
                    ),
                ),
            ],
        )
        total_section = Section(
            "new_total",
            t("scenario.cons.total_section"),
            [
                Figure("tax_jpy", t("scenario.cons.col.tax"), x_sum, "yen"),
                Figure("tax_new_jpy", t("scenario.cons.tax_new"), tax_new, "yen"),
                Figure(
                    "tax_formula",
                    t("scenario.jp.formula"),
                    t(
                        "scenario.cons.tax_formula",
                        tax=f"{x_sum:,}",
                        kept=f"{kept:,}",
                        variable=f"{variable_new:,}",
                        before=f"{f_sum + v_sum:,}",
                        new=f"{tax_new:,}",
                    ),
                ),
                Figure("kept_jpy", t("scenario.cons.kept"), kept, "yen"),
                Figure("variable_new_jpy", t("scenario.cons.variable_new"), variable_new, "yen"),
                Figure("new_total_jpy", t("scenario.cons.new_total"), new_total, "yen"),
                Figure("now_jpy", t("scenario.cons.col.now"), now_sum, "yen"),
                Figure("change_jpy", t("scenario.col.change"), new_total - now_sum, "yen"),
                Figure("ratio", t("scenario.cons.ratio"), new_total / now_sum if now_sum else None, "ratio"),
            ],
        )
        split_label = t(f"scenario.split.{self.split}")
        weight_sum = sum(weights.values(), ZERO)
        split_rows = [
            {
                "municipality_code": m,
                "municipality_name": owner_name(m),
                "key": weights[m],
                "share": ratio_text(weights[m] / weight_sum, 6) if weight_sum else "",
                "now_jpy": member_now[m],
                "new_jpy": member_new[m],
                "change_jpy": member_new[m] - member_now[m],
            }
            for m in members
        ]
        split_table = Table(
            [
                Col("municipality_code", t("scenario.col.municipality")),
                Col("municipality_name", t("scenario.col.municipality_name")),
                Col("key", t("scenario.col.key", basis=split_label), "decimal"),
                Col("share", t("scenario.cons.col.share")),
                Col("now_jpy", t("scenario.cons.col.now"), "yen"),
                Col("new_jpy", t("scenario.cons.col.new"), "yen"),
                Col("change_jpy", t("scenario.col.change"), "yen"),
            ],
            split_rows,
        ).add_total(t("label.total"))
        if split_table.total is not None:
            split_table.total["key"] = weight_sum
        split_section = Section(
            "split",
            t("scenario.cons.split_section"),
            [
                Figure("split", t("scenario.jp.split"), split_label),
                Figure("new_total_jpy", t("scenario.cons.new_total"), new_total, "yen"),
            ],
            split_table,
        )
        return [now_section, kept_section, scaled_section, total_section, split_section]


def _shown(value: Decimal, places: int = 4) -> str:
    """A figure that is not whole yen (a driver raised to a power), to ``places`` decimals."""
    return ratio_text(value, places)
