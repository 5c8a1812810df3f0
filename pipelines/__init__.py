"""Dagster wiring: the one Definitions, jobs, schedules, partitions and resources."""
