"""``license-quantity``: software licences beyond what the users, terminals or servers need."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from govcost.jp.money import format_yen, round_yen
from govcost.messages import joined, msg
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.checks._current import match_lines, stated_reason, where
from govcost.review.context import ReviewContext
from govcost.review.estimate import Estimate, EstimateLine, normalise

#: Words that make a line a licence line wherever it sits.
LICENCE_WORDS: tuple[str, ...] = (
    "ライセンス",
    "CAL",
    "サブスクリプション",
    "利用権",
    "クライアントアクセス",
    "license",
)
#: Phrases that mention a licence without pricing one ("Windows ライセンス込み" on a server line).
INCLUDED_WORDS: tuple[str, ...] = (
    "ライセンス込",
    "ライセンス含",
    "ライセンス費込",
    "ライセンス料込",
    "licenseincluded",
)
#: Words that make a line of the software category (業務パッケージ・ミドルウェア利用料) a licence line.
SEAT_WORDS: tuple[str, ...] = ("ユーザー", "ユーザ", "利用者", "端末", "クライアント", "アカウント", "ID")
#: Units that count periods or work, not seats: a line priced in them is not a licence count.
NOT_SEAT_UNITS: tuple[str, ...] = (
    "式",
    "月",
    "ヶ月",
    "か月",
    "カ月",
    "年",
    "日",
    "時間",
    "人月",
    "人日",
    "GB",
    "TB",
)
#: What a licence is counted by, from the words on its line (first match wins; users otherwise).
BASIS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("concurrent", ("同時接続", "同時利用", "同時アクセス")),
    ("servers", ("サーバ", "プロセッサ", "インスタンス", "ホスト", "コア", "環境")),
    ("devices", ("端末", "クライアント", "デバイス", "PC")),
    ("users", ("ユーザ", "利用者", "CAL", "ID", "アカウント", "名", "人")),
)
#: Stated counts (利用者数 120名, 端末数 80台, サーバ台数 6台…): the words before the number, by basis.
#: Longer words first, so that 同時利用者数 is not read as 利用者数.
COUNT_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("concurrent", ("同時接続ユーザー数", "同時接続数", "同時利用者数", "同時利用数", "同時アクセス数")),
    ("devices", ("利用端末数", "端末台数", "端末数", "クライアント台数", "クライアント数", "PC台数")),
    ("servers", ("サーバー台数", "サーバ台数", "サーバー数", "サーバ数")),
    ("users", ("利用者数", "ユーザー数", "ユーザ数", "利用職員数", "利用ユーザー数", "アカウント数", "ID数")),
)
#: Where a basis has no stated count, the count it falls back to (a terminal licence per user).
FALLBACK = {"devices": "users", "concurrent": "users"}

_COUNT = re.compile(
    "("
    + "|".join(re.escape(normalise(w)) for _, ws in COUNT_WORDS for w in sorted(ws, key=len, reverse=True))
    + r")(?:\([^)]*\))?[:=は]?(?:約|最大|計|合計)?([0-9][0-9,]*)(?:名|人|台|ID|ユーザー?|アカウント|端末)?"
)
_BASIS_OF = {normalise(w): basis for basis, ws in COUNT_WORDS for w in ws}


@dataclass(frozen=True)
class Count:
    basis: str
    value: Decimal
    sheet: str
    cell: str
    text: str
    source: str  # "current" or "estimate"


def stated_counts(estimate: Estimate, source: str, *, every_line: bool) -> list[Count]:
    """The user/terminal/server counts an estimate states: in its note rows and remarks (and, for the
    current contract, ``every_line``, in any text of any line)."""
    out = []
    for ln in estimate.lines:
        texts = [("remarks", ln.remarks)]
        if every_line or ln.kind in ("note", "heading"):
            texts += [("item", ln.item), ("spec", ln.spec)]
        for field, text in texts:
            for m in _COUNT.finditer(normalise(text)):
                value = Decimal(m.group(2).replace(",", ""))
                if value <= 0:
                    continue
                cell = ln.cells.get(field) or ln.cells.get("item") or f"A{ln.row}"
                out.append(Count(_BASIS_OF[m.group(1)], value, ln.sheet, cell, m.group(0), source))
    return out


def _has(text: str, word: str) -> bool:
    """``word`` in ``text`` (both normalised, lower case); an ASCII word only as a word of its own
    (CAL, not the "cal" of "local")."""
    w = normalise(word).lower()
    if w.isascii():
        return re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", text) is not None
    return w in text


def is_licence(line: EstimateLine) -> bool:
    """A line that prices seats of software, with a count (not 一式, not months or person-months):
    licence words in its item (or in its specification, on a software line), or seat words on a
    software line. A server priced "Windows ライセンス込み" is not a licence line."""
    if line.quantity is None or line.quantity <= 0 or line.lump_sum:
        return False
    unit = normalise(line.unit)
    if unit and any(unit == normalise(u) for u in NOT_SEAT_UNITS):
        return False
    item = normalise(line.item).lower()
    text = normalise(f"{line.item} {line.spec} {line.unit}").lower()
    for phrase in INCLUDED_WORDS:
        item, text = item.replace(phrase, ""), text.replace(phrase, "")
    software = line.category in ("software", "non_standard", None)
    if any(_has(item, w) for w in LICENCE_WORDS):
        return True
    if not software:
        return False
    return any(_has(text, w) for w in LICENCE_WORDS) or (
        line.category == "software" and any(_has(text, w) for w in SEAT_WORDS)
    )


def basis_of(line: EstimateLine) -> str:
    text = normalise(f"{line.item} {line.spec} {line.unit}").lower()
    for basis, words in BASIS_WORDS:
        if any(_has(text, w) for w in words):
            return basis
    return "users"


def excess_cost(line: EstimateLine, excess: Decimal) -> tuple[Decimal | None, str]:
    """What ``excess`` seats cost on this line, and how it was worked out."""
    q, price, amount = line.quantity, line.unit_price, line.amount
    if price is not None and (amount is None or q is None or amount == q * price):
        return excess * price, "excess × unit_price"
    if amount is not None and q:
        return round_yen(amount * excess / q), "amount × excess / quantity (rounded to the yen)"
    return None, ""


@CHECKS.register("license-quantity")
class LicenseQuantity(Check):
    """Software licence lines (ライセンス, CAL, サブスクリプション; on a software line also ユーザー,
    利用者, 端末, クライアント) whose quantity is above what is needed: the number of users, terminals or
    servers stated in the current contract (``--current``: any text of any line, "利用者数 120名"),
    or else in the estimate's own 前提条件/note rows and remarks; and a quantity above the current
    contract's for the same licence with no stated reason. The checklist asks whether licences not
    needed in operation were cut and the quantities reviewed.

    The count a licence is measured against follows its words: 同時接続 → concurrent users; サーバ,
    プロセッサ → servers; 端末, クライアント → terminals (else users); otherwise users. Where the current
    contract states a count it is the need (the actual use); the estimate's own premise counts only
    when the current contract states none. A rise over the current quantity whose remarks give a reason
    (``REASON_WORDS``) gets an ``ok`` finding instead; a reason does not excuse seats beyond the stated
    count (the count is what the seats are for), it is quoted in the message. The saving is excess ×
    unit price (or amount × excess / quantity when the amount is not quantity × unit price, e.g. a
    monthly price × 12). Example finding::

        check: license-quantity   status: warn   見積書!G9   業務パッケージ利用ライセンス
        message: ライセンス数 300 に対し、現行契約の利用者数は 120(現行契約!B22「利用者数120名」)。
                 超過 180、¥5,400,000
        question: 「業務パッケージ利用ライセンス」の数量 300 は、現行の利用者数 120 を 180 上回って
                  います。数量の算定根拠をお示しのうえ、実際の利用者数に合わせた見直しをご検討ください。
        possible_saving_jpy: 5400000 (180 × ¥30,000)
    """

    checklist_ref = "運用上不要なソフトウェア(ライセンス)の削減や数量の見直しが行われているか"
    title = msg("check.license_quantity.title")

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        licences = [ln for ln in ctx.estimate.items() if is_licence(ln)]
        if not licences:
            return []
        counts: dict[str, list[Count]] = {}
        current = stated_counts(ctx.current, "current", every_line=True) if ctx.current else []
        premise = stated_counts(ctx.estimate, "estimate", every_line=False)
        for c in current or premise:
            counts.setdefault(c.basis, []).append(c)
        if current:
            # The estimate's premise still answers for a basis the current contract does not state.
            for c in premise:
                if c.basis not in {x.basis for x in current}:
                    counts.setdefault(c.basis, []).append(c)
        matches: dict[tuple[str, int], EstimateLine] = {}
        if ctx.current is not None:
            matches = match_lines(licences, [ln for ln in ctx.current.items() if is_licence(ln)])
        out = []
        for line in licences:
            finding = self._line(ctx, line, counts, matches.get(where(line)))
            if finding is not None:
                out.append(finding)
        return out

    def _line(
        self,
        ctx: ReviewContext,
        line: EstimateLine,
        counts: dict[str, list[Count]],
        old: EstimateLine | None,
    ) -> ReviewFinding | None:
        assert line.quantity is not None
        quantity = line.quantity
        basis = basis_of(line)
        stated = counts.get(basis) or counts.get(FALLBACK.get(basis, ""), [])
        need = max(stated, key=lambda c: c.value) if stated else None
        # The two yardsticks: the stated need, and the current contract's quantity.
        over_need = quantity - need.value if need is not None else Decimal(0)
        over_current = quantity - old.quantity if old is not None and old.quantity is not None else Decimal(0)
        if over_need <= 0 and over_current <= 0:
            if need is None:
                return None
            return self.on_line(
                line,
                "ok",
                msg("review.license.fits", quantity=_n(quantity), need=_n(need.value), text=need.text),
                "",
                evidence={"quantity": quantity, "need": need.value, "need_cell": f"{need.sheet}!{need.cell}"},
            )
        evidence: dict[str, object] = {"quantity": quantity, "basis": basis}
        reason = stated_reason(ctx.estimate, line)
        if over_need >= over_current and need is not None:
            excess = over_need
            evidence.update(
                need=need.value,
                need_text=need.text,
                need_cell=f"{need.sheet}!{need.cell}",
                need_source=need.source,
            )
            where_text = msg(f"review.license.source.{need.source}", cell=f"{need.sheet}!{need.cell}")
            params = {
                "item": line.item,
                "quantity": _n(quantity),
                "need": _n(need.value),
                "what": msg(f"review.license.basis.{need.basis}"),
                "where": where_text,
                "text": need.text,
                "excess": _n(excess),
            }
            key = "review.license.over_need"
        else:
            assert old is not None and old.quantity is not None
            excess = over_current
            qcell = old.cells.get("quantity", old.cell)
            evidence.update(current_quantity=old.quantity, current_cell=f"{old.sheet}!{qcell}")
            params = {
                "item": line.item,
                "quantity": _n(quantity),
                "current": _n(old.quantity),
                "excess": _n(excess),
            }
            key = "review.license.over_current"
        evidence["excess"] = excess
        saving, basis_text = excess_cost(line, excess)
        if saving is not None:
            evidence["saving_basis"] = basis_text
        if reason is not None:
            evidence["reason"] = reason
        if reason is not None and key == "review.license.over_current":
            # A stated reason explains a rise over the current quantity, not seats beyond the users.
            return self.on_line(
                line,
                "ok",
                joined([msg(key, cost="", **params), msg("review.license.reason", reason=reason)]),
                "",
                evidence=evidence,
            )
        cost_text = msg("review.license.cost", saving=format_yen(saving)) if saving is not None else ""
        message = msg(key, cost=cost_text, **params)
        if reason is not None:
            message = joined(
                [
                    message,
                    msg("review.license.reason_not_need", remark=line.remarks or reason, what=params["what"]),
                ]
            )
        return self.on_line(
            line,
            "warn",
            message,
            msg(f"{key}.question", **params),
            possible_saving_jpy=saving,
            evidence=evidence,
        )


def _n(value: Decimal) -> str:
    """A count as people write it: 120, 1,200, 0.5."""
    return f"{value.normalize():,f}"
