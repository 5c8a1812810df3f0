"""Frames → AQI columns: the HJ 633 real-time and daily reports built from the standards modules.

Pure functions of Polars frames (no Dagster, no DuckDB) so tests can feed them
worked examples directly. The real-time report also exists as SQL text
(:func:`hourly_aqi_sql`, written by the standards modules' SQL twins): the
warehouse computes mart.air_station_hour with it, and tests hold it to
:func:`hourly_aqi` row for row.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pyarrow.compute as pc
from numpy.lib.stride_tricks import sliding_window_view

from standards import gb3095, hj633, hj663
from standards.gbt8170 import round_half_even

#: Warehouse column → report label, in the order HJ 633 lists the pollutants.
DAILY_POLLUTANTS = {"so2": "SO2", "no2": "NO2", "pm10": "PM10", "co": "CO", "pm2_5": "PM2.5"}

#: Real-time report (HJ 633-2012 §4.2 and Table 1 note 1): the 1-h rows for SO2, NO2, CO and O3. The
#: platform feeds PM 1-h values through the 24-h rows (measured on ≈520,000 station-hours, README).
HOURLY_ROWS = {"so2": "SO2_1h", "no2": "NO2_1h", "pm10": "PM10_24h", "co": "CO_1h", "o3": "O3_1h",
               "pm2_5": "PM2.5_24h"}
HOURLY_LABELS = {"so2": "SO2", "no2": "NO2", "pm10": "PM10", "co": "CO", "o3": "O3", "pm2_5": "PM2.5"}


def _finish(frame: pl.DataFrame, iaqi_cols: dict[str, str], over_top: dict[str, pl.Expr]) -> pl.DataFrame:
    """AQI, level, category, primary and exceedance pollutants from the IAQI columns.

    ``over_top`` flags, per label, a concentration above the top of Table 1: it has no IAQI, the AQI is
    reported as 500 and that pollutant counts as 500 when naming the primary and exceedance pollutants.
    """
    any_over = pl.any_horizontal(*over_top.values()).fill_null(False)
    labelled = {label: pl.when(over_top[label].fill_null(False)).then(500).otherwise(pl.col(col)) if label in over_top
                else pl.col(col) for label, col in iaqi_cols.items()}
    frame = frame.with_columns(hj633.aqi([pl.col(c) for c in iaqi_cols.values()], any_over).alias("aqi"),
                               any_over.alias("above_table"))
    return frame.with_columns(
        hj633.level(pl.col("aqi")).alias("level"),
        hj633.category(pl.col("aqi")).alias("category"),
        hj633.primary_pollutants(pl.col("aqi"), labelled).alias("primary_pollutants"),
        hj633.exceedance_pollutants(labelled).alias("exceedance_pollutants"),
    )


def hourly_aqi(frame: pl.DataFrame) -> pl.DataFrame:
    """HJ 633-2012 real-time (hourly) AQI of station-hours.

    Input columns so2, no2, co, o3, pm10, pm2_5 (current-hour values) and
    so2_24h. Table 1 note (a): above 800 µg/m³ SO2 1-h has no IAQI and the
    SO2 sub-index comes from the 24-h row applied to the 24-h moving mean.
    """
    rounded = frame.with_columns(
        hj633.round_concentration(pl.col(col), label.split("_")[0]).alias(col)
        for col, label in {**HOURLY_LABELS, "so2_24h": "SO2"}.items())
    so2_note_a = pl.col("so2") > 800
    iaqis = {
        f"iaqi_{col}": hj633.iaqi(pl.col(col), row) for col, row in HOURLY_ROWS.items() if col != "so2"
    }
    iaqis["iaqi_so2"] = (pl.when(so2_note_a).then(hj633.iaqi(pl.col("so2_24h"), "SO2_24h"))
                         .otherwise(hj633.iaqi(pl.col("so2"), "SO2_1h")))
    over_top = {HOURLY_LABELS[col]: hj633.above_table(pl.col(col), row)
                for col, row in HOURLY_ROWS.items() if col != "so2"}
    over_top["SO2"] = so2_note_a & hj633.above_table(pl.col("so2_24h"), "SO2_24h")
    out = rounded.with_columns(**iaqis)
    return _finish(out, {HOURLY_LABELS[c]: f"iaqi_{c}" for c in HOURLY_LABELS}, over_top)


def hourly_aqi_sql(source: str) -> str:
    """:func:`hourly_aqi` as one DuckDB query over ``source`` (SQL text: a table or a parenthesised query with the
    same input columns, any others passed through): the same rules written by the standards modules' SQL twins,
    so the warehouse computes mart.air_station_hour without a frame in Python. Same output columns and values as
    :func:`hourly_aqi` (tests/test_air_indicators.py compares them row for row)."""
    rounded = ", ".join(f"{hj633.round_concentration_sql(col, label.split('_')[0])} AS {col}"
                        for col, label in {**HOURLY_LABELS, "so2_24h": "SO2"}.items())
    iaqis = {f"iaqi_{col}": hj633.iaqi_sql(col, row) for col, row in HOURLY_ROWS.items() if col != "so2"}
    # Table 1 note (a): above 800 the SO2 sub-index comes from the 24-h row applied to the 24-h moving mean.
    iaqis["iaqi_so2"] = (f"CASE WHEN so2 > 800 THEN {hj633.iaqi_sql('so2_24h', 'SO2_24h')} "
                         f"ELSE {hj633.iaqi_sql('so2', 'SO2_1h')} END")
    over_top = {HOURLY_LABELS[col]: hj633.above_table_sql(col, row)
                for col, row in HOURLY_ROWS.items() if col != "so2"}
    over_top["SO2"] = f"coalesce(so2 > 800 AND {hj633.above_table_sql('so2_24h', 'SO2_24h')}, false)"
    over = {label: f"_over_{col}" for col, label in HOURLY_LABELS.items()}
    iaqi_cols = {HOURLY_LABELS[c]: f"iaqi_{c}" for c in HOURLY_LABELS}
    # As _finish: a pollutant above the table counts as 500 when naming the primary and exceedance pollutants.
    labelled = {label: f"CASE WHEN {over[label]} THEN 500 ELSE {col} END" for label, col in iaqi_cols.items()}
    any_over = " OR ".join(over.values())
    return f"""
SELECT * EXCLUDE ({', '.join(over.values())}),
       {hj633.level_sql('aqi')} AS level,
       {hj633.category_sql('aqi')} AS category,
       {hj633.primary_pollutants_sql('aqi', labelled)} AS primary_pollutants,
       {hj633.exceedance_pollutants_sql(labelled)} AS exceedance_pollutants
FROM (
    SELECT *, {hj633.aqi_sql(list(iaqi_cols.values()), any_over)} AS aqi, {any_over} AS above_table
    FROM (
        SELECT *, {', '.join(f"{expr} AS {name}" for name, expr in iaqis.items())},
               {', '.join(f"{over_top[label]} AS {name}" for label, name in over.items())}
        FROM (SELECT * REPLACE ({rounded}) FROM {source})
    )
)"""


def daily_aqi(frame: pl.DataFrame) -> pl.DataFrame:
    """HJ 633-2012 daily-report IAQIs and AQI from rounded, validity-flagged daily values.

    Input columns so2, no2, co, pm10, pm2_5, o3_1h_max, o3_8h_max and a
    ``<col>_valid`` flag for each. Only valid values get an IAQI (GB 3095-2012
    §8.2: an invalid statistic has no value). O3 counts with the larger of its
    1-h and 8-h IAQIs; above 800 µg/m³ the 8-h row gives none and the 1-h row
    takes over (Table 1 note b).
    """
    iaqis = {
        f"iaqi_{col}": pl.when(pl.col(f"{col}_valid")).then(hj633.iaqi(pl.col(col), f"{label}_24h"))
        for col, label in DAILY_POLLUTANTS.items()
    }
    iaqis["iaqi_o3_1h"] = pl.when(pl.col("o3_1h_valid")).then(hj633.iaqi(pl.col("o3_1h_max"), "O3_1h"))
    iaqis["iaqi_o3_8h"] = pl.when(pl.col("o3_8h_valid")).then(hj633.iaqi(pl.col("o3_8h_max"), "O3_8h"))
    over_top = {label: pl.col(f"{col}_valid") & hj633.above_table(pl.col(col), f"{label}_24h")
                for col, label in DAILY_POLLUTANTS.items()}
    over_top["O3_1h"] = pl.col("o3_1h_valid") & hj633.above_table(pl.col("o3_1h_max"), "O3_1h")
    out = frame.with_columns(**iaqis)
    # The O3 label names the row that sets the O3 sub-index (8-h when tied).
    o3_8h_wins = pl.col("iaqi_o3_8h").fill_null(-1) >= pl.col("iaqi_o3_1h").fill_null(-1)
    out = out.with_columns(
        pl.when(o3_8h_wins).then(pl.col("iaqi_o3_8h")).alias("_o3_8h"),
        pl.when(~o3_8h_wins).then(pl.col("iaqi_o3_1h")).alias("_o3_1h"),
    )
    labels = {"SO2": "iaqi_so2", "NO2": "iaqi_no2", "PM10": "iaqi_pm10", "CO": "iaqi_co", "O3_8h": "_o3_8h",
              "O3_1h": "_o3_1h", "PM2.5": "iaqi_pm2_5"}
    return _finish(out, labels, over_top).drop("_o3_8h", "_o3_1h", "above_table")


#: Hours of a natural day: a station with all of them in the file has its 24-h mean from the file alone.
DAY_HOURS = 24


def _daily_mean(col: str, mean: str, scale: int) -> pl.Expr:
    """A station's 24-h mean of ``col`` (``mean`` is the file's unrounded mean in units of 1/``scale``)."""
    from_hours = (round_half_even(pl.col(mean)) / scale).round(1)  # 6 / 10 is 0.6000000000000001 otherwise
    return (pl.when(pl.col(f"{col}_hours") == DAY_HOURS).then(from_hours)
            .otherwise(pl.coalesce(f"{col}_published", from_hours)).alias(col))


#: Local hour numbers: hour n (hours since 1970-01-01 00:00 local time) ends at n:00, so it is hour_ending
#: (n - 1) % 24 + 1 of the day (n - 1) // 24.
EPOCH = dt.date(1970, 1, 1)


def o3_8h_daily(o3: pl.DataFrame, start: dt.date, end: dt.date) -> pl.DataFrame:
    """O3 8-h moving means of each station for the natural days [start, end): per station-day the largest valid
    mean of the windows ending at hours 1–24 (o3_8h_mean_max; the first windows reach 7 h back into the day
    before) and the number of valid windows ending 08–24 h (o3_8h_windows, HJ 663-2013 §5.1); a window is valid
    with at least 6 hourly values (GB 3095-2012 Table 4), its mean the mean of those values.

    ``o3``: station_code, n (the local hour number, see EPOCH) and o3 (not null), covering the hours from
    ``start`` - 7 h to the end of ``end`` - 1 day (more is ignored). One row per station with a value there and
    day. On a dense stations × hours array: each mean is the sum of its up to 8 values divided by their count,
    exact for the feed's whole µg/m³ (a sum of integers is exact in a double), as DuckDB's windowed avg was.
    """
    first = (start - EPOCH).days * 24 - 6          # the earliest hour of a window ending at start 01:00
    last = (end - EPOCH).days * 24                  # the last hour of the last day
    days = (end - start).days
    o3 = o3.filter(pl.col("n").is_between(first, last))
    stations = pc.dictionary_encode(o3["station_code"].rechunk().to_arrow())
    row = stations.indices.to_numpy()
    col = o3["n"].to_numpy() - first + 7            # 7 empty hours in front: every window has 8 slots
    values = np.zeros((len(stations.dictionary), last - first + 8))
    present = np.zeros(values.shape, dtype=np.int8)
    values[row, col] = o3["o3"].to_numpy()
    present[row, col] = 1
    # Windows ending at start 01:00 … end 00:00: slots 7 + 7 … 7 + (last - first), 24 per day.
    sums = sliding_window_view(values, 8, axis=1).sum(axis=2)[:, 7:7 + 24 * days].reshape(-1, days, 24)
    hours = sliding_window_view(present, 8, axis=1).sum(axis=2, dtype=np.int16)[:, 7:7 + 24 * days]
    valid = gb3095.moving_8h_valid(hours.reshape(-1, days, 24))
    means = np.where(valid, sums / np.maximum(hours.reshape(-1, days, 24), 1), -np.inf).max(axis=2)
    ends = np.isin(np.arange(1, 25), list(hj663.O3_8H_WINDOW_ENDS))
    return pl.DataFrame({
        "station_code": np.repeat(stations.dictionary.to_numpy(zero_copy_only=False), days),
        "day": np.tile(np.arange(start, end, dtype="datetime64[D]"), len(stations.dictionary)),
        "o3_8h_mean_max": np.where(np.isfinite(means), means, np.nan).ravel(),
        "o3_8h_windows": (valid & ends).sum(axis=2).ravel(),
    }, schema={"station_code": pl.String, "day": pl.Date, "o3_8h_mean_max": pl.Float64,
               "o3_8h_windows": pl.Int64}).with_columns(pl.col("o3_8h_mean_max").fill_nan(None))


def station_day_values(stats: pl.DataFrame) -> pl.DataFrame:
    """A station's daily values, validity (GB 3095 Table 4, HJ 663 §5.1) and daily AQI.

    The 24-h mean of a pollutant (HJ 663-2013: the mean of the natural day's 1-h values) is, for a station
    with all 24 hourly values in the file, their mean rounded per GB/T 8170-2008 §3.3 (half to even); for
    a station the file lacks hours of, the station's own daily mean as the platform published it (its
    24-h moving mean at the day's last hour), because the release withholds some hourly values the
    platform used and only the published means reproduce the official city figures (README, measured on
    Tianjin); and where that is missing too, the mean of the hours the file has, rounded per GB/T 8170.
    With 24 hours the two agree for SO2, NO2, PM10 and PM2.5 (every station-day of the bundled 2019 feed,
    4,736 exact .5 ties included) but not for CO: the file's ``CO_24h`` rows round a mean of exactly x.x5
    either way (663 of 1,307 such station-days not half-to-even), and the official city CO follows
    half-to-even (README, Tianjin reconciliation). Validity counts the hours the file has.
    """
    out = stats.with_columns(
        *[_daily_mean(col, f"{col}_mean", 1) for col in ("so2", "no2", "pm10", "pm2_5")],
        _daily_mean("co", "co_mean_x10", 10),
        pl.coalesce("o3_8h_published", round_half_even(pl.col("o3_8h_mean_max"))).alias("o3_8h_max"),
    )
    out = out.with_columns(
        *[gb3095.daily_mean_valid(pl.col(f"{col}_hours")).alias(f"{col}_valid") for col in DAILY_POLLUTANTS],
        # O3 daily max 1-h: the standard sets no count; the 24-h rule is applied (domain note, unverified).
        gb3095.daily_mean_valid(pl.col("o3_hours")).alias("o3_1h_valid"),
        hj663.o3_8h_day_valid(pl.col("o3_8h_windows"), pl.col("o3_8h_max")).alias("o3_8h_valid"),
    )
    out = daily_aqi(out)
    valid_cols = [f"{col}_valid" for col in DAILY_POLLUTANTS] + ["o3_8h_valid"]
    return out.with_columns(pl.all_horizontal(valid_cols).alias("is_valid"))


#: The six pollutants of a city-day, as the official statistics name them.
CITY_POLLUTANTS = {"so2": "SO2", "no2": "NO2", "co": "CO", "pm10": "PM10", "pm2_5": "PM2.5", "o3_8h": "O3_8h"}


def city_day_values(stats: pl.DataFrame, min_station_share: float) -> pl.DataFrame:
    """City daily values: round the station means (GB/T 8170), judge validity, then the daily AQI.

    A city pollutant value is valid when some assessment station reports it
    and at least ``min_station_share`` of the city's reporting assessment
    stations have a GB 3095-valid value for it (a local policy; HJ 663-2013
    sets no minimum; 0 = the official practice).
    """
    out = stats.with_columns(
        *[round_half_even(pl.col(f"{col}_mean")).alias(col) for col in ("so2", "no2", "pm10", "pm2_5")],
        (round_half_even(pl.col("co_mean_x10")) / 10).round(1).alias("co"),  # no 0.6000000000000001 for BI
        round_half_even(pl.col("o3_1h_mean")).alias("o3_1h_max"),
        round_half_even(pl.col("o3_8h_mean")).alias("o3_8h_max"),
    )
    # Whole stations needed; rounding first keeps float noise (0.28 × 25 = 7.000…01) from asking for one more.
    needed = (pl.col("stations_reporting") * min_station_share).round(9).ceil()
    out = out.with_columns(
        *[((pl.col(f"{col}_stations") > 0) & (pl.col(f"{col}_valid_stations") >= needed)).alias(f"{col}_valid")
          for col in [*DAILY_POLLUTANTS, "o3_1h", "o3_8h"]],
    )
    out = daily_aqi(out)
    # Which city-days count (有效天, the denominator of 优良天数比例): a day whose AQI can be reported. HJ 633-2012
    # §5.2 makes the AQI the largest IAQI of the pollutants reported, and the official statistics count the days
    # on which a pollutant is absent at every station (长沙 2019: PM10 withheld on 11 days, yet a 365-day year;
    # shared domain notes, air.md §11); such a day names the absent pollutants. A day with no pollutant has no AQI
    # and does not count. GB 3095-2012 Table 4 still judges each station's daily values (the *_valid flags of
    # mart.air_station_day) and the annual statistics (mart.air_city_year).
    missing = pl.concat_list([pl.when(~pl.col(f"{col}_valid")).then(pl.lit(label))
                              for col, label in CITY_POLLUTANTS.items()]).list.drop_nulls()
    return out.with_columns(
        pl.when(missing.list.len() > 0).then(missing.list.join(",")).alias("pollutants_missing"),
        pl.col("aqi").is_not_null().alias("is_valid"),
        pl.all_horizontal([f"{col}_valid" for col in CITY_POLLUTANTS]).alias("all_pollutants_valid"))
