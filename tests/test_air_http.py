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
