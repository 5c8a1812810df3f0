"""Both water paths materialised for real: bundled files → raw → staging (GX) → marts → attainment."""

import gzip
import shutil
from decimal import Decimal
from pathlib import Path

import dagster as dg
import pytest
import yaml

from assets.water import AUTO_KEYS, COMMON_KEYS, MANUAL_KEYS
from pipelines.jobs import SHARED
from standards import gb3838
from tests.conftest import PROFILE, ROOT, materialize_range, query

AUTO_DIR = ROOT / "feeds" / "water_auto"
MANUAL_DIR = ROOT / "feeds" / "water_manual"
AUTO_SELECTION = dg.AssetSelection.assets(*AUTO_KEYS, *COMMON_KEYS) | SHARED
MANUAL_SELECTION = dg.AssetSelection.assets(*MANUAL_KEYS, *COMMON_KEYS) | SHARED
TABLES = ["raw.water_auto", "raw.water_manual", "staging.water_auto", "staging.water_manual",
          "mart.dim_water_section", "mart.water_auto_sample", "mart.water_manual_sample", "mart.water_section_month",
          "mart.water_section_year", "mart.water_area_period", "mart.target_attainment"]


#: Test-only targets and counties (no source states them; the profile has null): the illustrative values the
#: rules tests were written with (Xiang main stem Ⅱ, tributary mouths Ⅲ; counties from the river geography).
ILLUSTRATIVE = {"归阳镇": ("430426", "Ⅱ"), "舂陵水入湘江口": ("430482", "Ⅲ"), "熬洲": (None, "Ⅱ"),
                "耒水入湘江口": ("430405", "Ⅲ"), "蒸水入湘江口": ("430407", "Ⅲ"), "城北水厂": (None, "Ⅱ"),
                "草市镇": ("430424", "Ⅲ"), "洣水入湘江口": ("430424", "Ⅲ"), "大河滩": (None, "Ⅱ"),
                "联江村": (None, "Ⅲ")}


def with_targets(doc):
    for s in doc["water"]["sections"]:
        s["county"], s["target_class"] = ILLUSTRATIVE[s["name"]]


def water_profile(path: Path, auto_dir: Path = AUTO_DIR, manual_dir: Path = MANUAL_DIR, change=None,
                  targets: bool = True) -> Path:
    doc = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    doc["feeds"] = {**doc["feeds"], "water_auto": {"url": str(auto_dir)}, "water_manual": {"url": str(manual_dir)}}
    if targets:
        with_targets(doc)
    if change:
        change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def load_auto(profile: Path, warehouse: Path, day: str = "2026-02-04", **kw):
    return materialize_range(profile, warehouse, day, day, selection=AUTO_SELECTION, **kw)


def load_manual(profile: Path, warehouse: Path, first: str = "2026-01-01", last: str = "2026-02-01", **kw):
    return materialize_range(profile, warehouse, first, last, selection=MANUAL_SELECTION, **kw)


def fingerprint(warehouse: Path) -> dict[str, list]:
    out = {}
    for table in TABLES:
        cols = [r[0] for r in query(warehouse, "SELECT column_name FROM information_schema.columns WHERE "
                                               "table_schema || '.' || table_name = ? ORDER BY ordinal_position",
                                    [table]) if r[0] not in ("loaded_at", "computed_at")]
        out[table] = query(warehouse, f"SELECT {', '.join(cols)} FROM {table} ORDER BY ALL")
    return out


def checks(result) -> dict:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("water")
    profile = water_profile(tmp / "profile.yaml")
    warehouse = tmp / "warehouse.duckdb"
    auto = load_auto(profile, warehouse)
    manual = load_manual(profile, warehouse)
    return profile, warehouse, auto, manual


def test_raw_keeps_every_row_and_staging_passes_the_suites(loaded):
    _, warehouse, auto, manual = loaded
    assert auto.success and manual.success
    assert query(warehouse, "SELECT count(*) FROM raw.water_auto")[0][0] == 49
    assert query(warehouse, "SELECT count(*) FROM staging.water_auto")[0][0] == 49
    assert query(warehouse, "SELECT count(*) FROM staging.water_auto WHERE in_city")[0][0] == 9
    assert query(warehouse, "SELECT count(*), count(DISTINCT month) FROM raw.water_manual")[0] == (18, 2)
    assert query(warehouse, "SELECT count(*) FROM staging.water_manual")[0][0] == 18
    for result, name in ((auto, "gx_water_auto"), (manual, "gx_water_manual")):
        gx = checks(result)[name]
        assert gx.passed and gx.metadata["failed_expectations"].value == 0
        assert gx.metadata["evaluated_expectations"].value > 15


def test_platform_class_reconciliation_on_the_bundled_sample(loaded):
    """Total agreement once the Dongting Lake sections use the lake TP limits (48 readings with a class;
    胜利 publishes no values and no class)."""
    _, warehouse, auto, _ = loaded
    check = checks(auto)["published_water_class_agreement"]
    assert check.metadata["readings_compared"].value == 48
    assert check.metadata["agree"].value == 48
    assert check.metadata["agreement_percent"].value == 100.0
    assert check.metadata["not_compared"].value == 1
    assert check.passed
    assert query(warehouse, "SELECT section_name, water_class_label, published_class FROM mart.water_auto_sample "
                            "WHERE water_type = 'lake' ORDER BY section_name") == [
        ("南嘴", "Ⅲ", "Ⅲ"), ("小河嘴", "Ⅲ", "Ⅲ"), ("岳阳楼", "Ⅳ", "Ⅳ"), ("蒋家嘴", "Ⅱ", "Ⅱ")]
    assert query(warehouse, "SELECT tn_class_label FROM mart.water_auto_sample WHERE section_name = '岳阳楼'") == \
        [("劣Ⅴ",)]


def test_reconciliation_reports_every_disagreeing_row_when_lakes_are_taken_as_rivers(tmp_path):
    def all_rivers(doc):
        for s in doc["water"]["other_sections"]:
            s["type"] = "river"
    profile = water_profile(tmp_path / "p.yaml", change=all_rivers)
    result = load_auto(profile, tmp_path / "w.duckdb")
    assert result.success                                   # non-blocking
    check = checks(result)["published_water_class_agreement"]
    assert not check.passed
    assert (check.metadata["agree"].value, check.metadata["disagree"].value) == (45, 3)
    table = check.metadata["disagreeing_rows"].value
    for name in ("岳阳楼", "南嘴", "小河嘴"):
        assert name in table
    assert "lake TP limits" in table


def test_auto_sample_classes_and_target(loaded):
    _, warehouse, _, _ = loaded
    row = query(warehouse, "SELECT water_class_label, setting_items, target_class, meets_target, exceeding_items, "
                           "rating, items_assessed FROM mart.water_auto_sample WHERE section_name = '蒸水入湘江口'")
    assert row == [("Ⅲ", "总磷", 3, True, None, "良好", 5)]


def test_manual_sample_with_one_bad_item(loaded):
    _, warehouse, _, _ = loaded
    row = query(warehouse, "SELECT water_class_label, setting_items, target_class, meets_target, exceeding_items, "
                           "rating, items_assessed, dl_limited_items, fecal_coliform_class "
                           "FROM mart.water_manual_sample WHERE section_code = 'HYW05' AND month = DATE '2026-01-01'")
    assert row == [("Ⅳ", "氨氮", 3, False, "氨氮(0.12)", "轻度污染", 21, None, 2)]


def test_section_month_is_the_class_of_the_mean(loaded):
    _, warehouse, _, _ = loaded
    # Manual basis, one sample a month: the month class is the sample class; COD 4L enters as 2.
    row = query(warehouse, "SELECT samples, water_class_label, cod, chromium_vi FROM mart.water_section_month "
                           "WHERE basis = 'manual' AND section_code = 'HYW01' AND month = 1")
    assert row == [(1, "Ⅱ", 2.0, 0.002)]
    year = query(warehouse, "SELECT samples, months_with_data, assessable, nh3_n, water_class_label "
                            "FROM mart.water_section_year WHERE basis = 'manual' AND section_code = 'HYW05'")
    nh3 = query(warehouse, "SELECT nh3_n FROM staging.water_manual WHERE section_code = 'HYW05' ORDER BY month")
    mean = sum(gb3838.to_decimal(v) for (v,) in nh3) / 2
    assert year == [(2, 2, False, float(mean), gb3838.CLASS_LABELS[gb3838.item_class("nh3_n", mean)])]
    auto = query(warehouse, "SELECT count(*) FROM mart.water_section_month WHERE basis = 'auto'")
    assert auto == [(9,)]


def test_area_shares_and_rating(loaded):
    _, warehouse, _, _ = loaded
    rows = query(warehouse, "SELECT period, sections_listed, sections_assessed, sections_i_iii, "
                            "class_iii_or_better_ratio, sections_worse_than_v, sections_meeting_target, rating, "
                            "rating_method, assessable FROM mart.water_area_period "
                            "WHERE basis = 'manual' AND area_code = '430400' ORDER BY period")
    assert rows[0] == ("2026", 8, 8, *rows[0][3:])
    by_period = {r[0]: r for r in rows}
    # January: 7 of 8 assessment sections at Ⅰ–Ⅲ (蒸水入湘江口 is Ⅳ) → 87.5 %, 良好 (75 % ≤ share < 90 %).
    assert by_period["2026-01"][1:] == (8, 8, 7, 87.5, 0, 7, "良好", "shares (>= 5 sections)", True)
    assert by_period["2026-02"][3:5] == (8, 100.0)
    assert by_period["2026"][-1] is False
    county = query(warehouse, "SELECT sections_listed, rating_method FROM mart.water_area_period WHERE basis = "
                              "'manual' AND area_code = '430424' AND period = '2026-01'")
    assert county == [(2, "mean concentrations of 2 section(s) rated as one section (< 5 sections)")]


def test_attainment_rows_for_city_and_counties(loaded):
    _, warehouse, _, _ = loaded
    rows = query(warehouse, "SELECT area_code, period, value, status, lead_department FROM mart.target_attainment "
                            "WHERE indicator_id = 'water_class_iii_or_better_ratio' ORDER BY area_code")
    areas = {r[0] for r in rows}
    assert areas == {"430400", "430405", "430407", "430424", "430426", "430482"}
    city = next(r for r in rows if r[0] == "430400")
    ratio = query(warehouse, "SELECT class_iii_or_better_ratio FROM mart.water_area_period WHERE basis = 'manual' "
                             "AND period_type = 'year' AND area_code = '430400'")[0][0]
    assert city == ("430400", "2026", ratio, "insufficient_data", "市环保局")
    assert {r[3] for r in rows} == {"insufficient_data"}    # 2 of 12 months
    note = query(warehouse, "SELECT note FROM mart.target_attainment WHERE indicator_id = "
                            "'water_class_iii_or_better_ratio' AND area_code = '430400'")[0][0]
    assert "needs >= 12 months" in note


def test_a_full_year_is_assessable(tmp_path):
    """Twelve monthly files (the bundled January repeated with its dates moved) make the year assessable."""
    feed = tmp_path / "manual"
    feed.mkdir()
    text = (MANUAL_DIR / "water_sections_202601.csv").read_text(encoding="utf-8")
    for month in range(1, 13):
        (feed / f"water_sections_2025{month:02d}.csv").write_text(
            text.replace("2026-01-", f"2025-{month:02d}-"), encoding="utf-8")
    profile = water_profile(tmp_path / "p.yaml", manual_dir=feed)
    warehouse = tmp_path / "w.duckdb"
    assert load_manual(profile, warehouse, "2025-01-01", "2025-12-01").success
    row = query(warehouse, "SELECT value, status FROM mart.target_attainment WHERE indicator_id = "
                           "'water_class_iii_or_better_ratio' AND area_code = '430400'")
    assert row == [(87.5, "not_attained")]                    # 7 of 8 at Ⅰ–Ⅲ all year: below the 95 % target


def test_rerun_changes_nothing(loaded):
    profile, warehouse, _, _ = loaded
    before = fingerprint(warehouse)
    assert load_auto(profile, warehouse).success
    assert load_manual(profile, warehouse).success
    assert fingerprint(warehouse) == before


def test_csv_export_loads_like_the_xlsx(tmp_path):
    feed = tmp_path / "auto"
    feed.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "water_info_湖南省.csv", feed / "water_auto_20260204.csv")
    warehouse = tmp_path / "w.duckdb"
    assert load_auto(water_profile(tmp_path / "p.yaml", auto_dir=feed), warehouse).success
    assert query(warehouse, "SELECT count(*), count(DISTINCT source_file) FROM staging.water_auto") == [(49, 1)]


def test_unknown_city_section_blocks_staging_and_keeps_the_table(tmp_path, loaded):
    """An unknown section the platform tags with the city (a renamed or new 衡阳 station) stops the day."""
    feed = tmp_path / "auto"
    feed.mkdir()
    page = gzip.decompress((AUTO_DIR / "water_auto_20251106T235129.html.gz").read_bytes())
    (feed / "water_auto_20251106T235129.html").write_bytes(page.replace("联江村</span>".encode(),
                                                                        "联江村新</span>".encode()))
    profile = water_profile(tmp_path / "p.yaml", auto_dir=feed)
    warehouse = tmp_path / "w.duckdb"
    result = load_auto(profile, warehouse, "2025-11-06", raise_on_error=False)
    assert not result.success
    gx = checks(result)["gx_water_auto"]
    assert not gx.passed and "联江村新" in gx.metadata["failures"].value
    assert query(warehouse, "SELECT count(*) FROM raw.water_auto")[0][0] == 71
    assert query(warehouse, "SELECT count(*) FROM staging.water_auto")[0][0] == 0


def test_unknown_section_elsewhere_is_reported_and_left_out(tmp_path, loaded):
    """Decision (issue 13): an unknown section of another city in the province-wide export does not block
    the day: it stays in raw, is left out of staging and is listed in the staging metadata."""
    feed = tmp_path / "auto"
    feed.mkdir()
    text = (ROOT / "tests" / "data" / "water_info_湖南省.csv").read_text(encoding="utf-8")
    (feed / "water_auto_20260204.csv").write_text(text.replace(",昭山,", ",昭山新,"), encoding="utf-8")
    profile = water_profile(tmp_path / "p.yaml", auto_dir=feed)
    warehouse = tmp_path / "w.duckdb"
    result = load_auto(profile, warehouse)
    assert result.success
    meta = result.asset_materializations_for_node("staging__water_auto")[0].metadata
    assert meta["rows_unknown_section"].value == 1
    assert meta["unknown_sections"].value == [{"section_name": "昭山新", "city": None, "river": None, "len": 1}]
    assert query(warehouse, "SELECT count(*) FROM raw.water_auto")[0][0] == 49
    assert query(warehouse, "SELECT count(*) FROM staging.water_auto")[0][0] == 48


def test_bad_value_blocks_staging_and_keeps_the_table(tmp_path, loaded):
    feed = tmp_path / "auto"
    feed.mkdir()
    text = (ROOT / "tests" / "data" / "water_info_湖南省.csv").read_text(encoding="utf-8")
    (feed / "water_auto_20260204.csv").write_text(text.replace(",02-04 ", ",02-04 "), encoding="utf-8")
    (feed / "water_auto_20260205.csv").write_text(text.replace(",02-04 ", ",02-05 ").replace(
        "湖南省,长江流域,昭山,02-05 10:00,Ⅱ,9.3,7.78,10.81", "湖南省,长江流域,昭山,02-05 10:00,Ⅱ,9.3,7.78,23.5"),
        encoding="utf-8")
    profile = water_profile(tmp_path / "p.yaml", auto_dir=feed)
    warehouse = tmp_path / "w.duckdb"
    result = materialize_range(profile, warehouse, "2026-02-04", "2026-02-05", selection=AUTO_SELECTION,
                               raise_on_error=False)
    assert not result.success
    gx = checks(result)["gx_water_auto"]
    assert not gx.passed
    failures = gx.metadata["failures"].value
    assert "dissolved_oxygen" in failures and "23.5" in failures
    assert query(warehouse, "SELECT count(*) FROM raw.water_auto")[0][0] == 98   # raw keeps the files
    assert query(warehouse, "SELECT count(*) FROM staging.water_auto")[0][0] == 0


def test_reading_outside_the_partition_is_rejected(tmp_path):
    feed = tmp_path / "auto"
    feed.mkdir()
    text = (ROOT / "tests" / "data" / "water_info_湖南省.csv").read_text(encoding="utf-8")
    (feed / "water_auto_20260204.csv").write_text(text.replace("昭山,02-04 10:00", "昭山,02-03 22:00"),
                                                  encoding="utf-8")
    result = load_auto(water_profile(tmp_path / "p.yaml", auto_dir=feed), tmp_path / "w.duckdb",
                       raise_on_error=False)
    assert not result.success
    assert "sampled_on" not in checks(result)["gx_water_auto"].metadata["failures"].value
    assert "2026-02-03" in checks(result)["gx_water_auto"].metadata["failures"].value


def test_exceedance_multiple_uses_decimal():
    assert gb3838.exceedance_multiple("nh3_n", 1.12) == Decimal("0.12")
