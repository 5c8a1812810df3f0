-- O3 hourly values for the 8-h moving means of natural days [$start, $end) (assets.air.indicators.o3_8h_daily):
-- per station the local hour number n (hours since 1970-01-01 00:00 local time, from the staged day and
-- hour_ending: integer arithmetic, no time-zone lookups; hour n ends at n:00) and the value. The windows ending
-- early on $start reach 7 h back into the day before.
SELECT station_code, (day - DATE '1970-01-01') * 24 + hour_ending AS n, o3
FROM staging.air_hourly
WHERE day >= $start - INTERVAL 1 DAY AND day < $end AND o3 IS NOT NULL
