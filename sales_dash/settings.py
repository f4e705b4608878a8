"""Every setting in one table, with its type, default and help; each can be overridden from
the environment as SALES_DASH_<NAME> (e.g. SALES_DASH_DISCOUNT_LIMIT=0.2)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from sales_dash.schema import DUE_DAYS_DEFAULT

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")
"""An ISO 4217 code: the lake's currency (CNY, USD, EUR, HKD, TWD, JPY, GBP ...)."""


class SettingError(ValueError):
    """A setting given a value of the wrong type: one line naming the variable."""


@dataclass(frozen=True)
class Setting:
    name: str
    type: type[str] | type[float] | type[int]
    """What the value is parsed as: an environment value is always text."""
    default: str | float | int
    help: str

    def __post_init__(self) -> None:
        if not isinstance(self.default, self.type):  # a declared type its default must have
            raise TypeError(f"setting {self.name}: default {self.default!r} is not {self.type}")

    @property
    def variable(self) -> str:
        return f"SALES_DASH_{self.name.upper()}"

    def parse(self, raw: str) -> str | float | int:
        """``raw`` as this setting's type; a SettingError naming the variable otherwise."""
        text = raw.strip()
        try:
            if self.type is int:
                return int(text.replace("_", ""))
            if self.type is float:
                return float(text)
        except ValueError:
            kind = "a whole number" if self.type is int else "a number"
            raise SettingError(f"{self.variable}={raw!r} is not {kind}.") from None
        if self.name == "currency":
            code = text.upper()
            if not CURRENCY_CODE.match(code):
                raise SettingError(
                    f"{self.variable}={raw!r} is not a currency code (e.g. CNY, USD, EUR)."
                )
            return code
        return raw


SETTINGS: tuple[Setting, ...] = (
    Setting("data", str, str(PROJECT_ROOT / "data" / "lake"), "Folder of the Parquet lake."),
    Setting("language", str, "zh", "Default UI language: zh or en."),
    Setting("discount_limit", float, 0.15, "Discount rate above which a line is over authority."),
    Setting(
        "pacing_alert",
        float,
        -0.10,
        "Pacing gap (attainment − time progress) that raises an alert.",
    ),
    Setting("collection_target", float, 0.90, "Collection rate below which an alert is raised."),
    Setting("visits_per_week_target", float, 2.0, "Visits per rep per week expected."),
    Setting("demo_rows", int, 300_000, "Order lines in the demo lake built on first start."),
    Setting("demo_seed", int, 7, "Seed of the demo company."),
    Setting("upload_max_mb", int, 200, "Largest upload accepted, in megabytes."),
    Setting("upload_max_rows", int, 5_000_000, "Most rows an uploaded file may hold."),
    Setting("upload_max_columns", int, 200, "Most columns an uploaded file may hold."),
    Setting("upload_time_limit", float, 300.0, "Seconds an upload may take before it is stopped."),
    Setting("upload_lock_wait", float, 60.0, "Seconds an upload waits for another one to finish."),
    Setting("upload_max_problems", int, 5_000, "Most problems listed for one rejected upload."),
    # branch values (issue 11): the lake's currency and payment terms
    Setting(
        "currency",
        str,
        "CNY",
        "ISO code of the lake's one currency (CNY, USD, EUR, HKD, TWD, JPY, GBP ...): every "
        "amount is shown in it; set it before the first upload.",
    ),
    Setting(
        "payment_terms_days",
        int,
        DUE_DAYS_DEFAULT,
        "Days from order to due date, for lines whose file has payments but no due date.",
    ),
    # --- branch hardening: the dates an upload may hold (sales_dash.engine.date_window)
    Setting(
        "date_window_start", str, "1990-01-01", "Earliest date (and month) an upload may hold."
    ),
    Setting(
        "date_window_years_ahead", int, 1, "Years after today that an upload's dates may reach."
    ),
    Setting("due_date_years_ahead", int, 5, "Years after today that a due date may reach."),
    Setting(
        "upload_max_cell_chars", int, 10_000, "Longest cell an upload may hold, in characters."
    ),
    # --- branch memory: the memory one upload may take (sales_dash.ingest.limits)
    Setting(
        "upload_memory_mb",
        int,
        3_500,
        "Memory one upload may take, in megabytes: a CSV whose upload would take more "
        "(360 MB + 14 times its size, measured) is refused before it is read. The default "
        "fits a CSV of upload_max_mb (200); 1000 holds uploads under 1 GB (CSVs to ~45 MB).",
    ),
    # branch collections (issue 16): targets drawn on the collections page's trends
    Setting(
        "collection_days_target",
        float,
        45.0,
        "回款周期 target: days from order to payment, amount-weighted, expected at most.",
    ),
    Setting(
        "dso_target",
        float,
        60.0,
        "DSO target: receivables in days of the trailing 90 days' sales, expected at most.",
    ),
    # --- branch auth (issue 13): sign-in (sales_dash.accounts, docs/access.md)
    Setting("signin_max_failures", int, 5, "Wrong passwords in a row that lock a user name."),
    Setting("signin_failure_window", float, 900.0, "Seconds within which those failures count."),
    Setting("signin_lockout_seconds", float, 900.0, "Seconds a locked user name must wait."),
    Setting(
        "session_idle_hours", float, 12.0, "Hours unused after which a session must sign in again."
    ),
    Setting(
        "sso_claim",
        str,
        "email",
        "The identity provider's claim whose value names the account (e.g. email, groups).",
    ),
    # --- branch pack (issue 14): the meeting pack by mail (the password is no setting:
    # SALES_DASH_SMTP_PASSWORD or smtp_password in .streamlit/secrets.toml)
    Setting("smtp_host", str, "", "SMTP server that sends the meeting pack (sales-dash send)."),
    Setting("smtp_port", int, 587, "Its port (587 with STARTTLS, 25 without)."),
    Setting("smtp_starttls", int, 1, "1: switch the connection to TLS (STARTTLS) first; 0: not."),
    Setting("smtp_user", str, "", "User name to sign in to the SMTP server; empty: no sign-in."),
    Setting("smtp_from", str, "", "Sender address of the pack's mail (default: smtp_user)."),
    # --- branch meetstate (issue 14): a frozen meeting's link (sales_dash.freeze)
    Setting(
        "meeting_freeze_days",
        int,
        14,
        "Days a frozen meeting's link keeps its numbers (its files are kept that long).",
    ),
    # --- branch big (issue 15): a hundred million lines in bounded memory
    Setting(
        "engine_memory_mb",
        int,
        2000,
        "Memory each query engine (DuckDB) database may hold, in megabytes, beyond which "
        "its tables and queries spill to the lake's _derived/spill/; 0: DuckDB's own (80% "
        "of RAM). The 100M-line demo peaked at 3.0 GB under 2000 and at 11.2 GB under "
        "DuckDB's own; at 10M lines the pages ran as fast under either (docs/architecture.md).",
    ),
    Setting(
        "engine_reader_memory_mb",
        int,
        1000,
        "Memory the query databases of region managers, reps and frozen meetings may hold "
        "together besides the one just opened, in megabytes; past it the least recently "
        "used are let go, each made again at its reader's next read (0: keep every one).",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> str | float | int:
    """The value of a setting: the environment's SALES_DASH_<NAME> if set, else the default.

    Raises SettingError (one line naming the variable) for a value of the wrong type.
    """
    spec = _BY_NAME[name]
    raw = os.environ.get(spec.variable)
    if raw is None:
        return spec.default
    return spec.parse(raw)


def data_dir(override: str | Path | None = None) -> Path:
    """The lake folder: an explicit override, else SALES_DASH_DATA, else data/lake."""
    return Path(override) if override else Path(str(setting("data")))
