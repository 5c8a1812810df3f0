"""Bad input fails its own partition with file, row and column; the warehouse keeps what it had."""

from pathlib import Path

from tests.conftest import copy_days, materialize_range, query, write_profile


def counts(warehouse: Path) -> dict[str, list]:
    return {"raw.air_file": query(warehouse, "SELECT file_date, sha256 FROM raw.air_file ORDER BY ALL"),
            "staging.air_hourly": query(warehouse, "SELECT file_date, count(*) FROM staging.air_hourly GROUP BY ALL "
                                                   "ORDER BY ALL")}


def error_text(result) -> str:
    return "\n".join(str(e.event_specific_data.error) for e in result.all_events if e.is_step_failure)


def set_cell(path: Path, hour: int, series: str, station: str, value: str) -> int:
    """Write ``value`` into one cell of a national file; the cell's row number (header = 1)."""
    lines = path.read_bytes().split(b"\r\n")
    col = lines[0].decode().split(",").index(station)
    day = path.stem.rsplit("_", 1)[-1]
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{day},{hour},{series},".encode()))
    cells = lines[index].decode().split(",")
    cells[col] = value
    lines[index] = ",".join(cells).encode()
    path.write_bytes(b"\r\n".join(lines))
    return index + 1


def two_days_loaded(tmp_path: Path) -> tuple[Path, Path, Path, dict]:
    """The feed, profile and warehouse after a clean load of 2019-01-02 … 01-03, and the warehouse's counts."""
    feed = copy_days(tmp_path / "feed", ["20190102", "20190103"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    warehouse = tmp_path / "w.duckdb"
    assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-03").success
    return feed, profile, warehouse, counts(warehouse)


def test_malformed_file_fails_its_day_and_keeps_the_others(tmp_path):
    feed, profile, warehouse, before = two_days_loaded(tmp_path)

    row = set_cell(feed / "china_sites_20190103.csv", 0, "PM2.5", "2458A", "4O")  # letter O for zero
    result = materialize_range(profile, warehouse, "2019-01-02", "2019-01-03", raise_on_error=False)
    assert not result.success
    message = error_text(result)
    assert f"china_sites_20190103.csv: row {row}, column 2458A: not a number: '4O'" in message
    assert "1 feed file(s) were rejected in this run" in message  # the run's last step names it
    assert counts(warehouse) == before  # 01-02 reloaded identically, 01-03 untouched
    # the good day flowed on to the marts in the same run
    steps = {e.step_key for e in result.all_events if e.event_type_value == "STEP_SUCCESS"}
    assert {"mart__air_station_day", "mart__air_city_day", "mart__target_attainment"} <= steps
    assert query(warehouse, "SELECT file_rejected, source_file FROM mart.feed_rejections") == [
        (True, "china_sites_20190103.csv")]


def test_missing_day_is_an_error_naming_it(tmp_path):
    feed = copy_days(tmp_path / "feed", ["20190102"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    warehouse = tmp_path / "w.duckdb"
    result = materialize_range(profile, warehouse, "2019-01-02", "2019-01-03", raise_on_error=False)
    assert not result.success
    assert "air feed has no file for 2019-01-03" in error_text(result)
    assert query(warehouse, "SELECT file_date::VARCHAR FROM raw.air_file") == [("2019-01-02",)]


def test_expectation_failure_blocks_staging_and_marts(tmp_path):
    feed = copy_days(tmp_path / "feed", ["20190102"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    warehouse = tmp_path / "w.duckdb"
    assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-02").success
    staged_before = counts(warehouse)["staging.air_hourly"]
    marts_before = query(warehouse, "SELECT * FROM mart.air_station_day ORDER BY ALL")

    # A negative PM2.5 value at a Hengyang station: parseable, but not physical.
    row = set_cell(feed / "china_sites_20190102.csv", 5, "PM2.5", "2457A", "-7")

    result = materialize_range(profile, warehouse, "2019-01-02", "2019-01-02", raise_on_error=False)
    assert not result.success
    gx = {e.check_name: e for e in result.get_asset_check_evaluations()}["gx_air_hourly"]
    assert not gx.passed
    message = error_text(result)
    assert f"source_file=china_sites_20190102.csv, source_row={row}, station_code=2457A" in message
    assert counts(warehouse)["staging.air_hourly"] == staged_before
    assert query(warehouse, "SELECT * FROM mart.air_station_day ORDER BY ALL") == marts_before
    # raw keeps the file as received, so the bad value can be inspected where it came from
    (path,) = query(warehouse, "SELECT archive_path FROM raw.air_file")[0]
    assert (tmp_path / "raw" / path).read_bytes() == (feed / "china_sites_20190102.csv").read_bytes()


def test_a_number_like_cell_fails_its_day_and_keeps_the_others(tmp_path):
    """``1.2.3`` has only the characters of numbers: raw still names it, and only its day is rejected."""
    feed, profile, warehouse, before = two_days_loaded(tmp_path)

    row = set_cell(feed / "china_sites_20190102.csv", 5, "PM2.5", "2457A", "1.2.3")
    result = materialize_range(profile, warehouse, "2019-01-02", "2019-01-03", raise_on_error=False)
    assert not result.success
    assert f"china_sites_20190102.csv: row {row}, column 2457A: not a number: '1.2.3'" in error_text(result)
    assert counts(warehouse) == before  # 01-02 keeps its data, 01-03 reloaded identically
    steps = {e.step_key for e in result.all_events if e.event_type_value == "STEP_SUCCESS"}
    assert {"staging__air_hourly", "mart__air_station_day", "mart__target_attainment"} <= steps


def test_a_link_in_the_feed_folder_is_rejected_unread(tmp_path):
    """Issue 13 item 9: only regular files inside the feed folder are read; a link (here to /etc/passwd) fails its
    day by name, and nothing of what it points to reaches a message, mart.feed_rejections or the BI snapshot."""
    feed, profile, warehouse, before = two_days_loaded(tmp_path)
    (feed / "china_sites_20190103.csv").unlink()
    (feed / "china_sites_20190103.csv").symlink_to("/etc/passwd")

    result = materialize_range(profile, warehouse, "2019-01-02", "2019-01-03", raise_on_error=False)
    assert not result.success
    message = error_text(result)
    assert "china_sites_20190103.csv: row 1: a symbolic link, not a regular file" in message
    assert "root:" not in message
    assert counts(warehouse) == before
    assert query(warehouse, "SELECT count(*) FROM mart.feed_rejections WHERE reason LIKE '%root:%'") == [(0,)]
    assert query(tmp_path / "serving.duckdb", "SELECT source_file, file_rejected FROM mart.feed_rejections") == [
        ("china_sites_20190103.csv", True)]
