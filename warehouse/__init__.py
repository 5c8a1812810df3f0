"""The DuckDB warehouse: schema DDL, SQL for derived tables, the connection resource."""
