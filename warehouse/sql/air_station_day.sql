-- Daily statistics per station for natural days [$start, $end) (hours ending 01:00 … 24:00).
-- Counts and unrounded means only: rounding, validity and IAQIs are applied in assets/air/indicators.py
-- with the standards modules. CO is carried in 0.1 mg/m3 units so every mean is a ratio of integers.
-- The platform's own station daily means are its 24-h moving means at the day's last hour (hour 0 of
-- the next file); they are kept as *_published because the release withholds some hourly values.
WITH hourly AS (
    SELECT station_code, day, hour_end, series,
           CASE WHEN series = 'CO' THEN round(value * 10) ELSE value END AS v
    FROM staging.air_hourly
    WHERE series IN ('SO2', 'NO2', 'CO', 'PM10', 'PM2.5', 'O3')
      AND day >= $start - INTERVAL 1 DAY AND day < $end
),
published AS (
    SELECT station_code, day,
           max(value) FILTER (WHERE series = 'SO2_24h')   AS so2_published,
           max(value) FILTER (WHERE series = 'NO2_24h')   AS no2_published,
           max(value) FILTER (WHERE series = 'CO_24h')    AS co_published,
           max(value) FILTER (WHERE series = 'PM10_24h')  AS pm10_published,
           max(value) FILTER (WHERE series = 'PM2.5_24h') AS pm2_5_published,
           max(value) FILTER (WHERE series = 'O3_8h_24h') AS o3_8h_published
    FROM staging.air_hourly
    WHERE hour_ending = 24 AND day >= $start AND day < $end
      AND series IN ('SO2_24h', 'NO2_24h', 'CO_24h', 'PM10_24h', 'PM2.5_24h', 'O3_8h_24h')
    GROUP BY station_code, day
),
daily AS (
    SELECT station_code, day,
           count(v) FILTER (WHERE series = 'SO2')   AS so2_hours,   avg(v) FILTER (WHERE series = 'SO2')   AS so2_mean,
           count(v) FILTER (WHERE series = 'NO2')   AS no2_hours,   avg(v) FILTER (WHERE series = 'NO2')   AS no2_mean,
           count(v) FILTER (WHERE series = 'CO')    AS co_hours,    avg(v) FILTER (WHERE series = 'CO')    AS co_mean_x10,
           count(v) FILTER (WHERE series = 'PM10')  AS pm10_hours,  avg(v) FILTER (WHERE series = 'PM10')  AS pm10_mean,
           count(v) FILTER (WHERE series = 'PM2.5') AS pm2_5_hours, avg(v) FILTER (WHERE series = 'PM2.5') AS pm2_5_mean,
           count(v) FILTER (WHERE series = 'O3')    AS o3_hours,    max(v) FILTER (WHERE series = 'O3')    AS o3_1h_max
    FROM hourly
    WHERE day >= $start
    GROUP BY station_code, day
),
-- Every hour of every station, present or not, so that an 8-h window is exactly 8 rows.
-- Windows end at hours 1-24 of each day; the first ones reach 7 h back into the day before.
o3_grid AS (
    SELECT st.station_code, g.generate_series AS hour_end
    FROM (SELECT DISTINCT station_code FROM hourly WHERE series = 'O3') AS st
    CROSS JOIN generate_series(CAST($start AS TIMESTAMPTZ) - INTERVAL 6 HOUR, CAST($end AS TIMESTAMPTZ),
                               INTERVAL 1 HOUR) AS g
),
o3_windows AS (
    SELECT g.station_code,
           CAST(g.hour_end - INTERVAL 1 HOUR AS DATE) AS day,
           CASE WHEN hour(g.hour_end) = 0 THEN 24 ELSE hour(g.hour_end) END AS hour_ending,
           count(h.v) OVER w AS hours,
           avg(h.v) OVER w AS mean
    FROM o3_grid AS g
    LEFT JOIN hourly AS h ON h.station_code = g.station_code AND h.hour_end = g.hour_end AND h.series = 'O3'
    WINDOW w AS (PARTITION BY g.station_code ORDER BY g.hour_end ROWS BETWEEN 7 PRECEDING AND CURRENT ROW)
),
o3_daily AS (
    SELECT station_code, day,
           max(mean) FILTER (WHERE hours >= 6)                      AS o3_8h_mean_max,
           count(*) FILTER (WHERE hours >= 6 AND hour_ending >= 8)  AS o3_8h_windows
    FROM o3_windows
    WHERE day >= $start AND day < $end
    GROUP BY station_code, day
)
SELECT d.*, o.o3_8h_mean_max, coalesce(o.o3_8h_windows, 0) AS o3_8h_windows,
       p.* EXCLUDE (station_code, day),
       s.area_code, s.assessment
FROM daily AS d
JOIN mart.dim_air_station AS s USING (station_code)
LEFT JOIN o3_daily AS o USING (station_code, day)
LEFT JOIN published AS p USING (station_code, day)
