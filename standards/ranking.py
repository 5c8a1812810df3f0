"""《城市环境空气质量排名技术规定》 (环办〔2014〕64号): single indices, composite index, ranks.

The provincial monthly releases rank their cities "按照城市环境空气质量综合指数评价"; the national ones rank 168 / 339
cities the same way. For a period (a month, the year to date 1–N月, a year):

- single index of pollutant i: I_i = C_i / S_i (§4 (2)). C is the period mean of the city's daily values for SO2,
  NO2, PM10 and PM2.5, with S their grade II *annual* limit (GB 3095-2012 Table 1: 60, 40, 70, 35 µg/m³); for CO
  the 95th percentile of the daily means, S = 4 mg/m³ (24-h limit); for O3 the 90th percentile of the daily
  max 8-h means, S = 160 µg/m³. Percentiles by HJ 663-2013 Appendix A; C at reporting precision (integers, CO one
  decimal; HJ 663-2013 §5.4, GB/T 8170) before dividing.
- composite index I_sum = Σ I_i over the six (§4 (3)), reported to 2 decimals; the largest I_i names the primary
  pollutant of the period (首要污染物).
- rank: ascending I_sum, equal indices share a rank (并列) and the next rank skips; 优良天数比例 is ranked descending
  the same way (the releases publish both).

Worked example (shared domain notes air.md §10, 岳阳 2019 official bulletin): SO2 9, NO2 27, PM10 68, PM2.5 43,
CO P95 1.4, O3-8h P90 164 → 0.150 + 0.675 + 0.971 + 1.229 + 0.350 + 1.025 = 4.40 (published 4.40).
"""

from __future__ import annotations

import polars as pl

from standards.gbt8170 import round_half_even

#: Column of the period's concentration → (label, standard value S) of §4 (2).
SINGLE_INDEX_BASIS = {
    "so2_mean": ("SO2", 60),
    "no2_mean": ("NO2", 40),
    "pm10_mean": ("PM10", 70),
    "pm2_5_mean": ("PM2.5", 35),
    "co_p95": ("CO", 4),
    "o3_8h_p90": ("O3_8h", 160),
}


def single_index_column(concentration: str) -> str:
    return f"i_{SINGLE_INDEX_BASIS[concentration][0].lower().replace('.', '_')}"


def composite(frame: pl.DataFrame) -> pl.DataFrame:
    """Add the single indices (3 decimals), ``composite_index`` (2 decimals) and ``primary_pollutant``.

    The composite index is the sum of the exact ratios, rounded once (GB/T 8170); it is null when one of the six
    concentrations is missing (the index is defined over all six).
    """
    exact = {single_index_column(c): pl.col(c) / s for c, (_, s) in SINGLE_INDEX_BASIS.items()}
    total = pl.sum_horizontal(exact.values())
    complete = pl.all_horizontal(pl.col(c).is_not_null() for c in SINGLE_INDEX_BASIS)
    largest = pl.max_horizontal(exact.values())
    labels = [pl.when(e == largest).then(pl.lit(SINGLE_INDEX_BASIS[c][0]))
              for c, e in zip(SINGLE_INDEX_BASIS, exact.values(), strict=True)]
    return frame.with_columns(
        *[round_half_even(e, 3).alias(name) for name, e in exact.items()],
        pl.when(complete).then(round_half_even(total, 2)).alias("composite_index"),
        pl.when(complete).then(pl.concat_list(labels).list.drop_nulls().list.join(",")).alias("primary_pollutant"),
    )


def shared_rank(value: pl.Expr, descending: bool = False) -> pl.Expr:
    """并列: equal values share the best rank and the next rank skips (1, 2, 2, 4); null values are not ranked."""
    return pl.when(value.is_not_null()).then(value.rank(method="min", descending=descending)).cast(pl.Int32)
