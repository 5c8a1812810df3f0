"""What good staged water data looks like (staging.water_auto, staging.water_manual)."""

from __future__ import annotations

import datetime as dt

from expectations import import_gx
from sources.water import AUTO_ITEMS, DISPLAYED_ITEMS, MANUAL_ITEMS, STAGED_AUTO_COLUMNS, STAGED_MANUAL_COLUMNS
from standards.gb3838 import CLASS_LABELS

#: Plausible ranges per item; every value must also be finite (``1e999`` is refused at raw already).
#: pH is 0–14 by definition; dissolved oxygen above 20 mg/L is beyond supersaturation seen in surface
#: water; water colder than −1 ℃ or warmer than 45 ℃ is an instrument fault. Ceilings of the others are
#: physical, not regulatory: conductivity 250 000 μS/cm (saturated brine), turbidity 10 000 NTU,
#: chlorophyll α 10 mg/L (ten times a hypereutrophic bloom), algal density and fecal coliform 10¹² per
#: litre, and any other concentration 10⁶ mg/L (one kilogram per litre of water).
RANGES = {"ph": (0, 14), "dissolved_oxygen": (0, 20), "water_temp": (-1, 45), "conductivity": (0, 250_000),
          "turbidity": (0, 10_000), "chlorophyll_a": (0, 10), "algal_density": (0, 1e12), "fecal_coliform": (0, 1e12)}
CONCENTRATION_CEILING = 1_000_000


def _ranges(items: list[str]) -> list:
    import_gx()
    import great_expectations.expectations as gxe

    suite = []
    for item in items:
        low, high = RANGES.get(item.removesuffix("_displayed"), (0, CONCENTRATION_CEILING))
        suite.append(gxe.ExpectColumnValuesToBeBetween(
            column=item, min_value=low, max_value=high,
            meta={"why": f"{item} outside {low}…{'' if high is None else high} is not plausible"}))
    return suite


def _window(column: str, start: dt.date, end: dt.date) -> list:
    """Sampling dates inside the partition [start, end)."""
    import_gx()
    import great_expectations.expectations as gxe

    last = end - dt.timedelta(days=1)
    return [gxe.ExpectColumnValuesToBeBetween(
        column=column, min_value=dt.datetime(start.year, start.month, start.day),
        max_value=dt.datetime(last.year, last.month, last.day),
        meta={"why": f"sampled outside the partition {start} … {last}"})]


def water_auto_suite(section_names: list[str], start: dt.date, end: dt.date) -> list:
    """Suite water_auto: readings of known sections, inside the partition, plausible, one per section/time."""
    import_gx()
    import great_expectations.expectations as gxe

    suite: list = [gxe.ExpectTableColumnsToMatchSet(column_set=STAGED_AUTO_COLUMNS, exact_match=True)]
    for column in ("section_name", "water_type", "monitored_at", "day", "versions", "source_file", "source_row"):
        suite.append(gxe.ExpectColumnValuesToNotBeNull(column=column))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="section_name", value_set=section_names,
                                                 meta={"why": "a section the profile does not list"}))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="published_class", value_set=list(CLASS_LABELS.values())))
    suite += _window("day", start, end)
    suite += _ranges([c.id for c in AUTO_ITEMS] + [f"{i}_displayed" for i in DISPLAYED_ITEMS])
    suite.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=["section_name", "monitored_at"]))
    return suite


def water_manual_suite(sections: dict[str, str], start: dt.date, end: dt.date) -> list:
    """Suite water_manual: samples of the profile's sections (code and name agree), inside the month,
    plausible, one per section and sampling date."""
    import_gx()
    import great_expectations.expectations as gxe

    suite: list = [gxe.ExpectTableColumnsToMatchSet(column_set=STAGED_MANUAL_COLUMNS, exact_match=True)]
    for column in ("section_code", "section_name", "water_type", "sampled_on", "source_file", "source_row"):
        suite.append(gxe.ExpectColumnValuesToNotBeNull(column=column))
    suite.append(gxe.ExpectColumnValuesToBeInSet(column="section_code", value_set=list(sections),
                                                 meta={"why": "a section code the profile does not list"}))
    suite.append(gxe.ExpectColumnPairValuesToBeInSet(
        column_A="section_code", column_B="section_name", value_pairs_set=[(c, n) for c, n in sections.items()],
        meta={"why": "断面名称 differs from the profile's name for the code"}))
    suite += _window("sampled_on", start, end)
    suite += _ranges([c.id for c in MANUAL_ITEMS])
    suite.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=["section_code", "sampled_on"]))
    return suite
