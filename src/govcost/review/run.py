"""One review: every selected check over one estimate, findings sorted by where they point."""

from __future__ import annotations

import re
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
    """The DOCUMENTS keys named (by key, by Japanese name or by a file name) or found as sheets (a
    sheet 構成図 or 内訳 is that document). A name counts as the one document it names most
    specifically — its longest matching word — so 非機能要件の考え方 is the non-functional assumptions,
    not the estimate basis; names joined by ・ / + (構成図・内訳) count as each."""
    found: set[str] = set()
    for raw in [*names, *estimate.sheets]:
        whole = document_key(raw, exact=True)
        parts = [whole] if whole else [document_key(p) for p in re.split(r"[・/+＋]", raw)]
        found.update(k for k in parts if k is not None)
    return found


def document_key(name: str, exact: bool = False) -> str | None:
    """The DOCUMENTS key a name (a key, a Japanese name, a file name) stands for, if any (with
    ``exact``: only a name that is a key or a Japanese name)."""
    text = normalise(name).lower()
    best: tuple[int, str] | None = None
    for key, (label, words) in DOCUMENTS.items():
        if text in (key, normalise(label).lower()):
            return key
        if exact:
            continue
        for word in (label, *words):
            w = normalise(word).lower()
            if w and w in text and (best is None or len(w) > best[0]):
                best = (len(w), key)
    return best[1] if best else None


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
