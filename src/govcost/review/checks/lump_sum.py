"""``lump-sum``: a 一式 line with no breakdown of what it contains."""

from __future__ import annotations

from decimal import Decimal

from govcost.messages import msg
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.checks.arithmetic import DETAIL_SHEET_WORDS, line_name, summary_and_details, yen
from govcost.review.context import ReviewContext
from govcost.review.estimate import EstimateLine, normalise

#: Words that refer to a breakdown kept elsewhere ("別紙明細参照", "内訳は別添のとおり").
REFERENCE_WORDS = ("別紙", "別添", "明細", "内訳", "添付資料", "添付の")
#: Words that refer to the provider's pricing calculator.
CALCULATOR_WORDS = ("カリキュレータ", "カリキュレーター", "calculator", "料金計算", "試算結果")


@CHECKS.register("lump-sum")
class LumpSumCheck(Check):
    """A 一式 line with no breakdown of what it contains.

    The checklist (items 3 and 4) asks: where the estimate says "○○一式", is a 明細書 attached that
    breaks it down, and was its content explained? A lump sum is where unexplained work and margins
    hide, and the municipality cannot compare it with the current contract or with other vendors.

    A 一式 line (unit 式/一式, quantity 一式, or 一式 in its name) with an amount is accepted when

    - breakdown lines follow it (indented, or marked ・/└/内訳: ``kind == "detail"``), or
    - it refers to an attached breakdown (備考 "別紙明細参照", "内訳は明細シートのとおり", the name of
      another sheet) and that breakdown is there: a sheet named 明細/内訳/別紙/詳細 (or the sheet it
      names), the cost breakdown among the documents provided (``--documents``), or, for a reference to
      the pricing calculator, the calculator export (``--calculator``), or
    - it sits on a summary sheet (総括表) and the detail sheet has lines of its category.

    Otherwise ``warn``, with the amount at stake and a question asking for the breakdown; a reference to
    a breakdown that is not attached gets its own message. A 一式 line with its breakdown gets an
    ``ok``; whether the breakdown adds up to it is ``arithmetic``'s finding, not this one's. Example
    finding::

        check: lump-sum   status: warn   sheet: 明細   cell: F18   amount_jpy: 4,800,000
        item: 運用管理補助委託
        message: 「運用管理補助委託(ガバメントクラウド運用管理補助業務 一式)」は一式 4,800,000 円で
                 計上されていますが、内訳(明細)がありません
        question: 「運用管理補助委託(ガバメントクラウド運用管理補助業務 一式)」(4,800,000 円)の内訳
                  (作業・品目ごとの数量、単価、金額)を明細書としてご提示のうえ、その内容をご説明ください。
    """

    checklist_ref = (
        "見積書上「○○一式」などと記載がある場合、別紙等として一式に関する「明細書」等が添付されており、"
        "その内容の説明はあったか"
    )
    title = msg("check.lump_sum.title")

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        est = ctx.estimate
        pair = summary_and_details(est)
        detail_categories: set[str] = set()
        if pair is not None:
            detail_categories = {
                ln.category for ln in est.items() if ln.sheet in pair[1] and ln.category is not None
            }
        out: list[ReviewFinding] = []
        for line in est.lines:
            # A lump-sum discount (△) or a free 一式 has nothing to break down.
            if line.kind != "line" or not line.lump_sum or line.amount is None or line.amount <= 0:
                continue
            children = [
                x
                for x in est.lines
                if x.sheet == line.sheet and x.kind == "detail" and x.parent_row == line.row
            ]
            if children:
                out.append(self._breakdown(line, children))
                continue
            if pair is not None and line.sheet == pair[0] and line.category in detail_categories:
                continue
            reference = self._reference(ctx, line)
            if reference is None:
                out.append(self._missing(line, "review.lump_sum.missing"))
            elif not self._attached(ctx, line, reference):
                out.append(self._missing(line, "review.lump_sum.not_attached", reference=reference))
        return out

    @staticmethod
    def _reference(ctx: ReviewContext, line: EstimateLine) -> str | None:
        """The words of the line that point at a breakdown elsewhere (or name another sheet)."""
        others = [normalise(s).lower() for s in ctx.estimate.sheets if s != line.sheet and len(s) > 1]
        for text in (line.remarks, line.spec, line.item):
            words = normalise(text).lower()
            if any(normalise(w).lower() in words for w in (*REFERENCE_WORDS, *CALCULATOR_WORDS)) or any(
                s in words for s in others
            ):
                return text
        return None

    @staticmethod
    def _attached(ctx: ReviewContext, line: EstimateLine, reference: str) -> bool:
        words = normalise(reference).lower()
        if any(normalise(w).lower() in words for w in CALCULATOR_WORDS):
            return ctx.calculator is not None or "calculator" in (ctx.documents or set())
        others = [s for s in ctx.estimate.sheets if s != line.sheet]
        if any(normalise(s).lower() in words for s in others):
            return True
        if any(any(w in normalise(s) for w in DETAIL_SHEET_WORDS) for s in others):
            return True
        return "breakdown" in (ctx.documents or set())

    def _missing(self, line: EstimateLine, key: str, reference: str = "") -> ReviewFinding:
        amount = line.amount
        assert amount is not None
        return self.on_line(
            line,
            "warn",
            msg(key, item=line_name(line), amount=yen(amount), reference=reference),
            msg("review.lump_sum.question", item=line_name(line), amount=yen(amount)),
            evidence={"unit": line.unit, "quantity": line.quantity, "reference": reference},
        )

    def _breakdown(self, line: EstimateLine, children: list[EstimateLine]) -> ReviewFinding:
        """A 一式 line with its breakdown: ``ok`` (whether the breakdown adds up is ``arithmetic``'s)."""
        priced = [x.amount for x in children if x.amount is not None]
        key = "review.lump_sum.ok" if priced else "review.lump_sum.ok_listed"
        return self.on_line(
            line,
            "ok",
            msg(key, count=len(children), total=yen(sum(priced, Decimal(0)))),
            "",
            evidence={"breakdown_rows": ", ".join(str(x.row) for x in children)},
        )
