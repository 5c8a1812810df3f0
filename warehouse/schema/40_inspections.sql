-- The inspection feed: spot checks, routine monitoring, import/export inspection and construction acceptance.

-- ── raw ───────────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS raw.inspections (
    month           DATE        NOT NULL,
    sample_id       VARCHAR     NOT NULL,
    programme       VARCHAR     NOT NULL,
    product         VARCHAR     NOT NULL,
    subject         VARCHAR,
    enterprise      VARCHAR     NOT NULL,
    county          VARCHAR     NOT NULL,
    sampling_date   VARCHAR     NOT NULL,
    result          VARCHAR     NOT NULL,
    failed_items    VARCHAR,
    inspecting_body VARCHAR     NOT NULL,
    source_file     VARCHAR     NOT NULL,
    source_row      INTEGER     NOT NULL,
    loaded_at       TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE raw.inspections IS 'Inspection and acceptance results as received (inspections_YYYYMM.csv): one row per batch, sample or unit project; values kept as text';
COMMENT ON COLUMN raw.inspections.month IS '报告月份: first day of the month in the file name';
COMMENT ON COLUMN raw.inspections.sample_id IS '样品编号 / 批次编号';
COMMENT ON COLUMN raw.inspections.programme IS '项目类别 as written (重点工业产品监督抽查, 食用农产品例行监测, 进出口商品检验, 工程竣工验收 ...)';
COMMENT ON COLUMN raw.inspections.product IS '产品或工程类别';
COMMENT ON COLUMN raw.inspections.subject IS '样品或工程名称';
COMMENT ON COLUMN raw.inspections.enterprise IS '受检单位 (or the builder of a project)';
COMMENT ON COLUMN raw.inspections.county IS '县区 as written (code or name)';
COMMENT ON COLUMN raw.inspections.sampling_date IS '抽样日期 / 验收日期 as written';
COMMENT ON COLUMN raw.inspections.result IS '检验结果 / 验收结论 as written';
COMMENT ON COLUMN raw.inspections.failed_items IS '不合格项目 as written';
COMMENT ON COLUMN raw.inspections.inspecting_body IS '检验机构';
COMMENT ON COLUMN raw.inspections.source_file IS 'File the row came from';
COMMENT ON COLUMN raw.inspections.source_row IS 'Line of the file, header = 1';
COMMENT ON COLUMN raw.inspections.loaded_at IS 'When the pipeline loaded the file';

-- ── staging ───────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS staging.inspections (
    month             DATE    NOT NULL,
    sample_id         VARCHAR NOT NULL,
    programme         VARCHAR NOT NULL,
    indicator_id      VARCHAR NOT NULL,
    product           VARCHAR NOT NULL,
    subject           VARCHAR,
    enterprise        VARCHAR NOT NULL,
    city_code         VARCHAR NOT NULL,
    county_code       VARCHAR,
    sampling_date     DATE    NOT NULL,
    result_text       VARCHAR NOT NULL,
    passed            BOOLEAN NOT NULL,
    failed_items      VARCHAR,
    failed_item_count INTEGER NOT NULL,
    inspecting_body   VARCHAR NOT NULL,
    source_file       VARCHAR NOT NULL,
    source_row        INTEGER NOT NULL
);
COMMENT ON TABLE staging.inspections IS 'Inspection and acceptance results, typed, validated by the gx_inspections expectation suite';
COMMENT ON COLUMN staging.inspections.month IS '报告月份 (first day): the reporting period of the result';
COMMENT ON COLUMN staging.inspections.sample_id IS '样品编号 / 批次编号';
COMMENT ON COLUMN staging.inspections.programme IS 'Programme id: industrial_product (重点工业产品监督抽查), agri_food (食用农产品例行监测), import_export (进出口商品检验), construction (工程竣工验收)';
COMMENT ON COLUMN staging.inspections.indicator_id IS 'Plan indicator the programme measures';
COMMENT ON COLUMN staging.inspections.product IS '产品或工程类别';
COMMENT ON COLUMN staging.inspections.subject IS '样品或工程名称';
COMMENT ON COLUMN staging.inspections.enterprise IS '受检单位';
COMMENT ON COLUMN staging.inspections.city_code IS 'City area code the row rolls up to';
COMMENT ON COLUMN staging.inspections.county_code IS 'County area code (null when the file names only the city)';
COMMENT ON COLUMN staging.inspections.sampling_date IS '抽样日期 / 验收日期';
COMMENT ON COLUMN staging.inspections.result_text IS '检验结果 as written';
COMMENT ON COLUMN staging.inspections.passed IS '合格 (true) or 不合格 (false); for 工程竣工验收 the first acceptance';
COMMENT ON COLUMN staging.inspections.failed_items IS '不合格项目, separated by 、 (null when none)';
COMMENT ON COLUMN staging.inspections.failed_item_count IS 'Number of failed items named';
COMMENT ON COLUMN staging.inspections.inspecting_body IS '检验机构';
COMMENT ON COLUMN staging.inspections.source_file IS 'File the row came from';
COMMENT ON COLUMN staging.inspections.source_row IS 'Line of the file';

-- ── marts ─────────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS mart.inspection_pass_rate (
    indicator_id     VARCHAR NOT NULL,
    programme        VARCHAR NOT NULL,
    area_code        VARCHAR NOT NULL,
    level            VARCHAR NOT NULL,
    period_type      VARCHAR NOT NULL,
    period           VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    month_start      DATE    NOT NULL,
    total            INTEGER NOT NULL,
    passed           INTEGER NOT NULL,
    failed           INTEGER NOT NULL,
    pass_rate        DOUBLE,
    counting_unit    VARCHAR NOT NULL,
    months_with_data INTEGER NOT NULL,
    assessable       BOOLEAN NOT NULL
);
COMMENT ON TABLE mart.inspection_pass_rate IS '合格率 per programme, city and county, month and year: passed / total x 100 of the programme''s counting unit';
COMMENT ON COLUMN mart.inspection_pass_rate.indicator_id IS 'Plan indicator';
COMMENT ON COLUMN mart.inspection_pass_rate.programme IS 'Programme id (staging.inspections.programme)';
COMMENT ON COLUMN mart.inspection_pass_rate.area_code IS 'City or county area code';
COMMENT ON COLUMN mart.inspection_pass_rate.level IS 'city (every row of the city) or county';
COMMENT ON COLUMN mart.inspection_pass_rate.period_type IS 'month or year';
COMMENT ON COLUMN mart.inspection_pass_rate.period IS 'YYYY-MM or YYYY';
COMMENT ON COLUMN mart.inspection_pass_rate.year IS 'Calendar year of the period';
COMMENT ON COLUMN mart.inspection_pass_rate.month_start IS 'First day of the period';
COMMENT ON COLUMN mart.inspection_pass_rate.total IS '检验批次/样品/单位工程 总数 (denominator)';
COMMENT ON COLUMN mart.inspection_pass_rate.passed IS '合格数 (numerator)';
COMMENT ON COLUMN mart.inspection_pass_rate.failed IS '不合格数';
COMMENT ON COLUMN mart.inspection_pass_rate.pass_rate IS '合格率, % (0.1), GB/T 8170 rounding';
COMMENT ON COLUMN mart.inspection_pass_rate.counting_unit IS 'What one row counts: batches (批次), samples (样品) or unit projects (单位工程)';
COMMENT ON COLUMN mart.inspection_pass_rate.months_with_data IS 'Months of the period for which the feed delivered a file with results';
COMMENT ON COLUMN mart.inspection_pass_rate.assessable IS 'The period is complete: a month always; a year when all 12 monthly files were delivered';

CREATE TABLE IF NOT EXISTS mart.inspection_failed_items (
    programme       VARCHAR NOT NULL,
    indicator_id    VARCHAR NOT NULL,
    product         VARCHAR NOT NULL,
    period_type     VARCHAR NOT NULL,
    period          VARCHAR NOT NULL,
    year            INTEGER NOT NULL,
    month_start     DATE    NOT NULL,
    failed_item     VARCHAR NOT NULL,
    occurrences     INTEGER NOT NULL,
    failed_of_product INTEGER NOT NULL,
    checked_of_product INTEGER NOT NULL,
    rank            INTEGER NOT NULL
);
COMMENT ON TABLE mart.inspection_failed_items IS 'Most frequent failed items (不合格项目) per programme and product, month and year, city-wide';
COMMENT ON COLUMN mart.inspection_failed_items.programme IS 'Programme id';
COMMENT ON COLUMN mart.inspection_failed_items.indicator_id IS 'Plan indicator';
COMMENT ON COLUMN mart.inspection_failed_items.product IS '产品或工程类别';
COMMENT ON COLUMN mart.inspection_failed_items.period_type IS 'month or year';
COMMENT ON COLUMN mart.inspection_failed_items.period IS 'YYYY-MM or YYYY';
COMMENT ON COLUMN mart.inspection_failed_items.year IS 'Calendar year of the period';
COMMENT ON COLUMN mart.inspection_failed_items.month_start IS 'First day of the period';
COMMENT ON COLUMN mart.inspection_failed_items.failed_item IS '不合格项目 (未注明 when a failed row names none)';
COMMENT ON COLUMN mart.inspection_failed_items.occurrences IS 'Failed batches or samples of the product naming this item';
COMMENT ON COLUMN mart.inspection_failed_items.failed_of_product IS 'Failed batches or samples of the product in the period';
COMMENT ON COLUMN mart.inspection_failed_items.checked_of_product IS 'Batches or samples of the product checked in the period';
COMMENT ON COLUMN mart.inspection_failed_items.rank IS '1 = most frequent item of the product in the period (ties share a rank)';
