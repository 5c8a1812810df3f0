"""Local feed folders: list the files a folder holds, read one of them.

**Only regular files inside the feed folder are read.** A file name is built from a partition key, so it names an
entry of the folder itself; that entry is opened without following a symbolic link (``O_NOFOLLOW``) and must be a
regular file (not a FIFO, a device or a folder), checked on the open file. A link is refused by name before
anything is read, so no byte of what it points to (``/etc/passwd``) reaches a message or the warehouse. A file
larger than the feed's limit is refused before it is read.

**Listing**: the names that match a feed's pattern; a name whose date is impossible
(``china_sites_20190230.csv``) is refused by name with the reason, not a crash of the listing.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sources.errors import FeedFormatError


@dataclass
class Listing:
    """What a feed folder holds: partition key → file names, and the names refused with their reason."""

    files: dict[Any, list[str]] = field(default_factory=dict)
    refused: list[tuple[str, str]] = field(default_factory=list)


def list_folder(directory: str | Path, pattern: re.Pattern, key_of: Callable[[re.Match], Any]) -> Listing:
    """Entries of ``directory`` whose name matches ``pattern``, by ``key_of(match)`` (which raises ValueError for an
    impossible date); sorted by key. Links and other non-regular entries are listed: reading refuses them by name."""
    listing = Listing()
    for name in sorted(os.listdir(directory)):
        match = pattern.match(name)
        if not match:
            continue
        try:
            key = key_of(match)
        except ValueError as exc:
            listing.refused.append((name, f"the date in the file name is impossible ({exc})"))
            continue
        listing.files.setdefault(key, []).append(name)
    listing.files = dict(sorted(listing.files.items()))
    return listing


def exists(path: Path) -> bool:
    """True when the folder has an entry of that name (a link counts, even a broken one)."""
    return os.path.lexists(path)


def read_regular_file(path: str | Path, max_bytes: int) -> bytes | None:
    """The bytes of a regular file, or None when there is no such entry; a link, a non-regular file or a file
    above ``max_bytes`` raises :class:`FeedFormatError` naming it (nothing of it is read)."""
    path = Path(path)
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)  # a FIFO must not block
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise FeedFormatError(f"{path}: row 1: a symbolic link, not a regular file; only regular files inside "
                                  "the feed folder are read") from None
        raise FeedFormatError(f"{path}: row 1: cannot be opened ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FeedFormatError(f"{path}: row 1: not a regular file; only regular files inside the feed folder "
                                  "are read")
        if info.st_size > max_bytes:
            raise FeedFormatError(f"{path}: row 1: {info.st_size:,} bytes, more than the {max_bytes:,} this feed "
                                  "allows for a file")
        content = handle.read(max_bytes + 1)
    if len(content) > max_bytes:  # it grew while it was read
        raise FeedFormatError(f"{path}: row 1: more than the {max_bytes:,} bytes this feed allows for a file")
    return content
