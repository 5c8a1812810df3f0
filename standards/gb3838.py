"""GB 3838-2002 《地表水环境质量标准》 Table 1 and the 2011 assessment method
《地表水环境质量评价办法（试行）》(环办〔2011〕22号, "评价办法").

Classes are the integers 1…5 for Ⅰ…Ⅴ and 6 for 劣Ⅴ. Every comparison is made on
:class:`~decimal.Decimal` values built from the reported text (``Decimal(str(x))``
for a float read back from the warehouse), so float noise never moves a value
across a limit (0.1 + 0.2 is not above 0.3 here).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

#: Class numbers and their labels as the national platform prints them (Roman numerals, U+2160…).
CLASS_LABELS = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ", 5: "Ⅴ", 6: "劣Ⅴ"}
WORSE_THAN_V = 6

#: Labels accepted on input (platform Unicode numerals, ASCII numerals, Arabic digits).
_LABEL_INPUT = {**{v: k for k, v in CLASS_LABELS.items()},
                "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "劣V": 6, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}

RIVER = "river"
LAKE = "lake"  # 湖泊、水库 (lake or reservoir)
WATER_TYPES = (RIVER, LAKE)


@dataclass(frozen=True)
class Item:
    id: str
    name_zh: str
    unit: str
    #: Table 1 limits of classes Ⅰ…Ⅴ (text, so they are exact Decimals); None for items without a class.
    limits: tuple[str, str, str, str, str] | None
    #: "max": class k when value ≤ limit k; "min": class k when value ≥ limit k (DO);
    #: "range": pH, 6–9 for every class; None: not classified.
    kind: str | None


def _item(id: str, name_zh: str, limits: str | None, unit: str = "mg/L", kind: str | None = "max") -> Item:
    return Item(id, name_zh, unit, None if limits is None else tuple(limits.split()), kind)  # type: ignore[arg-type]


#: GB 3838-2002 Table 1 (basic items 1–24), in the order of the table. Limits of the "≤" items:
#: class k when value ≤ limit k. Dissolved oxygen is "≥" (class Ⅰ "饱和率90%（或7.5）": the pipeline
#: uses 7.5 mg/L, the saturation alternative needs temperature and pressure).
ITEMS: dict[str, Item] = {i.id: i for i in [
    _item("water_temp", "水温", None, "℃", None),                       # 1: weekly change limits, no class
    _item("ph", "pH", None, "无量纲", "range"),                          # 2: 6–9 for every class
    _item("dissolved_oxygen", "溶解氧", "7.5 6 5 3 2", kind="min"),      # 3
    _item("codmn", "高锰酸盐指数", "2 4 6 10 15"),                       # 4
    _item("cod", "化学需氧量", "15 15 20 30 40"),                        # 5
    _item("bod5", "五日生化需氧量", "3 3 4 6 10"),                       # 6
    _item("nh3_n", "氨氮", "0.15 0.5 1.0 1.5 2.0"),                      # 7
    _item("tp", "总磷", "0.02 0.1 0.2 0.3 0.4"),                         # 8 (rivers; lakes: TP_LAKE_LIMITS)
    _item("tn", "总氮", "0.2 0.5 1.0 1.5 2.0"),                          # 9 (lakes and reservoirs)
    _item("copper", "铜", "0.01 1.0 1.0 1.0 1.0"),                       # 10
    _item("zinc", "锌", "0.05 1.0 1.0 2.0 2.0"),                         # 11
    _item("fluoride", "氟化物", "1.0 1.0 1.0 1.5 1.5"),                  # 12
    _item("selenium", "硒", "0.01 0.01 0.01 0.02 0.02"),                 # 13
    _item("arsenic", "砷", "0.05 0.05 0.05 0.1 0.1"),                    # 14
    _item("mercury", "汞", "0.00005 0.00005 0.0001 0.001 0.001"),        # 15
    _item("cadmium", "镉", "0.001 0.005 0.005 0.005 0.01"),              # 16
    _item("chromium_vi", "铬(六价)", "0.01 0.05 0.05 0.05 0.1"),         # 17
    _item("lead", "铅", "0.01 0.01 0.05 0.05 0.1"),                      # 18
    _item("cyanide", "氰化物", "0.005 0.05 0.2 0.2 0.2"),                # 19
    _item("volatile_phenol", "挥发酚", "0.002 0.002 0.005 0.01 0.1"),    # 20
    _item("petroleum", "石油类", "0.05 0.05 0.05 0.5 1.0"),              # 21
    _item("anionic_surfactant", "阴离子表面活性剂", "0.2 0.2 0.2 0.3 0.3"),  # 22
    _item("sulfide", "硫化物", "0.05 0.1 0.2 0.5 1.0"),                  # 23
    _item("fecal_coliform", "粪大肠菌群", "200 2000 10000 20000 40000", "个/L"),  # 24
]}

#: GB 3838-2002 Table 1 item 8, total phosphorus in lakes and reservoirs (湖、库).
TP_LAKE_LIMITS = ("0.01", "0.025", "0.05", "0.1", "0.2")

#: 评价办法 §2 (水质评价指标): the 21 items of the water-quality class: Table 1 items 2–8 and 10–24
#: without fecal coliform. Water temperature, total nitrogen and fecal coliform are not in the class;
#: total nitrogen of a lake or reservoir is classed and reported separately (TN_ITEM).
ASSESSED_ITEMS: tuple[str, ...] = (
    "ph", "dissolved_oxygen", "codmn", "cod", "bod5", "nh3_n", "tp", "copper", "zinc", "fluoride", "selenium",
    "arsenic", "mercury", "cadmium", "chromium_vi", "lead", "cyanide", "volatile_phenol", "petroleum",
    "anionic_surfactant", "sulfide")
TN_ITEM = "tn"

#: The assessed items an automatic station measures (water.md §4): its class covers these five only
#: and is not comparable with a 21-item manual class.
AUTO_ASSESSED_ITEMS: tuple[str, ...] = ("ph", "dissolved_oxygen", "codmn", "nh3_n", "tp")

#: 评价办法: no exceedance multiple (超标倍数) for water temperature, pH and dissolved oxygen.
NO_EXCEEDANCE_MULTIPLE = frozenset({"water_temp", "ph", "dissolved_oxygen"})

#: 评价办法, single-section qualitative rating (断面水质定性评价) by class.
SECTION_RATINGS = {1: "优", 2: "优", 3: "良好", 4: "轻度污染", 5: "中度污染", 6: "重度污染"}

#: Below-detection-limit handling of a mean (water.md §2, [U]: DL/2 is common practice; not confirmed
#: in the text of the 评价办法, so it is a switch).
BELOW_DL_MODES = ("half", "dl", "zero")


def to_decimal(value: Decimal | str | float | int) -> Decimal:
    """An exact decimal of a reported value; a float is taken at its shortest repr (0.1 → 0.1)."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value).strip())


def class_number(label: str | int) -> int:
    """1…6 from a class label: 'Ⅲ', 'III', '3', 3, '劣Ⅴ' (ValueError otherwise)."""
    if isinstance(label, int) and 1 <= label <= 6:
        return label
    key = str(label).strip()
    if key not in _LABEL_INPUT:
        raise ValueError(f"not a GB 3838 class: {label!r} (Ⅰ…Ⅴ, 劣Ⅴ, I…V or 1…5)")
    return _LABEL_INPUT[key]


def limits(item: str, water_type: str = RIVER) -> tuple[Decimal, ...]:
    """Table 1 limits of classes Ⅰ…Ⅴ for ``item``; total phosphorus by water type (Table 1 item 8)."""
    if water_type not in WATER_TYPES:
        raise ValueError(f"water type must be river or lake, got {water_type!r}")
    spec = ITEMS[item]
    if item == "tp" and water_type == LAKE:
        return tuple(Decimal(x) for x in TP_LAKE_LIMITS)
    if spec.limits is None:
        raise ValueError(f"{item} has no Table 1 class limits")
    return tuple(Decimal(x) for x in spec.limits)


def item_class(item: str, value: Decimal | str | float, water_type: str = RIVER) -> int:
    """GB 3838-2002 Table 1: the class (1…5, 6 = 劣Ⅴ) of one item's value.

    Limits are inclusive ("≤", DO "≥"): a value equal to a limit is in that class. Where several
    classes share a limit (COD 15 for Ⅰ and Ⅱ) the first matching, i.e. best, class is taken
    (从优不从劣). pH: 6–9 for every class, so inside the range is Ⅰ and outside is 劣Ⅴ.
    Beyond the class Ⅴ limit (DO below 2) the value is 劣Ⅴ.
    """
    spec = ITEMS[item]
    v = to_decimal(value)
    if spec.kind == "range":
        return 1 if Decimal(6) <= v <= Decimal(9) else WORSE_THAN_V
    if spec.kind is None:
        raise ValueError(f"{item} ({spec.name_zh}) has no GB 3838 class")
    for k, limit in enumerate(limits(item, water_type), start=1):
        if (v >= limit) if spec.kind == "min" else (v <= limit):
            return k
    return WORSE_THAN_V


def below_dl_class(item: str, detection_limit: Decimal | str | float, water_type: str = RIVER) -> int:
    """The class of a single value reported below its detection limit (“0.01L”), water.md §2 [U].

    DL at or below the class Ⅰ limit → Ⅰ. Otherwise the value is only known to be "not worse than"
    the best class whose limit ≥ DL; that class is returned (the caller flags it). Both cases are
    the class of the DL itself for a "≤" item.
    """
    return item_class(item, detection_limit, water_type)


def dl_limits_class(item: str, detection_limit: Decimal | str | float, water_type: str = RIVER) -> bool:
    """True when a below-DL result cannot be placed in class Ⅰ (its DL is above the class Ⅰ limit):
    the class is then only "not worse than" :func:`below_dl_class` and is flagged."""
    return below_dl_class(item, detection_limit, water_type) > 1


def substitute_below_dl(detection_limit: Decimal, mode: str = "half") -> Decimal:
    """The value a below-DL result takes in a mean (water.md §2: DL/2 by default)."""
    if mode == "half":
        return detection_limit / 2
    if mode == "dl":
        return detection_limit
    if mode == "zero":
        return Decimal(0)
    raise ValueError(f"below_dl must be one of {BELOW_DL_MODES}, got {mode!r}")


def exceedance_multiple(item: str, value: Decimal | str | float, water_type: str = RIVER,
                        target_class: int = 3) -> Decimal | None:
    """超标倍数 = (C − C_target) / C_target, only when C exceeds the target class limit.

    评价办法: computed against the class Ⅲ limit (the default ``target_class``); a section with its
    own target class is compared with that class's limit. Not computed for water temperature, pH
    and dissolved oxygen (None).
    """
    if item in NO_EXCEEDANCE_MULTIPLE:
        return None
    limit = limits(item, water_type)[target_class - 1]
    v = to_decimal(value)
    return (v - limit) / limit if v > limit else None


@dataclass(frozen=True)
class SampleClass:
    """The class of a sample (or of a period's mean concentrations) by single-factor evaluation."""

    water_class: int | None            # 1…6, None when no assessed item has a value
    setting_items: tuple[str, ...]     # the items whose class is the sample's class
    item_classes: dict[str, int]
    items_assessed: int

    @property
    def label(self) -> str | None:
        return None if self.water_class is None else CLASS_LABELS[self.water_class]


def sample_class(values: Mapping[str, Decimal | str | float | None], water_type: str = RIVER,
                 items: Iterable[str] = ASSESSED_ITEMS) -> SampleClass:
    """评价办法 single-factor method (单因子评价法): the class is the worst class over the assessed items
    that have a value. Total nitrogen, water temperature and fecal coliform never count (not in
    ``ASSESSED_ITEMS``); lake total phosphorus uses the lake limits (Table 1 item 8).
    """
    classes = {item: item_class(item, values[item], water_type)
               for item in items if values.get(item) is not None}
    if not classes:
        return SampleClass(None, (), {}, 0)
    worst = max(classes.values())
    return SampleClass(worst, tuple(i for i in items if classes.get(i) == worst), classes, len(classes))


def tn_class(value: Decimal | str | float | None, water_type: str) -> int | None:
    """Lakes and reservoirs: the total-nitrogen class, reported separately (评价办法); None for rivers."""
    if water_type != LAKE or value is None:
        return None
    return item_class(TN_ITEM, value, water_type)


def exceeding_items(values: Mapping[str, Decimal | str | float | None], water_type: str, target_class: int,
                    items: Iterable[str] = ASSESSED_ITEMS) -> list[tuple[str, int, Decimal | None]]:
    """Items of a sample worse than ``target_class``: (item, class, 超标倍数 against the target class)."""
    out = []
    for item in items:
        if values.get(item) is None:
            continue
        cls = item_class(item, values[item], water_type)
        if cls > target_class:
            out.append((item, cls, exceedance_multiple(item, values[item], water_type, target_class)))
    return out


def format_exceeding(found: list[tuple[str, int, Decimal | None]]) -> str | None:
    """'氨氮(0.2), 溶解氧' — Chinese names with the 超标倍数 to 2 decimals (none for pH and DO)."""
    if not found:
        return None
    parts = []
    for item, _cls, multiple in found:
        name = ITEMS[item].name_zh
        parts.append(name if multiple is None else f"{name}({_fmt(multiple)})")
    return ", ".join(parts)


def _fmt(multiple: Decimal) -> str:
    text = f"{multiple.quantize(Decimal('0.01'), rounding='ROUND_HALF_EVEN'):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def section_rating(water_class: int | None) -> str | None:
    """评价办法 section rating: Ⅰ–Ⅱ 优, Ⅲ 良好, Ⅳ 轻度污染, Ⅴ 中度污染, 劣Ⅴ 重度污染."""
    return None if water_class is None else SECTION_RATINGS[water_class]


#: 评价办法: a river, basin or area with at least this many sections is rated by the shares of its
#: sections; with fewer, the mean concentration of each item over its sections is rated as one section.
MIN_SECTIONS_FOR_SHARES = 5


def shares(classes: list[int]) -> tuple[Fraction, Fraction]:
    """(share Ⅰ–Ⅲ, share 劣Ⅴ) as exact fractions of the section count."""
    n = len(classes)
    if n == 0:
        raise ValueError("no sections")
    return Fraction(sum(1 for c in classes if c <= 3), n), Fraction(sum(1 for c in classes if c == 6), n)


def area_rating(classes: list[int]) -> str | None:
    """评价办法 (≥ 5 sections), evaluated top to bottom on exact shares:

    优 Ⅰ–Ⅲ ≥ 90 %; 良好 75 % ≤ Ⅰ–Ⅲ < 90 %; 轻度污染 Ⅰ–Ⅲ < 75 % and 劣Ⅴ < 20 %;
    中度污染 Ⅰ–Ⅲ < 75 % and 20 % ≤ 劣Ⅴ < 40 %; 重度污染 Ⅰ–Ⅲ < 60 % and 劣Ⅴ ≥ 40 %.
    Ⅰ–Ⅲ = 60 % with 劣Ⅴ = 40 % matches no row: None (a person must decide).
    """
    good, bad = shares(classes)
    if good >= Fraction(9, 10):
        return "优"
    if good >= Fraction(3, 4):
        return "良好"
    if bad < Fraction(1, 5):
        return "轻度污染"
    if bad < Fraction(2, 5):
        return "中度污染"
    if good < Fraction(3, 5):
        return "重度污染"
    return None


def mean(values: list[tuple[Decimal, bool]], below_dl: str = "half") -> Decimal | None:
    """评价办法: a period's value of an item is the arithmetic mean of its valid samples; a result
    below the detection limit ((DL, True)) enters as ``substitute_below_dl(DL, below_dl)``."""
    if not values:
        return None
    total = sum((substitute_below_dl(v, below_dl) if below else v for v, below in values), Decimal(0))
    return total / len(values)
