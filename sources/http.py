"""HTTP access for feeds: one ``requests`` session with timeouts and retries.

Retries (with exponential back-off) cover connection errors and 5xx answers;
urllib3's ``Retry`` does the work. A 404 is not retried: the caller turns it
into an error that names the missing day.
"""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

#: (connect, read) timeouts in seconds.
DEFAULT_TIMEOUT = (5.0, 30.0)


class FeedHTTPError(RuntimeError):
    """A feed request that failed after its retries, with the URL."""


def make_session(retries: int = 3, backoff: float = 0.5) -> requests.Session:
    """A session that retries GETs on connection errors and 5xx, with back-off."""
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=(500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = "quality-warehouse/0.1"
    return session


def get_bytes(session: requests.Session, url: str, timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> bytes | None:
    """GET ``url``; the body, or None on 404. Anything else that fails raises FeedHTTPError.

    ``requests`` checks the body against Content-Length, so a body cut short
    raises instead of passing a truncated file on.
    """
    try:
        response = session.get(url, timeout=timeout)
    except requests.RequestException as exc:
        raise FeedHTTPError(f"GET {url} failed after retries: {exc}") from exc
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise FeedHTTPError(f"GET {url} answered HTTP {response.status_code} after retries")
    return response.content
