"""What BI reads: mart published as immutable Parquet files per publish, behind a small catalog file."""

import dagster as dg

from assets import owners
from warehouse import snapshot
from warehouse.resource import Warehouse

#: Run tag: "false" defers the publish to a later run (`make run` runs one job per feed and publishes once, at
#: its last run, so BI never sees the first feeds' partial tables).
PUBLISH_TAG = "qw/publish"


@dg.asset(
    key=["serving", "mart_snapshot"],
    deps=[dg.AssetKey(["mart", "target_attainment"])],
    group_name="serving",
    kinds={"duckdb", "parquet"},
    owners=[owners.PLAN],
    description="What BI reads: publish N writes every mart table as Parquet under data/serving/<table>/publish=N/ "
                "(a file per month of the table's day column, else one file; a file whose rows are unchanged since "
                "the last publish is a hard link to its last one, so a nightly rewrites the months it changed), "
                "then the record data/serving/_publish/publish=N.parquet: from that moment the views of the "
                "catalog data/serving.duckdb (a view per table reading the latest recorded publish, comments, "
                "latest_attainment; DuckDB storage v1.0.0, readable by DuckDB 1.0 and later) read publish N. "
                "No file is ever rewritten, so no reader sees a half-written publish, and a client holding a "
                "connection sees each publish on its next query. Runs tagged qw/publish=false (all but the last run of "
                "`make run`) leave publishing to that last run. As the run's last step it then fails the run if "
                "the run rejected a feed file, naming each one.",
)
def mart_snapshot(context: dg.AssetExecutionContext, warehouse: Warehouse):
    with warehouse.connect() as con:
        publish = context.run.tags.get(PUBLISH_TAG, "true") != "false"
        published = snapshot.publish(con, warehouse.serving_file) if publish else None
        rejected = con.execute("SELECT reason FROM mart.feed_rejections WHERE run_id = ? AND file_rejected "
                               "ORDER BY feed, partition_date", [context.run.run_id]).fetchall()
    if published is None:
        context.log.info(f"not published: this run is tagged {PUBLISH_TAG}=false (a later run publishes)")
        yield dg.MaterializeResult(metadata={"published": False})
    else:
        # Each mart table's size on its own asset page (Overview: row count; Plots: over time).
        for table, rows in published.rows.items():
            context.log_event(dg.AssetObservation(asset_key=dg.AssetKey(["mart", table]),
                                                  metadata={"dagster/row_count": rows}))
        context.log.info(f"published {len(published.rows)} mart tables as publish {published.publish} for "
                         f"{warehouse.serving_file}; wrote {', '.join(published.changed) or 'nothing new'} "
                         f"({published.files_written} file(s) written, {published.files_linked} linked)"
                         + ("; catalog rewritten" if published.catalog_rewritten else ""))
        yield dg.MaterializeResult(metadata={
            "published": True, "catalog": warehouse.serving_file, "publish": published.publish,
            "tables": len(published.rows), "rows": dg.MetadataValue.json(published.rows),
            "written": dg.MetadataValue.json(published.changed), "files_written": published.files_written,
            "files_linked": published.files_linked, "catalog_rewritten": published.catalog_rewritten})
    if rejected:
        # The good partitions are loaded and published; the run still ends red so nobody misses a bad file.
        raise dg.Failure(description=f"{len(rejected)} feed file(s) were rejected in this run (the other partitions "
                                     "were loaded and published):\n" + "\n".join(r[0] for r in rejected))
