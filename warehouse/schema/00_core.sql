-- Warehouse schema: raw (as received) → staging (typed, validated) → mart (indicators, read by BI).
-- Files in warehouse/schema/ run in name order on every connection; each is idempotent. Derived tables are replaced by window, never appended blindly.

CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS mart;

-- ── reference (from the profile) ──────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS mart.dim_area (
    area_code VARCHAR PRIMARY KEY,
    area_name VARCHAR NOT NULL,
    area_name_en VARCHAR,
    level VARCHAR NOT NULL,
    parent_code VARCHAR
);
COMMENT ON TABLE mart.dim_area IS 'Areas of the profile: cities and their counties/districts (行政区划)';
COMMENT ON COLUMN mart.dim_area.area_code IS 'Area code (GB/T 2260 where known)';
COMMENT ON COLUMN mart.dim_area.area_name IS '名称';
COMMENT ON COLUMN mart.dim_area.level IS 'city or county';
COMMENT ON COLUMN mart.dim_area.parent_code IS 'City of a county';
ALTER TABLE mart.dim_area ADD COLUMN IF NOT EXISTS peer BOOLEAN;
COMMENT ON COLUMN mart.dim_area.peer IS 'A peer city: computed and ranked beside the assessed city, given no plan targets';

CREATE TABLE IF NOT EXISTS mart.dim_air_station (
    station_code VARCHAR PRIMARY KEY,
    station_name VARCHAR,
    area_code VARCHAR NOT NULL,
    county_code VARCHAR,
    lon DOUBLE,
    lat DOUBLE,
    assessment BOOLEAN NOT NULL
);
COMMENT ON TABLE mart.dim_air_station IS 'National air monitoring stations of the profile (国控监测点)';
COMMENT ON COLUMN mart.dim_air_station.station_code IS '监测点编码';
COMMENT ON COLUMN mart.dim_air_station.station_name IS '监测点名称';
COMMENT ON COLUMN mart.dim_air_station.area_code IS 'City the station belongs to';
COMMENT ON COLUMN mart.dim_air_station.county_code IS 'County/district, where known';
COMMENT ON COLUMN mart.dim_air_station.assessment IS 'Counts for the city assessment (评价点); false for a background site (对照点)';

CREATE TABLE IF NOT EXISTS mart.dim_indicator (
    indicator_id VARCHAR PRIMARY KEY,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    comparator VARCHAR NOT NULL,
    target DOUBLE,
    target_year INTEGER NOT NULL,
    lead_department VARCHAR NOT NULL,
    shared_with VARCHAR,
    source VARCHAR NOT NULL
);
COMMENT ON TABLE mart.dim_indicator IS 'The plan''s quantitative targets (质量强市 实施意见 一(四)) from the profile';
COMMENT ON COLUMN mart.dim_indicator.name_zh IS '指标';
COMMENT ON COLUMN mart.dim_indicator.comparator IS '>=, <=, = or met (all allocated reductions met)';
COMMENT ON COLUMN mart.dim_indicator.target IS '目标值';
COMMENT ON COLUMN mart.dim_indicator.target_year IS '目标年';
COMMENT ON COLUMN mart.dim_indicator.lead_department IS '牵头单位';
COMMENT ON COLUMN mart.dim_indicator.shared_with IS '责任单位 sharing the duty, comma-separated';
COMMENT ON COLUMN mart.dim_indicator.source IS 'Feed that computes the indicator';


-- Comments on the remaining columns.
COMMENT ON COLUMN mart.dim_air_station.lon IS '经度 longitude';
COMMENT ON COLUMN mart.dim_air_station.lat IS '纬度 latitude';
COMMENT ON COLUMN mart.dim_area.area_name_en IS 'English name';
COMMENT ON COLUMN mart.dim_indicator.indicator_id IS 'Indicator id (the profile''s)';
COMMENT ON COLUMN mart.dim_indicator.name_en IS 'English name';
COMMENT ON COLUMN mart.dim_indicator.unit IS 'Unit of the value';

-- ── what the feeds rejected (written by each feed's raw asset; read by BI through the snapshot) ─────────
CREATE TABLE IF NOT EXISTS mart.feed_rejections (
    feed VARCHAR NOT NULL,
    partition_date DATE NOT NULL,
    source_file VARCHAR,
    source_row INTEGER,
    file_rejected BOOLEAN NOT NULL,
    reason VARCHAR NOT NULL,
    run_id VARCHAR,
    recorded_at TIMESTAMPTZ NOT NULL
);
ALTER TABLE mart.feed_rejections ADD COLUMN IF NOT EXISTS run_id VARCHAR;
COMMENT ON TABLE mart.feed_rejections IS 'Files and rows a feed rejected at its last load of each partition (empty for a clean load): what an operator must fix';
COMMENT ON COLUMN mart.feed_rejections.feed IS 'Feed name (air, ...)';
COMMENT ON COLUMN mart.feed_rejections.partition_date IS 'Partition the rejection belongs to (its first day: a month or year starts on the 1st)';
COMMENT ON COLUMN mart.feed_rejections.source_file IS 'File name, when known (the reason names it too)';
COMMENT ON COLUMN mart.feed_rejections.source_row IS 'Line of the rejected row (header = 1); null when the whole file was rejected';
COMMENT ON COLUMN mart.feed_rejections.file_rejected IS 'True when the whole file was rejected and the warehouse kept its previous data for the partition';
COMMENT ON COLUMN mart.feed_rejections.reason IS 'The error, naming file, row and column';
COMMENT ON COLUMN mart.feed_rejections.recorded_at IS 'When the load that rejected it ran';
COMMENT ON COLUMN mart.feed_rejections.run_id IS 'Dagster run that recorded it';
