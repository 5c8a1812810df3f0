"""Water marts: sample classes (with the platform reconciliation), section-month and section-year
classes, and per-area shares and ratings (GB 3838-2002, 评价办法 2011)."""


import dagster as dg
import polars as pl

from assets import owners
from assets.air.marts import markdown_table
from assets.water.indicators import area_rows, classify_auto, classify_manual, period_classes
from assets.water.staging import staging_water_auto, staging_water_manual
from pipelines.partitions import daily, monthly
from pipelines.resources import CityProfile
from sources.water import AUTO_ITEMS, MANUAL_ITEMS
from standards import gb3838
from warehouse.resource import Warehouse, query_frame, replace_rows, sql

AUTO_SAMPLE = dg.AssetKey(["mart", "water_auto_sample"])
RECONCILE_CHECK = "published_water_class_agreement"

_AUTO_COLUMNS = ["section_code", "water_type", *[c.id for c in AUTO_ITEMS], "below_dl_items", "day"]
_MANUAL_COLUMNS = ["section_code", "water_type", *[c.id for c in MANUAL_ITEMS], "below_dl_items", "sampled_on"]


@dg.asset(
    key=["mart", "dim_water_section"],
    group_name="water",
    kinds={"duckdb", "yaml"},
    owners=[owners.WATER],
    description="The city's surface-water sections (断面) from the profile: code, name, river, river or "
                "lake/reservoir, county, target class (水质目标), assessment section (考核断面) or not.",
)
def dim_water_section(profile: CityProfile, warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    frame = pl.DataFrame(
        [{"section_code": s.code, "section_name": s.name, "river": s.river, "water_type": s.water_type,
          "area_code": s.area, "county_code": s.county, "target_class": s.target_class,
          "target_class_label": gb3838.CLASS_LABELS.get(s.target_class), "assessment": s.assessment}
         for s in prof.water_sections],
        schema={"section_code": pl.String, "section_name": pl.String, "river": pl.String, "water_type": pl.String,
                "area_code": pl.String, "county_code": pl.String, "target_class": pl.Int16,
                "target_class_label": pl.String, "assessment": pl.Boolean})
    with warehouse.connect() as con:
        replace_rows(con, "mart.dim_water_section", frame, "true")
    return dg.MaterializeResult(metadata={"sections": frame.height,
                                          "assessment_sections": int(frame["assessment"].sum()) if frame.height
                                          else 0})


@dg.asset(
    key=AUTO_SAMPLE,
    deps=[staging_water_auto],
    group_name="water",
    kinds={"duckdb", "polars"},
    owners=[owners.WATER],
    partitions_def=daily,
    backfill_policy=dg.BackfillPolicy.single_run(),
    check_specs=[dg.AssetCheckSpec(
        RECONCILE_CHECK, asset=AUTO_SAMPLE, blocking=False,
        description="The class of each reading's displayed values (as the platform computes it) against the "
                    "水质类别 it published for the same row: agreement rate and every disagreeing row, and every "
                    "row whose class of record (raw values) differs, with why (non-blocking).")],
    description="Class of each automatic-station reading by single-factor evaluation over the five items a "
                "station measures (pH, DO, CODMn, NH3-N, TP; GB 3838-2002 Table 1, lake TP limits for lakes and "
                "reservoirs, lake TN classed separately): not comparable with a 21-item manual class. Items "
                "that set the class, rating, the section's target and exceeding items with 超标倍数, and the "
                "platform's published class beside ours. Every section of the export (the others for the "
                "reconciliation). Partition = the file day.",
)
def water_auto_sample(context: dg.AssetExecutionContext, profile: CityProfile,
                      warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    window = context.partition_time_window
    start, end = window.start.date(), window.end.date()
    with warehouse.connect() as con:
        staged = query_frame(con, "SELECT * FROM staging.water_auto WHERE file_date >= ? AND file_date < ?",
                             [start, end])
        frame = classify_auto(staged, prof)
        rows = replace_rows(con, "mart.water_auto_sample", frame, "day >= ? AND day < ?", [start, end])
    compared = frame.filter(pl.col("matches_published").is_not_null())
    agree = int(compared["matches_published"].sum()) if compared.height else 0
    differ = compared.filter(~pl.col("matches_published")).sort("day", "section_name", "monitored_at")
    not_compared = frame.height - compared.height
    rate = 100.0 * agree / compared.height if compared.height else None
    table = differ.select("section_name", "monitored_at", "water_type", "water_class_label",
                          "displayed_class_label", "published_class", "item_classes", "mismatch_reason",
                          "source_file", "source_row")
    explained = frame.filter(pl.col("mismatch_reason").is_not_null() & pl.col("matches_published").fill_null(True))
    explained_table = explained.sort("day", "section_name", "monitored_at").select(
        "section_name", "monitored_at", "water_class_label", "displayed_class_label", "published_class",
        "mismatch_reason")
    check = dg.AssetCheckResult(
        check_name=RECONCILE_CHECK,
        passed=differ.height == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "readings_compared": compared.height,
            "agree": agree,
            "disagree": differ.height,
            "agreement_percent": dg.MetadataValue.float(round(rate, 4) if rate is not None else float("nan")),
            "not_compared": dg.MetadataValue.int(not_compared),
            "disagreeing_rows": dg.MetadataValue.md(markdown_table(table) if differ.height else "none"),
            "record_class_differs": explained.height,
            "record_class_differs_rows": dg.MetadataValue.md(markdown_table(explained_table) if explained.height
                                                             else "none"),
        },
    )
    context.log.info(f"water classes {start} … {end}: {rows} readings; agreement with the published 水质类别 "
                     f"{agree}/{compared.height}")
    return dg.MaterializeResult(metadata={"rows": rows, "city_readings": int(frame["in_city"].sum()) if rows else 0},
                                check_results=[check])


@dg.asset(
    key=["mart", "water_manual_sample"],
    deps=[staging_water_manual],
    group_name="water",
    kinds={"duckdb", "polars"},
    owners=[owners.WATER],
    partitions_def=monthly,
    backfill_policy=dg.BackfillPolicy.single_run(),
    description="Class of each manual sample by single-factor evaluation over the 21 items of the 评价办法 "
                "(GB 3838-2002 Table 1; water temperature, total nitrogen and fecal coliform not in the class; "
                "lake TP limits and a separate TN class for lakes), the items that set it, rating, the "
                "section's target, exceeding items with 超标倍数, items whose detection limit bounds the "
                "class. Partition = the month of the file.",
)
def water_manual_sample(context: dg.AssetExecutionContext, profile: CityProfile,
                        warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    window = context.partition_time_window
    start, end = window.start.date(), window.end.date()
    with warehouse.connect() as con:
        staged = query_frame(con, "SELECT * FROM staging.water_manual WHERE month >= ? AND month < ?", [start, end])
        frame = classify_manual(staged, prof)
        rows = replace_rows(con, "mart.water_manual_sample", frame, "month >= ? AND month < ?", [start, end])
    counts = frame.group_by("water_class_label").len().sort("water_class_label")
    return dg.MaterializeResult(metadata={
        "rows": rows, "missing_target": int((~frame["meets_target"].fill_null(True)).sum()) if rows else 0,
        **{f"class_{k}": n for k, n in counts.iter_rows() if k is not None}})


def _city_samples(con, profile) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The staged samples of the city's sections, both bases, with year and month."""
    manual = query_frame(con, sql("water_manual_city_samples"))
    auto = query_frame(con, sql("water_auto_city_samples"))
    return manual, auto


@dg.asset(
    key=["mart", "water_section_month"],
    deps=[staging_water_auto, staging_water_manual, dg.AssetKey(["mart", "dim_water_section"])],
    group_name="water",
    kinds={"duckdb", "polars"},
    owners=[owners.WATER],
    description="Section-month class (评价办法: the arithmetic mean of each item over the month's valid "
                "samples, below-DL results as DL/2 by default, then single-factor classification), for the "
                "city's sections: basis manual (21 items, the assessment basis) and auto (5 items).",
)
def water_section_month(profile: CityProfile, warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    with warehouse.connect() as con:
        manual, auto = _city_samples(con, prof)
        frame = pl.concat([period_classes(manual, prof, "manual", ["year", "month"]),
                           period_classes(auto, prof, "auto", ["year", "month"])])
        rows = replace_rows(con, "mart.water_section_month", frame, "true")
    return dg.MaterializeResult(metadata={"rows": rows})


@dg.asset(
    key=["mart", "water_section_year"],
    deps=[staging_water_auto, staging_water_manual, dg.AssetKey(["mart", "dim_water_section"])],
    group_name="water",
    kinds={"duckdb", "polars"},
    owners=[owners.WATER],
    description="Section-year class (评价办法: the annual arithmetic mean of each item, then single-factor "
                "classification), months with data, and whether the year is assessable (at least "
                "water.year_min_months months with data).",
)
def water_section_year(profile: CityProfile, warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    with warehouse.connect() as con:
        manual, auto = _city_samples(con, prof)
        frames = []
        for basis, samples in (("manual", manual), ("auto", auto)):
            classes = period_classes(samples, prof, basis, ["year"])
            months = (samples.group_by("section_code", "year").agg(pl.col("month").n_unique()
                                                                   .cast(pl.Int32).alias("months_with_data")))
            frames.append(classes.join(months, on=["section_code", "year"], how="left").with_columns(
                (pl.col("months_with_data") >= prof.water_year_min_months).alias("assessable")))
        frame = pl.concat(frames)
        rows = replace_rows(con, "mart.water_section_year", frame, "true")
    return dg.MaterializeResult(metadata={"rows": rows, "year_min_months": prof.water_year_min_months})


@dg.asset(
    key=["mart", "water_area_period"],
    deps=[dg.AssetKey(["mart", "water_section_month"]), dg.AssetKey(["mart", "water_section_year"])],
    group_name="water",
    kinds={"duckdb", "polars"},
    owners=[owners.WATER],
    description="Per area (city, county) and period (month, year): assessment sections, share at class Ⅰ–Ⅲ "
                "(water_class_iii_or_better_ratio, plan target ≥ 95 %), share 劣Ⅴ, share meeting their own "
                "target, qualitative rating (评价办法: by shares with ≥ 5 sections, else the mean "
                "concentrations rated as one section), and whether the period is assessable.",
)
def water_area_period(profile: CityProfile, warehouse: Warehouse) -> dg.MaterializeResult:
    prof = profile.load()
    with warehouse.connect() as con:
        months = query_frame(con, "SELECT * FROM mart.water_section_month")
        years = query_frame(con, "SELECT * FROM mart.water_section_year")
        frame = pl.concat([area_rows(months, prof, "month"), area_rows(years, prof, "year", years)])
        rows = replace_rows(con, "mart.water_area_period", frame, "true")
    return dg.MaterializeResult(metadata={"rows": rows})
