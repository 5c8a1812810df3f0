"""Writes the bundled example files of the solid-waste, inspection and report feeds (deterministic).

No public record-level data exists for these feeds, so these files are written examples: invented
enterprises, products, projects and figures in the layouts the readers expect, for the 衡阳 counties
(area codes of profiles/hengyang.yaml), 2018–2020. They are not official statistics.

    .venv/bin/python feeds/make_examples.py      # rewrites feeds/solid_waste, feeds/inspections, feeds/reports
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import random
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
COUNTIES = {
    "430405": "珠晖区", "430406": "雁峰区", "430407": "石鼓区", "430408": "蒸湘区", "430412": "南岳区",
    "430421": "衡阳县", "430422": "衡南县", "430423": "衡山县", "430424": "衡东县", "430426": "祁东县",
    "430481": "耒阳市", "430482": "常宁市",
}

# ── solid waste ─────────────────────────────────────────────────────────────────────────────────────────
INDUSTRIES = {
    "电力": ("电力、热力生产和供应业", {"粉煤灰": (0.88, 0.02), "炉渣": (0.80, 0.05), "脱硫石膏": (0.70, 0.05)}),
    "钢铁": ("黑色金属冶炼和压延加工业", {"冶炼废渣": (0.85, 0.05), "炉渣": (0.78, 0.05)}),
    "有色": ("有色金属冶炼和压延加工业", {"冶炼废渣": (0.62, 0.10), "其他废物": (0.40, 0.30)}),
    "采选": ("有色金属矿采选业", {"尾矿": (0.35, 0.05)}),
    "建材": ("非金属矿物制品业", {"其他废物": (0.90, 0.05)}),
    "化工": ("化学原料和化学制品制造业", {"污泥": (0.45, 0.45), "其他废物": (0.55, 0.30)}),
    "造纸": ("造纸和纸制品业", {"污泥": (0.50, 0.45)}),
}
# (county, industry, name stem, size factor) — invented enterprises.
ENTERPRISES = [
    ("430405", "电力", "湘江热电", 2.0), ("430405", "钢铁", "珠晖钢管", 3.0), ("430405", "化工", "东阳化工", 0.4),
    ("430406", "建材", "雁城新型建材", 0.3), ("430406", "造纸", "回雁纸业", 0.2),
    ("430407", "化工", "石鼓精细化工", 0.5), ("430407", "建材", "蒸水建材", 0.4),
    ("430408", "钢铁", "蒸湘特钢", 1.2), ("430408", "建材", "华新路墙材", 0.2),
    ("430412", "建材", "岳麓砂石", 0.1),
    ("430421", "建材", "西渡水泥", 1.0), ("430421", "化工", "界牌化工", 0.3), ("430421", "采选", "金兰矿业", 0.6),
    ("430422", "有色", "云集冶炼", 0.9), ("430422", "建材", "衡南新材", 0.5), ("430422", "造纸", "车江纸业", 0.3),
    ("430423", "建材", "开云建材", 0.4), ("430423", "化工", "衡山盐化", 0.5),
    ("430424", "化工", "衡东精细化工", 0.6), ("430424", "有色", "洣水有色", 0.5),
    ("430426", "采选", "祁东铁矿", 0.8), ("430426", "建材", "归阳水泥", 0.7),
    ("430481", "电力", "耒水火电", 2.5), ("430481", "采选", "耒阳煤矸", 1.0), ("430481", "建材", "耒阳水泥", 0.9),
    ("430482", "有色", "常宁铅锌冶炼", 2.0), ("430482", "采选", "常宁铅锌选矿", 1.5),
    ("430482", "化工", "宜潭化工", 0.4),
]
SW_HEADER = ["统一社会信用代码", "企业名称", "县区", "行业", "固体废物种类", "产生量(吨)", "综合利用量(吨)",
             "其中:综合利用往年贮存量(吨)", "处置量(吨)", "其中:处置往年贮存量(吨)", "贮存量(吨)", "倾倒丢弃量(吨)"]
#: City-wide shift of the utilisation share per year (the plan's push towards 75 %).
SW_TREND = {2018: 0.0, 2019: 0.045, 2020: 0.085}


def solid_waste_rows(year: int) -> list[list]:
    rng = random.Random(f"solid_waste-{year}")
    rows = []
    for n, (county, industry_key, stem, size) in enumerate(ENTERPRISES, start=1):
        industry, wastes = INDUSTRIES[industry_key]
        code = f"91{county}EX{n:06d}"
        suffix = "有限公司" if industry_key != "电力" else "发电有限公司"
        for waste, (u, d) in wastes.items():
            generated = round(size * rng.uniform(8000, 60000), 1)
            share_u = min(0.98, max(0.05, u + SW_TREND[year] + rng.uniform(-0.05, 0.05)))
            share_d = min(0.99 - share_u, max(0.0, d + rng.uniform(-0.02, 0.02)))
            used_now = round(generated * share_u, 1)
            disposed_now = round(generated * share_d, 1)
            dumped = 0.0
            stored = round(generated - used_now - disposed_now - dumped, 1)
            from_store_u = round(generated * rng.uniform(0.02, 0.12), 1) if waste in ("尾矿", "冶炼废渣") else 0.0
            from_store_d = round(generated * 0.01, 1) if waste == "污泥" and rng.random() < 0.5 else 0.0
            rows.append([code, f"衡阳{stem}{suffix}", COUNTIES[county], industry, waste, generated,
                         round(used_now + from_store_u, 1), from_store_u, round(disposed_now + from_store_d, 1),
                         from_store_d, stored, dumped])
    if year == 2019:
        # Two streams out of balance (as statistics offices find them): a stored figure that includes the
        # previous years' stock, and an over-stated generation.
        rows[3][10] = round(rows[3][10] + rows[3][5] * 0.25, 1)
        rows[17][5] = round(rows[17][5] * 1.6, 1)
    return rows


def write_solid_waste() -> None:
    for year in (2018, 2019):
        with open(HERE / "solid_waste" / f"solid_waste_{year}.csv", "w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(SW_HEADER)
            writer.writerows(solid_waste_rows(year))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "一般工业固体废物2020"
    sheet.append(SW_HEADER)
    for row in solid_waste_rows(2020):
        sheet.append(row)
    book.save(HERE / "solid_waste" / "solid_waste_2020.xlsx")


# ── inspections ─────────────────────────────────────────────────────────────────────────────────────────
PRODUCTS = {
    "重点工业产品监督抽查": ("衡阳市产商品质量监督检验所", {
        "电线电缆": ["导体电阻", "绝缘厚度", "绝缘老化前抗张强度"],
        "建筑用钢筋": ["屈服强度", "重量偏差"],
        "通用硅酸盐水泥": ["三氧化硫", "3天抗压强度"],
        "复混肥料": ["总养分", "水分", "氯离子"],
        "电动自行车": ["最高车速", "整车质量"],
        "钢丝绳": ["破断拉力", "直径偏差"],
    }),
    "食用农产品例行监测": ("衡阳市农产品质量安全检测中心", {
        "韭菜": ["腐霉利", "毒死蜱", "克百威"],
        "豇豆": ["克百威", "氧乐果", "灭蝇胺"],
        "芹菜": ["毒死蜱", "甲拌磷"],
        "猪肉": ["克伦特罗", "磺胺类"],
        "鸡蛋": ["恩诺沙星", "氟苯尼考"],
        "鲫鱼": ["恩诺沙星", "孔雀石绿"],
        "柑橘": ["三唑磷", "水胺硫磷"],
    }),
    "进出口商品检验": ("衡阳海关综合技术中心", {
        "无缝钢管": ["尺寸偏差", "标识标签"],
        "铅锌精矿": ["重量短少", "有害元素"],
        "电子元器件": ["标识标签", "安全性能"],
        "纺织服装": ["纤维含量", "色牢度"],
    }),
    "工程竣工验收": ("衡阳市建设工程质量监督站", {
        "住宅楼": ["混凝土强度", "屋面防水", "观感质量"],
        "教学楼": ["混凝土强度", "消防设施"],
        "厂房": ["地基基础", "钢结构焊缝"],
        "市政道路": ["压实度", "弯沉值"],
    }),
}
#: Rows per month and pass probability per year.
VOLUME = {"重点工业产品监督抽查": 14, "食用农产品例行监测": 40, "进出口商品检验": 10, "工程竣工验收": 12}
PASS = {"重点工业产品监督抽查": {2019: 0.935, 2020: 0.95}, "食用农产品例行监测": {2019: 0.975, 2020: 0.98},
        "进出口商品检验": {2019: 0.99, 2020: 0.992}, "工程竣工验收": {2019: 0.985, 2020: 0.993}}
PREFIX = {"重点工业产品监督抽查": "CC", "食用农产品例行监测": "NY", "进出口商品检验": "JC", "工程竣工验收": "YS"}
INSP_HEADER = ["样品编号", "项目类别", "产品或工程类别", "样品或工程名称", "受检单位", "县区", "抽样日期", "检验结果",
               "不合格项目", "检验机构"]
WORDS = {True: ["合格"] * 8 + ["合格品"], False: ["不合格"] * 4 + ["不合格品"]}
ACCEPTANCE_WORDS = {True: ["一次验收合格", "合格"], False: ["一次验收不合格", "不合格"]}


def inspection_rows(year: int, month: int) -> list[list]:
    rng = random.Random(f"inspections-{year}-{month}")
    rows = []
    days = calendar.monthrange(year, month)[1]
    for programme, (body, products) in PRODUCTS.items():
        for n in range(1, VOLUME[programme] + rng.randint(-2, 2) + 1):
            product = rng.choice(list(products))
            passed = rng.random() < PASS[programme][year]
            county = rng.choice(list(COUNTIES))
            place = "430400" if programme == "进出口商品检验" and rng.random() < 0.3 else county
            name = "衡阳市" if place == "430400" else COUNTIES[place]
            if programme == "工程竣工验收":
                subject = f"{COUNTIES[county]}{rng.choice(['湘江', '蒸水', '耒水', '雁城', '石鼓'])}" \
                          f"{rng.choice(['花园', '新村', '学校', '产业园'])}{rng.randint(1, 12)}#{product}"
                words = ACCEPTANCE_WORDS
                enterprise = f"{COUNTIES[county]}第{rng.randint(1, 9)}建筑工程有限公司"
            else:
                subject = ""
                words = WORDS
                enterprise = f"{COUNTIES[county]}示例{rng.choice(['实业', '农业', '贸易', '制造'])}{n:02d}号公司"
            failed = "" if passed else "、".join(rng.sample(products[product], k=rng.choice([1, 1, 2])))
            day = dt.date(year, month, rng.randint(1, days))
            rows.append([f"{PREFIX[programme]}{year}{month:02d}-{n:04d}", programme, product, subject, enterprise, name,
                         day.isoformat(), rng.choice(words[passed]), failed, body])
    return rows


def write_inspections() -> None:
    for year in (2019, 2020):
        for month in range(1, 13):
            with open(HERE / "inspections" / f"inspections_{year}{month:02d}.csv", "w", newline="",
                      encoding="utf-8") as fh:
                writer = csv.writer(fh)
                writer.writerow(INSP_HEADER)
                writer.writerows(inspection_rows(year, month))


# ── departmental reports ────────────────────────────────────────────────────────────────────────────────
REP_HEADER = ["指标代码", "期间", "地区", "污染物", "分子", "分母", "数值", "分解目标", "实际完成", "填报单位",
              "填报日期", "备注"]
REPORTS = {
    2018: [
        ("food_incident_timely_handling_rate", "衡阳市", "", 2, 2, "", "市食品药品监管局",
         "重大食品安全事故2起，均及时有效处置"),
        ("major_quality_safety_accidents", "衡阳市", "", "", "", 1, "市质监局", "特种设备事故1起(较大)"),
        ("agri_standardized_production_coverage", "衡阳市", "", 1280, 2900, "", "市农委", "规模生产主体"),
        ("agri_standardized_production_coverage", "衡南县", "", 160, 410, "", "市农委", ""),
        ("agri_standardized_production_coverage", "祁东县", "", 150, 380, "", "市农委", ""),
        ("service_standardization_coverage", "衡阳市", "", "", "", 78.5, "市发改委", "抽样评估"),
        ("consumer_service_satisfaction", "衡阳市", "", "", "", 78.2, "市发改委", "第三方测评，百分制"),
        ("standards_led_or_participated", "衡阳市", "", "", "", 21, "市质监局", "累计数"),
        ("mandatory_standard_implementation_rate", "衡阳市", "", 341, 341, "", "市质监局", ""),
        ("enterprise_standard_self_declaration_rate", "衡阳市", "", 612, 700, "", "市质监局", ""),
        ("public_measurement_standard_coverage", "衡阳市", "", "", "", 88.0, "市质监局", ""),
    ],
    2019: [
        ("food_incident_timely_handling_rate", "衡阳市", "", 3, 3, "", "市食品药品监管局", ""),
        ("major_quality_safety_accidents", "衡阳市", "", "", "", 0, "市质监局", ""),
        ("agri_standardized_production_coverage", "衡阳市", "", 1450, 3000, "", "市农委", ""),
        ("agri_standardized_production_coverage", "衡南县", "", 190, 420, "", "市农委", ""),
        ("agri_standardized_production_coverage", "祁东县", "", 171, 385, "", "市农委", ""),
        ("service_standardization_coverage", "衡阳市", "", "", "", 82.0, "市发改委", ""),
        ("consumer_service_satisfaction", "衡阳市", "", "", "", 79.6, "市发改委", "第三方测评，百分制"),
        ("standards_led_or_participated", "衡阳市", "", "", "", 30, "市质监局", "累计数"),
        ("mandatory_standard_implementation_rate", "衡阳市", "", 356, 356, "", "市质监局", ""),
        ("enterprise_standard_self_declaration_rate", "衡阳市", "", 905, 950, "", "市质监局", ""),
        ("public_measurement_standard_coverage", "衡阳市", "", "", "", 92.5, "市质监局", ""),
        ("industrial_solid_waste_utilization_rate", "衡阳市", "", "", "", 73.6, "市环保局", "环统年报快报数"),
        ("industrial_product_spot_check_pass_rate", "衡阳市", "", 158, 167, "", "市质监局", "市级监督抽查"),
    ],
    2020: [
        ("food_incident_timely_handling_rate", "衡阳市", "", 1, 1, "", "市食品药品监管局", ""),
        ("major_quality_safety_accidents", "衡阳市", "", "", "", 0, "市质监局", ""),
        ("agri_standardized_production_coverage", "衡阳市", "", 1610, 3050, "", "市农委", ""),
        ("agri_standardized_production_coverage", "衡南县", "", 221, 425, "", "市农委", ""),
        ("agri_standardized_production_coverage", "祁东县", "", 188, 390, "", "市农委", ""),
        ("service_standardization_coverage", "衡阳市", "", "", "", 85.6, "市发改委", ""),
        ("consumer_service_satisfaction", "衡阳市", "", "", "", 81.3, "市发改委", "第三方测评，百分制"),
        ("standards_led_or_participated", "衡阳市", "", "", "", 41, "市质监局", "累计数"),
        ("mandatory_standard_implementation_rate", "衡阳市", "", 362, 362, "", "市质监局", ""),
        ("enterprise_standard_self_declaration_rate", "衡阳市", "", 1020, 1020, "", "市质监局", ""),
        ("public_measurement_standard_coverage", "衡阳市", "", "", "", 95.2, "市质监局", ""),
        ("industrial_solid_waste_utilization_rate", "衡阳市", "", "", "", 78.5, "市环保局", "环统年报快报数"),
        ("agri_food_monitoring_pass_rate", "衡阳市", "", 468, 480, "", "市农委", "例行监测"),
    ],
}
#: major_pollutant_reduction: cumulative reduction against 2015, %: (allocated, achieved) per pollutant.
REDUCTIONS = {
    2018: {"COD": (6.0, 6.8), "NH3-N": (6.5, 7.1), "SO2": (8.0, 9.2), "NOx": (8.0, 7.6)},
    2019: {"COD": (8.0, 8.9), "NH3-N": (8.5, 9.0), "SO2": (11.0, 12.4), "NOx": (11.0, 11.3)},
    2020: {"COD": (10.0, 11.2), "NH3-N": (10.0, 10.8), "SO2": (14.0, 15.1), "NOx": (14.0, 14.6)},
}
REPORT_DATES = {2018: "2019-02-20", 2019: "2020-02-25", 2020: "2021-03-02"}


def report_rows(year: int) -> list[list]:
    rows = [[ind, str(year), area, pollutant, num, den, value, "", "", dept, REPORT_DATES[year], note]
            for ind, area, pollutant, num, den, value, dept, note in REPORTS[year]]
    for pollutant, (allocated, achieved) in REDUCTIONS[year].items():
        rows.append(["major_pollutant_reduction", str(year), "衡阳市", pollutant, "", "", "", allocated, achieved,
                     "市环保局", REPORT_DATES[year], "较2015年累计削减比例(%)"])
    return rows


def write_reports() -> None:
    for year in (2018, 2019):
        with open(HERE / "reports" / f"reports_{year}.csv", "w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.writer(fh)
            writer.writerow(REP_HEADER)
            writer.writerows(report_rows(year))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2020年度"
    sheet.append(REP_HEADER)
    for row in report_rows(2020):
        sheet.append([None if v == "" else v for v in row])
    book.save(HERE / "reports" / "reports_2020.xlsx")


if __name__ == "__main__":
    write_solid_waste()
    write_inspections()
    write_reports()
    print("written:", *sorted(str(p.relative_to(HERE)) for p in HERE.glob("*/*") if p.parent.name != "air"))
