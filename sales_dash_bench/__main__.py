"""``python -m sales_dash_bench``: what ``sales-dash bench`` runs."""

import sys

from sales_dash_bench.cli import main

sys.exit(main())
