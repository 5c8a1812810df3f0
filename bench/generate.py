"""Synthetic national air feeds in the real format, for the national-scale benchmark.

    .venv/bin/python -m bench.generate --days 365                 # → data/bench/air/ (git-ignored)
    .venv/bin/python -m bench.generate --days 10 --check          # + sources.air check/stage, real vs synthetic
    .venv/bin/python -m bench.generate --days 366 --start 2019-01-01 --seed 7 --out /tmp/air --jobs 2

Files: ``china_sites_YYYYMMDD.csv``, header ``date,hour,type,<code>…`` with every station code of the
national station list (profiles/stations.csv, 2,026 codes) plus the two codes of the real header that
the list lacks (1777A, 1946A): 2,028 station columns, sorted like the real header. 360 rows per file:
hours 0–23 × the 15 series types in the real order; CRLF line ends and no line end after the last
row (as the real files); integers for µg/m³ series and AQI; CO and CO_24h in mg/m³ with one decimal,
written like the real files (``1`` for 1.0, ``1.2``).

The model is measured on the real files at run time (bench/realstats.py):

* 1-h pollutants: a latent Gaussian field per station, hour and pollutant — diurnal profile by hour
  label + fixed station effect + AR(1) hour-to-hour residual (lag-1 autocorrelation as measured),
  pollutants correlated as measured (Cholesky), stations of a city sharing 75 % of their variance —
  mapped through each pollutant's empirical quantile function (1,001 points), then rounded as
  published. So each series' marginal distribution is the real one, with realistic persistence,
  daily cycle, pollutant correlation and city coherence.
* _24h rows are the platform's statistics of the generated 1-h values, as measured on the real files:
  PM2.5/PM10/SO2/NO2/CO_24h = 24-h moving mean, O3_24h = 24-h moving max of O3, O3_8h = 8-h moving
  mean, O3_8h_24h = max of O3_8h over the natural day so far (hours ending 01…24; resets at hour 1).
* AQI = the platform's hourly AQI of the file's own values (HJ 633 breakpoints from standards/hj633.py,
  PM 1-h values through the 24-h rows, SO2 > 800 through the 24-h row on SO2_24h, 500 above the table),
  so the pipeline's published-AQI agreement check has something real to agree with.
* Missing values: dead stations (no value all period), outages (every series; start rate per live
  station-hour and run lengths drawn from the real runs), single-series gaps outside outages at each
  series' measured rate with a per-station Gamma(0.5) multiplier (PM10's skewed per-station gaps), and
  AQI missing when k pollutants are, with the measured probability per k.

Deterministic: the output depends only on --seed, --start and the station set, and a shorter run is a
prefix of a longer one (day i draws from its own generator seeded by (seed, i)), so files already
written by the same generator version and settings are kept (--force rewrites them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
from scipy.special import ndtr

from bench import realstats
from bench.realstats import POLLUTANTS, QUANTILE_GRID, TYPES

VERSION = 1
ROOT = realstats.ROOT
DEFAULT_OUT = ROOT / "data" / "bench" / "air"
STATION_LIST = ROOT / "profiles" / "stations.csv"
CITY_SHARE = 0.75          # share of a station's variance its city shares (measured ≈ 0.87 for PM2.5, kept lower)
GAP_SHAPE = 0.5            # Gamma shape of the per-station multiplier of single-series gap rates
HISTORY = 31               # hours of 1-h values kept across days (O3_8h_24h reaches 23 + 7 hours back)
WARMUP_DAYS = 2
MAX_INT = 10000            # string table: integers 0 … 9999, CO 0.0 … 159.9
MAX_CO_TENTHS = 1600

P = {name: i for i, name in enumerate(POLLUTANTS)}
T = {name: i for i, name in enumerate(TYPES)}
MEAN24 = {"PM2.5_24h": "PM2.5", "PM10_24h": "PM10", "SO2_24h": "SO2", "NO2_24h": "NO2", "CO_24h": "CO"}


def station_codes(which: str = "union") -> tuple[list[str], list[str]]:
    """(codes sorted, city of each): ``list`` = the station list, ``real`` = the real header, ``union``."""
    listed = pl.read_csv(STATION_LIST, schema_overrides={"code": pl.String})
    city = dict(zip(listed["code"].to_list(), listed["city"].to_list(), strict=True))
    with open(realstats.real_files()[0], encoding="utf-8-sig") as fh:
        real_header = fh.readline().strip().split(",")[3:]
    codes = {"list": set(city), "real": set(real_header), "union": set(city) | set(real_header)}[which]
    codes = sorted(codes)
    return codes, [city.get(c, f"?{c}") for c in codes]


def _string_table() -> np.ndarray:
    return np.array([""] + [str(i) for i in range(MAX_INT)] + [f"{k / 10:g}" for k in range(MAX_CO_TENTHS)],
                    dtype=object)


def _iaqi(conc: np.ndarray, bps: tuple[float, ...], levels: tuple[int, ...]) -> np.ndarray:
    """HJ 633 formula (1) rounded up; NaN when missing or above the row's last breakpoint."""
    out = np.interp(conc, bps, levels[: len(bps)])
    out = np.where(np.isnan(conc) | (conc > bps[-1]), np.nan, out)
    return np.ceil(np.round(out, 6))


class Model:
    """The generator's state: station constants and the carried latent/AR state and 1-h history."""

    def __init__(self, params: dict, codes: list[str], cities: list[str], seed: int):
        from standards.hj633 import BREAKPOINTS, IAQI_LEVELS  # constants only
        self.bps, self.levels = BREAKPOINTS, IAQI_LEVELS
        self.params, self.seed = params, seed
        s = self.n = len(codes)
        city_names = sorted(set(cities))
        self.city_idx = np.array([city_names.index(c) for c in cities])
        n_city = len(city_names)
        rng = np.random.default_rng([seed, 10**6])
        self.dead = rng.random(s) < params["dead_share"]
        fixed_l = np.linalg.cholesky(params["fixed_corr"] + 1e-9 * np.eye(6))
        self.resid_l = np.linalg.cholesky(params["resid_corr"] + 1e-9 * np.eye(6))
        shared = np.sqrt(CITY_SHARE) * rng.standard_normal((n_city, 6))[self.city_idx]
        own = np.sqrt(1 - CITY_SHARE) * rng.standard_normal((s, 6))
        self.fixed = np.sqrt(params["fixed_var"]) * ((shared + own) @ fixed_l.T)           # (S, 6)
        diurnal = params["diurnal"]                                                          # (6, 24)
        self.diurnal = diurnal
        self.resid_scale = np.sqrt(np.clip(1 - params["fixed_var"] - diurnal.var(axis=1), 0.05, None))
        self.rho = params["rho"]
        self.outage_rate = params["outage_start_rate"] * rng.gamma(0.5, 2.0, s)
        self.gap_rate = np.stack([params["miss_outside"][t] for t in TYPES[1:]])               # (14,)
        self.gap_mult = rng.gamma(GAP_SHAPE, 1 / GAP_SHAPE, (s, len(TYPES) - 1))
        self.in_outage = np.array([params["miss_inside"][t] for t in TYPES[1:]])              # (14,)
        self.runs = params["outage_runs"]
        self.quantiles = [params["quantiles"][p] for p in POLLUTANTS]
        # carried state
        self.e_city = rng.standard_normal((n_city, 6))
        self.e_station = rng.standard_normal((s, 6))
        self.outage_left = np.zeros(s, dtype=np.int64)
        self.history = np.full((s, 6, HISTORY), np.nan)
        self.day_index = 0
        for _ in range(WARMUP_DAYS):
            self.next_day()

    def _hours(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """24 hours of rounded 1-h values (S, 6, 24) and the outage mask (S, 24)."""
        s, rho = self.n, self.rho
        innov = np.sqrt(1 - rho * rho)
        z = np.empty((s, 6, 24))
        outage = np.empty((s, 24), dtype=bool)
        e_city_new = rng.standard_normal((24, *self.e_city.shape))
        e_station_new = rng.standard_normal((24, s, 6))
        starts = rng.random((24, s))
        durations = self.runs[rng.integers(0, len(self.runs), (24, s))]
        for h in range(24):
            self.e_city = rho * self.e_city + innov * e_city_new[h]
            self.e_station = rho * self.e_station + innov * e_station_new[h]
            resid = (np.sqrt(CITY_SHARE) * self.e_city[self.city_idx]
                     + np.sqrt(1 - CITY_SHARE) * self.e_station) @ self.resid_l.T
            z[:, :, h] = self.diurnal[:, h] + self.fixed + self.resid_scale * resid
            begin = (self.outage_left == 0) & (starts[h] < self.outage_rate)
            self.outage_left = np.where(begin, durations[h], self.outage_left)
            outage[:, h] = self.outage_left > 0
            self.outage_left = np.maximum(self.outage_left - 1, 0)
        u = ndtr(z)
        values = np.empty_like(z)
        for i, q in enumerate(self.quantiles):
            values[:, i, :] = np.interp(u[:, i, :], QUANTILE_GRID, q)
        values[:, :5, :] = np.maximum(np.rint(values[:, :5, :]), 1)      # µg/m³ integers
        values[:, 5, :] = np.maximum(np.round(values[:, 5, :], 1), 0.1)  # CO, mg/m³, 1 decimal
        return values, outage

    def next_day(self) -> np.ndarray:
        """The next file's cells as (15 types, 24 hours, S) floats, NaN = empty cell."""
        rng = np.random.default_rng([self.seed, self.day_index])
        self.day_index += 1
        today, outage = self._hours(rng)
        full = np.concatenate([self.history, today], axis=2)                        # (S, 6, 55)
        self.history = full[:, :, -HISTORY:]
        cs = np.concatenate([np.zeros((self.n, 6, 1)), np.cumsum(np.nan_to_num(full), axis=2)], axis=2)
        j = np.arange(HISTORY, HISTORY + 24)                                          # today's positions
        out = np.full((len(TYPES), 24, self.n), np.nan)
        for i, p in enumerate(POLLUTANTS):
            out[T[p]] = today[:, i, :].T
        for series, p in MEAN24.items():
            i = P[p]
            mean = (cs[:, i, j + 1] - cs[:, i, j - 23]) / 24
            out[T[series]] = (np.round(mean, 1) if p == "CO" else np.rint(mean)).T
        o3 = full[:, P["O3"], :]
        o3_cs = cs[:, P["O3"], :]
        k = np.arange(7, full.shape[2])
        o3_8h = np.full(o3.shape, np.nan)
        o3_8h[:, k] = np.rint((o3_cs[:, k + 1] - o3_cs[:, k - 7]) / 8)
        out[T["O3_8h"]] = o3_8h[:, j].T
        windows = np.lib.stride_tricks.sliding_window_view(o3, 24, axis=1)            # (S, 32, 24)
        out[T["O3_24h"]] = windows[:, j - 23, :].max(axis=2).T
        day_so_far = np.maximum.accumulate(o3_8h[:, HISTORY + 1:], axis=1)            # hours 1…23
        hour0 = o3_8h[:, HISTORY - 23: HISTORY + 1].max(axis=1)                         # prev. hours 1…23 + hour 0
        out[T["O3_8h_24h"], 0] = hour0
        out[T["O3_8h_24h"], 1:] = day_so_far.T

        # missing cells: dead stations, outages, single-series gaps
        s = self.n
        u = rng.random((len(TYPES) - 1, 24, s))
        gap = np.minimum(self.gap_rate[:, None] * self.gap_mult.T, 0.98)              # (14, S)
        prob = np.where(outage.T[None, :, :], self.in_outage[:, None, None], gap[:, None, :])
        missing = (u < prob) | self.dead[None, None, :]
        out[1:][missing] = np.nan

        # AQI of the file's own values (HJ 633 real-time report, the platform's practice)
        val = {p: out[T[p]] for p in POLLUTANTS}
        so2_24 = out[T["SO2_24h"]]
        note_a = val["SO2"] > 800
        iaqis = [
            np.where(note_a, _iaqi(so2_24, self.bps["SO2_24h"], self.levels),
                     _iaqi(val["SO2"], self.bps["SO2_1h"], self.levels)),
            _iaqi(val["NO2"], self.bps["NO2_1h"], self.levels),
            _iaqi(val["CO"], self.bps["CO_1h"], self.levels),
            _iaqi(val["O3"], self.bps["O3_1h"], self.levels),
            _iaqi(val["PM10"], self.bps["PM10_24h"], self.levels),
            _iaqi(val["PM2.5"], self.bps["PM2.5_24h"], self.levels),
        ]
        over = ((val["PM2.5"] > self.bps["PM2.5_24h"][-1]) | (val["PM10"] > self.bps["PM10_24h"][-1])
                | (val["CO"] > self.bps["CO_1h"][-1]) | (val["O3"] > self.bps["O3_1h"][-1])
                | (val["NO2"] > self.bps["NO2_1h"][-1]) | (note_a & (so2_24 > self.bps["SO2_24h"][-1])))
        stack = np.stack(iaqis)
        present = ~np.isnan(stack)
        aqi = np.where(present.any(axis=0), np.nanmax(np.where(present, stack, -1), axis=0), np.nan)
        aqi = np.where(over, 500, aqi)
        n_missing = np.stack([np.isnan(val[p]) for p in POLLUTANTS]).sum(axis=0)
        p_aqi_missing = np.asarray(self.params["aqi_missing_by_k"])[n_missing]
        aqi[rng.random(aqi.shape) < p_aqi_missing] = np.nan
        out[T["AQI"]] = aqi
        return out


def cell_index(cells: np.ndarray) -> np.ndarray:
    """(15, 24, S) floats → (24·15, S) indexes into the string table (0 = empty), rows hour-major."""
    idx = np.zeros(cells.shape, dtype=np.int32)
    co_rows = np.array([t in ("CO", "CO_24h") for t in TYPES])
    ints = cells[~co_rows]
    idx[~co_rows] = np.where(np.isnan(ints), 0, 1 + np.clip(np.nan_to_num(ints), 0, MAX_INT - 1)).astype(np.int32)
    co = cells[co_rows]
    idx[co_rows] = np.where(np.isnan(co), 0, 1 + MAX_INT + np.clip(np.rint(np.nan_to_num(co) * 10), 0,
                                                                    MAX_CO_TENTHS - 1)).astype(np.int32)
    return idx.transpose(1, 0, 2).reshape(24 * len(TYPES), -1)


_TABLE: np.ndarray | None = None


def write_file(path: str, day: dt.date, header: str, idx: np.ndarray) -> int:
    """Write one day's file (CRLF, no line end after the last row, as the real files); its size."""
    global _TABLE
    if _TABLE is None:
        _TABLE = _string_table()
    date = f"{day:%Y%m%d}"
    prefixes = [f"{date},{h},{t}," for h in range(24) for t in TYPES]
    lines = [header] + [p + ",".join(r) for p, r in zip(prefixes, _TABLE[idx].tolist(), strict=True)]
    data = "\r\n".join(lines).encode("ascii")
    tmp = f"{path}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return len(data)


def _write_task(args: tuple) -> int:
    return write_file(*args)


def generate(out: Path, days: int, start: dt.date, seed: int = 20190101, stations: str = "union",
             jobs: int = 1, force: bool = False, quiet: bool = False) -> dict:
    """Write ``days`` files from ``start`` into ``out``; returns a summary."""
    out = Path(out).resolve()
    if out == realstats.REAL_FEEDS.resolve():
        raise SystemExit(f"refusing to write into the real feed directory {out}")
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    params = realstats.fit()
    codes, cities = station_codes(stations)
    settings = {"version": VERSION, "seed": seed, "start": str(start), "stations": stations, "codes": len(codes)}
    manifest = out / "manifest.json"
    old = json.loads(manifest.read_text()) if manifest.exists() else {}
    reuse = not force and {k: old.get(k) for k in settings} == settings
    header = "date,hour,type," + ",".join(codes)
    model = Model(params, codes, cities, seed)
    t_fit = time.perf_counter() - t0
    written = kept = size = 0
    pool = mp.get_context("spawn").Pool(jobs) if jobs > 1 else None
    pending = []
    try:
        for n in range(days):
            day = start + dt.timedelta(days=n)
            cells = model.next_day()
            path = out / f"china_sites_{day:%Y%m%d}.csv"
            if reuse and path.exists():
                kept += 1
                continue
            task = (str(path), day, header, cell_index(cells))
            if pool is None:
                size += write_file(*task)
            else:
                pending.append(pool.apply_async(_write_task, (task,)))
                if len(pending) >= 4 * jobs:
                    size += pending.pop(0).get()
            written += 1
            if not quiet and (n + 1) % 30 == 0:
                print(f"  {n + 1}/{days} days ({time.perf_counter() - t0:.1f} s)", flush=True)
        size += sum(p.get() for p in pending)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    total_days = max(days, old.get("days", 0)) if reuse else days
    manifest.write_text(json.dumps({**settings, "days": total_days}, indent=1))
    summary = {"out": str(out), "days": days, "written": written, "kept": kept, "stations": len(codes),
               "bytes_written": size, "seconds": round(time.perf_counter() - t0, 2), "fit_seconds": round(t_fit, 2)}
    if not quiet:
        print(f"generated {written} file(s), kept {kept} ({size / 1e6:,.0f} MB written, {len(codes)} stations) "
              f"in {summary['seconds']} s (fit on the real files {t_fit:.1f} s) → {out}")
    return summary


# ── checks ────────────────────────────────────────────────────────────────────────────────────────────
def check_parse(out: Path, days: list[dt.date]) -> None:
    """Every given day passes the pipeline's own raw check and stages, for the whole station list."""
    from sources.air import check_air_file, stage_air_file
    codes, _ = station_codes("list")
    for day in days:
        path = Path(out) / f"china_sites_{day:%Y%m%d}.csv"
        t = time.perf_counter()
        content = path.read_bytes()
        checked = check_air_file(content, str(path), day, codes)
        staged = stage_air_file(content, str(path), day, codes, "Asia/Shanghai")
        print(f"  check_air_file + stage_air_file {path.name}: {checked.data_rows} rows, {staged.height:,} "
              f"station-hours for {len(codes)} listed stations, {len(checked.missing_stations)} absent, no "
              f"FeedFormatError ({time.perf_counter() - t:.2f} s)")


def compare(out: Path, days: list[dt.date]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Real (bundled 10 days) against synthetic (``days``): per series missing rate and quantiles, and
    how the missing values cluster."""
    real_long = realstats.read_long(realstats.real_files())
    files = [str(Path(out) / f"china_sites_{d:%Y%m%d}.csv") for d in days]
    synth_long = realstats.read_long(files)
    real, synth = realstats.series_stats(real_long), realstats.series_stats(synth_long)
    structure_real = realstats.missing_structure(real_long)
    structure_syn = realstats.missing_structure(synth_long)
    structure = pl.DataFrame({"measure": list(structure_real), "real": [round(v, 4) for v in structure_real.values()],
                              "syn": [round(structure_syn[k], 4) for k in structure_real]})
    cols = ["missing", "q05", "q25", "q50", "q75", "q95", "q99"]
    table = real.select("type", *[pl.col(c).alias(f"{c}_real") for c in cols]).join(
        synth.select("type", *[pl.col(c).alias(f"{c}_syn") for c in cols]), on="type", maintain_order="left")
    ordered = ["type"] + [f"{c}_{w}" for c in cols for w in ("real", "syn")]
    table = table.select(ordered).with_columns(
        pl.col("missing_real", "missing_syn").round(4))
    return table, structure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2019, 1, 1))
    parser.add_argument("--seed", type=int, default=20190101)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--stations", choices=["union", "list", "real"], default="union",
                        help="station columns: the station list ∪ the real header (default), the list, "
                             "or the real header's 1,605")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="processes formatting and writing files (default 2)")
    parser.add_argument("--force", action="store_true", help="rewrite files that are already there")
    parser.add_argument("--check", action="store_true",
                        help="check and stage the first and last file with sources.air (check_air_file, "
                             "stage_air_file) and print missing rates and quantiles against the real files "
                             "(first ≤ 10 days)")
    args = parser.parse_args(argv)
    generate(args.out, args.days, args.start, args.seed, args.stations, args.jobs, args.force)
    if args.check:
        days = [args.start + dt.timedelta(days=n) for n in range(args.days)]
        check_parse(args.out, sorted({days[0], days[-1]}))
        sample = days[: min(10, len(days))]
        table, structure = compare(args.out, sample)
        print(f"\nreal = {len(realstats.real_files())} bundled days × 1,605 stations; "
              f"syn = {len(sample)} synthetic days from {sample[0]} × all columns")
        with pl.Config(tbl_rows=20, tbl_cols=20, tbl_width_chars=250, tbl_hide_dataframe_shape=True, fmt_str_lengths=40,
                       tbl_hide_column_data_types=True):
            print(table)
            print(structure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
