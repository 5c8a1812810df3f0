"""The corpus of malformed air files (tests/corpus/air/README.md): each one is handled as the format allows, or
fails its own day naming file, row and column while every other day of the warehouse stays as it was."""

import shutil
from pathlib import Path

import dagster as dg
import pytest

from tests.conftest import FEEDS, ROOT, materialize_range, query, write_profile

CORPUS = ROOT / "tests" / "corpus" / "air"
RAW_AND_STAGING = dg.AssetSelection.assets(["raw", "air_file"], ["staging", "air_hourly"])
FILE = "china_sites_20190103.csv"

#: file → None (loads) or the text the failure must contain.
CASES = {
    "empty.csv": f"{FILE}: row 1: the file is empty",
    "header_only.csv": f"{FILE}: row 2: the file has a header but no data rows",
    "truncated_mid_row.csv": None,
    "gbk.csv": f"{FILE}: row 6: not UTF-8 text",
    "utf8_bom.csv": None,
    "lf_line_ends.csv": None,
    "unknown_series.csv": f"{FILE}: row 3, column type: unknown series type",
    "extra_station.csv": None,
    "missing_station.csv": None,
    "duplicate_station_column.csv": None,
    "non_numeric.csv": f"{FILE}: row 3, column 2457A: not a number: 'N/A'",
    "negative.csv": f"source_file={FILE}, source_row=3, station_code=2457A",
    "above_ceiling.csv": f"source_file={FILE}, source_row=3, station_code=2457A",
    "duplicated_hour.csv": f"{FILE}: row 3, column type: hour 0 has this series type more than once",
    "hour_24.csv": f"{FILE}: row 361, column hour: hour must be an integer 0–23",
    "date_mismatch.csv": f"{FILE}: row 2, column date: row date differs from the file's day 20190103",
    "two_days.csv": f"{FILE}: row 182, column date: row date differs from the file's day 20190103",
    "html_page.csv": f"{FILE}: row 1: not a CSV file (it looks like an HTML page)",
    # issue 13: one definition of a line (LF or CRLF) for the check and the parser; ASCII digits only; bounded text
    "cr_line_ends.csv": f"{FILE}: row 1: a line ends with a lone CR",
    "record_separator.csv": f"{FILE}: row 40: 17 fields where the header has 9",
    "fullwidth_digits.csv": f"{FILE}: row 3, column 2457A: not a number: '１２' (ASCII digits 0–9 only)",
    "superscript_hour.csv": f"{FILE}: row 17, column hour: hour must be an integer 0–23 in ASCII digits (got '¹')",
    "nul_filled.csv": f"{FILE}: row 1: a NUL character: binary data, not CSV text",
}


#: Well-formed re-deliveries of 2019-01-03 with much less data: loaded, and reported (file → station-hours).
REDELIVERIES = {"all_values_empty.csv": 0, "cut_at_line_end.csv": 72}


def test_the_corpus_has_every_case():
    files = {p.name for p in CORPUS.glob("*.csv")} - {"good.csv"}
    assert files == set(CASES) | set(REDELIVERIES)
    assert len(files) >= 15


def rows_by_day(warehouse: Path) -> dict[str, list]:
    return {table: query(warehouse, f"SELECT * EXCLUDE (loaded_at, source) FROM {table} ORDER BY ALL")
            if table.startswith("raw") else query(warehouse, f"SELECT * FROM {table} ORDER BY ALL")
            for table in ("raw.air_file", "staging.air_hourly")}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    """A warehouse holding a good 2019-01-02 and a good 2019-01-03 (the corpus base)."""
    tmp = tmp_path_factory.mktemp("corpus")
    feed = tmp / "feed"
    feed.mkdir()
    shutil.copy(FEEDS / "china_sites_20190102.csv", feed / "china_sites_20190102.csv")
    shutil.copy(CORPUS / "good.csv", feed / FILE)
    warehouse = tmp / "w.duckdb"
    result = materialize_range(write_profile(tmp / "p.yaml", str(feed)), warehouse, "2019-01-02", "2019-01-03",
                               selection=RAW_AND_STAGING)
    assert result.success
    return warehouse


def load_over(name: str, loaded: Path, tmp_path: Path, raise_on_error: bool = True):
    """The corpus file ``name`` as 2019-01-03 (with the real 01-02) loaded over a copy of a clean warehouse:
    (warehouse, its rows by day before, the run's result)."""
    feed = tmp_path / "feed"
    feed.mkdir()
    shutil.copy(FEEDS / "china_sites_20190102.csv", feed / "china_sites_20190102.csv")
    shutil.copy(CORPUS / name, feed / FILE)
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(loaded, warehouse)
    before = rows_by_day(warehouse)
    result = materialize_range(write_profile(tmp_path / "p.yaml", str(feed)), warehouse, "2019-01-02",
                               "2019-01-03", raise_on_error=raise_on_error, selection=RAW_AND_STAGING)
    return warehouse, before, result


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_file(name, loaded, tmp_path):
    warehouse, before, result = load_over(name, loaded, tmp_path, raise_on_error=False)
    after = rows_by_day(warehouse)

    def day(rows, table, d):
        date_col = 0 if table == "raw.air_file" else 1  # file_date
        return [r for r in rows[table] if str(r[date_col]) == d]

    for table in after:  # the other day is exactly as it was
        assert day(after, table, "2019-01-02") == day(before, table, "2019-01-02"), table
    expected = CASES[name]
    if expected is None:
        assert result.success
        assert day(after, "staging.air_hourly", "2019-01-03")
        return
    if "source_row=" in expected:  # parsed, then stopped by the blocking expectation suite
        assert not result.success
        errors = "\n".join(str(e.event_specific_data.error) for e in result.all_events if e.is_step_failure)
        assert expected in errors
    else:  # rejected by the parser: named by the raw asset's check (the full job then ends red, see bad_input)
        files = {e.check_name: e for e in result.get_asset_check_evaluations()}["air_files_loaded"]
        assert not files.passed
        assert expected in files.metadata["errors"].value
    # staging never takes the bad day; raw keeps its previous rows unless the file parsed (GX failures)
    assert day(after, "staging.air_hourly", "2019-01-03") == day(before, "staging.air_hourly", "2019-01-03")
    if "source_row=" not in expected:
        assert day(after, "raw.air_file", "2019-01-03") == day(before, "raw.air_file", "2019-01-03")
        rejected = query(warehouse, "SELECT source_file, file_rejected, reason FROM mart.feed_rejections "
                                    "WHERE partition_date = DATE '2019-01-03'")
        assert rejected == [(FILE, True, rejected[0][2])] and expected in rejected[0][2]
        assert len(rejected[0][2]) <= 1100  # a reason quotes at most a capped piece of the file


def test_cut_row_is_listed_and_the_day_judged_by_the_validity_rules(loaded, tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    shutil.copy(CORPUS / "truncated_mid_row.csv", feed / FILE)
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(loaded, warehouse)
    assert materialize_range(write_profile(tmp_path / "p.yaml", str(feed)), warehouse, "2019-01-03", "2019-01-03",
                             selection=RAW_AND_STAGING).success
    assert query(warehouse, "SELECT source_row, file_rejected FROM mart.feed_rejections") == [(361, False)]
    assert query(warehouse, "SELECT data_rows FROM raw.air_file WHERE file_date = DATE '2019-01-03'") == [(359,)]
    # the complete rows are staged: hour 23's last series (row 361, CO_24h) is the only cell left out
    staged = query(warehouse, "SELECT count(co_24h) FILTER (WHERE hour = 23), count(co) FILTER (WHERE hour = 23) "
                              "FROM staging.air_hourly WHERE file_date = DATE '2019-01-03'")
    assert staged[0][0] == 0 and staged[0][1] > 0


@pytest.mark.parametrize("name", sorted(REDELIVERIES))
def test_a_much_smaller_redelivery_is_loaded_and_reported(name, loaded, tmp_path):
    """Issue 13 item 12: a re-run still replaces its partition, but a large drop is visible: the non-blocking check
    air_row_counts names the file and both counts, and mart.feed_rejections lists it (file_rejected = false)."""
    warehouse, before, result = load_over(name, loaded, tmp_path)
    assert result.success  # non-blocking: the run goes on
    hours = query(warehouse, "SELECT count(*) FROM staging.air_hourly WHERE file_date = DATE '2019-01-03'")
    assert hours == [(REDELIVERIES[name],)]
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert checks["air_files_loaded"].passed and not checks["air_row_counts"].passed
    expected = f"{FILE}: {REDELIVERIES[name]} station-hours replace the 144 the partition had"
    assert [d for d in checks["air_row_counts"].metadata["drops"].value if expected in d]
    assert query(warehouse, "SELECT source_file, file_rejected FROM mart.feed_rejections "
                            "WHERE partition_date = DATE '2019-01-03' AND reason LIKE ?", [f"%{expected}%"]) == [
        (FILE, False)]
    after = rows_by_day(warehouse)  # the other day is as it was
    assert [r for r in after["staging.air_hourly"] if str(r[1]) == "2019-01-02"] == [
        r for r in before["staging.air_hourly"] if str(r[1]) == "2019-01-02"]
