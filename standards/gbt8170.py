"""GB/T 8170-2008 《数值修约规则与极限数值的表示和判定》.

Concentrations are rounded before an IAQI is computed (HJ 633-2012 §5, read with
the national ranking rules, which cite GB/T 8170) and statistics are reported
at fixed precision (HJ 663-2013 §5.4). GB/T 8170 §3.3 rounds half to even
(四舍六入五成双).
"""

from __future__ import annotations

import polars as pl


def round_half_even(value: pl.Expr, decimals: int = 0) -> pl.Expr:
    """GB/T 8170-2008 §3.3: round to ``decimals`` places, ties to the even digit.

    Exact for the pipeline's inputs: hourly values are integers (CO one
    decimal), so a mean of n ≤ 24 of them is a ratio whose tie case (.5) is a
    binary-exact float, and every non-tie lies at least 1/48 away from .5.
    """
    return value.round(decimals, mode="half_to_even")


def round_half_even_sql(value: str, decimals: int = 0) -> str:
    """:func:`round_half_even` as DuckDB SQL over ``value`` (SQL text): the value scaled by 10^decimals, rounded
    to an integer with ties to even (``round_even(x, 0)``), scaled back, which is how Polars rounds a float
    (checked against :func:`round_half_even` on ties and random values, tests/test_standards.py). DuckDB's own
    ``round_even(x, decimals)`` differs for decimals > 0 (0.15 → 0.1, 0.45 → 0.5)."""
    if decimals == 0:
        return f"round_even({value}, 0)"
    scale = f"{10.0 ** decimals!r}::DOUBLE"
    return f"(round_even(({value}) * {scale}, 0) / {scale})"


def round_scalar(value: float | None, decimals: int = 0) -> float | None:
    """Scalar form of :func:`round_half_even` (for tests and reports)."""
    if value is None:
        return None
    return pl.select(round_half_even(pl.lit(value, dtype=pl.Float64), decimals)).item()
