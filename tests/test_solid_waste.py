"""The solid-waste feed: reading (CSV, XLSX, defects named by file/row/column), the GX suite, and the real
assets from the bundled files to the utilisation rate, the mass-balance warning and the attainment row."""

import csv
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import dagster as dg
import polars as pl
import pytest
import yaml

from expectations import runner
from expectations.solid_waste import solid_waste_suite
from sources.errors import FeedFormatError
from sources.profile import load_profile
from sources.solid_waste import parse_solid_waste_file, stage_solid_waste_rows
from tests.conftest import PROFILE, ROOT, materialize_range, query

FEED = ROOT / "feeds" / "solid_waste"
PROF = load_profile(PROFILE)
SELECTION = dg.AssetSelection.groups("solid_waste", "reference", "attainment")


def feed_profile(tmp: Path, **urls: str) -> Path:
    """A copy of the bundled profile whose feeds point at absolute paths (tests run from any directory)."""
    doc = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    doc["feeds"] = {name: {"url": str(ROOT / feed["url"]) if not feed["url"].startswith("http") else feed["url"]}
                    for name, feed in doc["feeds"].items()}
    doc["feeds"].update({name: {"url": url} for name, url in urls.items()})
    path = tmp / "profile.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def parse(text: str, name: str = "solid_waste_2019.csv", year: int = 2019, encoding: str = "utf-8"):
    return parse_solid_waste_file(text.encode(encoding), name, year, PROF)


HEADER = ("企业代码,企业名称,县区,行业,固体废物种类,产生量(吨),综合利用量(吨),其中：综合利用往年贮存量(吨),处置量(吨),"
          "贮存量(吨),倾倒丢弃量(吨)\n")
GOOD = "91430421EX000001,衡阳示例水泥有限公司,衡阳县,非金属矿物制品业,其他废物,120,100,6,15,11,0\n"


def csv_rate(path: Path) -> Decimal:
    """The city rate recomputed from the file with the csv module and Decimal, independently of the pipeline."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    columns = ("产生量(吨)", "综合利用量(吨)", "其中:综合利用往年贮存量(吨)")
    total = {k: sum(Decimal(r[k]) for r in rows) for k in columns}
    rate = 100 * total["综合利用量(吨)"] / (total["产生量(吨)"] + total["其中:综合利用往年贮存量(吨)"])
    return rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def test_bundled_csv_parses_every_row():
    path = FEED / "solid_waste_2019.csv"
    raw = parse_solid_waste_file(path.read_bytes(), str(path), 2019, PROF)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        assert raw.height == sum(1 for _ in fh) - 1
    staged = stage_solid_waste_rows(raw, PROF)
    assert staged["city_code"].unique().to_list() == ["430400"]
    assert set(staged["county_code"]) <= {a.code for a in PROF.areas if a.level == "county"}
    assert staged["source_row"].min() == 2 and raw["source_file"][0] == "solid_waste_2019.csv"


def test_xlsx_reads_like_csv():
    path = FEED / "solid_waste_2020.xlsx"
    staged = stage_solid_waste_rows(parse_solid_waste_file(path.read_bytes(), str(path), 2020, PROF), PROF)
    assert staged.height > 40
    assert staged["generated"].dtype == pl.Float64 and staged["generated"].min() > 0
    assert staged["source_row"].to_list() == list(range(2, staged.height + 2))


def test_header_variants_and_gb18030():
    raw = parse(HEADER + GOOD.replace("衡阳县", "430421"), encoding="gb18030")
    staged = stage_solid_waste_rows(raw, PROF)
    assert staged.row(0, named=True)["county_code"] == "430421"
    assert staged["disposed_from_storage"].to_list() == [None]   # optional column absent


@pytest.mark.parametrize(("text", "where", "why"), [
    (HEADER + GOOD.replace(",120,", ",12O,"), "row 2, column 产生量(吨)", "not a number"),
    (HEADER + GOOD.replace(",120,", ",-120,"), "row 2, column 产生量(吨)", "negative"),
    (HEADER + GOOD.replace(",120,", ",120.0001,"), "row 2, column 产生量(吨)", "decimal places"),
    (HEADER + GOOD.replace(",100,6,", ",100,106,"), "row 2, column 其中：综合利用往年贮存量(吨)", "cannot exceed"),
    (HEADER + GOOD.replace("衡阳县", "长沙县"), "row 2, column 县区", "not an area of the profile"),
    (HEADER + GOOD + GOOD, "row 3, column 固体废物种类", "more than one row"),
    (HEADER + GOOD.replace("衡阳示例水泥有限公司", ""), "row 2, column 企业名称", "required"),
    (HEADER.replace("产生量(吨)", "产生量(万吨)") + GOOD, "row 1, column 产生量(万吨)", "tonnes"),
    (HEADER.replace(",贮存量(吨),", ",") + GOOD.replace(",11,", ","), "row 1, column 贮存量",
     "required column missing"),
])
def test_defects_name_file_row_and_column(text, where, why):
    with pytest.raises(FeedFormatError) as err:
        parse(text)
    message = str(err.value)
    assert message.startswith("solid_waste_2019.csv: ") and where in message and why in message, message


def test_gx_suite_fails_bad_staged_rows():
    raw = parse(HEADER + GOOD + GOOD.replace("其他废物", "炉渣"))
    staged = stage_solid_waste_rows(raw, PROF).with_columns(
        pl.when(pl.col("source_row") == 3).then(-1.0).otherwise(pl.col("stored")).alias("stored"))
    counties = [a.code for a in PROF.areas if a.level == "county"]
    result = runner.validate(staged, "solid_waste", solid_waste_suite(["430400"], counties),
                             index_columns=["source_file", "source_row"])
    assert not result.success
    assert "source_row=3" in runner.failure_summary(result)
    assert runner.validate(stage_solid_waste_rows(raw, PROF), "solid_waste",
                           solid_waste_suite(["430400"], counties)).success


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("solid_waste")
    profile = feed_profile(tmp)
    warehouse = tmp / "w.duckdb"
    result = materialize_range(profile, warehouse, "2018", "2020", selection=SELECTION)
    return profile, warehouse, result


def test_city_rate_matches_an_independent_recomputation(loaded):
    _, warehouse, result = loaded
    assert result.success
    rates = dict(query(warehouse, "SELECT year, utilisation_rate FROM mart.solid_waste_area_year "
                                  "WHERE area_code = '430400' ORDER BY year"))
    assert rates[2019] == float(csv_rate(FEED / "solid_waste_2019.csv"))
    assert rates[2018] == float(csv_rate(FEED / "solid_waste_2018.csv"))
    assert set(rates) == {2018, 2019, 2020}
    # Counties: one row per county with enterprises, and their tonnages add up to the city's.
    city, counties = query(warehouse, """
        SELECT sum(generated) FILTER (WHERE level = 'city'), sum(generated) FILTER (WHERE level = 'county')
        FROM mart.solid_waste_area_year WHERE year = 2019""")[0]
    assert city == pytest.approx(counties)
    assert query(warehouse, "SELECT count(*) FROM mart.solid_waste_area_year WHERE year = 2019 "
                            "AND level = 'county'")[0][0] == 12


def test_mass_balance_warns_and_lists_the_enterprises(loaded):
    _, warehouse, result = loaded
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert checks["gx_solid_waste"].passed
    balance = checks["mass_balance"]
    assert not balance.passed and balance.severity == dg.AssetCheckSeverity.WARN
    assert balance.metadata["enterprises_out_of_balance"].value == 2
    listing = balance.metadata["out_of_balance"].value
    assert "衡阳珠晖钢管有限公司" in listing and "衡阳界牌化工有限公司" in listing
    assert query(warehouse, "SELECT count(*) FROM mart.solid_waste_balance WHERE NOT in_balance")[0][0] == 2


def test_attainment_carries_the_rate_per_area_and_year(loaded):
    _, warehouse, _ = loaded
    rows = query(warehouse, "SELECT period, value, status FROM mart.target_attainment "
                            "WHERE indicator_id = 'industrial_solid_waste_utilization_rate' AND area_code = '430400' "
                            "ORDER BY period")
    rates = dict(query(warehouse, "SELECT CAST(year AS VARCHAR), utilisation_rate FROM mart.solid_waste_area_year "
                                  "WHERE area_code = '430400'"))
    assert [(p, v) for p, v, _ in rows] == sorted(rates.items())
    assert [s for _, v, s in rows] == ["attained" if rates[p] >= 75 else "not_attained" for p, _, _ in rows]
    assert query(warehouse, "SELECT count(DISTINCT area_code) FROM mart.target_attainment "
                            "WHERE indicator_id = 'industrial_solid_waste_utilization_rate'")[0][0] == 13


def test_rerun_of_one_year_replaces_it(loaded):
    profile, warehouse, _ = loaded
    before = query(warehouse, "SELECT * FROM mart.solid_waste_area_year ORDER BY ALL")
    staged = query(warehouse, "SELECT count(*) FROM staging.solid_waste")[0][0]
    assert materialize_range(profile, warehouse, "2019", "2019", selection=SELECTION).success
    assert query(warehouse, "SELECT * FROM mart.solid_waste_area_year ORDER BY ALL") == before
    assert query(warehouse, "SELECT count(*) FROM staging.solid_waste")[0][0] == staged


def test_gx_check_blocks_staging_and_leaves_it_as_it_was(tmp_path):
    """Raw loaded with the full profile; staging then run with a profile that lost 衡阳县: the staged rows of that
    county have no city, the blocking suite fails, and staging keeps its previous content."""
    profile = feed_profile(tmp_path)
    warehouse = tmp_path / "w.duckdb"
    assert materialize_range(profile, warehouse, "2019", "2019", selection=SELECTION).success
    before = query(warehouse, "SELECT * FROM staging.solid_waste ORDER BY ALL")
    doc = yaml.safe_load(profile.read_text(encoding="utf-8"))
    doc["areas"] = [a for a in doc["areas"] if a["code"] != "430421"]
    smaller = tmp_path / "smaller.yaml"
    smaller.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = materialize_range(smaller, warehouse, "2019", "2019", raise_on_error=False,
                               selection=dg.AssetSelection.assets(["staging", "solid_waste"]))
    assert not result.success
    check = {e.check_name: e for e in result.get_asset_check_evaluations()}["gx_solid_waste"]
    assert not check.passed and check.metadata["failed_expectations"].value >= 1
    assert "source_row=" in check.metadata["failures"].value
    assert query(warehouse, "SELECT * FROM staging.solid_waste ORDER BY ALL") == before
