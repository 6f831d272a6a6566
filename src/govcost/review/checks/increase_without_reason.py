"""``increase-without-reason``: lines that cost more than in the current contract, or are new, with no
stated reason."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from govcost.jp.money import format_yen
from govcost.messages import msg
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.checks._current import (
    cost,
    match_lines,
    percent,
    reason_in,
    stated_reason,
    top_level,
    where,
)
from govcost.review.context import ReviewContext
from govcost.review.estimate import CATEGORIES, Estimate, EstimateLine


@CHECKS.register("increase-without-reason")
class IncreaseWithoutReason(Check):
    """Each line of the estimate set against its line in the current contract (``--current``): a line
    that costs more, or a line the current contract does not have (新規計上), whose remarks (備考),
    specification or the notes below it give no reason for it (法改正, 標準化, 機能追加, 物価, 人件費,
    為替, 移行に伴い… — ``_current.REASON_WORDS``). The checklist asks, for every category of the
    estimate, whether an increase over the current contract was analysed and explained line by line
    and whether the differences from the current contract were explained.

    How lines are matched (same normalised item text, else same category and similar words) is
    documented in ``review/checks/_current.py``. Amounts are compared as written: both documents are
    taken to cover the same period (a year, say). A breakdown line (明細 under a 一式 line) is compared
    when it has a counterpart in the current contract; when one of them is flagged, its 一式 line is
    not flagged again. A breakdown line without a counterpart is not "new": its 一式 line is compared.
    The category totals (current → estimate) are given with every finding; a category that costs
    more while none of its lines is flagged or explained is flagged on its 小計 line, when it has one.

    Discount lines (negative amounts) are not compared. A line whose increase is explained gets an
    ``ok`` finding naming the reason found. No saving is
    estimated: an unexplained increase is a question, not yet a saving. Without ``--current`` the
    check has nothing to compare and says so in one ``ok`` finding. Example finding::

        check: increase-without-reason   status: warn   見積書!G14   ソフトウェア借料(住民記録)
        message: 現行契約 ¥3,600,000 → 見積 ¥5,400,000(+¥1,800,000、+50.0%)。備考に増加理由の記載が
                 ありません(区分「業務パッケージ・ミドルウェア利用料」計 ¥8,000,000 → ¥11,200,000)
        question: 「ソフトウェア借料(住民記録)」は現行契約の ¥3,600,000 から ¥5,400,000 へ
                  ¥1,800,000(50.0%)増加しています。増加要因を個別具体的にご説明ください。…
    """

    checklist_ref = (
        "現行に比べ費用が増加している場合、増加要因の分析・詳細かつ個別具体的な説明はあったか/"
        "現行契約内容との差異の説明はあったか"
    )
    title = msg("check.increase_without_reason.title")

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        if ctx.current is None:
            return [
                self.on_estimate(
                    "ok",
                    msg("review.increase.no_current"),
                    msg("review.increase.no_current.question"),
                )
            ]
        est, cur = ctx.estimate, ctx.current
        matches = match_lines(est.items(), cur.items())
        totals = _category_totals(est), _category_totals(cur)
        findings: list[ReviewFinding] = []
        flagged: set[tuple[str, int]] = set()
        new_lines = {where(ln) for ln in top_level(est)}
        for line in est.items():
            old = matches.get(where(line))
            if old is not None:
                finding = self._increase(est, line, old, totals)
            elif where(line) in new_lines:
                finding = self._new(est, line, totals)
            else:
                finding = None
            if finding is None:
                continue
            findings.append(finding)
            if finding.status == "warn":
                flagged.add(where(line))
        # A 一式 line whose breakdown line is flagged is not flagged again.
        parents = {(ln.sheet, ln.parent_row) for ln in est.items() if where(ln) in flagged and ln.parent_row}
        findings = [f for f in findings if not (f.status == "warn" and (f.sheet, f.row) in parents and f.row)]
        findings += self._categories(est, totals, findings)
        return findings

    # --- one line ---------------------------------------------------------------------------
    def _increase(
        self, est: Estimate, line: EstimateLine, old: EstimateLine, totals: _Totals
    ) -> ReviewFinding | None:
        now, before = cost(line), cost(old)
        if now is None or before is None or now <= before or before < 0:
            return None  # a discount line (negative) is left to volume-discount
        if before == 0:
            return self._new(est, line, totals, old=old)
        diff = now - before
        pct = percent(diff, before)
        evidence = {
            "current_sheet": old.sheet,
            "current_row": old.row,
            "current_item": old.item,
            "current_jpy": before,
            "estimate_jpy": now,
            "increase_jpy": diff,
            "increase_percent": pct,
            **_category_evidence(line, totals),
        }
        reason = stated_reason(est, line)
        params: dict[str, Any] = {
            "item": line.item,
            "current": format_yen(before),
            "estimate": format_yen(now),
            "diff": format_yen(diff),
            "pct": pct,
        }
        if reason is not None:
            evidence["reason"] = reason
            return self.on_line(
                line, "ok", msg("review.increase.explained", reason=reason, **params), "", evidence=evidence
            )
        return self.on_line(
            line,
            "warn",
            msg("review.increase.line", category=_category_text(line, totals), **params),
            msg("review.increase.line.question", **params),
            evidence=evidence,
        )

    def _new(
        self, est: Estimate, line: EstimateLine, totals: _Totals, old: EstimateLine | None = None
    ) -> ReviewFinding | None:
        now = cost(line)
        if now is None or now <= 0:
            return None
        evidence: dict[str, object] = {"estimate_jpy": now, **_category_evidence(line, totals)}
        if old is not None:
            evidence.update(current_sheet=old.sheet, current_row=old.row, current_jpy=cost(old))
        reason = stated_reason(est, line)
        params: dict[str, Any] = {"item": line.item, "estimate": format_yen(now)}
        if reason is not None:
            evidence["reason"] = reason
            return self.on_line(
                line,
                "ok",
                msg("review.increase.new_explained", reason=reason, **params),
                "",
                evidence=evidence,
            )
        return self.on_line(
            line,
            "warn",
            msg("review.increase.new", category=_category_text(line, totals), **params),
            msg("review.increase.new.question", **params),
            evidence=evidence,
        )

    # --- categories -------------------------------------------------------------------------
    def _categories(
        self, est: Estimate, totals: _Totals, findings: list[ReviewFinding]
    ) -> list[ReviewFinding]:
        """A category that costs more with none of its lines flagged or explained: on its 小計 line."""
        now, before = totals
        covered = {f.evidence.get("category") for f in findings}
        out = []
        for category, total in now.items():
            old = before.get(category)
            if not category or category in covered or old is None or total <= old or old <= 0:
                continue
            lines = [ln for ln in est.items() if ln.category == category]
            if any(stated_reason(est, ln) for ln in lines):
                continue
            subtotal = next(
                (ln for ln in est.lines if ln.kind == "subtotal" and ln.category == category), None
            )
            if subtotal is None or reason_in(subtotal.remarks):
                continue
            diff = total - old
            params: dict[str, Any] = {
                "category": CATEGORIES[category][0],
                "current": format_yen(old),
                "estimate": format_yen(total),
                "diff": format_yen(diff),
                "pct": percent(diff, old),
            }
            out.append(
                self.on_line(
                    subtotal,
                    "warn",
                    msg("review.increase.category", **params),
                    msg("review.increase.category.question", **params),
                    evidence={
                        "category": category,
                        "category_current_jpy": old,
                        "category_estimate_jpy": total,
                        "increase_jpy": diff,
                    },
                )
            )
        return out


_Totals = tuple[dict[str, Decimal], dict[str, Decimal]]


def _category_totals(estimate: Estimate) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for ln in top_level(estimate):
        amount = cost(ln)
        if amount is not None:
            key = ln.category or ""
            out[key] = out.get(key, Decimal(0)) + amount
    return out


def _category_evidence(line: EstimateLine, totals: _Totals) -> dict[str, object]:
    key = line.category or ""
    now, before = totals
    out: dict[str, object] = {"category": key}
    if key in now:
        out["category_estimate_jpy"] = now[key]
    if key in before:
        out["category_current_jpy"] = before[key]
    return out


def _category_text(line: EstimateLine, totals: _Totals) -> str:
    key = line.category or ""
    now, before = totals
    if not key or key not in now:
        return ""
    return msg(
        "review.increase.category_total",
        category=CATEGORIES[key][0],
        current=format_yen(before.get(key, Decimal(0))),
        estimate=format_yen(now[key]),
    )
