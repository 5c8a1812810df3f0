"""The departmental reports: one file per year from the lead departments → raw → staging → reported values and
per-pollutant reductions."""
