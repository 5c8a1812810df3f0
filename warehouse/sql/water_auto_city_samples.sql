-- Automatic-station readings of the city's sections (in_city; the feed's other sections are only
-- reconciled), with the calendar year and month of the reading's local day.
SELECT s.*,
       CAST(year(s.day) AS INTEGER)  AS year,
       CAST(month(s.day) AS INTEGER) AS month
FROM staging.water_auto AS s
WHERE s.in_city
ORDER BY s.section_code, s.monitored_at
