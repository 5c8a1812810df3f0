"""Reconciliation of ``mart.air_city_day`` with a file of published city daily values.

:func:`published_city_day_check` compares our city-day rows of one area with the published rows of the same
days (``sources.published_air.read_published_city_daily``) and returns the asset check
``published_city_daily_agreement`` (severity WARN). Values are compared at the precision they are published
at: integers, CO to 0.1 mg/m³; AQI, 质量等级 and good/not good (AQI ≤ 100) exactly. Nothing is compared with a
tolerance: a known cause is named instead.

**Complete days.** The natural day D is hours 1–23 of file D plus hour 0 of file D+1 (README, "Hour
labels"). Day D is *complete* for an area when each of its 24 hours (``staging.air_hourly.hour_ending`` 1–24)
has a staged row at one or more of the area's assessment stations, and none of those hours is the last hour
of a file whose complete rows are not a whole number of hours (``raw.air_file.data_rows`` not a multiple of
the 15 series: a row cut short was rejected, so that hour lacks series). Every other day is a day *whose
files lack hours*; the check reports the two kinds apart, and only complete days decide whether it passes.

**Explained systematic periods** (measured on Tianjin 2019, see feeds/air_city_daily/SOURCE.md). A period's
days are counted apart, never by widening a tolerance; each names the rule that reproduces its published values and
every disagreeing day says whether that rule reproduces all its differing 24-h means.

- 2019-11-04 … 2019-11-30 (and 成都 from the same republication): the published SO2, NO2, CO, PM10 and PM2.5 are
  1–5 % below the files (median of published ÷ our unrounded city mean on Tianjin's 24 complete days 0.976, 0.987,
  0.986, 0.983, 0.980; O3 8-h max exact). They are each station's sum of hourly values divided by 24 whatever the
  number of hours it reported (a missing station-hour counts as 0), rounded to the published precision, then
  averaged (Σ/24), where the stations' own 24-h means (the files' ``_24h`` rows, which agree with the mean of their
  hours in that month as in every other) and the published values outside the period divide by the hours present.
- 2019-01-20 … 2019-01-21: the published values leave out the 9 hours ending 2019-01-20 23:00 … 2019-01-21 07:00,
  which the files hold: each station's mean of its other hours, rounded, averaged, reproduces the differing SO2,
  NO2, PM10 and PM2.5 of both days (PM10 103 → 91); on 01-20 no other block of hours does. (成都, same
  republication, also disagrees on both days; of all blocks of up to 12 hours only leaving out those ending
  01-21 01:00 … 07:00 reproduces its 01-21; no block reproduces its 01-20.)

**Explained value periods**: a period that names pollutants counts only their values apart; the AQI, 质量等级 and
good/not good of its days count as usual, so the named pollutants must not set the AQI there (tested).

- 2019-01-01 … 2019-01-25, CO only: the published CO sits above the files' (published − our unrounded city CO,
  mg/m³: mean +0.051 on Tianjin's 23 complete days outside the gap above; published above ours at the published
  precision on 12 of them, below on 1 (01-01)), while SO2, NO2, PM10, PM2.5 and O3 8-h max agree on 22 of the 23
  (01-01: SO2). 成都, the other city of the same republication, with its own 7 stations, shows the same days the
  same way (+0.062, 12 above, none below), and neither city in any other month (monthly means −0.016…+0.010; from
  01-26 no day above in either): a publication-side difference in CO, not a rule of ours. No computation from the
  files reproduces it: leaving one station out or adding the 对照点, a constant added to one station or to every
  station, a factor applied to every station (the reference-state factor 298.15/273.15 included), day windows
  shifted −12…+12 h, the 24-h row at any
  other hour, station means from the 1-h values (unrounded, median, without values under a threshold, without
  repeated values, trimmed), city means of hourly values, half-up, ceiling or floating-point rounding.

**Explained days** (complete days outside the periods, each cause measured on the whole year):

- *Σ/24*: the November rule, tried on every other disagreeing complete day: where it reproduces two or more
  differing 24-h means, all lower than ours, and the O3 8-h max agrees, that is the explanation given (one value
  one step lower is what any small bias would give, so it is not enough).

The check passes when the AQI agrees on ≥ 97 % of the complete days outside the explained periods and no
complete day has an unexplained disagreement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import dagster as dg
import duckdb
import polars as pl

from assets.steps import markdown_table
from sources.air import SERIES_UNITS
from standards.gbt8170 import round_half_even
from warehouse.resource import query_frame

CHECK_NAME = "published_city_daily_agreement"
MIN_AQI_AGREEMENT_PERCENT = 97.0

#: Compared concentrations and the scale that makes their published precision an integer.
POLLUTANTS: dict[str, int] = {"so2": 1, "no2": 1, "co": 10, "pm10": 1, "pm2_5": 1, "o3_8h_max": 1}
#: 24-h means (the ones a division by 24 can explain; O3 is a maximum of 8-h means).
DAILY_MEANS = ("so2", "no2", "co", "pm10", "pm2_5")
FIELDS = (*POLLUTANTS, "aqi", "category", "good")
LABELS = {"so2": "SO2", "no2": "NO2", "co": "CO (0.1)", "pm10": "PM10", "pm2_5": "PM2.5", "o3_8h_max": "O3 8-h max",
          "aqi": "AQI", "category": "category", "good": "good / not good (AQI ≤ 100)"}


@dataclass(frozen=True)
class SystematicPeriod:
    """Days whose published values differ from the files for a cause measured once and named here.

    ``rule`` names the computation that reproduces the published values there (:data:`RULES`; None: none does);
    ``lacking`` is, for the rule ``hours_outside``, the first and last hour (by the local time it ends) the
    publisher lacked; ``pollutants`` (None: every value of the day) restricts the period to those values."""

    first: dt.date
    last: dt.date
    explanation: str
    rule: str | None
    lacking: tuple[dt.datetime, dt.datetime] | None = None
    pollutants: tuple[str, ...] | None = None

    def label(self) -> str:
        span = f"{self.first.isoformat()}…{self.last.isoformat()}"
        if self.pollutants is None:
            return span
        return f"{span} ({', '.join(LABELS[c].split(' ')[0] for c in self.pollutants)})"

    def covers(self, field: str) -> bool:
        """Whether the period counts ``field`` (a compared value, or aqi/category/good) apart."""
        return self.pollutants is None or field in self.pollutants


#: The computations that reproduce published values on some days, by the name the explanations use.
RULES = {
    "sum_over_24": "Σ/24",
    "hours_outside": "each station's mean of its other hours",
}

SYSTEMATIC_PERIODS: tuple[SystematicPeriod, ...] = (
    SystematicPeriod(
        dt.date(2019, 1, 1), dt.date(2019, 1, 25),
        "published CO above the files' (mean +0.051 mg/m³ over our unrounded city CO; above on 12 of the 23 "
        "complete days outside 01-20…21, below on 1) while SO2, NO2, PM10, PM2.5 and O3 8-h max agree on 22 of "
        "them (01-01: SO2); 成都 from the same republication shows the same days (+0.062; 12 above, none below), "
        "neither city any other month (−0.016…+0.010): the publication's CO "
        "differs from the release's hourly CO there, and no station set, offset, factor, hour window or rounding "
        "reproduces it; CO does not set the AQI on these days",
        rule=None, pollutants=("co",)),
    SystematicPeriod(
        dt.date(2019, 1, 20), dt.date(2019, 1, 21),
        "the published values leave out the 9 hours ending 2019-01-20 23:00 … 2019-01-21 07:00 (hour 23 of file "
        "2019-01-20 … hour 7 of file 2019-01-21), which the files hold: each station's mean of its other hours "
        "reproduces SO2, NO2, PM10 and PM2.5 on both days (on 01-20 no other block of hours does; PM10 103 → 91 "
        "on 01-21), O3 8-h max agrees as it is; CO from those hours is 1.1 on 01-21 against 1.2 published (the "
        "January CO offset, 2019-01-01…01-25)",
        rule="hours_outside", lacking=(dt.datetime(2019, 1, 20, 23), dt.datetime(2019, 1, 21, 7))),
    SystematicPeriod(
        dt.date(2019, 11, 4), dt.date(2019, 11, 30),
        "published SO2, NO2, CO, PM10, PM2.5 are each station's sum of hourly values ÷ 24 (a missing "
        "station-hour counted as 0) rounded as published, averaged (1–5 % below the files; O3 8-h max exact)",
        rule="sum_over_24"),
)

#: Rows a file has per hour: one per series type.
_SERIES_PER_HOUR = len(SERIES_UNITS)

_HOURS_SQL = """
WITH area_hours AS (
    SELECT DISTINCT h.day, h.hour_ending, h.file_date, h.hour
    FROM staging.air_hourly AS h
    JOIN mart.dim_air_station AS s USING (station_code)
    WHERE s.area_code = $area AND s.assessment AND h.day >= $start AND h.day < $end
),
cut AS (  -- the last hour of a file whose complete rows are not whole hours of every series
    SELECT h.file_date, max(h.hour) AS hour
    FROM staging.air_hourly AS h
    JOIN raw.air_file AS f USING (file_date)
    WHERE f.data_rows % $series <> 0 AND h.file_date >= $start AND h.file_date <= $end
    GROUP BY h.file_date
)
SELECT a.day, a.hour_ending, (c.hour IS NOT NULL) AS cut_short
FROM area_hours AS a
LEFT JOIN cut AS c ON a.file_date = c.file_date AND a.hour = c.hour
"""

# The area's assessment stations' hourly values (CO in 0.1 mg/m³ units, so that every sum is an integer).
_STATION_HOURS_SQL = """
SELECT h.station_code, h.day, h.hour_ending, h.so2, h.no2, round(h.co * 10) AS co, h.pm10, h.pm2_5
FROM staging.air_hourly AS h
JOIN mart.dim_air_station AS s USING (station_code)
WHERE s.area_code = $area AND s.assessment AND h.day >= $start AND h.day < $end
"""

_OURS_SQL = """
SELECT day, so2, no2, co, pm10, pm2_5, o3_8h_max, aqi, category
FROM mart.air_city_day
WHERE area_code = $area AND day >= $start AND day < $end
"""


def _ranges(values: list[int]) -> str:
    """[1, 2, 3, 7] → '1–3, 7'."""
    out: list[str] = []
    for v in sorted(values):
        if out and int(out[-1].split("–")[-1]) == v - 1:
            out[-1] = f"{out[-1].split('–')[0]}–{v}"
        else:
            out.append(str(v))
    return ", ".join(out)


def _lacking(day: dt.date, missing: list[int], cut: list[int]) -> str:
    """Which hours of which files a day lacks, in the files' own hour labels."""
    parts = []
    same = [h for h in missing if h < 24]
    if same:
        parts.append(f"hour(s) {_ranges(same)} of file {day.isoformat()}")
    if 24 in missing:
        parts.append(f"hour 0 of file {(day + dt.timedelta(days=1)).isoformat()}")
    for h in cut:
        file_day, hour = (day, h) if h < 24 else (day + dt.timedelta(days=1), 0)
        parts.append(f"hour {hour} of file {file_day.isoformat()} cut short")
    return "; ".join(parts)


def _day_hours(con: duckdb.DuckDBPyConnection, area: str, start: dt.date, end: dt.date) -> pl.DataFrame:
    """day, complete, lacking (text) for every day of [start, end)."""
    hours = query_frame(con, _HOURS_SQL, {"area": area, "start": start, "end": end, "series": _SERIES_PER_HOUR})
    days = pl.DataFrame({"day": pl.date_range(start, end - dt.timedelta(days=1), eager=True)})
    per_day = {d: ([], []) for d in days["day"]}
    present: dict[dt.date, set[int]] = {d: set() for d in days["day"]}
    for day, hour, cut in hours.iter_rows():
        if cut:
            per_day[day][1].append(hour)
        else:
            present[day].add(hour)
    rows = []
    for d in days["day"]:
        cut = sorted(set(per_day[d][1]) - present[d])
        missing = sorted(set(range(1, 25)) - present[d] - set(cut))
        rows.append({"day": d, "complete": not missing and not cut, "lacking": _lacking(d, missing, cut) or None})
    return pl.DataFrame(rows, schema={"day": pl.Date, "complete": pl.Boolean, "lacking": pl.String})


def _equal(ours: pl.Expr, theirs: pl.Expr) -> pl.Expr:
    return ((ours == theirs) | (ours.is_null() & theirs.is_null())).fill_null(False)


def _shown(value, column: str) -> str:
    if value is None:
        return "–"
    if column == "co":
        return f"{value:.1f}"
    if isinstance(value, float):
        return str(int(round(value)))
    return str(value)


def _compare(ours: pl.DataFrame, published: pl.DataFrame) -> pl.DataFrame:
    both = ours.join(published, on="day", how="inner", suffix="_published")
    return both.with_columns(
        *(_equal((pl.col(c) * s).round(0), (pl.col(f"{c}_published") * s).round(0)).alias(f"{c}_agree")
          for c, s in POLLUTANTS.items()),
        _equal(pl.col("aqi").cast(pl.Int64), pl.col("aqi_published").cast(pl.Int64)).alias("aqi_agree"),
        _equal(pl.col("category"), pl.col("category_published")).alias("category_agree"),
        _equal(pl.col("aqi") <= 100, pl.col("aqi_published") <= 100).alias("good_agree"),
    )


def _period_of(day: pl.Expr) -> pl.Expr:
    """The label of the period that counts the whole day apart (null outside such periods)."""
    expr = pl.lit(None, dtype=pl.String)
    for period in reversed(SYSTEMATIC_PERIODS):
        if period.pollutants is None:
            expr = pl.when(day.is_between(period.first, period.last)).then(pl.lit(period.label())).otherwise(expr)
    return expr


def _apart(day: pl.Expr) -> list[pl.Expr]:
    """Per field, ``apart__<field>``: a period counts the day's value of that field apart."""
    return [pl.any_horizontal(pl.lit(False), *(day.is_between(p.first, p.last) for p in SYSTEMATIC_PERIODS
                                               if p.covers(field))).alias(f"apart__{field}") for field in FIELDS]


def _agreement(frame: pl.DataFrame, apart: bool | None = None) -> dict[str, list]:
    """field → [agree, days, percent] over the rows of ``frame``; with ``apart`` only the rows whose value of the
    field a period counts apart (True) or does not (False)."""
    out = {}
    for field in FIELDS:
        rows = frame if apart is None else frame.filter(pl.col(f"apart__{field}") == apart)
        n = rows.height
        agree = int(rows[f"{field}_agree"].sum()) if n else 0
        out[field] = [agree, n, round(100.0 * agree / n, 2) if n else None]
    return out


def _city_of_stations(station: pl.DataFrame) -> pl.DataFrame:
    """Station daily values at published precision (CO in 0.1 units) → city values: the mean over the stations
    with a value, rounded half-to-even (GB/T 8170), CO back to mg/m³."""
    city = station.group_by("day").agg(*(pl.col(c).mean() for c in DAILY_MEANS))
    return city.with_columns(*(round_half_even(pl.col(c)) / POLLUTANTS[c] for c in DAILY_MEANS))


def _station_means(hourly: pl.DataFrame, over_24: bool) -> pl.DataFrame:
    """Each station-day's mean of its hourly values (or their sum ÷ 24, a missing hour counted as 0), rounded
    half-to-even to the published precision; null where the station has no value of the pollutant."""
    return hourly.group_by("station_code", "day").agg(
        *(pl.when(pl.col(c).count() > 0).then(pl.col(c).sum() / 24 if over_24 else pl.col(c).mean()).alias(c)
          for c in DAILY_MEANS)).with_columns(*(round_half_even(pl.col(c)) for c in DAILY_MEANS))


def _hour_end() -> pl.Expr:
    """The local time an hour ends (hour_ending 24 of day D ends at 00:00 of D+1)."""
    return pl.col("day").cast(pl.Datetime) + pl.duration(hours=pl.col("hour_ending"))


def _rules(hourly: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Per rule of :data:`RULES`: day and the five city 24-h means it gives."""
    rules = {"sum_over_24": _city_of_stations(_station_means(hourly, over_24=True))}

    outside = pl.lit(True)
    for period in SYSTEMATIC_PERIODS:
        if period.lacking is not None:
            outside = outside & ~_hour_end().is_between(*period.lacking)
    rules["hours_outside"] = _city_of_stations(_station_means(hourly.filter(outside), over_24=False))


    return rules


def _explanations(frame: pl.DataFrame, rules: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The disagreeing days with what differs and, where the cause is known, why."""
    periods = {p.label(): p for p in SYSTEMATIC_PERIODS}
    joined = frame
    for name, values in rules.items():
        cols = [c for c in DAILY_MEANS if c in values.columns]
        joined = joined.join(values.select("day", *(pl.col(c).alias(f"{c}__{name}") for c in cols)),
                             on="day", how="left")

    def reproduced(r: dict, rule: str, means: list[str]) -> bool:
        """Every differing 24-h mean equals the rule's value at published precision."""
        return bool(means) and all(
            r.get(f"{c}__{rule}") is not None and r[f"{c}_published"] is not None
            and round(r[f"{c}__{rule}"] * POLLUTANTS[c]) == round(r[f"{c}_published"] * POLLUTANTS[c])
            for c in means)

    rows = []
    for r in joined.sort("day").iter_rows(named=True):
        differing = [f for f in FIELDS if not r[f"{f}_agree"]]
        if not differing:
            continue
        shown = [f"{LABELS[f].split(' ')[0]} {_shown(r[f], f)}→{_shown(r[f + '_published'], f)}"
                 for f in (*POLLUTANTS, "aqi", "category") if f in differing]
        # Values a pollutant-scoped period explains; the rest needs a cause of its own.
        scoped = [p for p in SYSTEMATIC_PERIODS if p.pollutants is not None and p.first <= r["day"] <= p.last
                  and any(f in p.pollutants for f in differing)]
        offsets = "; ".join(f"explained: systematic offset {p.label()}: {p.explanation}" for p in scoped)
        if scoped and r["period"] is None:
            differing = [f for f in differing if not any(p.covers(f) for p in scoped)]
        means = [c for c in DAILY_MEANS if c in differing]
        o3_agrees = "o3_8h_max" not in differing
        labels = ", ".join(LABELS[c].split(" ")[0] for c in means)
        if r["period"] is not None:
            period = periods[r["period"]]
            why = f"explained: systematic offset {r['period']}: {period.explanation}"
            if period.rule is not None:
                by_rule = reproduced(r, period.rule, means) and o3_agrees
                why += f"; {RULES[period.rule]} " + (
                    "reproduces this day" if by_rule else "does not reproduce every value this day")
        elif not r["complete"]:
            why = f"files lack hours: {r['lacking']}"
        elif (o3_agrees and len(means) >= 2 and reproduced(r, "sum_over_24", means)
              and all(r[f"{c}_published"] < r[c] for c in means)):
            # Σ/24 only lowers a mean, and one value one step lower is what any small bias gives: two or more
            # means, all lower and all reproduced, before it is named as the cause.
            why = (f"explained: the published {labels} equal the stations' sums of hourly values ÷ 24 (a missing "
                   "station-hour counted as 0), as in the systematic offset")
        elif not differing:
            why = offsets
        else:
            why = None
        if why is not None and offsets and why != offsets and r["period"] is None:
            why = f"{why}; {offsets}"
        rows.append({"day": r["day"], "complete": r["complete"], "differs (ours→published)": "; ".join(shown),
                     "explanation": why})
    return pl.DataFrame(rows, schema={"day": pl.Date, "complete": pl.Boolean, "differs (ours→published)": pl.String,
                                      "explanation": pl.String})


def _agreement_table(subsets: dict[str, dict[str, list]]) -> str:
    header = "| | " + " | ".join(subsets) + " |"
    lines = [header, "|" + "---|" * (len(subsets) + 1)]
    for field in FIELDS:
        cells = []
        for counts in subsets.values():
            agree, n, pct = counts[field]
            cells.append(f"{agree}/{n} ({pct:.2f} %)" if n else "–")
        lines.append(f"| {LABELS[field]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def published_city_day_check(con: duckdb.DuckDBPyConnection, area_code: str, published: pl.DataFrame,
                             start: dt.date, end: dt.date, source_name: str) -> dg.AssetCheckResult:
    """Our ``mart.air_city_day`` rows of ``area_code`` in [start, end) against the published rows of the same
    days: agreement per value on complete days and on days whose files lack hours, every disagreeing day with
    its explanation where the cause is known (module docstring)."""
    params = {"area": area_code, "start": start, "end": end}
    ours = query_frame(con, _OURS_SQL, params)
    window = published.filter((pl.col("day") >= start) & (pl.col("day") < end))
    frame = _compare(ours, window).join(_day_hours(con, area_code, start, end), on="day", how="left").with_columns(
        pl.col("complete").fill_null(False), _period_of(pl.col("day")).alias("period"), *_apart(pl.col("day")))

    complete = frame.filter(pl.col("complete"))
    decisive = complete.filter(pl.col("period").is_null())
    subsets = {
        "complete days": _agreement(complete),
        "complete, outside explained periods": _agreement(complete, apart=False),
        "complete, in explained periods": _agreement(complete, apart=True),
        "days whose files lack hours": _agreement(frame.filter(~pl.col("complete"))),
        "all days compared": _agreement(frame),
    }
    rules = _rules(query_frame(con, _STATION_HOURS_SQL, params))
    disagreements = _explanations(frame, rules)
    unexplained = disagreements.filter(pl.col("complete") & pl.col("explanation").is_null())
    aqi_pct = subsets["complete, outside explained periods"]["aqi"][2]
    passed = aqi_pct is not None and aqi_pct >= MIN_AQI_AGREEMENT_PERCENT and unexplained.height == 0

    last = end - dt.timedelta(days=1)
    period_days = frame.filter(pl.col("period").is_not_null())
    table = disagreements.with_columns(
        pl.col("complete").replace_strict({True: "yes", False: "no"}, return_dtype=pl.String),
        pl.col("explanation").fill_null("unexplained"))
    return dg.AssetCheckResult(
        check_name=CHECK_NAME,
        passed=passed,
        severity=dg.AssetCheckSeverity.WARN,
        description=(f"{area_code}: mart.air_city_day against {source_name}, {start.isoformat()} … {last.isoformat()}: "
                     f"AQI agrees on {aqi_pct} % of the complete days outside the explained periods "
                     f"({', '.join(p.label() for p in SYSTEMATIC_PERIODS)}; needed ≥ {MIN_AQI_AGREEMENT_PERCENT} %); "
                     f"{unexplained.height} unexplained disagreeing complete day(s)."),
        metadata={
            "source": source_name,
            "area": area_code,
            "window": f"{start.isoformat()} … {last.isoformat()}",
            "days_compared": frame.height,
            "our_days_without_published_row": ours.join(window, on="day", how="anti").height,
            "published_days_without_our_row": window.join(ours, on="day", how="anti").height,
            "complete_days": complete.height,
            "days_lacking_hours": frame.height - complete.height,
            "complete_days_outside_explained_periods": decisive.height,
            "explained_periods": "; ".join(f"{p.label()}: {p.explanation}" for p in SYSTEMATIC_PERIODS),
            "explained_period_days": period_days.height,
            "explained_period_complete_days": complete.height - decisive.height,
            "aqi_agreement_percent_complete_outside_periods": dg.MetadataValue.float(
                aqi_pct if aqi_pct is not None else float("nan")),
            "agreement": dg.MetadataValue.md(_agreement_table(subsets)),
            "agreement_counts": dg.MetadataValue.json(subsets),
            "disagreeing_days": disagreements.height,
            "disagreeing_complete_days": int(disagreements["complete"].sum()) if disagreements.height else 0,
            "disagreements_explained": disagreements.filter(pl.col("explanation").is_not_null()).height,
            "unexplained_disagreeing_complete_days": unexplained.height,
            "unexplained_days": ", ".join(d.isoformat() for d in unexplained["day"]) or "none",
            "disagreements": dg.MetadataValue.md(markdown_table(table) if table.height else "none"),
            "completeness_rule": (
                "day D is complete when each of its 24 hours (hours 1–23 of file D, hour 0 of file D+1) has a "
                "staged row at one or more of the area's assessment stations and none is the last hour of a "
                "file with a row cut short (raw.air_file.data_rows not a multiple of the 15 series)"),
        },
    )
