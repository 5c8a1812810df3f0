-- Failed items per programme and product, city-wide: month rows of the window [$start, $end) and year rows of
-- the years $first_year .. $last_year, ranked by how many failed batches or samples name them.
WITH rows AS (
    SELECT *, year(month) AS year FROM staging.inspections WHERE year(month) BETWEEN $first_year AND $last_year
),
periods AS (
    SELECT 'month' AS period_type, strftime(month, '%Y-%m') AS period, year, month AS month_start, * EXCLUDE (year)
    FROM rows WHERE month >= $start AND month < $end
    UNION ALL
    SELECT 'year', CAST(year AS VARCHAR), year, make_date(year, 1, 1), * EXCLUDE (year) FROM rows
),
products AS (
    SELECT programme, product, period_type, period, count(*) AS checked, count(*) FILTER (WHERE NOT passed) AS failed
    FROM periods GROUP BY ALL
),
items AS (
    SELECT programme, indicator_id, product, period_type, period, year, month_start,
           unnest(string_split(coalesce(failed_items, '未注明'), '、')) AS failed_item
    FROM periods WHERE NOT passed
),
counted AS (
    SELECT programme, indicator_id, product, period_type, period, year, month_start, failed_item,
           count(*) AS occurrences
    FROM items GROUP BY ALL
)
SELECT c.*, p.failed AS failed_of_product, p.checked AS checked_of_product,
       rank() OVER (PARTITION BY c.programme, c.product, c.period_type, c.period ORDER BY c.occurrences DESC) AS rank
FROM counted c JOIN products p USING (programme, product, period_type, period)
ORDER BY period_type, period, programme, product, rank, failed_item
