-- The water feeds (GB 3838-2002 surface water): automatic stations (daily) and manual monthly monitoring.
-- Classes are SMALLINT 1-6 (6 = 劣V) with a label as the platform prints it (Ⅰ…Ⅴ, 劣Ⅴ).

-- ── raw ───────────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS raw.water_auto (
    file_date DATE NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row INTEGER NOT NULL,
    saved_at TIMESTAMP,
    province VARCHAR,
    basin VARCHAR,
    city VARCHAR,
    river VARCHAR,
    section_name VARCHAR NOT NULL,
    monitored_at VARCHAR NOT NULL,
    published_class VARCHAR,
    station_status VARCHAR,
    water_temp VARCHAR,
    ph VARCHAR,
    dissolved_oxygen VARCHAR,
    conductivity VARCHAR,
    turbidity VARCHAR,
    codmn VARCHAR,
    nh3_n VARCHAR,
    tp VARCHAR,
    tn VARCHAR,
    chlorophyll_a VARCHAR,
    algal_density VARCHAR,
    water_temp_original VARCHAR,
    ph_original VARCHAR,
    dissolved_oxygen_original VARCHAR,
    conductivity_original VARCHAR,
    turbidity_original VARCHAR,
    codmn_original VARCHAR,
    nh3_n_original VARCHAR,
    tp_original VARCHAR,
    tn_original VARCHAR,
    chlorophyll_a_original VARCHAR,
    algal_density_original VARCHAR,
    loaded_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE raw.water_auto IS 'Automatic-station feed (国家地表水水质自动监测实时数据) as received: the day''s export (water_auto_YYYYMMDD.csv/.xlsx) or every save of the platform''s page that day (water_auto_YYYYMMDDTHHMMSS.html[.gz]); one row per file row, every section of the file, every version of a revised reading, values as text (-- missing, * not measured, 0.01L below the detection limit)';
COMMENT ON COLUMN raw.water_auto.saved_at IS 'Local time the page was saved (from the file name); null for an export or a page served for the day';
COMMENT ON COLUMN raw.water_auto.city IS '所在地市 from the section name''s tooltip on the platform page (2025-11 layout); null otherwise';
COMMENT ON COLUMN raw.water_auto.river IS '所属河流 from the section name''s tooltip on the platform page (2025-11 layout); null otherwise';
COMMENT ON COLUMN raw.water_auto.water_temp_original IS 'Raw value (原始值) of water_temp from the page''s tooltip, as text; the water_temp column holds the displayed value';
COMMENT ON COLUMN raw.water_auto.ph_original IS 'Raw value (原始值) of ph from the page''s tooltip, as text; the ph column holds the displayed value';
COMMENT ON COLUMN raw.water_auto.dissolved_oxygen_original IS 'Raw value (原始值) of dissolved_oxygen from the page''s tooltip, as text; the dissolved_oxygen column holds the displayed value';
COMMENT ON COLUMN raw.water_auto.conductivity_original IS 'Raw value (原始值) of conductivity from the page''s tooltip, as text; the conductivity column holds the displayed value';
COMMENT ON COLUMN raw.water_auto.turbidity_original IS 'Raw value (原始值) of turbidity from the page''s tooltip, as text; the turbidity column holds the displayed value';
COMMENT ON COLUMN raw.water_auto.codmn_original IS 'Raw value (原始值) of codmn from the page''s tooltip, as text; the codmn column holds the displayed value';
COMMENT ON COLUMN raw.water_auto.nh3_n_original IS 'Raw value (原始值) of nh3_n from the page''s tooltip, as text; the nh3_n column holds the displayed value';
COMMENT ON COLUMN raw.water_auto.tp_original IS 'Raw value (原始值) of tp from the page''s tooltip, as text; the tp column holds the displayed value';
COMMENT ON COLUMN raw.water_auto.tn_original IS 'Raw value (原始值) of tn from the page''s tooltip, as text; the tn column holds the displayed value';
COMMENT ON COLUMN raw.water_auto.chlorophyll_a_original IS 'Raw value (原始值) of chlorophyll_a from the page''s tooltip, as text; the chlorophyll_a column holds the displayed value';
COMMENT ON COLUMN raw.water_auto.algal_density_original IS 'Raw value (原始值) of algal_density from the page''s tooltip, as text; the algal_density column holds the displayed value';

COMMENT ON COLUMN raw.water_auto.file_date IS 'Day in the file name (partition); gives the year of 监测时间';
COMMENT ON COLUMN raw.water_auto.source_row IS 'Line (CSV) or sheet row (XLSX) of the file, header = 1';
COMMENT ON COLUMN raw.water_auto.province IS '省份';
COMMENT ON COLUMN raw.water_auto.basin IS '流域';
COMMENT ON COLUMN raw.water_auto.section_name IS '断面名称';
COMMENT ON COLUMN raw.water_auto.monitored_at IS '监测时间 as published, MM-DD HH:MM (no year)';
COMMENT ON COLUMN raw.water_auto.published_class IS '水质类别 as published (Ⅰ…Ⅴ, 劣Ⅴ, --)';
COMMENT ON COLUMN raw.water_auto.station_status IS '站点情况 when the export has it (维护, 停运 …): such rows are not staged';
COMMENT ON COLUMN raw.water_auto.water_temp IS '水温(℃) as text';
COMMENT ON COLUMN raw.water_auto.ph IS 'pH(无量纲) as text';
COMMENT ON COLUMN raw.water_auto.dissolved_oxygen IS '溶解氧(mg/L) as text';
COMMENT ON COLUMN raw.water_auto.conductivity IS '电导率(μS/cm) as text';
COMMENT ON COLUMN raw.water_auto.turbidity IS '浊度(NTU) as text';
COMMENT ON COLUMN raw.water_auto.codmn IS '高锰酸盐指数(mg/L) as text';
COMMENT ON COLUMN raw.water_auto.nh3_n IS '氨氮(mg/L) as text';
COMMENT ON COLUMN raw.water_auto.tp IS '总磷(mg/L) as text';
COMMENT ON COLUMN raw.water_auto.tn IS '总氮(mg/L) as text';
COMMENT ON COLUMN raw.water_auto.chlorophyll_a IS '叶绿素α(mg/L) as text';
COMMENT ON COLUMN raw.water_auto.algal_density IS '藻密度(cells/L) as text';
COMMENT ON COLUMN raw.water_auto.loaded_at IS 'When the pipeline loaded the file';

CREATE TABLE IF NOT EXISTS raw.water_manual (
    month DATE NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row INTEGER NOT NULL,
    section_code VARCHAR NOT NULL,
    section_name VARCHAR,
    sampled_on VARCHAR NOT NULL,
    sampling_time VARCHAR,
    water_temp VARCHAR,
    ph VARCHAR,
    dissolved_oxygen VARCHAR,
    codmn VARCHAR,
    cod VARCHAR,
    bod5 VARCHAR,
    nh3_n VARCHAR,
    tp VARCHAR,
    tn VARCHAR,
    copper VARCHAR,
    zinc VARCHAR,
    fluoride VARCHAR,
    selenium VARCHAR,
    arsenic VARCHAR,
    mercury VARCHAR,
    cadmium VARCHAR,
    chromium_vi VARCHAR,
    lead VARCHAR,
    cyanide VARCHAR,
    volatile_phenol VARCHAR,
    petroleum VARCHAR,
    anionic_surfactant VARCHAR,
    sulfide VARCHAR,
    fecal_coliform VARCHAR,
    loaded_at TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE raw.water_manual IS 'Manual monthly monitoring (water_sections_YYYYMM.csv) as received: one row per section and sampling date, values as text';
COMMENT ON COLUMN raw.water_manual.month IS 'First day of the month in the file name (partition)';
COMMENT ON COLUMN raw.water_manual.source_row IS 'Line of the file (comment lines counted, header = its line)';
COMMENT ON COLUMN raw.water_manual.section_code IS '断面编码';
COMMENT ON COLUMN raw.water_manual.section_name IS '断面名称';
COMMENT ON COLUMN raw.water_manual.sampled_on IS '采样日期 as text (YYYY-MM-DD)';
COMMENT ON COLUMN raw.water_manual.sampling_time IS '采样时间 as text (HH:MM)';
COMMENT ON COLUMN raw.water_manual.water_temp IS '水温(℃) as text';
COMMENT ON COLUMN raw.water_manual.ph IS 'pH(无量纲) as text';
COMMENT ON COLUMN raw.water_manual.dissolved_oxygen IS '溶解氧(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.codmn IS '高锰酸盐指数(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.cod IS '化学需氧量(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.bod5 IS '五日生化需氧量(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.nh3_n IS '氨氮(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.tp IS '总磷(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.tn IS '总氮(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.copper IS '铜(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.zinc IS '锌(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.fluoride IS '氟化物(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.selenium IS '硒(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.arsenic IS '砷(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.mercury IS '汞(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.cadmium IS '镉(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.chromium_vi IS '六价铬(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.lead IS '铅(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.cyanide IS '氰化物(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.volatile_phenol IS '挥发酚(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.petroleum IS '石油类(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.anionic_surfactant IS '阴离子表面活性剂(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.sulfide IS '硫化物(mg/L) as text';
COMMENT ON COLUMN raw.water_manual.fecal_coliform IS '粪大肠菌群(个/L) as text';
COMMENT ON COLUMN raw.water_manual.loaded_at IS 'When the pipeline loaded the file';

-- ── staging ───────────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS staging.water_auto (
    section_name VARCHAR NOT NULL,
    section_code VARCHAR,
    water_type VARCHAR NOT NULL,
    in_city BOOLEAN NOT NULL,
    city VARCHAR,
    river VARCHAR,
    monitored_at TIMESTAMPTZ NOT NULL,
    day DATE NOT NULL,
    file_date DATE NOT NULL,
    published_class VARCHAR,
    station_status VARCHAR,
    water_temp DOUBLE,
    ph DOUBLE,
    dissolved_oxygen DOUBLE,
    conductivity DOUBLE,
    turbidity DOUBLE,
    codmn DOUBLE,
    nh3_n DOUBLE,
    tp DOUBLE,
    tn DOUBLE,
    chlorophyll_a DOUBLE,
    algal_density DOUBLE,
    ph_displayed DOUBLE,
    dissolved_oxygen_displayed DOUBLE,
    codmn_displayed DOUBLE,
    nh3_n_displayed DOUBLE,
    tp_displayed DOUBLE,
    below_dl_items VARCHAR[] NOT NULL,
    saved_at TIMESTAMP,
    versions INTEGER NOT NULL,
    revisions VARCHAR,
    source_file VARCHAR NOT NULL,
    source_row INTEGER NOT NULL
);
COMMENT ON TABLE staging.water_auto IS 'Automatic-station readings, typed, validated by the gx_water_auto suite: one row per section and 监测时间 (the latest version of a revised reading); rows with a 站点情况 such as 维护/停运 and sections the profile does not list are left out';
COMMENT ON COLUMN staging.water_auto.city IS '所在地市 as the platform tags the section (page, 2025-11 layout)';
COMMENT ON COLUMN staging.water_auto.river IS '所属河流 as the platform tags the section (page, 2025-11 layout)';
COMMENT ON COLUMN staging.water_auto.saved_at IS 'Save time of the page the kept (latest) version comes from';
COMMENT ON COLUMN staging.water_auto.versions IS 'Files (page saves) that published this reading; > 1: revised or re-published';
COMMENT ON COLUMN staging.water_auto.revisions IS 'What earlier versions showed where they differ from the kept one: <file>: item old→new';
COMMENT ON COLUMN staging.water_auto.ph_displayed IS 'ph as the platform displayed it (rounded; the published 水质类别 is computed on it)';
COMMENT ON COLUMN staging.water_auto.dissolved_oxygen_displayed IS 'dissolved_oxygen as the platform displayed it (rounded; the published 水质类别 is computed on it)';
COMMENT ON COLUMN staging.water_auto.codmn_displayed IS 'codmn as the platform displayed it (rounded; the published 水质类别 is computed on it)';
COMMENT ON COLUMN staging.water_auto.nh3_n_displayed IS 'nh3_n as the platform displayed it (rounded; the published 水质类别 is computed on it)';
COMMENT ON COLUMN staging.water_auto.tp_displayed IS 'tp as the platform displayed it (rounded; the published 水质类别 is computed on it)';

COMMENT ON COLUMN staging.water_auto.section_name IS '断面名称';
COMMENT ON COLUMN staging.water_auto.section_code IS '断面编码 from the profile (null for a section outside the city)';
COMMENT ON COLUMN staging.water_auto.water_type IS 'river or lake (湖库) from the profile: decides the TP limits';
COMMENT ON COLUMN staging.water_auto.in_city IS 'A section of the city (profile water.sections)';
COMMENT ON COLUMN staging.water_auto.monitored_at IS '监测时间 with the year of the file day, local time';
COMMENT ON COLUMN staging.water_auto.day IS 'Local date of the reading';
COMMENT ON COLUMN staging.water_auto.file_date IS 'Day of the source file (partition)';
COMMENT ON COLUMN staging.water_auto.published_class IS '水质类别 published by the platform, normalised to Ⅰ…Ⅴ/劣Ⅴ (null for --)';
COMMENT ON COLUMN staging.water_auto.water_temp IS '水温, ℃ (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_auto.ph IS 'pH, 无量纲 (the raw value 原始值 where the page gives one, else the displayed/exported value; a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_auto.dissolved_oxygen IS '溶解氧, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_auto.conductivity IS '电导率, μS/cm (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_auto.turbidity IS '浊度, NTU (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_auto.codmn IS '高锰酸盐指数, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_auto.nh3_n IS '氨氮, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_auto.tp IS '总磷, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_auto.tn IS '总氮, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_auto.chlorophyll_a IS '叶绿素α, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_auto.algal_density IS '藻密度, cells/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_auto.below_dl_items IS 'Items reported below the detection limit (…L)';

CREATE TABLE IF NOT EXISTS staging.water_manual (
    section_code VARCHAR NOT NULL,
    section_name VARCHAR NOT NULL,
    water_type VARCHAR NOT NULL,
    sampled_on DATE NOT NULL,
    sampling_time VARCHAR,
    month DATE NOT NULL,
    water_temp DOUBLE,
    ph DOUBLE,
    dissolved_oxygen DOUBLE,
    codmn DOUBLE,
    cod DOUBLE,
    bod5 DOUBLE,
    nh3_n DOUBLE,
    tp DOUBLE,
    tn DOUBLE,
    copper DOUBLE,
    zinc DOUBLE,
    fluoride DOUBLE,
    selenium DOUBLE,
    arsenic DOUBLE,
    mercury DOUBLE,
    cadmium DOUBLE,
    chromium_vi DOUBLE,
    lead DOUBLE,
    cyanide DOUBLE,
    volatile_phenol DOUBLE,
    petroleum DOUBLE,
    anionic_surfactant DOUBLE,
    sulfide DOUBLE,
    fecal_coliform DOUBLE,
    below_dl_items VARCHAR[] NOT NULL,
    source_file VARCHAR NOT NULL,
    source_row INTEGER NOT NULL
);
COMMENT ON TABLE staging.water_manual IS 'Manual monthly samples, typed, validated by the gx_water_manual suite';
COMMENT ON COLUMN staging.water_manual.section_code IS '断面编码';
COMMENT ON COLUMN staging.water_manual.section_name IS '断面名称';
COMMENT ON COLUMN staging.water_manual.water_type IS 'river or lake (湖库) from the profile';
COMMENT ON COLUMN staging.water_manual.sampled_on IS '采样日期';
COMMENT ON COLUMN staging.water_manual.sampling_time IS '采样时间 HH:MM';
COMMENT ON COLUMN staging.water_manual.month IS 'Month of the file (partition)';
COMMENT ON COLUMN staging.water_manual.water_temp IS '水温, ℃ (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.ph IS 'pH, 无量纲 (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.dissolved_oxygen IS '溶解氧, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.codmn IS '高锰酸盐指数, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.cod IS '化学需氧量, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.bod5 IS '五日生化需氧量, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.nh3_n IS '氨氮, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.tp IS '总磷, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.tn IS '总氮, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.copper IS '铜, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.zinc IS '锌, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.fluoride IS '氟化物, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.selenium IS '硒, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.arsenic IS '砷, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.mercury IS '汞, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.cadmium IS '镉, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.chromium_vi IS '铬(六价), mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.lead IS '铅, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.cyanide IS '氰化物, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.volatile_phenol IS '挥发酚, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.petroleum IS '石油类, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.anionic_surfactant IS '阴离子表面活性剂, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.sulfide IS '硫化物, mg/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.fecal_coliform IS '粪大肠菌群, 个/L (a below-DL result holds its detection limit)';
COMMENT ON COLUMN staging.water_manual.below_dl_items IS 'Items reported below the detection limit (…L)';

-- ── water marts ───────────────────────────────────────────────────────────────────────────────────────
CREATE TABLE IF NOT EXISTS mart.dim_water_section (
    section_code VARCHAR PRIMARY KEY,
    section_name VARCHAR NOT NULL,
    river VARCHAR,
    water_type VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    county_code VARCHAR,
    target_class SMALLINT,
    target_class_label VARCHAR,
    assessment BOOLEAN NOT NULL
);
COMMENT ON TABLE mart.dim_water_section IS 'Surface-water sections (断面) of the city, from the profile';
COMMENT ON COLUMN mart.dim_water_section.section_code IS '断面编码';
COMMENT ON COLUMN mart.dim_water_section.section_name IS '断面名称';
COMMENT ON COLUMN mart.dim_water_section.river IS '所在河流';
COMMENT ON COLUMN mart.dim_water_section.water_type IS 'river (河流) or lake (湖库): GB 3838 Table 1 TP limits differ';
COMMENT ON COLUMN mart.dim_water_section.county_code IS 'County/district the section lies in, where known';
COMMENT ON COLUMN mart.dim_water_section.target_class IS '水质目标 1-5; null where no source states it';
COMMENT ON COLUMN mart.dim_water_section.assessment IS '考核断面: counts in the area shares';

CREATE TABLE IF NOT EXISTS mart.water_auto_sample (
    section_name VARCHAR NOT NULL,
    section_code VARCHAR,
    in_city BOOLEAN NOT NULL,
    water_type VARCHAR NOT NULL,
    monitored_at TIMESTAMPTZ NOT NULL,
    day DATE NOT NULL,
    items_assessed SMALLINT NOT NULL,
    water_class SMALLINT,
    water_class_label VARCHAR,
    setting_items VARCHAR,
    item_classes VARCHAR,
    tn_class SMALLINT,
    tn_class_label VARCHAR,
    target_class SMALLINT,
    meets_target BOOLEAN,
    exceeding_items VARCHAR,
    rating VARCHAR,
    dl_limited_items VARCHAR,
    published_class VARCHAR,
    displayed_class_label VARCHAR,
    matches_published BOOLEAN,
    mismatch_reason VARCHAR,
    source_file VARCHAR NOT NULL,
    source_row INTEGER NOT NULL
);
COMMENT ON TABLE mart.water_auto_sample IS 'Class of each automatic-station reading over the 5 items a station measures (pH, DO, CODMn, NH3-N, TP; not comparable with a 21-item manual class), reconciled with the platform''s 水质类别; every section of the export';
COMMENT ON COLUMN mart.water_auto_sample.items_assessed IS 'Assessed items with a value (评价办法 21 items; an automatic station measures 5)';
COMMENT ON COLUMN mart.water_auto_sample.water_class IS '水质类别 1-6 (6 = 劣V) by single-factor evaluation: worst class over the assessed items';
COMMENT ON COLUMN mart.water_auto_sample.water_class_label IS '水质类别 Ⅰ…Ⅴ, 劣Ⅴ';
COMMENT ON COLUMN mart.water_auto_sample.setting_items IS 'Items whose class is the sample class (定类指标)';
COMMENT ON COLUMN mart.water_auto_sample.item_classes IS 'Class of every assessed item, e.g. 氨氮 Ⅳ; pH Ⅰ';
COMMENT ON COLUMN mart.water_auto_sample.tn_class IS 'Lakes/reservoirs: 总氮 class, reported separately, not in water_class';
COMMENT ON COLUMN mart.water_auto_sample.target_class IS '水质目标 of the section (city sections only)';
COMMENT ON COLUMN mart.water_auto_sample.meets_target IS 'water_class <= target_class';
COMMENT ON COLUMN mart.water_auto_sample.exceeding_items IS 'Items worse than the target class with 超标倍数 (C - C_target)/C_target, none for pH and DO';
COMMENT ON COLUMN mart.water_auto_sample.rating IS '评价办法 section rating: 优 (Ⅰ-Ⅱ), 良好, 轻度污染, 中度污染, 重度污染';
COMMENT ON COLUMN mart.water_auto_sample.dl_limited_items IS 'Items reported below a detection limit above their class I limit: class is only not worse than the one given';
COMMENT ON COLUMN mart.water_auto_sample.in_city IS 'A section of the city; the others are kept for the reconciliation only';
COMMENT ON COLUMN mart.water_auto_sample.published_class IS '水质类别 the platform published for the reading';
COMMENT ON COLUMN mart.water_auto_sample.displayed_class_label IS 'Class of the displayed (rounded) values, as the platform computes its 水质类别';
COMMENT ON COLUMN mart.water_auto_sample.matches_published IS 'displayed_class_label = published_class (null when either is missing)';
COMMENT ON COLUMN mart.water_auto_sample.mismatch_reason IS 'Why the class of record (water_class_label, raw values) differs from the displayed-value class, or the known cause of a disagreement with the published class';

CREATE TABLE IF NOT EXISTS mart.water_manual_sample (
    section_code VARCHAR NOT NULL,
    section_name VARCHAR NOT NULL,
    water_type VARCHAR NOT NULL,
    sampled_on DATE NOT NULL,
    month DATE NOT NULL,
    items_assessed SMALLINT NOT NULL,
    water_class SMALLINT,
    water_class_label VARCHAR,
    setting_items VARCHAR,
    item_classes VARCHAR,
    tn_class SMALLINT,
    tn_class_label VARCHAR,
    target_class SMALLINT,
    meets_target BOOLEAN,
    exceeding_items VARCHAR,
    rating VARCHAR,
    dl_limited_items VARCHAR,
    fecal_coliform_class SMALLINT,
    source_file VARCHAR NOT NULL,
    source_row INTEGER NOT NULL
);
COMMENT ON TABLE mart.water_manual_sample IS 'Class of each manual sample over the 21 items of the 评价办法 (GB 3838-2002 Table 1)';
COMMENT ON COLUMN mart.water_manual_sample.items_assessed IS 'Assessed items with a value (评价办法 21 items; an automatic station measures 5)';
COMMENT ON COLUMN mart.water_manual_sample.water_class IS '水质类别 1-6 (6 = 劣V) by single-factor evaluation: worst class over the assessed items';
COMMENT ON COLUMN mart.water_manual_sample.water_class_label IS '水质类别 Ⅰ…Ⅴ, 劣Ⅴ';
COMMENT ON COLUMN mart.water_manual_sample.setting_items IS 'Items whose class is the sample class (定类指标)';
COMMENT ON COLUMN mart.water_manual_sample.item_classes IS 'Class of every assessed item, e.g. 氨氮 Ⅳ; pH Ⅰ';
COMMENT ON COLUMN mart.water_manual_sample.tn_class IS 'Lakes/reservoirs: 总氮 class, reported separately, not in water_class';
COMMENT ON COLUMN mart.water_manual_sample.target_class IS '水质目标 of the section (city sections only)';
COMMENT ON COLUMN mart.water_manual_sample.meets_target IS 'water_class <= target_class';
COMMENT ON COLUMN mart.water_manual_sample.exceeding_items IS 'Items worse than the target class with 超标倍数 (C - C_target)/C_target, none for pH and DO';
COMMENT ON COLUMN mart.water_manual_sample.rating IS '评价办法 section rating: 优 (Ⅰ-Ⅱ), 良好, 轻度污染, 中度污染, 重度污染';
COMMENT ON COLUMN mart.water_manual_sample.dl_limited_items IS 'Items reported below a detection limit above their class I limit: class is only not worse than the one given';
COMMENT ON COLUMN mart.water_manual_sample.fecal_coliform_class IS '粪大肠菌群 class, assessed separately (not in water_class)';

CREATE TABLE IF NOT EXISTS mart.water_section_month (
    basis VARCHAR NOT NULL,
    section_code VARCHAR NOT NULL,
    section_name VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    county_code VARCHAR,
    water_type VARCHAR NOT NULL,
    assessment BOOLEAN NOT NULL,
    year INTEGER NOT NULL,
    month INTEGER NOT NULL,
    samples INTEGER NOT NULL,
    water_temp DOUBLE,
    ph DOUBLE,
    dissolved_oxygen DOUBLE,
    codmn DOUBLE,
    cod DOUBLE,
    bod5 DOUBLE,
    nh3_n DOUBLE,
    tp DOUBLE,
    tn DOUBLE,
    copper DOUBLE,
    zinc DOUBLE,
    fluoride DOUBLE,
    selenium DOUBLE,
    arsenic DOUBLE,
    mercury DOUBLE,
    cadmium DOUBLE,
    chromium_vi DOUBLE,
    lead DOUBLE,
    cyanide DOUBLE,
    volatile_phenol DOUBLE,
    petroleum DOUBLE,
    anionic_surfactant DOUBLE,
    sulfide DOUBLE,
    fecal_coliform DOUBLE,
    items_assessed SMALLINT NOT NULL,
    water_class SMALLINT,
    water_class_label VARCHAR,
    setting_items VARCHAR,
    item_classes VARCHAR,
    tn_class SMALLINT,
    tn_class_label VARCHAR,
    target_class SMALLINT,
    meets_target BOOLEAN,
    exceeding_items VARCHAR,
    rating VARCHAR,
    dl_limited_items VARCHAR
);
COMMENT ON TABLE mart.water_section_month IS 'Section-month class (评价办法: classify the arithmetic mean of each item over the month)';
COMMENT ON COLUMN mart.water_section_month.basis IS 'manual (21 items, the assessment basis) or auto (automatic stations, 5 items)';
COMMENT ON COLUMN mart.water_section_month.samples IS 'Valid samples averaged';
COMMENT ON COLUMN mart.water_section_month.water_temp IS '水温 mean over the period, ℃ (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.ph IS 'pH mean over the period, 无量纲 (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.dissolved_oxygen IS '溶解氧 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.codmn IS '高锰酸盐指数 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.cod IS '化学需氧量 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.bod5 IS '五日生化需氧量 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.nh3_n IS '氨氮 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.tp IS '总磷 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.tn IS '总氮 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.copper IS '铜 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.zinc IS '锌 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.fluoride IS '氟化物 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.selenium IS '硒 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.arsenic IS '砷 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.mercury IS '汞 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.cadmium IS '镉 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.chromium_vi IS '铬(六价) mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.lead IS '铅 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.cyanide IS '氰化物 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.volatile_phenol IS '挥发酚 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.petroleum IS '石油类 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.anionic_surfactant IS '阴离子表面活性剂 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.sulfide IS '硫化物 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.fecal_coliform IS '粪大肠菌群 mean over the period, 个/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_month.items_assessed IS 'Assessed items with a value (评价办法 21 items; an automatic station measures 5)';
COMMENT ON COLUMN mart.water_section_month.water_class IS '水质类别 1-6 (6 = 劣V) by single-factor evaluation: worst class over the assessed items';
COMMENT ON COLUMN mart.water_section_month.water_class_label IS '水质类别 Ⅰ…Ⅴ, 劣Ⅴ';
COMMENT ON COLUMN mart.water_section_month.setting_items IS 'Items whose class is the sample class (定类指标)';
COMMENT ON COLUMN mart.water_section_month.item_classes IS 'Class of every assessed item, e.g. 氨氮 Ⅳ; pH Ⅰ';
COMMENT ON COLUMN mart.water_section_month.tn_class IS 'Lakes/reservoirs: 总氮 class, reported separately, not in water_class';
COMMENT ON COLUMN mart.water_section_month.target_class IS '水质目标 of the section (city sections only)';
COMMENT ON COLUMN mart.water_section_month.meets_target IS 'water_class <= target_class';
COMMENT ON COLUMN mart.water_section_month.exceeding_items IS 'Items worse than the target class with 超标倍数 (C - C_target)/C_target, none for pH and DO';
COMMENT ON COLUMN mart.water_section_month.rating IS '评价办法 section rating: 优 (Ⅰ-Ⅱ), 良好, 轻度污染, 中度污染, 重度污染';
COMMENT ON COLUMN mart.water_section_month.dl_limited_items IS 'Items reported below a detection limit above their class I limit: class is only not worse than the one given';

CREATE TABLE IF NOT EXISTS mart.water_section_year (
    basis VARCHAR NOT NULL,
    section_code VARCHAR NOT NULL,
    section_name VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    county_code VARCHAR,
    water_type VARCHAR NOT NULL,
    assessment BOOLEAN NOT NULL,
    year INTEGER NOT NULL,
    samples INTEGER NOT NULL,
    months_with_data INTEGER NOT NULL,
    assessable BOOLEAN NOT NULL,
    water_temp DOUBLE,
    ph DOUBLE,
    dissolved_oxygen DOUBLE,
    codmn DOUBLE,
    cod DOUBLE,
    bod5 DOUBLE,
    nh3_n DOUBLE,
    tp DOUBLE,
    tn DOUBLE,
    copper DOUBLE,
    zinc DOUBLE,
    fluoride DOUBLE,
    selenium DOUBLE,
    arsenic DOUBLE,
    mercury DOUBLE,
    cadmium DOUBLE,
    chromium_vi DOUBLE,
    lead DOUBLE,
    cyanide DOUBLE,
    volatile_phenol DOUBLE,
    petroleum DOUBLE,
    anionic_surfactant DOUBLE,
    sulfide DOUBLE,
    fecal_coliform DOUBLE,
    items_assessed SMALLINT NOT NULL,
    water_class SMALLINT,
    water_class_label VARCHAR,
    setting_items VARCHAR,
    item_classes VARCHAR,
    tn_class SMALLINT,
    tn_class_label VARCHAR,
    target_class SMALLINT,
    meets_target BOOLEAN,
    exceeding_items VARCHAR,
    rating VARCHAR,
    dl_limited_items VARCHAR
);
COMMENT ON TABLE mart.water_section_year IS 'Section-year class (评价办法: classify the annual arithmetic mean of each item)';
COMMENT ON COLUMN mart.water_section_year.basis IS 'manual (21 items, the assessment basis) or auto (automatic stations, 5 items)';
COMMENT ON COLUMN mart.water_section_year.samples IS 'Valid samples averaged';
COMMENT ON COLUMN mart.water_section_year.water_temp IS '水温 mean over the period, ℃ (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.ph IS 'pH mean over the period, 无量纲 (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.dissolved_oxygen IS '溶解氧 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.codmn IS '高锰酸盐指数 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.cod IS '化学需氧量 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.bod5 IS '五日生化需氧量 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.nh3_n IS '氨氮 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.tp IS '总磷 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.tn IS '总氮 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.copper IS '铜 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.zinc IS '锌 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.fluoride IS '氟化物 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.selenium IS '硒 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.arsenic IS '砷 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.mercury IS '汞 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.cadmium IS '镉 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.chromium_vi IS '铬(六价) mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.lead IS '铅 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.cyanide IS '氰化物 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.volatile_phenol IS '挥发酚 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.petroleum IS '石油类 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.anionic_surfactant IS '阴离子表面活性剂 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.sulfide IS '硫化物 mean over the period, mg/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.fecal_coliform IS '粪大肠菌群 mean over the period, 个/L (评价办法: arithmetic mean; below-DL as DL/2 by default)';
COMMENT ON COLUMN mart.water_section_year.items_assessed IS 'Assessed items with a value (评价办法 21 items; an automatic station measures 5)';
COMMENT ON COLUMN mart.water_section_year.water_class IS '水质类别 1-6 (6 = 劣V) by single-factor evaluation: worst class over the assessed items';
COMMENT ON COLUMN mart.water_section_year.water_class_label IS '水质类别 Ⅰ…Ⅴ, 劣Ⅴ';
COMMENT ON COLUMN mart.water_section_year.setting_items IS 'Items whose class is the sample class (定类指标)';
COMMENT ON COLUMN mart.water_section_year.item_classes IS 'Class of every assessed item, e.g. 氨氮 Ⅳ; pH Ⅰ';
COMMENT ON COLUMN mart.water_section_year.tn_class IS 'Lakes/reservoirs: 总氮 class, reported separately, not in water_class';
COMMENT ON COLUMN mart.water_section_year.target_class IS '水质目标 of the section (city sections only)';
COMMENT ON COLUMN mart.water_section_year.meets_target IS 'water_class <= target_class';
COMMENT ON COLUMN mart.water_section_year.exceeding_items IS 'Items worse than the target class with 超标倍数 (C - C_target)/C_target, none for pH and DO';
COMMENT ON COLUMN mart.water_section_year.rating IS '评价办法 section rating: 优 (Ⅰ-Ⅱ), 良好, 轻度污染, 中度污染, 重度污染';
COMMENT ON COLUMN mart.water_section_year.dl_limited_items IS 'Items reported below a detection limit above their class I limit: class is only not worse than the one given';
COMMENT ON COLUMN mart.water_section_year.months_with_data IS 'Months with at least one valid sample';
COMMENT ON COLUMN mart.water_section_year.assessable IS 'months_with_data >= the profile''s water.year_min_months';

CREATE TABLE IF NOT EXISTS mart.water_area_period (
    basis VARCHAR NOT NULL,
    area_code VARCHAR NOT NULL,
    area_level VARCHAR NOT NULL,
    period_type VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    month INTEGER,
    sections_listed INTEGER NOT NULL,
    sections_assessed INTEGER NOT NULL,
    sections_i_iii INTEGER NOT NULL,
    class_iii_or_better_ratio DOUBLE,
    sections_worse_than_v INTEGER NOT NULL,
    worse_than_v_ratio DOUBLE,
    sections_meeting_target INTEGER NOT NULL,
    meeting_target_ratio DOUBLE,
    rating VARCHAR,
    rating_method VARCHAR,
    assessable BOOLEAN NOT NULL,
    note VARCHAR
);
COMMENT ON TABLE mart.water_area_period IS 'Per area (city, county) and period (month, year): assessment sections, shares at Ⅰ-Ⅲ, 劣Ⅴ and meeting their own target, qualitative rating (评价办法)';
COMMENT ON COLUMN mart.water_area_period.basis IS 'manual (the assessment basis, 21 items) or auto (5 items)';
COMMENT ON COLUMN mart.water_area_period.area_level IS 'city or county';
COMMENT ON COLUMN mart.water_area_period.period_type IS 'month or year';
COMMENT ON COLUMN mart.water_area_period.period IS 'YYYY-MM or YYYY';
COMMENT ON COLUMN mart.water_area_period.sections_listed IS 'Assessment sections (考核断面) of the area in the profile';
COMMENT ON COLUMN mart.water_area_period.sections_assessed IS 'Assessment sections with a class in the period';
COMMENT ON COLUMN mart.water_area_period.sections_i_iii IS 'Sections at class Ⅰ-Ⅲ';
COMMENT ON COLUMN mart.water_area_period.class_iii_or_better_ratio IS 'III类或优于III类水质比例, %: sections_i_iii / sections_assessed (GB/T 8170, 1 decimal); the plan target is >= 95';
COMMENT ON COLUMN mart.water_area_period.sections_worse_than_v IS 'Sections at 劣Ⅴ';
COMMENT ON COLUMN mart.water_area_period.worse_than_v_ratio IS '劣Ⅴ类比例, %';
COMMENT ON COLUMN mart.water_area_period.sections_meeting_target IS 'Sections at or better than their own target class';
COMMENT ON COLUMN mart.water_area_period.meeting_target_ratio IS '达标比例, %';
COMMENT ON COLUMN mart.water_area_period.rating IS '评价办法 qualitative rating (优, 良好, 轻度污染, 中度污染, 重度污染); null where the rule table has a gap';
COMMENT ON COLUMN mart.water_area_period.rating_method IS 'shares (>= 5 sections) or mean concentrations rated as one section (< 5)';
COMMENT ON COLUMN mart.water_area_period.assessable IS 'Year: every assessment section has >= water.year_min_months months with data; month: every assessment section sampled';
COMMENT ON COLUMN mart.water_area_period.note IS 'Why assessable is what it is';

-- Comments on the remaining columns.
COMMENT ON COLUMN mart.dim_water_section.area_code IS 'City the section belongs to (GB/T 2260)';
COMMENT ON COLUMN mart.dim_water_section.target_class_label IS '水质目标 Ⅰ…Ⅴ';
COMMENT ON COLUMN mart.water_area_period.area_code IS 'Area: the city or a county (GB/T 2260)';
COMMENT ON COLUMN mart.water_area_period.year IS 'Calendar year';
COMMENT ON COLUMN mart.water_area_period.month IS 'Calendar month 1-12 (null for a year)';
COMMENT ON COLUMN mart.water_auto_sample.section_name IS '断面名称';
COMMENT ON COLUMN mart.water_auto_sample.section_code IS '断面编码';
COMMENT ON COLUMN mart.water_auto_sample.water_type IS 'river or lake (湖库): decides the TP limits and whether TN is classed';
COMMENT ON COLUMN mart.water_auto_sample.monitored_at IS '监测时间 (local time, year from the file day)';
COMMENT ON COLUMN mart.water_auto_sample.day IS 'Local date of the reading';
COMMENT ON COLUMN mart.water_auto_sample.tn_class_label IS '总氮 class label (lakes and reservoirs only)';
COMMENT ON COLUMN mart.water_auto_sample.source_file IS 'File the row came from';
COMMENT ON COLUMN mart.water_auto_sample.source_row IS 'Line or sheet row of the file (header = 1)';
COMMENT ON COLUMN mart.water_manual_sample.section_code IS '断面编码';
COMMENT ON COLUMN mart.water_manual_sample.section_name IS '断面名称';
COMMENT ON COLUMN mart.water_manual_sample.water_type IS 'river or lake (湖库): decides the TP limits and whether TN is classed';
COMMENT ON COLUMN mart.water_manual_sample.sampled_on IS '采样日期';
COMMENT ON COLUMN mart.water_manual_sample.month IS 'Month of the file (partition), first day';
COMMENT ON COLUMN mart.water_manual_sample.tn_class_label IS '总氮 class label (lakes and reservoirs only)';
COMMENT ON COLUMN mart.water_manual_sample.source_file IS 'File the row came from';
COMMENT ON COLUMN mart.water_manual_sample.source_row IS 'Line or sheet row of the file (header = 1)';
COMMENT ON COLUMN mart.water_section_month.section_code IS '断面编码';
COMMENT ON COLUMN mart.water_section_month.section_name IS '断面名称';
COMMENT ON COLUMN mart.water_section_month.area_code IS 'City the section belongs to (GB/T 2260)';
COMMENT ON COLUMN mart.water_section_month.county_code IS 'County/district of the section, where known';
COMMENT ON COLUMN mart.water_section_month.water_type IS 'river or lake (湖库): decides the TP limits and whether TN is classed';
COMMENT ON COLUMN mart.water_section_month.assessment IS '考核断面: counts in the area shares';
COMMENT ON COLUMN mart.water_section_month.year IS 'Calendar year';
COMMENT ON COLUMN mart.water_section_month.month IS 'Calendar month 1-12';
COMMENT ON COLUMN mart.water_section_month.tn_class_label IS '总氮 class label (lakes and reservoirs only)';
COMMENT ON COLUMN mart.water_section_year.section_code IS '断面编码';
COMMENT ON COLUMN mart.water_section_year.section_name IS '断面名称';
COMMENT ON COLUMN mart.water_section_year.area_code IS 'City the section belongs to (GB/T 2260)';
COMMENT ON COLUMN mart.water_section_year.county_code IS 'County/district of the section, where known';
COMMENT ON COLUMN mart.water_section_year.water_type IS 'river or lake (湖库): decides the TP limits and whether TN is classed';
COMMENT ON COLUMN mart.water_section_year.assessment IS '考核断面: counts in the area shares';
COMMENT ON COLUMN mart.water_section_year.year IS 'Calendar year';
COMMENT ON COLUMN mart.water_section_year.tn_class_label IS '总氮 class label (lakes and reservoirs only)';
COMMENT ON COLUMN raw.water_auto.source_file IS 'File the row came from';
COMMENT ON COLUMN raw.water_manual.source_file IS 'File the row came from';
COMMENT ON COLUMN staging.water_auto.station_status IS '站点情况 (empty or 正常 for the staged rows)';
COMMENT ON COLUMN staging.water_auto.source_file IS 'File the row came from';
COMMENT ON COLUMN staging.water_auto.source_row IS 'Line or sheet row of the file (header = 1)';
COMMENT ON COLUMN staging.water_manual.source_file IS 'File the row came from';
COMMENT ON COLUMN staging.water_manual.source_row IS 'Line or sheet row of the file (header = 1)';
