-- Inputs of mart.air_station_hour for natural days [$start, $end): one row per station-hour,
-- the current-hour value of each pollutant, SO2's 24-h moving mean and the platform's published AQI.
SELECT h.station_code,
       s.area_code,
       h.hour_start,
       h.hour_end,
       h.day,
       h.hour_ending,
       max(h.value) FILTER (WHERE h.series = 'SO2')     AS so2,
       max(h.value) FILTER (WHERE h.series = 'NO2')     AS no2,
       max(h.value) FILTER (WHERE h.series = 'CO')      AS co,
       max(h.value) FILTER (WHERE h.series = 'O3')      AS o3,
       max(h.value) FILTER (WHERE h.series = 'PM10')    AS pm10,
       max(h.value) FILTER (WHERE h.series = 'PM2.5')   AS pm2_5,
       max(h.value) FILTER (WHERE h.series = 'SO2_24h') AS so2_24h,
       CAST(max(h.value) FILTER (WHERE h.series = 'AQI') AS INTEGER) AS published_aqi
FROM staging.air_hourly AS h
JOIN mart.dim_air_station AS s USING (station_code)
WHERE h.day >= $start AND h.day < $end
  AND h.series IN ('SO2', 'NO2', 'CO', 'O3', 'PM10', 'PM2.5', 'SO2_24h', 'AQI')
GROUP BY ALL
