"""The air_hourly rules two ways: the row-level suite (GX on every station-hour) and the statistics suite (GX on one
aggregate pass per batch, the blocking check of record) give the same verdict on every rule, on every corpus file and
bundled feed file that reaches staging, good and bad, and on frames broken one rule at a time; the failures are named
in the row-level suite's words."""

import datetime as dt
import itertools

import polars as pl
import pytest

from expectations import runner
from expectations.air import (
    RULES,
    air_hourly_statistics_suite,
    air_hourly_suite,
    columns_with_values,
    row_level_verdicts,
    statistics,
    statistics_failures,
    statistics_verdicts,
    validation_view,
)
from sources.air import check_air_file, stage_air_file
from sources.errors import FeedFormatError
from tests.conftest import FEEDS, ROOT
from tests.test_air_corpus import CASES
from tests.test_air_expectations import DAY, SOURCE, STATIONS, set_value

CORPUS = ROOT / "tests" / "corpus" / "air"
CORPUS_DAY = dt.date(2019, 1, 3)
NATIONAL = pl.read_csv(ROOT / "profiles" / "stations.csv", columns=["code"])["code"].to_list()


def row_level(frame: pl.DataFrame, stations: list[str]):
    return runner.validate(validation_view(frame), "air_hourly", air_hourly_suite(stations, columns_with_values(frame)))


def on_statistics(frame: pl.DataFrame, stations: list[str]):
    stats = statistics(frame, "batch")
    result = runner.validate(stats, "air_hourly_statistics", air_hourly_statistics_suite(stations),
                             index_columns=["column"], result_format="COMPLETE")
    return stats, result


def same_verdicts(frame: pl.DataFrame, stations: list[str]) -> dict:
    """Both suites on ``frame``: the verdict per rule (asserted equal), and both failure summaries."""
    rows = row_level(frame, stations)
    stats, result = on_statistics(frame, stations)
    expected, got = row_level_verdicts(rows), statistics_verdicts(result)
    assert got == expected, {rule: (expected[rule], got[rule]) for rule in RULES if expected[rule] != got[rule]}
    assert result.success == rows.success
    failed = statistics_failures(result, stats, frame, stations)
    assert [f.expectation for f in failed] == [f.expectation for f in runner.failures(rows)]
    return {"rows": rows, "failed": failed, "verdicts": got}


def corpus_frames() -> list[tuple[str, pl.DataFrame | None]]:
    out = []
    for path in sorted(CORPUS.glob("*.csv")):
        content = path.read_bytes()
        try:
            check_air_file(content, "china_sites_20190103.csv", CORPUS_DAY, STATIONS)
        except FeedFormatError:
            out.append((path.name, None))  # raw rejects it: no batch reaches either suite
            continue
        out.append((path.name, stage_air_file(content, "china_sites_20190103.csv", CORPUS_DAY, STATIONS,
                                              "Asia/Shanghai")))
    return out


@pytest.mark.parametrize(("name", "frame"), corpus_frames(), ids=lambda v: v if isinstance(v, str) else "")
def test_corpus_file_same_verdict_per_rule(name, frame):
    if frame is None:  # raw rejects the file (its message is tests/test_air_corpus.py's): no batch to validate
        assert CASES[name] is not None and not CASES[name].startswith("source_file=")
        return
    outcome = same_verdicts(frame, STATIONS)
    broken = {rule for rule, ok in outcome["verdicts"].items() if not ok}
    if name == "negative.csv":
        assert broken and all(kind == "expect_column_min_to_be_between" for kind, _ in broken)
    elif name == "above_ceiling.csv":
        assert broken and all(kind == "expect_column_max_to_be_between" for kind, _ in broken)
    else:
        assert not broken, name


def test_every_corpus_outcome_is_covered():
    frames = dict(corpus_frames())
    assert {name for name, f in frames.items() if f is not None} >= {
        "good.csv", "negative.csv", "above_ceiling.csv", "truncated_mid_row.csv", "duplicate_station_column.csv"}


def feed_batches() -> list[tuple[str, list[str]]]:
    """The bundled year as staging batches it: the ten national January days (national station list), then each
    month of the cut files (Hunan and Tianjin stations, a subset of the national list)."""
    files = sorted(FEEDS.glob("china_sites_*.csv"))
    national = [p.name for p in files if p.name <= "china_sites_20190110.csv"]
    months = itertools.groupby([p.name for p in files if p.name > "china_sites_20190110.csv"], key=lambda n: n[12:18])
    return [("2019-01-01…10", national), *((f"{m[:4]}-{m[4:]}", list(names)) for m, names in months)]


def stage_batch(names: list[str]) -> pl.DataFrame:
    return pl.concat([
        stage_air_file((FEEDS / n).read_bytes(), n, dt.datetime.strptime(n[12:20], "%Y%m%d").date(), NATIONAL,
                       "Asia/Shanghai") for n in names])


@pytest.mark.parametrize(("batch", "names"), feed_batches(), ids=[b for b, _ in feed_batches()])
def test_bundled_feed_same_verdict_per_rule(batch, names):
    frame = stage_batch(names)
    assert same_verdicts(frame, NATIONAL)["rows"].success
    # and broken: a negative value, a value above its ceiling, a station outside the list, in the same batch
    i = frame.height // 2
    broken = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == i).then(-3.0).otherwise(pl.col("no2")).alias("no2"),
        pl.when(pl.int_range(pl.len()) == i + 1).then(12000.0).otherwise(pl.col("pm10")).alias("pm10"),
        pl.when(pl.int_range(pl.len()) == i + 2).then(pl.lit("0000X")).otherwise(pl.col("station_code"))
        .alias("station_code"))
    outcome = same_verdicts(broken, NATIONAL)
    assert {rule for rule, ok in outcome["verdicts"].items() if not ok} == {
        ("expect_column_min_to_be_between", "no2"), ("expect_column_max_to_be_between", "pm10"),
        ("expect_column_distinct_values_to_be_in_set", "station_code")}


@pytest.fixture(scope="module")
def staged() -> pl.DataFrame:
    return stage_air_file((FEEDS / SOURCE).read_bytes(), SOURCE, DAY, STATIONS, "Asia/Shanghai")


BREAKS = {
    "ceiling": lambda f: set_value(f, "2457A", 5, pm2_5=12000.0),
    "ceiling of co_24h and aqi": lambda f: set_value(f, "2457A", 5, co_24h=151.0, aqi=501.0),
    "the ceilings themselves": lambda f: set_value(f, "2457A", 5, pm10=10000.0, co=150.0, aqi=500.0),
    "negative": lambda f: set_value(f, "2457A", 3, so2=-1.0),
    "two negatives": lambda f: set_value(set_value(f, "2457A", 3, so2=-1.0), "2458A", 4, o3_8h=-2.0),
    "hour 24": lambda f: set_value(f, "2458A", 7, hour=24),
    "hour -1": lambda f: set_value(f, "2458A", 7, hour=-1),
    "hour_ending 0": lambda f: set_value(f, "2458A", 7, hour_ending=0),
    "hour_ending 25": lambda f: set_value(f, "2458A", 7, hour_ending=25),
    "unknown stations": lambda f: set_value(set_value(f, "2457A", 3, station_code="9999A"), "2458A", 4,
                                            station_code="8888A"),
    "null keys": lambda f: set_value(set_value(f, "2457A", 3, station_code=None), "2458A", 4, hour_end=None),
    "repeated rows": lambda f: pl.concat([f, f.head(2)]),
    "extra column": lambda f: f.with_columns(extra=pl.lit(1)),
    "series without values": lambda f: f.with_columns(pl.lit(None, dtype=pl.Float64).alias("pm10")),
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_each_rule_broken_same_verdict_and_message(staged, case):
    frame = BREAKS[case](staged)
    outcome = same_verdicts(frame, STATIONS)
    rows, failed = outcome["rows"], outcome["failed"]
    ok = case in ("the ceilings themselves", "series without values")
    assert rows.success is ok
    if case == "repeated rows":  # GX lists row numbers there; the statistics name the repeated keys
        assert failed[0].unexpected == 4 and failed[0].samples[0].startswith("station_code=2456A, hour_end=2019-01-02")
    elif case == "null keys":
        assert [f.unexpected for f in failed] == [1, 1]
    else:  # the same message as the row-level suite, word for word
        assert runner.failure_summary(None, failed) == runner.failure_summary(rows)


def test_statistics_frame(staged):
    stats = statistics(staged, "2019-01-02…02")
    by_column = {r["column"]: r for r in stats.filter(pl.col("rows").is_not_null()).iter_rows(named=True)}
    assert list(by_column) == staged.columns
    assert by_column["pm2_5"]["min"] == staged["pm2_5"].min() and by_column["pm2_5"]["max"] == staged["pm2_5"].max()
    assert by_column["hour"]["max"] == 23 and by_column["station_code"]["nulls"] == 0
    assert {r["duplicate_keys"] for r in by_column.values()} == {0}
    assert stats.filter(pl.col("rows").is_null())["station_code"].to_list() == staged["station_code"].unique(
        maintain_order=True).to_list()


@pytest.mark.parametrize("row_level", [False, True], ids=["statistics", "row level (QW_AIR_GX_ROWS=1)"])
def test_both_switch_positions_block_with_the_same_message(tmp_path, monkeypatch, row_level):
    """Staging validates statistics; QW_AIR_GX_ROWS=1 audits every station-hour instead: same block, same words."""
    from tests.conftest import copy_days, materialize_range, query, write_profile
    from tests.test_air_bad_input import error_text, set_cell

    if row_level:
        monkeypatch.setenv("QW_AIR_GX_ROWS", "1")
    else:
        monkeypatch.delenv("QW_AIR_GX_ROWS", raising=False)
    feed = copy_days(tmp_path / "feed", ["20190102"])
    profile = write_profile(tmp_path / "p.yaml", str(feed))
    warehouse = tmp_path / "w.duckdb"
    ok = materialize_range(profile, warehouse, "2019-01-02", "2019-01-02")
    check = {e.check_name: e for e in ok.get_asset_check_evaluations()}["gx_air_hourly"]
    assert check.passed
    assert check.metadata["suite"].value == ("air_hourly (row level)" if row_level else "air_hourly_statistics")
    before = query(warehouse, "SELECT count(*) FROM staging.air_hourly")
    row = set_cell(feed / SOURCE, 5, "CO", "2457A", "151")
    result = materialize_range(profile, warehouse, "2019-01-02", "2019-01-02", raise_on_error=False)
    assert not result.success
    assert not {e.check_name: e for e in result.get_asset_check_evaluations()}["gx_air_hourly"].passed
    message = error_text(result)
    assert ("failed the air_hourly suite; staging.air_hourly keeps its previous content for these days (earlier "
            "months of the run, validated, are written; the marts do not run). "
            "expect_column_max_to_be_between(column=co, max_value=150.0): ? unexpected, e.g. ; cells: "
            f"source_file={SOURCE}, source_row={row}, station_code=2457A: CO = 151 breaks value ≤ 150 (physical "
            "ceiling)") in message
    assert query(warehouse, "SELECT count(*) FROM staging.air_hourly") == before
