-- The departmental reports: indicators no monitoring feed carries, reported by the lead departments.

-- ── raw ───────────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS raw.reports (
    year                 INTEGER     NOT NULL,
    indicator_id         VARCHAR     NOT NULL,
    period               VARCHAR     NOT NULL,
    area                 VARCHAR     NOT NULL,
    pollutant            VARCHAR,
    numerator            VARCHAR,
    denominator          VARCHAR,
    value                VARCHAR,
    allocated            VARCHAR,
    achieved             VARCHAR,
    reporting_department VARCHAR     NOT NULL,
    report_date          VARCHAR     NOT NULL,
    note                 VARCHAR,
    source_file          VARCHAR     NOT NULL,
    source_row           INTEGER     NOT NULL,
    loaded_at            TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE raw.reports IS 'Departmental reports as received (reports_YYYY.csv/.xlsx): one row per indicator x area (x pollutant); values kept as text';
COMMENT ON COLUMN raw.reports.year IS 'Report period: the year in the file name';
COMMENT ON COLUMN raw.reports.indicator_id IS '指标代码 (an indicator id of the profile)';
COMMENT ON COLUMN raw.reports.period IS '期间 as written';
COMMENT ON COLUMN raw.reports.area IS '地区 as written (code or name)';
COMMENT ON COLUMN raw.reports.pollutant IS '污染物 as written (major_pollutant_reduction rows)';
COMMENT ON COLUMN raw.reports.numerator IS '分子 as written';
COMMENT ON COLUMN raw.reports.denominator IS '分母 as written';
COMMENT ON COLUMN raw.reports.value IS '数值 as written';
COMMENT ON COLUMN raw.reports.allocated IS '分解目标 as written (allocated reduction)';
COMMENT ON COLUMN raw.reports.achieved IS '实际完成 as written (achieved reduction)';
COMMENT ON COLUMN raw.reports.reporting_department IS '填报单位';
COMMENT ON COLUMN raw.reports.report_date IS '填报日期 as written';
COMMENT ON COLUMN raw.reports.note IS '备注';
COMMENT ON COLUMN raw.reports.source_file IS 'File the row came from';
COMMENT ON COLUMN raw.reports.source_row IS 'Line (CSV) or sheet row (XLSX), header = 1';
COMMENT ON COLUMN raw.reports.loaded_at IS 'When the pipeline loaded the file';

-- ── staging ───────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS staging.reports (
    year                 INTEGER NOT NULL,
    indicator_id         VARCHAR NOT NULL,
    area_code            VARCHAR NOT NULL,
    level                VARCHAR NOT NULL,
    city_code            VARCHAR NOT NULL,
    county_code          VARCHAR,
    pollutant            VARCHAR,
    numerator            DOUBLE,
    denominator          DOUBLE,
    value_reported       DOUBLE,
    value                DOUBLE,
    allocated            DOUBLE,
    achieved             DOUBLE,
    reporting_department VARCHAR NOT NULL,
    report_date          DATE    NOT NULL,
    note                 VARCHAR,
    source_file          VARCHAR NOT NULL,
    source_row           INTEGER NOT NULL
);
COMMENT ON TABLE staging.reports IS 'Departmental reports, typed, validated by the gx_reports expectation suite';
COMMENT ON COLUMN staging.reports.year IS 'Report period (calendar year)';
COMMENT ON COLUMN staging.reports.indicator_id IS 'Plan indicator';
COMMENT ON COLUMN staging.reports.area_code IS 'Area code of the row (city or county)';
COMMENT ON COLUMN staging.reports.level IS 'city or county';
COMMENT ON COLUMN staging.reports.city_code IS 'City the area belongs to';
COMMENT ON COLUMN staging.reports.county_code IS 'County area code (null for a city row)';
COMMENT ON COLUMN staging.reports.pollutant IS '污染物: COD, NH3-N, SO2 or NOx (major_pollutant_reduction rows)';
COMMENT ON COLUMN staging.reports.numerator IS '分子';
COMMENT ON COLUMN staging.reports.denominator IS '分母';
COMMENT ON COLUMN staging.reports.value_reported IS '数值 as the department wrote it (null when it gave only numerator and denominator)';
COMMENT ON COLUMN staging.reports.value IS 'The figure that counts: the reported value, else numerator / denominator x 100 (0.1, GB/T 8170)';
COMMENT ON COLUMN staging.reports.allocated IS '分解目标: allocated reduction';
COMMENT ON COLUMN staging.reports.achieved IS '实际完成: achieved reduction, same unit';
COMMENT ON COLUMN staging.reports.reporting_department IS '填报单位';
COMMENT ON COLUMN staging.reports.report_date IS '填报日期';
COMMENT ON COLUMN staging.reports.note IS '备注';
COMMENT ON COLUMN staging.reports.source_file IS 'File the row came from';
COMMENT ON COLUMN staging.reports.source_row IS 'Row of the file';

-- ── marts ─────────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS mart.reported_indicator (
    indicator_id         VARCHAR NOT NULL,
    area_code            VARCHAR NOT NULL,
    level                VARCHAR NOT NULL,
    period               VARCHAR NOT NULL,
    year                 INTEGER NOT NULL,
    value                DOUBLE  NOT NULL,
    numerator            DOUBLE,
    denominator          DOUBLE,
    value_reported       DOUBLE,
    reporting_department VARCHAR NOT NULL,
    report_date          DATE    NOT NULL,
    note                 VARCHAR,
    source_file          VARCHAR NOT NULL,
    source_row           INTEGER NOT NULL
);
COMMENT ON TABLE mart.reported_indicator IS 'Indicator values as the lead departments report them, per area and year (a computed value of the same indicator, area and year wins in the attainment table)';
COMMENT ON COLUMN mart.reported_indicator.indicator_id IS 'Plan indicator';
COMMENT ON COLUMN mart.reported_indicator.area_code IS 'City or county area code';
COMMENT ON COLUMN mart.reported_indicator.level IS 'city or county';
COMMENT ON COLUMN mart.reported_indicator.period IS 'Report period (YYYY)';
COMMENT ON COLUMN mart.reported_indicator.year IS 'Calendar year of the period';
COMMENT ON COLUMN mart.reported_indicator.value IS 'The reported figure (value, else numerator / denominator x 100)';
COMMENT ON COLUMN mart.reported_indicator.numerator IS '分子';
COMMENT ON COLUMN mart.reported_indicator.denominator IS '分母';
COMMENT ON COLUMN mart.reported_indicator.value_reported IS '数值 as written';
COMMENT ON COLUMN mart.reported_indicator.reporting_department IS '填报单位';
COMMENT ON COLUMN mart.reported_indicator.report_date IS '填报日期';
COMMENT ON COLUMN mart.reported_indicator.note IS '备注';
COMMENT ON COLUMN mart.reported_indicator.source_file IS 'Report file';
COMMENT ON COLUMN mart.reported_indicator.source_row IS 'Row of the report file';

CREATE TABLE IF NOT EXISTS mart.pollutant_reduction (
    area_code            VARCHAR NOT NULL,
    level                VARCHAR NOT NULL,
    period               VARCHAR NOT NULL,
    year                 INTEGER NOT NULL,
    pollutant            VARCHAR NOT NULL,
    allocated            DOUBLE  NOT NULL,
    achieved             DOUBLE  NOT NULL,
    met                  BOOLEAN NOT NULL,
    reporting_department VARCHAR NOT NULL,
    report_date          DATE    NOT NULL,
    note                 VARCHAR
);
COMMENT ON TABLE mart.pollutant_reduction IS '主要污染物减排: allocated (国家统一分解目标) and achieved reductions per pollutant, area and year';
COMMENT ON COLUMN mart.pollutant_reduction.area_code IS 'City or county area code';
COMMENT ON COLUMN mart.pollutant_reduction.level IS 'city or county';
COMMENT ON COLUMN mart.pollutant_reduction.period IS 'Report period (YYYY)';
COMMENT ON COLUMN mart.pollutant_reduction.year IS 'Calendar year of the period';
COMMENT ON COLUMN mart.pollutant_reduction.pollutant IS 'COD, NH3-N, SO2 or NOx';
COMMENT ON COLUMN mart.pollutant_reduction.allocated IS '分解目标: allocated reduction';
COMMENT ON COLUMN mart.pollutant_reduction.achieved IS '实际完成: achieved reduction, same unit';
COMMENT ON COLUMN mart.pollutant_reduction.met IS 'achieved >= allocated';
COMMENT ON COLUMN mart.pollutant_reduction.reporting_department IS '填报单位';
COMMENT ON COLUMN mart.pollutant_reduction.report_date IS '填报日期';
COMMENT ON COLUMN mart.pollutant_reduction.note IS '备注';
