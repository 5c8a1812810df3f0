"""Air marts: station-hour, station-day and city-day AQI (daily partitions), city month and year."""



import datetime as dt

import dagster as dg
import polars as pl

from assets import owners
from assets.air import reconcile
from assets.air.indicators import HOURLY_ROWS, city_day_values, hourly_aqi_sql, o3_8h_daily, station_day_values
from assets.air.staging import staging_air_hourly
from assets.reference import dim_air_station
from assets.steps import markdown_table, replace_window_by_month, replace_window_by_query, window_dates
from pipelines.partitions import daily
from pipelines.resources import CityProfile
from sources.published_air import read_published_city_daily
from standards import gb3095, hj633, hj663, ranking
from standards.gbt8170 import round_half_even
from warehouse.resource import Warehouse, query_frame, replace_rows, sql

STATION_HOUR = dg.AssetKey(["mart", "air_station_hour"])
AGREEMENT_CHECK = "published_aqi_agreement"

# Natural day D is hours 1–23 of file D plus hour 0 of file D+1; O3 8-h windows ending early on D
# reach back into file D−1.
_NEXT_FILE = dg.TimeWindowPartitionMapping(start_offset=0, end_offset=1)
_FILES_AROUND = dg.TimeWindowPartitionMapping(start_offset=-1, end_offset=1)

_COMMON = dict(group_name="air", owners=[owners.AIR], partitions_def=daily,
               backfill_policy=dg.BackfillPolicy.single_run())


#: Why our hourly AQI may differ from the published one, where the cause is known.
SO2_NOTE_A = ("SO2 1-h > 800: HJ 633 Table 1 note (a) takes the SO2 sub-index from the 24-h row; "
              "the platform does not")
MISSING_VALUES = "pollutant value(s) missing in the file for this hour"
NEAREST = ("the platform rounded the AQI to the nearest integer; HJ 633 rounds every sub-index up (进位取整)")
#: The largest sub-index before the ceiling (SO2 1-h row: above 800 the reason is note a). Measured on the real 2019
#: files: Beijing's 12 stations (1001A–1012A), hours ending 2019-09-30 21:00 to 2019-10-08 07:00, were published as
#: the nearest integer (234 station-hours one lower where the fraction is below .5, the same where it is .5 or
#: above); no other station-hour of the year.
_EXACT_AQI = f"greatest({', '.join(hj633.iaqi_exact_sql(col, row) for col, row in HOURLY_ROWS.items())})"
_MISMATCH_REASON = f"""CASE WHEN published_aqi IS NULL OR aqi = published_aqi THEN NULL
     WHEN so2 > 800 THEN '{SO2_NOTE_A}'
     WHEN {' OR '.join(f"{c} IS NULL" for c in ("so2", "no2", "co", "o3", "pm10", "pm2_5"))} THEN '{MISSING_VALUES}'
     WHEN published_aqi = aqi - 1 AND published_aqi = round({_EXACT_AQI}) THEN '{NEAREST}'
END"""


def station_hour_query() -> str:
    """mart.air_station_hour for natural days [$start, $end) as one query: the inputs (air_station_hour.sql), the
    HJ 633 real-time AQI (:func:`hourly_aqi_sql`) and the comparison with the platform's published AQI."""
    inputs = f"({sql('air_station_hour')}\n)"
    return (f"SELECT *, aqi = published_aqi AS matches_published, {_MISMATCH_REASON} AS mismatch_reason\n"
            f"FROM ({hourly_aqi_sql(inputs)})")


@dg.asset(
    key=STATION_HOUR,
    deps=[dg.AssetDep(staging_air_hourly, partition_mapping=_NEXT_FILE), dim_air_station],
    kinds={"duckdb"},
    check_specs=[dg.AssetCheckSpec(
        AGREEMENT_CHECK, asset=STATION_HOUR, blocking=False,
        description="Our hourly AQI against the AQI the national platform published for the same "
                    "station-hour: agreement rate and every disagreeing row.")],
    description="Real-time station-hour AQI (HJ 633-2012 实时报): IAQI per pollutant from current-hour "
                "values, AQI, level, category, primary and exceedance pollutants, reconciled with the "
                "platform's published AQI. Partition = natural day; computed inside DuckDB (one INSERT … SELECT "
                "per month of a range, each month one transaction).",
    **_COMMON,
)
def air_station_hour(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    start, end = window_dates(context)
    with warehouse.connect() as con:
        rows = replace_window_by_query(con, "mart.air_station_hour", start, end, station_hour_query(),
                                       context.log.info)
        window = {"start": start, "end": end}
        [(compared, agree)] = con.execute(
            "SELECT count(matches_published), count_if(matches_published) FROM mart.air_station_hour "
            "WHERE day >= $start AND day < $end", window).fetchall()
        # Sorted: the warehouse keeps no row order, and the check shows the first 50.
        differ_all = query_frame(con, "SELECT station_code, hour_end, so2, no2, co, o3, pm10, pm2_5, aqi, "
                                      "published_aqi, mismatch_reason FROM mart.air_station_hour "
                                      "WHERE day >= $start AND day < $end AND NOT matches_published "
                                      "ORDER BY station_code, hour_end", window)
    unexplained = differ_all.filter(pl.col("mismatch_reason").is_null()).height
    rate = 100.0 * agree / compared if compared else None
    check = dg.AssetCheckResult(
        check_name=AGREEMENT_CHECK,
        passed=unexplained == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "station_hours_compared": compared,
            "agree": agree,
            "agreement_percent": dg.MetadataValue.float(round(rate, 4) if rate is not None else float("nan")),
            "disagree_explained": differ_all.height - unexplained,
            "disagree_unexplained": unexplained,
            "disagreeing_rows": dg.MetadataValue.md(markdown_table(differ_all.head(50))
                                                    if differ_all.height else "none"),
        },
    )
    context.log.info(f"hourly AQI for {start} … {end}: {rows:,} station-hours, agreement with the published "
                     f"AQI {agree:,}/{compared:,}")
    return dg.MaterializeResult(metadata={"rows": rows}, check_results=[check])


@dg.asset(
    key=["mart", "air_station_day"],
    deps=[dg.AssetDep(staging_air_hourly, partition_mapping=_FILES_AROUND), dim_air_station],
    kinds={"duckdb", "polars"},
    description="Station daily report (HJ 633-2012 日报): 24-h means valid with ≥ 20 hours (GB 3095-2012 "
                "Table 4), O3 daily max 1-h and max 8-h moving mean (windows ending 01–24 h, ≥ 6 hours each; "
                "valid per HJ 663-2013 §5.1), IAQIs, AQI, category, primary pollutants, validity flags. Daily "
                "statistics in DuckDB, the O3 8-h moving means on a stations × hours array.",
    **_COMMON,
)
def air_station_day(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    start, end = window_dates(context)
    valid = 0

    def month(a, b) -> pl.DataFrame:
        nonlocal valid
        window = {"start": a, "end": b}
        o3 = o3_8h_daily(query_frame(con, sql("air_station_o3"), window), a, b)
        stats = query_frame(con, sql("air_station_day"), window).join(o3, on=["station_code", "day"], how="left")
        frame = station_day_values(stats.with_columns(pl.col("o3_8h_windows").fill_null(0)))
        valid += int(frame["is_valid"].sum()) if frame.height else 0
        return frame

    with warehouse.connect() as con:
        rows = replace_window_by_month(con, "mart.air_station_day", start, end, month, context.log.info)
    return dg.MaterializeResult(metadata={"rows": rows, "valid_station_days": valid})


@dg.asset(
    key=["mart", "air_city_day"],
    deps=[dg.AssetKey(["mart", "air_station_day"])],
    kinds={"duckdb", "polars"},
    # The nightly loads the two days before; two days without a materialisation means the feed has stopped.
    freshness_policy=dg.FreshnessPolicy.time_window(fail_window=dt.timedelta(days=2),
                                                    warn_window=dt.timedelta(hours=30)),
    description="City daily AQI (HJ 663-2013): the mean of the assessment stations' daily values (对照点 "
                "excluded, every reporting station kept, as the official figures do), rounded, then "
                "IAQI/AQI. A day is valid when every pollutant has enough GB 3095-valid stations "
                "(profile: air.city_min_station_share).",
    **_COMMON,
)
def air_city_day(context: dg.AssetExecutionContext, profile: CityProfile,
                 warehouse: Warehouse) -> dg.MaterializeResult:
    start, end = window_dates(context)
    share = profile.load().air_city_min_station_share
    with warehouse.connect() as con:
        stats = query_frame(con, sql("air_city_day"), {"start": start, "end": end})
        frame = city_day_values(stats, share)
        rows = replace_rows(con, "mart.air_city_day", frame, "day >= ? AND day < ?", [start, end])
    return dg.MaterializeResult(metadata={
        "rows": rows, "valid_city_days": int(frame["is_valid"].sum()) if rows else 0,
        "min_station_share": share})


@dg.asset_check(asset=dg.AssetKey(["mart", "air_city_day"]), name=reconcile.CHECK_NAME, blocking=False,
                description="Our city daily values against the city's published ones (profile key "
                            "air.published_city_daily): exact agreement per pollutant, AQI, category and good/not "
                            "good, on complete days and on days whose files lack hours, every disagreeing day listed "
                            "with its cause where known (assets/air/reconcile.py).")
def published_city_daily_agreement(profile: CityProfile, warehouse: Warehouse) -> dg.AssetCheckResult:
    published = profile.load().air_published_city_daily
    if published is None:
        return dg.AssetCheckResult(passed=True, metadata={
            "compared": "nothing: the profile sets no air.published_city_daily file"})
    frame = read_published_city_daily(published.file)
    with warehouse.connect() as con:
        [(first, last)] = con.execute("SELECT min(day), max(day) FROM mart.air_city_day WHERE area_code = ?",
                                      [published.area]).fetchall()
        if first is None:
            return dg.AssetCheckResult(passed=True, metadata={"compared": f"nothing: no city day of {published.area}"})
        return reconcile.published_city_day_check(con, published.area, frame, first,
                                                  last + dt.timedelta(days=1), published.file)


#: Concentrations of a period at reporting precision (HJ 663-2013 §5.4): means and HJ 663 Table 1 percentiles.
_PERIOD_CONCENTRATIONS = ["so2_mean", "no2_mean", "co_mean", "pm10_mean", "pm2_5_mean", "o3_8h_mean", "so2_p98",
                          "no2_p98", "pm10_p95", "pm2_5_p95", "co_p95", "o3_8h_p90"]
_POLLUTANT_DAYS = ["so2_days", "no2_days", "co_days", "pm10_days", "pm2_5_days", "o3_8h_days"]


def _round_means(frame: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    """HJ 663-2013 §5.4 reporting precision: µg/m³ to integers, CO (mg/m³) to 1 decimal (GB/T 8170)."""
    return frame.with_columns(
        round_half_even(pl.col(c), 1 if c.startswith("co") else 0).alias(c) for c in cols)


def city_periods(con, kind: str) -> pl.DataFrame:
    """City statistics of every period of one kind ('month', 'ytd' or 'year'): days, 优良天数比例, concentrations,
    composite index (环办〔2014〕64号), ranks among the profile's cities and the change on the previous year."""
    frame = query_frame(con, sql("air_city_period"), {"kind": kind})
    # CO: the exact mean of tenths rounded half-even (GB/T 8170-2008 §3.3), then to 1 decimal again
    # (x / 10 in Polars can leave 1.2000000000000002).
    frame = frame.with_columns(co_mean=round_half_even(pl.col("co_mean_x10")) / 10).drop("co_mean_x10")
    frame = _round_means(frame, _PERIOD_CONCENTRATIONS)
    frame = frame.with_columns(
        hj663.good_days_ratio(pl.col("good_days"), pl.col("valid_days")).alias("good_days_ratio"),
        ((pl.col("first_day") > pl.date(pl.col("year"), pl.col("month_from"), 1))
         | (pl.col("last_day") < pl.date(pl.col("year"), pl.col("month_to"), 1).dt.month_end())).alias("partial"))
    frame = ranking.composite(frame)
    period = ["year", "month_from", "month_to"]
    frame = frame.with_columns(
        ranking.shared_rank(pl.col("composite_index")).over(period).alias("composite_rank"),
        ranking.shared_rank(pl.col("good_days_ratio"), descending=True).over(period).alias("good_days_rank"),
        pl.col("composite_index").count().over(period).cast(pl.Int32).alias("ranked_cities"))
    before = frame.select("area_code", (pl.col("year") + 1).alias("year"), "month_from", "month_to",
                          pl.col("composite_index").alias("previous_year_composite_index"),
                          pl.col("good_days_ratio").alias("previous_year_good_days_ratio"))
    frame = frame.join(before, on=["area_code", *period], how="left")
    return frame.with_columns(
        round_half_even(100 * (pl.col("composite_index") - pl.col("previous_year_composite_index"))
                        / pl.col("previous_year_composite_index"), 1).alias("composite_index_change_pct"),
        (pl.col("good_days_ratio") - pl.col("previous_year_good_days_ratio")).round(1).alias("good_days_ratio_change"))


_PERIOD_DESCRIPTION = ("days with data, counted days (有效天: the AQI can be reported, a pollutant absent at every "
                       "station included), 优良天数 and 优良天数比例, days per category, the six concentrations the "
                       "ranking uses (means; CO P95; O3-8h P90), single indices, composite_index (环办〔2014〕64号) "
                       "and its primary pollutant, composite_rank and good_days_rank among the profile's cities "
                       "(ties share a rank), the change on the same period of the previous year, and whether the "
                       "data cover the whole period (partial).")


@dg.asset(
    key=["mart", "air_city_month"],
    deps=[dg.AssetKey(["mart", "air_city_day"])],
    group_name="air",
    owners=[owners.AIR],
    kinds={"duckdb", "polars"},
    description="City air by month: " + _PERIOD_DESCRIPTION + " complete_for_annual: every pollutant has the "
                "daily values GB 3095-2012 Table 4 asks of a month for the annual statistics.",
)
def air_city_month(profile: CityProfile, warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        frame = city_periods(con, "month").rename({"month_to": "month"})
        frame = frame.with_columns(
            (pl.min_horizontal(_POLLUTANT_DAYS) >= gb3095.month_min_days(pl.col("month")))
            .alias("complete_for_annual"))
        rows = replace_rows(con, "mart.air_city_month", frame, "true", [])
    return dg.MaterializeResult(metadata={"dagster/row_count": rows, **month_views(profile.load(), frame)})


def month_views(prof, frame: pl.DataFrame) -> dict:
    """What a person looks at on the asset page: the assessed city's 优良天数比例 by month against its target, as
    bars, its latest month's ratio and index, and the cities' ranks in that month."""
    assessed = [a for a in prof.areas if a.level == "city" and not a.peer]
    if frame.is_empty() or not assessed:
        return {}
    names = {a.code: a.name for a in prof.areas}
    target = next((i.target for i in prof.indicators if i.id == "good_air_days_ratio"), None)
    city = frame.filter(pl.col("area_code") == assessed[0].code).sort("year", "month")
    if city.is_empty():  # the assessed city has no air data (yet)
        return {}
    lines = [f"{assessed[0].name}: 优良天数比例 by month (█ = 5 %; | = the target, {target:g} %)"
             if target is not None else f"{assessed[0].name}: 优良天数比例 by month (█ = 5 %)", "```"]
    for r in city.iter_rows(named=True):
        ratio = r["good_days_ratio"] or 0.0
        bar = "█" * round(ratio / 5)
        if target is not None:
            mark = round(target / 5)
            bar = (bar + " " * max(0, mark - len(bar)))[:mark] + "|" + bar[mark:]
        lines.append(f"{r['year']}-{r['month']:02d} {bar} {ratio:5.1f} %  index {r['composite_index']}")
    lines.append("```")
    latest = frame.filter((pl.col("year") == city["year"][-1]) & (pl.col("month") == city["month"][-1]))
    ranks = latest.sort("composite_rank", nulls_last=True).select(
        pl.col("area_code").replace_strict(names, default=pl.col("area_code")).alias("city"),
        "composite_index", "composite_rank", "good_days_ratio", "good_days_rank", "primary_pollutant")
    last = city.row(-1, named=True)
    return {
        "assessed_city": assessed[0].name,
        "latest_month": f"{last['year']}-{last['month']:02d}",
        "latest_good_days_ratio": dg.MetadataValue.float(float(last["good_days_ratio"] or float("nan"))),
        "latest_composite_index": dg.MetadataValue.float(float(last["composite_index"] or float("nan"))),
        "latest_composite_rank": int(last["composite_rank"] or 0),
        "good_days_by_month": dg.MetadataValue.md("\n".join(lines)),
        "ranks_latest_month": dg.MetadataValue.md(markdown_table(ranks)),
    }


@dg.asset(
    key=["mart", "air_city_ytd"],
    deps=[dg.AssetKey(["mart", "air_city_day"]), dg.AssetKey(["mart", "air_city_month"])],
    group_name="air",
    owners=[owners.AIR],
    kinds={"duckdb", "polars"},
    description="City air for the year to date (1–N月, January to month N, as the provincial releases rank it): "
                + _PERIOD_DESCRIPTION,
)
def air_city_ytd(warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        frame = city_periods(con, "ytd").rename({"month_to": "month"})
        # January to N is complete for the annual statistics when each of its months is (GB 3095-2012 Table 4).
        months = query_frame(con, "SELECT area_code, year, month, bool_and(complete_for_annual) OVER (PARTITION BY "
                                  "area_code, year ORDER BY month) AND count(*) OVER (PARTITION BY area_code, year "
                                  "ORDER BY month) = month AS complete_for_annual FROM mart.air_city_month")
        frame = frame.join(months, on=["area_code", "year", "month"], how="left").with_columns(
            pl.col("complete_for_annual").fill_null(False))
        rows = replace_rows(con, "mart.air_city_ytd", frame, "true", [])
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})


@dg.asset(
    key=["mart", "air_city_year"],
    deps=[dg.AssetKey(["mart", "air_city_day"]), dg.AssetKey(["mart", "air_city_month"])],
    group_name="air",
    owners=[owners.AIR],
    kinds={"duckdb", "polars"},
    description="City air by year: " + _PERIOD_DESCRIPTION + " The annual assessment (HJ 663-2013): annual means, "
                "P98/P95/P90, GB 3095-2012 Table 4 validity (≥ 324 daily values per pollutant, every month "
                "complete) and whether all six items meet the grade II limits. assessable: the year's 优良天数比例 "
                "is judged (whole year covered, ≥ 324 counted days).",
)
def air_city_year(warehouse: Warehouse) -> dg.MaterializeResult:
    limits = gb3095.GRADE_II_LIMITS
    with warehouse.connect() as con:
        frame = city_periods(con, "year")
        months = query_frame(con, "SELECT area_code, year, count(*) FILTER (WHERE complete_for_annual) AS n "
                                  "FROM mart.air_city_month GROUP BY ALL")
        frame = frame.join(months, on=["area_code", "year"], how="left").with_columns(
            pl.col("n").fill_null(0).cast(pl.Int32).alias("complete_months")).drop("n")
        frame = frame.with_columns(
            pl.col("so2_mean").alias("so2_annual"), pl.col("no2_mean").alias("no2_annual"),
            pl.col("pm10_mean").alias("pm10_annual"), pl.col("pm2_5_mean").alias("pm2_5_annual"),
            (pl.col("days_with_data") - pl.col("valid_days")).alias("invalid_days"))
        stats_valid = ((pl.min_horizontal(_POLLUTANT_DAYS) >= gb3095.MIN_DAYS_YEAR)
                       & (pl.col("complete_months") == 12))
        meets = pl.all_horizontal(
            pl.col("so2_annual") <= limits["SO2_annual"], pl.col("so2_p98") <= limits["SO2_24h"],
            pl.col("no2_annual") <= limits["NO2_annual"], pl.col("no2_p98") <= limits["NO2_24h"],
            pl.col("pm10_annual") <= limits["PM10_annual"], pl.col("pm10_p95") <= limits["PM10_24h"],
            pl.col("pm2_5_annual") <= limits["PM2.5_annual"], pl.col("pm2_5_p95") <= limits["PM2.5_24h"],
            pl.col("co_p95") <= limits["CO_24h"], pl.col("o3_8h_p90") <= limits["O3_8h"])
        frame = frame.with_columns(
            stats_valid.alias("annual_stats_valid"),
            pl.when(stats_valid).then(meets).alias("meets_grade_ii"),
            # The year's 优良天数比例 is judged on a whole year; GB 3095-2012 Table 4's 324 daily values, the only
            # count the standards set for a year, is the floor of counted days.
            (~pl.col("partial") & (pl.col("valid_days") >= gb3095.MIN_DAYS_YEAR)).alias("assessable"))
        rows = replace_rows(con, "mart.air_city_year", frame, "true", [])
    return dg.MaterializeResult(metadata={"dagster/row_count": rows})
