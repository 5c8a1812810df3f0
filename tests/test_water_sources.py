"""The water readers: the real Hunan export (XLSX and CSV) and the manual monthly file parse; every
defect fails with the file, row and column; the profile's water section is checked."""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import polars as pl
import pytest
import yaml

from sources.errors import FeedFormatError, FeedMissingError
from sources.profile import Feed, ProfileError, load_profile, parse_profile
from sources.water import (
    auto_timestamp,
    local_auto_days,
    local_manual_months,
    parse_auto_file,
    parse_manual_file,
    read_auto_files,
    stage_auto,
    stage_manual,
)
from tests.conftest import PROFILE, ROOT

DAY = dt.date(2026, 2, 4)
MONTH = dt.date(2026, 1, 1)
AUTO_DIR = ROOT / "feeds" / "water_auto"
MANUAL_DIR = ROOT / "feeds" / "water_manual"
XLSX = (AUTO_DIR / "water_auto_20260204.xlsx").read_bytes()
CSV = (ROOT / "tests" / "data" / "water_info_湖南省.csv").read_bytes()
MANUAL = (MANUAL_DIR / "water_sections_202601.csv").read_bytes()
AUTO_HEADER = ("省份,流域,断面名称,监测时间,水质类别,水温(℃),pH(无量纲),溶解氧(mg/L),电导率(μS/cm),浊度(NTU),"
               "高锰酸盐指数(mg/L),氨氮(mg/L),总磷(mg/L),总氮(mg/L),叶绿素α(mg/L),藻密度(cells/L)")
GOOD_ROW = "湖南省,长江流域,归阳镇,02-04 11:00,Ⅱ,13.2,7.89,10.73,213.8,1.3,0.88,0.005,0.021,0.94,--,--"


def auto(rows: list[str], header: str = AUTO_HEADER, name: str = "water_auto_20260204.csv"):
    return parse_auto_file("\n".join([header, *rows]).encode(), name, DAY)


def manual_lines() -> list[str]:
    return MANUAL.decode().splitlines()


def manual(lines: list[str]):
    return parse_manual_file("\n".join(lines).encode(), "water_sections_202601.csv", MONTH)


@pytest.fixture(scope="module")
def profile():
    return load_profile(PROFILE)


def test_the_real_xlsx_and_its_csv_conversion_parse_to_the_same_rows():
    from_xlsx = parse_auto_file(XLSX, "feeds/water_auto/water_auto_20260204.xlsx", DAY)
    from_csv = parse_auto_file(CSV, "water_auto_20260204.csv", DAY)
    assert from_xlsx.height == 49
    assert from_xlsx.drop("source_file").equals(from_csv.drop("source_file"))
    assert from_xlsx["source_row"].to_list() == list(range(2, 51))
    assert from_xlsx["source_file"][0] == "water_auto_20260204.xlsx"
    # Text as received: 102 '--' cells (SOURCE.md; one is 胜利's 水质类别), trailing zeros kept.
    items = ["published_class", "water_temp", "ph", "dissolved_oxygen", "conductivity", "turbidity", "codmn",
             "nh3_n", "tp", "tn", "chlorophyll_a", "algal_density"]
    assert sum(int((from_xlsx[c] == "--").sum()) for c in items) == 102
    assert from_xlsx.filter(pl.col("section_name") == "昭山")["tp"][0] == "0.050"


def test_staging_types_the_values_and_takes_type_and_code_from_the_profile(profile):
    staged, out, _ = stage_auto(parse_auto_file(XLSX, "water_auto_20260204.xlsx", DAY), profile)
    assert out.height == 0 and staged.height == 49
    row = staged.filter(pl.col("section_name") == "蒸水入湘江口").row(0, named=True)
    assert (row["section_code"], row["water_type"], row["in_city"], row["published_class"]) == \
        ("HYW05", "river", True, "Ⅲ")
    assert row["monitored_at"].isoformat() == "2026-02-04T11:00:00+08:00"
    assert row["tp"] == 0.158 and row["below_dl_items"] == []
    assert staged.filter(pl.col("in_city")).height == 9
    assert staged.filter(pl.col("section_name") == "岳阳楼")["water_type"][0] == "lake"
    blank = staged.filter(pl.col("section_name") == "胜利").row(0, named=True)
    assert blank["published_class"] is None and blank["ph"] is None


def test_station_status_rows_stay_in_raw_and_leave_staging(profile):
    header = AUTO_HEADER + ",站点情况"
    raw = auto([GOOD_ROW + ",正常", GOOD_ROW.replace("11:00", "15:00") + ",维护",
                GOOD_ROW.replace("11:00", "19:00") + ",停运", GOOD_ROW.replace("11:00", "23:00") + ","], header)
    assert raw.height == 4
    staged, out, _ = stage_auto(raw, profile)
    assert staged.height == 2 and sorted(out["station_status"].to_list()) == ["停运", "维护"]


def test_detection_limit_values_are_parsed_not_rejected(profile):
    raw = auto([GOOD_ROW.replace(",0.005,", ",0.025L,")])
    assert raw["nh3_n"][0] == "0.025L"
    staged, _, _ = stage_auto(raw, profile)
    assert staged["nh3_n"][0] == 0.025 and staged["below_dl_items"][0].to_list() == ["nh3_n"]


@pytest.mark.parametrize(("bad", "column", "row"), [
    (GOOD_ROW.replace(",0.021,", ",abc,"), "总磷(mg/L)", 3),
    (GOOD_ROW.replace(",10.73,", ",<0.5,"), "溶解氧(mg/L)", 3),
    (GOOD_ROW.replace(",0.88,", ",0.01LL,"), "高锰酸盐指数(mg/L)", 3),
    (GOOD_ROW.replace(",13.2,", ",N/A,"), "水温(℃)", 3),
    (GOOD_ROW.replace("02-04 11:00", "2026-02-04 11:00"), "监测时间", 3),
    (GOOD_ROW.replace("02-04 11:00", "02-30 11:00"), "监测时间", 3),
    (GOOD_ROW.replace("02-04 11:00", "02-04 25:00"), "监测时间", 3),
    (GOOD_ROW.replace(",Ⅱ,", ",Ⅵ,"), "水质类别", 3),
    (GOOD_ROW.replace(",归阳镇,", ",,"), "断面名称", 3),
])
def test_auto_defects_name_file_row_and_column(bad, column, row):
    with pytest.raises(FeedFormatError) as err:
        auto([GOOD_ROW, bad])
    assert str(err.value).startswith(f"water_auto_20260204.csv: row {row}, column {column}:")


def test_auto_header_defects():
    with pytest.raises(FeedFormatError, match=r"row 1: missing column\(s\) 总磷"):
        auto([GOOD_ROW], AUTO_HEADER.replace("总磷(mg/L)", "总P(mg/L)"))
    with pytest.raises(FeedFormatError, match=r"row 1, column 总磷\(μg/L\): unit 'μg/L' where 'mg/L'"):
        auto([GOOD_ROW], AUTO_HEADER.replace("总磷(mg/L)", "总磷(μg/L)"))
    with pytest.raises(FeedFormatError, match="row 2: the file has a header but no data rows"):
        auto([])
    with pytest.raises(FeedFormatError, match="row 1: not a CSV file"):
        parse_auto_file(b"<html>404</html>", "water_auto_20260204.csv", DAY)
    with pytest.raises(FeedFormatError, match="row 1: not a readable XLSX"):
        parse_auto_file(b"PK\x03\x04 broken", "water_auto_20260204.xlsx", DAY)


def test_xlsx_defects_name_the_sheet_row():
    book = openpyxl.load_workbook(io.BytesIO(XLSX))
    book.worksheets[0]["M7"] = "0.0x5"      # 总磷 of the sixth section (sheet row 7)
    buf = io.BytesIO()
    book.save(buf)
    with pytest.raises(FeedFormatError, match=r"^water_auto_20260204.xlsx: row 7, column 总磷\(mg/L\): .*'0.0x5'"):
        parse_auto_file(buf.getvalue(), "water_auto_20260204.xlsx", DAY)


def test_xlsx_numeric_and_date_cells_are_read_as_text():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(AUTO_HEADER.split(","))
    cells = GOOD_ROW.split(",")
    cells[3] = dt.datetime(2026, 2, 4, 11, 0)   # Excel turned the time into a date
    cells[6] = 7.89
    cells[15] = 447062.0
    sheet.append(cells)
    buf = io.BytesIO()
    book.save(buf)
    raw = parse_auto_file(buf.getvalue(), "water_auto_20260204.xlsx", DAY)
    assert (raw["monitored_at"][0], raw["ph"][0], raw["algal_density"][0]) == ("02-04 11:00", "7.89", "447062")


def test_year_comes_from_the_file_day():
    assert auto_timestamp("02-04 11:00", DAY) == dt.datetime(2026, 2, 4, 11, 0)
    assert auto_timestamp("12-31 23:00", dt.date(2026, 1, 1)) == dt.datetime(2025, 12, 31, 23, 0)
    assert auto_timestamp("02-29 10:00", dt.date(2028, 2, 29)) == dt.datetime(2028, 2, 29, 10, 0)
    assert auto_timestamp("2-4 1:00", DAY) == dt.datetime(2026, 2, 4, 1, 0)
    assert auto_timestamp("02-04", DAY) is None


def test_gbk_csv_is_read():
    text = "\n".join([AUTO_HEADER, GOOD_ROW])
    raw = parse_auto_file(text.encode("gb18030"), "water_auto_20260204.csv", DAY)
    assert raw["section_name"][0] == "归阳镇"


def test_the_bundled_manual_file_parses(profile):
    raw = manual(manual_lines())
    assert raw.height == 9
    assert raw["source_row"].to_list() == list(range(6, 15))  # four comment lines, header on line 5
    staged = stage_manual(raw, profile)
    row = staged.filter(pl.col("section_code") == "HYW05").row(0, named=True)
    assert row["nh3_n"] == 1.12 and row["sampled_on"] == dt.date(2026, 1, 7) and row["water_type"] == "river"
    assert row["chromium_vi"] == 0.004 and "chromium_vi" in row["below_dl_items"]
    assert "nh3_n" not in row["below_dl_items"]


@pytest.mark.parametrize(("old", "new", "column"), [
    (",1.120,", ",1.12x,", "氨氮(mg/L)"),
    (",0.004L,", ",ND,", "六价铬(mg/L)"),
    (",2026-01-07,", ",2026/01/07,", "采样日期"),
    (",2026-01-07,", ",2026-01-32,", "采样日期"),
    (",09:08,", ",9h08,", "采样时间"),
    ("HYW05,", ",", "断面编码"),
])
def test_manual_defects_name_file_row_and_column(old, new, column):
    lines = manual_lines()
    lines[9] = lines[9].replace(old, new, 1)          # line 10 of the file: section HYW05
    assert lines[9].startswith(("HYW05", ",蒸水"))
    with pytest.raises(FeedFormatError) as err:
        manual(lines)
    assert str(err.value).startswith(f"water_sections_202601.csv: row 10, column {column}:")


def test_manual_missing_item_column_is_refused():
    lines = manual_lines()
    header = lines[4].split(",")
    i = header.index("挥发酚(mg/L)")
    lines = [",".join(c for j, c in enumerate(line.split(",")) if j != i) if not line.startswith("#") else line
             for line in lines]
    with pytest.raises(FeedFormatError, match=r"row 5: missing column\(s\) 挥发酚"):
        manual(lines)


def test_manual_row_longer_than_the_header():
    lines = manual_lines()
    lines[6] += ",extra"
    with pytest.raises(FeedFormatError, match="water_sections_202601.csv: row 7: 29 fields where the header has 28"):
        manual(lines)
    with pytest.raises(FeedFormatError, match="water_auto_20260204.csv: row 2: 15 fields where the header has 16"):
        auto([GOOD_ROW.rsplit(",", 1)[0]])


def test_feed_listing_and_missing_days(tmp_path):
    november = [dt.date(2025, 11, d) for d in (6, 7, 8, 18)]
    assert local_auto_days(AUTO_DIR) == [*november, DAY]
    assert local_manual_months(MANUAL_DIR) == [dt.date(2026, 1, 1), dt.date(2026, 2, 1)]
    assert len(read_auto_files(Feed(url=str(AUTO_DIR)), dt.date(2025, 11, 18))) == 9   # nine saves that day
    with pytest.raises(FeedMissingError, match="water_auto feed has no file for 2026-02-05"):
        read_auto_files(Feed(url=str(AUTO_DIR)), dt.date(2026, 2, 5))
    (tmp_path / "water_auto_20260204.csv").write_bytes(CSV)
    (tmp_path / "water_auto_20260204.xlsx").write_bytes(XLSX)
    with pytest.raises(FeedFormatError, match="water_auto_20260204.csv and water_auto_20260204.xlsx; keep one"):
        read_auto_files(Feed(url=str(tmp_path)), DAY)


def _profile_doc() -> dict:
    return yaml.safe_load(Path(PROFILE).read_text(encoding="utf-8"))


def test_profile_water_section(profile):
    # The 10 automatic stations the platform tags 所在地市:衡阳市, with the river it tags.
    assert {(s.name, s.river) for s in profile.water_sections} == {
        ("归阳镇", "湘江"), ("熬洲", "湘江"), ("城北水厂", "湘江"), ("大河滩", "耒水"), ("耒水入湘江口", "耒水"),
        ("舂陵水入湘江口", "舂陵水"), ("联江村", "蒸水"), ("蒸水入湘江口", "蒸水"), ("草市镇", "洣水"),
        ("洣水入湘江口", "洣水")}
    assert sum(s.assessment for s in profile.water_sections) == 8
    # No source states county or target class: null, not guessed.
    assert {(s.county, s.target_class) for s in profile.water_sections} == {(None, None)}
    # Every section of the bundled export and of the November pages is known to the profile.
    names = {s.name for s in profile.water_sections} | {s.name for s in profile.water_other_sections}
    assert set(parse_auto_file(XLSX, "x.xlsx", DAY)["section_name"]) < names
    pages = sorted(AUTO_DIR.glob("*.html.gz"))
    hunan = {n for p in pages for n in parse_auto_file(p.read_bytes(), p.name, dt.date(2025, 11, 6))["section_name"]}
    assert hunan == names and len(names) == 71
    assert profile.water_below_dl == "half" and profile.water_year_min_months == 12


@pytest.mark.parametrize(("change", "message"), [
    (lambda w: w["sections"][0].update(type="sea"), r"water.sections\[0\].type must be river, lake or reservoir"),
    (lambda w: w["sections"][0].update(target_class="Ⅵ"), r"water.sections\[0\].target_class must be a class"),
    (lambda w: w["sections"][0].update(county="999999"), r"water.sections\[0\].county '999999' is not an area"),
    (lambda w: w["sections"][1].update(code="HYW01"), r"water: duplicate section codes \['HYW01'\]"),
    (lambda w: w["other_sections"].append({"name": "归阳镇", "type": "river"}), r"duplicate section names"),
    (lambda w: w["sections"][0].pop("name"), r"water.sections\[0\].name is required"),
    (lambda w: w.update(below_dl="median"), r"water.below_dl must be half, dl or zero"),
    (lambda w: w.update(year_min_months=13), r"water.year_min_months must be an integer from 1 to 12"),
])
def test_profile_water_errors(change, message):
    doc = _profile_doc()
    change(doc["water"])
    with pytest.raises(ProfileError, match=message):
        parse_profile(doc, "p.yaml")


def test_profile_without_water_still_loads():
    doc = _profile_doc()
    del doc["water"]
    prof = parse_profile(doc, "p.yaml")
    assert prof.water_sections == () and prof.water_other_sections == ()
