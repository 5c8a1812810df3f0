"""Water indicators as pure frame functions: sample classes, period classes, area shares and ratings.

Every value is classified as an exact Decimal (standards/gb3838.py); a DOUBLE read back from the
warehouse is taken at its shortest repr, which is the text the feed reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

import polars as pl

from sources.profile import Profile, WaterSection
from standards import gb3838
from standards.percent import percent

MANUAL_ITEMS = gb3838.ASSESSED_ITEMS
AUTO_ITEMS = gb3838.AUTO_ASSESSED_ITEMS

SAMPLE_SCHEMA = {
    "items_assessed": pl.Int16, "water_class": pl.Int16, "water_class_label": pl.String,
    "setting_items": pl.String, "item_classes": pl.String, "tn_class": pl.Int16, "tn_class_label": pl.String,
    "target_class": pl.Int16, "meets_target": pl.Boolean, "exceeding_items": pl.String, "rating": pl.String,
    "dl_limited_items": pl.String,
}


def _decimal(value) -> Decimal | None:
    return None if value is None else gb3838.to_decimal(value)


def _names(items: Iterable[str]) -> str | None:
    names = [gb3838.ITEMS[i].name_zh for i in items]
    return ", ".join(names) if names else None


def assess(values: dict[str, Decimal | None], water_type: str, items: Sequence[str], target_class: int | None,
           below_dl: Iterable[str] = ()) -> dict:
    """The class columns of one sample or one period's means (SAMPLE_SCHEMA)."""
    result = gb3838.sample_class(values, water_type, items)
    label = gb3838.CLASS_LABELS.get(result.water_class) if result.water_class else None
    tn = gb3838.tn_class(values.get("tn"), water_type)
    exceeding = (gb3838.exceeding_items(values, water_type, target_class, items)
                 if target_class is not None and result.water_class is not None else [])
    limited = [i for i in items if i in set(below_dl) and values.get(i) is not None
               and gb3838.ITEMS[i].kind == "max" and gb3838.dl_limits_class(i, values[i], water_type)]
    return {
        "items_assessed": result.items_assessed,
        "water_class": result.water_class,
        "water_class_label": label,
        "setting_items": _names(result.setting_items),
        "item_classes": "; ".join(f"{gb3838.ITEMS[i].name_zh} {gb3838.CLASS_LABELS[c]}"
                                  for i, c in result.item_classes.items()) or None,
        "tn_class": tn,
        "tn_class_label": gb3838.CLASS_LABELS.get(tn) if tn else None,
        "target_class": target_class,
        "meets_target": None if target_class is None or result.water_class is None
        else result.water_class <= target_class,
        "exceeding_items": gb3838.format_exceeding(exceeding),
        "rating": gb3838.section_rating(result.water_class),
        "dl_limited_items": _names(limited),
    }


def _sections(profile: Profile) -> dict[str, WaterSection]:
    return {s.code: s for s in profile.water_sections}


def classify_auto(staged: pl.DataFrame, profile: Profile) -> pl.DataFrame:
    """mart.water_auto_sample: each reading classed over the 5 items an automatic station measures.

    The class of record is GB 3838 Table 1 on the measured (raw) values. The platform computes its published
    水质类别 on the values it displays (rounded: pH to an integer, DO and CODMn to 0.1, NH3-N to 0.01, TP to
    0.001 mg/L in the 2025-11 layout), so the reconciliation compares the class of the displayed values with
    the published one; where the class of record differs, ``mismatch_reason`` names the items and values.
    """
    sections = _sections(profile)
    displayed_cols = all(f"{i}_displayed" in staged.columns for i in AUTO_ITEMS)
    rows = []
    for r in staged.iter_rows(named=True):
        values = {i: _decimal(r[i]) for i in (*AUTO_ITEMS, "tn")}
        shown = {i: _decimal(r[f"{i}_displayed"]) for i in AUTO_ITEMS} if displayed_cols else values
        section = sections.get(r["section_code"]) if r["section_code"] else None
        out = assess(values, r["water_type"], AUTO_ITEMS, section.target_class if section else None,
                     r["below_dl_items"])
        displayed = gb3838.sample_class(shown, r["water_type"], AUTO_ITEMS)
        published = r["published_class"]
        ours = out["water_class_label"]
        matches = None if published is None or displayed.label is None else displayed.label == published
        reason = None
        if ours != displayed.label:
            record = gb3838.sample_class(values, r["water_type"], AUTO_ITEMS)
            moved = [f"{gb3838.ITEMS[i].name_zh} {values[i]} (displayed {shown[i]}): "
                     f"{gb3838.CLASS_LABELS[record.item_classes[i]]} → "
                     f"{gb3838.CLASS_LABELS[displayed.item_classes[i]]}"
                     for i in AUTO_ITEMS if i in record.item_classes and i in displayed.item_classes
                     and record.item_classes[i] != displayed.item_classes[i]]
            reason = (f"class of record {ours} on the raw values; the platform classes the displayed values "
                      f"({displayed.label}): {'; '.join(moved)}")
        if matches is False:
            other = gb3838.LAKE if r["water_type"] == gb3838.RIVER else gb3838.RIVER
            alt = gb3838.sample_class(shown, other, AUTO_ITEMS).label
            cause = (f"the platform's class is the one with the {other} TP limits: check the section's type "
                     "in the profile" if alt == published else "no known cause")
            reason = cause if reason is None else f"{reason}; {cause}"
        rows.append({**{k: r[k] for k in ("section_name", "section_code", "in_city", "water_type", "monitored_at",
                                          "day", "source_file", "source_row")},
                     **out, "published_class": published, "displayed_class_label": displayed.label,
                     "matches_published": matches, "mismatch_reason": reason})
    schema = {"section_name": pl.String, "section_code": pl.String, "in_city": pl.Boolean,
              "water_type": pl.String, "monitored_at": staged.schema["monitored_at"], "day": pl.Date,
              "source_file": pl.String, "source_row": pl.Int32, **SAMPLE_SCHEMA, "published_class": pl.String,
              "displayed_class_label": pl.String, "matches_published": pl.Boolean, "mismatch_reason": pl.String}
    return pl.DataFrame(rows, schema=schema)


def classify_manual(staged: pl.DataFrame, profile: Profile) -> pl.DataFrame:
    """mart.water_manual_sample: each manual sample classed over the 21 items of the 评价办法;
    fecal coliform classed separately."""
    sections = _sections(profile)
    rows = []
    for r in staged.iter_rows(named=True):
        values = {i: _decimal(r[i]) for i in gb3838.ITEMS if i in r}
        section = sections.get(r["section_code"])
        out = assess(values, r["water_type"], MANUAL_ITEMS, section.target_class if section else None,
                     r["below_dl_items"])
        fc = values.get("fecal_coliform")
        rows.append({**{k: r[k] for k in ("section_code", "section_name", "water_type", "sampled_on", "month",
                                          "source_file", "source_row")},
                     **out, "fecal_coliform_class": None if fc is None else gb3838.item_class("fecal_coliform", fc)})
    schema = {"section_code": pl.String, "section_name": pl.String, "water_type": pl.String,
              "sampled_on": pl.Date, "month": pl.Date, "source_file": pl.String, "source_row": pl.Int32,
              **SAMPLE_SCHEMA, "fecal_coliform_class": pl.Int16}
    return pl.DataFrame(rows, schema=schema)


def period_classes(samples: pl.DataFrame, profile: Profile, basis: str, keys: list[str]) -> pl.DataFrame:
    """Section-period classes (评价办法: classify the arithmetic mean of each item over the period's
    valid samples; a below-DL result enters as ``profile.water_below_dl``, DL/2 by default).

    ``samples``: staged rows of the city's sections with ``section_code``, the item columns,
    ``below_dl_items`` and the period ``keys`` (e.g. year, month).
    """
    items = MANUAL_ITEMS if basis == "manual" else AUTO_ITEMS
    sections = _sections(profile)
    present = [i for i in gb3838.ITEMS if i in samples.columns]
    rows = []
    for group_key, group in samples.group_by(["section_code", *keys], maintain_order=True):
        code = group_key[0]
        section = sections[code]
        means: dict[str, Decimal | None] = {}
        flags = [set(dl or ()) for dl in group["below_dl_items"].to_list()]
        for item in present:
            pairs = [(gb3838.to_decimal(v), item in dl)
                     for v, dl in zip(group[item].to_list(), flags, strict=True) if v is not None]
            means[item] = gb3838.mean(pairs, profile.water_below_dl)
        out = assess(means, section.water_type, items, section.target_class)
        rows.append({
            "basis": basis, "section_code": code, "section_name": section.name, "area_code": section.area,
            "county_code": section.county, "water_type": section.water_type, "assessment": section.assessment,
            **dict(zip(keys, group_key[1:], strict=True)), "samples": group.height,
            **{i: None if means.get(i) is None else float(means[i]) for i in gb3838.ITEMS}, **out})
    key_schema = {k: pl.Int32 for k in keys}
    schema = {"basis": pl.String, "section_code": pl.String, "section_name": pl.String, "area_code": pl.String,
              "county_code": pl.String, "water_type": pl.String, "assessment": pl.Boolean, **key_schema,
              "samples": pl.Int32, **{i: pl.Float64 for i in gb3838.ITEMS}, **SAMPLE_SCHEMA}
    return pl.DataFrame(rows, schema=schema)


def _ratio(n: int, d: int) -> float | None:
    value = percent(n, d, 1)
    return None if value is None else float(value)


def area_rows(periods: pl.DataFrame, profile: Profile, period_type: str,
              section_years: pl.DataFrame | None = None) -> pl.DataFrame:
    """mart.water_area_period rows for one period type from section-period classes.

    Per area (the city, and each county with sections) the profile's assessment sections (考核断面)
    count. Shares are exact section counts (GB/T 8170 rounding to 0.1 %). Rating (评价办法): ≥ 5
    sections by the shares (gb3838.area_rating); fewer, the mean of each item over the sections rated
    as one section. Year: assessable when every assessment section of the area has at least
    ``water_year_min_months`` months with data; month: when every assessment section was sampled.
    """
    listed = [s for s in profile.water_sections if s.assessment]
    areas: list[tuple[str, str, list]] = []
    for area in profile.areas:
        members = [s for s in listed if (s.area if area.level == "city" else s.county) == area.code]
        if members:
            areas.append((area.code, area.level, members))
    keys = ["year"] if period_type == "year" else ["year", "month"]
    rows = []
    if periods.is_empty():
        return _area_frame(rows)
    for basis_key in periods.select(["basis", *keys]).unique().sort(["basis", *keys]).iter_rows(named=True):
        basis = basis_key["basis"]
        subset = periods.filter(*(pl.col(k) == v for k, v in basis_key.items()))
        period = (f"{basis_key['year']}" if period_type == "year"
                  else f"{basis_key['year']}-{basis_key['month']:02d}")
        items = MANUAL_ITEMS if basis == "manual" else AUTO_ITEMS
        for code, level, members in areas:
            member_codes = {s.code for s in members}
            assessed = subset.filter(pl.col("section_code").is_in(member_codes) & pl.col("water_class").is_not_null())
            if assessed.is_empty():
                continue
            classes = assessed["water_class"].to_list()
            n = len(classes)
            good = sum(1 for c in classes if c <= 3)
            bad = sum(1 for c in classes if c == gb3838.WORSE_THAN_V)
            meeting = int(assessed["meets_target"].fill_null(False).sum())
            with_target = int(assessed["meets_target"].is_not_null().sum())
            if n >= gb3838.MIN_SECTIONS_FOR_SHARES:
                rating, method = gb3838.area_rating(classes), "shares (>= 5 sections)"
            else:
                means = {i: _mean_of_means(assessed[i]) for i in items}
                types = set(assessed["water_type"])
                water_type = gb3838.LAKE if types == {gb3838.LAKE} else gb3838.RIVER
                rating = gb3838.section_rating(gb3838.sample_class(means, water_type, items).water_class)
                method = f"mean concentrations of {n} section(s) rated as one section (< 5 sections)"
            assessable, note = _assessable(period_type, members, assessed, section_years, basis_key, profile)
            rows.append({"basis": basis, "area_code": code, "area_level": level, "period_type": period_type,
                         "period": period, "year": basis_key["year"], "month": basis_key.get("month"),
                         "sections_listed": len(members), "sections_assessed": n, "sections_i_iii": good,
                         "class_iii_or_better_ratio": _ratio(good, n), "sections_worse_than_v": bad,
                         "worse_than_v_ratio": _ratio(bad, n), "sections_meeting_target": meeting,
                         "meeting_target_ratio": _ratio(meeting, with_target), "rating": rating,
                         "rating_method": method,
                         "assessable": assessable, "note": note})
    return _area_frame(rows)


def _mean_of_means(column: pl.Series) -> Decimal | None:
    values = [gb3838.to_decimal(v) for v in column if v is not None]
    return sum(values, Decimal(0)) / len(values) if values else None


def _assessable(period_type: str, members: list, assessed: pl.DataFrame, section_years: pl.DataFrame | None,
                key: dict, profile: Profile) -> tuple[bool, str]:
    if period_type == "month":
        ok = assessed.height == len(members)
        return ok, f"{assessed.height} of {len(members)} assessment sections sampled this month"
    need = profile.water_year_min_months
    months = {}
    if section_years is not None:
        year_rows = section_years.filter((pl.col("basis") == key["basis"]) & (pl.col("year") == key["year"]))
        months = dict(zip(year_rows["section_code"], year_rows["months_with_data"], strict=True))
    short = [f"{s.code} {s.name} {months.get(s.code, 0)}" for s in members if months.get(s.code, 0) < need]
    if short:
        return False, (f"needs >= {need} months with data per assessment section (water.year_min_months); "
                       f"short: {'; '.join(short)}")
    return True, f"every assessment section has >= {need} months with data"


def _area_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={
        "basis": pl.String, "area_code": pl.String, "area_level": pl.String, "period_type": pl.String,
        "period": pl.String, "year": pl.Int32, "month": pl.Int32, "sections_listed": pl.Int32,
        "sections_assessed": pl.Int32, "sections_i_iii": pl.Int32, "class_iii_or_better_ratio": pl.Float64,
        "sections_worse_than_v": pl.Int32, "worse_than_v_ratio": pl.Float64, "sections_meeting_target": pl.Int32,
        "meeting_target_ratio": pl.Float64, "rating": pl.String, "rating_method": pl.String,
        "assessable": pl.Boolean, "note": pl.String})
