"""``arithmetic``: the estimate's own sums — quantity × unit price, 小計, 合計, 消費税, 税込合計."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from govcost.messages import msg
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.context import ReviewContext
from govcost.review.estimate import Estimate, EstimateLine, normalise

#: Words that say the unit price is monthly while the amount covers the year.
MONTHLY_WORDS = ("月額", "月単価", "/月", "・月", "円/月", "月当たり", "月あたり", "毎月")
#: A period written on a line: "12ヶ月", "12か月", "3年", "60カ月", "×12".
PERIOD = re.compile(
    r"(?<![A-Za-z0-9.])(\d+(?:\.\d+)?)\s*(ヶ月|ケ月|か月|カ月|ヵ月|箇月|ヶ年|か年|カ年|年間|年(?!度)|月分|月間|月)"
)
TIMES = re.compile(r"[×xX*]\s*(\d+(?:\.\d+)?)(?![\d.])")
#: Lines the consumption tax does not apply to.
UNTAXED_WORDS = ("非課税", "不課税", "課税対象外", "消費税対象外")
#: A tax the total already includes (内税).
INCLUDED_TAX_WORDS = ("内消費税", "うち消費税", "内税", "(内)消費税", "うち税")
#: Sheets that hold the detail of a summary sheet.
DETAIL_SHEET_WORDS = ("明細", "内訳", "別紙", "詳細")
TAX_RATE = Decimal("0.10")
WRONG_TAX_RATES = (Decimal("0.08"), Decimal("0.05"), Decimal("0.03"))
#: Two amounts are equal when they differ by less than a yen (a product rounded to the yen).
TOLERANCE = Decimal(1)
ROUNDING_RULE = "円未満切り捨て(四捨五入・切り上げも 1 円未満の差として許容)"


def period_factors(line: EstimateLine) -> list[Decimal]:
    """The factors a line's quantity × unit price may be multiplied by: 1, the periods written on
    it ("12ヶ月" → 12; "3年" → 3 and 36), and 12 where the unit price is said to be monthly."""
    text = unicodedata.normalize("NFKC", " ".join((line.item, line.spec, line.unit, line.remarks)))
    out = [Decimal(1)]
    for number, unit in PERIOD.findall(text):
        n = Decimal(number)
        out.append(n)
        if "年" in unit:
            out.append(n * 12)
    out.extend(Decimal(n) for n in TIMES.findall(text))
    if any(normalise(w) in normalise(text) for w in MONTHLY_WORDS):
        out.append(Decimal(12))
    return list(dict.fromkeys(x for x in out if x > 0))


def expected_amount(line: EstimateLine) -> tuple[Decimal, Decimal] | None:
    """(quantity × unit price × factor, factor) closest to the line's amount; None when the line has
    no quantity, unit price or amount to compare."""
    if line.quantity is None or line.unit_price is None or line.amount is None:
        return None
    base, amount = line.quantity * line.unit_price, line.amount
    return min(((base * f, f) for f in period_factors(line)), key=lambda p: abs(p[0] - amount))


def same(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) < TOLERANCE


def closest(candidates: Iterable[Decimal], amount: Decimal) -> Decimal:
    return min(candidates, key=lambda c: abs(c - amount))


def signed(value: Decimal) -> str:
    """A difference in yen with its sign (+3,000 / -200,000)."""
    return ("+" if value > 0 else "") + yen(value)


def line_name(line: EstimateLine) -> str:
    """How a message names a line: its item, with its content (内容/仕様) when that says more."""
    if line.spec and normalise(line.spec) not in normalise(line.item):
        return f"{line.item}({line.spec})"
    return line.item


def yen(value: Decimal) -> str:
    """A yen figure as the messages show it (grouped, decimals only where there are some)."""
    v = value.normalize()
    if v == v.to_integral_value():
        return f"{int(v):,}"
    return f"{v:,f}"


# --- which amounts a sum counts --------------------------------------------------------------
class Amounts:
    """The amounts of a sheet's priced lines a 小計 may add: a 一式 line with its own amount, or
    its breakdown's amounts when the 一式 line has none (or, as an alternative reading, always);
    hidden rows counted or not."""

    def __init__(self, lines: Iterable[EstimateLine]) -> None:
        self.lines = list(lines)
        self.by_row = {ln.row: ln for ln in self.lines}
        self.priced_children: set[int] = {
            ln.parent_row
            for ln in self.lines
            if ln.kind == "detail" and ln.parent_row is not None and ln.amount is not None
        }

    def counted(self, line: EstimateLine, details: bool) -> Decimal | None:
        if line.kind == "line":
            if details and line.row in self.priced_children:
                return None
            return line.amount
        if line.kind == "detail":
            parent = self.by_row.get(line.parent_row or -1)
            if parent is None or parent.amount is None or details:
                return line.amount
        return None

    def sums(self, span: list[EstimateLine]) -> set[Decimal]:
        """Every plausible sum of a span of lines (empty when none of them is priced)."""
        out: set[Decimal] = set()
        for details in (False, True):
            for hidden in (True, False):
                values = [
                    v
                    for ln in span
                    if hidden or not ln.hidden
                    if (v := self.counted(ln, details)) is not None
                ]
                if values:
                    out.add(sum(values, Decimal(0)))
        return out


@dataclass
class _Block:
    """What the walk over a sheet has seen since the last 合計 (and since the last 小計, heading)."""

    since_subtotal: list[EstimateLine] = field(default_factory=list)
    since_heading: list[EstimateLine] = field(default_factory=list)
    since_total: list[EstimateLine] = field(default_factory=list)
    subtotals: list[Decimal] = field(default_factory=list)
    totals: list[Decimal] = field(default_factory=list)
    total: Decimal | None = None
    tax: Decimal | None = None
    tax_after_total: bool = False
    #: Lines outside the tax (非課税, 不課税) since the last 税込合計.
    untaxed: Decimal = Decimal(0)


@CHECKS.register("arithmetic")
class ArithmeticCheck(Check):
    """The estimate's own sums — quantity × unit price, 小計, 合計, 消費税, 税込合計.

    An estimate whose figures do not add up cannot be reviewed further, and a wrong product or an 8 %
    consumption tax is the first thing the Digital Agency's reviewers send back. The check recomputes,
    sheet by sheet, in the order the lines are written:

    - every priced line: quantity × unit price (× the months or years written on the line: "12ヶ月",
      "月額" with an annual amount, "3年") must equal the amount to within a yen (a unit price with
      decimals may be rounded down, half up or up). A line with no quantity or no unit price has an
      amount that stands alone: nothing to check;
    - every 小計 (中計, …計): the lines since the previous 小計 or since the section heading;
    - every 合計 (総計, 総額): the 小計s since the previous 合計 (plus lines after the last 小計), or
      all lines since the previous 合計, or the previous 合計s (a grand total);
    - 消費税: 10 % of the taxable total (lines marked 非課税/不課税 left out), rounded down to the
      yen (floor, half up and up are accepted: within 1 yen). 8 % is wrong: the reduced rate is for
      food and newspapers, never for IT services. A tax "included" (内消費税) is 10/110 of the total;
    - 税込合計: 合計 + 消費税;
    - every 一式 line with a priced breakdown (内訳) under it: the breakdown's sum (× the 一式 line's
      period: monthly lines under a year's 一式);
    - where a summary sheet (総括表) sits beside a detail sheet (明細, 内訳, 別紙), each category of the
      summary (one line per category) against the detail sheet's lines of that category.

    Findings are ``ng``; the possible saving is the overcharge (the amount above the recomputed one),
    where there is one. One ``ok`` per sheet whose totals were recomputed without a difference.
    Example finding::

        check: arithmetic   status: ng   sheet: 見積書   cell: G15   amount_jpy: 1,803,000
        item: 定常運用作業
        message: 数量 12 × 単価 150,000 円 = 1,800,000 円ですが、金額は 1,803,000 円です(差 +3,000 円)
        question: 「定常運用作業」の金額が数量 × 単価と一致しません。数量・単価・金額をご確認のうえ、
                  訂正した見積書をご提出ください。
        possible_saving_jpy: 3,000   evidence: expected 1800000, difference 3000
    """

    checklist_ref = "見積書の金額の妥当性(数量 × 単価 = 金額、小計・合計・消費税の計算)"
    title = msg("check.arithmetic.title")

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        out: list[ReviewFinding] = []
        est = ctx.estimate
        for sheet in est.sheets:
            lines = [ln for ln in est.lines if ln.sheet == sheet]
            if lines:
                out.extend(self._sheet(lines))
        out.extend(self._summary_against_detail(est))
        return out

    # --- one sheet, top to bottom -------------------------------------------------------------
    def _sheet(self, lines: list[EstimateLine]) -> list[ReviewFinding]:
        amounts = Amounts(lines)
        out: list[ReviewFinding] = []
        block = _Block()
        checked: list[EstimateLine] = []
        for ln in lines:
            if ln.kind in ("line", "detail"):
                for finding in (self._product(ln), self._breakdown(ln, lines)):
                    if finding is not None:
                        out.append(finding)
                block.since_subtotal.append(ln)
                block.since_heading.append(ln)
                block.since_total.append(ln)
                value = amounts.counted(ln, details=False)
                if value is not None and any(w in normalise(ln.text) for w in UNTAXED_WORDS):
                    block.untaxed += value
            elif ln.kind == "heading":
                block.since_heading = []
            elif ln.amount is None:
                continue
            elif ln.kind == "subtotal":
                candidates = amounts.sums(block.since_subtotal) | amounts.sums(block.since_heading)
                if candidates:
                    out.extend(self._compare(ln, candidates, "subtotal"))
                    checked.append(ln)
                block.subtotals.append(ln.amount)
                block.since_subtotal = []
            elif ln.kind == "total":
                candidates = self._total_candidates(block, amounts)
                if candidates:
                    out.extend(self._compare(ln, candidates, "total"))
                    checked.append(ln)
                block = _Block(totals=[*block.totals, ln.amount], total=ln.amount, untaxed=block.untaxed)
            elif ln.kind == "tax":
                out.extend(self._tax(ln, self._bases(block, amounts)))
                checked.append(ln)
                block.tax = ln.amount
                block.tax_after_total = True
            elif ln.kind == "total_with_tax":
                out.extend(self._with_tax(ln, block, amounts))
                checked.append(ln)
                block = _Block()
        if checked and not any(f.status == "ng" for f in out):
            last = checked[-1]
            out.append(
                self.on_line(
                    last,
                    "ok",
                    msg(
                        "review.arithmetic.ok", lines=len([x for x in lines if x.kind in ("line", "detail")])
                    ),
                    "",
                    evidence={"rounding": ROUNDING_RULE},
                )
            )
        return out

    def _product(self, ln: EstimateLine) -> ReviewFinding | None:
        best = expected_amount(ln)
        if best is None or ln.amount is None or ln.quantity is None or ln.unit_price is None:
            return None
        expected, factor = best
        if same(expected, ln.amount):
            return None
        diff = ln.amount - expected
        formula = msg(
            "review.arithmetic.formula",
            quantity=yen(ln.quantity),
            unit_price=yen(ln.unit_price),
            factor=f" × {yen(factor)}" if factor != 1 else "",
        )
        return self.on_line(
            ln,
            "ng",
            msg(
                "review.arithmetic.product",
                formula=formula,
                expected=yen(expected),
                amount=yen(ln.amount),
                diff=signed(diff),
            ),
            msg("review.arithmetic.product.question", item=line_name(ln)),
            possible_saving_jpy=diff if diff > 0 else None,
            evidence={
                "quantity": ln.quantity,
                "unit_price": ln.unit_price,
                "factor": factor,
                "expected": expected,
                "amount": ln.amount,
                "difference": diff,
                "rule": "数量 × 単価 (× 期間) = 金額、1 円未満の差は許容",
            },
        )

    def _breakdown(self, ln: EstimateLine, lines: list[EstimateLine]) -> ReviewFinding | None:
        """A 一式 line against its priced breakdown (monthly lines may make up a year's 一式)."""
        amount = ln.amount
        if ln.kind != "line" or amount is None:
            return None
        children = [x for x in lines if x.kind == "detail" and x.parent_row == ln.row]
        priced = [x.amount for x in children if x.amount is not None]
        if not priced:
            return None
        total = sum(priced, Decimal(0))
        candidates = {total * f for f in period_factors(ln)}
        if any(same(c, amount) for c in candidates):
            return None
        expected = closest(candidates, amount)
        diff = amount - expected
        return self.on_line(
            ln,
            "ng",
            msg(
                "review.arithmetic.breakdown",
                amount=yen(amount),
                count=len(children),
                expected=yen(expected),
                diff=signed(diff),
            ),
            msg("review.arithmetic.breakdown.question", item=line_name(ln)),
            possible_saving_jpy=diff if diff > 0 else None,
            evidence={
                "breakdown_rows": ", ".join(str(x.row) for x in children),
                "breakdown_total": expected,
                "amount": amount,
                "difference": diff,
            },
        )

    def _compare(self, ln: EstimateLine, candidates: set[Decimal], what: str) -> list[ReviewFinding]:
        amount = ln.amount
        assert amount is not None
        if any(same(c, amount) for c in candidates):
            return []
        expected = closest(candidates, amount)
        diff = amount - expected
        return [
            self.on_line(
                ln,
                "ng",
                msg(
                    f"review.arithmetic.{what}", expected=yen(expected), amount=yen(amount), diff=signed(diff)
                ),
                msg(f"review.arithmetic.{what}.question", item=ln.item),
                possible_saving_jpy=diff if diff > 0 else None,
                evidence={
                    "expected": expected,
                    "amount": amount,
                    "difference": diff,
                    "candidates": ", ".join(yen(c) for c in sorted(candidates)),
                },
            )
        ]

    @staticmethod
    def _total_candidates(block: _Block, amounts: Amounts) -> set[Decimal]:
        out: set[Decimal] = set()
        if block.subtotals:
            subs = sum(block.subtotals, Decimal(0))
            out.add(subs)
            out.update(subs + s for s in amounts.sums(block.since_subtotal))
        out.update(amounts.sums(block.since_total))
        if block.totals and not block.since_total:
            out.add(sum(block.totals, Decimal(0)))
        if block.tax_after_total and block.total is not None and block.tax is not None:
            out.add(block.total + block.tax)
        return out

    @staticmethod
    def _bases(block: _Block, amounts: Amounts, taxable: bool = True) -> set[Decimal]:
        """The taxable totals the tax may be computed on: the last 合計, or what it would be (and
        each without the lines outside the tax, if any)."""
        out: set[Decimal] = set()
        if block.total is not None and not block.since_total:
            out.add(block.total)
        else:
            if block.subtotals:
                subs = sum(block.subtotals, Decimal(0))
                out.add(subs)
                out.update(subs + s for s in amounts.sums(block.since_subtotal))
            out.update(amounts.sums(block.since_total))
        if taxable and block.untaxed:
            out |= {b - block.untaxed for b in out}
        return out

    def _tax(self, ln: EstimateLine, bases: set[Decimal]) -> list[ReviewFinding]:
        amount = ln.amount
        assert amount is not None
        if not bases:
            return []
        included = any(normalise(w) in normalise(ln.item) for w in INCLUDED_TAX_WORDS)
        share = TAX_RATE / (1 + TAX_RATE) if included else TAX_RATE
        expected_by_base = {b: b * share for b in bases}
        if any(same(e, amount) for e in expected_by_base.values()):
            return []
        base = min(bases, key=lambda b: abs(expected_by_base[b] - amount))
        expected = expected_by_base[base].to_integral_value(rounding=ROUND_FLOOR)
        wrong = next(
            (r for r in WRONG_TAX_RATES if not included and same(base * r, amount)),
            None,
        )
        diff = amount - expected
        key = "review.arithmetic.tax_rate" if wrong is not None else "review.arithmetic.tax"
        return [
            self.on_line(
                ln,
                "ng",
                msg(
                    key,
                    base=yen(base),
                    expected=yen(expected),
                    amount=yen(amount),
                    diff=signed(diff),
                    rate=f"{wrong * 100:.0f}" if wrong is not None else "",
                ),
                msg("review.arithmetic.tax.question"),
                possible_saving_jpy=diff if diff > 0 else None,
                evidence={
                    "taxable_total": base,
                    "rate": "10/110(内税)" if included else "10%",
                    "expected": expected,
                    "amount": amount,
                    "difference": diff,
                    "rounding": ROUNDING_RULE,
                },
            )
        ]

    def _with_tax(self, ln: EstimateLine, block: _Block, amounts: Amounts) -> list[ReviewFinding]:
        assert ln.amount is not None
        bases = self._bases(block, amounts, taxable=False)
        if not bases:
            return []
        # 合計 + the 消費税 line as written; or + 10 % (a wrong 消費税 line is its own finding).
        u = block.untaxed
        candidates = {b + block.tax for b in bases} if block.tax is not None else set()
        candidates |= {b + ((b - u) * TAX_RATE).to_integral_value(rounding=ROUND_FLOOR) for b in bases}
        candidates |= {b + (b - u) * TAX_RATE for b in bases}
        return self._compare(ln, candidates, "with_tax")

    # --- a summary sheet against its detail sheet ----------------------------------------------
    def _summary_against_detail(self, est: Estimate) -> list[ReviewFinding]:
        pair = summary_and_details(est)
        if pair is None:
            return []
        summary, details = pair
        detail_lines = [ln for ln in est.lines if ln.sheet in details]
        amounts = Amounts(detail_lines)
        by_category: dict[str, list[EstimateLine]] = {}
        for ln in est.items():
            if ln.sheet == summary and ln.kind == "line" and ln.category and ln.amount is not None:
                by_category.setdefault(ln.category, []).append(ln)
        out = []
        for category, summary_lines in by_category.items():
            if len(summary_lines) != 1:
                continue
            line = summary_lines[0]
            amount = line.amount
            assert amount is not None
            items = [x for x in detail_lines if x.kind in ("line", "detail") and x.category == category]
            candidates = amounts.sums(items)
            subtotals = [
                x.amount
                for x in detail_lines
                if x.kind == "subtotal" and x.category == category and x.amount is not None
            ]
            if subtotals:
                candidates.add(sum(subtotals, Decimal(0)))
            if not candidates or any(same(c, amount) for c in candidates):
                continue
            expected = closest(candidates, amount)
            diff = amount - expected
            out.append(
                self.on_line(
                    line,
                    "ng",
                    msg(
                        "review.arithmetic.summary",
                        summary=summary,
                        detail="・".join(details),
                        expected=yen(expected),
                        amount=yen(amount),
                        diff=signed(diff),
                    ),
                    msg(
                        "review.arithmetic.summary.question", item=line_name(line), detail="・".join(details)
                    ),
                    possible_saving_jpy=diff if diff > 0 else None,
                    evidence={
                        "category": category,
                        "detail_sheets": ", ".join(details),
                        "detail_total": expected,
                        "amount": amount,
                        "difference": diff,
                    },
                )
            )
        return out


def summary_and_details(est: Estimate) -> tuple[str, list[str]] | None:
    """(the summary sheet, its detail sheets) when the estimate has exactly one priced sheet that is
    not a detail sheet (明細, 内訳, 別紙, 詳細 in its name) and at least one that is."""
    priced = [s for s in est.sheets if s in est.headers]
    details = [s for s in priced if any(w in normalise(s) for w in DETAIL_SHEET_WORDS)]
    others = [s for s in priced if s not in details]
    if len(others) != 1 or not details:
        return None
    return others[0], details
