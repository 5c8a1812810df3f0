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
    WHERE day >= $start AND day < $end
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
    GROUP BY station_code, day
    -- a station-day exists when it has a 1-h value of a pollutant (not only moving means or the AQI)
    HAVING count(so2) + count(no2) + count(co_x10) + count(pm10) + count(pm2_5) + count(o3) > 0
)
-- O3's 8-h moving means come from air_station_o3.sql (assets.air.indicators.o3_8h_daily).
SELECT d.*, s.area_code, s.assessment
FROM daily AS d
JOIN mart.dim_air_station AS s USING (station_code)
