-- Allocated against achieved reductions per pollutant (major_pollutant_reduction rows) of the years $first .. $last.
SELECT area_code, level, CAST(year AS VARCHAR) AS period, year, pollutant, allocated, achieved,
       achieved >= allocated AS met, reporting_department, report_date, note
FROM staging.reports
WHERE pollutant IS NOT NULL AND year BETWEEN $first AND $last
ORDER BY year, area_code, pollutant
