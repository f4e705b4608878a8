"""``python -m sales_dash`` is the ``sales-dash`` command."""

from sales_dash.cli import main

raise SystemExit(main())
