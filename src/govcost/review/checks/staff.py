"""``staff``: operations staff priced above the rate card, too many of them, manual operations where
automation is expected, no periodic review of staffing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from govcost.jp.money import format_yen, round_yen
from govcost.messages import msg
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.context import ReviewContext
from govcost.review.estimate import CATEGORIES, EstimateLine, normalise

#: Units of work: the factor from the unit's price to a price per person-month (人月 = 20 人日 = 160
#: 人時).
WORK_UNITS: dict[str, Decimal] = {
    "人月": Decimal(1),
    "人・月": Decimal(1),
    "人/月": Decimal(1),
    "MM": Decimal(1),
    "人日": Decimal(20),
    "人・日": Decimal(20),
    "人時": Decimal(160),
    "人・時": Decimal(160),
}
#: Units counting persons (a unit price per person, per month when the line says 月額 or /月).
PERSON_UNITS: tuple[str, ...] = ("名", "人")
MONTHLY_WORDS: tuple[str, ...] = ("月額", "/月", "人月", "毎月")
#: Ranks as estimates name them → the rank of the rate card (used when the card has that rank). The
#: longest word found on a line names its rank (シニアSE before SE); ASCII words match only as words
#: of their own (PM, not PMO).
RANK_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "PM",
        ("PM", "プロジェクトマネージャ", "プロジェクトマネジャ", "統括責任者", "業務責任者", "管理責任者"),
    ),
    (
        "上級SE",
        ("上級SE", "シニアSE", "主任SE", "上級システムエンジニア", "PL", "プロジェクトリーダ", "リーダ"),
    ),
    ("SE", ("SE", "システムエンジニア", "エンジニア", "技術者")),
    ("PG", ("PG", "プログラマ")),
    ("オペレータ", ("オペレータ", "オペレーター", "運用担当者", "監視要員", "作業員", "ヘルプデスク")),
)
#: Words that make a line priced per person (名, 人) a staffing line.
STAFF_WORDS: tuple[str, ...] = ("要員", "常駐", "技術者", "担当者", "エンジニア", "人員")
#: Full-time persons an operations assistant contract (運用管理補助委託) of one system (one estimate)
#: should not need: it supports the municipality's own staff (configuration checks, cost and security
#: reports), it does not run the system. Above it the headcount is asked about.
MAX_ASSISTANT_HEADCOUNT = Decimal(2)
#: Months the estimate covers when a staffing line does not say (an annual estimate).
DEFAULT_MONTHS = Decimal(12)
#: Working days and hours in a person-month.
DAYS_PER_MONTH = Decimal(20)
HOURS_PER_MONTH = Decimal(160)
#: Manual work on operations that should be automated (checklist 3/4: 運用作業(バックアップ、
#: 監視・障害対応等)の自動化が徹底されているか): a manual word together with an operations word.
MANUAL_WORDS: tuple[str, ...] = ("手作業", "手動", "目視", "人手", "人力", "マニュアル作業", "手入力")
OPERATION_WORDS: tuple[str, ...] = (
    "バックアップ",
    "リストア",
    "監視",
    "死活",
    "ジョブ",
    "バッチ",
    "ログ",
    "障害",
    "アラート",
    "パッチ",
    "起動",
    "停止",
    "ウイルス",
    "スナップショット",
)
#: Phrases saying the manual work is gone ("手作業なし", "手動作業を廃止").
NOT_MANUAL: tuple[str, ...] = ("なし", "不要", "廃止", "削減", "撤廃", "ゼロ", "不可")
#: Words of a clause on the periodic review of staffing and work (checklist 3/4: 定期的に運用作業に
#: 係る従事要員・工数を評価し、作業内容の見直しがされることとなっているか).
REVIEW_WORDS: tuple[str, ...] = (
    "見直",
    "定期評価",
    "定期的に評価",
    "定期的な評価",
    "四半期",
    "半期",
    "年次評価",
    "実績評価",
    "実績を評価",
    "工数評価",
    "評価し",
)
#: Words that fix the staffing for the whole contract instead (quoted when no review is found).
FIXED_WORDS: tuple[str, ...] = ("同体制", "同一体制", "体制を維持", "体制は変更しない", "体制を固定")

_MONTHS = re.compile(r"([0-9]+(?:\.[0-9]+)?)(?:か月|ヶ月|カ月|ケ月|箇月|ヵ月)")
_PERSONS = re.compile(r"([0-9]+(?:\.[0-9]+)?)(?:名|人)(?![月日時・/])")


@dataclass(frozen=True)
class Staffing:
    """A staffing line: the rank, the price per unit and the rate card's limit in the same unit."""

    line: EstimateLine
    rank: str
    rank_known: bool
    #: Person-months per unit of quantity (1 for 人月, 1/20 for 人日); None: the unit is persons.
    factor: Decimal | None
    price: Decimal | None
    #: Full-time persons over the estimate's period.
    persons: Decimal | None


def _has(text: str, word: str) -> bool:
    w = normalise(word)
    if w.isascii():
        return re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", text) is not None
    return w in text


def rank_of(text: str, card: dict[str, Decimal]) -> tuple[str, bool]:
    """The rate card's rank a line names, and whether it named one (else the card's dearest rank).
    The longest word found wins (シニアSE over SE), a rank's own name on the card before a synonym."""
    s = normalise(text)
    words = [(rank, rank) for rank in card]
    words += [(rank, w) for rank, ws in RANK_WORDS if rank in card for w in ws]
    found = [(len(normalise(w)), -i, rank) for i, (rank, w) in enumerate(words) if _has(s, w)]
    if found:
        return max(found)[2], True
    return max(card, key=lambda r: card[r]), False


def _unit_factor(unit: str) -> Decimal | None:
    u = normalise(unit)
    for name, per in WORK_UNITS.items():
        if u == normalise(name):
            return per
    return None


def staffing(line: EstimateLine, card: dict[str, Decimal]) -> Staffing | None:
    """The line as staffing, if it is priced in person-time (人月, 人日, 人時) or per person (名, 人)
    with a rank or staff word."""
    if line.quantity is None or line.quantity <= 0 or not card:
        return None
    who = normalise(f"{line.item} {line.spec}")
    per = _unit_factor(line.unit)
    unit = normalise(line.unit)
    if per is None:
        named = any(_has(who, w) for _, ws in RANK_WORDS for w in ws) or any(
            _has(who, w) for w in STAFF_WORDS
        )
        if unit not in PERSON_UNITS or not named:
            return None
    rank, known = rank_of(who, card)
    price = line.unit_price
    if price is None and line.amount is not None:
        price = line.amount / line.quantity
    text = normalise(line.text)
    months = _months(text)
    if per is not None:
        factor: Decimal | None = 1 / per
        persons = line.quantity / per / months
        stated = _PERSONS.search(who)
        if stated:
            persons = Decimal(stated.group(1))
    else:
        factor = None
        persons = line.quantity
        if not any(w in text for w in MONTHLY_WORDS):
            price = None  # a price per person for an unknown period: not comparable with the card
    return Staffing(line, rank, known, factor, price, persons)


def _months(text: str) -> Decimal:
    m = _MONTHS.search(text)
    return Decimal(m.group(1)) if m and Decimal(m.group(1)) > 0 else DEFAULT_MONTHS


@CHECKS.register("staff")
class Staff(Check):
    """Staffing lines of the operations work (運用作業) and the operations assistant contract
    (運用管理補助委託): lines priced in person-time (人月, 人日, 人時) or per person (名, 人) with a rank
    or a staff word (要員, 常駐…). The checklist asks whether the headcount is in the expected
    range, whether the unit price (the rank for the work) and the hours fit the work, whether backup,
    monitoring and incident response are automated, and whether staffing and hours are reviewed
    periodically. Four findings:

    * **unit price above the rate card** for the rank named (PM, 上級SE, SE, PG, オペレータ —
      ``RANK_WORDS``; the card's own rank names first; no rank named → the card's dearest rank) →
      warn, saving = (unit price − the card's price in the line's unit) × quantity. The card is
      ``ctx.rate_card``: the defaults of ``review/context.py`` (PM ¥1,200,000, 上級SE ¥1,000,000,
      SE ¥800,000, PG and オペレータ ¥600,000 per 人月) or the user's own, ``govcost review
      --rates rates.csv`` with a CSV ``rank,yen_per_person_month`` (one row per rank; the ranks are
      matched by name on the line, longest first);
    * **headcount**: the operations assistant contract staffed with more than
      :data:`MAX_ASSISTANT_HEADCOUNT` full-time persons (persons written on the line, "3名", else
      person-months over the months stated, "×12か月", else over 12) → warn on its largest line;
    * **manual operations**: a line or note with a manual word (手作業, 手動, 目視, 人手) and an
      operations word (バックアップ, 監視, ジョブ, ログ, 障害…) → warn;
    * **no periodic review**: staffing lines, and no clause anywhere in the estimate on reviewing
      staff and hours (見直し, 定期評価, 四半期, 半期, 年次評価, 実績評価…) → one warn on the first
      staffing line, quoting a clause that fixes the staffing instead (同体制…) if there is one.

    Example finding::

        check: staff   status: warn   見積明細!H21   運用管理補助 PM
        message: PM の単価 ¥1,500,000/人月 は単価表の上限 ¥1,200,000 を ¥300,000 上回っています
                 (36 人月で ¥10,800,000)
        question: 「運用管理補助 PM」の単価 ¥1,500,000/人月 の根拠(要員のランクと作業内容)をお示し
                  ください。…
        possible_saving_jpy: 10800000 ((1,500,000 − 1,200,000) × 36)
    """

    checklist_ref = (
        "従事要員の人数が想定の範囲内に収まっているか/従事要員の単価(作業内容に照らした要員のランク)は"
        "想定する作業内容に見合っているか/工数(期間)は想定する作業内容に見合っているか/運用作業"
        "(バックアップ、監視・障害対応等)の自動化が徹底されているか/定期的に運用作業に係る従事要員・"
        "工数を評価し、作業内容の見直しがされることとなっているか"
    )
    title = msg("check.staff.title")

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        est = ctx.estimate
        staff = [s for ln in est.items() if (s := staffing(ln, ctx.rate_card)) is not None]
        out: list[ReviewFinding] = []
        for s in staff:
            finding = self._rate(ctx, s)
            if finding is not None:
                out.append(finding)
        headcount = self._headcount(staff)
        if headcount is not None:
            out.append(headcount)
        for ln in est.lines:
            if ln.kind in ("line", "detail", "note"):
                finding = self._manual(ln)
                if finding is not None:
                    out.append(finding)
        if staff:
            finding = self._review_clause(est.lines, staff[0])
            if finding is not None:
                out.append(finding)
        return out

    # --- unit price -------------------------------------------------------------------------
    def _rate(self, ctx: ReviewContext, s: Staffing) -> ReviewFinding | None:
        if s.price is None:
            return None
        line = s.line
        card = ctx.rate_card[s.rank]
        limit = card * s.factor if s.factor is not None else card
        if s.price <= limit:
            return None
        excess = s.price - limit
        assert line.quantity is not None
        saving = excess * line.quantity
        basis = "(unit_price − rate_card) × quantity"
        if line.unit_price is None and line.amount is not None and s.factor is not None:
            # The price was amount / quantity: the same saving, exactly.
            saving = line.amount - limit * line.quantity
            basis = "amount − rate_card × quantity"
        if s.factor is None and line.amount is not None and s.price:
            # A monthly price per person: the amount covers persons × months.
            saving = round_yen(line.amount * excess / s.price)
            basis = "amount × (unit_price − rate_card) / unit_price"
        unit = normalise(line.unit) or "人月"
        params = {
            "item": line.item,
            "rank": s.rank if s.rank_known else msg("review.staff.unknown_rank", rank=s.rank),
            "price": format_yen(s.price),
            "unit": unit if s.factor is not None else msg("review.staff.per_person_month"),
            "limit": format_yen(limit),
            "excess": format_yen(excess),
            "quantity": f"{line.quantity.normalize():f}",
            "saving": format_yen(saving),
        }
        return self.on_line(
            line,
            "warn",
            msg("review.staff.rate", **params),
            msg("review.staff.rate.question", **params),
            possible_saving_jpy=saving,
            evidence={
                "rank": s.rank,
                "rank_named": s.rank_known,
                "unit_price": s.price,
                "rate_card_jpy_per_person_month": card,
                "limit_per_unit": limit,
                "unit_price_cell": line.cells.get("unit_price", ""),
                "saving_basis": basis,
            },
        )

    # --- headcount --------------------------------------------------------------------------
    def _headcount(self, staff: list[Staffing]) -> ReviewFinding | None:
        assist = [s for s in staff if s.line.category == "operations_assistant" and s.persons is not None]
        total = sum((s.persons for s in assist if s.persons is not None), Decimal(0))
        if total <= MAX_ASSISTANT_HEADCOUNT:
            return None
        biggest = max(assist, key=lambda s: s.persons or Decimal(0))
        params = {
            "item": biggest.line.item,
            "category": CATEGORIES["operations_assistant"][0],
            "persons": _n(total),
            "limit": _n(MAX_ASSISTANT_HEADCOUNT),
            "lines": "、".join(f"{s.line.item} {_n(s.persons or Decimal(0))}名" for s in assist),
        }
        return self.on_line(
            biggest.line,
            "warn",
            msg("review.staff.headcount", **params),
            msg("review.staff.headcount.question", **params),
            evidence={
                "persons": total,
                "limit": MAX_ASSISTANT_HEADCOUNT,
                "lines": [f"{s.line.sheet}!{s.line.cell}" for s in assist],
            },
        )

    # --- manual operations ------------------------------------------------------------------
    def _manual(self, line: EstimateLine) -> ReviewFinding | None:
        text = normalise(f"{line.item} {line.spec} {line.remarks}")
        manual = next((w for w in MANUAL_WORDS if w in text), None)
        if manual is None:
            return None
        after = text[text.index(manual) + len(manual) :][:6]
        if any(w in after for w in NOT_MANUAL):
            return None
        operation = next((w for w in OPERATION_WORDS if w in text), None)
        if operation is None:
            return None
        params = {"item": line.item, "manual": manual, "operation": operation}
        return self.on_line(
            line,
            "warn",
            msg("review.staff.manual", **params),
            msg("review.staff.manual.question", **params),
            evidence={"manual_word": manual, "operation_word": operation},
        )

    # --- periodic review --------------------------------------------------------------------
    def _review_clause(self, lines: list[EstimateLine], first: Staffing) -> ReviewFinding | None:
        texts = [normalise(f"{ln.item} {ln.spec} {ln.remarks}") for ln in lines]
        if any(w in text for text in texts for w in REVIEW_WORDS):
            return None
        fixed = next(
            (ln for ln, text in zip(lines, texts, strict=True) if any(w in text for w in FIXED_WORDS)), None
        )
        evidence: dict[str, object] = {"searched": list(REVIEW_WORDS)}
        extra = ""
        if fixed is not None:
            evidence["fixed_clause"] = f"{fixed.sheet}!{fixed.cells.get('item', fixed.cell)}"
            extra = msg("review.staff.fixed", text=fixed.item)
        return self.on_line(
            first.line,
            "warn",
            msg("review.staff.no_review", extra=extra),
            msg("review.staff.no_review.question", item=first.line.item),
            evidence=evidence,
        )


def _n(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1')).normalize():f}"
