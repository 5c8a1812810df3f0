-- Totals of the enterprise statistics per city and county and year ($first .. $last), for the utilisation rate.
-- Tonnes carry at most 3 decimals (checked on reading), so DECIMAL(18, 3) sums are exact; the rate is then
-- formed in exact arithmetic (standards/solid_waste.py).
WITH streams AS (
    SELECT s.year, s.city_code, s.county_code, s.enterprise_code,
           CAST(s.generated AS DECIMAL(18, 3))             AS generated,
           CAST(s.utilised AS DECIMAL(18, 3))              AS utilised,
           CAST(s.utilised_from_storage AS DECIMAL(18, 3)) AS utilised_from_storage,
           CAST(s.disposed AS DECIMAL(18, 3))              AS disposed,
           CAST(s.stored AS DECIMAL(18, 3))                AS stored,
           CAST(s.dumped AS DECIMAL(18, 3))                AS dumped,
           coalesce(NOT b.in_balance, false)               AS out_of_balance
    FROM staging.solid_waste s
    LEFT JOIN mart.solid_waste_balance b USING (year, enterprise_code, waste_type)
    WHERE s.year BETWEEN $first AND $last
),
by_area AS (
    SELECT city_code AS area_code, 'city' AS level, * FROM streams
    UNION ALL
    SELECT county_code AS area_code, 'county' AS level, * FROM streams WHERE county_code IS NOT NULL
)
SELECT area_code, level, year,
       count(DISTINCT enterprise_code)                               AS enterprises,
       sum(generated)                                                AS generated,
       sum(utilised)                                                 AS utilised,
       sum(utilised_from_storage)                                    AS utilised_from_storage,
       sum(disposed)                                                 AS disposed,
       sum(stored)                                                   AS stored,
       sum(dumped)                                                   AS dumped,
       count(DISTINCT enterprise_code) FILTER (WHERE out_of_balance) AS enterprises_out_of_balance
FROM by_area
GROUP BY area_code, level, year
ORDER BY year, level, area_code
