"""The only reader of the lake: DuckDB access (db), the one result cache (results), the
grain choice (grain), scopes, aggregates and the metric families (metrics), and the list
reads named for what they hold (lines, discounts, customers, options, loaded)."""
