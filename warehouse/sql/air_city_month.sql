-- City monthly summary from mart.air_city_day (all months present).
-- 优良天数 = valid days with AQI <= 100; invalid days count in neither numerator nor denominator.
-- CO is averaged in 0.1 mg/m3 units: a mean of integers is exact whatever the summation order, so a tie
-- (x.x5) rounds the same on every run; a float mean of one-decimal values lands either side of it.
SELECT area_code,
       year(day)                                                        AS year,
       month(day)                                                       AS month,
       count(*)                                                         AS days_with_data,
       count(*) FILTER (WHERE is_valid)                                 AS valid_days,
       count(*) FILTER (WHERE is_valid AND aqi <= 100)                  AS good_days,
       count(*) FILTER (WHERE is_valid AND aqi <= 50)                   AS excellent_days,
       count(*) FILTER (WHERE is_valid AND aqi BETWEEN 101 AND 150)     AS lightly_polluted_days,
       count(*) FILTER (WHERE is_valid AND aqi BETWEEN 151 AND 200)     AS moderately_polluted_days,
       count(*) FILTER (WHERE is_valid AND aqi BETWEEN 201 AND 300)     AS heavily_polluted_days,
       count(*) FILTER (WHERE is_valid AND aqi > 300)                   AS severely_polluted_days,
       avg(so2)   FILTER (WHERE so2_valid)                              AS so2_mean,
       avg(no2)   FILTER (WHERE no2_valid)                              AS no2_mean,
       avg(round(co * 10)) FILTER (WHERE co_valid)                      AS co_mean_x10,
       avg(pm10)  FILTER (WHERE pm10_valid)                             AS pm10_mean,
       avg(pm2_5) FILTER (WHERE pm2_5_valid)                            AS pm2_5_mean,
       avg(o3_8h_max) FILTER (WHERE o3_8h_valid)                        AS o3_8h_mean
FROM mart.air_city_day
GROUP BY ALL
