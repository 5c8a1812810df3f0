"""Asset owners: the plan's lead department (牵头单位) for each feed, as Dagster teams.

Owners are part of the asset definitions, which load before any profile is read,
so they name the lead departments of the default (衡阳) plan; the attainment
table carries each indicator's lead department from the profile itself.
"""

AIR = "team:市环保局"          # good_air_days_ratio
PLAN = "team:市质量强市工作领导小组办公室"  # the attainment table and the plan's catalogue
