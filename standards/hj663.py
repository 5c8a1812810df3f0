"""HJ 663-2013 《环境空气质量评价技术规范（试行）》.

§4.2 / Table 1 (annual assessment items and their percentiles), Appendix A
(percentile method), §5.1 (O3 daily maximum 8-h mean), §5.4 (reporting
precision) and the 达标天数比例 (share of good days).
"""

from __future__ import annotations

import math

import polars as pl

from standards import gb3095

#: HJ 663-2013 Table 1: the daily-value percentile assessed per pollutant.
PERCENTILES = {"SO2": 0.98, "NO2": 0.98, "PM10": 0.95, "PM2.5": 0.95, "CO": 0.95, "O3_8h": 0.90}

#: HJ 663-2013 §5.1: the O3 daily maximum 8-h mean is valid with at least 14
#: valid 8-h means among the 17 windows ending 08:00…24:00 of the day, or when
#: fewer exist but the maximum already exceeds the limit (grade II, 160 µg/m³).
MIN_O3_8H_WINDOWS = 14
O3_8H_WINDOW_ENDS = range(8, 25)


def percentile(values: list[float], p: float) -> float | None:
    """HJ 663-2013 Appendix A: linear percentile of n valid daily values.

    Sort X(1) ≤ … ≤ X(n); k = 1 + (n − 1)·p; s = ⌊k⌋;
    P = X(s) + (X(s+1) − X(s))·(k − s), and P = X(n) when s = n. This is the
    same as DuckDB ``quantile_cont`` (used in the marts' SQL).
    """
    xs = sorted(v for v in values if v is not None)
    if not xs:
        return None
    k = 1 + (len(xs) - 1) * p
    s = math.floor(k)
    if s >= len(xs):
        return xs[-1]
    return xs[s - 1] + (xs[s] - xs[s - 1]) * (k - s)


def o3_8h_day_valid(valid_windows: pl.Expr, max_8h: pl.Expr) -> pl.Expr:
    """§5.1: ≥ 14 valid windows ending 08–24 h, or fewer with a max above the limit."""
    over_limit = (max_8h > gb3095.GRADE_II_LIMITS["O3_8h"]).fill_null(False)
    return (valid_windows >= MIN_O3_8H_WINDOWS) | over_limit


def good_days_ratio(good_days: pl.Expr, valid_days: pl.Expr) -> pl.Expr:
    """达标天数比例 = days with AQI ≤ 100 ÷ valid days × 100 %, to 0.1 %.

    Invalid days leave both numerator and denominator (HJ 663-2013 §5.3).
    """
    return pl.when(valid_days > 0).then((100.0 * good_days / valid_days).round(1)).otherwise(None)
