"""One review: every selected check over one estimate, findings sorted by where they point."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from govcost.errors import UsageError
from govcost.review.base import CHECKS, ReviewFinding
from govcost.review.context import DOCUMENTS, ReviewContext, load_rate_card
from govcost.review.estimate import Estimate, Mapping, normalise, read_estimate

if TYPE_CHECKING:
    from govcost.engine import Engine


@dataclass
class ReviewResult:
    estimate: Estimate
    current: Estimate | None
    checks: list[str]
    findings: list[ReviewFinding]
    documents: set[str] | None

    @property
    def possible_saving_jpy(self) -> Decimal:
        """The sum of the savings the findings estimate (a line counted once: its largest)."""
        best: dict[tuple[str, str], Decimal] = {}
        for f in self.findings:
            if f.possible_saving_jpy and f.status != "ok":
                key = (f.sheet, f.cell) if f.cell else (f.check, f.item)
                best[key] = max(best.get(key, Decimal(0)), f.possible_saving_jpy)
        return sum(best.values(), Decimal(0))

    def problems(self) -> list[ReviewFinding]:
        return [f for f in self.findings if f.status != "ok"]


def documents_of(names: Sequence[str], estimate: Estimate) -> set[str]:
    """The DOCUMENTS keys named (by key, by Japanese name or by a file name) or found as sheets."""
    found: set[str] = set()
    for raw in [*names, *estimate.sheets]:
        text = normalise(raw).lower()
        for key, (label, words) in DOCUMENTS.items():
            if (
                text == key
                or normalise(label).lower() in text
                or any(normalise(w).lower() in text for w in words)
            ):
                found.add(key)
    return found


def review(
    estimate: Path | str,
    *,
    current: Path | str | None = None,
    calculator: Path | str | None = None,
    documents: Sequence[str] | None = None,
    mapping: Path | str | None = None,
    rate_card: Path | str | None = None,
    checks: Sequence[str] | None = None,
    engine: Engine | None = None,
    municipality: str | None = None,
    system_id: str | None = None,
) -> ReviewResult:
    known = CHECKS.keys()
    chosen = list(checks) if checks else known
    for key in chosen:
        if key not in known:
            raise UsageError("review.unknown_check", check=key, known=", ".join(known))
    columns = Mapping.load(mapping)
    est = read_estimate(estimate, columns)
    cur = read_estimate(current, columns) if current is not None else None
    calc = None
    if calculator is not None:
        from govcost.review.calculator import read_calculator

        calc = read_calculator(calculator)
    provided = documents_of(documents, est) if documents is not None else None
    ctx = ReviewContext(
        estimate=est,
        current=cur,
        calculator=calc,
        documents=provided,
        rate_card=load_rate_card(rate_card),
        engine=engine,
        municipality=municipality,
        system_id=system_id,
    )
    findings: list[ReviewFinding] = []
    for key in chosen:
        findings.extend(CHECKS.get(key)().run(ctx))
    order = {s: i for i, s in enumerate(est.sheets)}
    findings.sort(key=lambda f: (order.get(f.sheet, len(order)), f.row or 0, f.check))
    return ReviewResult(est, cur, chosen, findings, provided)
