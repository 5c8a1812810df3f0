"""Percentages of counts and tonnages in exact decimal arithmetic, rounded per GB/T 8170-2008.

GB/T 8170-2008 §3.3 rounds half to even (四舍六入五成双). A ratio such as 100/128 = 78.125 %
lies exactly on a tie, and in binary floats it may land a hair above or below it; the
ratio is therefore formed with :class:`fractions.Fraction` from the decimal inputs and
rounded once, with :class:`decimal.Decimal` (the domain notes: "avoid float ties by
rounding with Decimal").
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

Number = int | float | str | Decimal | Fraction


def exact(value: Number) -> Fraction:
    """A number as an exact fraction; a float is taken at its shortest decimal form (``repr``)."""
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    if isinstance(value, str):
        return Fraction(Decimal(value))
    return Fraction(value)


def round_fraction(value: Fraction, decimals: int) -> Decimal:
    """GB/T 8170-2008 §3.3: ``value`` rounded to ``decimals`` places, ties to the even digit."""
    quantum = Decimal(1).scaleb(-decimals)
    # Scale to an integer-plus-remainder problem so the single rounding step is exact.
    scaled = value * 10**decimals
    floor = scaled.numerator // scaled.denominator
    rest = scaled - floor
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and floor % 2 == 1):
        floor += 1
    return (Decimal(floor).scaleb(-decimals)).quantize(quantum, rounding=ROUND_HALF_EVEN)


def percent(numerator: Number, denominator: Number, decimals: int) -> Decimal | None:
    """``numerator / denominator × 100`` rounded half to even; None when the denominator is 0."""
    den = exact(denominator)
    if den == 0:
        return None
    return round_fraction(exact(numerator) * 100 / den, decimals)
