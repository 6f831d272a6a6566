"""``volume-discount``: cloud fees estimated at list price, without the Government Cloud volume discount."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from govcost.messages import msg
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.checks._wording import has, label, matches, money
from govcost.review.context import ReviewContext
from govcost.review.estimate import EstimateLine, detect_category, parse_amount

#: The discount a municipality can expect on cloud fees estimated at list price: an ASSUMPTION.
#: The rates the Digital Agency negotiated with each provider are not public; AWS stated its aim as
#: 20 % below general market prices (seed 004, 「より安価なガバメントクラウドの利用について」), the
#: others only "special prices" or "volume discount rates". Half of the one stated aim is used, so
#: that the saving shown is a conservative floor, not a promise. Change it here (or subclass).
EXPECTED_DISCOUNT_RATE = Decimal("0.10")
RATE_BASIS = (
    "仮定: デジタル庁と CSP の大口割引率は非公開。AWS は一般市場価格の 20% 引きを目標と表明"
    "(資料 004)。その半分の 10% を控えめな見込みとして使用"
)

#: Words of a discount (a line of its own, a remark).
DISCOUNT_WORDS = (
    "割引",
    "ディスカウント",
    "値引",
    "大口",
    "ボリューム",
    "特別価格",
    "discount",
    "edp",
    "private pricing",
    "credit",
)
#: The Government Cloud volume discount by name: a line with these counts wherever it sits.
GOV_DISCOUNT_WORDS = (
    "大口割引",
    "ボリュームディスカウント",
    "ボリューム割引",
    "volume discount",
    "ガバメントクラウド割引",
    "デジタル庁割引",
    "特別価格",
)
#: Remarks that say the discount is in the figures.
APPLIED_PHRASES = (
    "割引適用",
    "割引後",
    "割引反映",
    "割引考慮",
    "割引加味",
    "割引込",
    "割引済",
    "割引を適用",
    "割引を反映",
    "割引を考慮",
    "割引を加味",
    "割引率を適用",
    "割引率適用",
    "ディスカウント適用",
    "ディスカウント後",
    "ディスカウント反映",
    "ディスカウント考慮",
    "ディスカウント加味",
    "ディスカウント済",
    "ディスカウントを適用",
    "ディスカウントを反映",
    "ディスカウントを考慮",
    "ディスカウントを加味",
    "特別価格適用",
    "特別価格を適用",
    "after discount",
    "discounted",
)
#: Marks that, with a discount word in the same text, say it is applied ("大口割引:適用済").
APPLIED_MARKS = ("適用済", "反映済", "考慮済", "加味済", "適用あり")
#: Words that say the figures are list prices (checked first: 割引適用前 is not 割引適用).
LIST_PRICE_PHRASES = (
    "定価",
    "割引前",
    "適用前",
    "反映前",
    "未適用",
    "未反映",
    "未考慮",
    "未加味",
    "割引なし",
    "割引無し",
    "割引は含まない",
    "割引を含まない",
    "割引は含んでいない",
    "割引は考慮していない",
    "割引を考慮していない",
    "割引は加味していない",
    "割引を加味していない",
    "割引は反映していない",
    "割引を反映していない",
    "公開価格",
    "公表価格",
    "カタログ価格",
    "リスト価格",
    "list price",
    "before discount",
    "public pricing",
)
#: A cloud-category line that is work, not a fee (バックアップ取得作業, 構築): not in the fee total.
WORK_WORDS = ("作業", "支援", "設計", "構築", "移行", "人月", "人日", "工数")
WORK_UNITS = ("人月", "人日", "人時", "時間", "h")


def _is_cloud_fee(line: EstimateLine) -> bool:
    if line.category != "cloud":
        return False
    return not (has(" ".join((line.item, line.spec)), WORK_WORDS) or line.unit.strip() in WORK_UNITS)


def _says(text: str) -> str | None:
    """ "list" when the text says list price, "applied" when it says the discount is applied."""
    if has(text, LIST_PRICE_PHRASES):
        return "list"
    if has(text, APPLIED_PHRASES) or (has(text, DISCOUNT_WORDS) and has(text, APPLIED_MARKS)):
        return "applied"
    return None


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    try:
        return parse_amount(value)
    except (ValueError, ArithmeticError):
        return None


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}"


@CHECKS.register("volume-discount")
class VolumeDiscountCheck(Check):
    """Whether the cloud fees were estimated with the Government Cloud volume discount (大口割引,
    ボリュームディスカウント) that the Digital Agency negotiates with the providers for every using
    organisation (見積チェックリスト 5). A calculator estimate, and the cloud fee copied from it, is at
    list (on-demand) price unless someone applied the discount.

    The estimate's cloud fees are its priced lines of category ``cloud`` (by 区分, by the section
    heading or by their words; work such as 構築 or 人月 lines excluded; a 一式 line's breakdown not
    counted twice). The discount counts as applied when there is a discount line among them (a
    negative amount, or a 大口割引 line anywhere) or a remark, note or heading that says so (割引適用済,
    割引後, 割引反映, 大口割引:適用済). Otherwise — and whenever a line or note says the fees are at
    定価 / 割引前 / 公開価格 — one ``warn`` goes on the cloud total: the cloud subtotal that equals the
    fees' sum (or the only cloud subtotal), else the largest cloud line. The calculator export gets
    the same test on its own lines (a negative line, "discount" words, "after discount"), and its
    ``warn`` points at the summary's Monthly cost cell (or its largest line).

    Saving: the cloud fees × :data:`EXPECTED_DISCOUNT_RATE` (10 %, an assumption stated in the
    evidence: the negotiated rates are not public; AWS stated 20 % below market prices as its aim).
    The calculator's finding carries a saving only when the estimate has no cloud fees of its own
    and the calculator is in yen (first 12 months × rate); otherwise the saving is counted once, on
    the estimate. An ``ok`` finding on the discount line shows the check passed.

    Example finding::

        check: volume-discount   status: warn   sheet: 見積書   cell: G18   amount: 9,600,000
        item: 小計(ガバメントクラウド利用料)
        message: ガバメントクラウド利用料 9,600,000 円(4 行)に、大口割引(ボリュームディスカウント)の
                 適用を示す割引行・記載がありません。割引率 10% の仮定で約 960,000 円の減額が見込まれます。
        question: ガバメントクラウド利用料(9,600,000 円)に、デジタル庁経由の大口割引(ボリューム
                  ディスカウント)は加味されていますか。…
        possible_saving_jpy: 960,000   evidence: expected_discount_rate 0.1, rate_basis 仮定: …
    """

    checklist_ref = "見積結果に対して大口割引(ボリュームディスカウント)は加味したか"
    title = msg("check.volume_discount.title")

    expected_rate: Decimal = EXPECTED_DISCOUNT_RATE

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        out: list[ReviewFinding] = []
        estimate = self._estimate(ctx)
        if estimate is not None:
            out.append(estimate)
        # The estimate's cloud fee is usually the calculator's result: a saving is counted once, there.
        counted = bool(self._fees(ctx))
        if ctx.calculator:
            calc = self._calculator(ctx.calculator, counted)
            if calc is not None:
                out.append(calc)
        return out

    # --- the estimate -------------------------------------------------------------------------
    @staticmethod
    def _fees(ctx: ReviewContext) -> list[EstimateLine]:
        """The cloud-fee lines (discounts included), each fee once: a 一式 line's breakdown counted
        only where the 一式 line has no amount, and a summary sheet's row that restates another
        sheet's cloud lines (総括表「ガバメントクラウド利用料 1式」= the 明細 sheet's sum) left out."""
        items = ctx.estimate.items()
        priced_parents = {(ln.sheet, ln.row) for ln in items if ln.amount is not None and ln.kind == "line"}
        fees = []
        for ln in items:
            if not _is_cloud_fee(ln) or ln.amount is None:
                continue
            if ln.kind == "detail" and (ln.sheet, ln.parent_row) in priced_parents:
                continue
            fees.append(ln)
        by_sheet: dict[str, list[Decimal]] = {}
        for ln in fees:
            by_sheet.setdefault(ln.sheet, []).append(ln.amount or Decimal(0))
        restated = {
            sheet: sum(amounts, Decimal(0)) for sheet, amounts in by_sheet.items() if len(amounts) > 1
        }
        return [
            ln
            for ln in fees
            if not any(sheet != ln.sheet and ln.amount == total for sheet, total in restated.items())
        ]

    def _estimate(self, ctx: ReviewContext) -> ReviewFinding | None:
        fees = self._fees(ctx)
        charged = [ln for ln in fees if ln.amount is not None and ln.amount > 0]
        if not charged:
            return None
        discounts = [
            ln
            for ln in ctx.estimate.items()
            if ln.amount is not None
            and ln.amount < 0
            and (_is_cloud_fee(ln) or has(" ".join((ln.item, ln.spec, ln.remarks)), GOV_DISCOUNT_WORDS))
        ]
        gross = sum((ln.amount for ln in charged if ln.amount is not None), Decimal(0))
        net = sum((ln.amount for ln in fees if ln.amount is not None), Decimal(0))
        if discounts:
            first = discounts[0]
            off = -sum((ln.amount for ln in discounts if ln.amount is not None), Decimal(0))
            return self.on_line(
                first,
                "ok",
                msg(
                    "review.volume_discount.applied_line",
                    item=label(first.item, first.spec),
                    amount=money(off),
                    gross=money(gross),
                    rate=f"{(off / gross * 100).quantize(Decimal('0.1'))}" if gross else "-",
                ),
                "",
                evidence={"discount": off, "gross": gross, "rate": off / gross if gross else None},
            )
        said: dict[str, list[EstimateLine]] = {"list": [], "applied": []}
        for ln in self._statements(ctx):
            what = _says(" ".join((ln.item, ln.spec, ln.remarks)))
            if what:
                said[what].append(ln)
        if not said["list"] and said["applied"]:
            first = said["applied"][0]
            return self.on_line(
                first,
                "ok",
                msg("review.volume_discount.applied_note", item=label(first.item, first.spec)),
                "",
                amount_jpy=first.amount,
                evidence={"says": " ".join((first.spec, first.remarks)).strip() or first.item},
            )
        target = self._target(ctx, charged, (gross, net))
        saving = gross * self.expected_rate
        evidence: dict[str, Any] = {
            "cloud_fee_lines": [ln.cells.get("amount", ln.cell) for ln in charged],
            "cloud_fees": gross,
            "expected_discount_rate": self.expected_rate,
            "rate_basis": RATE_BASIS,
            "saving_basis": "cloud fees × expected_discount_rate",
        }
        params: dict[str, Any] = {
            "base": money(gross),
            "lines": len(charged),
            "rate": _percent(self.expected_rate),
            "saving": money(saving),
        }
        if said["list"]:
            where = "、".join(f"{ln.cell}「{label(ln.item, ln.spec)}」" for ln in said["list"][:3])
            evidence["list_price_lines"] = [ln.cell for ln in said["list"]]
            message = msg("review.volume_discount.list_price", where=where, **params)
            question = msg("review.volume_discount.list_price.question", **params)
        else:
            message = msg("review.volume_discount.missing", **params)
            question = msg("review.volume_discount.missing.question", **params)
        return self.on_line(
            target,
            "warn",
            message,
            question,
            possible_saving_jpy=saving,
            evidence=evidence,
        )

    @staticmethod
    def _statements(ctx: ReviewContext) -> list[EstimateLine]:
        """Where the estimate may say what it did with the discount: its cloud lines (and their
        subtotals and headings), and its notes and headings about the cloud."""
        out = []
        for ln in ctx.estimate.lines:
            text = " ".join((ln.item, ln.spec, ln.remarks))
            cloud = ln.category == "cloud" or detect_category(text) == "cloud" or has(text, ("クラウド",))
            if ln.kind in ("line", "detail") and (_is_cloud_fee(ln) or has(text, GOV_DISCOUNT_WORDS)):
                out.append(ln)
            elif ln.kind in ("note", "heading", "subtotal", "total") and cloud:
                out.append(ln)
        return out

    @staticmethod
    def _target(
        ctx: ReviewContext, charged: list[EstimateLine], sums: tuple[Decimal, Decimal]
    ) -> EstimateLine:
        """The cloud total: the cloud subtotal equal to the fees' sum, the only cloud subtotal, or the
        largest cloud line."""
        subtotals = [ln for ln in ctx.estimate.lines if ln.kind == "subtotal" and ln.category == "cloud"]
        for ln in subtotals:
            if ln.amount in sums:
                return ln
        if len(subtotals) == 1 and subtotals[0].amount and subtotals[0].amount >= min(sums):
            return subtotals[0]
        return max(charged, key=lambda ln: ln.amount or Decimal(0))

    # --- the calculator -----------------------------------------------------------------------
    def _calculator(self, calculator: list[dict[str, Any]], counted: bool) -> ReviewFinding | None:
        rows = [(c, _decimal(c.get("monthly")) or Decimal(0)) for c in calculator]
        currency = str(next((c.get("currency") for c in calculator if c.get("currency")), "USD")).upper()
        yen = currency in ("JPY", "円")
        sheet = str(calculator[0].get("sheet", ""))

        def text(c: dict[str, Any]) -> str:
            return " ".join(str(c.get(k) or "") for k in ("group", "service", "description", "configuration"))

        discounts = [(c, m) for c, m in rows if m < 0 or (has(text(c), DISCOUNT_WORDS) and m <= 0)]
        monthly = sum((m for _, m in rows if m > 0), Decimal(0))
        if monthly <= 0:
            return None
        year = Decimal(0)
        for c, m in rows:
            if m <= 0:
                continue
            first = _decimal(c.get("first_12_months"))
            year += first if first is not None else m * 12 + (_decimal(c.get("upfront")) or Decimal(0))
        statements = {_says(text(c)) for c, _ in rows} - {None}
        summary = getattr(calculator, "summary", None)
        if discounts or ("applied" in statements and "list" not in statements):
            c = discounts[0][0] if discounts else next(c for c, _ in rows if _says(text(c)) == "applied")
            return ReviewFinding(
                check=self.key,
                status="ok",
                message=msg("review.volume_discount.calculator_applied", item=str(c.get("service") or "")),
                question="",
                sheet=sheet,
                cell=str(c.get("cell", "")),
                row=c.get("row"),
                item=str(c.get("service") or ""),
                checklist_ref=self.checklist_ref,
                evidence={"currency": currency},
            )
        if summary and summary.get("cell"):
            cell, row, item = summary["cell"], summary.get("row"), "Estimate summary: Monthly cost"
        else:
            largest = max(rows, key=lambda r: r[1])[0]
            cell, row = str(largest.get("cell", "")), largest.get("row")
            item = " ".join(str(largest.get(k) or "") for k in ("service", "description")).strip()
        saving = year * self.expected_rate if yen and not counted else None
        evidence: dict[str, Any] = {
            "file": sheet,
            "currency": currency,
            "monthly_total": monthly,
            "first_12_months_total": year,
            "expected_discount_rate": self.expected_rate,
            "rate_basis": RATE_BASIS,
            "expected_discount_a_month": monthly * self.expected_rate,
            "list_price_words": sorted({w for c, _ in rows for w in matches(text(c), LIST_PRICE_PHRASES)}),
        }
        if saving is not None:
            evidence["saving_basis"] = "first 12 months × expected_discount_rate"
        elif counted:
            evidence["saving_basis"] = "counted on the estimate's cloud fees"
        else:
            evidence["saving_basis"] = f"not in yen ({currency}): expected_discount_a_month"
        params = {
            "monthly": money(monthly, currency),
            "year": money(year, currency),
            "rate": _percent(self.expected_rate),
            "discount": money(monthly * self.expected_rate, currency),
        }
        return ReviewFinding(
            check=self.key,
            status="warn",
            message=msg("review.volume_discount.calculator", **params),
            question=msg("review.volume_discount.calculator.question", **params),
            sheet=sheet,
            cell=cell,
            row=row,
            item=item,
            amount_jpy=monthly if yen else None,
            possible_saving_jpy=saving,
            checklist_ref=self.checklist_ref,
            evidence=evidence,
        )
