-- Each plan indicator of each assessed city at its latest period with a value (its latest period when none has
-- one): what the `make run` summary prints and what BI opens first (view mart.latest_attainment in the serving
-- catalog). `why` repeats the row's note where the target is not attained.
SELECT indicator_id, name_zh, area_code, area_name, period, value, unit, comparator, target, status,
       gap_to_target, rank, ranked_cities, composite_index, data_until,
       CASE WHEN status <> 'attained' THEN note END AS why,
       change_from_previous, on_track, value_origin, lead_department
FROM (
    SELECT t.*, row_number() OVER (PARTITION BY t.indicator_id, t.area_code
                                   ORDER BY t.value IS NOT NULL DESC, t.period DESC) AS n
    FROM mart.target_attainment AS t
    JOIN mart.dim_area AS a USING (area_code)
    WHERE a.level = 'city' AND NOT coalesce(a.peer, false)
)
WHERE n = 1
