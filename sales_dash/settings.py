"""Every setting in one table, with its default and help; each can be overridden from the
environment as SALES_DASH_<NAME> (e.g. SALES_DASH_DISCOUNT_LIMIT=0.2)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | float | int
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("data", str(PROJECT_ROOT / "data" / "lake"), "Folder of the Parquet lake."),
    Setting("language", "zh", "Default UI language: zh or en."),
    Setting("discount_limit", 0.15, "Discount rate above which a line is over authority."),
    Setting("pacing_alert", -0.10, "Pacing gap (attainment − time progress) that raises an alert."),
    Setting("collection_target", 0.90, "Collection rate below which an alert is raised."),
    Setting("visits_per_week_target", 2.0, "Visits per rep per week expected."),
    Setting("demo_rows", 300_000, "Order lines in the demo lake built on first start."),
    Setting("demo_seed", 7, "Seed of the demo company."),
    Setting("upload_max_mb", 200, "Largest upload accepted, in megabytes."),
    Setting("upload_max_rows", 5_000_000, "Most rows an uploaded file may hold."),
    Setting("upload_max_columns", 200, "Most columns an uploaded file may hold."),
    Setting("upload_time_limit", 300, "Seconds an upload may take before it is stopped."),
    Setting("upload_lock_wait", 60, "Seconds an upload waits for another one to finish."),
    Setting("upload_max_problems", 5_000, "Most problems listed for one rejected upload."),
    # --- branch hardening: the dates an upload may hold (sales_dash.date_window)
    Setting("date_window_start", "1990-01-01", "Earliest date (and month) an upload may hold."),
    Setting("date_window_years_ahead", 1, "Years after today that an upload's dates may reach."),
    Setting("due_date_years_ahead", 5, "Years after today that a due date may reach."),
    Setting("upload_max_cell_chars", 10_000, "Longest cell an upload may hold, in characters."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> str | float | int:
    """The value of a setting: the environment's SALES_DASH_<NAME> if set, else the default."""
    spec = _BY_NAME[name]
    raw = os.environ.get(f"SALES_DASH_{name.upper()}")
    if raw is None:
        return spec.default
    return type(spec.default)(raw)


def data_dir(override: str | Path | None = None) -> Path:
    """The lake folder: an explicit override, else SALES_DASH_DATA, else data/lake."""
    return Path(override) if override else Path(str(setting("data")))
