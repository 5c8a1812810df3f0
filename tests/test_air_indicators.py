"""assets/air/indicators.py on the worked examples of /work/shared/domain/air.md §8.

The inputs (24-h means, O3 8-h moving means, window and hour counts) and the expected results are computed
here from the hourly values printed in air.md, in exact arithmetic (``fractions.Fraction``; ``round`` on a
Fraction rounds half to even, as GB/T 8170 does), with HJ 633-2012 Table 1 typed in again below.
"""

import datetime as dt
import math
import random
from fractions import Fraction

import duckdb
import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

from assets.air.indicators import (
    EPOCH,
    city_day_values,
    daily_aqi,
    hourly_aqi,
    hourly_aqi_sql,
    o3_8h_daily,
    station_day_values,
)

# HJ 633-2012 Table 1 (air.md §2), the rows used here.
LEVELS = [0, 50, 100, 150, 200, 300, 400, 500]
TABLE_1 = {
    "SO2_24h": [0, 50, 150, 475, 800, 1600, 2100, 2620],
    "SO2_1h": [0, 150, 500, 650, 800],
    "NO2_24h": [0, 40, 80, 180, 280, 565, 750, 940],
    "NO2_1h": [0, 100, 200, 700, 1200, 2340, 3090, 3840],
    "PM10_24h": [0, 50, 150, 250, 350, 420, 500, 600],
    "CO_24h": [0, 2, 4, 14, 24, 36, 48, 60],
    "CO_1h": [0, 5, 10, 35, 60, 90, 120, 150],
    "O3_1h": [0, 160, 200, 300, 400, 800, 1000, 1200],
    "O3_8h": [0, 100, 160, 215, 265, 800],
    "PM2.5_24h": [0, 35, 75, 115, 150, 250, 350, 500],
}


def iaqi(row: str, conc) -> int | None:
    """HJ 633-2012 formula (1), exact, rounded up; None off the table."""
    c = Fraction(conc)
    bps = TABLE_1[row]
    for i in range(1, len(bps)):
        lo, hi = bps[i - 1], bps[i]
        if c <= hi:
            return math.ceil(Fraction(LEVELS[i] - LEVELS[i - 1], hi - lo) * (c - lo) + LEVELS[i - 1])
    return None


# air.md §8(b): 24 hourly values, hour-ending 1 … 24. CO is written in 0.1 mg/m3 units to stay exact.
SO2 = [10, 11, 12, 13, 12, 11, 10, 12, 14, 15, 13, 12, 12, 11, 12, 13, 12, 11, 12, 13, 12, 11, 10, 11]
NO2 = [40, 38, 36, 35, 36, 40, 48, 55, 58, 52, 46, 42, 40, 39, 41, 44, 50, 56, 58, 52, 46, 44, 40, 40]
CO_X10 = [10, 10, 11, 11, 11, 12, 13, 14, 14, 13, 12, 12, 11, 11, 11, 12, 13, 14, 14, 13, 12, 12, 11, 11]
PM10 = [120, 122, 125, 126, 128, 130, 135, 140, 142, 138, 132, 128, 126, 124, 126, 130, 134, 138, 140, 136,
        132, 128, 124, 118]
PM25 = [85, 86, 88, 89, 90, 92, 95, 98, 99, 97, 94, 92, 90, 89, 90, 92, 95, 98, 99, 96, 93, 91, 88, 86]
O3 = [30, 25, 20, 18, 16, 18, 25, 40, 60, 85, 110, 135, 155, 168, 172, 170, 160, 140, 115, 90, 70, 55, 45, 38]


def mean(values: list) -> Fraction | None:
    vals = [v for v in values if v is not None]
    return Fraction(sum(vals), len(vals)) if vals else None


def o3_windows(hourly: list) -> list[Fraction]:
    """HJ 663-2013 §5.1: the valid 8-h means (≥ 6 valid hours) of the windows ending at hours 8 … 24."""
    out = []
    for end in range(8, 25):
        vals = [v for v in hourly[end - 8:end] if v is not None]
        if len(vals) >= 6:
            out.append(Fraction(sum(vals), len(vals)))
    return out


def station_stats(so2=SO2, no2=NO2, co_x10=CO_X10, pm10=PM10, pm25=PM25, o3=O3) -> pl.DataFrame:
    """One row of the stats frame ``station_day_values`` reads, from hourly series (None = missing hour)."""
    windows = o3_windows(o3)
    row = {}
    for col, series in (("so2", so2), ("no2", no2), ("pm10", pm10), ("pm2_5", pm25), ("co", co_x10)):
        m = mean(series)
        row["co_mean_x10" if col == "co" else f"{col}_mean"] = float(m)
        row[f"{col}_hours"] = sum(v is not None for v in series)
        row[f"{col}_published"] = None
    row["o3_hours"] = sum(v is not None for v in o3)
    row["o3_1h_max"] = float(max(v for v in o3 if v is not None))
    row["o3_8h_mean_max"] = float(max(windows))
    row["o3_8h_windows"] = len(windows)
    row["o3_8h_published"] = None
    schema = {k: (pl.Int32 if k.endswith(("_hours", "_windows")) else pl.Float64) for k in row}
    return pl.DataFrame({k: [v] for k, v in row.items()}, schema=schema)


def o3_reference(values: dict[tuple[str, int], int], start: dt.date, days: int) -> dict:
    """(station, day) → (max valid 8-h mean over the windows ending 01–24 h, valid windows ending 08–24 h), by
    brute force in exact arithmetic; ``values`` maps (station, local hour number) to a value."""
    out = {}
    for station in {st for st, _ in values}:
        for d in range(days):
            base = ((start - EPOCH).days + d) * 24
            means, count = [], 0
            for end in range(1, 25):
                vals = [values[station, n] for n in range(base + end - 7, base + end + 1) if (station, n) in values]
                if len(vals) >= 6:
                    means.append(Fraction(sum(vals), len(vals)))
                    count += end >= 8
            out[station, start + dt.timedelta(days=d)] = (float(max(means)) if means else None, count)
    return out


def o3_frame(values: dict[tuple[str, int], int]) -> pl.DataFrame:
    return pl.DataFrame([{"station_code": st, "n": n, "o3": float(v)} for (st, n), v in values.items()],
                        schema={"station_code": pl.String, "n": pl.Int64, "o3": pl.Float64})


def test_o3_8h_daily_on_the_section_8b_day():
    """§8(b)'s 24 O3 hours with nothing the day before: 17 valid windows ending 08–24 h (the max, 151.875, ends
    at 19 h); the windows ending 06 and 07 h hold 6 and 7 hours and count for the max only."""
    day = dt.date(2019, 3, 5)
    base = (day - EPOCH).days * 24
    values = {("1001A", base + h): v for h, v in enumerate(O3, start=1)}
    got = o3_8h_daily(o3_frame(values), day, day + dt.timedelta(days=1)).row(0, named=True)
    assert got == {"station_code": "1001A", "day": day, "o3_8h_mean_max": 151.875, "o3_8h_windows": 17}
    assert (got["o3_8h_mean_max"], got["o3_8h_windows"]) == o3_reference(values, day, 1)["1001A", day]


def test_o3_8h_daily_equals_exact_arithmetic_with_gaps():
    """Stations with random gaps (a few hours, whole outages, nothing on some days, values only the day before),
    over three days and the 7 hours before: every station-day as the brute-force exact computation."""
    rnd = random.Random(5)
    start, days = dt.date(2019, 12, 30), 3
    first = (start - EPOCH).days * 24 - 30
    values = {}
    for k in range(40):
        station, rate = f"{1000 + k}A", rnd.choice([0.0, 0.05, 0.2, 0.5, 0.9])
        outage = rnd.randrange(first, first + 120)
        for n in range(first, first + 30 + 24 * days + 1):
            if rnd.random() >= rate and not outage <= n < outage + rnd.choice([0, 3, 10]):
                values[station, n] = rnd.randrange(0, 400)
    values = {key: v for key, v in values.items() if not (key[0] == "1039A" and key[1] >= first + 30)}
    got = o3_8h_daily(o3_frame(values), start, start + dt.timedelta(days=days))
    want = o3_reference(values, start, days)
    assert {(r["station_code"], r["day"]): (r["o3_8h_mean_max"], r["o3_8h_windows"]) for r in got.to_dicts()} == want
    assert sum(m is None for m, _ in want.values()) > 3 and sum(c == 17 for _, c in want.values()) > 20


# ---------------------------------------------------------------------------------------------------------
# §8(b) station-day from 24 hourly values
# ---------------------------------------------------------------------------------------------------------

def test_section_8b_inputs_computed_from_the_hourly_values():
    assert mean(SO2) == Fraction(285, 24)  # 11.875
    assert round(mean(SO2)) == 12
    assert round(mean(NO2)) == 45
    assert round(mean(CO_X10)) == 12  # 1.2 mg/m3
    assert round(mean(PM10)) == 130
    assert round(mean(PM25)) == 92
    assert max(o3_windows(O3)) == Fraction(151875, 1000)  # window ending 19
    assert len(o3_windows(O3)) == 17
    assert max(O3) == 172


def test_section_8b_station_day():
    got = station_day_values(station_stats()).row(0, named=True)
    assert {k: got[k] for k in ("so2", "no2", "co", "pm10", "pm2_5", "o3_8h_max", "o3_1h_max")} == {
        "so2": 12, "no2": 45, "co": 1.2, "pm10": 130, "pm2_5": 92, "o3_8h_max": 152, "o3_1h_max": 172}
    expected_iaqis = {"iaqi_so2": iaqi("SO2_24h", 12), "iaqi_no2": iaqi("NO2_24h", 45),
                      "iaqi_pm10": iaqi("PM10_24h", 130), "iaqi_co": iaqi("CO_24h", Fraction(12, 10)),
                      "iaqi_pm2_5": iaqi("PM2.5_24h", 92), "iaqi_o3_8h": iaqi("O3_8h", 152),
                      "iaqi_o3_1h": iaqi("O3_1h", 172)}
    assert expected_iaqis == {"iaqi_so2": 12, "iaqi_no2": 57, "iaqi_pm10": 90, "iaqi_co": 30,
                              "iaqi_pm2_5": 122, "iaqi_o3_8h": 94, "iaqi_o3_1h": 65}  # air.md §8(b)
    assert {k: got[k] for k in expected_iaqis} == expected_iaqis
    assert got["aqi"] == 122
    assert got["category"] == "轻度污染"
    assert got["level"] == 3
    assert got["primary_pollutants"] == "PM2.5"
    assert got["exceedance_pollutants"] == "PM2.5"
    assert all(got[f"{c}_valid"] for c in ("so2", "no2", "co", "pm10", "pm2_5", "o3_1h", "o3_8h"))
    assert got["is_valid"] is True


def test_published_means_take_precedence_when_the_file_lacks_hours():
    """The release withholds hours the platform used: the platform's 24-h mean counts them."""
    stats = station_stats(pm25=PM25[:22] + [None] * 2).with_columns(pl.lit(80.0).alias("pm2_5_published"))
    got = station_day_values(stats).row(0, named=True)
    assert got["pm2_5"] == 80
    assert got["iaqi_pm2_5"] == iaqi("PM2.5_24h", 80) == 107


def test_all_24_hours_give_the_mean_rounded_half_to_even():
    """With all 24 hours in the file the 24-h mean is theirs, rounded per GB/T 8170 (half to even): a CO
    mean of exactly 0.65 is 0.6 even where the file's CO_24h row says 0.7 (2019-05-04, station 3051A)."""
    co_x10 = [6] * 12 + [7] * 12  # mean 6.5 (0.65 mg/m3)
    stats = station_stats(co_x10=co_x10).with_columns(pl.lit(0.7).alias("co_published"))
    got = station_day_values(stats).row(0, named=True)
    assert got["co"] == 0.6
    assert station_day_values(station_stats(co_x10=[6] * 11 + [None] + [7] * 12).with_columns(
        pl.lit(0.7).alias("co_published"))).row(0, named=True)["co"] == 0.7  # 23 hours: the platform's mean


# ---------------------------------------------------------------------------------------------------------
# §8(c) 24-h validity, §8(d) O3 with gaps
# ---------------------------------------------------------------------------------------------------------

def test_section_8c_19_pm25_hours_give_no_daily_value():
    got = station_day_values(station_stats(pm25=PM25[:19] + [None] * 5)).row(0, named=True)
    assert got["pm2_5_valid"] is False
    assert got["iaqi_pm2_5"] is None
    assert got["is_valid"] is False
    # The invalid PM2.5 is left out of the max (air.md §3 item 6): O3 8-h (94) sets the AQI.
    assert got["aqi"] == 94
    assert got["primary_pollutants"] == "O3_8h"


def test_section_8c_20_pm25_hours_are_enough():
    hourly = PM25[:20] + [None] * 4
    assert round(mean(hourly)) == 93  # 92.7
    got = station_day_values(station_stats(pm25=hourly)).row(0, named=True)
    assert got["pm2_5_valid"] is True
    assert got["pm2_5"] == 93
    assert got["iaqi_pm2_5"] == iaqi("PM2.5_24h", 93) == 123
    assert got["aqi"] == 123
    assert got["is_valid"] is True


def test_section_8d2_few_o3_windows_but_over_the_limit_is_valid():
    hourly = [None if h in (2, 3, 4, 10, 11, 12) else v for h, v in enumerate(O3, start=1)]
    windows = o3_windows(hourly)
    assert len(windows) == 7
    assert round(max(windows)) == 161
    got = station_day_values(station_stats(o3=hourly)).row(0, named=True)
    assert got["o3_8h_max"] == 161
    assert got["o3_8h_valid"] is True
    assert got["iaqi_o3_8h"] == iaqi("O3_8h", 161) == 101


def test_section_8d3_few_o3_windows_under_the_limit_is_invalid():
    hourly = [None if h in (2, 3, 4, 10, 11, 12) else Fraction(v) * Fraction(8, 10)
              for h, v in enumerate(O3, start=1)]
    windows = o3_windows(hourly)
    assert (len(windows), round(max(windows))) == (7, 129)
    got = station_day_values(station_stats(o3=hourly)).row(0, named=True)
    assert got["o3_8h_valid"] is False
    assert got["iaqi_o3_8h"] is None
    assert got["is_valid"] is False


# ---------------------------------------------------------------------------------------------------------
# §8(f) city-day over 3 stations
# ---------------------------------------------------------------------------------------------------------

STATIONS = {  # air.md §8(f): SO2, NO2, CO, PM10, PM2.5, O3-8h, O3-1h; printed station AQI
    "A": ((10, 42, "0.9", 110, 60, 120, 150), 82),
    "B": ((14, 50, "1.1", 95, 70, 135, 160), 94),
    "C": ((12, 37, "1.3", 125, 83, 114, 140), 110),
}
COLS = ["so2", "no2", "co", "pm10", "pm2_5", "o3_8h", "o3_1h"]
ROWS = {"so2": "SO2_24h", "no2": "NO2_24h", "co": "CO_24h", "pm10": "PM10_24h", "pm2_5": "PM2.5_24h",
        "o3_8h": "O3_8h", "o3_1h": "O3_1h"}


def city_stats(valid_stations: dict[str, int] | None = None) -> pl.DataFrame:
    valid_stations = valid_stations or {}
    row = {}
    for i, col in enumerate(COLS):
        m = mean([Fraction(values[i]) for values, _ in STATIONS.values()])
        name = {"co": "co_mean_x10", "o3_8h": "o3_8h_mean", "o3_1h": "o3_1h_mean"}.get(col, f"{col}_mean")
        row[name] = float(m * 10 if col == "co" else m)
        row[f"{col}_stations"] = len(STATIONS)
        row[f"{col}_valid_stations"] = valid_stations.get(col, len(STATIONS))
    row["stations_reporting"] = len(STATIONS)
    schema = {k: (pl.Float64 if "mean" in k else pl.Int32) for k in row}
    return pl.DataFrame({k: [v] for k, v in row.items()}, schema=schema)


def test_section_8f_city_day():
    city = {col: round(mean([Fraction(v[i]) for v, _ in STATIONS.values()]) * (10 if col == "co" else 1))
            for i, col in enumerate(COLS)}
    assert city == {"so2": 12, "no2": 43, "co": 11, "pm10": 110, "pm2_5": 71, "o3_8h": 123, "o3_1h": 150}
    want = {f"iaqi_{col}": iaqi(ROWS[col], Fraction(city[col], 10) if col == "co" else city[col])
            for col in COLS}
    assert want == {"iaqi_so2": 12, "iaqi_no2": 54, "iaqi_co": 28, "iaqi_pm10": 80, "iaqi_pm2_5": 95,
                    "iaqi_o3_8h": 70, "iaqi_o3_1h": 47}  # air.md §8(f)
    got = city_day_values(city_stats(), min_station_share=0.75).row(0, named=True)
    values = [got[c] for c in ("so2", "no2", "co", "pm10", "pm2_5", "o3_8h_max", "o3_1h_max")]
    assert values == [12, 43, 1.1, 110, 71, 123, 150]
    assert {k: got[k] for k in want} == want
    assert got["aqi"] == 95
    assert got["category"] == "良"
    assert got["level"] == 2
    assert got["primary_pollutants"] == "PM2.5"
    assert got["exceedance_pollutants"] is None
    assert got["is_valid"] is True


def test_section_8f_station_aqis_are_not_averaged():
    """The printed station AQIs (82, 94, 110; mean 95.33) come from each station's own values."""
    rows = []
    for values, _ in STATIONS.values():
        so2, no2, co, pm10, pm25, o3_8h, o3_1h = values
        rows.append({"so2": so2, "no2": no2, "co": float(co), "pm10": pm10, "pm2_5": pm25, "o3_8h_max": o3_8h,
                     "o3_1h_max": o3_1h})
    frame = pl.DataFrame(rows, schema={k: pl.Float64 for k in rows[0]}).with_columns(
        pl.lit(True).alias(f"{c}_valid") for c in COLS)
    got = daily_aqi(frame)["aqi"].to_list()
    assert got == [aqi for _, aqi in STATIONS.values()]
    assert round(Fraction(sum(got), 3), 2) == Fraction(9533, 100)  # not the city AQI (95)


def test_city_pm25_invalid_with_2_of_3_valid_stations_at_share_075():
    got = city_day_values(city_stats({"pm2_5": 2}), min_station_share=0.75).row(0, named=True)
    assert got["pm2_5_valid"] is False  # 2 < 0.75 × 3
    assert got["iaqi_pm2_5"] is None
    # The day still counts (its AQI is reported from the other pollutants) and says what is missing.
    assert (got["is_valid"], got["all_pollutants_valid"], got["pollutants_missing"]) == (True, False, "PM2.5")
    assert got["aqi"] == 80  # PM10 then sets the AQI
    assert got["primary_pollutants"] == "PM10"


def test_city_pm25_valid_with_2_of_3_valid_stations_at_share_0():
    got = city_day_values(city_stats({"pm2_5": 2}), min_station_share=0.0).row(0, named=True)
    assert got["pm2_5_valid"] is True
    assert got["aqi"] == 95


def test_city_pollutant_without_any_reporting_station_is_invalid():
    stats = city_stats().with_columns(pl.lit(0, pl.Int32).alias("so2_stations"),
                                      pl.lit(0, pl.Int32).alias("so2_valid_stations"))
    got = city_day_values(stats, min_station_share=0.0).row(0, named=True)
    assert got["so2_valid"] is False
    assert got["iaqi_so2"] is None


# ---------------------------------------------------------------------------------------------------------
# Daily report: the O3 label, note (b), §8(b2)
# ---------------------------------------------------------------------------------------------------------

def daily_frame(**values) -> pl.DataFrame:
    cols = {"so2": 8, "no2": 30, "co": 0.8, "pm10": 60, "pm2_5": 40, "o3_8h_max": 90, "o3_1h_max": 120}
    cols.update(values)
    frame = pl.DataFrame({k: [v] for k, v in cols.items()}, schema={k: pl.Float64 for k in cols})
    return frame.with_columns(pl.lit(True).alias(f"{c}_valid") for c in COLS)


def test_o3_label_is_1h_when_the_1h_iaqi_is_larger():
    assert iaqi("O3_1h", 400) == 200 and iaqi("O3_8h", 200) == 137
    got = daily_aqi(daily_frame(o3_8h_max=200, o3_1h_max=400)).row(0, named=True)
    assert (got["aqi"], got["primary_pollutants"], got["exceedance_pollutants"]) == (200, "O3_1h", "O3_1h")


def test_o3_label_is_8h_when_the_8h_iaqi_is_larger():
    assert iaqi("O3_8h", 200) == 137 and iaqi("O3_1h", 172) == 65
    got = daily_aqi(daily_frame(o3_8h_max=200, o3_1h_max=172)).row(0, named=True)
    assert (got["aqi"], got["primary_pollutants"], got["exceedance_pollutants"]) == (137, "O3_8h", "O3_8h")


def test_o3_label_is_8h_when_tied():
    assert iaqi("O3_8h", 200) == iaqi("O3_1h", 273) == 137
    got = daily_aqi(daily_frame(o3_8h_max=200, o3_1h_max=273)).row(0, named=True)
    assert (got["aqi"], got["primary_pollutants"]) == (137, "O3_8h")


def test_note_b_o3_8h_above_800_falls_back_to_1h():
    assert iaqi("O3_8h", 801) is None and iaqi("O3_1h", 500) == 225
    got = daily_aqi(daily_frame(o3_8h_max=801, o3_1h_max=500)).row(0, named=True)
    assert got["iaqi_o3_8h"] is None
    assert (got["aqi"], got["primary_pollutants"], got["category"]) == (225, "O3_1h", "重度污染")


def test_section_8b2_tie_and_clean_day():
    got = daily_aqi(daily_frame(pm10=150, pm2_5=75)).row(0, named=True)
    assert (got["aqi"], got["category"]) == (100, "良")
    assert sorted(got["primary_pollutants"].split(",")) == ["PM10", "PM2.5"]
    assert got["exceedance_pollutants"] is None
    clean = daily_aqi(daily_frame(so2=5, no2=20, co=0.5, pm10=40, pm2_5=30, o3_8h_max=80, o3_1h_max=100))
    row = clean.row(0, named=True)
    assert (row["aqi"], row["level"], row["category"], row["primary_pollutants"]) == (43, 1, "优", None)


def test_daily_invalid_value_gets_no_iaqi():
    frame = daily_frame(pm2_5=120).with_columns(pl.lit(False).alias("pm2_5_valid"))
    got = daily_aqi(frame).row(0, named=True)
    assert got["iaqi_pm2_5"] is None
    assert got["aqi"] == max(iaqi("SO2_24h", 8), iaqi("NO2_24h", 30), iaqi("CO_24h", "0.8"),
                             iaqi("PM10_24h", 60), iaqi("O3_8h", 90), iaqi("O3_1h", 120)) == 55


def test_daily_above_the_table_is_500():
    got = daily_aqi(daily_frame(pm2_5=520)).row(0, named=True)
    assert got["iaqi_pm2_5"] is None
    assert (got["aqi"], got["level"], got["category"]) == (500, 6, "严重污染")


def test_daily_above_the_table_names_the_primary_and_exceedance_pollutant():
    """HJ 633-2012: the primary pollutant is the one with the largest IAQI when AQI > 50, and every pollutant
    with IAQI > 100 (concentration above the grade II limit) is an exceedance pollutant. PM2.5 520 µg/m3 is
    above the top of Table 1 (its sub-index is beyond 500) and sets the reported AQI of 500."""
    got = daily_aqi(daily_frame(pm2_5=520)).row(0, named=True)
    assert (got["primary_pollutants"], got["exceedance_pollutants"]) == ("PM2.5", "PM2.5")


# ---------------------------------------------------------------------------------------------------------
# Hourly (real-time) report
# ---------------------------------------------------------------------------------------------------------

HOURLY_COLS = ["so2", "no2", "co", "o3", "pm10", "pm2_5", "so2_24h"]
LOW = {"so2": 10.0, "no2": 20.0, "co": 0.5, "o3": 50.0, "pm10": 40.0, "pm2_5": 30.0, "so2_24h": 10.0}
LOW_IAQI = max(iaqi("SO2_1h", 10), iaqi("NO2_1h", 20), iaqi("CO_1h", "0.5"), iaqi("O3_1h", 50),
               iaqi("PM10_24h", 40), iaqi("PM2.5_24h", 30))  # 43 (PM2.5)


def in_sql(frame: pl.DataFrame) -> pl.DataFrame:
    """The warehouse's computation of the same rows (mart.air_station_hour is computed in DuckDB)."""
    con = duckdb.connect()
    try:
        con.register("numbered", frame.with_row_index("_n"))
        return pl.from_arrow(con.sql(f"SELECT * FROM ({hourly_aqi_sql('numbered')}) ORDER BY _n")
                             .to_arrow_table()).drop("_n")
    finally:
        con.close()


def hourly(*rows: dict) -> list[dict]:
    """The hourly report of ``rows``, which the SQL of the warehouse must give exactly as the Polars code."""
    frame = pl.DataFrame([{c: r.get(c) for c in HOURLY_COLS} for r in rows],
                         schema={c: pl.Float64 for c in HOURLY_COLS})
    want = hourly_aqi(frame)
    assert_frame_equal(in_sql(frame), want, check_exact=True)
    return want.to_dicts()


def test_hourly_sql_equals_polars_on_random_hours():
    """400,000 station-hours off the reported precision, on ties (x.5), near and above the tops of Table 1, with
    missing and negative values and SO2 above 800: the warehouse's SQL gives every column exactly as
    hourly_aqi."""
    rng = np.random.default_rng(7)
    n = 400_000

    def series(top: float, decimals: int) -> pl.Series:
        v = rng.uniform(-3, top, n)
        v = np.where(rng.random(n) < 0.5, np.round(v, decimals), v)
        v = np.where(rng.random(n) < 0.1, np.round(v * 2) / 2, v)
        return pl.Series(v).set(pl.Series(rng.random(n) < 0.1), None)

    frame = pl.DataFrame({"so2": series(1000, 0), "no2": series(4000, 0), "co": series(160, 1),
                          "o3": series(1300, 0), "pm10": series(700, 0), "pm2_5": series(600, 0),
                          "so2_24h": series(2800, 0)})
    want = hourly_aqi(frame)
    assert want["above_table"].sum() > 10_000 and want.filter(pl.col("so2") > 800).height > 10_000
    assert_frame_equal(in_sql(frame), want, check_exact=True)


def test_hourly_pm25_1h_value_through_the_24h_row():
    (got,) = hourly({**LOW, "pm2_5": 76.0})
    assert got["iaqi_pm2_5"] == iaqi("PM2.5_24h", 76) == 102
    assert (got["aqi"], got["level"], got["category"]) == (102, 3, "轻度污染")
    assert (got["primary_pollutants"], got["exceedance_pollutants"]) == ("PM2.5", "PM2.5")
    assert got["above_table"] is False


def test_hourly_uses_the_1h_rows_for_gases():
    (got,) = hourly({"so2": 150.0, "no2": 200.0, "co": 10.0, "o3": 200.0, "pm10": 150.0, "pm2_5": 75.0,
                     "so2_24h": 10.0})
    want = {"iaqi_so2": iaqi("SO2_1h", 150), "iaqi_no2": iaqi("NO2_1h", 200), "iaqi_co": iaqi("CO_1h", 10),
            "iaqi_o3": iaqi("O3_1h", 200), "iaqi_pm10": iaqi("PM10_24h", 150),
            "iaqi_pm2_5": iaqi("PM2.5_24h", 75)}
    assert want == {"iaqi_so2": 50, "iaqi_no2": 100, "iaqi_co": 100, "iaqi_o3": 100, "iaqi_pm10": 100,
                    "iaqi_pm2_5": 100}
    assert {k: got[k] for k in want} == want
    assert sorted(got["primary_pollutants"].split(",")) == ["CO", "NO2", "O3", "PM10", "PM2.5"]


def test_hourly_note_a_so2_above_800_uses_the_24h_row():
    (got,) = hourly({**LOW, "so2": 801.0, "so2_24h": 200.0})
    assert iaqi("SO2_1h", 801) is None
    assert got["iaqi_so2"] == iaqi("SO2_24h", 200) == 108  # 100 + 50 × 50 / 325 = 107.69 → 108
    assert (got["aqi"], got["primary_pollutants"], got["exceedance_pollutants"]) == (108, "SO2", "SO2")
    assert got["above_table"] is False


def test_hourly_so2_at_800_still_uses_the_1h_row():
    (got,) = hourly({**LOW, "so2": 800.0, "so2_24h": 200.0})
    assert got["iaqi_so2"] == iaqi("SO2_1h", 800) == 200


def test_hourly_all_missing_has_no_aqi():
    (got,) = hourly({})
    assert got["aqi"] is None
    assert got["level"] is None and got["category"] is None
    assert got["primary_pollutants"] is None and got["exceedance_pollutants"] is None
    assert got["above_table"] is False


def test_hourly_above_the_table():
    (got,) = hourly({**LOW, "pm2_5": 600.0})
    assert got["iaqi_pm2_5"] is None
    assert got["above_table"] is True
    assert (got["aqi"], got["level"], got["category"]) == (500, 6, "严重污染")


def test_hourly_above_the_table_names_the_primary_and_exceedance_pollutant():
    """As for the daily report: PM2.5 600 sets the AQI (500) and exceeds its grade II limit."""
    (got,) = hourly({**LOW, "pm2_5": 600.0})
    assert (got["primary_pollutants"], got["exceedance_pollutants"]) == ("PM2.5", "PM2.5")


def test_hourly_low_row_and_rounding_of_the_hour_value():
    low, rounded = hourly(LOW, {**LOW, "pm2_5": 75.5})
    assert (low["aqi"], low["primary_pollutants"], low["category"]) == (LOW_IAQI, None, "优")
    assert LOW_IAQI == 43
    # 75.5 rounds half to even to 76 before the IAQI (air.md §3 item 3).
    assert rounded["pm2_5"] == 76
    assert rounded["aqi"] == iaqi("PM2.5_24h", 76) == 102
