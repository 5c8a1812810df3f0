"""GB 3095-2012 《环境空气质量标准》 with its 2018 amendment (修改单).

§8.2 and Table 4 set when a statistic exists (数据统计的有效性规定); Table 1
gives the concentration limits used for assessment. A statistic that fails its
rule has no value: never fill gaps or scale up (§8.2).
"""

from __future__ import annotations

import polars as pl

#: Table 4: a 24-hour mean (SO2, NO2, CO, PM10, PM2.5) needs at least 20 valid
#: hourly values in the natural day.
MIN_HOURS_24H = 20
#: Table 4: an 8-hour moving mean (O3) needs at least 6 valid hourly values.
MIN_HOURS_8H = 6
#: Table 4: an annual mean needs 324 daily values, 27 in every month (25 in February).
MIN_DAYS_YEAR = 324
MIN_DAYS_MONTH = 27
MIN_DAYS_FEBRUARY = 25

#: Table 1, grade II (二级, the urban zone class) limits used by HJ 663 assessment.
GRADE_II_LIMITS = {
    "SO2_annual": 60, "SO2_24h": 150,
    "NO2_annual": 40, "NO2_24h": 80,
    "PM10_annual": 70, "PM10_24h": 150,
    "PM2.5_annual": 35, "PM2.5_24h": 75,
    "CO_24h": 4,
    "O3_8h": 160, "O3_1h": 200,
}


def daily_mean_valid(valid_hours: pl.Expr) -> pl.Expr:
    """Table 4: a 24-h mean is valid with ≥ 20 valid hourly values."""
    return valid_hours >= MIN_HOURS_24H


def moving_8h_valid(valid_hours: pl.Expr) -> pl.Expr:
    """Table 4: an 8-h moving mean is valid with ≥ 6 valid hourly values (also on a numpy array of counts)."""
    return valid_hours >= MIN_HOURS_8H


def month_min_days(month: pl.Expr) -> pl.Expr:
    """Table 4: daily values needed in a month for the annual statistic (Feb 25, else 27)."""
    return pl.when(month == 2).then(MIN_DAYS_FEBRUARY).otherwise(MIN_DAYS_MONTH)
