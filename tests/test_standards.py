"""The standards modules (HJ 633-2012, GB 3095-2012, HJ 663-2013, GB/T 8170-2008) against their numbers.

Expected values are computed here, independently of the code under test: the HJ 633 Table 1 breakpoints are
copied from /work/shared/domain/air.md §2, IAQIs are evaluated with ``fractions.Fraction`` and ``math.ceil``,
and the worked examples are the ones of air.md §8.
"""

import math
from fractions import Fraction

import duckdb
import polars as pl
import pytest

from standards import gb3095, gbt8170, hj633, hj663

# HJ 633-2012 Table 1 (air.md §2), typed in again here rather than imported from the code under test.
LEVELS = [0, 50, 100, 150, 200, 300, 400, 500]
TABLE_1 = {
    "SO2_24h": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "SO2_1h": [0, 150, 500, 650, 800],  # note (a): nothing above IAQI 200
    "NO2_24h": [0, 40, 80, 180, 280, 565, 750, 940],
    "NO2_1h": [0, 100, 200, 700, 1200, 2340, 3090, 3840],
    "PM10_24h": [0, 50, 150, 250, 350, 420, 500, 600],
    "CO_24h": [0, 2, 4, 14, 24, 36, 48, 60],
    "CO_1h": [0, 5, 10, 35, 60, 90, 120, 150],
    "O3_1h": [0, 160, 200, 300, 400, 800, 1000, 1200],
    "O3_8h": [0, 100, 160, 215, 265, 800],  # note (b): nothing above IAQI 300
    "PM2.5_24h": [0, 35, 75, 115, 150, 250, 350, 500],
}
# Reported precision of the concentration (air.md §3 item 3): CO 0.1 mg/m3, the rest 1 µg/m3.
STEP = {row: (Fraction(1, 10) if row.startswith("CO") else Fraction(1)) for row in TABLE_1}


def expected_iaqi(row: str, conc: Fraction | int | str) -> int | None:
    """HJ 633-2012 §5.1 formula (1) in exact arithmetic, rounded up (进位取整); None off the table."""
    c = Fraction(conc)
    if c < 0:
        return None
    bps = TABLE_1[row]
    for i in range(1, len(bps)):
        lo, hi = bps[i - 1], bps[i]
        if c <= hi:
            return math.ceil(Fraction(LEVELS[i] - LEVELS[i - 1], hi - lo) * (c - lo) + LEVELS[i - 1])
    return None


def evaluate(expr: pl.Expr):
    return pl.select(expr.alias("v")).item()


# ---------------------------------------------------------------------------------------------------------
# HJ 633-2012 Table 1 and formula (1)
# ---------------------------------------------------------------------------------------------------------

# air.md §8(a): the PM2.5 24-h table, as printed.
PM25_EXAMPLES = [(0, 0), (35, 50), (36, 52), (75, 100), (76, 102), (80, 107), (115, 150), (116, 152),
                 (150, 200), (151, 201), (250, 300), (251, 301), (350, 400), (351, 401), (500, 500),
                 (501, None)]


@pytest.mark.parametrize(("conc", "iaqi"), PM25_EXAMPLES)
def test_pm25_worked_examples(conc, iaqi):
    assert expected_iaqi("PM2.5_24h", conc) == iaqi  # the table above agrees with the formula
    assert hj633.iaqi_scalar(float(conc), "PM2.5_24h") == iaqi


# air.md §8(a) "Other checks".
OTHER_EXAMPLES = [("CO_24h", 1.2, 30), ("O3_8h", 150, 92), ("NO2_24h", 45, 57), ("SO2_24h", 475, 150),
                  ("SO2_1h", 801, None), ("O3_8h", 801, None), ("O3_1h", 172, 65)]


@pytest.mark.parametrize(("row", "conc", "iaqi"), OTHER_EXAMPLES)
def test_other_worked_examples(row, conc, iaqi):
    assert expected_iaqi(row, str(conc)) == iaqi
    assert hj633.iaqi_scalar(float(conc), row) == iaqi


def _breakpoint_cases():
    cases = []
    for row, bps in TABLE_1.items():
        for i, bp in enumerate(bps):
            # On the breakpoint: that breakpoint's IAQI (either neighbouring segment gives the same).
            cases.append(pytest.param(row, Fraction(bp), LEVELS[i], id=f"{row}-on-{bp}"))
            above = Fraction(bp) + STEP[row]
            if i + 1 < len(bps):
                lo, hi = Fraction(bp), Fraction(bps[i + 1])
                # Just above: the next segment's value, rounded up.
                exact = Fraction(LEVELS[i + 1] - LEVELS[i]) / (hi - lo) * (above - lo) + LEVELS[i]
                want = math.ceil(exact)
            else:
                want = None  # above the row's last breakpoint: no IAQI from this row
            cases.append(pytest.param(row, above, want, id=f"{row}-above-{bp}"))
    return cases


@pytest.mark.parametrize(("row", "conc", "iaqi"), _breakpoint_cases())
def test_every_breakpoint_and_the_value_just_above(row, conc, iaqi):
    assert hj633.iaqi_scalar(float(conc), row) == iaqi


@pytest.mark.parametrize("row", sorted(TABLE_1))
def test_whole_row_matches_exact_arithmetic(row):
    """Every concentration at the reported precision (and halfway between, for µg/m3 rows) up to one step
    above the top: no float noise may push an exact integer up (PM2.5 35 → 50, not 51)."""
    step = STEP[row] if row.startswith("CO") else Fraction(1, 2)
    top = TABLE_1[row][-1]
    concs = [step * k for k in range(int((top + 2 * step) / step) + 1)]
    got = pl.select(hj633.iaqi(pl.Series("c", [float(c) for c in concs], dtype=pl.Float64), row)).to_series()
    mismatches = [(float(c), g, expected_iaqi(row, c)) for c, g in zip(concs, got.to_list(), strict=True)
                  if g != expected_iaqi(row, c)]
    assert mismatches == []


@pytest.mark.parametrize(("row", "conc", "iaqi"), [
    ("PM2.5_24h", 35.0, 50), ("PM2.5_24h", 115.0, 150), ("PM10_24h", 420.0, 300), ("CO_24h", 1.2, 30),
    ("NO2_1h", 2340.0, 300), ("SO2_24h", 1600.0, 300), ("O3_8h", 215.0, 150),
    # In plain float arithmetic these land just above an integer (e.g. 50 + 50 × (2.2 − 2) / 2 =
    # 55.00000000000001, 10 × 1.1 = 11.000000000000002); the exact IAQI is that integer.
    ("CO_24h", 2.2, 55), ("CO_1h", 1.1, 11), ("CO_1h", 2.2, 22), ("CO_1h", 4.4, 44), ("CO_1h", 4.9, 49),
    ("CO_1h", 65.4, 218), ("CO_1h", 66.9, 223),
])
def test_float_noise_does_not_lift_exact_values(row, conc, iaqi):
    assert expected_iaqi(row, str(conc)) == iaqi
    assert hj633.iaqi_scalar(conc, row) == iaqi


@pytest.mark.parametrize("row", sorted(TABLE_1))
@pytest.mark.parametrize("conc", [None, -1.0, -0.1])
def test_missing_and_negative_concentrations_have_no_iaqi(row, conc):
    assert hj633.iaqi_scalar(conc, row) is None


def test_above_table_flag():
    frame = pl.DataFrame({"c": [499.0, 500.0, 501.0, None]})
    got = frame.select(hj633.above_table(pl.col("c"), "PM2.5_24h")).to_series().to_list()
    assert got == [False, False, True, False]


def test_round_concentration_precision():
    frame = pl.DataFrame({"pm": [92.5, 93.5, 130.083], "co": [1.25, 1.35, 1.204]})
    got = frame.select(hj633.round_concentration(pl.col("pm"), "PM2.5"),
                       hj633.round_concentration(pl.col("co"), "CO"))
    assert got["pm"].to_list() == [92.0, 94.0, 130.0]
    assert got["co"].to_list() == [1.2, 1.4, 1.2]


# ---------------------------------------------------------------------------------------------------------
# HJ 633-2012 §5.2 (AQI = max), Table 2 (categories), primary and exceedance pollutants
# ---------------------------------------------------------------------------------------------------------

# HJ 633-2012 Table 2 (air.md §3): (upper AQI of the level, level, category).
TABLE_2 = [(50, 1, "优"), (100, 2, "良"), (150, 3, "轻度污染"), (200, 4, "中度污染"), (300, 5, "重度污染")]


def expected_level(aqi: int) -> tuple[int, str]:
    for upper, lvl, name in TABLE_2:
        if aqi <= upper:
            return lvl, name
    return 6, "严重污染"


@pytest.mark.parametrize("aqi", [0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500])
def test_level_and_category(aqi):
    frame = pl.DataFrame({"aqi": [aqi]}, schema={"aqi": pl.Int32})
    got = frame.select(hj633.level(pl.col("aqi")).alias("level"), hj633.category(pl.col("aqi")).alias("cat"))
    assert (got["level"].item(), got["cat"].item()) == expected_level(aqi)


def test_level_boundaries_printed_in_table_2():
    assert [expected_level(a) for a in (50, 51, 100, 101, 150, 151, 200, 201, 300, 301)] == [
        (1, "优"), (2, "良"), (2, "良"), (3, "轻度污染"), (3, "轻度污染"), (4, "中度污染"),
        (4, "中度污染"), (5, "重度污染"), (5, "重度污染"), (6, "严重污染")]


def test_level_and_category_of_a_missing_aqi_are_missing():
    frame = pl.DataFrame({"aqi": [None]}, schema={"aqi": pl.Int32})
    got = frame.select(hj633.level(pl.col("aqi")).alias("level"), hj633.category(pl.col("aqi")).alias("cat"))
    assert got.row(0) == (None, None)


POLLUTANTS = ["SO2", "NO2", "PM10", "CO", "O3", "PM2.5"]


def _sub_indices(values: dict[str, int | None]) -> pl.DataFrame:
    return pl.DataFrame({p: [values.get(p)] for p in POLLUTANTS}, schema={p: pl.Int32 for p in POLLUTANTS})


def _report(values: dict[str, int | None]) -> tuple:
    frame = _sub_indices(values)
    iaqis = {p: pl.col(p) for p in POLLUTANTS}
    frame = frame.with_columns(hj633.aqi(list(iaqis.values())).alias("aqi"))
    got = frame.select("aqi", hj633.primary_pollutants(pl.col("aqi"), iaqis).alias("primary"),
                       hj633.exceedance_pollutants(iaqis).alias("exceedance"))
    return got.row(0)


def test_aqi_is_the_largest_sub_index_and_ignores_missing_ones():
    aqi, primary, exceedance = _report({"SO2": 12, "NO2": 57, "PM10": 90, "CO": 30, "O3": 94, "PM2.5": None})
    assert aqi == 94
    assert primary == "O3"
    assert exceedance is None


def test_aqi_of_no_sub_index_is_missing():
    assert _report({})[0] is None


def test_primary_pollutant_tie_lists_both():
    # air.md §8(b2): PM2.5 75 and PM10 150 → both IAQI 100, AQI 100, both primary, no exceedance pollutant.
    sub = {"SO2": expected_iaqi("SO2_24h", 8), "NO2": expected_iaqi("NO2_24h", 30),
           "PM10": expected_iaqi("PM10_24h", 150), "CO": expected_iaqi("CO_24h", "0.8"),
           "O3": max(expected_iaqi("O3_8h", 90), expected_iaqi("O3_1h", 120)),
           "PM2.5": expected_iaqi("PM2.5_24h", 75)}
    aqi, primary, exceedance = _report(sub)
    assert aqi == 100
    assert sorted(primary.split(",")) == ["PM10", "PM2.5"]
    assert exceedance is None


def test_no_primary_pollutant_at_or_below_50():
    # air.md §8(b2) clean day → AQI 43, no primary pollutant.
    sub = {"SO2": expected_iaqi("SO2_24h", 5), "NO2": expected_iaqi("NO2_24h", 20),
           "PM10": expected_iaqi("PM10_24h", 40), "CO": expected_iaqi("CO_24h", "0.5"),
           "O3": max(expected_iaqi("O3_8h", 80), expected_iaqi("O3_1h", 100)),
           "PM2.5": expected_iaqi("PM2.5_24h", 30)}
    aqi, primary, _ = _report(sub)
    assert aqi == 43
    assert primary is None
    assert _report({"PM2.5": 50, "PM10": 50})[1] is None  # AQI exactly 50: still none
    assert _report({"PM2.5": 51, "PM10": 50})[1] == "PM2.5"  # AQI 51: PM2.5


def test_exceedance_pollutants_are_those_above_100():
    sub = {"SO2": 101, "NO2": 100, "PM10": 150, "CO": 30, "O3": 150, "PM2.5": 122}
    aqi, primary, exceedance = _report(sub)
    assert aqi == 150
    assert sorted(primary.split(",")) == ["O3", "PM10"]
    assert sorted(exceedance.split(",")) == ["O3", "PM10", "PM2.5", "SO2"]


def test_aqi_above_the_table_is_500():
    frame = pl.DataFrame({"a": [40, 40], "b": [None, 300], "over": [True, False]},
                         schema={"a": pl.Int32, "b": pl.Int32, "over": pl.Boolean})
    got = frame.select(hj633.aqi([pl.col("a"), pl.col("b")], pl.col("over"))).to_series().to_list()
    assert got == [500, 300]


# ---------------------------------------------------------------------------------------------------------
# GB/T 8170-2008 rounding (四舍六入五成双)
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "decimals", "want"), [
    (0.5, 0, 0.0), (1.5, 0, 2.0), (2.5, 0, 2.0), (3.5, 0, 4.0), (92.5, 0, 92.0), (93.5, 0, 94.0),
    (11.875, 0, 12.0), (92.4999, 0, 92.0), (92.5001, 0, 93.0), (-2.5, 0, -2.0),
    (1.25, 1, 1.2), (1.35, 1, 1.4), (1.45, 1, 1.4), (0.15, 1, 0.2), (2.55, 1, 2.6), (84.985, 1, 85.0),
])
def test_round_half_even(value, decimals, want):
    assert gbt8170.round_scalar(value, decimals) == want


def test_round_half_even_missing():
    assert gbt8170.round_scalar(None) is None


def test_round_half_even_on_means_of_hourly_integers():
    """The docstring's claim: a mean of n ≤ 24 integer hourly values rounds like its exact fraction."""
    values = [Fraction(total, n) for n in range(1, 25) for total in range(0, 48 * n + 1)]
    series = pl.Series("m", [float(v) for v in values], dtype=pl.Float64)
    got = pl.select(gbt8170.round_half_even(pl.lit(series))).to_series().to_list()
    want = [float(round(v)) for v in values]  # Fraction.__round__ rounds half to even
    assert got == want


# ---------------------------------------------------------------------------------------------------------
# The SQL twins (mart.air_station_hour is computed in DuckDB): the same values as the Polars functions
# ---------------------------------------------------------------------------------------------------------

def sql_rows(frame: pl.DataFrame, *expressions: str) -> list[tuple]:
    """The ``expressions`` (SQL text over the frame's columns) evaluated by DuckDB on every row, in row order."""
    con = duckdb.connect()
    try:
        return con.execute(f"SELECT {', '.join(expressions)} FROM (SELECT *, row_number() OVER () AS _n FROM "
                           "frame) ORDER BY _n").fetchall()
    finally:
        con.close()


def sql_column(frame: pl.DataFrame, expression: str) -> list:
    return [r[0] for r in sql_rows(frame, expression)]


def _random_concentrations(top: float, n: int = 20_000, seed: int = 11) -> list[float | None]:
    """Concentrations off the reported precision (many decimals), near the breakpoints, ties, negatives."""
    import random
    rnd = random.Random(seed)
    values = [rnd.uniform(-2, top * 1.05) for _ in range(n)]
    values += [bp + d for bp in range(0, int(top) + 2) for d in (-1e-7, 1e-7, 0.05, 0.5)]
    return [*values, None, -0.0, 0.0]


@pytest.mark.parametrize("row", sorted(hj633.BREAKPOINTS))
def test_iaqi_sql_equals_iaqi(row):
    """Every concentration at the reported precision and halfway between up to two steps above the top (also
    checked against exact arithmetic), then random and near-breakpoint values: the SQL gives the Polars IAQI."""
    step = STEP[row] if row.startswith("CO") else Fraction(1, 2)
    top = TABLE_1[row][-1]
    grid = [step * k for k in range(int((top + 2 * step) / step) + 1)]
    frame = pl.DataFrame({"c": [float(c) for c in grid] + _random_concentrations(top)}, schema={"c": pl.Float64})
    got = sql_column(frame, hj633.iaqi_sql("c", row))
    assert got == frame.select(hj633.iaqi(pl.col("c"), row)).to_series().to_list()
    assert got[:len(grid)] == [expected_iaqi(row, c) for c in grid]
    above = sql_column(frame, hj633.above_table_sql("c", row))
    assert above == frame.select(hj633.above_table(pl.col("c"), row)).to_series().to_list()


@pytest.mark.parametrize("decimals", [0, 1, 6])
def test_round_half_even_sql_equals_polars(decimals):
    import random
    rnd = random.Random(decimals)
    ties = [k / 10 ** decimals + 0.5 / 10 ** decimals for k in range(-300, 3000)]
    values = [0.5, 1.5, 2.5, -2.5, 0.15, 0.25, 0.35, 0.45, 1.05, 2.675, 84.985, *ties,
              *(rnd.uniform(-10, 1000) for _ in range(20_000)), None]
    frame = pl.DataFrame({"v": values}, schema={"v": pl.Float64})
    got = sql_column(frame, gbt8170.round_half_even_sql("v", decimals))
    assert got == frame.select(gbt8170.round_half_even(pl.col("v"), decimals)).to_series().to_list()


def test_level_category_and_aqi_sql_equal_polars():
    import random
    rnd = random.Random(3)
    n = 5_000
    sub = {p: [rnd.choice([None, *range(0, 520)]) if rnd.random() < 0.9 else 100 for _ in range(n)]
           for p in POLLUTANTS}
    sub["over"] = [rnd.random() < 0.05 for _ in range(n)]
    frame = pl.DataFrame(sub, schema={**{p: pl.Int32 for p in POLLUTANTS}, "over": pl.Boolean})
    iaqis = {p: pl.col(p) for p in POLLUTANTS}
    cols = {p: f'"{p}"' for p in POLLUTANTS}
    want = frame.with_columns(hj633.aqi(list(iaqis.values()), pl.col("over")).alias("aqi"))
    want = want.select("aqi", hj633.level(pl.col("aqi")), hj633.category(pl.col("aqi")).alias("category"),
                       hj633.primary_pollutants(pl.col("aqi"), iaqis).alias("primary"),
                       hj633.exceedance_pollutants(iaqis).alias("exceedance"))
    aqi = hj633.aqi_sql(list(cols.values()), "over")
    got = sql_rows(frame, aqi, hj633.level_sql(aqi), hj633.category_sql(aqi),
                   hj633.primary_pollutants_sql(aqi, cols), hj633.exceedance_pollutants_sql(cols))
    assert got == want.rows()


# ---------------------------------------------------------------------------------------------------------
# HJ 663-2013 percentiles (Appendix A) and the good-days ratio
# ---------------------------------------------------------------------------------------------------------

O3_DAYS = [96, 150, 88, 172, 120, 135, 101, 160, 143, 110, 99, 181, 128, 115, 166, 140, 155, 92, 170, 125]
CO_DAYS = [0.6, 0.8, 1.1, 0.9, 1.4, 1.0, 0.7, 1.6, 1.2, 0.9, 1.3, 0.8]
PM25_DAYS = [20, 35, 50, 65, 80, 95, 110, 125, 140, 155]


@pytest.mark.parametrize(("values", "p", "want"), [
    (O3_DAYS, 0.90, 170.2),  # k = 18.1 → 170 + 0.1 × 2
    (CO_DAYS, 0.95, 1.49),  # k = 11.45 → 1.4 + 0.45 × 0.2
    (PM25_DAYS, 0.95, 148.25),  # k = 9.55 → 140 + 0.55 × 15
])
def test_percentile_worked_examples(values, p, want):
    assert hj663.percentile(values, p) == pytest.approx(want, abs=1e-9)


def test_percentile_reported_precision():
    assert gbt8170.round_scalar(hj663.percentile(O3_DAYS, 0.90), 0) == 170.0
    assert gbt8170.round_scalar(hj663.percentile(CO_DAYS, 0.95), 1) == 1.5


@pytest.mark.parametrize("p", [0.0, 0.5, 0.9, 0.95, 0.98, 1.0])
def test_percentile_of_a_single_value_is_that_value(p):
    assert hj663.percentile([42.0], p) == 42.0


def test_percentile_of_nothing_is_missing():
    assert hj663.percentile([], 0.95) is None
    assert hj663.percentile([None, None], 0.95) is None


def test_percentile_ends():
    assert hj663.percentile(PM25_DAYS, 1.0) == 155
    assert hj663.percentile(PM25_DAYS, 0.0) == 20


@pytest.mark.parametrize(("values", "p"), [
    (O3_DAYS, 0.90), (CO_DAYS, 0.95), (PM25_DAYS, 0.95), (PM25_DAYS, 0.98), ([3.0, 1.0, 2.0], 0.98),
    ([float(v) for v in range(1, 366)], 0.98), ([float(v % 37) for v in range(1, 330)], 0.95), ([5.0], 0.9),
])
def test_percentile_equals_duckdb_quantile_cont(values, p):
    con = duckdb.connect()
    try:
        want = con.execute("SELECT quantile_cont(v, ?) FROM (SELECT unnest(?::DOUBLE[]) AS v)",
                           [p, [float(v) for v in values]]).fetchone()[0]
    finally:
        con.close()
    assert hj663.percentile(values, p) == pytest.approx(want, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(("good", "valid", "want"), [
    (300, 353, 85.0),  # air.md §8(g)
    (353, 353, 100.0), (0, 353, 0.0),
    (1, 16, 6.2), (3, 16, 18.8),  # exact ties 6.25 and 18.75, to 1 decimal half to even
])
def test_good_days_ratio(good, valid, want):
    assert evaluate(hj663.good_days_ratio(pl.lit(good), pl.lit(valid))) == want


def test_good_days_ratio_without_valid_days_is_missing():
    assert evaluate(hj663.good_days_ratio(pl.lit(0), pl.lit(0))) is None


# ---------------------------------------------------------------------------------------------------------
# GB 3095-2012 Table 4 validity and HJ 663-2013 §5.1 (O3 daily max 8-h)
# ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("hours", "valid"), [(0, False), (19, False), (20, True), (24, True)])
def test_daily_mean_needs_20_hours(hours, valid):
    assert evaluate(gb3095.daily_mean_valid(pl.lit(hours))) is valid


@pytest.mark.parametrize(("hours", "valid"), [(0, False), (5, False), (6, True), (8, True)])
def test_8h_moving_mean_needs_6_hours(hours, valid):
    assert evaluate(gb3095.moving_8h_valid(pl.lit(hours))) is valid


def test_month_min_days():
    frame = pl.DataFrame({"month": list(range(1, 13))})
    got = frame.select(gb3095.month_min_days(pl.col("month"))).to_series().to_list()
    assert got == [27, 25, 27, 27, 27, 27, 27, 27, 27, 27, 27, 27]


def test_annual_thresholds():
    assert gb3095.MIN_DAYS_YEAR == 324


@pytest.mark.parametrize(("windows", "max_8h", "valid"), [
    (17, 100.0, True), (14, 100.0, True), (13, 100.0, False),
    (7, 161.0, True),  # air.md §8(d2): fewer than 14 windows but above the grade II limit 160
    (7, 160.0, False),  # exactly the limit does not exceed it
    (7, 129.0, False),  # air.md §8(d3)
    (0, None, False),
])
def test_o3_8h_day_valid(windows, max_8h, valid):
    frame = pl.DataFrame({"w": [windows], "m": [max_8h]}, schema={"w": pl.Int32, "m": pl.Float64})
    assert frame.select(hj663.o3_8h_day_valid(pl.col("w"), pl.col("m"))).item() is valid
