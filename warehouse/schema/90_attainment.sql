-- ── attainment ────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS mart.target_attainment (
    indicator_id VARCHAR NOT NULL,
    name_zh VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    area_name VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    comparator VARCHAR NOT NULL,
    target DOUBLE,
    target_year INTEGER NOT NULL,
    value DOUBLE,
    status VARCHAR NOT NULL,
    gap_to_target DOUBLE,
    lead_department VARCHAR NOT NULL,
    source_assets VARCHAR NOT NULL,
    note VARCHAR,
    computed_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE mart.target_attainment IS 'Each plan target per area and period: measured value, attained or not, gap, lead department';
COMMENT ON COLUMN mart.target_attainment.period IS 'Calendar year of the value (the target year when there is no data)';
COMMENT ON COLUMN mart.target_attainment.value IS 'Measured value (null when there is no data)';
COMMENT ON COLUMN mart.target_attainment.status IS 'attained, not_attained, insufficient_data (value shown but the period is not assessable), no_data';
COMMENT ON COLUMN mart.target_attainment.gap_to_target IS 'value - target (positive = above the target)';
COMMENT ON COLUMN mart.target_attainment.lead_department IS '牵头单位';
COMMENT ON COLUMN mart.target_attainment.source_assets IS 'Assets the value is computed from';
COMMENT ON COLUMN mart.target_attainment.note IS 'Why the status is what it is';
COMMENT ON COLUMN mart.target_attainment.computed_at IS 'When the row was computed';

-- Comments on the remaining columns.
COMMENT ON COLUMN mart.target_attainment.indicator_id IS 'Indicator id (the profile''s)';
COMMENT ON COLUMN mart.target_attainment.name_zh IS '指标 (Chinese name)';
COMMENT ON COLUMN mart.target_attainment.name_en IS 'English name';
COMMENT ON COLUMN mart.target_attainment.area_code IS 'Area (city) code, see mart.dim_area';
COMMENT ON COLUMN mart.target_attainment.area_name IS 'Area name';
COMMENT ON COLUMN mart.target_attainment.unit IS 'Unit of the value';
COMMENT ON COLUMN mart.target_attainment.comparator IS '>=, <=, = or met';
COMMENT ON COLUMN mart.target_attainment.target IS '目标值';
COMMENT ON COLUMN mart.target_attainment.target_year IS '目标年';
