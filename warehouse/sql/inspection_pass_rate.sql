-- Pass counts per programme, city and county: month rows of the window [$start, $end) and year rows of the
-- years $first_year .. $last_year (from every month of those years already staged).
WITH rows AS (
    SELECT *, year(month) AS year FROM staging.inspections WHERE year(month) BETWEEN $first_year AND $last_year
),
by_area AS (
    SELECT city_code AS area_code, 'city' AS level, * FROM rows
    UNION ALL
    SELECT county_code AS area_code, 'county' AS level, * FROM rows WHERE county_code IS NOT NULL
),
months AS (SELECT year, count(DISTINCT month) AS months FROM rows GROUP BY year)
SELECT indicator_id, programme, area_code, level, 'month' AS period_type, strftime(month, '%Y-%m') AS period, year,
       month AS month_start, count(*) AS total, count(*) FILTER (WHERE passed) AS passed, 1 AS months_with_data,
       true AS assessable
FROM by_area WHERE month >= $start AND month < $end
GROUP BY indicator_id, programme, area_code, level, month, year
UNION ALL
SELECT indicator_id, programme, area_code, level, 'year', CAST(year AS VARCHAR), year, make_date(year, 1, 1),
       count(*), count(*) FILTER (WHERE passed), any_value(m.months), any_value(m.months) = 12
FROM by_area JOIN months m USING (year)
GROUP BY indicator_id, programme, area_code, level, year
ORDER BY period_type, period, indicator_id, level, area_code
