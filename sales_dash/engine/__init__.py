"""The only reader of the lake: DuckDB access, scopes, aggregates and the metric families."""
