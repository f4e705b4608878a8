"""A frozen meeting: the lake's manifest and the as-of date at the moment the presenter
froze it, kept as ``_frozen/<id>.json`` so that a link carrying the id (``?frozen=<id>``)
reads that version whatever is uploaded or undone since (``Lake.pinned``).

The lake's cleaner keeps every file a freeze names (``Lake.clean_leftovers``); a freeze
is kept ``meeting_freeze_days`` days and then deleted by ``expire`` (run at each new
freeze), after which its link opens live data and says so. A freeze holds no rows, only
file names: a reader still sees only their scope's rows through it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

from sales_dash.lake import (
    FROZEN,
    TEMPORARY_PREFIX,
    Lake,
    Manifest,
    atomic_write_bytes,
    manifest_digest,
)
from sales_dash.settings import setting

FREEZE_ID = re.compile(r"^v\d{1,12}-\d{8}-[0-9a-f]{12}$")
"""``v<version>-<as-of YYYYMMDD>-<digest of the files>``: also what a URL may carry."""
FREEZE_ATTEMPTS = 3


class FreezeFailed(RuntimeError):
    """The lake changed under every attempt to freeze it (writes in quick succession)."""


@dataclass(frozen=True)
class Freeze:
    freeze_id: str
    as_of: dt.date
    frozen_at: dt.datetime
    """When the presenter froze it (UTC)."""
    manifest: Manifest
    user: str = ""

    @property
    def version(self) -> int:
        return self.manifest.version

    def lake(self, lake: Lake) -> Lake:
        """``lake`` (with its reader) read at this freeze's version."""
        return lake.pinned(self.manifest)


def keep_days() -> int:
    return int(setting("meeting_freeze_days"))


def _path(lake: Lake, freeze_id: str) -> Path:
    return lake.root / FROZEN / f"{freeze_id}.json"


def freeze(lake: Lake, as_of: dt.date, user: str = "", now: dt.datetime | None = None) -> Freeze:
    """Freeze the lake's current version at ``as_of``; the same version and as-of give the
    same id (freezing twice keeps one file, its first time).

    Takes no lock (an upload may hold it for minutes): once the freeze's file exists every
    cleaner keeps its files, and a cleaner that read ``_frozen/`` just before is caught by
    checking the files afterwards (then the freeze is made again from the newer manifest).
    """
    live = lake.live
    now = now or dt.datetime.now(dt.UTC)
    expire(live, now)
    for _ in range(FREEZE_ATTEMPTS):
        manifest = live.manifest()
        freeze_id = f"v{manifest.version}-{as_of:%Y%m%d}-{manifest_digest(manifest):012x}"
        kept = open_freeze(live, freeze_id, now)
        if kept is not None:
            return kept
        payload = {
            "freeze_id": freeze_id,
            "as_of": as_of.isoformat(),
            "frozen_at": now.isoformat(),
            "user": user,
            "version": manifest.version,
            "partitions": manifest.partitions,
            "uploads": manifest.uploads,
        }
        (live.root / FROZEN).mkdir(exist_ok=True)
        text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)
        atomic_write_bytes(_path(live, freeze_id), text.encode("utf-8"))
        if _files_present(live, manifest):
            return Freeze(freeze_id, as_of, now, manifest, user)
        _path(live, freeze_id).unlink(missing_ok=True)  # a cleaner was quicker: again
    raise FreezeFailed(freeze_id)


def _files_present(lake: Lake, manifest: Manifest) -> bool:
    files = (p for parts in manifest.partitions.values() for p in parts.values())
    return all((lake.root / p).is_file() for p in files)


def _read(path: Path) -> Freeze | None:
    try:
        raw = json.loads(path.read_bytes())
        frozen_at = dt.datetime.fromisoformat(raw["frozen_at"])
        manifest = Manifest(
            version=int(raw["version"]), partitions=raw["partitions"], uploads=raw["uploads"]
        )
        return Freeze(
            raw["freeze_id"], dt.date.fromisoformat(raw["as_of"]), frozen_at, manifest, raw["user"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _expired(found: Freeze, now: dt.datetime) -> bool:
    return now - found.frozen_at > dt.timedelta(days=keep_days())


def open_freeze(lake: Lake, freeze_id: str, now: dt.datetime | None = None) -> Freeze | None:
    """The freeze a link names; None when the id is malformed, unknown, unreadable, past
    its keeping time, or names a file no longer on disk (the caller shows live data)."""
    if not FREEZE_ID.match(freeze_id):
        return None
    found = _read(_path(lake, freeze_id))
    if found is None or _expired(found, now or dt.datetime.now(dt.UTC)):
        return None
    return found if _files_present(lake, found.manifest) else None


def expire(lake: Lake, now: dt.datetime | None = None) -> list[str]:
    """Delete the freezes past their keeping time (their files become the cleaner's);
    returns their ids. An unreadable freeze is left alone (the cleaner then keeps all)."""
    now = now or dt.datetime.now(dt.UTC)
    removed = []
    for path in sorted((lake.root / FROZEN).glob("*.json")):
        if path.name.startswith(TEMPORARY_PREFIX):
            continue
        found = _read(path)
        if found is not None and _expired(found, now):
            path.unlink(missing_ok=True)
            removed.append(found.freeze_id)
    return removed
