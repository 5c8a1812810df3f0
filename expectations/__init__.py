"""Great Expectations suites as code, one per dataset, and the glue that turns a
validation into a Dagster asset check result."""
