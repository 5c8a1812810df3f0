"""GB 3838-2002 classes and the 评价办法 rules: the domain examples and every class boundary."""

from decimal import Decimal

import pytest

from standards import gb3838
from standards.gb3838 import item_class

# Table 1 transcribed again from domain/water.md §1, independently of standards/gb3838.py.
TABLE_1 = {
    "codmn": "2 4 6 10 15", "cod": "15 15 20 30 40", "bod5": "3 3 4 6 10", "nh3_n": "0.15 0.5 1.0 1.5 2.0",
    "tp": "0.02 0.1 0.2 0.3 0.4", "tn": "0.2 0.5 1.0 1.5 2.0", "copper": "0.01 1.0 1.0 1.0 1.0",
    "zinc": "0.05 1.0 1.0 2.0 2.0", "fluoride": "1.0 1.0 1.0 1.5 1.5", "selenium": "0.01 0.01 0.01 0.02 0.02",
    "arsenic": "0.05 0.05 0.05 0.1 0.1", "mercury": "0.00005 0.00005 0.0001 0.001 0.001",
    "cadmium": "0.001 0.005 0.005 0.005 0.01", "chromium_vi": "0.01 0.05 0.05 0.05 0.1",
    "lead": "0.01 0.01 0.05 0.05 0.1", "cyanide": "0.005 0.05 0.2 0.2 0.2",
    "volatile_phenol": "0.002 0.002 0.005 0.01 0.1", "petroleum": "0.05 0.05 0.05 0.5 1.0",
    "anionic_surfactant": "0.2 0.2 0.2 0.3 0.3", "sulfide": "0.05 0.1 0.2 0.5 1.0",
    "fecal_coliform": "200 2000 10000 20000 40000",
}
TP_LAKE = "0.01 0.025 0.05 0.1 0.2"
DO = "7.5 6 5 3 2"


def _boundary_cases():
    """(item, water type, value, expected class) at and just past every limit of every "≤" item."""
    cases = []
    tables = [(item, "river", lim) for item, lim in TABLE_1.items()] + [("tp", "lake", TP_LAKE)]
    for item, water_type, text in tables:
        lims = [Decimal(x) for x in text.split()]
        step = Decimal(1).scaleb(min(lim.as_tuple().exponent for lim in lims) - 2)  # 1/100 of the last digit
        for k, lim in enumerate(lims, start=1):
            best = lims.index(lim) + 1                         # shared limit: the best class (从优不从劣)
            cases.append((item, water_type, lim, best))        # inclusive: on the limit
            above = lim + step
            nxt = next((j for j, other in enumerate(lims, start=1) if other >= above), 6)
            cases.append((item, water_type, above, nxt))       # exclusive: just past it
            if k == 1:
                cases.append((item, water_type, Decimal(0), 1))
    return cases


@pytest.mark.parametrize(("item", "water_type", "value", "expected"), _boundary_cases(),
                         ids=lambda v: str(v))
def test_every_boundary_of_every_item(item, water_type, value, expected):
    assert item_class(item, value, water_type) == expected


def test_boundary_cases_cover_every_classified_item():
    covered = {c[0] for c in _boundary_cases()} | {"ph", "dissolved_oxygen"}
    assert set(gb3838.ASSESSED_ITEMS) <= covered
    assert len(_boundary_cases()) > 200


@pytest.mark.parametrize(("value", "expected"), [
    ("7.5", 1), ("7.49", 2), ("6.0", 2), ("5.99", 3), ("5.5", 3), ("5.0", 3), ("4.99", 4), ("3.0", 4),
    ("2.99", 5), ("2.0", 5), ("1.99", 6), ("1.8", 6), ("0", 6), ("12.3", 1)])
def test_dissolved_oxygen_higher_is_better(value, expected):
    """Domain example 4 and every DO boundary: "≥", inclusive."""
    assert item_class("dissolved_oxygen", value) == expected
    assert gb3838.exceedance_multiple("dissolved_oxygen", value) is None


@pytest.mark.parametrize(("value", "expected"), [
    ("6", 1), ("6.0", 1), ("7.6", 1), ("9.0", 1), ("9", 1), ("5.99", 6), ("9.01", 6), ("9.1", 6), ("4.5", 6),
    ("10.2", 6)])
def test_ph_inside_6_to_9_is_class_i_outside_is_worse_than_v(value, expected):
    assert item_class("ph", value) == expected
    assert gb3838.exceedance_multiple("ph", value) is None


def test_domain_example_1_one_bad_item_sets_the_class():
    sample = {"ph": "7.6", "dissolved_oxygen": "6.8", "codmn": "3.5", "cod": "14", "bod5": "2.6", "nh3_n": "1.2",
              "tp": "0.08", "copper": "0.005", "zinc": "0.02", "fluoride": "0.45", "selenium": "0.0004",
              "arsenic": "0.002", "mercury": "0.00002", "cadmium": "0.0005", "chromium_vi": "0.004",
              "lead": "0.002", "cyanide": "0.002", "volatile_phenol": "0.0015", "petroleum": "0.02",
              "anionic_surfactant": "0.05", "sulfide": "0.01"}
    result = gb3838.sample_class(sample, "river")
    assert result.label == "Ⅳ"
    assert result.setting_items == ("nh3_n",)
    assert result.items_assessed == 21
    assert gb3838.section_rating(result.water_class) == "轻度污染"
    assert gb3838.exceedance_multiple("nh3_n", "1.2") == Decimal("0.2")
    found = gb3838.exceeding_items(sample, "river", 3)
    assert found == [("nh3_n", 4, Decimal("0.2"))]
    assert gb3838.format_exceeding(found) == "氨氮(0.2)"


def test_domain_example_2_values_on_a_boundary():
    assert item_class("nh3_n", "1.0") == 3
    assert item_class("nh3_n", "1.0001") == 4
    assert item_class("tp", "0.2") == 3
    assert item_class("cod", "15") == 1
    assert item_class("ph", "9.0") == 1
    assert item_class("ph", "9.1") == 6


def test_domain_example_3_lake_vs_river_phosphorus():
    assert item_class("tp", "0.06", "river") == 2
    assert item_class("tp", "0.06", "lake") == 4
    assert gb3838.exceedance_multiple("tp", "0.06", "lake") == Decimal("0.2")
    assert gb3838.exceedance_multiple("tp", "0.06", "river") is None
    # The same sample is Ⅱ as a river and Ⅳ as a lake, set by TP.
    sample = {"ph": "7.5", "dissolved_oxygen": "8", "codmn": "3", "nh3_n": "0.3", "tp": "0.06"}
    assert gb3838.sample_class(sample, "river").label == "Ⅱ"
    lake = gb3838.sample_class(sample, "lake")
    assert (lake.label, lake.setting_items) == ("Ⅳ", ("tp",))


def test_lake_total_nitrogen_is_reported_separately_not_in_the_class():
    sample = {"ph": "8.1", "dissolved_oxygen": "10.8", "codmn": "0.82", "nh3_n": "0.107", "tp": "0.068",
              "tn": "2.05"}
    result = gb3838.sample_class(sample, "lake")
    assert result.label == "Ⅳ"              # TP (lake), not TN 2.05 (劣Ⅴ)
    assert "tn" not in result.item_classes
    assert gb3838.tn_class("2.05", "lake") == 6
    assert gb3838.tn_class("2.05", "river") is None


def test_float_noise_does_not_cross_a_limit():
    """Values read back from DOUBLE columns keep their reported digits (shortest repr), and means are
    taken in Decimal: a float mean would put 0.1, 0.1, 0.4 above the river TP limit 0.2 (Ⅲ)."""
    assert (0.1 + 0.1 + 0.4) / 3 > 0.2                                  # the float mean is 0.20000000000000004
    m = gb3838.mean([(gb3838.to_decimal(x), False) for x in (0.1, 0.1, 0.4)])
    assert m == Decimal("0.2")
    assert item_class("tp", m) == 3
    assert item_class("tp", float("0.2")) == 3
    assert item_class("nh3_n", 0.15) == 1


def test_domain_example_5_below_detection_limit():
    values = [(Decimal("0.004"), True), (Decimal("0.006"), False), (Decimal("0.008"), False)]
    m = gb3838.mean(values, "half")
    assert round(m, 6) == Decimal("0.005333")
    assert item_class("chromium_vi", m) == 1
    assert gb3838.mean(values, "dl") == Decimal("0.006")
    assert gb3838.mean(values, "zero") == Decimal("0.014") / 3
    # A single 0.01L volatile phenol: DL above the Ⅰ/Ⅱ limit 0.002 → "not worse than" Ⅳ, flagged.
    assert gb3838.below_dl_class("volatile_phenol", "0.01") == 4
    assert gb3838.dl_limits_class("volatile_phenol", "0.01")
    # A DL at or below the class Ⅰ limit is class Ⅰ, unflagged.
    assert gb3838.below_dl_class("cadmium", "0.001") == 1
    assert not gb3838.dl_limits_class("cadmium", "0.001")
    with pytest.raises(ValueError, match="below_dl"):
        gb3838.substitute_below_dl(Decimal("0.01"), "median")


def test_domain_example_6_area_rating():
    assert gb3838.area_rating([2, 2, 3, 3, 4, 2, 4, 3, 6, 3]) == "轻度污染"
    assert gb3838.shares([2, 2, 3, 3, 4, 2, 4, 3, 6, 3]) == (Decimal("0.7"), Decimal("0.1"))
    assert gb3838.area_rating([1, 2, 2, 3, 3, 2, 2, 3, 3, 4]) == "优"
    assert gb3838.area_rating([2, 3, 3, 2, 3, 4, 5, 6, 6, 6]) == "中度污染"
    assert gb3838.area_rating([2, 3, 3, 2, 3, 4, 6, 6, 6, 6]) == "重度污染"
    assert gb3838.area_rating([1, 2, 3, 4, 4, 4, 4, 4]) == "轻度污染"   # 3/8 Ⅰ–Ⅲ, no 劣Ⅴ
    assert gb3838.area_rating([2, 2, 2, 3, 4]) == "良好"                # exactly 80 %
    assert gb3838.area_rating([3, 3, 3, 6, 6]) is None                  # exactly 60 % and 40 %: the gap


def test_section_ratings():
    assert [gb3838.section_rating(c) for c in range(1, 7)] == ["优", "优", "良好", "轻度污染", "中度污染", "重度污染"]


def test_class_labels_in_and_out():
    assert [gb3838.class_number(x) for x in ("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ", "Ⅴ", "劣Ⅴ")] == [1, 2, 3, 4, 5, 6]
    assert [gb3838.class_number(x) for x in ("I", "III", "劣V", "3", 2)] == [1, 3, 6, 3, 2]
    with pytest.raises(ValueError, match="not a GB 3838 class"):
        gb3838.class_number("VI")


def test_exceedance_against_a_target_class_other_than_iii():
    # Target Ⅱ: NH3-N 0.6 exceeds the Ⅱ limit 0.5 by 0.2; against Ⅲ it does not exceed.
    assert gb3838.exceedance_multiple("nh3_n", "0.6", target_class=2) == Decimal("0.2")
    assert gb3838.exceedance_multiple("nh3_n", "0.6") is None
    found = gb3838.exceeding_items({"nh3_n": "0.6", "dissolved_oxygen": "5.5", "ph": "7"}, "river", 2)
    assert found == [("dissolved_oxygen", 3, None), ("nh3_n", 3, Decimal("0.2"))]
    assert gb3838.format_exceeding(found) == "溶解氧, 氨氮(0.2)"


def test_items_without_a_class_are_refused():
    with pytest.raises(ValueError, match="no GB 3838 class"):
        item_class("water_temp", "12")
    assert "tn" not in gb3838.ASSESSED_ITEMS and "fecal_coliform" not in gb3838.ASSESSED_ITEMS
    assert len(gb3838.ASSESSED_ITEMS) == 21
