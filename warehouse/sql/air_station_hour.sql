-- Inputs of mart.air_station_hour for natural days [$start, $end): one row per station-hour,
-- the current-hour value of each pollutant, SO2's 24-h moving mean and the platform's published AQI.
SELECT h.station_code,
       s.area_code,
       h.hour_end - INTERVAL 1 HOUR AS hour_start,
       h.hour_end,
       h.day,
       h.hour_ending,
       h.so2, h.no2, h.co, h.o3, h.pm10, h.pm2_5, h.so2_24h,
       CAST(h.aqi AS INTEGER) AS published_aqi
FROM staging.air_hourly AS h
JOIN mart.dim_air_station AS s USING (station_code)
WHERE h.day >= $start AND h.day < $end
