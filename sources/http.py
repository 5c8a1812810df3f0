"""HTTP access for feeds: one ``requests`` session with timeouts and retries, a cap on the body and a deadline.

Retries (with exponential back-off) cover connection errors and 5xx answers;
urllib3's ``Retry`` does the work. A 404 is not retried: the caller turns it
into an error that names the missing day.

Nothing a server sends is unbounded: the body is read in pieces and refused as soon as it passes the feed's limit
**after decoding** (a 40-KB gzip answer that unpacks to 40 MB is refused at the limit, never held whole), and the
whole exchange for one file — connection, retries, headers, body — has an overall deadline: the read timeout
starts again with every byte, so a server sending one byte a second would otherwise hold the run (and its one
writer slot) for ever.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from sources.text import cap

#: (connect, read) timeouts in seconds: for each connection attempt and each read.
DEFAULT_TIMEOUT = (5.0, 30.0)
#: The most a body may hold after decoding (Content-Encoding), unless the feed sets its own (``max_mb``).
DEFAULT_MAX_BYTES = 64 * 2**20
#: Seconds one file's GET may take in all, retries included, unless the feed sets its own (``deadline_s``).
DEFAULT_DEADLINE = 300.0
#: Bytes asked for per read; a read returns what has arrived, so the deadline is checked as bytes come.
_PIECE = 64 * 1024


class FeedHTTPError(RuntimeError):
    """A feed request that failed after its retries, with the URL."""

    def __init__(self, message: str):
        super().__init__(cap(str(message)))


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


def get_bytes(session: requests.Session, url: str, timeout: tuple[float, float] = DEFAULT_TIMEOUT,
              max_bytes: int = DEFAULT_MAX_BYTES, deadline: float = DEFAULT_DEADLINE) -> bytes | None:
    """GET ``url``; the body, or None on 404. Anything else that fails raises FeedHTTPError.

    ``requests`` checks the body against Content-Length, so a body cut short
    raises instead of passing a truncated file on. A body above ``max_bytes`` once decoded, or an exchange
    longer than ``deadline`` seconds in all, raises too, naming the limit.
    """
    transfer = _Transfer(session, url, timeout, max_bytes)
    # The exchange runs in its own thread so that the deadline also covers what requests cannot interrupt (a
    # connection or headers arriving byte by byte); at the deadline the socket is shut down and the run goes on.
    worker = threading.Thread(target=transfer.run, name=f"GET {url}", daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        transfer.cancel()
        worker.join(1.0)
        raise FeedHTTPError(f"GET {url}: no complete answer within the deadline of {deadline:g} s for one file "
                            f"({transfer.received:,} bytes received); the server is too slow or stalls")
    if transfer.error is not None:
        raise transfer.error
    return transfer.body


class _Transfer:
    """One GET, read piece by piece into a bounded body; ``cancel`` stops it from another thread."""

    def __init__(self, session: requests.Session, url: str, timeout: tuple[float, float], max_bytes: int):
        self.session, self.url, self.timeout, self.max_bytes = session, url, timeout, max_bytes
        self.body: bytes | None = None
        self.error: FeedHTTPError | None = None
        self.received = 0
        self.cancelled = False
        self.response: requests.Response | None = None

    def run(self) -> None:
        url = self.url
        try:
            response = self.session.get(url, timeout=self.timeout, stream=True)
        except requests.RequestException as exc:
            self.error = FeedHTTPError(f"GET {url} failed after retries: {exc}")
            return
        self.response = response
        with response:
            if response.status_code == 404:
                return
            if response.status_code != 200:
                self.error = FeedHTTPError(f"GET {url} answered HTTP {response.status_code} after retries")
                return
            announced = response.headers.get("Content-Length", "")
            if announced.isascii() and announced.isdigit() and int(announced) > self.max_bytes:
                self.error = FeedHTTPError(f"GET {url}: the answer announces {int(announced):,} bytes, more than "
                                           f"the {self.max_bytes:,} this feed allows for a file; not read")
                return
            pieces: list[bytes] = []
            while not self.cancelled:
                try:
                    piece = response.raw.read1(_PIECE, decode_content=True)
                except (requests.RequestException, urllib3.exceptions.HTTPError, http.client.HTTPException,
                        OSError) as exc:
                    if not self.cancelled:
                        self.error = FeedHTTPError(f"GET {url} failed after retries: the body could not be read "
                                                   f"({exc})")
                    return
                if not piece:
                    self.body = b"".join(pieces)
                    return
                self.received += len(piece)
                if self.received > self.max_bytes:
                    encoding = response.headers.get("Content-Encoding")
                    self.error = FeedHTTPError(
                        f"GET {url}: the body is larger than the {self.max_bytes:,} bytes this feed allows for a "
                        "file" + (f" once decoded (Content-Encoding {encoding})" if encoding else "")
                        + "; refused at the limit")
                    return
                pieces.append(piece)

    def cancel(self) -> None:
        """Stop the transfer: the reading loop ends, and a read waiting on the socket returns at once."""
        self.cancelled = True
        connection = getattr(getattr(self.response, "raw", None), "connection", None)
        sock = getattr(connection, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
