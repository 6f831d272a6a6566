"""What-if scenarios over the ledger (``govcost scenario FILE.yaml``): what the costs of a period would
be under a decision nobody can weigh without numbers — a discount, a joint procurement, one
multi-tenant environment instead of one per municipality, another exchange rate, the optimisation
findings carried out.

A run reads the ledger's costs of the period once, as *items* (the rows summed per owner, source,
service, resource and currency), and applies the file's steps in order, each to the result of the
one before. A step is one registered *kind* (``allocate/scenarios/<kind>.py``). Whatever it does,
a step's effect is a whole number of yen on each row of its derivation (a contract line, an
environment, a resource): the derivation starts from the ledger's amounts of its rows in whole yen
(:func:`apportion`: the rows add up to their exact total rounded once, half up), computes every
figure from those yen (each rounded once, half up; splits by largest remainder), and the items of a
row are scaled so that their exact amounts move by exactly that many yen. So the derivations add
up to the yen, and each municipality's cost under the scenario is its cost now (the ledger's exact
sum, rounded once) plus the steps' whole-yen changes.

Money is Decimal throughout, with a 60-digit context; nothing goes through a float.
"""

from __future__ import annotations

import datetime as dt
import decimal
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from govcost.allocate.baseline import Baseline, load_baseline, load_populations
from govcost.allocate.scenario_file import Params, load_yaml
from govcost.allocate.shares import settle_to_yen
from govcost.allocate.targets import CLOUD_YOY, JOINT_PROCUREMENT, NATIONAL, WARDS_KGI, Target, meets
from govcost.errors import InputError, UsageError
from govcost.jp.calendar import fiscal_year_label
from govcost.jp.codes import municipality_name
from govcost.jp.money import round_yen
from govcost.messages import t
from govcost.registry import Registry

if TYPE_CHECKING:
    from govcost.engine import Engine

#: Digits of the decimal context a run computes in (the ledger keeps 38).
PRECISION = 60
#: Places an item's amount keeps once a step has scaled it (sums of them stay exact).
PLACES = Decimal("1e-24")
MONTHS_A_YEAR = 12
ZERO = Decimal(0)


@contextmanager
def exact() -> Iterator[None]:
    with decimal.localcontext() as ctx:
        ctx.prec = PRECISION
        yield


# --- the ledger's costs, as the steps see them -------------------------------------------------
@dataclass
class Item:
    """The ledger's rows of the period with the same owner, source, service, resource and currency,
    summed: ``billed`` in the billing currency, ``now`` in yen as the ledger has them, ``amount`` in
    yen under the scenario so far (a step that changes the amount scales ``billed`` with it, but for
    an exchange-rate step, which re-prices the yen)."""

    municipality_code: str | None
    system_id: str | None
    business: str | None
    environment: str | None
    cost_source: str
    provider: str | None
    service: str | None
    service_category: str | None
    resource_type: str | None
    resource_id: str | None
    resource_name: str | None
    charge_category: str | None
    currency: str | None
    #: Already under a commitment discount (Savings Plan, reservation): CommitmentDiscountId set or
    #: PricingCategory ``Committed``.
    discounted: bool
    billed: Decimal
    now: Decimal
    amount: Decimal = ZERO
    #: Made by a step (an optimisation saving no ledger row carries): not part of the cost now.
    added: bool = False
    #: A step has worked on it (it is in some step's scope, changed or not).
    touched: bool = False
    #: The cloud account (SubAccountId) and the billing account (BillingAccountId).
    account_id: str | None = None
    billing_account_id: str | None = None

    @property
    def is_tax(self) -> bool:
        return self.charge_category == "Tax"

    @property
    def is_cloud(self) -> bool:
        return self.cost_source == "cloud"


def total(items: Iterable[Item]) -> Decimal:
    """The items' amounts added up, exactly (in the run's 60-digit context)."""
    with exact():
        return sum((i.amount for i in items), ZERO)


def scale_to(items: list[Item], target: Decimal, *, keep_billed: bool = False) -> None:
    """Scale the items' amounts (and billed amounts, unless ``keep_billed``) so that they add up to
    ``target`` exactly: in proportion to their amounts, the last absorbing what the places leave."""
    if not items:
        if target != 0:
            raise ValueError("nothing to carry a change")
        return
    for i in items:
        i.touched = True
    with exact():
        current = total(items)
        if current == target:
            return
        if current == 0:
            items[0].amount += target
            return
        factor = target / current
        for i in items:
            i.amount = (i.amount * factor).quantize(PLACES)
            if not keep_billed:
                i.billed = (i.billed * factor).quantize(PLACES)
        items[-1].amount += target - total(items)


def yen(value: Decimal) -> Decimal:
    """Rounded to the yen once, half up (the stated rule)."""
    return round_yen(value)


K = TypeVar("K", bound=Hashable)


def apportion(values: Mapping[K, Decimal]) -> dict[K, Decimal]:
    """Whole yen for each of the parts of a total, adding up to the total rounded once (half up):
    each part's floor, and a yen more for the largest remainders (ties: the order given). Each part
    is within a yen of its exact value, and a part already in whole yen stays as it is — the
    largest-remainder rule shares follow, applied to the ledger's own amounts."""
    with exact():
        return settle_to_yen(values, yen(sum(values.values(), ZERO)))


# --- what a step shows ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Col:
    """A column of a derivation table: its key (JSON), its header (XLSX) and its kind:
    ``text``, ``yen`` (whole yen), ``int``, ``rate`` (a share shown as %), ``ratio``, ``decimal``."""

    key: str
    header: str
    kind: str = "text"


@dataclass
class Table:
    columns: list[Col]
    rows: list[dict[str, Any]]
    #: The totals row: the sums of the yen columns (and a label), computed by :meth:`add_total`.
    total: dict[str, Any] | None = None

    def add_total(self, label: str, first: str | None = None) -> Table:
        """The sums of the yen and int columns under the rows (whole yen, so they add up exactly)."""
        out: dict[str, Any] = {}
        for c in self.columns:
            if c.kind in ("yen", "int"):
                out[c.key] = sum((Decimal(r.get(c.key) or 0) for r in self.rows), ZERO)
                if c.kind == "int":
                    out[c.key] = int(out[c.key])
        out[first or self.columns[0].key] = label
        self.total = out
        return self


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: Any
    kind: str = "text"


@dataclass
class Section:
    """One stage of a derivation: a title, its key figures, and a table."""

    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    table: Table | None = None


@dataclass
class StepResult:
    kind: str
    title: str
    sections: list[Section]
    #: Municipality (None: unassigned) → the step's change in whole yen.
    changes: dict[str | None, Decimal]
    notes: list[str] = field(default_factory=list)
    #: Municipality → (its single contracts, the same under the joint procurement), in yen.
    joint: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    #: Set by the run: the position in the file (1-based), the name given, the parameters.
    index: int = 0
    name: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def change(self) -> Decimal:
        return sum(self.changes.values(), ZERO)

    @property
    def label(self) -> str:
        return f"{self.index}. {self.name or self.title}"


# --- the kinds -----------------------------------------------------------------------------------
@dataclass
class Period:
    """The months a scenario looks at: a fiscal year (April–March) or the latest 12 months."""

    spec: str
    start: dt.date
    end: dt.date  # exclusive
    #: The months (YYYY-MM) in it that have costs in the ledger.
    months: list[str]

    @property
    def month_count(self) -> int:
        return len(self.months)

    def label(self, lang: str | None = None) -> str:
        last = _add_months(self.end, -1)
        span = f"{self.start:%Y-%m} – {last:%Y-%m}"
        if self.spec == "latest":
            return t("scenario.period.latest", lang, span=span)
        return t(
            "scenario.period.fiscal_year",
            lang,
            label=fiscal_year_label(int(self.spec)),
            fy=self.spec,
            span=span,
        )


def _add_months(day: dt.date, n: int) -> dt.date:
    k = day.year * 12 + day.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


@dataclass
class Run:
    """What every step may read besides the items: the ledger, the period, the populations."""

    engine: Engine
    file: Path
    period: Period
    populations: dict[str, int]
    populations_source: str = ""

    def population(self, code: str, where: str) -> int:
        if code not in self.populations:
            raise InputError("scenario.no_population", file=str(self.file), at=where, code=code)
        return self.populations[code]


class Kind(ABC):
    """One kind of step. Subclasses register with ``@KINDS.register("kind-id")``, read their
    parameters in :meth:`read` (every key read, the rest refused) and apply themselves to the items
    in :meth:`apply`. The class docstring is the kind's documentation, parameters and example."""

    key: ClassVar[str]
    #: Japanese title, shown in the outputs.
    title: ClassVar[str]

    def __init__(self, params: Params) -> None:
        self.where = params.where
        self.file = params.file
        self.read(params)
        params.finish()

    @abstractmethod
    def read(self, params: Params) -> None:
        """Read this kind's parameters (``params.where`` names the step in errors)."""

    @abstractmethod
    def apply(self, run: Run, items: list[Item]) -> StepResult:
        """Change the items' amounts; say by how much each municipality's costs change, and how."""

    def at(self, name: str) -> str:
        return f"{self.where}.{name}"

    def nothing_matches(self, what: str) -> UsageError:
        return UsageError("scenario.nothing_matches", file=str(self.file), at=self.where, what=what)


KINDS: Registry[Kind] = Registry("scenario kind", "govcost.allocate.scenarios")


# --- the file --------------------------------------------------------------------------------------
@dataclass
class Step:
    name: str
    kind: Kind
    parameters: dict[str, Any]


@dataclass
class ScenarioFile:
    path: Path
    name: str
    description: str
    period: str
    baseline: Path | None
    populations: Path | None
    steps: list[Step]


def read_scenario(path: Path | str) -> ScenarioFile:
    """The file, every step's parameters checked; nothing of the ledger is read yet."""
    p = Path(path)
    raw = load_yaml(p)
    if raw is None:
        raw = {}
    top = Params(raw, p, "")
    name = top.text("name") or p.stem
    description = top.text("description") or ""
    period = _period_spec(top)
    baseline = top.path("baseline")
    populations = top.path("populations")
    steps: list[Step] = []
    known = KINDS.keys()
    for params in top.mappings("steps", required=True):
        kind = params.text("kind", required=True)
        assert kind is not None
        if kind not in known:
            raise params.error("kind", "scenario.unknown_kind", found=kind, known=", ".join(known))
        step_name = params.text("name") or ""
        shown = {k: v for k, v in params.raw.items() if k not in ("kind", "name")}
        steps.append(Step(step_name, KINDS.get(kind)(params), _plain(shown)))
    top.finish()
    return ScenarioFile(p, name, description, period, baseline, populations, steps)


def _period_spec(top: Params) -> str:
    value = top.get("period")
    if value is None or str(value).strip().lower() in ("latest", "直近12か月", "直近"):
        return "latest"
    text = str(value).strip().removesuffix("年度")
    if text.isdigit() and len(text) == 4:
        return text
    raise top.error("period", expected="latest / 年度 (例: 2025)", found=value)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


# --- the result ------------------------------------------------------------------------------------
@dataclass
class Assessment:
    """One municipality (or the total) against one target: the yardstick, the figure now and under
    the scenario, and their ratios. ``note`` says why a figure is missing."""

    target: Target
    yardstick: Decimal | None = None
    now: Decimal | None = None
    after: Decimal | None = None
    note: str = ""

    def ratio(self, value: Decimal | None) -> Decimal | None:
        if value is None or not self.yardstick:
            return None
        with exact():
            return value / self.yardstick

    @property
    def ratio_now(self) -> Decimal | None:
        return self.ratio(self.now)

    @property
    def ratio_after(self) -> Decimal | None:
        return self.ratio(self.after)

    def meets_now(self) -> bool | None:
        r = self.ratio_now
        return None if r is None else meets(self.target, r)

    def meets_after(self) -> bool | None:
        r = self.ratio_after
        return None if r is None else meets(self.target, r)


@dataclass
class MunicipalityResult:
    code: str | None
    now: Decimal
    after: Decimal
    changes: list[Decimal]
    cloud_now: Decimal = ZERO
    cloud_after: Decimal = ZERO
    cloud_last_year: Decimal | None = None
    baseline: Baseline | None = None
    joint: tuple[Decimal, Decimal] | None = None
    targets: dict[str, Assessment] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return municipality_name(self.code) or ""

    @property
    def now_yen(self) -> Decimal:
        return yen(self.now)

    @property
    def after_yen(self) -> Decimal:
        return yen(self.after)

    @property
    def difference_yen(self) -> Decimal:
        return self.after_yen - self.now_yen


@dataclass
class TargetSummary:
    """A target over the municipalities that have its yardstick: the ratio of the totals and the
    mean of the per-municipality ratios (they differ; the outputs say which is which)."""

    target: Target
    count: int
    yardstick: Decimal
    now: Decimal
    after: Decimal
    mean_ratio_now: Decimal | None
    mean_ratio_after: Decimal | None
    met_now: int
    met_after: int

    @property
    def ratio_of_totals_now(self) -> Decimal | None:
        with exact():
            return self.now / self.yardstick if self.yardstick else None

    @property
    def ratio_of_totals_after(self) -> Decimal | None:
        with exact():
            return self.after / self.yardstick if self.yardstick else None


@dataclass
class ScenarioResult:
    scenario: ScenarioFile
    period: Period
    steps: list[StepResult]
    rows: list[MunicipalityResult]
    #: The scope asked for (--municipality): the rows are that municipality's only.
    municipality: str | None = None
    populations_source: str = ""
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    #: The exact totals of every municipality (not only the rows shown).
    now_exact: Decimal = ZERO
    after_exact: Decimal = ZERO
    #: The same of the costs the steps worked on (every municipality).
    scope_now_exact: Decimal = ZERO
    scope_after_exact: Decimal = ZERO

    @property
    def now_yen(self) -> Decimal:
        if self.municipality:
            return sum((r.now_yen for r in self.rows), ZERO)
        return yen(self.now_exact)

    @property
    def after_yen(self) -> Decimal:
        return self.now_yen + self.change_yen

    @property
    def change_yen(self) -> Decimal:
        return sum((r.difference_yen for r in self.rows), ZERO)

    def step_change(self, index: int) -> Decimal:
        return sum((r.changes[index] for r in self.rows), ZERO)

    @property
    def scope_now_yen(self) -> Decimal:
        """The costs the steps worked on, now (every municipality, rounded once)."""
        return yen(self.scope_now_exact)

    @property
    def scope_after_yen(self) -> Decimal:
        return yen(self.scope_after_exact)

    @property
    def baseline_given(self) -> bool:
        return self.scenario.baseline is not None

    def summaries(self) -> list[TargetSummary]:
        out = []
        for target in (NATIONAL, WARDS_KGI, CLOUD_YOY, JOINT_PROCUREMENT):
            with_yardstick = [r.targets[target.key] for r in self.rows if r.targets[target.key].yardstick]
            if not with_yardstick:
                continue
            with exact():
                now_ratios = [a.ratio_now for a in with_yardstick if a.ratio_now is not None]
                after_ratios = [a.ratio_after for a in with_yardstick if a.ratio_after is not None]
                out.append(
                    TargetSummary(
                        target,
                        len(with_yardstick),
                        sum((a.yardstick or ZERO for a in with_yardstick), ZERO),
                        sum((a.now or ZERO for a in with_yardstick), ZERO),
                        sum((a.after or ZERO for a in with_yardstick), ZERO),
                        sum(now_ratios, ZERO) / len(now_ratios) if now_ratios else None,
                        sum(after_ratios, ZERO) / len(after_ratios) if after_ratios else None,
                        sum(bool(a.meets_now()) for a in with_yardstick),
                        sum(bool(a.meets_after()) for a in with_yardstick),
                    )
                )
        return out


# --- the run ----------------------------------------------------------------------------------------
def run_scenario(engine: Engine, path: Path | str, *, municipality: str | None = None) -> ScenarioResult:
    """Read the file, the ledger's costs of its period, and apply its steps in order."""
    scenario = read_scenario(path)
    populations = load_populations(scenario.populations)
    baseline = load_baseline(scenario.baseline) if scenario.baseline else {}
    period = resolve_period(engine, scenario.period, scenario.path)
    run = Run(engine, scenario.path, period, populations, str(scenario.populations or ""))
    items = load_items(engine, period)
    steps: list[StepResult] = []
    with exact():
        for n, step in enumerate(scenario.steps, start=1):
            done = step.kind.apply(run, items)
            done.index, done.name, done.parameters = n, step.name, step.parameters
            for code, change in done.changes.items():
                if change != change.to_integral_value():
                    raise AssertionError(f"step {n} changes {code} by a fraction of a yen: {change}")
            steps.append(done)
        rows = _rows(items, steps)
        now_exact, after_exact = sum((i.now for i in items), ZERO), total(items)
        worked = [i for i in items if i.touched or i.added]
        scope_now, scope_after = sum((i.now for i in worked if not i.added), ZERO), total(worked)
    last_year = _cloud_last_year(engine, period)
    for r in rows:
        r.baseline = baseline.get(r.code or "")
        r.cloud_last_year = last_year.get(r.code) if last_year is not None else None
        r.targets = assess(r, period.month_count, baseline_given=bool(scenario.baseline), last_year=last_year)
    if municipality is not None and municipality not in {r.code for r in rows}:
        raise UsageError("scenario.no_such_municipality", code=municipality)
    return ScenarioResult(
        scenario,
        period,
        steps,
        [r for r in rows if municipality is None or r.code == municipality],
        municipality,
        str(scenario.populations or ""),
        now_exact=now_exact,
        after_exact=after_exact,
        scope_now_exact=scope_now,
        scope_after_exact=scope_after,
    )


def resolve_period(engine: Engine, spec: str, file: Path) -> Period:
    c = engine.costs()
    if spec == "latest":
        last = c.BillingPeriodStart.max().to_pyarrow().as_py()
        if last is None:
            raise UsageError("scenario.empty_ledger")
        end = _add_months(dt.date(last.year, last.month, 1), 1)
        start = _add_months(end, -MONTHS_A_YEAR)
    else:
        start, end = dt.date(int(spec), 4, 1), dt.date(int(spec) + 1, 4, 1)
    inside = c.filter(_between(c, start, end))
    months = inside.select(m=inside.BillingPeriodStart.strftime("%Y-%m")).distinct().order_by("m")
    found = [r["m"] for r in months.to_pyarrow().to_pylist()]
    period = Period(spec, start, end, found)
    if not found:
        raise UsageError("scenario.no_costs", file=str(file), period=period.label())
    return period


def _between(c: Any, start: dt.date, end: dt.date) -> Any:
    import ibis

    return (c.BillingPeriodStart >= ibis.timestamp(dt.datetime.combine(start, dt.time()))) & (
        c.BillingPeriodStart < ibis.timestamp(dt.datetime.combine(end, dt.time()))
    )


def load_items(engine: Engine, period: Period) -> list[Item]:
    """The period's ledger rows summed per owner, source, service, resource and currency."""
    c = engine.costs()
    c = c.filter(_between(c, period.start, period.end))
    discounted = c.CommitmentDiscountId.notnull() | (c.PricingCategory == "Committed")
    keys = {
        "municipality_code": c.municipality_code,
        "system_id": c.system_id,
        "business": c.business,
        "environment": c.environment,
        "cost_source": c.cost_source,
        "provider": c.provider,
        "service": c.ServiceName,
        "service_category": c.ServiceCategory,
        "resource_type": c.ResourceType,
        "resource_id": c.ResourceId,
        "resource_name": c.ResourceName,
        "charge_category": c.ChargeCategory,
        "currency": c.BillingCurrency,
        "discounted": discounted.fill_null(False),
        "account_id": c.SubAccountId,
        "billing_account_id": c.BillingAccountId,
    }
    expr = c.group_by(**keys).aggregate(billed=c.BilledCost.sum(), jpy=c.billed_cost_jpy.sum())
    items = []
    for rec in expr.to_pyarrow().to_pylist():
        jpy = rec.pop("jpy") or ZERO
        billed = rec.pop("billed") or ZERO
        items.append(Item(**rec, billed=billed, now=jpy, amount=jpy))
    items.sort(key=_item_order)
    return items


def _item_order(i: Item) -> tuple[str, ...]:
    return tuple(
        str(v or "")
        for v in (
            i.municipality_code,
            i.system_id,
            i.environment,
            i.cost_source,
            i.provider,
            i.service,
            i.resource_id,
            i.resource_name,
            i.charge_category,
            i.currency,
            i.discounted,
            i.resource_type,
            i.business,
            i.service_category,
        )
    )


def _cloud_last_year(engine: Engine, period: Period) -> dict[str | None, Decimal] | None:
    """Each municipality's cloud fees of the same months a year before; None: none in the ledger."""
    c = engine.costs()
    c = c.filter(_between(c, _add_months(period.start, -12), _add_months(period.end, -12)))
    c = c.filter(c.cost_source == "cloud")
    expr = c.group_by(code=c.municipality_code).aggregate(jpy=c.billed_cost_jpy.sum())
    found = {r["code"]: r["jpy"] or ZERO for r in expr.to_pyarrow().to_pylist()}
    return found or None


def _rows(items: list[Item], steps: list[StepResult]) -> list[MunicipalityResult]:
    by_code: dict[str | None, list[Item]] = defaultdict(list)
    for i in items:
        by_code[i.municipality_code].append(i)
    for s in steps:
        for code in s.changes:
            by_code.setdefault(code, [])
    joint: dict[str, tuple[Decimal, Decimal]] = {}
    for s in steps:
        for code, (single, together) in s.joint.items():
            before = joint.get(code, (ZERO, ZERO))
            joint[code] = (before[0] + single, before[1] + together)
    out = []
    for code in sorted(by_code, key=lambda c: (c is None, c or "")):
        group = by_code[code]
        out.append(
            MunicipalityResult(
                code,
                now=sum((i.now for i in group if not i.added), ZERO),
                after=total(group),
                changes=[s.changes.get(code, ZERO) for s in steps],
                cloud_now=sum((i.now for i in group if i.is_cloud and not i.added), ZERO),
                cloud_after=total(i for i in group if i.is_cloud),
                joint=joint.get(code) if code else None,
            )
        )
    return out


def annualised(value: Decimal, months: int) -> Decimal:
    """A period's amount as a year's: × 12 ÷ the months with costs (the period itself when 12)."""
    if months == MONTHS_A_YEAR:
        return value
    with exact():
        return value * MONTHS_A_YEAR / months


def assess(
    row: MunicipalityResult,
    months: int,
    *,
    baseline_given: bool,
    last_year: dict[str | None, Decimal] | None,
) -> dict[str, Assessment]:
    """Where the municipality stands against each target, now and under the scenario."""
    out: dict[str, Assessment] = {}
    for target in (NATIONAL, WARDS_KGI):
        a = Assessment(target)
        if not baseline_given:
            a.note = t("scenario.target.no_baseline")
        elif row.code is None:
            a.note = t("scenario.target.unassigned")
        elif row.baseline is None:
            a.note = t("scenario.target.no_baseline_for", code=row.code or "")
        elif not row.baseline.operating_cost_jpy:
            a.note = t("scenario.target.zero_baseline")
        else:
            a.yardstick = row.baseline.operating_cost_jpy
            a.now = yen(annualised(row.now_yen, months))
            a.after = yen(annualised(row.after_yen, months))
        out[target.key] = a
    cloud = Assessment(CLOUD_YOY)
    if last_year is None or not row.cloud_last_year:
        cloud.note = t("scenario.target.no_last_year")
    else:
        cloud.yardstick = yen(row.cloud_last_year)
        cloud.now, cloud.after = yen(row.cloud_now), yen(row.cloud_after)
    out[CLOUD_YOY.key] = cloud
    joint = Assessment(JOINT_PROCUREMENT)
    if row.joint is None:
        joint.note = t("scenario.target.no_joint")
    else:
        joint.yardstick, joint.after = row.joint
        joint.now = row.joint[0]
    out[JOINT_PROCUREMENT.key] = joint
    return out


# --- small helpers the kinds share ----------------------------------------------------------------------
def group_items(items: Iterable[Item], key: Callable[[Item], Any]) -> dict[Any, list[Item]]:
    """Items grouped by ``key``, in the order their keys sort (None first)."""
    groups: dict[Any, list[Item]] = defaultdict(list)
    for i in items:
        groups[key(i)].append(i)
    return {k: groups[k] for k in sorted(groups, key=_sort_key)}


def _sort_key(k: Any) -> Any:
    if isinstance(k, tuple):
        return tuple(_sort_key(v) for v in k)
    return (k is not None, str(k) if k is not None else "")


def ratio_text(value: Decimal | None, places: int = 3) -> str:
    if value is None:
        return ""
    return f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"


def rate_text(value: Decimal | None) -> str:
    """A share as a percentage: 0.22 → 22%, 0.075 → 7.5%."""
    if value is None:
        return ""
    pct = (value * 100).normalize()
    return f"{pct:f}%"


def add_change(changes: dict[str | None, Decimal], code: str | None, change: Decimal) -> None:
    changes[code] = changes.get(code, ZERO) + change


def owner_name(code: str | None) -> str:
    return municipality_name(code) or ("" if code else t("label.unassigned"))
