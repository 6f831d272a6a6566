"""What a user's scope sees of the slower engine results, computed once per state of the ledger.

- :func:`optimization`: ``engine.optimize`` for the scope. A municipal user gets exactly what
  ``govcost optimize --municipality CODE`` says; a group administrator one such run per municipality
  of the group (each resource belongs to one municipality, so the runs' combined savings add up);
  an administrator one run over the whole ledger (unassigned resources included).
- :func:`costs_table`: the ledger's rows, or — when the app has allocation rules — the ledger with
  the shared costs of jointly used systems allocated to their members (``allocated_costs``), so
  that a member sees its share and the lead municipality no more than its own.

Results are cached per (municipality, settings file) and per allocation file, keyed by the ledger's
latest import: an import makes them stale; :func:`memo` caches any other result the same way
(:func:`summary`: the ledger's summaries per grouping and scope).
Call these inside ``dash.run`` (under the engine lock).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from govcost.errors import UsageError
from govcost.optimize import report
from govcost.optimize.base import MONTHS_A_YEAR
from govcost.optimize.report import Breakdown
from govcost.optimize.run import OptimizeResult, combine

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from govcost.engine import Engine
    from govcost.ledger.summary import Summary
    from govcost.optimize.base import Finding
    from govcost.web.app import Dashboard

#: Errors that say "nothing to review here" rather than "something is wrong".
NO_COSTS = {"optimize.no_costs", "optimize.no_costs_for"}
#: The filter value that selects findings whose column is empty (未割当).
UNASSIGNED = "-"
_MAX_ENTRIES = 256
T = TypeVar("T")


@dataclass
class Scoped:
    """The optimisation of a scope: one result per municipality (or one for everything)."""

    parts: list[OptimizeResult]
    #: Municipalities of the scope with no cloud costs to review.
    missing: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for p in self.parts for f in p.findings]

    @property
    def monthly_saving_jpy(self) -> Decimal:
        """Every resource counted once, with the saving of all its changes combined."""
        return sum((p.monthly_saving_jpy for p in self.parts), Decimal(0))

    @property
    def annual_saving_jpy(self) -> Decimal:
        return self.monthly_saving_jpy * MONTHS_A_YEAR

    @property
    def sum_of_findings_jpy(self) -> Decimal:
        """The plain sum of the findings' savings, overlaps counted twice (what the total is not)."""
        return sum((report.sum_of_findings(p) for p in self.parts), Decimal(0))

    @property
    def months(self) -> list[str]:
        return sorted({f"{p.month:%Y-%m}" for p in self.parts})

    @property
    def settings_source(self) -> str:
        return next((p.settings_source for p in self.parts if p.settings_source), "")

    def counts(self) -> tuple[int, int]:
        """(findings that propose a change, findings for information only)."""
        acting, info = 0, 0
        for p in self.parts:
            a, i = report.counts(p)
            acting, info = acting + a, info + i
        return acting, info

    def filtered(
        self,
        *,
        rule: str | None = None,
        business: str | None = None,
        municipality: str | None = None,
        system: str | None = None,
    ) -> Scoped:
        """Only the findings that match every filter given, their savings combined again: the total
        then says what carrying out the findings shown would save."""
        wanted: dict[str, str] = {
            k: v
            for k, v in (
                ("rule", rule),
                ("business", business),
                ("municipality_code", municipality),
                ("system_id", system),
            )
            if v
        }
        if not wanted:
            return self

        def keep(f: Finding) -> bool:
            for name, value in wanted.items():
                have = getattr(f, name)
                if (have or UNASSIGNED) != value:
                    return False
            return True

        parts = []
        for p in self.parts:
            # Copies: combine() marks the findings it combines, and the cached ones stay as they are.
            found = [replace(f) for f in p.findings if keep(f)]
            parts.append(replace(p, findings=found, savings=combine(found)))
        return Scoped(parts, self.missing)

    def by_rule(self) -> list[Breakdown]:
        """The combined saving per rule over every part (a resource's saving split among its rules
        in proportion to their own savings, so the rules add up to the total)."""
        out: dict[str, Breakdown] = {}
        for i, p in enumerate(self.parts):
            for b in report.by_rule(p):
                key = str(b.key)
                m = out.setdefault(key, Breakdown(key))
                m.findings += b.findings
                m.informational += b.informational
                m.resources |= {f"{i}:{r}" for r in b.resources}
                m.sum_of_findings_jpy += b.sum_of_findings_jpy
                m.combined_jpy += b.combined_jpy
        return list(out.values())

    def rows(self) -> list[tuple[Finding, Decimal]]:
        """Every finding with the combined saving of its resource, largest saving first."""
        out = []
        for p in self.parts:
            savings = report.savings_by_resource(p)
            for f in p.findings:
                s = savings.get(f.resource_id)
                out.append((f, s.combined_jpy if s else Decimal(0)))
        out.sort(key=lambda x: (-x[0].monthly_saving_jpy, x[0].rule, x[0].resource_id))
        return out

    def records(self) -> list[dict[str, Any]]:
        """The findings as the API gives them: ``Finding.to_json()`` with the rule's title and the
        combined saving of the finding's resource (``optimize.report.records``)."""
        out = [r for p in self.parts for r in report.records(p)]
        out.sort(key=lambda r: (-r["monthly_saving_jpy"], r["rule"], r["resource_id"]))
        return out

    def values(self, name: str) -> list[str]:
        """The distinct values of a finding column (for the filter's choices), unassigned as ``-``."""
        return sorted({getattr(f, name) or UNASSIGNED for f in self.findings})


class _Cache:
    def __init__(self) -> None:
        self.results: dict[tuple[Any, ...], OptimizeResult | None] = {}
        self.tables: dict[tuple[Any, ...], ir.Table] = {}
        self.values: dict[tuple[Any, ...], Any] = {}

    def put(self, store: dict[tuple[Any, ...], Any], key: tuple[Any, ...], value: Any) -> None:
        if len(store) >= _MAX_ENTRIES:
            store.pop(next(iter(store)))
        store[key] = value


_caches: weakref.WeakKeyDictionary[Dashboard, _Cache] = weakref.WeakKeyDictionary()


def _cache(dash: Dashboard) -> _Cache:
    cache = _caches.get(dash)
    if cache is None:
        cache = _caches[dash] = _Cache()
    return cache


def ledger_state(engine: Engine) -> tuple[int, str]:
    """The ledger's state as far as results depend on it: its imports, the latest one last."""
    records = engine.imports()
    return len(records), records[-1].import_id if records else ""


def _file_key(path: Path | None) -> tuple[str, int]:
    if path is None:
        return "", 0
    try:
        return str(path), path.stat().st_mtime_ns
    except OSError:
        return str(path), -1


def optimization(dash: Dashboard, engine: Engine, scope: Iterable[str] | None) -> Scoped:
    """The optimisation of ``scope`` (None: everything), from the cache when the ledger, the
    settings file and the scope are those of a run already made."""
    cache = _cache(dash)
    state = ledger_state(engine)
    settings = _file_key(dash.settings)
    codes: list[str | None] = [None] if scope is None else [*sorted(set(scope))]
    parts, missing = [], []
    for code in codes:
        key = (code, settings, state)
        if key not in cache.results:
            try:
                result: OptimizeResult | None = engine.optimize(municipality=code, settings=dash.settings)
            except UsageError as exc:
                if exc.key not in NO_COSTS:
                    raise
                result = None
            cache.put(cache.results, key, result)
        found = cache.results[key]
        if found is None:
            missing.append(code or "")
        else:
            parts.append(found)
    return Scoped(parts, [c for c in missing if c])


def costs_table(dash: Dashboard, engine: Engine) -> ir.Table:
    """The rows the pages total: the ledger's, with shared costs allocated when the app has rules."""
    if dash.allocation is None:
        return engine.costs()
    cache = _cache(dash)
    key = (_file_key(dash.allocation), ledger_state(engine))
    table = cache.tables.get(key)
    if table is None:
        from govcost.allocate.view import allocated_costs

        cache.tables.clear()
        table = allocated_costs(engine, dash.allocation)
        cache.put(cache.tables, key, table)
    return table


def memo(dash: Dashboard, engine: Engine, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, once per ``key`` and state of the ledger, settings and allocation files (the
    scope belongs in ``key``)."""
    cache = _cache(dash)
    full = (*key, _file_key(dash.settings), _file_key(dash.allocation), ledger_state(engine))
    if full not in cache.values:
        cache.put(cache.values, full, compute())
    return cast(T, cache.values[full])


def summary(dash: Dashboard, engine: Engine, by: Iterable[str], scope: Iterable[str] | None) -> Summary:
    """``engine.summary(by, municipalities=scope)``, once per grouping, scope and state of the ledger
    (a summary of 10 M rows takes a few hundred milliseconds; the pages ask for the same ones again)."""
    grouping, codes = tuple(by), None if scope is None else tuple(sorted(set(scope)))
    return memo(
        dash,
        engine,
        ("summary", grouping, codes),
        lambda: engine.summary(list(grouping), municipalities=None if codes is None else list(codes)),
    )


def allocated(dash: Dashboard) -> bool:
    return dash.allocation is not None
