"""The meeting's notes and action items, kept with the lake in ``_meeting/``.

A meeting is keyed by its week (the Monday of the as-of date) and its scope: the regions
and reps it looks at, i.e. the sidebar's region and rep filters within the reader's own
scope (a region manager's unfiltered meeting is their regions'; the company's meeting has
no condition). Category and product filters do not split a meeting's notes.

Each save writes the meeting's whole state as a new revision file
``_meeting/<week>-<digest of scope>/r<NNNNNN>.json`` (atomically, like the manifest),
so the latest revision is the state and the earlier ones are its history: who changed
what, when. Saves of one lake are serialised by ``_meeting/.lock``. A reader sees and
edits a meeting only when its scope lies inside theirs (``visible_to``).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from sales_dash.access import Access
from sales_dash.engine.row_scope import RowScope
from sales_dash.lake import MEETING_NOTES, TEMPORARY_PREFIX, Lake, atomic_write_bytes
from sales_dash.view import iso_week

NOTES = MEETING_NOTES
LOCK = ".lock"
OPEN, DONE = "open", "done"
STATUSES = (OPEN, DONE)
NOTE_MAX_CHARS = 5_000
WHAT_MAX_CHARS = 500


class NotVisible(PermissionError):
    """The meeting's scope is not inside the reader's: they may neither read nor edit it."""


class BadItem(ValueError):
    """An action item the store refuses; ``key`` names the message (``sales_dash.i18n``)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class MeetingKey:
    week: dt.date
    """The Monday of the meeting's week."""
    regions: tuple[str, ...] | None = None
    """The regions the meeting looks at, sorted; None: every region."""
    reps: tuple[str, ...] | None = None
    """The reps it looks at, sorted; None: every rep."""

    @classmethod
    def of(
        cls,
        as_of: dt.date,
        regions: Sequence[str] = (),
        reps: Sequence[str] = (),
        access: Access | None = None,
    ) -> MeetingKey:
        """The meeting of the week holding ``as_of`` under these filters (empty: all), as
        ``access`` sees it: the filters within the reader's scope."""
        scope = RowScope.of(access)

        def within(picked: Sequence[str], allowed: frozenset[str] | None) -> tuple[str, ...] | None:
            if not picked:
                return None if allowed is None else tuple(sorted(allowed))
            return tuple(sorted(set(picked) if allowed is None else set(picked) & allowed))

        return cls(
            iso_week(as_of)[0],
            within(regions, None if scope is None else scope.regions),
            within(reps, None if scope is None else scope.reps),
        )

    @property
    def previous(self) -> MeetingKey:
        """The same scope's meeting a week earlier."""
        return replace(self, week=self.week - dt.timedelta(days=7))

    @property
    def whole_company(self) -> bool:
        return self.regions is None and self.reps is None

    def visible_to(self, access: Access | None) -> bool:
        """Whether ``access`` may read and edit this meeting: its scope inside theirs."""
        scope = RowScope.of(access)
        if scope is None:
            return True
        for allowed, mine in ((scope.regions, self.regions), (scope.reps, self.reps)):
            if allowed is not None and (mine is None or not set(mine) <= allowed):
                return False
        return True

    @property
    def folder_name(self) -> str:
        scope = json.dumps([self.regions, self.reps], ensure_ascii=False)
        digest = hashlib.sha256(scope.encode("utf-8")).hexdigest()[:16]
        return f"{self.week.isoformat()}-{digest}"


@dataclass(frozen=True)
class ActionItem:
    what: str
    owner: str
    """The rep who owns it (rep id; "" when nobody is named yet)."""
    due: dt.date | None
    status: str = OPEN
    section: str = ""
    item_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    def to_json(self) -> dict[str, object]:
        due = None if self.due is None else self.due.isoformat()
        return {**self.__dict__, "due": due}

    @classmethod
    def from_json(cls, raw: Mapping[str, object]) -> ActionItem:
        due = raw.get("due")
        return cls(
            what=str(raw["what"]),
            owner=str(raw.get("owner") or ""),
            due=dt.date.fromisoformat(due) if isinstance(due, str) else None,
            status=str(raw.get("status") or OPEN),
            section=str(raw.get("section") or ""),
            item_id=str(raw["item_id"]),
        )


@dataclass(frozen=True)
class MeetingNotes:
    key: MeetingKey
    notes: Mapping[str, str] = field(default_factory=dict)
    """Section -> its note (plain text)."""
    items: tuple[ActionItem, ...] = ()
    revision: int = 0
    """0: nothing saved yet."""
    saved_at: str = ""
    user: str = ""

    def section_items(self, section: str) -> list[ActionItem]:
        return [item for item in self.items if item.section == section]

    @property
    def done(self) -> list[ActionItem]:
        return [item for item in self.items if item.status == DONE]

    @property
    def open(self) -> list[ActionItem]:
        return [item for item in self.items if item.status != DONE]


def _folder(lake: Lake, key: MeetingKey) -> Path:
    return lake.root / NOTES / key.folder_name


def _revisions(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("r*.json") if not p.name.startswith(TEMPORARY_PREFIX))


def _read(path: Path, key: MeetingKey) -> MeetingNotes:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return MeetingNotes(
        key=key,
        notes={str(k): str(v) for k, v in raw["notes"].items()},
        items=tuple(ActionItem.from_json(item) for item in raw["items"]),
        revision=int(raw["revision"]),
        saved_at=str(raw["saved_at"]),
        user=str(raw["user"]),
    )


def _check_visible(lake: Lake, key: MeetingKey) -> None:
    if not key.visible_to(lake.access):
        raise NotVisible(key)


def load_notes(lake: Lake, key: MeetingKey) -> MeetingNotes:
    """The meeting's latest saved state (empty when nothing is saved). Raises NotVisible
    when the lake's reader may not see this meeting."""
    _check_visible(lake, key)
    found = _revisions(_folder(lake, key))
    return _read(found[-1], key) if found else MeetingNotes(key)


def notes_history(lake: Lake, key: MeetingKey) -> list[MeetingNotes]:
    """Every saved state of the meeting, oldest first."""
    _check_visible(lake, key)
    return [_read(path, key) for path in _revisions(_folder(lake, key))]


def _clean(item: ActionItem) -> ActionItem:
    what = item.what.strip()
    if not what:
        raise BadItem("action_what_missing")
    if len(what) > WHAT_MAX_CHARS:
        raise BadItem("action_what_too_long")
    if item.status not in STATUSES:
        raise BadItem("action_bad_status")
    return replace(item, what=what, owner=item.owner.strip())


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def save_notes(
    lake: Lake,
    key: MeetingKey,
    notes: Mapping[str, str],
    items: Sequence[ActionItem],
    *,
    user: str = "",
    now: dt.datetime | None = None,
) -> MeetingNotes:
    """Save the meeting's whole state as its next revision and return it. Raises
    NotVisible outside the reader's scope, BadItem for an item without text."""
    _check_visible(lake, key)
    cleaned = tuple(_clean(item) for item in items)
    kept = {s: n.strip()[:NOTE_MAX_CHARS] for s, n in notes.items() if n.strip()}
    now = now or dt.datetime.now(dt.UTC)
    with _locked(lake.root / NOTES):
        folder = _folder(lake, key)
        folder.mkdir(exist_ok=True)
        found = _revisions(folder)
        revision = int(found[-1].stem[1:]) + 1 if found else 1
        saved = MeetingNotes(key, kept, cleaned, revision, now.isoformat(), user)
        payload = {
            "week": key.week.isoformat(),
            "regions": key.regions,
            "reps": key.reps,
            "notes": kept,
            "items": [item.to_json() for item in cleaned],
            "revision": revision,
            "saved_at": saved.saved_at,
            "user": user,
        }
        text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)
        atomic_write_bytes(folder / f"r{revision:06d}.json", text.encode("utf-8"))
    return saved
