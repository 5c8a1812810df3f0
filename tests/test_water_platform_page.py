"""The platform's real-time page as a feed, on the real November 2025 saves (feeds/water_auto/SOURCE.md):
衡阳's 10 stations, revisions (raw keeps every save, staging the latest), the published class reconciled on the
displayed values; the 2026-02 layout; a page served over HTTP; hostile values; a real year of 八角."""

import dataclasses
import datetime as dt
import gzip
from decimal import Decimal

import polars as pl
import pytest

from assets.water.indicators import period_classes
from sources.errors import FeedFormatError
from sources.profile import Feed, WaterSection, load_profile
from sources.water import local_auto_days, local_manual_months, parse_auto_file, read_auto_files, refused_names
from standards import gb3838
from tests.conftest import PROFILE, ROOT, materialize_range, query
from tests.test_water_pipeline import AUTO_DIR, AUTO_SELECTION, checks, water_profile

DATA = ROOT / "tests" / "data"
NOV6 = AUTO_DIR / "water_auto_20251106T235129.html.gz"


@pytest.fixture(scope="module")
def november(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nov")
    profile = water_profile(tmp / "p.yaml", targets=False)
    warehouse = tmp / "w.duckdb"
    first = materialize_range(profile, warehouse, "2025-11-06", "2025-11-08", selection=AUTO_SELECTION)
    second = materialize_range(profile, warehouse, "2025-11-18", "2025-11-18", selection=AUTO_SELECTION)
    return warehouse, first, second


def test_raw_keeps_every_save_and_staging_one_row_per_reading(november):
    warehouse, first, second = november
    assert first.success and second.success
    # 13 saves: 4 with 71 Hunan rows (11-06 … 11-08), 9 with 70 (11-18): 4 × 71 + 9 × 70 = 914 raw rows.
    assert query(warehouse, "SELECT count(*), count(DISTINCT source_file) FROM raw.water_auto")[0] == (914, 13)
    # 363 distinct (section, 监测时间); 13 of them are 维护 in their latest save: 350 staged readings.
    assert query(warehouse, "SELECT count(*) FROM (SELECT DISTINCT section_name, monitored_at FROM raw.water_auto "
                            "WHERE monitored_at <> '')")[0][0] == 363
    assert query(warehouse, "SELECT count(*) FROM staging.water_auto")[0][0] == 350
    # 衡阳's 10 stations, as the platform tags them (所在地市, 所属河流).
    city = query(warehouse, "SELECT DISTINCT section_name, river FROM staging.water_auto WHERE in_city ORDER BY ALL")
    assert [n for n, _ in city] == sorted(["归阳镇", "熬洲", "城北水厂", "大河滩", "耒水入湘江口", "舂陵水入湘江口",
                                           "联江村", "蒸水入湘江口", "草市镇", "洣水入湘江口"])
    assert query(warehouse, "SELECT DISTINCT city FROM staging.water_auto WHERE in_city") == [("衡阳市",)]


def test_a_revised_reading_keeps_its_latest_version(november):
    warehouse, _, second = november
    meta = second.asset_materializations_for_node("staging__water_auto")[0].metadata
    assert meta["readings_revised"].value == 48        # + 1 whose latest save says 维护: 49 revised in raw
    versions = query(warehouse, "SELECT source_file, codmn, codmn_original FROM raw.water_auto WHERE section_name = "
                                "'五强溪' AND monitored_at = '11-18 16:00' ORDER BY saved_at")
    assert len(versions) == 9
    assert versions[0][1:] == ("1.3", "1.277") and versions[-1][1:] == ("1.0", "1.023")
    staged = query(warehouse, "SELECT codmn, codmn_displayed, versions, saved_at, revisions FROM staging.water_auto "
                              "WHERE section_name = '五强溪' AND monitored_at = TIMESTAMPTZ '2025-11-18 16:00+08'")
    codmn, shown, n, saved, revisions = staged[0]
    assert (codmn, shown, n, saved) == (1.023, 1.0, 9, dt.datetime(2025, 11, 18, 19, 32, 33))
    assert revisions.startswith("water_auto_20251118T174116.html.gz: 高锰酸盐指数 1.3→1.0, "
                                "高锰酸盐指数 原始值 1.277→1.023")


def test_published_class_reconciled_on_displayed_values(november):
    warehouse, first, second = november
    compared = [checks(r)["published_water_class_agreement"].metadata for r in (first, second)]
    assert sum(m["readings_compared"].value for m in compared) == 350
    assert sum(m["agree"].value for m in compared) == 350
    rows = query(warehouse, "SELECT section_name, strftime(monitored_at AT TIME ZONE 'Asia/Shanghai', '%m-%d %H:%M'), "
                            "water_class_label, displayed_class_label, published_class, mismatch_reason "
                            "FROM mart.water_auto_sample WHERE water_class_label <> displayed_class_label ORDER BY ALL")
    # DO is "≥": raw 4.9517 < 5 (class Ⅲ limit) → Ⅳ; displayed 5.0 ≥ 5 → Ⅲ, as published.
    # pH 6–9: raw 9.05 and 9.07 > 9 → 劣Ⅴ; displayed 9 → Ⅰ, and the lake TP 0.066 / 0.063 (0.05 < TP ≤ 0.1) → Ⅳ.
    assert [r[:5] for r in rows] == [("大通湖", "11-08 12:00", "劣Ⅴ", "Ⅳ", "Ⅳ"),
                                     ("大通湖", "11-08 16:00", "劣Ⅴ", "Ⅳ", "Ⅳ"),
                                     ("蒸水入湘江口", "11-06 20:00", "Ⅳ", "Ⅲ", "Ⅲ")]
    assert "溶解氧 4.9517 (displayed 5.0): Ⅳ → Ⅲ" in rows[2][5]
    assert gb3838.item_class("dissolved_oxygen", "4.9517") == 4 and gb3838.item_class("dissolved_oxygen", "5.0") == 3
    assert gb3838.item_class("tp", "0.066", gb3838.LAKE) == 4 and gb3838.item_class("tp", "0.066") == 2


def test_profile_lists_the_city_stations_without_guessing(november):
    warehouse, _, _ = november
    rows = query(warehouse, "SELECT count(*), count(county_code), count(target_class) FROM mart.dim_water_section")
    assert rows == [(10, 0, 0)]


def test_the_2026_layout_parses_by_its_header():
    content = (DATA / "water_auto_20260206T102810.html.gz").read_bytes()
    raw = parse_auto_file(content, "water_auto_20260206T102810.html.gz", dt.date(2026, 2, 6))
    assert raw.height == 31 and raw["station_status"].null_count() == 31          # no 站点情况 column
    row = raw.row(0, named=True)
    assert (row["section_name"], row["monitored_at"], row["ph"], row["ph_original"], row["city"]) == \
        ("罗庄", "02-06 10:00", "8.03", "8.027542", None)
    assert sorted(set(raw["monitored_at"])) == ["02-06 04:00", "02-06 07:00", "02-06 09:00", "02-06 10:00"]


def test_a_page_served_over_http(httpserver):
    page = gzip.decompress(NOV6.read_bytes())
    httpserver.expect_request("/water_auto_20251106.html").respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/water_auto_20251106.csv").respond_with_data("", status=404)
    httpserver.expect_request("/water_auto_20251106.xlsx").respond_with_data("", status=404)
    [(content, source)] = read_auto_files(Feed(url=httpserver.url_for("/")), dt.date(2025, 11, 6))
    raw = parse_auto_file(content, source, dt.date(2025, 11, 6))
    assert source.endswith("/water_auto_20251106.html") and raw.height == 71 and raw["saved_at"].null_count() == 71


@pytest.mark.parametrize(("old", "new", "message"), [
    ("原始值：4.9517\">5.0", "原始值：4.9517\">1e999", r"row 21, column 溶解氧\(mg/L\): not a finite number: '1e999'"),
    ("原始值：4.9517\">5.0", "原始值：1e999\">5.0", r"row 21, column 溶解氧\(mg/L\) 原始值: not a finite number"),
    ("原始值：4.9517\">5.0", "原始值：4.9517\">５.0", r"row 21, column 溶解氧\(mg/L\): not a number in ASCII digits"),
])
def test_hostile_values_name_file_row_and_column(old, new, message):
    page = gzip.decompress(NOV6.read_bytes()).decode()
    assert page.count(old) == 1
    with pytest.raises(FeedFormatError, match="water_auto_20251106T235129.html: " + message):
        parse_auto_file(page.replace(old, new).encode(), "water_auto_20251106T235129.html", dt.date(2025, 11, 6))


def test_impossible_dates_in_names_are_refused_and_the_rest_loads(tmp_path):
    for name in ("water_sections_202613.csv", "water_sections_202601.csv", "water_auto_20250230.csv",
                 "water_auto_20251106T256199.html", "water_auto_20251106T235129.html.gz"):
        (tmp_path / name).write_bytes(b"x")
    assert refused_names(tmp_path) == [
        ("water_auto_20250230.csv", "water_auto_20250230.csv: the name's date does not exist"),
        ("water_auto_20251106T256199.html", "water_auto_20251106T256199.html: the name's date does not exist"),
        ("water_sections_202613.csv", "water_sections_202613.csv: the name's date (month) does not exist")]
    assert local_auto_days(tmp_path) == [dt.date(2025, 11, 6)]
    assert local_manual_months(tmp_path) == [dt.date(2026, 1, 1)]


def test_a_real_year_of_bajiao():
    """八角 (四川 德阳, 绵远河), 2024: 2,196 4-hourly readings, 2,089 with 站点情况 正常 (all five items present),
    through the section-month and section-year classes (评价办法: class of each item's arithmetic mean)."""
    data = pl.read_csv(DATA / "water_bajiao_2024.csv.gz", infer_schema_length=0).rename({"": "t"})
    assert data.height == 2196
    normal = data.filter(pl.col("站点情况") == "正常")
    items = {"pH": "ph", "溶解氧": "dissolved_oxygen", "高锰酸盐指数": "codmn", "氨氮": "nh3_n", "总磷": "tp"}
    samples = normal.select(pl.lit("BJ01").alias("section_code"),
                            *[pl.col(k).cast(pl.Float64).alias(v) for k, v in items.items()],
                            pl.lit([], pl.List(pl.String)).alias("below_dl_items"),
                            pl.col("t").str.slice(0, 4).cast(pl.Int32).alias("year"),
                            pl.col("t").str.slice(5, 2).cast(pl.Int32).alias("month"))
    assert samples.height == 2089 and samples.null_count().sum_horizontal()[0] == 0
    # Its own profile: one river section; no source gives its target, so 超标倍数 are against class Ⅲ (评价办法).
    profile = dataclasses.replace(load_profile(PROFILE), water_sections=(
        WaterSection("BJ01", "八角", gb3838.RIVER, "510600", None, 3, True, "绵远河"),))
    year = period_classes(samples, profile, "auto", ["year"]).row(0, named=True)
    tp = [Decimal(v) for v in normal["总磷"]]
    mean_tp = sum(tp) / len(tp)                                   # 262.0937… / 2089 = 0.12546…
    assert round(mean_tp, 5) == Decimal("0.12546") and year["samples"] == 2089
    # 0.1 < 0.12546 ≤ 0.2 (river TP, Table 1 item 8) → Ⅲ; pH, DO, CODMn, NH3-N means are class Ⅰ.
    assert (year["water_class_label"], year["setting_items"], year["exceeding_items"]) == ("Ⅲ", "总磷", None)
    assert year["item_classes"] == "pH Ⅰ; 溶解氧 Ⅰ; 高锰酸盐指数 Ⅰ; 氨氮 Ⅰ; 总磷 Ⅲ"
    months = {r["month"]: r for r in period_classes(samples, profile, "auto", ["year", "month"]).iter_rows(named=True)}
    assert {m: r["water_class_label"] for m, r in months.items()} == {
        1: "Ⅱ", 2: "Ⅲ", 3: "Ⅲ", 4: "Ⅲ", 5: "Ⅲ", 6: "Ⅲ", 7: "Ⅳ", 8: "Ⅱ", 9: "Ⅳ", 10: "Ⅱ", 11: "Ⅱ", 12: "Ⅱ"}
    july = [Decimal(v) for v in normal.filter(pl.col("t").str.slice(5, 2) == "07")["总磷"]]
    mean_july = sum(july) / len(july)                             # 40.6768 / 179 = 0.22724…
    assert len(july) == 179 and round(mean_july, 5) == Decimal("0.22724")
    # 超标倍数 = (0.22724 − 0.2) / 0.2 = 0.14 (class Ⅲ limit 0.2); September (0.26557 − 0.2) / 0.2 = 0.33.
    assert months[7]["exceeding_items"] == "总磷(0.14)" and months[9]["exceeding_items"] == "总磷(0.33)"
    assert [m for m, r in months.items() if r["exceeding_items"]] == [7, 9]
