-- City air statistics over periods of one kind ($kind): 'month' (each month), 'ytd' (1–N月: January to each
-- month N) or 'year', from mart.air_city_day. assets/air/marts.py rounds the concentrations, adds the single and
-- composite indices (环办〔2014〕64号) and the ranks.
-- Days: a counted day (is_valid, 有效天) has an AQI; 优良天数 = counted days with AQI <= 100, and days that do not
-- count are in neither numerator nor denominator (HJ 663-2013 §5.3). Concentrations: the mean of the city's daily
-- values that have one (HJ 663-2013 §5.4 Table 1); CO P95 and O3-8h P90 by HJ 663 Appendix A (quantile_cont).
-- CO is averaged in 0.1 mg/m3 units: a mean of integers is exact whatever the summation order, so a tie (x.x5)
-- rounds the same on every run.
WITH days AS (
    SELECT *, year(day) AS year, month(day) AS month FROM mart.air_city_day
),
periods AS (
    SELECT DISTINCT area_code, year,
           CASE WHEN $kind = 'month' THEN month ELSE 1 END                AS month_from,
           CASE WHEN $kind = 'year' THEN 12 ELSE month END                AS month_to
    FROM days
)
SELECT p.area_code,
       p.year,
       p.month_from,
       p.month_to,
       date_diff('day', make_date(p.year, p.month_from, 1),
                 make_date(p.year, p.month_to, 1) + INTERVAL 1 MONTH)           AS calendar_days,
       min(d.day)                                                               AS first_day,
       max(d.day)                                                               AS last_day,
       count(*)                                                                 AS days_with_data,
       count(*) FILTER (WHERE d.is_valid)                                       AS valid_days,
       count(*) FILTER (WHERE d.is_valid AND d.pollutants_missing IS NOT NULL)  AS days_pollutant_missing,
       count(*) FILTER (WHERE d.is_valid AND d.aqi <= 100)                      AS good_days,
       count(*) FILTER (WHERE d.is_valid AND d.aqi <= 50)                       AS excellent_days,
       count(*) FILTER (WHERE d.is_valid AND d.aqi BETWEEN 51 AND 100)          AS fair_days,
       count(*) FILTER (WHERE d.is_valid AND d.aqi BETWEEN 101 AND 150)         AS lightly_polluted_days,
       count(*) FILTER (WHERE d.is_valid AND d.aqi BETWEEN 151 AND 200)         AS moderately_polluted_days,
       count(*) FILTER (WHERE d.is_valid AND d.aqi BETWEEN 201 AND 300)         AS heavily_polluted_days,
       count(*) FILTER (WHERE d.is_valid AND d.aqi > 300)                       AS severely_polluted_days,
       count(*) FILTER (WHERE d.so2_valid)                                      AS so2_days,
       count(*) FILTER (WHERE d.no2_valid)                                      AS no2_days,
       count(*) FILTER (WHERE d.co_valid)                                       AS co_days,
       count(*) FILTER (WHERE d.pm10_valid)                                     AS pm10_days,
       count(*) FILTER (WHERE d.pm2_5_valid)                                    AS pm2_5_days,
       count(*) FILTER (WHERE d.o3_8h_valid)                                    AS o3_8h_days,
       avg(d.so2)   FILTER (WHERE d.so2_valid)                                  AS so2_mean,
       avg(d.no2)   FILTER (WHERE d.no2_valid)                                  AS no2_mean,
       avg(round(d.co * 10)) FILTER (WHERE d.co_valid)                          AS co_mean_x10,
       avg(d.pm10)  FILTER (WHERE d.pm10_valid)                                 AS pm10_mean,
       avg(d.pm2_5) FILTER (WHERE d.pm2_5_valid)                                AS pm2_5_mean,
       avg(d.o3_8h_max) FILTER (WHERE d.o3_8h_valid)                            AS o3_8h_mean,
       quantile_cont(d.so2, 0.98)   FILTER (WHERE d.so2_valid)                  AS so2_p98,
       quantile_cont(d.no2, 0.98)   FILTER (WHERE d.no2_valid)                  AS no2_p98,
       quantile_cont(d.pm10, 0.95)  FILTER (WHERE d.pm10_valid)                 AS pm10_p95,
       quantile_cont(d.pm2_5, 0.95) FILTER (WHERE d.pm2_5_valid)                AS pm2_5_p95,
       quantile_cont(d.co, 0.95)    FILTER (WHERE d.co_valid)                   AS co_p95,
       quantile_cont(d.o3_8h_max, 0.90) FILTER (WHERE d.o3_8h_valid)            AS o3_8h_p90
FROM periods AS p
JOIN days AS d ON d.area_code = p.area_code AND d.year = p.year AND d.month BETWEEN p.month_from AND p.month_to
GROUP BY ALL
