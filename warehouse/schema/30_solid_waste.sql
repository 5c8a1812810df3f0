-- The solid-waste feed: annual enterprise statistics of general industrial solid waste (一般工业固体废物).

-- ── raw ───────────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS raw.solid_waste (
    year                  INTEGER     NOT NULL,
    enterprise_code       VARCHAR     NOT NULL,
    enterprise_name       VARCHAR     NOT NULL,
    county                VARCHAR     NOT NULL,
    industry              VARCHAR     NOT NULL,
    waste_type            VARCHAR     NOT NULL,
    generated             VARCHAR     NOT NULL,
    utilised              VARCHAR     NOT NULL,
    utilised_from_storage VARCHAR     NOT NULL,
    disposed              VARCHAR     NOT NULL,
    disposed_from_storage VARCHAR,
    stored                VARCHAR     NOT NULL,
    dumped                VARCHAR     NOT NULL,
    source_file           VARCHAR     NOT NULL,
    source_row            INTEGER     NOT NULL,
    loaded_at             TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE raw.solid_waste IS '一般工业固体废物 annual enterprise statistics as received (solid_waste_YYYY.csv/.xlsx): one row per enterprise and waste type; values kept as text';
COMMENT ON COLUMN raw.solid_waste.year IS '统计年份: the year in the file name';
COMMENT ON COLUMN raw.solid_waste.enterprise_code IS '企业代码 (统一社会信用代码)';
COMMENT ON COLUMN raw.solid_waste.enterprise_name IS '企业名称';
COMMENT ON COLUMN raw.solid_waste.county IS '县区 as written in the file (code or name)';
COMMENT ON COLUMN raw.solid_waste.industry IS '行业';
COMMENT ON COLUMN raw.solid_waste.waste_type IS '固体废物种类';
COMMENT ON COLUMN raw.solid_waste.generated IS '产生量, t, as written';
COMMENT ON COLUMN raw.solid_waste.utilised IS '综合利用量, t, as written';
COMMENT ON COLUMN raw.solid_waste.utilised_from_storage IS '其中: 综合利用往年贮存量, t, as written';
COMMENT ON COLUMN raw.solid_waste.disposed IS '处置量, t, as written';
COMMENT ON COLUMN raw.solid_waste.disposed_from_storage IS '其中: 处置往年贮存量, t, as written (optional column)';
COMMENT ON COLUMN raw.solid_waste.stored IS '贮存量, t, as written';
COMMENT ON COLUMN raw.solid_waste.dumped IS '倾倒丢弃量, t, as written';
COMMENT ON COLUMN raw.solid_waste.source_file IS 'File the row came from';
COMMENT ON COLUMN raw.solid_waste.source_row IS 'Line (CSV) or sheet row (XLSX) of the file, header = 1';
COMMENT ON COLUMN raw.solid_waste.loaded_at IS 'When the pipeline loaded the file';

-- ── staging ───────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS staging.solid_waste (
    year                  INTEGER NOT NULL,
    enterprise_code       VARCHAR NOT NULL,
    enterprise_name       VARCHAR NOT NULL,
    city_code             VARCHAR NOT NULL,
    county_code           VARCHAR,
    industry              VARCHAR NOT NULL,
    waste_type            VARCHAR NOT NULL,
    generated             DOUBLE  NOT NULL,
    utilised              DOUBLE  NOT NULL,
    utilised_from_storage DOUBLE  NOT NULL,
    disposed              DOUBLE  NOT NULL,
    disposed_from_storage DOUBLE,
    stored                DOUBLE  NOT NULL,
    dumped                DOUBLE  NOT NULL,
    source_file           VARCHAR NOT NULL,
    source_row            INTEGER NOT NULL
);
COMMENT ON TABLE staging.solid_waste IS '一般工业固体废物 statistics, typed, validated by the gx_solid_waste expectation suite';
COMMENT ON COLUMN staging.solid_waste.year IS '统计年份';
COMMENT ON COLUMN staging.solid_waste.enterprise_code IS '企业代码';
COMMENT ON COLUMN staging.solid_waste.enterprise_name IS '企业名称';
COMMENT ON COLUMN staging.solid_waste.city_code IS '所属城市: the city area code the enterprise rolls up to';
COMMENT ON COLUMN staging.solid_waste.county_code IS '所属县区: county area code (null when the file names only the city)';
COMMENT ON COLUMN staging.solid_waste.industry IS '行业';
COMMENT ON COLUMN staging.solid_waste.waste_type IS '固体废物种类';
COMMENT ON COLUMN staging.solid_waste.generated IS '产生量, t';
COMMENT ON COLUMN staging.solid_waste.utilised IS '综合利用量, t (includes the utilised_from_storage part)';
COMMENT ON COLUMN staging.solid_waste.utilised_from_storage IS '其中: 综合利用往年贮存量, t';
COMMENT ON COLUMN staging.solid_waste.disposed IS '处置量, t (includes the disposed_from_storage part)';
COMMENT ON COLUMN staging.solid_waste.disposed_from_storage IS '其中: 处置往年贮存量, t (null when the file has no such column)';
COMMENT ON COLUMN staging.solid_waste.stored IS '贮存量, t';
COMMENT ON COLUMN staging.solid_waste.dumped IS '倾倒丢弃量, t';
COMMENT ON COLUMN staging.solid_waste.source_file IS 'File the row came from';
COMMENT ON COLUMN staging.solid_waste.source_row IS 'Row of the file the values came from';

-- ── marts ─────────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS mart.solid_waste_area_year (
    area_code             VARCHAR NOT NULL,
    level                 VARCHAR NOT NULL,
    year                  INTEGER NOT NULL,
    enterprises           INTEGER NOT NULL,
    generated             DOUBLE  NOT NULL,
    utilised              DOUBLE  NOT NULL,
    utilised_from_storage DOUBLE  NOT NULL,
    disposed              DOUBLE  NOT NULL,
    stored                DOUBLE  NOT NULL,
    dumped                DOUBLE  NOT NULL,
    utilisation_rate      DOUBLE,
    enterprises_out_of_balance INTEGER NOT NULL
);
COMMENT ON TABLE mart.solid_waste_area_year IS '一般工业固体废物综合利用率 per city and county and year: totals of the enterprise statistics and the rate';
COMMENT ON COLUMN mart.solid_waste_area_year.area_code IS 'City or county area code';
COMMENT ON COLUMN mart.solid_waste_area_year.level IS 'city (every enterprise of the city) or county';
COMMENT ON COLUMN mart.solid_waste_area_year.year IS '统计年份';
COMMENT ON COLUMN mart.solid_waste_area_year.enterprises IS 'Enterprises reporting (distinct 企业代码)';
COMMENT ON COLUMN mart.solid_waste_area_year.generated IS '产生量合计, t';
COMMENT ON COLUMN mart.solid_waste_area_year.utilised IS '综合利用量合计, t';
COMMENT ON COLUMN mart.solid_waste_area_year.utilised_from_storage IS '综合利用往年贮存量合计, t';
COMMENT ON COLUMN mart.solid_waste_area_year.disposed IS '处置量合计, t';
COMMENT ON COLUMN mart.solid_waste_area_year.stored IS '贮存量合计, t';
COMMENT ON COLUMN mart.solid_waste_area_year.dumped IS '倾倒丢弃量合计, t';
COMMENT ON COLUMN mart.solid_waste_area_year.utilisation_rate IS '一般工业固体废物综合利用率, % (0.01): 综合利用量 / (产生量 + 综合利用往年贮存量) x 100 (环境统计报表制度 indicator explanation), GB/T 8170 rounding';
COMMENT ON COLUMN mart.solid_waste_area_year.enterprises_out_of_balance IS 'Enterprises with a waste stream outside the mass-balance tolerance (mart.solid_waste_balance)';

CREATE TABLE IF NOT EXISTS mart.solid_waste_balance (
    year                  INTEGER NOT NULL,
    enterprise_code       VARCHAR NOT NULL,
    enterprise_name       VARCHAR NOT NULL,
    city_code             VARCHAR NOT NULL,
    county_code           VARCHAR,
    waste_type            VARCHAR NOT NULL,
    generated             DOUBLE  NOT NULL,
    accounted             DOUBLE  NOT NULL,
    residual              DOUBLE  NOT NULL,
    tolerance             DOUBLE  NOT NULL,
    in_balance            BOOLEAN NOT NULL,
    source_file           VARCHAR NOT NULL,
    source_row            INTEGER NOT NULL
);
COMMENT ON TABLE mart.solid_waste_balance IS 'Mass balance of each enterprise waste stream: 产生量 = (综合利用量 - 综合利用往年贮存量) + (处置量 - 处置往年贮存量) + 贮存量 + 倾倒丢弃量, within a tolerance';
COMMENT ON COLUMN mart.solid_waste_balance.year IS '统计年份';
COMMENT ON COLUMN mart.solid_waste_balance.enterprise_code IS '企业代码';
COMMENT ON COLUMN mart.solid_waste_balance.enterprise_name IS '企业名称';
COMMENT ON COLUMN mart.solid_waste_balance.city_code IS 'City area code';
COMMENT ON COLUMN mart.solid_waste_balance.county_code IS 'County area code (null when not known)';
COMMENT ON COLUMN mart.solid_waste_balance.waste_type IS '固体废物种类';
COMMENT ON COLUMN mart.solid_waste_balance.generated IS '产生量, t';
COMMENT ON COLUMN mart.solid_waste_balance.accounted IS 'This year''s waste accounted for: (综合利用量 - 综合利用往年贮存量) + (处置量 - 处置往年贮存量) + 贮存量 + 倾倒丢弃量, t';
COMMENT ON COLUMN mart.solid_waste_balance.residual IS 'generated - accounted, t (positive = waste unaccounted for)';
COMMENT ON COLUMN mart.solid_waste_balance.tolerance IS 'Allowed |residual|: 1 % of (产生量 + tonnage drawn from storage), at least 1 t';
COMMENT ON COLUMN mart.solid_waste_balance.in_balance IS '|residual| <= tolerance';
COMMENT ON COLUMN mart.solid_waste_balance.source_file IS 'File the row came from';
COMMENT ON COLUMN mart.solid_waste_balance.source_row IS 'Row of the file';
