"""Inspection and acceptance pass rates (合格率) of the plan's product and engineering targets.

How statistics bureaus count (the project's domain notes, §2): a pass rate is a ratio of counts of
the stated unit within the reporting period, ``passed / total × 100 %``, reported with its numerator
and denominator. Enterprise-level percentages are never averaged, and a re-inspection does not
replace the first result in a first-time rate. Reported to 0.1 % (the domain's worked examples:
188/200 → 94.0 %, 4873/5000 → 97.5 %, 46/48 → 95.8 %), rounded per GB/T 8170-2008 §3.3.

Counting units (domain notes §2; [U] where the official unit is not confirmed):

- 产品质量监督抽查合格率: qualified batches / batches checked (批次). SAMR and provincial announcements
  report batches, sometimes enterprises separately; the two are not mixed.
- 农产品质量安全例行监测合格率: qualified samples / samples tested (样品), as the national 总体合格率.
- 进出口商品检验合格率: qualified batches / batches inspected (批次) [U: some series use value or weight].
- 工程一次验收合格率: unit projects passing at their first acceptance / unit projects accepted (单位工程) [U].
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from standards.percent import percent

#: Decimal places of a published pass rate.
RATE_DECIMALS = 1


@dataclass(frozen=True)
class Programme:
    id: str
    name_zh: str
    indicator_id: str
    counting_unit: str  # what one feed row counts


#: The four inspection programmes of the feed and the plan indicator each one measures.
PROGRAMMES: dict[str, Programme] = {p.id: p for p in (
    Programme("industrial_product", "重点工业产品监督抽查", "industrial_product_spot_check_pass_rate", "批次 batch"),
    Programme("agri_food", "食用农产品例行监测", "agri_food_monitoring_pass_rate", "样品 sample"),
    Programme("import_export", "进出口商品检验", "import_export_pass_rate", "批次 batch"),
    Programme("construction", "工程竣工验收", "construction_first_acceptance_pass_rate",
              "单位工程 unit project (first acceptance)"),
)}


def pass_rate(passed: int, total: int) -> Decimal | None:
    """合格率 % = passed / total × 100, to 0.1 % (None when nothing was checked)."""
    if passed < 0 or total < 0 or passed > total:
        raise ValueError(f"pass rate needs 0 <= passed <= total, got {passed}/{total}")
    return percent(passed, total, RATE_DECIMALS)
