"""HJ 633-2012 《环境空气质量指数（AQI）技术规定（试行）》.

Table 1 (IAQI breakpoints), §5.1 formula (1) (IAQI by linear interpolation),
§5.2 (AQI = max IAQI), §6 and Table 2 (categories), §6 / Appendix A (primary and
exceedance pollutants). Units: CO mg/m³, all others µg/m³.
"""

from __future__ import annotations

import polars as pl

from standards.gbt8170 import round_half_even, round_half_even_sql

#: HJ 633-2012 Table 1, the IAQI column.
IAQI_LEVELS: tuple[int, ...] = (0, 50, 100, 150, 200, 300, 400, 500)

#: HJ 633-2012 Table 1, one concentration column per row key. Note (a): SO2 1-h
#: stops at IAQI 200 (800 µg/m³); note (b): O3 8-h stops at IAQI 300 (800 µg/m³).
BREAKPOINTS: dict[str, tuple[float, ...]] = {
    "SO2_24h": (0, 50, 150, 475, 800, 1600, 2100, 2620),
    "SO2_1h": (0, 150, 500, 650, 800),
    "NO2_24h": (0, 40, 80, 180, 280, 565, 750, 940),
    "NO2_1h": (0, 100, 200, 700, 1200, 2340, 3090, 3840),
    "PM10_24h": (0, 50, 150, 250, 350, 420, 500, 600),
    "CO_24h": (0, 2, 4, 14, 24, 36, 48, 60),
    "CO_1h": (0, 5, 10, 35, 60, 90, 120, 150),
    "O3_1h": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "O3_8h": (0, 100, 160, 215, 265, 800),
    "PM2.5_24h": (0, 35, 75, 115, 150, 250, 350, 500),
}

#: Rows whose top breakpoint is a cut-off defined by a note rather than the end
#: of the scale: above it the row gives no IAQI and another row takes over.
ROWS_WITH_CUTOFF = {"SO2_1h", "O3_8h"}

#: HJ 633-2012 Table 2: (upper AQI, level, 类别, category).
CATEGORIES: tuple[tuple[int, int, str, str], ...] = (
    (50, 1, "优", "excellent"),
    (100, 2, "良", "good"),
    (150, 3, "轻度污染", "lightly polluted"),
    (200, 4, "中度污染", "moderately polluted"),
    (300, 5, "重度污染", "heavily polluted"),
)
TOP_CATEGORY = (6, "严重污染", "severely polluted")

#: Reported precision of concentrations before the IAQI (decimals): CO to
#: 0.1 mg/m³, the rest to 1 µg/m³ (HJ 633-2012 §5 with GB/T 8170).
DECIMALS = {"SO2": 0, "NO2": 0, "PM10": 0, "CO": 1, "O3": 0, "PM2.5": 0}


def iaqi_exact(conc: pl.Expr, row: str) -> pl.Expr:
    """HJ 633-2012 §5.1 formula (1), before rounding; null off the table.

    IAQI_P = (IAQI_Hi − IAQI_Lo)(C_P − BP_Lo) / (BP_Hi − BP_Lo) + IAQI_Lo, on
    the segment with BP_Lo ≤ C_P ≤ BP_Hi. Multiplying before dividing keeps a
    concentration on a breakpoint an exact float (75 → 100, not 100.000…01).
    """
    bps = BREAKPOINTS[row]
    expr = pl.when(conc.is_null() | (conc < 0)).then(None)
    for i in range(1, len(bps)):
        lo, hi = bps[i - 1], bps[i]
        ilo, ihi = IAQI_LEVELS[i - 1], IAQI_LEVELS[i]
        expr = expr.when(conc <= hi).then((ihi - ilo) * (conc - lo) / (hi - lo) + ilo)
    return expr.otherwise(None).cast(pl.Float64)


def iaqi(conc: pl.Expr, row: str) -> pl.Expr:
    """IAQI rounded up to an integer (进位取整), null above the row's last breakpoint.

    The ceiling is taken after rounding to 6 decimals so float noise cannot
    lift an exact integer (the standard's "全部进位取整数").
    """
    return iaqi_exact(conc, row).round(6).ceil().cast(pl.Int32)


def above_table(conc: pl.Expr, row: str) -> pl.Expr:
    """True where the concentration lies above the row's last breakpoint (爆表)."""
    return (conc > BREAKPOINTS[row][-1]).fill_null(False)


def round_concentration(conc: pl.Expr, pollutant: str) -> pl.Expr:
    """Round a concentration to its reported precision before the IAQI (GB/T 8170)."""
    return round_half_even(conc, DECIMALS[pollutant])


def aqi(iaqis: list[pl.Expr], over_top: pl.Expr | None = None) -> pl.Expr:
    """HJ 633-2012 §5.2 formula (2): AQI = max(IAQI_1 … IAQI_n).

    Missing sub-indices are left out of the max. A concentration above the top
    of Table 1 (``over_top``) has no IAQI; the AQI is then reported as 500, the
    top of the scale (common practice, "爆表").
    """
    value = pl.max_horizontal(iaqis)
    if over_top is not None:
        value = pl.when(over_top).then(pl.lit(500, pl.Int32)).otherwise(value)
    return value.cast(pl.Int32)


def level(aqi_value: pl.Expr) -> pl.Expr:
    """HJ 633-2012 Table 2: AQI level 1…6 (级别)."""
    expr = pl.when(aqi_value.is_null()).then(None)
    for upper, lvl, _, _ in CATEGORIES:
        expr = expr.when(aqi_value <= upper).then(lvl)
    return expr.otherwise(TOP_CATEGORY[0]).cast(pl.Int8)


def category(aqi_value: pl.Expr) -> pl.Expr:
    """HJ 633-2012 Table 2: 空气质量指数类别 (优, 良, 轻度污染 …)."""
    expr = pl.when(aqi_value.is_null()).then(None)
    for upper, _, zh, _ in CATEGORIES:
        expr = expr.when(aqi_value <= upper).then(pl.lit(zh))
    return expr.otherwise(pl.lit(TOP_CATEGORY[1]))


def _named_set(flags: dict[str, pl.Expr]) -> tuple[pl.Expr, pl.Expr]:
    """The names whose flag is true, comma-separated in the order of ``flags`` (null if none), and the bit
    mask of those flags. Looking the ≤ 2^7 possible lists up by mask costs a fraction of joining strings
    row by row; a null flag counts as false."""
    mask = pl.sum_horizontal(pl.when(flag).then(1 << i).otherwise(0) for i, flag in enumerate(flags.values()))
    lists = {m: ",".join(n for i, n in enumerate(flags) if m >> i & 1) for m in range(1, 1 << len(flags))}
    return mask, mask.replace_strict(lists, default=None, return_dtype=pl.String)


def primary_pollutants(aqi_value: pl.Expr, iaqis: dict[str, pl.Expr]) -> pl.Expr:
    """HJ 633-2012 §6.2 / 3.4: 首要污染物, only when AQI > 50.

    The pollutant(s) whose IAQI equals the AQI, comma-separated in the order of
    ``iaqis``; several when tied; null when AQI ≤ 50.
    """
    mask, names = _named_set({name: expr == aqi_value for name, expr in iaqis.items()})
    return pl.when((aqi_value > 50) & (mask > 0)).then(names).otherwise(None)


def exceedance_pollutants(iaqis: dict[str, pl.Expr]) -> pl.Expr:
    """HJ 633-2012 §3.5: 超标污染物, every pollutant with IAQI > 100 (null if none)."""
    return _named_set({name: expr > 100 for name, expr in iaqis.items()})[1]


def iaqi_scalar(conc: float | None, row: str) -> int | None:
    """Scalar convenience over :func:`iaqi` (tests, reports)."""
    return pl.select(iaqi(pl.lit(conc, dtype=pl.Float64), row).alias("v")).item()


# ── The same clauses as DuckDB SQL ───────────────────────────────────────────────────────────────────────────
# mart.air_station_hour is computed inside the warehouse (one INSERT … SELECT, no frame in Python). Each function
# below writes the SQL of the Polars function above it from the same tables (BREAKPOINTS, IAQI_LEVELS,
# CATEGORIES) with the same floating-point operations in the same order, so both give the same values;
# tests/test_standards.py and tests/test_air_indicators.py check them against each other. Arguments and results
# are SQL text: column names or expressions.


def _double(x: float) -> str:
    return f"{float(x)!r}::DOUBLE"


def iaqi_sql(conc: str, row: str) -> str:
    """:func:`iaqi` in SQL: formula (1) on the segment holding the concentration (:func:`iaqi_exact`), rounded to
    6 decimals half to even, then up to an integer; NULL when missing, negative or above the row's last
    breakpoint."""
    return f"CAST(ceil({iaqi_exact_sql(conc, row)}) AS INTEGER)"


def iaqi_exact_sql(conc: str, row: str) -> str:
    """Formula (1) in SQL before the ceiling of :func:`iaqi_sql` (rounded to 6 decimals half to even)."""
    bps = BREAKPOINTS[row]
    cases = [f"WHEN {conc} IS NULL OR {conc} < 0 THEN NULL"]
    for i in range(1, len(bps)):
        lo, hi = bps[i - 1], bps[i]
        ilo, ihi = IAQI_LEVELS[i - 1], IAQI_LEVELS[i]
        cases.append(f"WHEN {conc} <= {_double(hi)} THEN {_double(ihi - ilo)} * ({conc} - {_double(lo)}) / "
                     f"{_double(hi - lo)} + {_double(ilo)}")
    exact = f"CASE {' '.join(cases)} ELSE NULL END"
    return round_half_even_sql(exact, 6)


def above_table_sql(conc: str, row: str) -> str:
    """:func:`above_table` in SQL (false when the concentration is missing)."""
    return f"coalesce({conc} > {_double(BREAKPOINTS[row][-1])}, false)"


def round_concentration_sql(conc: str, pollutant: str) -> str:
    """:func:`round_concentration` in SQL."""
    return round_half_even_sql(conc, DECIMALS[pollutant])


def aqi_sql(iaqis: list[str], over_top: str | None = None) -> str:
    """:func:`aqi` in SQL: the largest sub-index present (``greatest`` skips NULLs), 500 when ``over_top``."""
    value = f"greatest({', '.join(iaqis)})"
    if over_top is not None:
        value = f"CASE WHEN {over_top} THEN 500 ELSE {value} END"
    return f"CAST({value} AS INTEGER)"


def level_sql(aqi_value: str) -> str:
    """:func:`level` in SQL."""
    cases = " ".join(f"WHEN {aqi_value} <= {upper} THEN {lvl}" for upper, lvl, _, _ in CATEGORIES)
    return f"CAST(CASE WHEN {aqi_value} IS NULL THEN NULL {cases} ELSE {TOP_CATEGORY[0]} END AS TINYINT)"


def category_sql(aqi_value: str) -> str:
    """:func:`category` in SQL."""
    cases = " ".join(f"WHEN {aqi_value} <= {upper} THEN '{zh}'" for upper, _, zh, _ in CATEGORIES)
    return f"CASE WHEN {aqi_value} IS NULL THEN NULL {cases} ELSE '{TOP_CATEGORY[1]}' END"


def _named_set_sql(flags: dict[str, str]) -> str:
    """:func:`_named_set` in SQL: the names whose flag is true, comma-separated in the order of ``flags``, NULL if
    none (a NULL flag counts as false), looked up by the flags' bit mask in a list of the 2^n possible lists
    (a third of the cost of joining strings row by row)."""
    mask = " + ".join(f"CASE WHEN {flag} THEN {1 << i} ELSE 0 END" for i, flag in enumerate(flags.values()))
    lists = ", ".join("NULL" if m == 0 else "'" + ",".join(n for i, n in enumerate(flags) if m >> i & 1) + "'"
                      for m in range(1 << len(flags)))
    return f"[{lists}][{mask} + 1]"


def primary_pollutants_sql(aqi_value: str, iaqis: dict[str, str]) -> str:
    """:func:`primary_pollutants` in SQL (only when AQI > 50)."""
    named = _named_set_sql({name: f"{expr} = {aqi_value}" for name, expr in iaqis.items()})
    return f"CASE WHEN {aqi_value} > 50 THEN {named} END"


def exceedance_pollutants_sql(iaqis: dict[str, str]) -> str:
    """:func:`exceedance_pollutants` in SQL."""
    return _named_set_sql({name: f"{expr} > 100" for name, expr in iaqis.items()})
