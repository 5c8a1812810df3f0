-- Every measured value behind a plan indicator: one row per indicator, area and period (a year).
-- assessable = false marks a value shown but not sufficient to judge the target (status insufficient_data);
-- data_until is the last day the value's data cover (a report: the day it was reported).
-- Each feed adds its indicators here as another UNION ALL branch.
SELECT 'good_air_days_ratio'                      AS indicator_id,
       area_code,
       CAST(year AS VARCHAR)                      AS period,
       good_days_ratio                            AS value,
       assessable,
       format('{} good of {} counted days of {} ({} with a pollutant missing){}; composite index {} (rank {} of {}), '
              || 'good-days rank {} of {}',
              good_days, valid_days, calendar_days, days_pollutant_missing,
              CASE WHEN partial THEN format(', data {} … {} only: the year is judged once it is covered', first_day, last_day)
                   WHEN NOT assessable THEN ', fewer than the 324 days GB 3095 Table 4 sets for a year' ELSE '' END,
              coalesce(CAST(composite_index AS VARCHAR), '-'), coalesce(CAST(composite_rank AS VARCHAR), '-'),
              ranked_cities, coalesce(CAST(good_days_rank AS VARCHAR), '-'), ranked_cities) AS note,
       'mart/air_city_year'                       AS source_assets,
       last_day                                   AS data_until
FROM mart.air_city_year
UNION ALL
-- 一般工业固体废物综合利用率, city and counties (assets/solid_waste): every enterprise row of the year counts.
SELECT 'industrial_solid_waste_utilization_rate', area_code, CAST(year AS VARCHAR), utilisation_rate,
       utilisation_rate IS NOT NULL,
       format('综合利用量 {} t / (产生量 {} t + 综合利用往年贮存量 {} t); {} enterprises, {} out of mass balance',
              utilised, generated, utilised_from_storage, enterprises, enterprises_out_of_balance),
       'mart/solid_waste_area_year',
       make_date(year, 12, 31)  -- annual statistics cover the whole year
FROM mart.solid_waste_area_year
UNION ALL
-- III类或优于III类水质达标率, city and counties (assets/water): share of the assessment sections (考核断面) whose
-- annual class (评价办法: annual mean of each item, single-factor method over 21 items) is Ⅰ-Ⅲ, from the manual
-- monthly monitoring (automatic stations measure 5 items only and are not the assessment basis).
-- Rule for insufficient_data: a year is assessable only when every assessment section of the area has samples
-- in at least water.year_min_months months (default 12). Source: the 评价办法 assesses a year by the annual
-- mean of the sections' monthly monitoring (one sample a month, water.md §2); it sets no lower completeness
-- threshold that we could verify, so the default asks for the full monthly series and a profile can relax it
-- (the older sampling rules allow fewer samples a year for some rivers; unverified here).
SELECT 'water_class_iii_or_better_ratio', area_code, period, class_iii_or_better_ratio, assessable,
       format('{} of {} assessment sections at Ⅰ-Ⅲ ({} listed; 劣Ⅴ {}; meeting own target {}); rating {}; {}',
              sections_i_iii, sections_assessed, sections_listed, sections_worse_than_v, sections_meeting_target,
              coalesce(rating, '-'), note),
       'mart/water_area_period',
       (SELECT max(sampled_on) FROM mart.water_manual_sample AS m WHERE year(m.sampled_on) = water_area_period.year)
FROM mart.water_area_period
WHERE basis = 'manual' AND period_type = 'year'
UNION ALL
-- The four inspection pass rates, city and counties (assets/inspections): year rows; a year is assessable when all
-- 12 monthly result files were delivered.
SELECT indicator_id, area_code, period, pass_rate, assessable,
       format('{} passed of {} ({}); {} months with results', passed, total, counting_unit, months_with_data),
       'mart/inspection_pass_rate',
       (SELECT last_day(max(m.month_start)) FROM mart.inspection_pass_rate AS m
        WHERE m.period_type = 'month' AND m.year = inspection_pass_rate.year AND m.area_code = inspection_pass_rate.area_code
          AND m.indicator_id = inspection_pass_rate.indicator_id)
FROM mart.inspection_pass_rate
WHERE period_type = 'year'
UNION ALL
-- 主要污染物减排 (assets/reports): 1 when every pollutant's achieved reduction >= its allocated one, else 0; judged
-- when all four pollutants are reported, or when one already falls short.
SELECT 'major_pollutant_reduction', area_code, period, CASE WHEN bool_and(met) THEN 1.0 ELSE 0.0 END,
       count(DISTINCT pollutant) = 4 OR NOT bool_and(met),
       format('achieved / allocated: {}; reported by {}',
              string_agg(format('{} {:g}/{:g}{}', pollutant, achieved, allocated, CASE WHEN met THEN '' ELSE ' (not met)' END),
                         ', ' ORDER BY pollutant),
              string_agg(DISTINCT reporting_department, ', ' ORDER BY reporting_department)),
       'mart/pollutant_reduction',
       max(report_date)
FROM mart.pollutant_reduction
GROUP BY area_code, period
UNION ALL
-- Figures the lead departments report (assets/reports). assets/attainment.py keeps a computed value of the same
-- indicator, area and period in their place and shows the difference.
SELECT indicator_id, area_code, period, value, true,
       format('reported by {} on {}{}{}', reporting_department, report_date,
              CASE WHEN numerator IS NULL THEN '' ELSE format(': {:g} of {:g}', numerator, denominator) END,
              CASE WHEN note IS NULL THEN '' ELSE format(' ({})', note) END),
       'mart/reported_indicator',
       report_date
FROM mart.reported_indicator
