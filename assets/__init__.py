"""Dagster assets by feed and layer: raw → staging → marts → attainment, checks beside their assets."""
