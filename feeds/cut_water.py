"""Cut the real water data bundled with the repository (feeds/water_auto/SOURCE.md).

1. **Saves of the national platform's real-time page** (repository jinxiaolong2025/water-scraper, commit
   8c8fa3cbccaee5c4f1be94c8f2cfc997fc75e4d0, ``data/snapshots/*.html``, ≈ 3 MB and 1,762–1,773 sections each).
   For each full save (more than 1,000 section rows; the smaller saves are pages whose table had not loaded)
   keep the page byte for byte except the ``<li class="news-item">…</li>`` rows of other provinces: the rows
   whose 省份 cell is ``<span>湖南省</span>`` stay as published, in their order. Written gzip-compressed
   (mtime 0, so the output is reproducible) as ``water_auto_YYYYMMDDTHHMMSS.html.gz``, the save time from the
   snapshot's name.

       git --git-dir=<mirror> archive 8c8fa3c data/snapshots | tar -x -C /tmp/ws
       python -m feeds.cut_water pages --src /tmp/ws/data/snapshots --dst feeds/water_auto --province 湖南省

2. **A year of 八角** (repository fanyunkai-dut/FYK_package, commit 3b7e1091671d88b782cc54ddf516126baa47c374,
   ``FYK_torchhydro/processed_data.csv``, 10,722 4-hourly readings 2020-11-09 … 2025-09-30): keep the header
   and the lines whose timestamp starts with the year, byte for byte (gzip-compressed, mtime 0).

       git --git-dir=<mirror> show 3b7e109:FYK_torchhydro/processed_data.csv > /tmp/fyk.csv
       python -m feeds.cut_water year --src /tmp/fyk.csv --dst tests/data/water_bajiao_2024.csv.gz --year 2024
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

_SNAPSHOT = re.compile(r"^(\d{8}T\d{6})_\d+_.*\.html?(\.html)?$")
_ROW = re.compile(rb'<li class="news-item">.*?</li>', re.S)


def cut_page(data: bytes, province: str) -> tuple[bytes, int, int]:
    """(the page with only ``province``'s rows, rows kept, rows in the page)."""
    rows = list(_ROW.finditer(data))
    if not rows:
        return data, 0, 0
    marker = f"<td class=\"dq\"><span>{province}</span></td>".encode()
    kept = [m.group(0) for m in rows if marker in m.group(0)]
    return data[:rows[0].start()] + b"".join(kept) + data[rows[-1].end():], len(kept), len(rows)


def cut_pages(src: Path, dst: Path, province: str, min_rows: int = 1000) -> list[tuple[str, int, int]]:
    dst.mkdir(parents=True, exist_ok=True)
    done = []
    for path in sorted(src.iterdir()):
        m = _SNAPSHOT.match(path.name)
        if not m:
            continue
        page, kept, total = cut_page(path.read_bytes(), province)
        if total < min_rows:
            continue
        out = dst / f"water_auto_{m.group(1)}.html.gz"
        with open(out, "wb") as f, gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as z:
            z.write(page)
        done.append((out.name, kept, total))
    return done


def cut_year(src: Path, dst: Path, year: int) -> int:
    lines = src.read_bytes().splitlines(keepends=True)
    keep = [lines[0]] + [line for line in lines[1:] if line.startswith(f"{year}-".encode())]
    if dst.name.endswith(".gz"):
        with open(dst, "wb") as f, gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as z:
            z.write(b"".join(keep))
    else:
        dst.write_bytes(b"".join(keep))
    return len(keep) - 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    pages = sub.add_parser("pages")
    pages.add_argument("--src", type=Path, required=True)
    pages.add_argument("--dst", type=Path, required=True)
    pages.add_argument("--province", default="湖南省")
    year = sub.add_parser("year")
    year.add_argument("--src", type=Path, required=True)
    year.add_argument("--dst", type=Path, required=True)
    year.add_argument("--year", type=int, required=True)
    args = parser.parse_args(argv)
    if args.what == "pages":
        for name, kept, total in cut_pages(args.src, args.dst, args.province):
            print(f"{name}: {kept} of {total} rows")
    else:
        print(f"{args.dst}: {cut_year(args.src, args.dst, args.year)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
