"""The HTTP air source against a real HTTP server on 127.0.0.1 (pytest-httpserver)."""

import datetime as dt
import socket
import threading
import time

import pytest
from werkzeug import Response

from sources.air import FeedMissingError, check_air_file, read_air_file
from sources.errors import FeedFormatError
from sources.http import FeedHTTPError, make_session
from sources.profile import Feed
from tests.conftest import FEEDS, materialize_range, query, write_profile
from tests.test_air_corpus import RAW_AND_STAGING

DAY = dt.date(2019, 1, 2)
NAME = "china_sites_20190102.csv"
BODY = (FEEDS / NAME).read_bytes()


def feed(httpserver) -> Feed:
    return Feed(url=httpserver.url_for("/air"))


def test_200_returns_the_file(httpserver):
    httpserver.expect_request(f"/air/{NAME}").respond_with_data(BODY)
    content, source = read_air_file(feed(httpserver), DAY)
    assert content == BODY
    assert source.endswith(f"/air/{NAME}")


def test_404_is_an_error_naming_the_day(httpserver):
    httpserver.expect_request(f"/air/{NAME}").respond_with_data("not here", status=404)
    with pytest.raises(FeedMissingError, match=r"no file for 2019-01-02: GET .*/air/china_sites_20190102.csv "
                                               r"returned 404"):
        read_air_file(feed(httpserver), DAY)


def test_500_then_200_is_retried(httpserver):
    httpserver.expect_ordered_request(f"/air/{NAME}").respond_with_data("busy", status=500)
    httpserver.expect_ordered_request(f"/air/{NAME}").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request(f"/air/{NAME}").respond_with_data(BODY)
    content, _ = read_air_file(feed(httpserver), DAY, session=make_session(retries=3, backoff=0.01))
    assert content == BODY
    assert len(httpserver.log) == 3


def test_500_every_time_fails_after_the_retries(httpserver):
    httpserver.expect_request(f"/air/{NAME}").respond_with_data("down", status=500)
    with pytest.raises(FeedHTTPError, match=r"(HTTP 500|too many 500)"):
        read_air_file(feed(httpserver), DAY, session=make_session(retries=2, backoff=0.01))
    assert len(httpserver.log) == 3  # the first try and two retries


def test_slow_response_past_the_read_timeout_fails(httpserver):
    def slow(_request):
        time.sleep(1.0)
        return Response(BODY)

    httpserver.expect_request(f"/air/{NAME}").respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(FeedHTTPError, match="failed after retries"):
        read_air_file(feed(httpserver), DAY, session=make_session(retries=1, backoff=0.01), timeout=(1.0, 0.2))
    assert time.monotonic() - started < 5


def test_body_cut_short_fails():
    """A server that promises more bytes than it sends, then closes the connection."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    def serve():
        for _ in range(2):  # the first try and one retry
            conn, _ = listener.accept()
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(BODY)
                         + BODY[:1000])
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with pytest.raises(FeedHTTPError, match="failed after retries"):
            read_air_file(Feed(url=f"http://127.0.0.1:{port}/air"), DAY,
                          session=make_session(retries=1, backoff=0.01), timeout=(1.0, 2.0))
    finally:
        thread.join(timeout=5)
        listener.close()


def test_http_feed_through_the_pipeline(httpserver, tmp_path):
    for day in ("20190102", "20190103"):
        httpserver.expect_request(f"/air/china_sites_{day}.csv").respond_with_data(
            (FEEDS / f"china_sites_{day}.csv").read_bytes())
    profile = write_profile(tmp_path / "p.yaml", httpserver.url_for("/air"))
    warehouse = tmp_path / "w.duckdb"
    assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-03").success
    files = query(warehouse, "SELECT source_file FROM raw.air_file ORDER BY 1")
    assert files == [("china_sites_20190102.csv",), ("china_sites_20190103.csv",)]


def test_a_redirect_is_followed(httpserver):
    httpserver.expect_request(f"/air/{NAME}").respond_with_data(
        "", status=302, headers={"Location": httpserver.url_for(f"/mirror/{NAME}")})
    httpserver.expect_request(f"/mirror/{NAME}").respond_with_data(BODY)
    content, _ = read_air_file(feed(httpserver), DAY)
    assert content == BODY


def test_an_html_error_page_served_with_200_fails_the_day(httpserver):
    httpserver.expect_request(f"/air/{NAME}").respond_with_data(
        "<html><body><h1>Service temporarily unavailable</h1></body></html>", content_type="text/html")
    content, source = read_air_file(feed(httpserver), DAY)
    with pytest.raises(FeedFormatError, match=r"/air/china_sites_20190102.csv: row 1: not a CSV file \(it looks"):
        check_air_file(content, source, DAY, ["2457A"])


def test_a_gzip_bomb_and_a_trickling_server_fail_their_day_only(httpserver, tmp_path):
    """Issue 13 items 5 and 8: a 40-kB gzip answer that unpacks to 40 MB is refused at the feed's limit once
    decoded (16 MiB for air), and a server sending a byte every 0.25 s is cut off at the overall deadline per file
    (feeds.air.deadline_s); each fails its own day, naming the file, and the days keep their previous data."""
    import gzip

    import yaml

    days = ("20190102", "20190103", "20190104")
    for day in days:
        httpserver.expect_request(f"/air/china_sites_{day}.csv").respond_with_data(
            (FEEDS / f"china_sites_{day}.csv").read_bytes())
    profile = write_profile(tmp_path / "p.yaml", httpserver.url_for("/air"))
    doc = yaml.safe_load(profile.read_text(encoding="utf-8"))
    doc["feeds"]["air"]["deadline_s"] = 1
    profile.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    assert materialize_range(profile, warehouse, "2019-01-02", "2019-01-04", selection=RAW_AND_STAGING).success
    before = rows(warehouse)

    httpserver.clear()
    httpserver.expect_request("/air/china_sites_20190102.csv").respond_with_data(
        (FEEDS / "china_sites_20190102.csv").read_bytes())
    bomb = gzip.compress(b"\0" * (40 * 2**20), compresslevel=9)
    assert len(bomb) < 50_000
    httpserver.expect_request("/air/china_sites_20190103.csv").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="text/csv")

    def trickle(_request):
        def drip():
            for byte in b"date,hour,type,2457A\r\n":
                time.sleep(0.25)
                yield bytes([byte])
        return Response(drip(), content_type="text/csv")

    httpserver.expect_request("/air/china_sites_20190104.csv").respond_with_handler(trickle)
    started = time.monotonic()
    result = materialize_range(profile, warehouse, "2019-01-02", "2019-01-04", raise_on_error=False,
                               selection=RAW_AND_STAGING)
    assert time.monotonic() - started < 30
    check = {e.check_name: e for e in result.get_asset_check_evaluations()}["air_files_loaded"]
    assert not check.passed
    errors = check.metadata["errors"].value
    assert ("china_sites_20190103.csv: the body is larger than the 16,777,216 bytes this feed allows for a file "
            "once decoded (Content-Encoding gzip); refused at the limit") in errors
    assert "china_sites_20190104.csv: no complete answer within the deadline of 1 s for one file" in errors
    after = rows(warehouse)
    assert after == before  # 01-02 reloaded identically, 01-03 and 01-04 kept
    assert query(warehouse, "SELECT partition_date::VARCHAR, file_rejected FROM mart.feed_rejections ORDER BY 1") == [
        ("2019-01-03", True), ("2019-01-04", True)]
    # nothing unbounded reached the run's event log either
    assert max(len(e.message or "") for e in result.all_events) < 5_000


def rows(warehouse) -> dict:
    return {"raw": query(warehouse, "SELECT file_date, sha256 FROM raw.air_file ORDER BY ALL"),
            "staging": query(warehouse, "SELECT file_date, count(*) FROM staging.air_hourly GROUP BY ALL ORDER BY ALL")}


def test_a_body_announced_above_the_limit_is_not_read(httpserver):
    httpserver.expect_request(f"/air/{NAME}").respond_with_data(BODY)
    with pytest.raises(FeedHTTPError, match=r"announces 1,\d{3},\d{3} bytes, more than the 1,048,576 this feed "
                                            r"allows for a file; not read"):
        read_air_file(Feed(url=httpserver.url_for("/air"), max_bytes=2**20), DAY)
