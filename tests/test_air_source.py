"""The china_sites parser: real files parse, and each defect fails with file, row and column."""

import datetime as dt

import pytest

from sources.air import FeedFormatError, check_air_file, source_row, stage_air_file
from tests.conftest import FEEDS

DAY = dt.date(2019, 1, 2)
REAL = (FEEDS / "china_sites_20190102.csv").read_bytes()
STATIONS = ["2456A", "2457A", "2458A", "2459A", "2460A", "2461A", "3399A"]


def small(rows: list[str], header: str = "date,hour,type,2457A,2458A") -> bytes:
    return ("\r\n".join([header, *rows])).encode()


def parse(content: bytes, stations=("2457A", "2458A")):
    """Check the file as raw does, then stage it as staging does."""
    check_air_file(content, "china_sites_20190102.csv", DAY, list(stations))
    return stage(content, stations)


def stage(content: bytes, stations=("2457A", "2458A")):
    return stage_air_file(content, "china_sites_20190102.csv", DAY, list(stations), "Asia/Shanghai")


def cells(staged) -> list[tuple]:
    """(station, hour, series column, value) of every non-empty cell."""
    series = [c for c in staged.columns if c not in ("station_code", "file_date", "hour", "hour_end", "day",
                                                     "hour_ending")]
    long = staged.unpivot(on=series, index=["station_code", "hour"]).drop_nulls("value")
    return sorted(long.rows())


def test_real_file_is_checked_and_reports_an_absent_station():
    checked = check_air_file(REAL, "china_sites_20190102.csv", DAY, STATIONS)
    assert checked.missing_stations == ("3399A",)
    assert checked.data_rows == 360
    assert "2456A" in checked.station_columns


def test_every_cell_of_the_real_file_is_staged_once():
    staged = stage(REAL, STATIONS)
    text = REAL.decode().splitlines()
    header = text[0].split(",")
    expected = sorted(
        (code, int(fields[1]), fields[2].lower().replace(".", "_"), float(fields[i]))
        for fields in (line.split(",") for line in text[1:])
        for i, code in enumerate(header) if code in STATIONS and fields[i] != "")
    assert cells(staged) == expected
    assert staged.select("station_code", "hour").is_duplicated().sum() == 0
    assert staged["hour"].min() == 0 and staged["hour"].max() == 23


def test_empty_cells_are_missing_not_zero():
    staged = parse(small(["20190102,1,PM2.5,,12", "20190102,1,CO,0.9,"]))
    assert cells(staged) == [("2457A", 1, "co", 0.9), ("2458A", 1, "pm2_5", 12.0)]


def test_a_silent_station_hour_has_no_row():
    staged = parse(small(["20190102,1,PM2.5,,12", "20190102,2,PM2.5,,13"]))
    assert staged.select("station_code", "hour").rows() == [("2458A", 1), ("2458A", 2)]


def test_bom_and_crlf_are_allowed():
    assert parse(b"\xef\xbb\xbf" + small(["20190102,1,PM2.5,10,12"])).height == 2
    assert parse(small(["20190102,1,PM2.5,10,12"]).replace(b"\r\n", b"\n")).height == 2


def test_extra_station_columns_are_ignored():
    staged = parse(small(["20190102,1,PM2.5,10,12,99"], header="date,hour,type,2457A,2458A,9999A"))
    assert set(staged["station_code"]) == {"2457A", "2458A"}


def test_a_cell_is_traced_to_its_line():
    content = small(["20190102,1,PM2.5,10,12", "20190102,1,CO,0.9,1"])
    assert source_row(content, 1, "CO") == 3 and source_row(content, 2, "CO") is None


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b"", "row 1: the file is empty"),
        (small([]), "row 2: the file has a header but no data rows"),
        (small(["20190102,1,PM2.5,10"]), "row 2: cut short (4 of 5 fields) and no complete row is left"),
        (small(["20190102,1,PM2.5,10", "20190102,2,PM2.5,1,2"]), "row 2: 4 fields where the header has 5"),
        (small(["20190102,1,PM2.5,10,12,13", "20190102,2,PM2.5,1,2"]), "row 2: 6 fields where the header has 5"),
        (small(["20190102,1,PM25,10,12"]), "row 2, column type: unknown series type"),
        (small(["20190102,1,PM2.5,10,abc"]), "row 2, column 2458A: not a number: 'abc'"),
        (small(["20190102,24,PM2.5,10,12"]), "row 2, column hour: hour must be an integer 0–23"),
        (small(["20190103,1,PM2.5,10,12"]), "row 2, column date: row date differs from the file's day 20190102"),
        (small(["20190102,1,PM2.5,10,12", "20190102,1,PM2.5,11,13"]),
         "row 2, column type: hour 1 has this series type more than once"),
        (b"<html><body>502 Bad Gateway</body></html>", "row 1: not a CSV file (it looks like an HTML page)"),
        ("date,hour,type,2457A\r\n20190102,1,PM2.5,衡阳\r\n".encode("gbk"), "row 2: not UTF-8 text"),
        (small(["20190102,1,PM2.5,10,12"], header="day,hour,type,2457A,2458A"),
         "row 1: header must start with date,hour,type"),
    ],
)
def test_malformed_files_name_file_row_and_column(content, where):
    with pytest.raises(FeedFormatError) as err:
        parse(content)
    assert str(err.value).startswith("china_sites_20190102.csv: ")
    assert where in str(err.value)


def test_a_last_row_cut_short_is_rejected_and_the_rest_kept():
    content = small(["20190102,1,PM2.5,10,12", "20190102,1,CO,0."])
    assert cells(stage(content)) == [("2457A", 1, "pm2_5", 10.0), ("2458A", 1, "pm2_5", 12.0)]
    checked = check_air_file(content, "china_sites_20190102.csv", DAY, ["2457A", "2458A"])
    assert checked.data_rows == 1
    assert checked.rejected_rows == ((3, "china_sites_20190102.csv: row 3: cut short (4 of 5 fields, a transfer cut "
                                        "off): row rejected, the complete rows are kept"),)


def test_a_repeated_station_column_is_kept_once_when_both_agree():
    header = "date,hour,type,2457A,2458A,2457A"
    staged = parse(small(["20190102,1,PM2.5,10,12,10"], header=header))
    assert cells(staged) == [("2457A", 1, "pm2_5", 10.0), ("2458A", 1, "pm2_5", 12.0)]
    with pytest.raises(FeedFormatError, match="row 2, column 2457A: the station column appears twice with "
                                              "different values"):
        parse(small(["20190102,1,PM2.5,10,12,11"], header=header))


def test_staging_types_and_the_hour_labels():
    staged = parse(small(["20190102,0,CO,1.1,0.9", "20190102,23,PM2.5,10,12"])).sort("hour", "station_code")
    first = staged.row(0, named=True)
    assert first["co"] == pytest.approx(1.1) and first["pm2_5"] is None
    assert first["day"] == dt.date(2019, 1, 1) and first["hour_ending"] == 24
    assert str(first["hour_end"]) == "2019-01-02 00:00:00+08:00"
    last = staged.row(-1, named=True)
    assert last["day"] == DAY and last["hour_ending"] == 23 and last["pm2_5"] == 12.0


@pytest.mark.parametrize("cell", ["1.2.3", "5.", ".5", "1..2", "-", "1-2", "--1", "."])
def test_a_number_like_cell_is_named_by_the_raw_check(cell):
    """Digits, dots and minus signs only, yet no number (``5.`` included, which a CSV reader would take)."""
    content = small([f"20190102,1,PM2.5,10,{cell}", "20190102,2,PM2.5,3.5,-4"])
    with pytest.raises(FeedFormatError) as err:
        check_air_file(content, "china_sites_20190102.csv", DAY, ["2457A", "2458A"])
    assert str(err.value) == f"china_sites_20190102.csv: row 2, column 2458A: not a number: '{cell}'"


def test_staging_names_a_cell_it_cannot_read():
    """Raw's check comes first, but staging reading an unchecked file still names the cell."""
    content = small(["20190102,1,PM2.5,10,1.2.3"])
    with pytest.raises(FeedFormatError, match=r"china_sites_20190102.csv: row 2, column 2458A: not a number: "
                                              r"'1.2.3'"):
        stage(content)


@pytest.mark.parametrize("cell", ["0", "12", "1.25", "-7", "0.5"])
def test_numbers_pass_the_raw_check(cell):
    """The screens let every number by (a negative one too: the staging expectations judge it)."""
    content = small([f"20190102,1,PM2.5,10,{cell}", f"20190102,2,CO,{cell},1.1"])
    check_air_file(content, "china_sites_20190102.csv", DAY, ["2457A", "2458A"])
    assert ("2458A", 1, "pm2_5", float(cell)) in cells(stage(content))


def test_whatever_the_check_accepts_the_parser_reads_the_same_way():
    """One definition of a line and of a number for the raw check and the staging parser (issue 13): random
    edits of a good file with line-breaking, control, padding and non-ASCII digit characters are either refused
    by the check (naming a row) or staged without error."""
    import random

    from tests.test_air_corpus import CORPUS

    text = (CORPUS / "good.csv").read_bytes().decode()
    tricky = ["\r", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x1e", "\x85", "\u2028", "\u2029", "\x00", " ", "\t",
              ",", "１", "²", "-", ".", "\ufeff", "\xa0", "\u3000"]
    rng = random.Random(13)
    accepted = 0
    for _ in range(600):
        edited = text
        for _ in range(rng.randint(1, 2)):
            at = rng.randrange(len(edited))
            edited = edited[:at] + rng.choice(tricky) + edited[at + (rng.random() < 0.3):]
        content = edited.encode()
        day = dt.date(2019, 1, 3)
        try:
            checked = check_air_file(content, "china_sites_20190103.csv", day, ["2456A", "2457A"])
        except FeedFormatError as exc:
            assert ": row " in str(exc)
            continue
        accepted += 1
        staged = stage_air_file(content, "china_sites_20190103.csv", day, ["2456A", "2457A"], "Asia/Shanghai")
        assert staged.height <= 2 * 24 and checked.data_rows >= 300
    assert accepted > 50


def test_repeated_columns_named_alike_by_the_fast_path_and_cell_by_cell():
    """With numeric cells only, repeated station columns are compared without the cell-by-cell loop (0.14 → 0.02 s
    a real 2019 file, whose header repeats 3207A); both paths name the same row and column."""
    from sources.air import _check_cells

    header = ["date", "hour", "type", "2459A", "2457A", "2458A", "2457A", "2459A"]
    lines = [(2, "20190102,1,PM2.5,5,10,12,10,5"), (3, "20190102,1,PM10,7,20,30,20,8"),
             (4, "20190102,1,CO,1,2,3,4,1")]
    messages = []
    for screen in (True, False):
        with pytest.raises(FeedFormatError) as err:
            _check_cells(header, lines, "f.csv", ["2457A", "2458A", "2459A"], screen=screen)
        messages.append(str(err.value))
    assert messages[0] == messages[1] == ("f.csv: row 3, column 2459A: the station column appears twice with "
                                          "different values ('7' and '8')")
