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
Call these inside ``dash.run`` (under the engine lock), except :func:`optimization`, which takes the
lock itself and may wait for the :class:`Optimizer`.

An optimisation over a 10 M-row ledger takes seconds per municipality and longer for the whole
ledger, and its results depend on the scope (the month under review is the scope's latest, shared
accounts are totalled over the scope), so one run cannot be filtered into another scope's. Once the
app has started (:func:`start`), every run is made by the :class:`Optimizer`: one background thread
on its own connection to the ledger, so that other pages answer meanwhile. It runs every scope the
users need when the app starts and after each import, and a scope a page asks for first; a page that
would wait longer than :attr:`Optimizer.page_wait_s` says that the findings are being computed
(:class:`Computing`) and reloads. Results live in memory only, one per scope (a municipality, or
everything), never written anywhere.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from govcost.errors import GovcostError, UsageError
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
#: (municipality code or None for everything, settings file, ledger state): one optimisation run.
Key = tuple[str | None, tuple[str, int], tuple[int, str]]
log = logging.getLogger(__name__)


class Computing(Exception):
    """The findings the page needs are being computed: the page says so and reloads itself."""


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


def optimization(dash: Dashboard, scope: Iterable[str] | None, *, wait: float | None = None) -> Scoped:
    """The optimisation of ``scope`` (None: everything), from the cache when the ledger, the
    settings file and the scope are those of a run already made.

    Before the app has started (tests, scripts) a missing run is made here, under the engine lock.
    After, the :class:`Optimizer` makes it and this waits at most ``wait`` seconds (None: until it
    is done) before raising :class:`Computing`: a page never shows part of a scope's findings."""
    optimizer = optimizer_of(dash)
    cache = _cache(dash)
    codes: list[str | None] = [None] if scope is None else [*sorted(set(scope))]
    deadline = None if wait is None else time.monotonic() + wait
    while True:
        with dash.locked() as engine:
            state, settings = ledger_state(engine), _file_key(dash.settings)
            keys: list[Key] = [(code, settings, state) for code in codes]
            if not optimizer.started:
                for key in keys:
                    if key not in cache.results:
                        cache.put(cache.results, key, _run(dash, engine, key[0]))
            found = {k: cache.results[k] for k in keys if k in cache.results}
        if len(found) == len(keys):
            parts = [r for r in (found[k] for k in keys) if r is not None]
            missing = [k[0] for k in keys if found[k] is None]
            return Scoped(parts, [c for c in missing if c])
        wanted = [k for k in keys if k not in found]
        optimizer.request(wanted, first=True)
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not optimizer.wait(wanted, left):
            raise Computing
        # Done, or dropped because the ledger changed meanwhile: look again.


def _run(dash: Dashboard, engine: Engine, code: str | None) -> OptimizeResult | None:
    """``govcost optimize [--municipality CODE]`` with the app's settings; None: no cloud costs."""
    try:
        return engine.optimize(municipality=code, settings=dash.settings)
    except UsageError as exc:
        if exc.key not in NO_COSTS:
            raise
        return None


class Optimizer:
    """The app's optimisation runs, one at a time, in a background thread on its own connection.

    Scopes asked for by a page go first; the warm-up's wait behind them. A run is stored only when
    the ledger and the settings file are still those it was asked for (an import meanwhile drops
    it, and whoever waits for it asks again)."""

    #: How long a page waits for a run before it says the findings are being computed.
    page_wait_s = 1.0

    def __init__(self, dash: Dashboard) -> None:
        self.dash = dash
        self.started = False
        self._cond = threading.Condition()
        self._queue: list[Key] = []
        self._running: Key | None = None
        self._failed: dict[Key, BaseException] = {}
        self._stop = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        with self._cond:
            if self.started:
                return
            self.started, self._stop = True, False
            self._thread = threading.Thread(target=self._work, name="govcost-optimize", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop after the run under way (its result is kept); queued runs are dropped."""
        with self._cond:
            self._stop = True
            self._queue.clear()
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
        with self._cond:
            self.started = False
            self._thread = None

    def request(self, keys: Iterable[Key], *, first: bool = False) -> None:
        """Queue runs (``first``: ahead of the others); a run that failed before is tried again."""
        with self._cond:
            for key in keys:
                self._failed.pop(key, None)
                if key == self._running:
                    continue
                if key in self._queue:
                    if not first:
                        continue
                    self._queue.remove(key)
                if first:
                    self._queue.insert(0, key)
                else:
                    self._queue.append(key)
            self._cond.notify_all()

    def busy(self) -> bool:
        """Whether a run is under way or queued."""
        with self._cond:
            return self._running is not None or bool(self._queue)

    def wait(self, keys: list[Key], timeout: float | None) -> bool:
        """Wait until every key is done or dropped (True), or ``timeout`` seconds (False). A run that
        failed raises its error here, once."""
        results = _cache(self.dash).results

        def settled() -> bool:
            return all(
                k in results or k in self._failed or (k != self._running and k not in self._queue)
                for k in keys
            )

        with self._cond:
            if not self._cond.wait_for(settled, timeout):
                return False
            for key in keys:
                error = self._failed.pop(key, None)
                if error is not None:
                    raise error
        return True

    def idle(self, timeout: float | None = None) -> bool:
        """Wait until nothing is queued or under way (True), or ``timeout`` seconds (False)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._running is None and not self._queue, timeout)

    def _work(self) -> None:
        cache = _cache(self.dash)
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._stop or bool(self._queue))
                if self._stop:
                    return
                key = self._running = self._queue.pop(0)
            result: OptimizeResult | None = None
            error: BaseException | None = None
            stale = False
            try:
                # A connection of its own, opened for this run: it sees the ledger as it is now.
                with self.dash.engine.reader() as engine:
                    code, settings, state = key
                    stale = ledger_state(engine) != state or _file_key(self.dash.settings) != settings
                    if not stale:
                        result = _run(self.dash, engine, code)
                        stale = ledger_state(engine) != state
            except GovcostError as exc:  # shown to whoever waits for it, as if they had run it
                error = exc
            except Exception as exc:
                log.exception("optimisation of %s failed", key[0] or "every municipality")
                error = exc
            with self._cond:
                if error is not None:
                    self._failed[key] = error
                elif not stale:
                    cache.put(cache.results, key, result)
                self._running = None
                self._cond.notify_all()


_optimizers: weakref.WeakKeyDictionary[Dashboard, Optimizer] = weakref.WeakKeyDictionary()
_optimizers_lock = threading.Lock()


def optimizer_of(dash: Dashboard) -> Optimizer:
    with _optimizers_lock:
        optimizer = _optimizers.get(dash)
        if optimizer is None:
            optimizer = _optimizers[dash] = Optimizer(dash)
        return optimizer


def warm_scopes(dash: Dashboard) -> list[str | None]:
    """The scopes the users read: each municipality of a municipal user or group administrator (a
    group's findings are its municipalities' runs), then everything (administrators). The short runs
    go first: whoever asks for a scope jumps the queue, and waits at most for the run under way."""
    users = dash.run(lambda e: dash.users.list())
    codes = sorted({c for u in users if not u.is_admin for c in u.municipalities})
    return [*codes, *([None] if any(u.is_admin for u in users) else [])]


def warm(dash: Dashboard) -> None:
    """Queue, behind any page's, the runs of every scope the users read that the cache lacks (at
    start-up and after each import)."""
    optimizer = optimizer_of(dash)
    if not optimizer.started:
        return
    cache = _cache(dash)
    scopes = warm_scopes(dash)
    with dash.locked() as engine:
        state, settings = ledger_state(engine), _file_key(dash.settings)
    optimizer.request(k for k in ((c, settings, state) for c in scopes) if k not in cache.results)


def start(dash: Dashboard) -> None:
    """The app has started: runs go to the background from now on, and the warm-up begins."""
    optimizer_of(dash).start()
    warm(dash)


def stop(dash: Dashboard) -> None:
    optimizer_of(dash).stop()


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
