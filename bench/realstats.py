"""What the real national files look like, measured: the model the generator reproduces.

Everything here is measured on the bundled real files (feeds/air/china_sites_*.csv, ten days of
January 2019, 1,605 station columns) at run time, so the synthetic feed follows the data rather than
constants typed in by hand:

* per series type (15): the empirical quantile function (1,001 points), used for the 1-h pollutants;
* in normal-score space (each 1-h pollutant's values → Φ⁻¹ of their rank): the diurnal profile by hour
  label, the share of variance that is a fixed station effect, the correlation of the six pollutants
  (station effects and hour-to-hour residuals separately) and the lag-1 autocorrelation;
* missing values: the share of dead stations (no value for the whole period), outages (all six 1-h
  pollutants missing: start rate per live station-hour and the empirical run lengths), each series'
  missing rate outside outages and inside them, and how often AQI is missing when k pollutants are;
* :func:`series_stats` gives per-series missing rates and quantiles of any set of files, for the
  real-versus-synthetic comparison.
"""

from __future__ import annotations

import glob
from functools import cache
from pathlib import Path

import numpy as np
import polars as pl
from scipy.special import ndtri

ROOT = Path(__file__).resolve().parent.parent
REAL_FEEDS = ROOT / "feeds" / "air"

#: The 15 series types, in the order every file lists them within an hour.
TYPES = ["AQI", "PM2.5", "PM2.5_24h", "PM10", "PM10_24h", "SO2", "SO2_24h", "NO2", "NO2_24h",
         "O3", "O3_24h", "O3_8h", "O3_8h_24h", "CO", "CO_24h"]
#: The six 1-h pollutant rows.
POLLUTANTS = ["PM2.5", "PM10", "SO2", "NO2", "O3", "CO"]
QUANTILE_GRID = np.linspace(0.0, 1.0, 1001)
REPORT_QUANTILES = (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)


def real_files() -> list[str]:
    return sorted(glob.glob(str(REAL_FEEDS / "china_sites_*.csv")))


def read_long(files: list[str]) -> pl.DataFrame:
    """date, hour, type, station, v (Float64, null = empty cell) of every cell of ``files``."""
    frames = []
    for f in files:
        df = pl.read_csv(f, infer_schema=False)
        stations = df.columns[3:]
        frames.append(df.unpivot(on=stations, index=["date", "hour", "type"], variable_name="station",
                                 value_name="v"))
    return pl.concat(frames).with_columns(pl.col("v").cast(pl.Float64), pl.col("hour").cast(pl.Int32))


def series_stats(long: pl.DataFrame) -> pl.DataFrame:
    """Per series type: missing rate, count and quantiles; plus an 'ALL' row with the overall missing rate."""
    per = long.group_by("type").agg(
        missing=pl.col("v").is_null().mean(), values=pl.col("v").count(),
        **{f"q{round(q * 100):02d}": pl.col("v").quantile(q, "linear") for q in REPORT_QUANTILES},
        max=pl.col("v").max())
    order = pl.DataFrame({"type": TYPES, "k": range(len(TYPES))})
    per = per.join(order, on="type").sort("k").drop("k")
    overall = pl.DataFrame({"type": ["ALL"], "missing": [long["v"].is_null().mean()], "values": [long["v"].count()]},
                           schema_overrides={"values": pl.UInt32})
    return pl.concat([per, overall], how="diagonal_relaxed")


def missing_structure(long: pl.DataFrame) -> dict:
    """How missing values cluster: dead stations, per-station rates, PM10 gaps, empty station-days."""
    per_station = long.group_by("station").agg(m=pl.col("v").is_null().mean())
    dead = per_station.filter(pl.col("m") == 1.0)["station"]
    live = per_station.filter(pl.col("m") < 1.0)["m"]
    pm10 = (long.filter((pl.col("type") == "PM10") & ~pl.col("station").is_in(dead.implode()))
            .group_by("station").agg(m=pl.col("v").is_null().mean())["m"])
    station_days = long.group_by("date", "station").agg(m=pl.col("v").is_null().mean())["m"]
    return {
        "dead stations": len(dead) / per_station.height,
        "empty station-days": float((station_days == 1.0).mean()),
        **{f"live station missing q{q}": float(live.quantile(q / 100)) for q in (50, 75, 90)},
        **{f"PM10 missing per live station q{q}": float(pm10.quantile(q / 100)) for q in (50, 75, 90)},
    }


@cache
def fit(files: tuple[str, ...] | None = None) -> dict:
    """Measure the generator's parameters on the real files (see the module docstring)."""
    files = list(files) if files else real_files()
    if not files:
        raise FileNotFoundError(f"no real feed files under {REAL_FEEDS}")
    long = read_long(files).with_columns(
        t=(pl.col("date").str.to_date("%Y%m%d").cast(pl.Int32) * 24 + pl.col("hour")))

    # ── values ────────────────────────────────────────────────────────────────────────────────────
    present = long.drop_nulls("v")
    quantiles = {s: np.quantile(present.filter(pl.col("type") == s)["v"].to_numpy(), QUANTILE_GRID)
                 for s in TYPES}
    pol = present.filter(pl.col("type").is_in(POLLUTANTS))
    pol = pol.with_columns(r=(pl.col("v").rank("average").over("type") - 0.5) / pl.len().over("type"))
    pol = pol.with_columns(z=pl.Series(ndtri(pol["r"].to_numpy())))
    diurnal = pol.group_by("type", "hour").agg(d=pl.col("z").mean())
    pol = pol.join(diurnal, on=["type", "hour"]).with_columns(res=pl.col("z") - pl.col("d"))
    station_mean = (pol.group_by("type", "station").agg(m=pl.col("res").mean(), n=pl.len())
                    .filter(pl.col("n") >= 100))
    pol = pol.join(station_mean.select("type", "station", "m"), on=["type", "station"]).with_columns(
        w=pl.col("res") - pl.col("m"))
    d = np.array([[diurnal.filter((pl.col("type") == p) & (pl.col("hour") == h))["d"][0] for h in range(24)]
                  for p in POLLUTANTS])
    fixed_var = np.array([station_mean.filter(pl.col("type") == p)["m"].var() for p in POLLUTANTS])
    means = station_mean.pivot(on="type", index="station", values="m").drop_nulls().select(POLLUTANTS)
    fixed_corr = np.corrcoef(means.to_numpy().T)
    wide = pol.pivot(on="type", index=["station", "t"], values="w").drop_nulls().select(POLLUTANTS)
    resid_corr = np.corrcoef(wide.to_numpy().T)
    lagged = pol.select("type", "station", "t", "w")
    lag1 = lagged.join(lagged.with_columns(pl.col("t") + 1).rename({"w": "w1"}), on=["type", "station", "t"])
    rho = lag1.group_by("type").agg(pl.corr("w", "w1"))["w"].to_numpy()

    # ── missing values ────────────────────────────────────────────────────────────────────────────
    by_station = long.group_by("station").agg(m=pl.col("v").is_null().mean())
    dead = by_station.filter(pl.col("m") == 1.0)["station"]
    n_stations = by_station.height
    wide_all = (long.filter(~pl.col("station").is_in(dead.implode()))
                .pivot(on="type", index=["station", "t"], values="v").sort("station", "t"))
    nmiss = pl.sum_horizontal(pl.col(p).is_null().cast(pl.Int32) for p in POLLUTANTS)
    wide_all = wide_all.with_columns(nmiss=nmiss, out=nmiss == len(POLLUTANTS))
    runs = (wide_all.with_columns(
        rid=(pl.col("out") != pl.col("out").shift(1).over("station")).fill_null(True).cum_sum().over("station"))
        .filter("out").group_by("station", "rid").len())["len"].to_numpy()
    live_hours_not_out = int((~wide_all["out"]).sum())
    outside = wide_all.filter(~pl.col("out"))
    inside = wide_all.filter(pl.col("out"))
    miss_outside = {s: float(outside[s].is_null().mean()) for s in TYPES if s != "AQI"}
    miss_inside = {s: float(inside[s].is_null().mean()) if inside.height else 1.0 for s in TYPES if s != "AQI"}
    aqi_by_k = [float(wide_all.filter(pl.col("nmiss") == k)["AQI"].is_null().mean() or 0.0)
                for k in range(len(POLLUTANTS) + 1)]
    # Station heterogeneity of the single-series gaps (PM10 above all): the spread of per-station rates.
    pm10_rates = outside.group_by("station").agg(m=pl.col("PM10").is_null().mean())["m"].to_numpy()

    return {
        "files": [Path(f).name for f in files],
        "stations": n_stations,
        "quantiles": quantiles,
        "diurnal": d,
        "fixed_var": np.clip(fixed_var, 0.05, 0.85),
        "fixed_corr": fixed_corr,
        "resid_corr": resid_corr,
        "rho": float(np.mean(rho)),
        "dead_share": len(dead) / n_stations,
        "outage_start_rate": len(runs) / max(live_hours_not_out, 1),
        "outage_runs": np.sort(runs),
        "miss_outside": miss_outside,
        "miss_inside": miss_inside,
        "aqi_missing_by_k": aqi_by_k,
        "pm10_station_rates": np.quantile(pm10_rates, [0.5, 0.75, 0.9]),
        "overall_missing": float(long["v"].is_null().mean()),
    }


if __name__ == "__main__":
    import pprint
    params = fit()
    pprint.pprint({k: v for k, v in params.items() if k not in ("quantiles", "outage_runs")}, width=120)
    with pl.Config(tbl_rows=20, tbl_cols=20, tbl_width_chars=200):
        print(series_stats(read_long(real_files())))
