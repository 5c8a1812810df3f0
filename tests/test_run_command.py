"""`make run` (pipelines.run) over feed folders holding files that cannot be partitions (issue 13 items 2 and 4):
each is refused by name with its reason, every other file of every feed loads, and the command exits 1."""

import datetime as dt
import shutil
from zoneinfo import ZoneInfo

import dagster as dg
import yaml

from pipelines import run
from tests.conftest import FEEDS, PROFILE, ROOT, query, without_peers


def test_files_outside_the_partitions_or_with_impossible_dates_are_refused_and_the_rest_loads(
        tmp_path, monkeypatch, capsys):
    today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()  # the partitions' calendar
    folders = {feed: tmp_path / feed for feed in ("air", "solid_waste", "inspections", "reports")}
    for folder in folders.values():
        folder.mkdir()
    good_air = (FEEDS / "china_sites_20190111.csv").read_bytes()
    shutil.copy(FEEDS / "china_sites_20190111.csv", folders["air"])
    shutil.copy(FEEDS / "china_sites_20190112.csv", folders["air"])
    (folders["air"] / "china_sites_20190230.csv").write_bytes(good_air)  # an impossible date
    partly = b"\r\n".join(good_air.split(b"\r\n")[:40])  # today's file, still being published
    (folders["air"] / f"china_sites_{today:%Y%m%d}.csv").write_bytes(partly)
    shutil.copy(ROOT / "feeds/solid_waste/solid_waste_2019.csv", folders["solid_waste"])
    shutil.copy(ROOT / "feeds/solid_waste/solid_waste_2018.csv", folders["solid_waste"] / "solid_waste_2014.csv")
    shutil.copy(ROOT / "feeds/inspections/inspections_201901.csv", folders["inspections"])
    shutil.copy(ROOT / "feeds/inspections/inspections_201902.csv", folders["inspections"] / "inspections_201913.csv")
    shutil.copy(ROOT / "feeds/reports/reports_2019.csv", folders["reports"])
    shutil.copy(ROOT / "feeds/reports/reports_2019.csv", folders["reports"] / "reports_2030.csv")

    doc = without_peers(yaml.safe_load(PROFILE.read_text(encoding="utf-8")))
    doc["feeds"] = {feed: {"url": str(folder)} for feed, folder in folders.items()}  # water not configured
    profile = tmp_path / "p.yaml"
    profile.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    monkeypatch.setenv("QW_PROFILE", str(profile))
    monkeypatch.setenv("QW_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))

    status = run.main([])
    out, err = capsys.readouterr()
    assert status == 1
    refused = err[err.index("5 file(s) refused, not loaded (the rest was):"):]
    for line in (
        "china_sites_20190230.csv: the date in the file name is impossible (day is out of range for month)",
        f"china_sites_{today:%Y%m%d}.csv: {today} is after the last partition of air_job "
        f"({today - dt.timedelta(days=1)}): a period is loaded once it has ended",
        "solid_waste_2014.csv: 2014 is before the first partition of solid_waste_job (2018); not loaded",
        "inspections_201913.csv: the date in the file name is impossible (month must be in 1..12)",
        "reports_2030.csv: 2030 is after the last partition of reports_job",
    ):
        assert line in refused, line
    # every other file of every feed loaded, and flowed on to the attainment table
    assert query(warehouse, "SELECT file_date::VARCHAR FROM raw.air_file ORDER BY 1") == [
        ("2019-01-11",), ("2019-01-12",)]
    assert query(warehouse, "SELECT DISTINCT year FROM raw.solid_waste") == [(2019,)]
    assert query(warehouse, "SELECT DISTINCT month::VARCHAR FROM raw.inspections") == [("2019-01-01",)]
    assert query(warehouse, "SELECT DISTINCT year FROM raw.reports") == [(2019,)]
    assert query(warehouse, "SELECT count(*) FROM mart.feed_rejections") == [(0,)]
    assert "Target attainment" in out
    for job in ("air_job", "solid_waste_job", "inspections_job", "reports_job"):
        assert f"{job} [1/1]" in out
    # The runs are runs of workspace.yaml's code location, as a UI launch would create them (issue 12 item 4):
    # the job pages and the Overview timeline find them by this origin.
    with dg.DagsterInstance.get() as instance:
        runs = instance.get_runs()
        label = {".dagster/repository": "__repository__@pipelines.definitions"}  # what the job pages filter on
        assert len(instance.get_runs(filters=dg.RunsFilter(tags=label))) == len(runs)
    assert sorted(r.job_name for r in runs) == ["air_job", "inspections_job", "reports_job", "solid_waste_job"]
    for r in runs:
        assert r.remote_job_origin.location_name == "pipelines.definitions"
        assert r.remote_job_origin.repository_origin.repository_name == "__repository__"
        assert r.job_code_origin.repository_origin.code_pointer.module == "pipelines.definitions"

    # Item 12: a much shorter re-delivery loads (a re-run replaces its partition) and is a line of the summary.
    lines = (folders["reports"] / "reports_2019.csv").read_bytes().split(b"\r\n")
    (folders["reports"] / "reports_2019.csv").write_bytes(b"\r\n".join(lines[:9]) + b"\r\n")
    (folders["reports"] / "reports_2030.csv").unlink()
    doc["feeds"] = {"reports": {"url": str(folders["reports"])}}
    profile.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert run.main([]) == 0  # a warning, not an error
    out, _ = capsys.readouterr()
    summary = out[out.index("1 partition(s) replaced by much less data than they had"):]
    assert "reports_2019.csv: 8 rows replace the 17 the partition had (-53%)" in summary
    assert query(warehouse, "SELECT count(*) FROM raw.reports") == [(8,)]
