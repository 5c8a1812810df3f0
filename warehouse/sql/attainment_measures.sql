-- Every measured value behind a plan indicator: one row per indicator, area and period (a year).
-- assessable = false marks a value shown but not sufficient to judge the target (status insufficient_data).
-- Each feed adds its indicators here as another UNION ALL branch.
SELECT 'good_air_days_ratio'                      AS indicator_id,
       area_code,
       CAST(year AS VARCHAR)                      AS period,
       good_days_ratio                            AS value,
       assessable,
       format('{} good of {} valid days ({} days with data); GB 3095 Table 4 needs >= 324 valid days and every month complete',
              good_days, valid_days, days_with_data) AS note,
       'mart/air_city_year'                       AS source_assets
FROM mart.air_city_year
