"""The benchmark of sales-dash, an optional extra (``pip install -e .[bench]``): it imports
the product; the product never imports it (``sales-dash bench`` runs it as a process)."""
