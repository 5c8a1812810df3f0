"""Profiles are read with safe YAML and checked with messages that name the key at fault."""

import pytest
import yaml

from sources.profile import ProfileError, load_profile, parse_profile
from sources.station_list import left_out, main, profile_from_station_list
from tests.conftest import PROFILE


def base() -> dict:
    return yaml.safe_load(PROFILE.read_text(encoding="utf-8"))


def test_bundled_profile():
    profile = load_profile(PROFILE)
    assert len(profile.indicators) == 17
    assert profile.indicator("good_air_days_ratio").target == 83
    assert profile.timezone == "Asia/Shanghai"
    stations = {s.code: s for s in profile.air_stations if s.area == "430400"}
    assert set(stations) == {"2456A", "2457A", "2458A", "2459A", "2460A", "2461A", "3399A"}
    # Hunan's other 13 cities are peers (compared and ranked, given no targets), with their 75 stations.
    peers = {a.code for a in profile.areas if a.peer}
    assert len(peers) == 13 and all(a.level == "city" for a in profile.areas if a.peer)
    assert "430400" not in peers and sum(s.area in peers for s in profile.air_stations) == 75
    assert stations["2456A"].assessment is False  # 对照点
    assert all(s.assessment for code, s in stations.items() if code != "2456A")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["indicators"][0].update(comparator="~"), "indicators[0].comparator must be one of"),
        (lambda d: d["indicators"][0].pop("target_year"), "indicators[0].target_year is required"),
        (lambda d: d["indicators"][1].update(target="95%"), "indicators[1].target must be a number"),
        (lambda d: d["air"]["stations"][0].update(area="999999"), "air.stations[0].area '999999' is not an area"),
        (lambda d: d["areas"].append(dict(d["areas"][0])), "duplicate area codes"),
        (lambda d: d["air"].update(city_min_station_share=2), "air.city_min_station_share must be a number"),
        (lambda d: d["feeds"]["air"].update(last_days=-1), "feeds.air.last_days must be a positive integer"),
        (lambda d: d["feeds"]["air"].update(start="2019-13-01"), "feeds.air.start must be a date"),
        (lambda d: d["areas"][1].update(peer=True), "areas[1].peer must be true or false, and only a city"),
        (lambda d: d["air"].update(published_city_daily={"area": "天津", "file": "x.csv"}),
         "air.published_city_daily.area '天津' is not an area"),
    ],
)
def test_bad_profiles_are_rejected_with_the_key(change, message):
    doc = base()
    change(doc)
    with pytest.raises(ProfileError) as err:
        parse_profile(doc, "p.yaml")
    assert str(err.value).startswith("p.yaml: ")
    assert message in str(err.value)


def test_unsafe_yaml_is_refused(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("!!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="not valid YAML"):
        load_profile(path)


def test_missing_profile_file(tmp_path):
    with pytest.raises(ProfileError, match="profile file not found"):
        load_profile(tmp_path / "nope.yaml")


def test_profile_built_from_the_station_list():
    doc = profile_from_station_list(base(), ["衡阳", "天津"])
    profile = parse_profile(doc, "built.yaml")
    assert {a.code for a in profile.areas} == {"衡阳", "天津"}
    hengyang = [s for s in profile.air_stations if s.area == "衡阳"]
    assert {s.code for s in hengyang} == {"2456A", "2457A", "2458A", "2459A", "2460A", "2461A", "3399A"}
    assert [s.code for s in hengyang if not s.assessment] == ["2456A"]
    # Only the air feed and its indicator: the other feeds are 衡阳's own files, left out and reported.
    assert [i.id for i in profile.indicators] == ["good_air_days_ratio"] and list(profile.feeds) == ["air"]
    assert len(left_out(base())) == 7  # five feeds, their indicators, the water sections
    with pytest.raises(ValueError, match="not in the station list: 火星"):
        profile_from_station_list(base(), ["火星"])


def test_a_generated_profile_runs_as_make_run_runs_it(tmp_path, capsys, monkeypatch):
    """`sources.station_list` then `pipelines.run`: the documented way to add a city, on two real days."""
    from pipelines import run
    from tests.conftest import copy_days

    feed = copy_days(tmp_path / "air", ["20190105", "20190106"])
    assert main(["--city", "天津", "--peer", "北京", "--base", str(PROFILE), "--air-url", str(feed)]) == 0
    out = capsys.readouterr()
    assert "left out: feed water_auto" in out.err and "area codes are the city names" in out.err
    profile = tmp_path / "tianjin.yaml"
    profile.write_text(out.out, encoding="utf-8")
    monkeypatch.setenv("QW_PROFILE", str(profile))
    monkeypatch.setenv("QW_WAREHOUSE", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    assert run.main([]) == 0
    printed = capsys.readouterr().out
    assert "feed water_auto: not configured" in printed
    assert "天津: 0 of 1 targets attained." in printed  # two days: the year is not yet judged
    assert "北京" in printed and "◀ assessed" in printed
