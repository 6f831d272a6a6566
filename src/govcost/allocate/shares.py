"""Splitting a total among parties, exactly: decimal shares, rounded to the yen by the
largest-remainder method, so the shares always add up to the total to the yen.

The total is rounded to the yen first (half up, the stated rule of :mod:`govcost.jp.money`); each
party gets the floor of its exact share, and the yen left over go one each to the largest
remainders (ties to the party that sorts first, so the result never depends on dict order).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from decimal import ROUND_FLOOR, Decimal
from typing import TypeVar

from govcost.jp.money import YEN, round_yen

K = TypeVar("K", bound=Hashable)


def exact_shares(total: Decimal, weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Each party's exact (unrounded) share of ``total``, in proportion to its weight."""
    if not weights:
        raise ValueError("no parties to share among")
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights must not be negative")
    whole = sum(weights.values(), Decimal(0))
    if whole == 0:
        raise ValueError("the weights add up to zero")
    return {k: total * w / whole for k, w in weights.items()}


def largest_remainder(total: Decimal, weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Yen shares of ``total`` (rounded to the yen first) in proportion to ``weights``, adding up to
    it exactly. A negative total (a credit) is split the same way, sign kept."""
    yen_total = round_yen(total)
    if yen_total < 0:
        return {k: -v for k, v in largest_remainder(-yen_total, weights).items()}
    exact = exact_shares(yen_total, weights)
    return settle_to_yen(exact, yen_total, sorted(exact))


def settle_to_yen(
    exact: Mapping[K, Decimal], total: Decimal, ties: Iterable[K] | None = None
) -> dict[K, Decimal]:
    """Whole yen for exact parts of a whole-yen ``total`` they add up to: each part's floor, and a
    yen more for the largest remainders, equal remainders in the order of ``ties`` (default: the
    parts' own order)."""
    floors = {k: v.to_integral_value(rounding=ROUND_FLOOR) for k, v in exact.items()}
    left = int(total - sum(floors.values(), Decimal(0)))
    for k in sorted(exact if ties is None else ties, key=lambda k: -(exact[k] - floors[k]))[:left]:
        floors[k] += YEN
    return floors
