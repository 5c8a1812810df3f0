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

-- Reconciliation with the departments' reports and "are we on track?" (added after the first release:
-- ADD COLUMN IF NOT EXISTS upgrades an existing warehouse in place).
ALTER TABLE mart.target_attainment ADD COLUMN IF NOT EXISTS value_origin VARCHAR;
ALTER TABLE mart.target_attainment ADD COLUMN IF NOT EXISTS reported_value DOUBLE;
ALTER TABLE mart.target_attainment ADD COLUMN IF NOT EXISTS reported_difference DOUBLE;
ALTER TABLE mart.target_attainment ADD COLUMN IF NOT EXISTS previous_period VARCHAR;
ALTER TABLE mart.target_attainment ADD COLUMN IF NOT EXISTS previous_value DOUBLE;
ALTER TABLE mart.target_attainment ADD COLUMN IF NOT EXISTS change_from_previous DOUBLE;
ALTER TABLE mart.target_attainment ADD COLUMN IF NOT EXISTS years_to_target INTEGER;
ALTER TABLE mart.target_attainment ADD COLUMN IF NOT EXISTS on_track BOOLEAN;
COMMENT ON COLUMN mart.target_attainment.value_origin IS 'computed (from a monitoring or statistics feed), reported (a department''s report, no computed value) or null (no data)';
COMMENT ON COLUMN mart.target_attainment.reported_value IS 'The lead department''s reported figure for the same indicator, area and period (kept when a computed value wins)';
COMMENT ON COLUMN mart.target_attainment.reported_difference IS 'value - reported_value when a computed value wins over a reported one (the reconciliation the department can act on)';
COMMENT ON COLUMN mart.target_attainment.previous_period IS 'The previous period with a value for the same indicator and area';
COMMENT ON COLUMN mart.target_attainment.previous_value IS 'Value of previous_period';
COMMENT ON COLUMN mart.target_attainment.change_from_previous IS 'value - previous_value';
COMMENT ON COLUMN mart.target_attainment.years_to_target IS 'target_year - period: years still to the target year (0 in the target year, negative after it)';
COMMENT ON COLUMN mart.target_attainment.on_track IS 'Attained; or, not yet attained, the change per year since previous_period carried on to the target year reaches the target (linear); false when the target year has come without attainment; null when it cannot be told';

-- Where the area stands among the profile's cities (the assessed city and its peers), for indicators that are ranked.
ALTER TABLE mart.target_attainment ADD COLUMN IF NOT EXISTS rank INTEGER;
ALTER TABLE mart.target_attainment ADD COLUMN IF NOT EXISTS ranked_cities INTEGER;
ALTER TABLE mart.target_attainment ADD COLUMN IF NOT EXISTS composite_index DOUBLE;
COMMENT ON COLUMN mart.target_attainment.rank IS 'Rank of the area among the profile''s cities for the same period (good_air_days_ratio: by 优良天数比例, ties share a rank); null where the indicator is not ranked';
COMMENT ON COLUMN mart.target_attainment.ranked_cities IS 'Cities ranked for the same period';
COMMENT ON COLUMN mart.target_attainment.composite_index IS 'good_air_days_ratio: the city''s composite index (综合指数, 环办〔2014〕64号) of the same period';
ALTER TABLE mart.target_attainment ADD COLUMN IF NOT EXISTS data_until DATE;
COMMENT ON COLUMN mart.target_attainment.data_until IS 'Last day the value''s data cover (air: the last day loaded; annual statistics: the year''s end; a department''s report: the day it was reported); null when there is no data';
