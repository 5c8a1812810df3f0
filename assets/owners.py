"""Asset owners: the plan's lead department (牵头单位) for each feed, as Dagster teams.

Owners are part of the asset definitions, which load before any profile is read,
so they name the lead departments of the default (衡阳) plan; the attainment
table carries each indicator's lead department from the profile itself.
"""

AIR = "team:市环保局"          # good_air_days_ratio
PLAN = "team:市质量强市工作领导小组办公室"  # the attainment table and the plan's catalogue
WATER = "team:市环保局"        # water_class_iii_or_better_ratio (shared with 市水利局)
SOLID_WASTE = "team:市环保局"  # industrial_solid_waste_utilization_rate (shared with 市经信委)
INSPECTIONS = "team:市质监局"  # industrial_product_spot_check_pass_rate
#: The other inspection programmes' leads: agri monitoring, import/export, construction acceptance.
INSPECTIONS_SHARED = ("team:市农委", "team:出入境检验检疫局", "team:市住房城乡建设局")
REPORTS = "team:市质监局"  # most reported indicators (standards, measurement); each row names its department
