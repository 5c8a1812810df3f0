"""Air marts: station-hour, station-day and city-day AQI (daily partitions), city month and year."""



import dagster as dg
import polars as pl

from assets import owners
from assets.air.indicators import city_day_values, hourly_aqi, station_day_values
from assets.air.staging import staging_air_hourly
from assets.reference import dim_air_station
from assets.steps import markdown_table, replace_window_by_month, window_dates
from pipelines.partitions import daily
from pipelines.resources import CityProfile
from standards import gb3095, hj663
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


def _mismatch_reason() -> pl.Expr:
    """Why our hourly AQI may differ from the published one, where the cause is known."""
    return (
        pl.when(pl.col("published_aqi").is_null() | (pl.col("aqi") == pl.col("published_aqi"))).then(None)
        .when(pl.col("so2") > 800).then(pl.lit(
            "SO2 1-h > 800: HJ 633 Table 1 note (a) takes the SO2 sub-index from the 24-h row; "
            "the platform does not"))
        .when(pl.any_horizontal(pl.col(c).is_null() for c in ("so2", "no2", "co", "o3", "pm10", "pm2_5")))
        .then(pl.lit("pollutant value(s) missing in the file for this hour"))
        .otherwise(None)
    )


@dg.asset(
    key=STATION_HOUR,
    deps=[dg.AssetDep(staging_air_hourly, partition_mapping=_NEXT_FILE), dim_air_station],
    kinds={"duckdb", "polars"},
    check_specs=[dg.AssetCheckSpec(
        AGREEMENT_CHECK, asset=STATION_HOUR, blocking=False,
        description="Our hourly AQI against the AQI the national platform published for the same "
                    "station-hour: agreement rate and every disagreeing row.")],
    description="Real-time station-hour AQI (HJ 633-2012 实时报): IAQI per pollutant from current-hour "
                "values, AQI, level, category, primary and exceedance pollutants, reconciled with the "
                "platform's published AQI. Partition = natural day; a range is built a month at a time, each month "
                "one transaction.",
    **_COMMON,
)
def air_station_hour(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    start, end = window_dates(context)
    compared, agree = 0, 0
    differ: list[pl.DataFrame] = []

    def month(a, b) -> pl.DataFrame:
        nonlocal compared, agree
        frame = hourly_aqi(query_frame(con, sql("air_station_hour"), {"start": a, "end": b})).with_columns(
            (pl.col("aqi") == pl.col("published_aqi")).alias("matches_published"))
        frame = frame.with_columns(_mismatch_reason().alias("mismatch_reason"))
        compared += frame["matches_published"].count()
        agree += int(frame["matches_published"].sum())
        differ.append(frame.filter(~pl.col("matches_published")).select(
            "station_code", "hour_end", "so2", "no2", "co", "o3", "pm10", "pm2_5", "aqi", "published_aqi",
            "mismatch_reason"))
        return frame

    with warehouse.connect() as con:
        # Half months: a station-hour row has 28 columns and its IAQI columns are computed in memory.
        rows = replace_window_by_month(con, "mart.air_station_hour", start, end, month, context.log.info, days=16)
    # Sorted: the warehouse keeps no row order, and the check shows the first 50.
    differ_all = pl.concat(differ).sort("station_code", "hour_end") if differ else pl.DataFrame()
    unexplained = differ_all.filter(pl.col("mismatch_reason").is_null()).height if differ_all.height else 0
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
                "valid per HJ 663-2013 §5.1), IAQIs, AQI, category, primary pollutants, validity flags.",
    **_COMMON,
)
def air_station_day(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    start, end = window_dates(context)
    valid = 0

    def month(a, b) -> pl.DataFrame:
        nonlocal valid
        frame = station_day_values(query_frame(con, sql("air_station_day"), {"start": a, "end": b}))
        valid += int(frame["is_valid"].sum()) if frame.height else 0
        return frame

    with warehouse.connect() as con:
        rows = replace_window_by_month(con, "mart.air_station_day", start, end, month, context.log.info)
    return dg.MaterializeResult(metadata={"rows": rows, "valid_station_days": valid})


@dg.asset(
    key=["mart", "air_city_day"],
    deps=[dg.AssetKey(["mart", "air_station_day"])],
    kinds={"duckdb", "polars"},
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


def _category_and_ratio(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(hj663.good_days_ratio(pl.col("good_days"), pl.col("valid_days"))
                              .alias("good_days_ratio"))


def _round_means(frame: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    """HJ 663-2013 §5.4 reporting precision: µg/m³ to integers, CO (mg/m³) to 1 decimal."""
    return frame.with_columns(
        round_half_even(pl.col(c), 1 if c.startswith("co") else 0).alias(c) for c in cols)


@dg.asset(
    key=["mart", "air_city_month"],
    deps=[dg.AssetKey(["mart", "air_city_day"])],
    group_name="air",
    owners=[owners.AIR],
    kinds={"duckdb", "polars"},
    description="City monthly summary: valid days, 优良天数 and 优良天数比例, days per category, monthly means, "
                "and whether the month is complete for the annual statistics (GB 3095-2012 Table 4).",
)
def air_city_month(warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        frame = _category_and_ratio(query_frame(con, sql("air_city_month")))
        # CO: the exact mean of tenths rounded half-even (GB/T 8170-2008 §3.3), then to 1 decimal again
        # (x / 10 in Polars can leave 1.2000000000000002).
        frame = _round_means(frame.with_columns(co_mean=round_half_even(pl.col("co_mean_x10")) / 10),
                             ["so2_mean", "no2_mean", "co_mean", "pm10_mean", "pm2_5_mean", "o3_8h_mean"])
        frame = frame.with_columns(
            (pl.col("valid_days") >= gb3095.month_min_days(pl.col("month"))).alias("complete_for_annual"))
        rows = replace_rows(con, "mart.air_city_month", frame, "true", [])
    return dg.MaterializeResult(metadata={"rows": rows})


@dg.asset(
    key=["mart", "air_city_year"],
    deps=[dg.AssetKey(["mart", "air_city_month"])],
    group_name="air",
    owners=[owners.AIR],
    kinds={"duckdb", "polars"},
    description="City annual assessment (HJ 663-2013): valid and good days, 优良天数比例, annual means, "
                "P98/P95/P90 percentiles, completeness (≥ 324 valid days, every month complete) and whether "
                "all six items meet the GB 3095-2012 grade II limits.",
)
def air_city_year(warehouse: Warehouse) -> dg.MaterializeResult:
    limits = gb3095.GRADE_II_LIMITS
    with warehouse.connect() as con:
        frame = _category_and_ratio(query_frame(con, sql("air_city_year")))
        months = query_frame(con, "SELECT area_code, year, count(*) FILTER (WHERE complete_for_annual) AS n "
                                  "FROM mart.air_city_month GROUP BY ALL")
        frame = frame.join(months, on=["area_code", "year"], how="left").with_columns(
            pl.col("n").fill_null(0).alias("complete_months")).drop("n")
        frame = _round_means(frame, ["so2_annual", "no2_annual", "pm10_annual", "pm2_5_annual", "so2_p98",
                                     "no2_p98", "pm10_p95", "pm2_5_p95", "co_p95", "o3_8h_p90"])
        assessable = (pl.col("valid_days") >= gb3095.MIN_DAYS_YEAR) & (pl.col("complete_months") == 12)
        meets = pl.all_horizontal(
            pl.col("so2_annual") <= limits["SO2_annual"], pl.col("so2_p98") <= limits["SO2_24h"],
            pl.col("no2_annual") <= limits["NO2_annual"], pl.col("no2_p98") <= limits["NO2_24h"],
            pl.col("pm10_annual") <= limits["PM10_annual"], pl.col("pm10_p95") <= limits["PM10_24h"],
            pl.col("pm2_5_annual") <= limits["PM2.5_annual"], pl.col("pm2_5_p95") <= limits["PM2.5_24h"],
            pl.col("co_p95") <= limits["CO_24h"], pl.col("o3_8h_p90") <= limits["O3_8h"])
        frame = frame.with_columns(assessable.alias("assessable"),
                                   pl.when(assessable).then(meets).alias("meets_grade_ii"))
        rows = replace_rows(con, "mart.air_city_year", frame, "true", [])
    return dg.MaterializeResult(metadata={"rows": rows})
