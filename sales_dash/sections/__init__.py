"""Page sections: pure Polars over the engine's results, one module per page they serve
(overview, attainment, margin, collections, expenses, market, team, customers, meeting,
data) and shared helpers named for what they hold (metric, drill, headline, alerts)."""
