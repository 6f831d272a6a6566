"""Yen rounding, done once, at the end, by a stated rule."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

#: The rule: half up to the yen (四捨五入), applied only when a figure is shown or settled.
YEN_ROUNDING = ROUND_HALF_UP
YEN = Decimal(1)


def round_yen(value: Decimal) -> Decimal:
    return value.quantize(YEN, rounding=YEN_ROUNDING)


def format_yen(value: Decimal | None) -> str:
    """¥1,234,567 style, rounded by the stated rule; empty for a missing value."""
    if value is None:
        return ""
    return f"{round_yen(value):,}"
