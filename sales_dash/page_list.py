"""Every page of the app, in the sidebar's order: one list for the navigation, the
benchmark and the browser tests."""

from __future__ import annotations

from pathlib import Path

PAGES = (
    ("pages/overview.py", "overview", ":material/dashboard:"),
    ("pages/attainment.py", "page_attainment", ":material/flag:"),
    ("pages/margin.py", "page_margin", ":material/percent:"),
    ("pages/collections.py", "page_collections", ":material/payments:"),
    ("pages/expenses.py", "page_expenses", ":material/receipt_long:"),
    ("pages/market.py", "page_market", ":material/public:"),
    ("pages/team.py", "page_team", ":material/groups:"),
    ("pages/customers.py", "page_customers", ":material/handshake:"),
    ("pages/meeting.py", "page_meeting", ":material/co_present:"),
    ("pages/upload.py", "page_upload", ":material/upload:"),
    ("pages/data.py", "page_data", ":material/database:"),
)
"""(script, title's text key, icon) per page."""
UPLOAD_PAGES = ("pages/upload.py", "pages/data.py")
"""Upload (with the history and undo) and the Data page: for those who upload."""
PAGE_NAMES = tuple(Path(path).stem for path, _, _ in PAGES)
"""Each page's URL path (``/overview`` serves the main page too)."""
DASHBOARD_PAGES = tuple(Path(p).stem for p, _, _ in PAGES if p not in UPLOAD_PAGES)
"""The pages that show numbers (what the benchmark times)."""
