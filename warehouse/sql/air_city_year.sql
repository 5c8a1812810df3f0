-- City annual assessment from mart.air_city_day (HJ 663-2013): annual means of the valid daily values,
-- the Table 1 percentiles (quantile_cont = HJ 663 Appendix A's linear method) and valid/good day
-- counts. Completeness (GB 3095-2012 Table 4) is judged in assets/air/marts.py from the monthly table.
SELECT d.area_code,
       year(d.day)                                                      AS year,
       count(*)                                                         AS days_with_data,
       count(*) FILTER (WHERE d.is_valid)                               AS valid_days,
       count(*) FILTER (WHERE NOT d.is_valid)                           AS invalid_days,
       count(*) FILTER (WHERE d.is_valid AND d.aqi <= 100)              AS good_days,
       count(*) FILTER (WHERE d.is_valid AND d.aqi <= 50)               AS excellent_days,
       count(*) FILTER (WHERE d.is_valid AND d.aqi BETWEEN 101 AND 150) AS lightly_polluted_days,
       count(*) FILTER (WHERE d.is_valid AND d.aqi BETWEEN 151 AND 200) AS moderately_polluted_days,
       count(*) FILTER (WHERE d.is_valid AND d.aqi BETWEEN 201 AND 300) AS heavily_polluted_days,
       count(*) FILTER (WHERE d.is_valid AND d.aqi > 300)               AS severely_polluted_days,
       avg(d.so2)   FILTER (WHERE d.so2_valid)                          AS so2_annual,
       avg(d.no2)   FILTER (WHERE d.no2_valid)                          AS no2_annual,
       avg(d.pm10)  FILTER (WHERE d.pm10_valid)                         AS pm10_annual,
       avg(d.pm2_5) FILTER (WHERE d.pm2_5_valid)                        AS pm2_5_annual,
       quantile_cont(d.so2, 0.98)   FILTER (WHERE d.so2_valid)          AS so2_p98,
       quantile_cont(d.no2, 0.98)   FILTER (WHERE d.no2_valid)          AS no2_p98,
       quantile_cont(d.pm10, 0.95)  FILTER (WHERE d.pm10_valid)         AS pm10_p95,
       quantile_cont(d.pm2_5, 0.95) FILTER (WHERE d.pm2_5_valid)        AS pm2_5_p95,
       quantile_cont(d.co, 0.95)    FILTER (WHERE d.co_valid)           AS co_p95,
       quantile_cont(d.o3_8h_max, 0.90) FILTER (WHERE d.o3_8h_valid)    AS o3_8h_p90
FROM mart.air_city_day AS d
GROUP BY d.area_code, year(d.day)
