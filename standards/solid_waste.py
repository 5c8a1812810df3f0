"""一般工业固体废物综合利用率 (comprehensive utilisation rate of general industrial solid waste).

Source: the environmental statistics reporting system (环境统计报表制度), explanation of the main
indicators as printed in the 中国环境统计年鉴 / 中国统计年鉴::

    一般工业固体废物综合利用率 = 综合利用量 / (产生量 + 综合利用往年贮存量) × 100 %

综合利用往年贮存量 (utilised from earlier years' storage) is an "of which" (其中) item of 综合利用量;
the denominator adds it back so the rate cannot exceed 100 %. The project's domain notes mark the
formula as partly verified [P]: recalled, with its structure confirmed by the enterprise statistics form
(基101-type table, fields ``ybgygtfw*``). Reported to 0.01 % (the domain's worked example: 79.37 %),
rounded per GB/T 8170-2008 §3.3.

Mass balance (audit relation, domain notes [U], consistent with the form's fields)::

    产生量 = (综合利用量 − 综合利用往年贮存量) + (处置量 − 处置往年贮存量) + 贮存量 + 倾倒丢弃量

It is a plausibility check with a tolerance, never a way to derive a missing field.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from standards.percent import Number, exact, percent

#: Decimal places of the published rate.
RATE_DECIMALS = 2

#: Mass-balance tolerance: 1 % of the tonnage entering the balance (产生量 + drawn from storage),
#: but never less than 1 t (forms are filled in whole tonnes, so rounding alone can leave ±1 t).
BALANCE_RELATIVE_TOLERANCE = Fraction(1, 100)
BALANCE_MIN_TOLERANCE_T = Fraction(1)


def utilisation_rate(utilised: Number, utilised_from_storage: Number, generated: Number) -> Decimal | None:
    """综合利用率 % = 综合利用量 / (产生量 + 综合利用往年贮存量) × 100, to 0.01 % (None when nothing enters)."""
    return percent(utilised, exact(generated) + exact(utilised_from_storage), RATE_DECIMALS)


def balance_residual(generated: Number, utilised: Number, utilised_from_storage: Number, disposed: Number,
                     disposed_from_storage: Number | None, stored: Number, dumped: Number) -> Fraction:
    """产生量 − [(综合利用量 − 综合利用往年贮存量) + (处置量 − 处置往年贮存量) + 贮存量 + 倾倒丢弃量], in t.

    A form without 处置往年贮存量 counts it as 0 (the residual then shows any disposal of old stock).
    """
    from_storage = exact(disposed_from_storage) if disposed_from_storage is not None else Fraction(0)
    accounted = (exact(utilised) - exact(utilised_from_storage)) + (exact(disposed) - from_storage) \
        + exact(stored) + exact(dumped)
    return exact(generated) - accounted


def balance_tolerance(generated: Number, utilised_from_storage: Number,
                      disposed_from_storage: Number | None) -> Fraction:
    """Allowed |residual|: 1 % of (产生量 + tonnage drawn from storage), at least 1 t."""
    entering = exact(generated) + exact(utilised_from_storage) + (
        exact(disposed_from_storage) if disposed_from_storage is not None else Fraction(0))
    return max(entering * BALANCE_RELATIVE_TOLERANCE, BALANCE_MIN_TOLERANCE_T)


def in_balance(generated: Number, utilised: Number, utilised_from_storage: Number, disposed: Number,
               disposed_from_storage: Number | None, stored: Number, dumped: Number) -> bool:
    residual = balance_residual(generated, utilised, utilised_from_storage, disposed, disposed_from_storage,
                                stored, dumped)
    return abs(residual) <= balance_tolerance(generated, utilised_from_storage, disposed_from_storage)
