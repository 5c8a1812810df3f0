"""The published snapshot BI tools read: a copy of mart, updated where it changed and swapped in atomically."""

import dagster as dg

from assets import owners
from warehouse import snapshot
from warehouse.resource import Warehouse


@dg.asset(
    key=["serving", "mart_snapshot"],
    deps=[dg.AssetKey(["mart", "target_attainment"])],
    group_name="serving",
    kinds={"duckdb"},
    owners=[owners.PLAN],
    description="A read-only copy of every mart table (with comments) in the serving file BI tools open "
                "(default data/serving.duckdb). Written to a temporary file and swapped in with os.replace, so "
                "readers never see a half-written or unvalidated warehouse and never block the pipeline. The "
                "temporary file starts as a copy of the last published one (kept as serving.duckdb.base) and only "
                "the days and tables whose fingerprints differ from mart are rewritten, so its cost follows what "
                "the run changed, not the warehouse's size; with no usable base it is a full copy. As the run's "
                "last step it then fails the run if the run rejected a feed file, naming each one.",
)
def mart_snapshot(context: dg.AssetExecutionContext, warehouse: Warehouse):
    with warehouse.connect() as con:
        published = snapshot.publish(con, warehouse.serving_file)
        rejected = con.execute("SELECT reason FROM mart.feed_rejections WHERE run_id = ? AND file_rejected "
                               "ORDER BY feed, partition_date", [context.run_id]).fetchall()
    how = "incrementally" if published.incremental else "in full (no usable base)"
    context.log.info(f"published {len(published.rows)} mart tables to {warehouse.serving_file} {how}; "
                     f"rewrote {published.changed or 'nothing'}")
    yield dg.MaterializeResult(metadata={"serving_file": warehouse.serving_file, "tables": len(published.rows),
                                         "rows": dg.MetadataValue.json(published.rows),
                                         "incremental": published.incremental,
                                         "rewritten": dg.MetadataValue.json(published.changed)})
    if rejected:
        # The good partitions are loaded and published; the run still ends red so nobody misses a bad file.
        raise dg.Failure(description=f"{len(rejected)} feed file(s) were rejected in this run (the other partitions "
                                     "were loaded and published):\n" + "\n".join(r[0] for r in rejected))
