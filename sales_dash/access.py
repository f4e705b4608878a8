"""Who may see and do what: a signed-in user's role and the part of the data they may see.

Pure data, no Streamlit and no lake: sign-in (``sales_dash.accounts``, the UI) makes an
``Access`` for the session; the engine intersects every read with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """The layers of a sales organisation (issue 13)."""

    ADMIN = "admin"
    """Everything: every page and region, upload, undo, users."""
    DIRECTOR = "director"
    """All data, read-only."""
    REGION_MANAGER = "region_manager"
    """The dashboard of their regions, read-only."""
    REP = "rep"
    """Their own lines, customers and scorecard, read-only."""
    CLERK = "clerk"
    """Upload and history for their regions; no dashboard."""


@dataclass(frozen=True)
class Access:
    """A user's role and scope: ``regions`` / ``reps`` None means every one."""

    role: Role
    regions: frozenset[str] | None = None
    reps: frozenset[str] | None = None
    user: str = ""
    """The account's name, recorded in the history for uploads and undos."""

    @classmethod
    def everything(cls, user: str = "") -> Access:
        """This machine's own user when no sign-in is configured (bound to 127.0.0.1)."""
        return cls(Role.ADMIN, user=user)

    @property
    def sees_dashboard(self) -> bool:
        return self.role is not Role.CLERK

    @property
    def uploads(self) -> bool:
        return self.role in (Role.ADMIN, Role.CLERK)

    @property
    def manages_users(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def unrestricted(self) -> bool:
        """Sees every region and rep (the scope adds no condition to a read)."""
        return self.regions is None and self.reps is None
