-- Daily statistics per station for natural days [$start, $end) (hours ending 01:00 … 24:00).
-- Counts and unrounded means only: rounding, validity and IAQIs are applied in assets/air/indicators.py
-- with the standards modules. CO is carried in 0.1 mg/m3 units so every mean is a ratio of integers.
-- The platform's own station daily means are its 24-h moving means at the day's last hour (hour 0 of
-- the next file); they are kept as *_published because the release withholds some hourly values: a
-- station the file lacks hours of counts with them (indicators.station_day_values; with all 24 hours the
-- mean of the file's hours is used, rounded half-to-even, which the CO_24h rows are not at x.x5 ties).
WITH hourly AS (
    SELECT station_code, day, hour_ending, so2, no2, round(co * 10) AS co_x10, pm10, pm2_5, o3,
           so2_24h, no2_24h, co_24h, pm10_24h, pm2_5_24h, o3_8h_24h
    FROM staging.air_hourly
    WHERE day >= $start - INTERVAL 1 DAY AND day < $end
),
daily AS (
    SELECT station_code, day,
           count(so2)   AS so2_hours,   avg(so2)    AS so2_mean,
           count(no2)   AS no2_hours,   avg(no2)    AS no2_mean,
           count(co_x10) AS co_hours,   avg(co_x10) AS co_mean_x10,
           count(pm10)  AS pm10_hours,  avg(pm10)   AS pm10_mean,
           count(pm2_5) AS pm2_5_hours, avg(pm2_5)  AS pm2_5_mean,
           count(o3)    AS o3_hours,    max(o3)     AS o3_1h_max,
           max(so2_24h)    FILTER (WHERE hour_ending = 24) AS so2_published,
           max(no2_24h)    FILTER (WHERE hour_ending = 24) AS no2_published,
           max(co_24h)     FILTER (WHERE hour_ending = 24) AS co_published,
           max(pm10_24h)   FILTER (WHERE hour_ending = 24) AS pm10_published,
           max(pm2_5_24h)  FILTER (WHERE hour_ending = 24) AS pm2_5_published,
           max(o3_8h_24h)  FILTER (WHERE hour_ending = 24) AS o3_8h_published
    FROM hourly
    WHERE day >= $start
    GROUP BY station_code, day
    -- a station-day exists when it has a 1-h value of a pollutant (not only moving means or the AQI)
    HAVING count(so2) + count(no2) + count(co_x10) + count(pm10) + count(pm2_5) + count(o3) > 0
),
-- O3 8-h moving means on local hour numbers n (hours since 1970-01-01 00:00 local time, from the staged day
-- and hour_ending: integer arithmetic, no time-zone lookups). Hour n ends at n:00, so it belongs to the day
-- of n - 1 and is that day's hour_ending (n - 1) % 24 + 1.
o3_hourly AS (
    SELECT station_code, (day - DATE '1970-01-01') * 24 + hour_ending AS n, o3
    FROM hourly
    WHERE o3 IS NOT NULL
),
-- Every hour of every station, present or not, so that an 8-h window is exactly 8 rows.
-- Windows end at hours 1-24 of each day; the first ones reach 7 h back into the day before.
o3_grid AS (
    SELECT st.station_code, g.range AS n
    FROM (SELECT DISTINCT station_code FROM o3_hourly) AS st
    CROSS JOIN range(($start - DATE '1970-01-01') * 24 - 6, ($end - DATE '1970-01-01') * 24 + 1) AS g
),
o3_windows AS (
    SELECT g.station_code, g.n,
           count(h.o3) OVER w AS hours,
           avg(h.o3) OVER w AS mean
    FROM o3_grid AS g
    LEFT JOIN o3_hourly AS h ON h.station_code = g.station_code AND h.n = g.n
    WINDOW w AS (PARTITION BY g.station_code ORDER BY g.n ROWS BETWEEN 7 PRECEDING AND CURRENT ROW)
),
o3_daily AS (
    SELECT station_code,
           DATE '1970-01-01' + CAST((n - 1) // 24 AS INTEGER)                AS day,
           max(mean) FILTER (WHERE hours >= 6)                               AS o3_8h_mean_max,
           count(*) FILTER (WHERE hours >= 6 AND (n - 1) % 24 + 1 >= 8)      AS o3_8h_windows
    FROM o3_windows
    WHERE n > ($start - DATE '1970-01-01') * 24
    GROUP BY station_code, day
)
SELECT d.*, o.o3_8h_mean_max, coalesce(o.o3_8h_windows, 0) AS o3_8h_windows,
       s.area_code, s.assessment
FROM daily AS d
JOIN mart.dim_air_station AS s USING (station_code)
LEFT JOIN o3_daily AS o USING (station_code, day)
