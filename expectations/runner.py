"""Run a GX suite on a Polars frame and turn the result into a Dagster check result.

GX 1.x has no working DuckDB datasource, so the staged frame is validated in
memory (pandas) before it is written: an ephemeral context, one dataframe asset,
a whole-frame batch. GX is imported here, not at module top level, because the
import costs seconds and every Dagster run re-imports the code location.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass
from typing import Any

import dagster as dg
import polars as pl

from expectations import import_gx

#: Frames above this size are collected after validation (GX's copy of them would otherwise linger).
_COLLECT_ABOVE_BYTES = 16 * 2**20


def validate(frame: pl.DataFrame, name: str, expectations: list, index_columns: list[str] | None = None,
             result_format: str = "SUMMARY") -> Any:
    """Validate ``frame`` against the suite ``name`` made of ``expectations``.

    Returns the GX ``ExpectationSuiteValidationResult``.

    ``index_columns`` (e.g. source file, row, station) come back with each
    unexpected sample, so a failure can name where the bad value was
    (``result_format="COMPLETE"``: every unexpected row, not the first five).
    """
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    gx = import_gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("frames").add_dataframe_asset(name)
    batches = asset.add_batch_definition_whole_dataframe("whole")
    suite = context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations))
    # A validation definition loads (and fingerprints) the frame once; Batch.validate loads it twice.
    validation = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batches, suite=suite))
    fmt: dict[str, Any] = {"result_format": result_format, "partial_unexpected_count": 5}
    if index_columns:
        fmt["unexpected_index_column_names"] = index_columns
    result = validation.run(batch_parameters={"dataframe": frame.to_pandas()}, result_format=fmt)
    # GX's pandas engine and its batch data refer to each other, so the pandas copy outlives the run until
    # Python's cycle collector gets to it, which is rare in a process holding Dagster and GX: a backfill's
    # staging grew by the copy (≈ 0.25 GB) every month. Collected here, for ≈ 0.15–0.35 s; a small frame (a
    # suite on statistics) is not worth a full collection.
    if frame.estimated_size() > _COLLECT_ABOVE_BYTES:
        gc.collect()
    return result


@dataclass(frozen=True)
class Failure:
    """One failed rule as messages name it: the expectation, its unexpected count ("?": none) and samples."""

    expectation: str
    unexpected: Any
    samples: list[str]


def describe(config: Any) -> str:
    """An expectation as failure messages name it: its type and arguments (value sets counted)."""
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id", "value_set", "condition_parser")}
    if "value_set" in config.kwargs:
        kwargs["value_set"] = f"<{len(config.kwargs['value_set'])} values>"
    return f"{config.type}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"


def _samples(r: Any, n: int = 5) -> list[str]:
    """Unexpected values, each with its index columns when GX returned them (not bare row numbers)."""
    located = r.result.get("partial_unexpected_index_list") or []
    if located and all(isinstance(item, dict) for item in located):
        return [", ".join(f"{k}={v}" for k, v in item.items()) for item in located[:n]]
    return [str(v) for v in (r.result.get("partial_unexpected_list") or [])[:n]]


def failures(result: Any) -> list[Failure]:
    """The failed expectations of a GX result: each described, its unexpected count ("?" when GX has none: column
    minima, maxima, the column set) and its first five samples."""
    return [Failure(describe(r.expectation_config), r.result.get("unexpected_count", "?"), _samples(r))
            for r in result.results if not r.success]


def check_result(result: Any, check_name: str, asset_key: dg.AssetKey, rows: int,
                 failed: list[Failure] | None = None) -> dg.AssetCheckResult:
    """A Dagster check result with the GX figures: rows, success %, failed expectations and samples.

    ``failed``: the failures as named for the reader, when they are not the result's own expectations (a suite on
    statistics names the row-level rules it decided: :func:`expectations.air.statistics_failures`).
    """
    failed = failures(result) if failed is None else failed
    lines = ["| expectation | unexpected | sample |", "|---|---|---|"]
    for f in failed:
        sample = "; ".join(f.samples).replace("|", "/")
        lines.append(f"| `{f.expectation}` | {'—' if f.unexpected == '?' else f.unexpected} | {sample} |")
    stats = result.statistics
    return dg.AssetCheckResult(
        check_name=check_name,
        asset_key=asset_key,
        passed=bool(result.success),
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "rows": rows,
            "evaluated_expectations": stats["evaluated_expectations"],
            "failed_expectations": stats["unsuccessful_expectations"],
            "success_percent": float(stats["success_percent"] or 0.0),
            "failures": dg.MetadataValue.md("\n".join(lines) if failed else "none"),
        },
    )


def failure_summary(result: Any, failed: list[Failure] | None = None) -> str:
    """One line per failed expectation (or per failure of ``failed``), for the error that stops the run."""
    failed = failures(result) if failed is None else failed
    return "; ".join(f"{f.expectation}: {f.unexpected} unexpected, e.g. {'; '.join(f.samples[:3])}" for f in failed)
