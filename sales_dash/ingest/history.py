"""Every upload on record, and undo.

An upload's record (``_uploads/<id>.json``: file, sha256, counts, and which partition
file each touched month pointed to before and after) is written before the manifest
that publishes the upload; the manifest lists the ids it includes. A record whose id the
manifest does not list belongs to an upload that never happened (a crash) and is
ignored. Undo points the touched months back at their old files, which the lake keeps,
in one manifest swap — refused when a later upload has changed the same months since.

An undo is itself an entry of the history, recorded the same way (``undoes`` names the
entry it reversed), so it can be undone in turn: undoing the undo of an upload points
its months back at the files that upload wrote and puts the upload in effect again.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polars as pl

from sales_dash.access import Access
from sales_dash.engine.loaded import refresh
from sales_dash.engine.row_scope import RowScope
from sales_dash.lake import APPLIED, UNDONE, Lake, LakeBusy, Manifest, atomic_write_bytes

RECORDS = "_uploads"
HISTORY_SCHEMA = pl.Schema(
    [
        ("upload_id", pl.String()),
        ("uploaded_at", pl.Datetime("us", "UTC")),
        ("file", pl.String()),
        ("sha256", pl.String()),
        ("table", pl.String()),
        ("encoding", pl.String()),
        ("inserted", pl.Int64()),
        ("updated", pl.Int64()),
        ("deleted", pl.Int64()),
        ("skipped", pl.Int64()),
        ("undone", pl.Boolean()),
        ("undoes", pl.String()),
        ("user", pl.String()),
    ]
)
UNDO_MODE = "undo"


@dataclass(frozen=True)
class UploadRecord:
    upload_id: str
    uploaded_at: str
    """ISO 8601 with its UTC offset."""
    file: str
    sha256: str
    table: str
    encoding: str
    mode: str
    inserted: int
    updated: int
    unchanged: int
    deleted: int
    skipped: int
    before: dict[str, str | None] = field(default_factory=dict)
    """month -> partition file before the upload (None: the month did not exist)."""
    after: dict[str, str | None] = field(default_factory=dict)
    """month -> partition file the upload published (None: it deleted the month)."""
    undoes: str | None = None
    """For an undo: the id of the entry it reversed (None for an upload)."""
    states_before: dict[str, str] = field(default_factory=dict)
    """For an undo: entry id -> its state (applied/undone) before, for each it changed."""
    user: str = ""
    """Who uploaded or undid: the signed-in account ("" in records made before sign-in)."""

    # branch rls: whose rows the entry carried, so that a clerk sees their regions' only
    regions: list[str] | None = None
    """The regions of the file's rows (unassigned as ""); None on records made before."""
    reps: list[str] | None = None
    """The reps of the file's rows (unassigned as ""); None where the table has none."""

    def visible_to(self, access: Access | None) -> bool:
        """Whether every row the entry carried lies in the scope of ``access`` (an entry
        whose rows are not on record is seen by unrestricted users only)."""
        scope = RowScope.of(access)
        if scope is None:
            return True
        for allowed, carried in ((scope.regions, self.regions), (scope.reps, self.reps)):
            if allowed is not None and (carried is None or not set(carried) <= allowed):
                return False
        return True

    @property
    def months(self) -> list[str]:
        return sorted(self.after)


class UndoRefused(Exception):
    """Undo did nothing; ``key`` and ``values`` make the message (see messages.py)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def _path(lake: Lake, upload_id: str) -> Path:
    return lake.root / RECORDS / f"{upload_id}.json"


def write_record(lake: Lake, record: UploadRecord) -> None:
    """Store the record durably; it counts only once a manifest lists its id."""
    folder = lake.root / RECORDS
    folder.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(asdict(record), ensure_ascii=False, indent=1, sort_keys=True)
    atomic_write_bytes(_path(lake, record.upload_id), payload.encode("utf-8"))


def read_record(lake: Lake, upload_id: str) -> UploadRecord:
    raw = json.loads(_path(lake, upload_id).read_text(encoding="utf-8"))
    return UploadRecord(**raw)


def records(lake: Lake, manifest: Manifest | None = None) -> list[tuple[UploadRecord, bool]]:
    """Every published upload the lake's reader may see (``UploadRecord.visible_to``),
    with whether it was undone, newest first."""
    manifest = manifest or lake.manifest()
    found = []
    for upload_id, state in manifest.uploads.items():
        try:
            record = read_record(lake, upload_id)
        except (OSError, ValueError, TypeError):
            continue  # a record lost by hand: the lake is still right, only history is short
        if record.visible_to(lake.access):
            found.append((record, state == UNDONE))
    return sorted(found, key=lambda pair: int(pair[0].upload_id), reverse=True)


def upload_history(lake: Lake) -> pl.DataFrame:
    """Uploads so far, newest first: upload_id, uploaded_at (UTC), file, sha256, table,
    encoding, inserted, updated, deleted, skipped (row counts), undone, undoes (the
    entry an undo reversed; null for an upload) and user (who did it; "" if unknown)."""
    rows = [
        {
            "upload_id": record.upload_id,
            "uploaded_at": dt.datetime.fromisoformat(record.uploaded_at).astimezone(dt.UTC),
            "file": record.file,
            "sha256": record.sha256,
            "table": record.table,
            "encoding": record.encoding,
            "inserted": record.inserted,
            "updated": record.updated,
            "deleted": record.deleted,
            "skipped": record.skipped,
            "undone": undone,
            "undoes": record.undoes,
            "user": record.user,
        }
        for record, undone in records(lake)
    ]
    return pl.DataFrame(rows, schema=HISTORY_SCHEMA)


def same_content(lake: Lake, table: str, sha256: str) -> UploadRecord | None:
    """The latest upload still in effect of a file with exactly this content."""
    return next(
        (
            record
            for record, undone in records(lake)
            if not undone
            and record.undoes is None
            and record.table == table
            and record.sha256 == sha256
        ),
        None,
    )


def undo_upload(
    lake: Lake,
    upload_id: str,
    *,
    lock_wait: float | None = None,
    now: dt.datetime | None = None,
    user: str = "",
) -> UploadRecord:
    """Put back the months entry ``upload_id`` changed exactly as they were before it, and
    record that as a new entry, which is returned (its ``undoes`` is ``upload_id``).

    ``upload_id`` may be an undo: undoing it puts the upload it reversed in effect again.
    Raises UndoRefused when the id is unknown, already undone, a later entry changed the
    same months (undo that one first), another upload holds the lake, or the entry's
    record cannot be read.
    """
    try:
        record = _undo(lake, upload_id, lock_wait, now, user)
    except LakeBusy:
        raise UndoRefused("undo_busy", upload_id=upload_id, seconds=f"{lock_wait or 0:g}") from None
    except (OSError, ValueError, KeyError, TypeError) as broken:
        raise UndoRefused("undo_unreadable", upload_id=upload_id, detail=str(broken)) from None
    refresh(lake)  # as after an upload: the next page finds the derived tables up to date
    return record


def check_undo(lake: Lake, upload_id: str, manifest: Manifest | None = None) -> UploadRecord:
    """The record of ``upload_id`` when it can be undone now; raises UndoRefused saying why
    not. Writes nothing (the Upload page asks before it offers to confirm)."""
    try:
        return _undoable(lake, manifest or lake.manifest(), upload_id)
    except (OSError, ValueError, KeyError, TypeError) as broken:
        raise UndoRefused("undo_unreadable", upload_id=upload_id, detail=str(broken)) from None


def _undoable(lake: Lake, manifest: Manifest, upload_id: str) -> UploadRecord:
    state = manifest.uploads.get(upload_id)
    if state is None:
        raise UndoRefused("undo_unknown", upload_id=upload_id)
    if state == UNDONE:
        raise UndoRefused("undo_already", upload_id=upload_id)
    record = read_record(lake, upload_id)
    if not record.visible_to(lake.access):  # branch rls: another region's entry
        raise UndoRefused("undo_unknown", upload_id=upload_id)
    current = manifest.partitions.get(record.table, {})
    moved = sorted(m for m, path in record.after.items() if current.get(m) != path)
    if moved:
        raise UndoRefused(
            "undo_conflict",
            upload_id=upload_id,
            months=", ".join(moved),
            later=", ".join(_later_uploads(lake, manifest, record, moved)) or "—",
        )
    missing = [p for p in record.before.values() if p and not (lake.root / p).exists()]
    if missing:
        raise UndoRefused("undo_files_missing", upload_id=upload_id, files=missing[0])
    return record


def _undo(
    lake: Lake, upload_id: str, lock_wait: float | None, now: dt.datetime | None, user: str
) -> UploadRecord:
    with lake.write_lock(lock_wait):
        manifest = lake.manifest()
        record = _undoable(lake, manifest, upload_id)
        partitions = {t: dict(parts) for t, parts in manifest.partitions.items()}
        restored = partitions.setdefault(record.table, {})
        for month, path in record.before.items():
            if path is None:
                restored.pop(month, None)
            else:
                restored[month] = path
        # the entry is undone; an entry whose state it changed gets that state back
        states = {upload_id: UNDONE, **record.states_before}
        version = manifest.version + 1
        undo_id = str(version)  # as an upload's: the version of the manifest publishing it
        undone_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        undo = UploadRecord(
            upload_id=undo_id,
            uploaded_at=undone_at.isoformat(timespec="seconds"),
            file=record.file,
            sha256=record.sha256,
            table=record.table,
            encoding=record.encoding,
            mode=UNDO_MODE,
            # what the undo did to the rows is the entry's change the other way round
            inserted=record.deleted,
            updated=record.updated,
            unchanged=record.unchanged,
            deleted=record.inserted,
            skipped=0,
            before=dict(record.after),
            after=dict(record.before),
            undoes=upload_id,
            states_before={i: manifest.uploads[i] for i in states if i in manifest.uploads},
            regions=record.regions,
            reps=record.reps,
            user=user,
        )
        write_record(lake, undo)
        uploads = {**manifest.uploads, **states, undo_id: APPLIED}
        lake.write_manifest(Manifest(version, partitions, uploads))
    return undo


def original_upload(lake: Lake, record: UploadRecord) -> UploadRecord:
    """The upload at the start of a chain of undos (the record itself for an upload)."""
    while record.undoes is not None:
        record = read_record(lake, record.undoes)
    return record


def _later_uploads(
    lake: Lake, manifest: Manifest, record: UploadRecord, months: list[str]
) -> list[str]:
    return [
        later.upload_id
        for later, undone in records(lake, manifest)
        if not undone
        and int(later.upload_id) > int(record.upload_id)
        and later.table == record.table
        and set(later.after) & set(months)
    ]


def is_applied(manifest: Manifest, upload_id: str) -> bool:
    return manifest.uploads.get(upload_id) == APPLIED
