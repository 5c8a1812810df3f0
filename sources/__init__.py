"""Feed readers and the city profile: plain Python, no Dagster.

Each reader returns typed Polars frames; errors name the file, row and column.
"""
