-- The air feed: raw and staged hourly values, AQI marts.

-- ── raw ───────────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS raw.air_file (
    file_date      DATE        NOT NULL,
    source_file    VARCHAR     NOT NULL,
    source         VARCHAR     NOT NULL,
    size_bytes     BIGINT      NOT NULL,
    sha256         VARCHAR     NOT NULL,
    archive_path   VARCHAR     NOT NULL,
    station_columns INTEGER    NOT NULL,
    stations_absent VARCHAR[]  NOT NULL,
    data_rows      INTEGER     NOT NULL,
    loaded_at      TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE raw.air_file IS 'National hourly air release (china_sites_YYYYMMDD.csv) as received: one row per file day; the file itself is kept byte for byte in the raw archive (raw/ beside the warehouse), checked (encoding, header, field counts, dates, hours, series types, numeric cells) before it is kept.';
COMMENT ON COLUMN raw.air_file.file_date IS 'Day in the file name (and in its date column); the partition key';
COMMENT ON COLUMN raw.air_file.source_file IS 'File name';
COMMENT ON COLUMN raw.air_file.source IS 'Where the file was read: a path in the feed directory or the URL';
COMMENT ON COLUMN raw.air_file.size_bytes IS 'Size of the file as received, bytes';
COMMENT ON COLUMN raw.air_file.sha256 IS 'SHA-256 of the file as received (hex)';
COMMENT ON COLUMN raw.air_file.archive_path IS 'The file as received, byte for byte, under the raw archive (raw/ beside the warehouse file); named by day and SHA-256, so every version received is kept';
COMMENT ON COLUMN raw.air_file.station_columns IS 'Station columns in the header';
COMMENT ON COLUMN raw.air_file.stations_absent IS 'Stations of the profile with no column in the file';
COMMENT ON COLUMN raw.air_file.data_rows IS 'Complete data rows (a last row cut short is left out and listed in mart.feed_rejections)';
COMMENT ON COLUMN raw.air_file.loaded_at IS 'When the pipeline loaded the file';

-- ── staging ───────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS staging.air_hourly (
    station_code VARCHAR     NOT NULL,
    file_date    DATE        NOT NULL,
    hour         SMALLINT    NOT NULL,
    hour_end     TIMESTAMPTZ NOT NULL,
    day          DATE        NOT NULL,
    hour_ending  SMALLINT    NOT NULL,
    aqi          DOUBLE,
    pm2_5        DOUBLE,
    pm2_5_24h    DOUBLE,
    pm10         DOUBLE,
    pm10_24h     DOUBLE,
    so2          DOUBLE,
    so2_24h      DOUBLE,
    no2          DOUBLE,
    no2_24h      DOUBLE,
    o3           DOUBLE,
    o3_24h       DOUBLE,
    o3_8h        DOUBLE,
    o3_8h_24h    DOUBLE,
    co           DOUBLE,
    co_24h       DOUBLE
);
COMMENT ON TABLE staging.air_hourly IS 'Hourly air values, one typed row per station-hour with a column per series of the release, validated by the gx_air_hourly expectation suite. A station-hour with every cell empty has no row.';
COMMENT ON COLUMN staging.air_hourly.station_code IS '监测点编码, national station code';
COMMENT ON COLUMN staging.air_hourly.file_date IS 'Day of the source file (the partition key of raw and staging); the cell is in raw.air_file of that day';
COMMENT ON COLUMN staging.air_hourly.hour IS 'hour column of the source file, 0-23: the hour ENDING at this clock hour';
COMMENT ON COLUMN staging.air_hourly.hour_end IS 'End of the hour (local time zone of the profile); the file labels an hour by its end';
COMMENT ON COLUMN staging.air_hourly.day IS 'Natural day (00:00-24:00) the hour belongs to: hour 0 of file D is the last hour of D-1';
COMMENT ON COLUMN staging.air_hourly.hour_ending IS 'Hour of the natural day by its end, 1-24';
COMMENT ON COLUMN staging.air_hourly.aqi IS 'AQI the platform published for the station-hour (series AQI of the file)';
COMMENT ON COLUMN staging.air_hourly.pm2_5 IS 'PM2.5 1-h value, ug/m3 (series PM2.5 of the file)';
COMMENT ON COLUMN staging.air_hourly.pm2_5_24h IS 'PM2.5 24-h moving mean as published, ug/m3 (series PM2.5_24h of the file)';
COMMENT ON COLUMN staging.air_hourly.pm10 IS 'PM10 1-h value, ug/m3 (series PM10 of the file)';
COMMENT ON COLUMN staging.air_hourly.pm10_24h IS 'PM10 24-h moving mean as published, ug/m3 (series PM10_24h of the file)';
COMMENT ON COLUMN staging.air_hourly.so2 IS 'SO2 1-h value, ug/m3 (series SO2 of the file)';
COMMENT ON COLUMN staging.air_hourly.so2_24h IS 'SO2 24-h moving mean as published, ug/m3 (series SO2_24h of the file)';
COMMENT ON COLUMN staging.air_hourly.no2 IS 'NO2 1-h value, ug/m3 (series NO2 of the file)';
COMMENT ON COLUMN staging.air_hourly.no2_24h IS 'NO2 24-h moving mean as published, ug/m3 (series NO2_24h of the file)';
COMMENT ON COLUMN staging.air_hourly.o3 IS 'O3 1-h value, ug/m3 (series O3 of the file)';
COMMENT ON COLUMN staging.air_hourly.o3_24h IS 'O3 24-h moving maximum of the 1-h values as published, ug/m3 (series O3_24h of the file)';
COMMENT ON COLUMN staging.air_hourly.o3_8h IS 'O3 8-h moving mean as published, ug/m3 (series O3_8h of the file)';
COMMENT ON COLUMN staging.air_hourly.o3_8h_24h IS 'O3 maximum 8-h moving mean of the natural day so far, as published, ug/m3 (series O3_8h_24h of the file)';
COMMENT ON COLUMN staging.air_hourly.co IS 'CO 1-h value, mg/m3 (series CO of the file)';
COMMENT ON COLUMN staging.air_hourly.co_24h IS 'CO 24-h moving mean as published, mg/m3 (series CO_24h of the file)';

-- ── air marts ─────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS mart.air_station_hour (
    station_code VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    hour_start TIMESTAMPTZ NOT NULL,
    hour_end TIMESTAMPTZ NOT NULL,
    day DATE NOT NULL,
    hour_ending SMALLINT NOT NULL,
    so2 DOUBLE, no2 DOUBLE, co DOUBLE, o3 DOUBLE, pm10 DOUBLE, pm2_5 DOUBLE, so2_24h DOUBLE,
    iaqi_so2 INTEGER, iaqi_no2 INTEGER, iaqi_co INTEGER, iaqi_o3 INTEGER, iaqi_pm10 INTEGER, iaqi_pm2_5 INTEGER,
    aqi INTEGER,
    level TINYINT,
    category VARCHAR,
    primary_pollutants VARCHAR,
    exceedance_pollutants VARCHAR,
    above_table BOOLEAN NOT NULL,
    published_aqi INTEGER,
    matches_published BOOLEAN,
    mismatch_reason VARCHAR
);
COMMENT ON TABLE mart.air_station_hour IS 'Real-time (hourly) station AQI, HJ 633-2012 实时报: current-hour values, PM through the 24-h rows, O3 1-h only; reconciled with the AQI the platform published';
COMMENT ON COLUMN mart.air_station_hour.so2 IS 'SO2 1-h, ug/m3';
COMMENT ON COLUMN mart.air_station_hour.co IS 'CO 1-h, mg/m3';
COMMENT ON COLUMN mart.air_station_hour.pm2_5 IS 'PM2.5 1-h, ug/m3';
COMMENT ON COLUMN mart.air_station_hour.so2_24h IS 'SO2 24-h moving mean as published (used when SO2 1-h > 800, HJ 633 Table 1 note a)';
COMMENT ON COLUMN mart.air_station_hour.iaqi_so2 IS '空气质量分指数 SO2 (1-h row; 24-h row when 1-h > 800)';
COMMENT ON COLUMN mart.air_station_hour.aqi IS '空气质量指数 AQI = max IAQI (HJ 633 §5.2)';
COMMENT ON COLUMN mart.air_station_hour.level IS '空气质量指数级别 1-6';
COMMENT ON COLUMN mart.air_station_hour.category IS '空气质量指数类别 (优, 良, 轻度污染 ...)';
COMMENT ON COLUMN mart.air_station_hour.primary_pollutants IS '首要污染物 when AQI > 50, comma-separated';
COMMENT ON COLUMN mart.air_station_hour.exceedance_pollutants IS '超标污染物 (IAQI > 100), comma-separated';
COMMENT ON COLUMN mart.air_station_hour.above_table IS 'A concentration lies above the top of HJ 633 Table 1 (爆表): AQI reported as 500';
COMMENT ON COLUMN mart.air_station_hour.published_aqi IS 'AQI the national platform published for this station-hour (AQI rows of the file)';
COMMENT ON COLUMN mart.air_station_hour.matches_published IS 'aqi = published_aqi (null when either is missing)';
COMMENT ON COLUMN mart.air_station_hour.mismatch_reason IS 'Known cause of a disagreement, when there is one';

CREATE TABLE IF NOT EXISTS mart.air_station_day (
    station_code VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    assessment BOOLEAN NOT NULL,
    day DATE NOT NULL,
    so2 DOUBLE, so2_published DOUBLE, so2_hours SMALLINT, so2_valid BOOLEAN,
    no2 DOUBLE, no2_published DOUBLE, no2_hours SMALLINT, no2_valid BOOLEAN,
    co DOUBLE, co_published DOUBLE, co_hours SMALLINT, co_valid BOOLEAN,
    pm10 DOUBLE, pm10_published DOUBLE, pm10_hours SMALLINT, pm10_valid BOOLEAN,
    pm2_5 DOUBLE, pm2_5_published DOUBLE, pm2_5_hours SMALLINT, pm2_5_valid BOOLEAN,
    o3_1h_max DOUBLE, o3_hours SMALLINT, o3_1h_valid BOOLEAN,
    o3_8h_max DOUBLE, o3_8h_published DOUBLE, o3_8h_windows SMALLINT, o3_8h_valid BOOLEAN,
    iaqi_so2 INTEGER, iaqi_no2 INTEGER, iaqi_co INTEGER, iaqi_pm10 INTEGER, iaqi_pm2_5 INTEGER,
    iaqi_o3_1h INTEGER, iaqi_o3_8h INTEGER,
    aqi INTEGER,
    level TINYINT,
    category VARCHAR,
    primary_pollutants VARCHAR,
    exceedance_pollutants VARCHAR,
    is_valid BOOLEAN NOT NULL
);
COMMENT ON TABLE mart.air_station_day IS 'Station daily report (HJ 633-2012 日报): 24-h means with the GB 3095-2012 Table 4 validity rule, O3 daily max 1-h and max 8-h';
COMMENT ON COLUMN mart.air_station_day.so2 IS 'SO2 24-h mean, ug/m3: with all 24 hours in the file their mean rounded half-to-even (GB/T 8170), else the station''s published daily mean, else the rounded mean of the file''s hours; kept even when invalid';
COMMENT ON COLUMN mart.air_station_day.so2_published IS 'The platform''s own 24-h mean for the station (SO2_24h at the day''s last hour)';
COMMENT ON COLUMN mart.air_station_day.so2_hours IS 'Valid hourly values in the natural day';
COMMENT ON COLUMN mart.air_station_day.so2_valid IS 'GB 3095-2012 Table 4: at least 20 valid hours';
COMMENT ON COLUMN mart.air_station_day.co IS 'CO 24-h mean, mg/m3, 1 decimal: with all 24 hours in the file their mean rounded half-to-even (not the CO_24h row, which rounds an x.x5 mean either way), else the published daily mean, else the rounded mean of the file''s hours';
COMMENT ON COLUMN mart.air_station_day.o3_1h_max IS 'O3 日最大1小时平均';
COMMENT ON COLUMN mart.air_station_day.o3_8h_max IS 'O3 日最大8小时滑动平均: the published O3_8h_24h at the day''s last hour, else the max of the valid 8-h means (>= 6 hours) ending at hours 1-24';
COMMENT ON COLUMN mart.air_station_day.o3_8h_published IS 'The platform''s daily max 8-h for the station (O3_8h_24h at the day''s last hour)';
COMMENT ON COLUMN mart.air_station_day.o3_8h_windows IS 'Valid 8-h means ending 08:00-24:00 (HJ 663-2013 counts these 17)';
COMMENT ON COLUMN mart.air_station_day.o3_8h_valid IS 'HJ 663-2013: >= 14 valid windows ending 08-24, or the max exceeds 160 ug/m3';
COMMENT ON COLUMN mart.air_station_day.iaqi_o3_8h IS 'IAQI of O3 8-h (none above 800, HJ 633 Table 1 note b)';
COMMENT ON COLUMN mart.air_station_day.aqi IS 'AQI from the valid daily values; O3 counts with the larger of its 1-h and 8-h IAQI';
COMMENT ON COLUMN mart.air_station_day.is_valid IS 'Every one of the six daily values is valid';

CREATE TABLE IF NOT EXISTS mart.air_city_day (
    area_code VARCHAR NOT NULL,
    day DATE NOT NULL,
    stations_reporting SMALLINT NOT NULL,
    so2 DOUBLE, so2_stations SMALLINT, so2_valid BOOLEAN,
    no2 DOUBLE, no2_stations SMALLINT, no2_valid BOOLEAN,
    co DOUBLE, co_stations SMALLINT, co_valid BOOLEAN,
    pm10 DOUBLE, pm10_stations SMALLINT, pm10_valid BOOLEAN,
    pm2_5 DOUBLE, pm2_5_stations SMALLINT, pm2_5_valid BOOLEAN,
    o3_1h_max DOUBLE, o3_1h_stations SMALLINT, o3_1h_valid BOOLEAN,
    o3_8h_max DOUBLE, o3_8h_stations SMALLINT, o3_8h_valid BOOLEAN,
    iaqi_so2 INTEGER, iaqi_no2 INTEGER, iaqi_co INTEGER, iaqi_pm10 INTEGER, iaqi_pm2_5 INTEGER,
    iaqi_o3_1h INTEGER, iaqi_o3_8h INTEGER,
    aqi INTEGER,
    level TINYINT,
    category VARCHAR,
    primary_pollutants VARCHAR,
    exceedance_pollutants VARCHAR,
    is_valid BOOLEAN NOT NULL
);
COMMENT ON TABLE mart.air_city_day IS 'City daily AQI (HJ 663-2013 §4.1): mean of the assessment stations'' daily values (对照点 excluded), rounded, then IAQI/AQI';
COMMENT ON COLUMN mart.air_city_day.stations_reporting IS 'Assessment stations with any value that day';
COMMENT ON COLUMN mart.air_city_day.so2 IS 'City SO2 24-h mean: mean over reporting stations of their daily means, ug/m3';
COMMENT ON COLUMN mart.air_city_day.so2_stations IS 'Stations averaged for SO2';
COMMENT ON COLUMN mart.air_city_day.so2_valid IS 'At least city_min_station_share of the reporting stations have a GB 3095-valid SO2 daily value';
COMMENT ON COLUMN mart.air_city_day.o3_8h_max IS 'City O3 daily max 8-h: mean of the stations'' maxima';
COMMENT ON COLUMN mart.air_city_day.is_valid IS 'Counts as a valid day: for every pollutant, at least city_min_station_share of the reporting stations have a GB 3095-valid daily value';

CREATE TABLE IF NOT EXISTS mart.air_city_month (
    area_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    month INTEGER NOT NULL,
    days_with_data INTEGER NOT NULL,
    valid_days INTEGER NOT NULL,
    good_days INTEGER NOT NULL,
    good_days_ratio DOUBLE,
    excellent_days INTEGER NOT NULL,
    lightly_polluted_days INTEGER NOT NULL,
    moderately_polluted_days INTEGER NOT NULL,
    heavily_polluted_days INTEGER NOT NULL,
    severely_polluted_days INTEGER NOT NULL,
    so2_mean DOUBLE, no2_mean DOUBLE, co_mean DOUBLE, pm10_mean DOUBLE, pm2_5_mean DOUBLE, o3_8h_mean DOUBLE,
    complete_for_annual BOOLEAN NOT NULL
);
COMMENT ON TABLE mart.air_city_month IS 'City monthly summary: valid and good days (优良天数), category counts and monthly means';
COMMENT ON COLUMN mart.air_city_month.good_days IS '优良天数: valid days with AQI <= 100';
COMMENT ON COLUMN mart.air_city_month.good_days_ratio IS '优良天数比例, %: good days / valid days';
COMMENT ON COLUMN mart.air_city_month.complete_for_annual IS 'GB 3095-2012 Table 4: >= 27 valid days (February 25)';

CREATE TABLE IF NOT EXISTS mart.air_city_year (
    area_code VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    days_with_data INTEGER NOT NULL,
    valid_days INTEGER NOT NULL,
    invalid_days INTEGER NOT NULL,
    good_days INTEGER NOT NULL,
    good_days_ratio DOUBLE,
    excellent_days INTEGER NOT NULL,
    lightly_polluted_days INTEGER NOT NULL,
    moderately_polluted_days INTEGER NOT NULL,
    heavily_polluted_days INTEGER NOT NULL,
    severely_polluted_days INTEGER NOT NULL,
    so2_annual DOUBLE, no2_annual DOUBLE, pm10_annual DOUBLE, pm2_5_annual DOUBLE,
    so2_p98 DOUBLE, no2_p98 DOUBLE, pm10_p95 DOUBLE, pm2_5_p95 DOUBLE, co_p95 DOUBLE, o3_8h_p90 DOUBLE,
    complete_months INTEGER NOT NULL,
    assessable BOOLEAN NOT NULL,
    meets_grade_ii BOOLEAN
);
COMMENT ON TABLE mart.air_city_year IS 'City annual assessment (HJ 663-2013): 优良天数比例, annual means and percentiles';
COMMENT ON COLUMN mart.air_city_year.good_days_ratio IS '优良天数比例 (达标天数比例), %, 1 decimal';
COMMENT ON COLUMN mart.air_city_year.so2_p98 IS 'SO2 24-h mean, 98th percentile (HJ 663 Appendix A)';
COMMENT ON COLUMN mart.air_city_year.o3_8h_p90 IS 'O3 daily max 8-h, 90th percentile';
COMMENT ON COLUMN mart.air_city_year.complete_months IS 'Months with >= 27 valid days (February 25)';
COMMENT ON COLUMN mart.air_city_year.assessable IS 'GB 3095-2012 Table 4: >= 324 valid days and every month complete';
COMMENT ON COLUMN mart.air_city_year.meets_grade_ii IS '达标: all six items within GB 3095-2012 grade II limits (null when not assessable)';


-- Comments on the remaining columns.
COMMENT ON COLUMN mart.air_city_day.area_code IS 'Area (city) code, see mart.dim_area';
COMMENT ON COLUMN mart.air_city_day.day IS 'Natural day 00:00-24:00, local time';
COMMENT ON COLUMN mart.air_city_day.no2 IS 'City NO2 24-h mean: mean over reporting stations of their daily values, ug/m3';
COMMENT ON COLUMN mart.air_city_day.no2_stations IS 'Stations averaged for NO2';
COMMENT ON COLUMN mart.air_city_day.no2_valid IS 'A station reports NO2 and enough of them are GB 3095-valid (air.city_min_station_share)';
COMMENT ON COLUMN mart.air_city_day.co IS 'City CO 24-h mean: mean over reporting stations of their daily values, mg/m3';
COMMENT ON COLUMN mart.air_city_day.co_stations IS 'Stations averaged for CO';
COMMENT ON COLUMN mart.air_city_day.co_valid IS 'A station reports CO and enough of them are GB 3095-valid (air.city_min_station_share)';
COMMENT ON COLUMN mart.air_city_day.pm10 IS 'City PM10 24-h mean: mean over reporting stations of their daily values, ug/m3';
COMMENT ON COLUMN mart.air_city_day.pm10_stations IS 'Stations averaged for PM10';
COMMENT ON COLUMN mart.air_city_day.pm10_valid IS 'A station reports PM10 and enough of them are GB 3095-valid (air.city_min_station_share)';
COMMENT ON COLUMN mart.air_city_day.pm2_5 IS 'City PM2.5 24-h mean: mean over reporting stations of their daily values, ug/m3';
COMMENT ON COLUMN mart.air_city_day.pm2_5_stations IS 'Stations averaged for PM2.5';
COMMENT ON COLUMN mart.air_city_day.pm2_5_valid IS 'A station reports PM2.5 and enough of them are GB 3095-valid (air.city_min_station_share)';
COMMENT ON COLUMN mart.air_city_day.o3_1h_max IS 'City O3 daily max 1-h: mean of the stations'' maxima, ug/m3';
COMMENT ON COLUMN mart.air_city_day.o3_1h_stations IS 'Stations averaged for the O3 daily max 1-h';
COMMENT ON COLUMN mart.air_city_day.o3_1h_valid IS 'Enough stations report a valid O3 daily max 1-h';
COMMENT ON COLUMN mart.air_city_day.o3_8h_stations IS 'Stations averaged for the O3 daily max 8-h';
COMMENT ON COLUMN mart.air_city_day.o3_8h_valid IS 'Enough stations report a valid O3 daily max 8-h';
COMMENT ON COLUMN mart.air_city_day.iaqi_so2 IS '空气质量分指数 IAQI of SO2 (HJ 633-2012 Table 1, 24-h row), rounded up';
COMMENT ON COLUMN mart.air_city_day.iaqi_no2 IS '空气质量分指数 IAQI of NO2 (HJ 633-2012 Table 1, 24-h row), rounded up';
COMMENT ON COLUMN mart.air_city_day.iaqi_co IS '空气质量分指数 IAQI of CO (HJ 633-2012 Table 1, 24-h row), rounded up';
COMMENT ON COLUMN mart.air_city_day.iaqi_pm10 IS '空气质量分指数 IAQI of PM10 (HJ 633-2012 Table 1, 24-h row), rounded up';
COMMENT ON COLUMN mart.air_city_day.iaqi_pm2_5 IS '空气质量分指数 IAQI of PM2.5 (HJ 633-2012 Table 1, 24-h row), rounded up';
COMMENT ON COLUMN mart.air_city_day.iaqi_o3_1h IS 'IAQI of the O3 daily max 1-h (1-h row)';
COMMENT ON COLUMN mart.air_city_day.iaqi_o3_8h IS 'IAQI of the O3 daily max 8-h (8-h row; none above 800, Table 1 note b)';
COMMENT ON COLUMN mart.air_city_day.aqi IS '空气质量指数 AQI = max IAQI (HJ 633-2012 §5.2)';
COMMENT ON COLUMN mart.air_city_day.level IS '空气质量指数级别 1-6 (HJ 633-2012 Table 2)';
COMMENT ON COLUMN mart.air_city_day.category IS '空气质量指数类别: 优, 良, 轻度污染, 中度污染, 重度污染, 严重污染';
COMMENT ON COLUMN mart.air_city_day.primary_pollutants IS '首要污染物 when AQI > 50: the pollutant(s) whose IAQI equals the AQI, comma-separated';
COMMENT ON COLUMN mart.air_city_day.exceedance_pollutants IS '超标污染物: pollutants with IAQI > 100, comma-separated';
COMMENT ON COLUMN mart.air_city_month.area_code IS 'Area (city) code, see mart.dim_area';
COMMENT ON COLUMN mart.air_city_month.year IS 'Calendar year';
COMMENT ON COLUMN mart.air_city_month.month IS 'Month 1-12';
COMMENT ON COLUMN mart.air_city_month.days_with_data IS 'Days with a city daily row';
COMMENT ON COLUMN mart.air_city_month.valid_days IS '有效天数: days counted as valid';
COMMENT ON COLUMN mart.air_city_month.excellent_days IS '优 days: AQI <= 50';
COMMENT ON COLUMN mart.air_city_month.lightly_polluted_days IS '轻度污染 days: AQI 101-150';
COMMENT ON COLUMN mart.air_city_month.moderately_polluted_days IS '中度污染 days: AQI 151-200';
COMMENT ON COLUMN mart.air_city_month.heavily_polluted_days IS '重度污染 days: AQI 201-300';
COMMENT ON COLUMN mart.air_city_month.severely_polluted_days IS '严重污染 days: AQI > 300';
COMMENT ON COLUMN mart.air_city_month.so2_mean IS 'Monthly mean of the valid city daily SO2 values, ug/m3';
COMMENT ON COLUMN mart.air_city_month.no2_mean IS 'Monthly mean of the valid city daily NO2 values, ug/m3';
COMMENT ON COLUMN mart.air_city_month.co_mean IS 'Monthly mean of the valid city daily CO values, mg/m3';
COMMENT ON COLUMN mart.air_city_month.pm10_mean IS 'Monthly mean of the valid city daily PM10 values, ug/m3';
COMMENT ON COLUMN mart.air_city_month.pm2_5_mean IS 'Monthly mean of the valid city daily PM2.5 values, ug/m3';
COMMENT ON COLUMN mart.air_city_month.o3_8h_mean IS 'Monthly mean of the valid city O3 daily max 8-h, ug/m3';
COMMENT ON COLUMN mart.air_city_year.area_code IS 'Area (city) code, see mart.dim_area';
COMMENT ON COLUMN mart.air_city_year.year IS 'Calendar year';
COMMENT ON COLUMN mart.air_city_year.days_with_data IS 'Days with a city daily row';
COMMENT ON COLUMN mart.air_city_year.valid_days IS '有效天数: days counted as valid';
COMMENT ON COLUMN mart.air_city_year.invalid_days IS 'Days with data that are not valid (left out of every ratio)';
COMMENT ON COLUMN mart.air_city_year.good_days IS '优良天数: valid days with AQI <= 100';
COMMENT ON COLUMN mart.air_city_year.excellent_days IS '优 days: AQI <= 50';
COMMENT ON COLUMN mart.air_city_year.lightly_polluted_days IS '轻度污染 days: AQI 101-150';
COMMENT ON COLUMN mart.air_city_year.moderately_polluted_days IS '中度污染 days: AQI 151-200';
COMMENT ON COLUMN mart.air_city_year.heavily_polluted_days IS '重度污染 days: AQI 201-300';
COMMENT ON COLUMN mart.air_city_year.severely_polluted_days IS '严重污染 days: AQI > 300';
COMMENT ON COLUMN mart.air_city_year.so2_annual IS '年均值: annual mean of the valid city daily SO2 values, ug/m3';
COMMENT ON COLUMN mart.air_city_year.no2_annual IS '年均值: annual mean of the valid city daily NO2 values, ug/m3';
COMMENT ON COLUMN mart.air_city_year.pm10_annual IS '年均值: annual mean of the valid city daily PM10 values, ug/m3';
COMMENT ON COLUMN mart.air_city_year.pm2_5_annual IS '年均值: annual mean of the valid city daily PM2.5 values, ug/m3';
COMMENT ON COLUMN mart.air_city_year.no2_p98 IS 'NO2 24-h mean, 98th percentile (HJ 663-2013 Appendix A), ug/m3';
COMMENT ON COLUMN mart.air_city_year.pm10_p95 IS 'PM10 24-h mean, 95th percentile (HJ 663-2013 Appendix A), ug/m3';
COMMENT ON COLUMN mart.air_city_year.pm2_5_p95 IS 'PM2.5 24-h mean, 95th percentile (HJ 663-2013 Appendix A), ug/m3';
COMMENT ON COLUMN mart.air_city_year.co_p95 IS 'CO 24-h mean, 95th percentile (HJ 663-2013 Appendix A), mg/m3';
COMMENT ON COLUMN mart.air_station_day.station_code IS '监测点编码, national station code';
COMMENT ON COLUMN mart.air_station_day.area_code IS 'Area (city) code, see mart.dim_area';
COMMENT ON COLUMN mart.air_station_day.assessment IS 'The station counts for the city assessment (false for a 对照点)';
COMMENT ON COLUMN mart.air_station_day.day IS 'Natural day 00:00-24:00, local time';
COMMENT ON COLUMN mart.air_station_day.no2 IS 'NO2 24-h mean, ug/m3: the rounded mean of the file''s 24 hours when it has all, else the published daily mean, else the rounded mean of the file''s hours';
COMMENT ON COLUMN mart.air_station_day.no2_published IS 'The platform''s own 24-h mean for the station (NO2_24h at the day''s last hour), ug/m3';
COMMENT ON COLUMN mart.air_station_day.no2_hours IS 'Valid NO2 hourly values in the natural day';
COMMENT ON COLUMN mart.air_station_day.no2_valid IS 'GB 3095-2012 Table 4: >= 20 valid NO2 hours';
COMMENT ON COLUMN mart.air_station_day.co_published IS 'The platform''s own 24-h mean for the station (CO_24h at the day''s last hour), mg/m3';
COMMENT ON COLUMN mart.air_station_day.co_hours IS 'Valid CO hourly values in the natural day';
COMMENT ON COLUMN mart.air_station_day.co_valid IS 'GB 3095-2012 Table 4: >= 20 valid CO hours';
COMMENT ON COLUMN mart.air_station_day.pm10 IS 'PM10 24-h mean, ug/m3: the rounded mean of the file''s 24 hours when it has all, else the published daily mean, else the rounded mean of the file''s hours';
COMMENT ON COLUMN mart.air_station_day.pm10_published IS 'The platform''s own 24-h mean for the station (PM10_24h at the day''s last hour), ug/m3';
COMMENT ON COLUMN mart.air_station_day.pm10_hours IS 'Valid PM10 hourly values in the natural day';
COMMENT ON COLUMN mart.air_station_day.pm10_valid IS 'GB 3095-2012 Table 4: >= 20 valid PM10 hours';
COMMENT ON COLUMN mart.air_station_day.pm2_5 IS 'PM2.5 24-h mean, ug/m3: the rounded mean of the file''s 24 hours when it has all, else the published daily mean, else the rounded mean of the file''s hours';
COMMENT ON COLUMN mart.air_station_day.pm2_5_published IS 'The platform''s own 24-h mean for the station (PM2.5_24h at the day''s last hour), ug/m3';
COMMENT ON COLUMN mart.air_station_day.pm2_5_hours IS 'Valid PM2.5 hourly values in the natural day';
COMMENT ON COLUMN mart.air_station_day.pm2_5_valid IS 'GB 3095-2012 Table 4: >= 20 valid PM2.5 hours';
COMMENT ON COLUMN mart.air_station_day.o3_hours IS 'Valid O3 hourly values in the natural day';
COMMENT ON COLUMN mart.air_station_day.o3_1h_valid IS 'O3 daily max 1-h valid: >= 20 valid hours (the 24-h rule; the standard sets none)';
COMMENT ON COLUMN mart.air_station_day.iaqi_so2 IS '空气质量分指数 IAQI of SO2 (HJ 633-2012 Table 1, 24-h row), rounded up';
COMMENT ON COLUMN mart.air_station_day.iaqi_no2 IS '空气质量分指数 IAQI of NO2 (HJ 633-2012 Table 1, 24-h row), rounded up';
COMMENT ON COLUMN mart.air_station_day.iaqi_co IS '空气质量分指数 IAQI of CO (HJ 633-2012 Table 1, 24-h row), rounded up';
COMMENT ON COLUMN mart.air_station_day.iaqi_pm10 IS '空气质量分指数 IAQI of PM10 (HJ 633-2012 Table 1, 24-h row), rounded up';
COMMENT ON COLUMN mart.air_station_day.iaqi_pm2_5 IS '空气质量分指数 IAQI of PM2.5 (HJ 633-2012 Table 1, 24-h row), rounded up';
COMMENT ON COLUMN mart.air_station_day.iaqi_o3_1h IS 'IAQI of the O3 daily max 1-h (1-h row)';
COMMENT ON COLUMN mart.air_station_day.level IS '空气质量指数级别 1-6 (HJ 633-2012 Table 2)';
COMMENT ON COLUMN mart.air_station_day.category IS '空气质量指数类别: 优, 良, 轻度污染, 中度污染, 重度污染, 严重污染';
COMMENT ON COLUMN mart.air_station_day.primary_pollutants IS '首要污染物 when AQI > 50: the pollutant(s) whose IAQI equals the AQI, comma-separated';
COMMENT ON COLUMN mart.air_station_day.exceedance_pollutants IS '超标污染物: pollutants with IAQI > 100, comma-separated';
COMMENT ON COLUMN mart.air_station_hour.station_code IS '监测点编码, national station code';
COMMENT ON COLUMN mart.air_station_hour.area_code IS 'Area (city) code, see mart.dim_area';
COMMENT ON COLUMN mart.air_station_hour.hour_start IS 'Start of the hour (TIMESTAMPTZ)';
COMMENT ON COLUMN mart.air_station_hour.hour_end IS 'End of the hour; the file labels an hour by its end';
COMMENT ON COLUMN mart.air_station_hour.day IS 'Natural day 00:00-24:00, local time';
COMMENT ON COLUMN mart.air_station_hour.hour_ending IS 'Hour of the natural day by its end, 1-24';
COMMENT ON COLUMN mart.air_station_hour.no2 IS 'NO2 1-h value, ug/m3';
COMMENT ON COLUMN mart.air_station_hour.o3 IS 'O3 1-h value, ug/m3';
COMMENT ON COLUMN mart.air_station_hour.pm10 IS 'PM10 1-h value, ug/m3';
COMMENT ON COLUMN mart.air_station_hour.iaqi_no2 IS '空气质量分指数 IAQI of NO2 (HJ 633-2012 Table 1, 1-h row), rounded up';
COMMENT ON COLUMN mart.air_station_hour.iaqi_co IS '空气质量分指数 IAQI of CO (HJ 633-2012 Table 1, 1-h row), rounded up';
COMMENT ON COLUMN mart.air_station_hour.iaqi_o3 IS '空气质量分指数 IAQI of O3 (HJ 633-2012 Table 1, 1-h row), rounded up';
COMMENT ON COLUMN mart.air_station_hour.iaqi_pm10 IS '空气质量分指数 IAQI of PM10 (HJ 633-2012 Table 1, 24-h row, 1-h value), rounded up';
COMMENT ON COLUMN mart.air_station_hour.iaqi_pm2_5 IS '空气质量分指数 IAQI of PM2.5 (HJ 633-2012 Table 1, 24-h row, 1-h value), rounded up';

-- ── composite index, ranks and coverage (issue 10; ADD COLUMN IF NOT EXISTS upgrades a warehouse in place) ──
ALTER TABLE mart.air_city_day ADD COLUMN IF NOT EXISTS pollutants_missing VARCHAR;
ALTER TABLE mart.air_city_day ADD COLUMN IF NOT EXISTS all_pollutants_valid BOOLEAN;
COMMENT ON COLUMN mart.air_city_day.pollutants_missing IS 'Pollutants of the six with no city value that day (absent at every station, or too few valid stations), comma-separated; null when all six have one';
COMMENT ON COLUMN mart.air_city_day.all_pollutants_valid IS 'All six pollutants have a city value';
COMMENT ON COLUMN mart.air_city_day.is_valid IS 'Counts as a day (有效天) in 优良天数比例: the daily AQI can be reported from the pollutants with a value (HJ 633-2012 §5.2); a day with a pollutant missing counts, as in the official statistics';
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS calendar_days INTEGER;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS first_day DATE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS last_day DATE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS partial BOOLEAN;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS days_pollutant_missing INTEGER;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS fair_days INTEGER;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS so2_days INTEGER;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS no2_days INTEGER;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS co_days INTEGER;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS pm10_days INTEGER;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS pm2_5_days INTEGER;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS o3_8h_days INTEGER;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS co_p95 DOUBLE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS o3_8h_p90 DOUBLE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS i_so2 DOUBLE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS i_no2 DOUBLE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS i_pm10 DOUBLE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS i_pm2_5 DOUBLE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS i_co DOUBLE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS i_o3_8h DOUBLE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS composite_index DOUBLE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS primary_pollutant VARCHAR;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS composite_rank INTEGER;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS good_days_rank INTEGER;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS ranked_cities INTEGER;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS previous_year_composite_index DOUBLE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS composite_index_change_pct DOUBLE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS previous_year_good_days_ratio DOUBLE;
ALTER TABLE mart.air_city_month ADD COLUMN IF NOT EXISTS good_days_ratio_change DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS calendar_days INTEGER;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS first_day DATE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS last_day DATE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS partial BOOLEAN;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS days_pollutant_missing INTEGER;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS fair_days INTEGER;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS so2_days INTEGER;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS no2_days INTEGER;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS co_days INTEGER;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS pm10_days INTEGER;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS pm2_5_days INTEGER;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS o3_8h_days INTEGER;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS co_p95 DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS o3_8h_p90 DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS i_so2 DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS i_no2 DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS i_pm10 DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS i_pm2_5 DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS i_co DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS i_o3_8h DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS composite_index DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS primary_pollutant VARCHAR;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS composite_rank INTEGER;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS good_days_rank INTEGER;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS ranked_cities INTEGER;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS previous_year_composite_index DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS composite_index_change_pct DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS previous_year_good_days_ratio DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS good_days_ratio_change DOUBLE;
COMMENT ON COLUMN mart.air_city_month.calendar_days IS 'Days in the period';
COMMENT ON COLUMN mart.air_city_month.first_day IS 'First day of the period with a city daily row';
COMMENT ON COLUMN mart.air_city_month.last_day IS 'Last day of the period with a city daily row';
COMMENT ON COLUMN mart.air_city_month.partial IS 'The data do not cover the whole period (it starts after its first day or ends before its last): a period still running or a feed that starts late; ranks and ratios are of the days present';
COMMENT ON COLUMN mart.air_city_month.days_pollutant_missing IS 'Counted days on which at least one of the six pollutants had no value at any station (mart.air_city_day.pollutants_missing)';
COMMENT ON COLUMN mart.air_city_month.fair_days IS '良 days: AQI 51-100';
COMMENT ON COLUMN mart.air_city_month.so2_days IS 'Days with a city SO2 value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_month.no2_days IS 'Days with a city NO2 value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_month.co_days IS 'Days with a city CO value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_month.pm10_days IS 'Days with a city PM10 value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_month.pm2_5_days IS 'Days with a city PM2.5 value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_month.o3_8h_days IS 'Days with a city O3 daily max 8-h value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_month.co_p95 IS 'CO: 95th percentile of the city daily 24-h means, mg/m3, 1 decimal (HJ 663 Appendix A)';
COMMENT ON COLUMN mart.air_city_month.o3_8h_p90 IS 'O3: 90th percentile of the city daily max 8-h values, ug/m3 (HJ 663 Appendix A)';
COMMENT ON COLUMN mart.air_city_month.i_so2 IS 'Single index SO2 = mean / 60 (环办〔2014〕64号), 3 decimals';
COMMENT ON COLUMN mart.air_city_month.i_no2 IS 'Single index NO2 = mean / 40, 3 decimals';
COMMENT ON COLUMN mart.air_city_month.i_pm10 IS 'Single index PM10 = mean / 70, 3 decimals';
COMMENT ON COLUMN mart.air_city_month.i_pm2_5 IS 'Single index PM2.5 = mean / 35, 3 decimals';
COMMENT ON COLUMN mart.air_city_month.i_co IS 'Single index CO = P95 / 4, 3 decimals';
COMMENT ON COLUMN mart.air_city_month.i_o3_8h IS 'Single index O3 = 8-h P90 / 160, 3 decimals';
COMMENT ON COLUMN mart.air_city_month.composite_index IS '环境空气质量综合指数: sum of the six single indices, 2 decimals (环办〔2014〕64号); null when a pollutant has no value in the period';
COMMENT ON COLUMN mart.air_city_month.primary_pollutant IS '首要污染物 of the period: the largest single index (ties listed)';
COMMENT ON COLUMN mart.air_city_month.composite_rank IS 'Rank by composite_index among the profile''s cities for the same period (1 = cleanest; equal indices share a rank and the next skips)';
COMMENT ON COLUMN mart.air_city_month.good_days_rank IS 'Rank by good_days_ratio among the profile''s cities for the same period (1 = highest; ties share)';
COMMENT ON COLUMN mart.air_city_month.ranked_cities IS 'Cities ranked for the same period';
COMMENT ON COLUMN mart.air_city_month.previous_year_composite_index IS 'composite_index of the same period of the previous year, where that year is loaded';
COMMENT ON COLUMN mart.air_city_month.composite_index_change_pct IS '同比变化率: (composite_index - previous year) / previous year x 100, %, 1 decimal (> 0 worse)';
COMMENT ON COLUMN mart.air_city_month.previous_year_good_days_ratio IS 'good_days_ratio of the same period of the previous year';
COMMENT ON COLUMN mart.air_city_month.good_days_ratio_change IS 'good_days_ratio - previous year, percentage points';
COMMENT ON COLUMN mart.air_city_year.calendar_days IS 'Days in the period';
COMMENT ON COLUMN mart.air_city_year.first_day IS 'First day of the period with a city daily row';
COMMENT ON COLUMN mart.air_city_year.last_day IS 'Last day of the period with a city daily row';
COMMENT ON COLUMN mart.air_city_year.partial IS 'The data do not cover the whole period (it starts after its first day or ends before its last): a period still running or a feed that starts late; ranks and ratios are of the days present';
COMMENT ON COLUMN mart.air_city_year.days_pollutant_missing IS 'Counted days on which at least one of the six pollutants had no value at any station (mart.air_city_day.pollutants_missing)';
COMMENT ON COLUMN mart.air_city_year.fair_days IS '良 days: AQI 51-100';
COMMENT ON COLUMN mart.air_city_year.so2_days IS 'Days with a city SO2 value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_year.no2_days IS 'Days with a city NO2 value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_year.co_days IS 'Days with a city CO value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_year.pm10_days IS 'Days with a city PM10 value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_year.pm2_5_days IS 'Days with a city PM2.5 value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_year.o3_8h_days IS 'Days with a city O3 daily max 8-h value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_year.co_p95 IS 'CO: 95th percentile of the city daily 24-h means, mg/m3, 1 decimal (HJ 663 Appendix A)';
COMMENT ON COLUMN mart.air_city_year.o3_8h_p90 IS 'O3: 90th percentile of the city daily max 8-h values, ug/m3 (HJ 663 Appendix A)';
COMMENT ON COLUMN mart.air_city_year.i_so2 IS 'Single index SO2 = mean / 60 (环办〔2014〕64号), 3 decimals';
COMMENT ON COLUMN mart.air_city_year.i_no2 IS 'Single index NO2 = mean / 40, 3 decimals';
COMMENT ON COLUMN mart.air_city_year.i_pm10 IS 'Single index PM10 = mean / 70, 3 decimals';
COMMENT ON COLUMN mart.air_city_year.i_pm2_5 IS 'Single index PM2.5 = mean / 35, 3 decimals';
COMMENT ON COLUMN mart.air_city_year.i_co IS 'Single index CO = P95 / 4, 3 decimals';
COMMENT ON COLUMN mart.air_city_year.i_o3_8h IS 'Single index O3 = 8-h P90 / 160, 3 decimals';
COMMENT ON COLUMN mart.air_city_year.composite_index IS '环境空气质量综合指数: sum of the six single indices, 2 decimals (环办〔2014〕64号); null when a pollutant has no value in the period';
COMMENT ON COLUMN mart.air_city_year.primary_pollutant IS '首要污染物 of the period: the largest single index (ties listed)';
COMMENT ON COLUMN mart.air_city_year.composite_rank IS 'Rank by composite_index among the profile''s cities for the same period (1 = cleanest; equal indices share a rank and the next skips)';
COMMENT ON COLUMN mart.air_city_year.good_days_rank IS 'Rank by good_days_ratio among the profile''s cities for the same period (1 = highest; ties share)';
COMMENT ON COLUMN mart.air_city_year.ranked_cities IS 'Cities ranked for the same period';
COMMENT ON COLUMN mart.air_city_year.previous_year_composite_index IS 'composite_index of the same period of the previous year, where that year is loaded';
COMMENT ON COLUMN mart.air_city_year.composite_index_change_pct IS '同比变化率: (composite_index - previous year) / previous year x 100, %, 1 decimal (> 0 worse)';
COMMENT ON COLUMN mart.air_city_year.previous_year_good_days_ratio IS 'good_days_ratio of the same period of the previous year';
COMMENT ON COLUMN mart.air_city_year.good_days_ratio_change IS 'good_days_ratio - previous year, percentage points';

ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS so2_mean DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS no2_mean DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS co_mean DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS pm10_mean DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS pm2_5_mean DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS o3_8h_mean DOUBLE;
ALTER TABLE mart.air_city_year ADD COLUMN IF NOT EXISTS annual_stats_valid BOOLEAN;
COMMENT ON COLUMN mart.air_city_year.so2_mean IS 'Mean of the city daily SO2 values of the year, ug/m3 (= so2_annual)';
COMMENT ON COLUMN mart.air_city_year.no2_mean IS 'Mean of the city daily NO2 values of the year, ug/m3 (= no2_annual)';
COMMENT ON COLUMN mart.air_city_year.co_mean IS 'Mean of the city daily CO values of the year, mg/m3, 1 decimal';
COMMENT ON COLUMN mart.air_city_year.pm10_mean IS 'Mean of the city daily PM10 values of the year, ug/m3 (= pm10_annual)';
COMMENT ON COLUMN mart.air_city_year.pm2_5_mean IS 'Mean of the city daily PM2.5 values of the year, ug/m3 (= pm2_5_annual)';
COMMENT ON COLUMN mart.air_city_year.o3_8h_mean IS 'Mean of the city daily O3 max 8-h values of the year, ug/m3';
COMMENT ON COLUMN mart.air_city_year.annual_stats_valid IS 'GB 3095-2012 Table 4 for the annual means and percentiles: every pollutant has >= 324 daily values and every month is complete (complete_months = 12)';
COMMENT ON COLUMN mart.air_city_year.assessable IS 'The year''s 优良天数比例 is judged: the data cover the whole year (not partial) and >= 324 days count (GB 3095-2012 Table 4''s annual minimum, the only count the standards set for a year)';
COMMENT ON COLUMN mart.air_city_year.complete_months IS 'Months in which every pollutant has >= 27 daily values (February 25), GB 3095-2012 Table 4';
COMMENT ON COLUMN mart.air_city_year.meets_grade_ii IS '达标: all six items within GB 3095-2012 grade II limits (null when annual_stats_valid is false)';
COMMENT ON COLUMN mart.air_city_month.complete_for_annual IS 'GB 3095-2012 Table 4: every pollutant has >= 27 daily values (February 25)';

-- The year to date (1-N月): January to month N of each year, the same columns as mart.air_city_month.
CREATE TABLE IF NOT EXISTS mart.air_city_ytd AS SELECT * FROM mart.air_city_month WITH NO DATA;
COMMENT ON TABLE mart.air_city_ytd IS 'City air statistics for the year to date (1-N月, January to month N): days, 优良天数比例, concentrations, composite index and ranks, change on the same period of the previous year';
COMMENT ON COLUMN mart.air_city_ytd.month IS 'N: the period is January to month N';
COMMENT ON COLUMN mart.air_city_ytd.calendar_days IS 'Days in the period';
COMMENT ON COLUMN mart.air_city_ytd.first_day IS 'First day of the period with a city daily row';
COMMENT ON COLUMN mart.air_city_ytd.last_day IS 'Last day of the period with a city daily row';
COMMENT ON COLUMN mart.air_city_ytd.partial IS 'The data do not cover the whole period (it starts after its first day or ends before its last): a period still running or a feed that starts late; ranks and ratios are of the days present';
COMMENT ON COLUMN mart.air_city_ytd.days_pollutant_missing IS 'Counted days on which at least one of the six pollutants had no value at any station (mart.air_city_day.pollutants_missing)';
COMMENT ON COLUMN mart.air_city_ytd.fair_days IS '良 days: AQI 51-100';
COMMENT ON COLUMN mart.air_city_ytd.so2_days IS 'Days with a city SO2 value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_ytd.no2_days IS 'Days with a city NO2 value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_ytd.co_days IS 'Days with a city CO value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_ytd.pm10_days IS 'Days with a city PM10 value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_ytd.pm2_5_days IS 'Days with a city PM2.5 value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_ytd.o3_8h_days IS 'Days with a city O3 daily max 8-h value (the days its mean and percentile are over)';
COMMENT ON COLUMN mart.air_city_ytd.co_p95 IS 'CO: 95th percentile of the city daily 24-h means, mg/m3, 1 decimal (HJ 663 Appendix A)';
COMMENT ON COLUMN mart.air_city_ytd.o3_8h_p90 IS 'O3: 90th percentile of the city daily max 8-h values, ug/m3 (HJ 663 Appendix A)';
COMMENT ON COLUMN mart.air_city_ytd.i_so2 IS 'Single index SO2 = mean / 60 (环办〔2014〕64号), 3 decimals';
COMMENT ON COLUMN mart.air_city_ytd.i_no2 IS 'Single index NO2 = mean / 40, 3 decimals';
COMMENT ON COLUMN mart.air_city_ytd.i_pm10 IS 'Single index PM10 = mean / 70, 3 decimals';
COMMENT ON COLUMN mart.air_city_ytd.i_pm2_5 IS 'Single index PM2.5 = mean / 35, 3 decimals';
COMMENT ON COLUMN mart.air_city_ytd.i_co IS 'Single index CO = P95 / 4, 3 decimals';
COMMENT ON COLUMN mart.air_city_ytd.i_o3_8h IS 'Single index O3 = 8-h P90 / 160, 3 decimals';
COMMENT ON COLUMN mart.air_city_ytd.composite_index IS '环境空气质量综合指数: sum of the six single indices, 2 decimals (环办〔2014〕64号); null when a pollutant has no value in the period';
COMMENT ON COLUMN mart.air_city_ytd.primary_pollutant IS '首要污染物 of the period: the largest single index (ties listed)';
COMMENT ON COLUMN mart.air_city_ytd.composite_rank IS 'Rank by composite_index among the profile''s cities for the same period (1 = cleanest; equal indices share a rank and the next skips)';
COMMENT ON COLUMN mart.air_city_ytd.good_days_rank IS 'Rank by good_days_ratio among the profile''s cities for the same period (1 = highest; ties share)';
COMMENT ON COLUMN mart.air_city_ytd.ranked_cities IS 'Cities ranked for the same period';
COMMENT ON COLUMN mart.air_city_ytd.previous_year_composite_index IS 'composite_index of the same period of the previous year, where that year is loaded';
COMMENT ON COLUMN mart.air_city_ytd.composite_index_change_pct IS '同比变化率: (composite_index - previous year) / previous year x 100, %, 1 decimal (> 0 worse)';
COMMENT ON COLUMN mart.air_city_ytd.previous_year_good_days_ratio IS 'good_days_ratio of the same period of the previous year';
COMMENT ON COLUMN mart.air_city_ytd.good_days_ratio_change IS 'good_days_ratio - previous year, percentage points';
COMMENT ON COLUMN mart.air_city_ytd.area_code IS 'Area (city) code, see mart.dim_area';
COMMENT ON COLUMN mart.air_city_ytd.year IS 'Calendar year';
COMMENT ON COLUMN mart.air_city_ytd.days_with_data IS 'Days with a city daily row';
COMMENT ON COLUMN mart.air_city_ytd.valid_days IS '有效天数: days counted as valid';
COMMENT ON COLUMN mart.air_city_ytd.good_days IS '优良天数: valid days with AQI <= 100';
COMMENT ON COLUMN mart.air_city_ytd.good_days_ratio IS '优良天数比例, %: good days / valid days';
COMMENT ON COLUMN mart.air_city_ytd.excellent_days IS '优 days: AQI <= 50';
COMMENT ON COLUMN mart.air_city_ytd.lightly_polluted_days IS '轻度污染 days: AQI 101-150';
COMMENT ON COLUMN mart.air_city_ytd.moderately_polluted_days IS '中度污染 days: AQI 151-200';
COMMENT ON COLUMN mart.air_city_ytd.heavily_polluted_days IS '重度污染 days: AQI 201-300';
COMMENT ON COLUMN mart.air_city_ytd.severely_polluted_days IS '严重污染 days: AQI > 300';
COMMENT ON COLUMN mart.air_city_ytd.so2_mean IS 'Monthly mean of the valid city daily SO2 values, ug/m3';
COMMENT ON COLUMN mart.air_city_ytd.no2_mean IS 'Monthly mean of the valid city daily NO2 values, ug/m3';
COMMENT ON COLUMN mart.air_city_ytd.co_mean IS 'Monthly mean of the valid city daily CO values, mg/m3';
COMMENT ON COLUMN mart.air_city_ytd.pm10_mean IS 'Monthly mean of the valid city daily PM10 values, ug/m3';
COMMENT ON COLUMN mart.air_city_ytd.pm2_5_mean IS 'Monthly mean of the valid city daily PM2.5 values, ug/m3';
COMMENT ON COLUMN mart.air_city_ytd.o3_8h_mean IS 'Monthly mean of the valid city O3 daily max 8-h, ug/m3';
COMMENT ON COLUMN mart.air_city_ytd.complete_for_annual IS 'Every month from January to N is complete for the annual statistics (GB 3095-2012 Table 4)';
