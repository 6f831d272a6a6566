"""Comparing the estimate with the current contract: which line of one is which line of the other,
and whether the vendor stated a reason for a change.

Shared by ``increase-without-reason``, ``license-quantity`` and ``sizing``; a module starting with
``_`` is not loaded as a check.

**Matching.** A line of the estimate and a line of the current contract are the same line when

1. their item texts are equal once normalised (NFKC, no blanks, lower case, a leading number such
   as ``1.``, ``(2)``, ``①`` or a breakdown mark ``・`` / ``└`` taken off), or else
2. they are of the same cost category and their item texts are similar: the Dice coefficient of
   their character bigrams is at least :data:`MIN_SIMILARITY` (``APサーバ利用料`` and
   ``APサーバ 利用料(月額)`` match; ``APサーバ`` and ``DBサーバ`` do not, nor do lines that differ by
   their Latin words only or by 本番 against 検証 — :data:`CONFLICTS`).

Each line is matched at most once, best pairs first (equal text before similar text, the same
section and the same sheet breaking ties), so a line repeated in several sections pairs with its
counterpart in the same section.

**Reasons.** A change is explained when the line's remarks (備考), its specification (内容), the
note rows right below it, or — for a breakdown line — its 一式 line's remarks carry one of
:data:`REASON_WORDS`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from govcost.review.estimate import Estimate, EstimateLine, normalise

#: Words that state why a cost changed (checklist 1/3: 増加要因の分析・個別具体的な説明). A remark
#: carrying one of them counts as a stated reason; the check does not judge whether it convinces.
REASON_WORDS: tuple[str, ...] = (
    "法改正",
    "制度改正",
    "改正",
    "標準化",
    "標準準拠",
    "機能追加",
    "追加",
    "増加理由",
    "増加要因",
    "増額理由",
    "増額要因",
    "変更理由",
    "物価",
    "人件費",
    "労務単価",
    "為替",
    "円安",
    "新規",
    "移行に伴",
    "ガバメントクラウド移行",
    "クラウド移行",
    "価格改定",
    "単価改定",
    "料金改定",
    "定価改定",
    "改定",
    "セキュリティ対策",
    "範囲拡大",
    "対象拡大",
    "仕様変更",
    "要件変更",
    "利用者増",
    "ユーザー増",
    "件数増",
    "業務量増",
    "データ量増",
    "に伴い",
    "に伴う",
)
#: Phrases that contain a reason word without being a reason (``標準化対象外`` is a category).
NOT_REASONS: tuple[str, ...] = ("標準化対象外", "追加なし", "変更なし", "増加なし")
#: Smallest bigram similarity for two item texts of the same category to be the same line.
MIN_SIMILARITY = 0.6
#: Words two similar texts may not differ by: a production line is not its verification twin.
CONFLICTS: tuple[tuple[str, tuple[str, ...]], ...] = (("本番", ("検証", "開発", "テスト", "ステージング")),)
_ASCII_WORD = re.compile(r"[a-z][a-z0-9]*")

_LEADING = re.compile(r"^([0-9]+[.)、]|\([0-9]+\)|[①-⑳]|[・\-－└├※]|[a-z][.)])+")


def key_text(text: str) -> str:
    """An item text as lines are matched by it."""
    return _LEADING.sub("", normalise(text).lower())


def _bigrams(text: str) -> list[str]:
    return [text[i : i + 2] for i in range(len(text) - 1)] or [text]


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character bigrams of two key texts (0 to 1); 0 when they name
    different things: different Latin words only (``apサーバ`` / ``dbサーバ``), or 本番 against 検証."""
    wa, wb = set(_ASCII_WORD.findall(a)), set(_ASCII_WORD.findall(b))
    if wa and wb and not wa & wb:
        return 0.0
    for word, others in CONFLICTS:
        for other in others:
            if (word in a and other in b and word not in b) or (word in b and other in a and word not in a):
                return 0.0
    x, y = _bigrams(a), _bigrams(b)
    pool = list(y)
    common = 0
    for g in x:
        if g in pool:
            pool.remove(g)
            common += 1
    return 2 * common / (len(x) + len(y))


def where(line: EstimateLine) -> tuple[str, int]:
    return (line.sheet, line.row)


def match_lines(
    new: Sequence[EstimateLine], old: Sequence[EstimateLine]
) -> dict[tuple[str, int], EstimateLine]:
    """Estimate line (sheet, row) → the current contract's line it corresponds to."""
    pairs: list[tuple[float, int, int]] = []
    old_keys = [key_text(o.item) for o in old]
    for i, n in enumerate(new):
        nk = key_text(n.item)
        if not nk:
            continue
        for j, o in enumerate(old):
            ok = old_keys[j]
            if not ok:
                continue
            bonus = (0.25 if normalise(n.section) == normalise(o.section) else 0.0) + (
                0.1 if n.sheet == o.sheet else 0.0
            )
            if nk == ok:
                score = 2.0 + bonus + (0.25 if n.category == o.category else 0.0)
            elif n.category and n.category == o.category:
                sim = similarity(nk, ok)
                if sim < MIN_SIMILARITY:
                    continue
                score = sim + bonus
            else:
                continue
            pairs.append((score, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    taken_new: set[int] = set()
    taken_old: set[int] = set()
    out: dict[tuple[str, int], EstimateLine] = {}
    for _, i, j in pairs:
        if i in taken_new or j in taken_old:
            continue
        taken_new.add(i)
        taken_old.add(j)
        out[where(new[i])] = old[j]
    return out


def cost(line: EstimateLine) -> Decimal | None:
    """What a line costs: its amount, else quantity × unit price."""
    if line.amount is not None:
        return line.amount
    if line.quantity is not None and line.unit_price is not None:
        return line.quantity * line.unit_price
    return None


def top_level(estimate: Estimate) -> list[EstimateLine]:
    """The priced lines whose amounts add up to the estimate: lines, and breakdown lines only under
    a 一式 line that gives no amount of its own."""
    rows = {where(ln): ln for ln in estimate.items()}
    out = []
    for ln in estimate.items():
        if ln.kind == "detail" and ln.parent_row is not None:
            parent = rows.get((ln.sheet, ln.parent_row))
            if parent is not None and cost(parent) is not None:
                continue
        out.append(ln)
    return out


def following_notes(estimate: Estimate, line: EstimateLine) -> list[EstimateLine]:
    """The note rows right below a line (``※増加理由: …`` written under it)."""
    out: list[EstimateLine] = []
    seen = False
    for ln in estimate.lines:
        if ln is line:
            seen = True
            continue
        if not seen:
            continue
        if ln.sheet != line.sheet or ln.kind != "note":
            break
        out.append(ln)
    return out


def _parent(estimate: Estimate, line: EstimateLine) -> EstimateLine | None:
    if line.parent_row is None:
        return None
    for ln in estimate.lines:
        if ln.sheet == line.sheet and ln.row == line.parent_row:
            return ln
    return None


def explanation(estimate: Estimate, line: EstimateLine) -> str:
    """Everything the vendor wrote about a line: remarks, specification, notes below, its 一式 line's
    remarks."""
    parts = [line.remarks, line.spec]
    parts += [n.item + " " + n.remarks for n in following_notes(estimate, line)]
    parent = _parent(estimate, line)
    if parent is not None:
        parts += [parent.remarks, parent.spec]
    return " ".join(p for p in parts if p)


def reason_in(text: str, words: Iterable[str] = REASON_WORDS) -> str | None:
    """The first reason word stated in ``text`` (None: no reason given)."""
    t = normalise(text)
    for phrase in NOT_REASONS:
        t = t.replace(normalise(phrase), "")
    for w in words:
        if normalise(w) in t:
            return w
    return None


def stated_reason(estimate: Estimate, line: EstimateLine) -> str | None:
    return reason_in(explanation(estimate, line))


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole``, to one decimal place."""
    return (part * 100 / whole).quantize(Decimal("0.1"))
