-- Reported indicator values (not the per-pollutant reduction rows) of the years $first .. $last.
SELECT indicator_id, area_code, level, CAST(year AS VARCHAR) AS period, year, value, numerator, denominator,
       value_reported, reporting_department, report_date, note, source_file, source_row
FROM staging.reports
WHERE pollutant IS NULL AND year BETWEEN $first AND $last
ORDER BY year, indicator_id, area_code
