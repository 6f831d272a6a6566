"""``joint-procurement``: the operations assistant and the network lines of a group of municipalities
procured jointly, at a price that falls with the group's volume."""

from __future__ import annotations

from dataclasses import dataclass
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
    annualised,
    apportion,
    group_items,
    owner_name,
    rate_text,
    ratio_text,
    scale_to,
    total,
    yen,
)
from govcost.allocate.scenario_file import Params
from govcost.allocate.shares import largest_remainder
from govcost.allocate.targets import JOINT_PROCUREMENT, meets
from govcost.ledger.summary import COST_SOURCE_LABELS
from govcost.messages import t

#: The cost sources a joint procurement may cover (cloud fees are the Digital Agency's contract).
PROCURABLE = ("operations_assistant", "network", "operations", "software", "equipment", "other")
DEFAULT_SOURCES = ("operations_assistant", "network")
SPLITS = ("current", "equal", "population")


@dataclass(frozen=True)
class CurveStep:
    """From this volume on (``start`` municipalities, or yen a year), this price."""

    start: Decimal
    discount: Decimal | None = None
    #: Yen a month per municipality, instead of a discount.
    unit_price: Decimal | None = None


@dataclass(frozen=True)
class Curve:
    by: str  # municipalities | amount
    steps: tuple[CurveStep, ...]

    def reached(self, measure: Decimal) -> CurveStep | None:
        """The last step whose start the volume reaches (None: below the first)."""
        hit = None
        for step in self.steps:
            if measure >= step.start:
                hit = step
        return hit


def read_curve(p: Params) -> Curve:
    """A price curve: ``by`` and ``steps`` (each ``from`` and ``discount`` or ``unit_price``), the
    ``from`` values strictly increasing."""
    by = p.choice("by", ("municipalities", "amount"), "municipalities")
    steps: list[CurveStep] = []
    for sp in p.mappings("steps", required=True):
        start = sp.number("from", required=True, low=ZERO, integer=by == "municipalities")
        assert start is not None
        discount = sp.rate("discount")
        unit_price = sp.number("unit_price", low=ZERO)
        if (discount is None) == (unit_price is None):
            raise sp.error("discount", "scenario.curve_price")
        if steps and (steps[0].discount is None) != (discount is None):
            raise sp.error("discount" if discount is not None else "unit_price", "scenario.curve_mixed")
        if steps and start <= steps[-1].start:
            raise sp.error("from", "scenario.curve_order", found=start, previous=f"{steps[-1].start:f}")
        sp.finish()
        steps.append(CurveStep(start, discount, unit_price))
    p.finish()
    return Curve(by, tuple(steps))


@KINDS.register("joint-procurement")
class JointProcurement(Kind):
    """A group of municipalities procures the operations assistant (運用管理補助委託) and the network
    lines (接続回線) together, at a price that falls with the group's volume, in place of each
    one's single contracts; the group's new total is split back among the members and compared with
    the single contracts against the target of at least 20 % cheaper (JOINT_PROCUREMENT).

    Parameters:

    - ``municipalities``: the group (codes, or ``特別区`` for the 23 wards); default every
      municipality with such contracts.
    - ``cost_sources``: what is procured jointly, each as its own lot (default
      ``[operations_assistant, network]``; also ``operations``, ``software``, ``equipment``).
    - ``curve`` (required unless ``curves`` gives every lot its own): the price curve, applied to
      each lot on its own volume —

      - ``by``: ``municipalities`` (the number of members with contracts in the lot; default) or
        ``amount`` (the lot's current amount, yen a year: the period's × 12 ÷ its months);
      - ``steps``: a list of ``{from: N, discount: 0.15}`` (from this volume on, this discount on
        the current amount) or ``{from: N, unit_price: 250000}`` (from this volume on, this many yen
        a month per member), ``from`` strictly increasing. Below the first step, nothing changes.
    - ``curves``: a curve per cost source (``{network: {by: amount, steps: [...]}}``), over ``curve``.
    - ``split``: how a lot's new total is split back among the members — ``current`` (in
      proportion to their current contracts; default), ``equal`` or ``population``. Each member's
      share is split among its own contract lines in proportion to their current amounts. Both
      splits use the largest-remainder method, so they add up to the yen.

    Derivation, per lot: each member's contract lines (municipality, system, vendor) and their
    current amounts over the period (whole yen, the lines adding up to their exact total rounded
    once, by largest remainder); the group volume (members, yen);
    the curve with the step reached; the discount; the new total = round(volume × (1 − discount))
    (or unit price × members × months); the split per member and per line; and the ratio of the new
    total to the single contracts, against JOINT_PROCUREMENT (≤ 0.8).

    Example::

        - kind: joint-procurement
          municipalities: 特別区
          curve:
            by: municipalities
            steps:
              - {from: 2, discount: 0.05}
              - {from: 5, discount: 0.10}
              - {from: 10, discount: 0.15}
              - {from: 20, discount: 0.22}
    """

    title = "運用管理補助委託・接続回線の共同調達"

    def read(self, params: Params) -> None:
        self.municipalities = params.municipalities()
        self.cost_sources = params.choices("cost_sources", PROCURABLE, DEFAULT_SOURCES)
        curve = params.mapping("curve")
        self.curve = read_curve(curve) if curve is not None else None
        self.curves: dict[str, Curve] = {}
        nested = params.mapping("curves")
        if nested is not None:
            for key in list(nested.raw):
                if key not in self.cost_sources:
                    raise nested.error(str(key), expected=" / ".join(self.cost_sources), found=key)
                sub = nested.mapping(str(key), required=True)
                assert sub is not None
                self.curves[str(key)] = read_curve(sub)
        if self.curve is None and set(self.curves) != set(self.cost_sources):
            raise params.error("curve", "scenario.missing")
        self.split = params.choice("split", SPLITS, "current")

    def apply(self, run: Run, items: list[Item]) -> StepResult:
        months = run.period.month_count
        scope = [
            i
            for i in items
            if i.cost_source in self.cost_sources
            and i.municipality_code
            and not i.is_tax
            and (self.municipalities is None or i.municipality_code in self.municipalities)
        ]
        if not scope:
            raise self.nothing_matches(", ".join(COST_SOURCE_LABELS.get(c, c) for c in self.cost_sources))
        sections: list[Section] = []
        changes: dict[str | None, Decimal] = {}
        joint: dict[str, tuple[Decimal, Decimal]] = {}
        notes: list[str] = []
        single_total = joint_total = ZERO
        # Every contract line's amount in whole yen, the lines adding up to their exact total.
        every_line = group_items(
            scope, lambda i: (i.cost_source, i.municipality_code, i.system_id, i.provider)
        )
        lines_now = apportion({key: total(group) for key, group in every_line.items()})
        for source in self.cost_sources:
            lot = [i for i in scope if i.cost_source == source]
            label = COST_SOURCE_LABELS.get(source, source)
            if not lot:
                notes.append(t("scenario.jp.no_lines", source=label))
                continue
            curve = self.curves.get(source) or self.curve
            assert curve is not None
            now = {k[1:]: v for k, v in lines_now.items() if k[0] == source}
            single, together, lot_sections = self._lot(
                run, source, label, lot, now, curve, months, changes, joint
            )
            sections += lot_sections
            single_total += single
            joint_total += together
        ratio = joint_total / single_total if single_total else None
        overall = Section(
            "group",
            t("scenario.jp.group_section"),
            [
                Figure("single_jpy", t("scenario.jp.single"), single_total, "yen"),
                Figure("joint_jpy", t("scenario.jp.joint"), joint_total, "yen"),
                Figure("change_jpy", t("scenario.col.change"), joint_total - single_total, "yen"),
                Figure("ratio", t("scenario.jp.ratio"), ratio, "ratio"),
                Figure("target", t("scenario.jp.target"), _verdict(ratio)),
            ],
        )
        return StepResult(self.key, self.title, [overall, *sections], changes, notes, joint)

    def _lot(
        self,
        run: Run,
        source: str,
        label: str,
        lot: list[Item],
        now: dict[tuple[str | None, str | None, str | None], Decimal],
        curve: Curve,
        months: int,
        changes: dict[str | None, Decimal],
        joint: dict[str, tuple[Decimal, Decimal]],
    ) -> tuple[Decimal, Decimal, list[Section]]:
        lines = group_items(lot, lambda i: (i.municipality_code, i.system_id, i.provider))
        members = sorted({str(code) for code, _, _ in lines})
        volume = sum(now.values(), ZERO)
        annual = yen(annualised(volume, months))
        measure = Decimal(len(members)) if curve.by == "municipalities" else annual
        step = curve.reached(measure)
        if step is None:
            new_total = volume
        elif step.discount is not None:
            new_total = yen(volume * (1 - step.discount))
        else:
            assert step.unit_price is not None
            new_total = yen(step.unit_price * len(members) * months)
        member_now = {m: sum((v for (c, _, _), v in now.items() if c == m), ZERO) for m in members}
        weights = {m: self._weight(run, m, member_now[m]) for m in members}
        if not any(weights.values()):
            weights = {m: Decimal(1) for m in members}
        member_new = largest_remainder(new_total, weights)
        line_rows = []
        for m in members:
            keys = [k for k in lines if k[0] == m]
            line_weights = {_line_key(k): max(now[k], ZERO) for k in keys}
            if not any(line_weights.values()):
                line_weights = {_line_key(k): Decimal(1) for k in keys}
            line_new = largest_remainder(member_new[m], line_weights)
            for k in keys:
                new = line_new[_line_key(k)]
                change = new - now[k]
                group = lines[k]
                scale_to(group, total(group) + change)
                add_change(changes, m, change)
                line_rows.append(
                    {
                        "municipality_code": m,
                        "municipality_name": owner_name(m),
                        "system_id": k[1] or "",
                        "vendor": k[2] or "",
                        "current_jpy": now[k],
                        "new_jpy": new,
                        "change_jpy": change,
                    }
                )
            before = joint.get(m, (ZERO, ZERO))
            joint[m] = (before[0] + member_now[m], before[1] + member_new[m])
        lines_table = Table(
            [
                Col("municipality_code", t("scenario.col.municipality")),
                Col("municipality_name", t("scenario.col.municipality_name")),
                Col("system_id", t("scenario.col.system")),
                Col("vendor", t("scenario.jp.col.vendor")),
                Col("current_jpy", t("scenario.jp.col.current"), "yen"),
                Col("new_jpy", t("scenario.jp.col.new"), "yen"),
                Col("change_jpy", t("scenario.col.change"), "yen"),
            ],
            line_rows,
        ).add_total(t("label.total"))
        key_label = t(f"scenario.split.{self.split}")
        member_rows = [
            {
                "municipality_code": m,
                "municipality_name": owner_name(m),
                "lines": sum(1 for k in lines if k[0] == m),
                "current_jpy": member_now[m],
                "key": weights[m],
                "new_jpy": member_new[m],
                "change_jpy": member_new[m] - member_now[m],
                "ratio": ratio_text(member_new[m] / member_now[m]) if member_now[m] else "",
            }
            for m in members
        ]
        members_table = Table(
            [
                Col("municipality_code", t("scenario.col.municipality")),
                Col("municipality_name", t("scenario.col.municipality_name")),
                Col("lines", t("scenario.jp.col.lines"), "int"),
                Col("current_jpy", t("scenario.jp.col.current"), "yen"),
                Col("key", t("scenario.col.key", basis=key_label), "decimal"),
                Col("new_jpy", t("scenario.jp.col.new"), "yen"),
                Col("change_jpy", t("scenario.col.change"), "yen"),
                Col("ratio", t("scenario.jp.col.ratio")),
            ],
            member_rows,
        ).add_total(t("label.total"))
        curve_rows = [
            {
                "from": s.start,
                "price": rate_text(s.discount)
                if s.discount is not None
                else t("scenario.jp.unit_price_value", price=f"{s.unit_price:,f}"),
                "reached": "◀" if s is step else "",
            }
            for s in curve.steps
        ]
        curve_table = Table(
            [
                Col("from", t(f"scenario.jp.col.from_{curve.by}"), "decimal"),
                Col("price", t("scenario.jp.col.price")),
                Col("reached", t("scenario.jp.col.reached")),
            ],
            curve_rows,
        )
        ratio = new_total / volume if volume else None
        if step is None:
            price = t("scenario.jp.no_step")
        elif step.discount is not None:
            price = rate_text(step.discount)
        else:
            price = t("scenario.jp.unit_price_value", price=f"{step.unit_price:,f}")
        formula = (
            t("scenario.jp.formula_none")
            if step is None
            else t(
                "scenario.jp.formula_discount",
                volume=f"{volume:,}",
                discount=rate_text(step.discount),
                total=f"{new_total:,}",
            )
            if step.discount is not None
            else t(
                "scenario.jp.formula_unit",
                price=f"{step.unit_price:,f}",
                members=len(members),
                months=months,
                total=f"{new_total:,}",
            )
        )
        figures = [
            Figure("cost_source", t("scenario.jp.lot"), label),
            Figure("members", t("scenario.jp.members"), len(members), "int"),
            Figure("lines", t("scenario.jp.col.lines"), len(lines), "int"),
            Figure("months", t("scenario.col.months"), months, "int"),
            Figure("volume_jpy", t("scenario.jp.volume"), volume, "yen"),
            Figure("annual_jpy", t("scenario.jp.annual"), annual, "yen"),
            Figure("curve_by", t("scenario.jp.curve_by"), t(f"scenario.jp.by.{curve.by}")),
            Figure("measure", t("scenario.jp.measure"), measure, "decimal"),
            Figure(
                "step_from",
                t("scenario.jp.step"),
                "" if step is None else f"{step.start:,f}",
            ),
            Figure("price", t("scenario.jp.price"), price),
            Figure("new_total_jpy", t("scenario.jp.new_total"), new_total, "yen"),
            Figure("formula", t("scenario.jp.formula"), formula),
            Figure("change_jpy", t("scenario.col.change"), new_total - volume, "yen"),
            Figure("ratio", t("scenario.jp.ratio"), ratio, "ratio"),
            Figure("target", t("scenario.jp.target"), _verdict(ratio)),
            Figure("split", t("scenario.jp.split"), key_label),
        ]
        title = t("scenario.jp.lot_section", source=label)
        return (
            volume,
            new_total,
            [
                Section(f"{source}.volume", title, figures, curve_table),
                Section(f"{source}.lines", t("scenario.jp.lines_section", source=label), [], lines_table),
                Section(
                    f"{source}.members", t("scenario.jp.members_section", source=label), [], members_table
                ),
            ],
        )

    def _weight(self, run: Run, code: str, current: Decimal) -> Decimal:
        if self.split == "equal":
            return Decimal(1)
        if self.split == "population":
            return Decimal(run.population(code, self.at("split")))
        return max(current, ZERO)


def _line_key(key: tuple[str | None, ...]) -> str:
    return "|".join(str(k or "") for k in key)


def _verdict(ratio: Decimal | None) -> str:
    if ratio is None:
        return ""
    ok = meets(JOINT_PROCUREMENT, ratio)
    return t(
        "scenario.jp.meets" if ok else "scenario.jp.misses",
        ratio=ratio_text(ratio),
        limit=f"{JOINT_PROCUREMENT.limit:f}",
    )
