"""Word matching for ``csp-support-fee`` and ``volume-discount``.

Japanese words (and any word with a non-letter in it) are looked for in the :func:`normalise`d,
lower-case text (NFKC, no blanks), so 全角/半角 and spaces do not matter. An ASCII word or phrase
("aws", "oci", "business support") is matched as whole words of the NFKC lower-case text, where
anything but a letter is a boundary ("AWSサポート" has the word "aws", "social" has not "oci"); the
blanks inside a phrase may be absent or many ("Enterprise On-Ramp", "BusinessSupport").
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import cache

from govcost.jp.money import format_yen
from govcost.messages import msg
from govcost.review.estimate import normalise


@cache
def _pattern(word: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in word.lower().split()]
    return re.compile(r"(?<![a-z])" + r"\s*".join(parts) + r"(?![a-z])")


def _is_ascii_phrase(word: str) -> bool:
    return word.isascii() and all(p.isalpha() for p in word.split())


def matches(text: str, words: tuple[str, ...]) -> list[str]:
    """The words of ``words`` found in ``text``, in their order."""
    spaced = unicodedata.normalize("NFKC", text or "").lower()
    compact = normalise(text).lower()
    found = []
    for w in words:
        if _is_ascii_phrase(w):
            if _pattern(w).search(spaced):
                found.append(w)
        elif normalise(w).lower() in compact:
            found.append(w)
    return found


def has(text: str, words: tuple[str, ...]) -> bool:
    return bool(matches(text, words))


def label(item: str, spec: str = "") -> str:
    """A line's name for a message: its item, with its specification where it has one (an estimate
    whose 項目 column says ガバメントクラウド利用料 and whose 内容 column names the line)."""
    item, spec = item.strip(), spec.strip()
    return f"{item} {spec}" if spec and spec not in item else item


def money(amount: Decimal | None, currency: str = "JPY") -> str:
    """An amount for a message: 1,320,000 円 (¥1,320,000 in English), or 115.37 USD."""
    if amount is None:
        return "-"
    if currency.upper() in ("JPY", "円", "YEN"):
        return msg("review.money.jpy", amount=format_yen(amount))
    return f"{amount:,.2f} {currency}"
