"""Raw keeps each air file as received in the raw archive beside the warehouse: byte for byte, named by day and
hash (a re-delivered file with other bytes is kept beside the first), and checked when staging reads it back."""

import dagster as dg

from tests.conftest import copy_days, materialize_range, query, write_profile

RAW_AND_STAGING = dg.AssetSelection.assets(["raw", "air_file"], ["staging", "air_hourly"])


def one_day_loaded(tmp_path):
    """The feed, profile and warehouse after raw and staging loaded 2019-01-02."""
    feed = copy_days(tmp_path / "feed", ["20190102"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    warehouse = tmp_path / "w.duckdb"
    assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-02", selection=RAW_AND_STAGING).success
    return feed, profile, warehouse


def test_a_redelivered_file_is_a_new_archive_file_and_the_row_follows_it(tmp_path):
    feed, profile, warehouse = one_day_loaded(tmp_path)
    first = query(warehouse, "SELECT archive_path, sha256 FROM raw.air_file")
    original = (feed / "china_sites_20190102.csv").read_bytes()
    (feed / "china_sites_20190102.csv").write_bytes(original.replace(b"\r\n", b"\n"))  # same data, other bytes

    assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-02", selection=RAW_AND_STAGING).success
    second = query(warehouse, "SELECT archive_path, sha256 FROM raw.air_file")
    assert len(second) == 1 and second != first  # one row per day, pointing at the newer file
    archive = tmp_path / "raw"
    assert (archive / first[0][0]).read_bytes() == original  # the earlier delivery is still kept
    assert sorted(p.name for p in (archive / "air" / "2019").iterdir()) == sorted(
        [first[0][0].rsplit("/", 1)[-1], second[0][0].rsplit("/", 1)[-1]])
    assert not list(archive.rglob("*.tmp"))


def test_an_archived_file_changed_after_loading_stops_staging_naming_it(tmp_path):
    _, profile, warehouse = one_day_loaded(tmp_path)
    staged = query(warehouse, "SELECT count(*) FROM staging.air_hourly")
    (path,) = query(warehouse, "SELECT archive_path FROM raw.air_file")[0]
    (tmp_path / "raw" / path).write_bytes(b"tampered")

    result = materialize_range(profile, warehouse, "2019-01-02", "2019-01-02", raise_on_error=False,
                               selection=dg.AssetSelection.assets(["staging", "air_hourly"]))
    assert not result.success
    errors = "\n".join(str(e.event_specific_data.error) for e in result.all_events if e.is_step_failure)
    assert f"{path}: the archived raw file no longer matches the SHA-256" in errors
    assert query(warehouse, "SELECT count(*) FROM staging.air_hourly") == staged
