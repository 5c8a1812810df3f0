-- City daily concentrations for natural days [$start, $end): the mean over the city's assessment
-- stations (对照点 excluded) of each station's daily value, for every station that reported the
-- pollutant that day (the rule that reproduces the official city figures): a station with a daily value, its
-- own published 24-h mean included when the release withholds all its hourly values (Tianjin 2019-04-28, 02-20);
-- with the count of stations whose value is GB 3095-valid (used for the city-day validity share).
SELECT s.area_code,
       d.day,
       count(*)                                                   AS stations_reporting,
       avg(d.so2)   FILTER (WHERE d.so2 IS NOT NULL)                AS so2_mean,
       count(*)     FILTER (WHERE d.so2 IS NOT NULL)                AS so2_stations,
       count(*)     FILTER (WHERE d.so2_valid)                    AS so2_valid_stations,
       avg(d.no2)   FILTER (WHERE d.no2 IS NOT NULL)                AS no2_mean,
       count(*)     FILTER (WHERE d.no2 IS NOT NULL)                AS no2_stations,
       count(*)     FILTER (WHERE d.no2_valid)                    AS no2_valid_stations,
       avg(round(d.co * 10)) FILTER (WHERE d.co IS NOT NULL)        AS co_mean_x10,
       count(*)     FILTER (WHERE d.co IS NOT NULL)                 AS co_stations,
       count(*)     FILTER (WHERE d.co_valid)                     AS co_valid_stations,
       avg(d.pm10)  FILTER (WHERE d.pm10 IS NOT NULL)               AS pm10_mean,
       count(*)     FILTER (WHERE d.pm10 IS NOT NULL)               AS pm10_stations,
       count(*)     FILTER (WHERE d.pm10_valid)                   AS pm10_valid_stations,
       avg(d.pm2_5) FILTER (WHERE d.pm2_5 IS NOT NULL)              AS pm2_5_mean,
       count(*)     FILTER (WHERE d.pm2_5 IS NOT NULL)              AS pm2_5_stations,
       count(*)     FILTER (WHERE d.pm2_5_valid)                  AS pm2_5_valid_stations,
       avg(d.o3_1h_max) FILTER (WHERE d.o3_hours > 0)             AS o3_1h_mean,
       count(*)     FILTER (WHERE d.o3_hours > 0)                 AS o3_1h_stations,
       count(*)     FILTER (WHERE d.o3_1h_valid)                  AS o3_1h_valid_stations,
       avg(d.o3_8h_max)                                           AS o3_8h_mean,
       count(d.o3_8h_max)                                         AS o3_8h_stations,
       count(*)     FILTER (WHERE d.o3_8h_valid)                  AS o3_8h_valid_stations
FROM mart.air_station_day AS d
JOIN mart.dim_air_station AS s USING (station_code)
WHERE s.assessment AND d.day >= $start AND d.day < $end
GROUP BY s.area_code, d.day
