"""Inclusive time per function of a saved pyinstrument session (bench/pipeline.py --profile writes one).

    .venv/bin/python -m bench.profile_summary data/bench/profile_30d.pyisession [--top 40] [--match warehouse/]

Each function's time counts once per call path (recursion is not double-counted), so the figures of
nested functions overlap; the list shows where time is spent at every level, hottest first.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict


def inclusive(session_path: str) -> tuple[float, dict[tuple[str, str], float]]:
    from pyinstrument.session import Session
    root = Session.load(session_path).root_frame()
    totals: dict[tuple[str, str], float] = defaultdict(float)

    def walk(frame, active: frozenset) -> None:
        key = (frame.function or "?", f"{frame.file_path_short}:{frame.line_no}")
        if key not in active:
            totals[key] += frame.time
            active = active | {key}
        for child in frame.children:
            walk(child, active)

    walk(root, frozenset())
    return root.time, totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("session")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--match", action="append", default=[], help="keep functions whose file contains this")
    args = parser.parse_args(argv)
    total, totals = inclusive(args.session)
    rows = sorted(totals.items(), key=lambda kv: -kv[1])
    if args.match:
        rows = [r for r in rows if any(m in r[0][1] or m in r[0][0] for m in args.match)]
    print(f"profile {args.session}: {total:.1f} s recorded")
    for (function, where), seconds in rows[: args.top]:
        print(f"{seconds:8.2f} s {seconds / total:6.1%}  {function}  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
