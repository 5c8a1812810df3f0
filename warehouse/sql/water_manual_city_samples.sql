-- Manual samples of the city's sections (staging.water_manual holds only profile sections, GX-checked),
-- with the calendar year and month the section-month and section-year classes group by.
SELECT s.* EXCLUDE (month),
       CAST(year(s.sampled_on) AS INTEGER)  AS year,
       CAST(month(s.sampled_on) AS INTEGER) AS month
FROM staging.water_manual AS s
ORDER BY s.section_code, s.sampled_on
