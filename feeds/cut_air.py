"""Cut the national hourly air files down to the stations of some cities (the bundled 2019 feed).

The national release (`china_sites_YYYYMMDD.csv`, ≈ 1.5 MB and 1,605–1,644 station columns a file) is too
large to bundle for a year. This keeps, for each file, the columns of the stations of the given cities that
its own header has (the station set is read per file: it grows during 2019), and every row as published:

- values are copied as text, byte for byte; an empty cell stays empty; line ends are kept;
- a row the national file cuts short (a transfer cut off mid-line) stays cut short: the fields it has are
  kept, its last field is dropped (it may be partial) and the row has no line end, so the pipeline rejects
  it exactly as it rejects the national row;
- a day with no national file has no cut file.

    python -m feeds.cut_air --src /path/to/national --dst feeds/air \
        --city 长沙 --city 衡阳 … [--city 天津]

The bundled files were made with `make feeds-air SRC=/path/to/national` (feeds/air/SOURCE.md).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sources.station_list import read_station_list

_NAME = re.compile(r"^china_sites_\d{8}\.csv$")


def cut_file(data: bytes, keep: set[str]) -> bytes:
    """The file's bytes with only the ``keep`` station columns (and date, hour, type)."""
    lines = data.split(b"\n")
    # A file ends with a line end; the empty string after it is not a row.
    trailing_newline = lines[-1] == b""
    if trailing_newline:
        lines.pop()
    header = lines[0].rstrip(b"\r").split(b",")
    width = len(header)
    columns = [0, 1, 2] + [i for i, name in enumerate(header) if i > 2 and name.decode("utf-8-sig") in keep]
    out = []
    for n, line in enumerate(lines):
        cr = line.endswith(b"\r")
        fields = (line[:-1] if cr else line).split(b",")
        if n and len(fields) < width:  # cut short: keep only the whole fields, and no line end
            present = [fields[i] for i in columns if i < len(fields) - 1]
            if len(present) == len(columns):
                present = present[:-1]
            out.append(b",".join(present))
            return b"\n".join(out)
        out.append(b",".join(fields[i] for i in columns if i < len(fields)) + (b"\r" if cr else b""))
    return b"\n".join(out) + (b"\n" if trailing_newline else b"")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", required=True, help="directory of national china_sites_YYYYMMDD.csv files")
    parser.add_argument("--dst", required=True, help="directory the cut files are written to")
    parser.add_argument("--city", action="append", required=True, help="a city of profiles/stations.csv")
    args = parser.parse_args(argv)
    stations = read_station_list()
    unknown = sorted(set(args.city) - set(stations["city"].to_list()))
    if unknown:
        parser.error(f"not in the station list: {', '.join(unknown)}")
    keep = set(stations.filter(stations["city"].is_in(args.city))["code"].to_list())
    files = sorted(p for p in Path(args.src).iterdir() if _NAME.match(p.name))
    if not files:
        parser.error(f"{args.src}: no china_sites_YYYYMMDD.csv files")
    dst = Path(args.dst)
    dst.mkdir(parents=True, exist_ok=True)
    total = 0
    for i, path in enumerate(files, 1):
        cut = cut_file(path.read_bytes(), keep)
        (dst / path.name).write_bytes(cut)
        total += len(cut)
        if i % 50 == 0 or i == len(files):
            print(f"{i}/{len(files)} files, {total / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
