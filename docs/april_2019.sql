-- The 14 Hunan cities ranked for April 2019 by the composite index (环办〔2014〕64号), with 优良天数比例 and its rank.
SELECT a.area_name, m.composite_index, m.composite_rank, m.good_days_ratio, m.good_days_rank, m.primary_pollutant
FROM mart.air_city_month AS m JOIN mart.dim_area AS a USING (area_code)
WHERE m.year = 2019 AND m.month = 4
ORDER BY m.composite_rank, a.area_name;
