"""Small exact statistics over decimals: median, MAD, spread, and the rounding of shown ratios."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

#: Ratios (after ÷ before, max ÷ min, coefficients of variation) are shown rounded half up to this.
RATIO_PLACES = Decimal("0.001")


def ratio_text(value: Decimal | None) -> str | None:
    """A ratio as shown: three decimal places, rounded half up once; None stays None."""
    if value is None:
        return None
    return str(value.quantize(RATIO_PLACES, rounding=ROUND_HALF_UP))


def mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def median(values: Sequence[Decimal]) -> Decimal:
    """The middle value; with an even count, the mean of the two middle ones."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        raise ValueError("median of nothing")
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def mad(values: Sequence[Decimal]) -> Decimal:
    """Median absolute deviation from the median (unscaled)."""
    m = median(values)
    return median([abs(v - m) for v in values])


def coefficient_of_variation(values: Sequence[Decimal]) -> Decimal | None:
    """Population standard deviation ÷ mean (None when the mean is zero)."""
    avg = mean(values)
    if avg == 0:
        return None
    variance = sum(((v - avg) ** 2 for v in values), Decimal(0)) / len(values)
    return variance.sqrt() / avg
