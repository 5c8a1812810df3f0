"""The published snapshot BI tools read: mart, copied whole and swapped in atomically after each run."""

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
                "readers never see a half-written or unvalidated warehouse and never block the pipeline.",
)
def mart_snapshot(context: dg.AssetExecutionContext, warehouse: Warehouse) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        rows = snapshot.publish(con, warehouse.serving_file)
    context.log.info(f"published {len(rows)} mart tables to {warehouse.serving_file}")
    return dg.MaterializeResult(metadata={"serving_file": warehouse.serving_file, "tables": len(rows),
                                          "rows": dg.MetadataValue.json(rows)})
