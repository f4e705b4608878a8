"""Where the Parquet files live, how they are written atomically, and the data version.

Layout: ``<root>/<table>/month=YYYY-MM/<version>-<id>.parquet``, one file per table and
month, sorted by the table's date so row-group statistics prune date ranges. Which file
is current is recorded in ``<root>/_manifest.json``; a write puts new files beside the old
ones and then replaces the manifest in one ``os.replace``. A crash at any moment leaves
either the old manifest or the new one, so readers never see a half-merged lake, and the
superseded files stay on disk for undo. The manifest also lists the uploads its state
includes (``sales_dash.ingest.history``), so data and history change in the same rename.
Writers take an fcntl lock on ``_write.lock``; readers never wait.
``_derived/`` holds caches of the current data built by ``sales_dash.engine.db``: lookups
named by the data stamp, and the rollups kept per month (``sales_dash.engine.rollups``),
named by the partition files they were built from.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import polars as pl

from sales_dash.access import Access
from sales_dash.schema import TABLES, Kind, Table

MANIFEST = "_manifest.json"
LOCK = "_write.lock"
UPLOAD_RECORDS = "_uploads"
"""Where ``sales_dash.ingest.history`` keeps each upload's record (its ``RECORDS``)."""
MEETING_NOTES = "_meeting"
"""Where ``sales_dash.meeting_notes`` keeps the meetings' notes and action items."""
FROZEN = "_frozen"
"""Where ``sales_dash.freeze`` keeps each frozen meeting's manifest: its files are kept."""
TEMPORARY_PREFIX = ".tmp-"
LEFTOVER_GRACE_SECONDS = 3600.0
"""A temporary or unnamed file younger than this is left alone by the clean-up: it may
belong to a write under way where the lock does not reach (a shared network folder)."""
ROW_GROUP_ROWS = 100_000
ZSTD_LEVEL = 1
"""zstd's fastest level: half the write time of its default (3) for files ~5% larger, and
reading them costs the same (branch build, 2.9M-line month: 5.0 s against 9.9 s)."""
LOCK_POLL_SECONDS = 0.05
APPLIED, UNDONE = "applied", "undone"


class LakeBusy(TimeoutError):
    """Another process held the write lock for longer than we were willing to wait."""


@dataclass(frozen=True)
class Manifest:
    version: int = 0
    partitions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """table -> month (YYYY-MM) -> file path relative to the lake root."""
    uploads: Mapping[str, str] = field(default_factory=dict)
    """upload id -> ``applied`` or ``undone``: the uploads this state includes or undid.

    Kept in the manifest so that an upload's data and its place in the history are
    published by the same atomic rename.
    """

    def months(self, table: str) -> list[str]:
        return sorted(self.partitions.get(table, {}))


def month_expr(table: Table) -> pl.Expr:
    """The partition month (YYYY-MM) of each row of ``table``."""
    column = table.column(table.date_column)
    if column.kind is Kind.MONTH:
        return pl.col(column.name)
    return pl.col(column.name).dt.strftime("%Y-%m")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that readers see the old file or the new, never half."""
    tmp = path.with_name(f"{TEMPORARY_PREFIX}{uuid.uuid4().hex}-{path.name}")
    with open(tmp, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _manifest_of(raw: dict[str, Any]) -> Manifest:
    return Manifest(
        version=raw["version"], partitions=raw["partitions"], uploads=raw.get("uploads", {})
    )


class _Replaced(Exception):
    """The manifest was replaced between its ``stat`` and its read."""


@lru_cache(maxsize=64)
def _version_of(path: str, inode: int, mtime_ns: int) -> int:
    """The version of the manifest file with this identity. A write replaces the file, so
    a new identity is a new file: every page rerun asks many times, and reads it once.
    Read from the file with that identity only: one a write put there since the caller's
    ``stat`` raises ``_Replaced``, and its version is not kept under the old identity."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        if (info.st_ino, info.st_mtime_ns) != (inode, mtime_ns):
            raise _Replaced(path)
        return int(json.loads(handle.read())["version"])


@lru_cache(maxsize=64)
def resolved_path(absolute: str) -> Path:
    """An absolute path with its symlinks resolved, once per process: resolving walks
    the path one ``lstat`` at a time, and a page rerun asks for its lake's many times."""
    return Path(absolute).resolve()


State = tuple[tuple[int, ...], Manifest]
"""A data stamp and the manifest it stamps (``Lake.state``)."""


class DataChanged(RuntimeError):
    """A write replaced the data a held lake reads (``Lake.held``) before the engine had
    read it: its reader starts again from the new data."""


class Lake:
    """A lake folder. Cheap to construct; every read goes to disk, so it is never stale
    (but for a ``held`` or ``pinned`` one).

    ``access`` is whose eyes read it: ``sales_dash.engine.db`` shows a scoped lake only the rows
    that user may see (``sales_dash.engine.row_scope``); None reads every row.
    """

    def __init__(
        self,
        root: Path | str,
        access: Access | None = None,
        pin: Manifest | None = None,
        hold: State | None = None,
    ) -> None:
        self.root = Path(root)
        self.access = access
        self.pin = pin
        """A past manifest this lake is read at (``pinned``); None reads the current one."""
        self.hold = hold
        """The data this lake is read at while it is current (``held``)."""

    def scoped(self, access: Access | None) -> Lake:
        """The same folder as ``access`` may read it."""
        return Lake(self.root, access, self.pin, self.hold)

    def held(self) -> Lake:
        """The same folder read at its data as of now, for one page run: every read
        answers from that version, so a write landing mid-run cannot show one tile before
        it and the next after it. The engine raises ``DataChanged`` instead of reading a
        version a write has replaced. Read-only, like a pinned lake. A held lake's
        ``held()`` holds the data as of now (a download built after its page was drawn);
        a pinned one stays pinned."""
        if self.pin is not None:
            return self
        return Lake(self.root, self.access, hold=self.live.state())

    def pinned(self, manifest: Manifest) -> Lake:
        """The same folder read at ``manifest`` (a frozen meeting): ``files``, ``manifest``
        and ``data_stamp`` answer from it, so every engine read and cache follows, and a
        later upload or undo changes nothing seen through it. Read-only."""
        return Lake(self.root, self.access, manifest)

    @property
    def live(self) -> Lake:
        """The same folder and reader at its current manifest (neither pinned nor held)."""
        return Lake(self.root, self.access)

    @property
    def resolved_root(self) -> Path:
        """The folder's real path: what tells two Lake objects of one folder are one lake."""
        return resolved_path(os.path.abspath(self.root))

    def __repr__(self) -> str:
        pin = "" if self.pin is None else f", pinned at version {self.pin.version}"
        if self.hold is not None:
            pin = f", held at version {self.hold[1].version}"
        if self.access is None:
            return f"Lake({str(self.root)!r}{pin})"
        return f"Lake({str(self.root)!r}, {self.access!r}{pin})"

    def manifest(self) -> Manifest:
        if self.pin is not None:
            return self.pin
        if self.hold is not None:
            return self.hold[1]
        path = self.root / MANIFEST
        if not path.exists():
            return Manifest()
        return _manifest_of(json.loads(path.read_text(encoding="utf-8")))

    def state(self) -> State:
        """``data_stamp`` and ``manifest`` read from one file: read one after the other, a
        write between them would pair one version's stamp with another's files."""
        if self.pin is not None:
            return self.data_stamp(), self.pin
        if self.hold is not None:
            return self.hold
        try:
            with open(self.root / MANIFEST, "rb") as handle:
                info = os.fstat(handle.fileno())
                manifest = _manifest_of(json.loads(handle.read()))
        except FileNotFoundError:
            return (0,), Manifest()
        return (manifest.version, info.st_ino, info.st_mtime_ns), manifest

    @property
    def version(self) -> int:
        """Changes on every write."""
        return self.manifest().version

    def data_stamp(self) -> tuple[int, ...]:
        """What caches key on: the manifest's version and the file itself, so that a lake
        deleted and rebuilt at the same path (versions start again) is never taken for the
        old one. A pinned lake's: its version, -1 (never an inode) and a digest of the
        files it names, so it never meets a live stamp or another pin's."""
        if self.pin is not None:
            return (self.pin.version, -1, manifest_digest(self.pin))
        if self.hold is not None:
            return self.hold[0]
        path = self.root / MANIFEST
        try:
            info = path.stat()
        except FileNotFoundError:
            return (0,)
        identity = (info.st_ino, info.st_mtime_ns)
        try:
            return (_version_of(str(path), *identity), *identity)
        except (_Replaced, FileNotFoundError):  # a write in between: the new file's stamp
            return self.state()[0]

    def is_empty(self) -> bool:
        return not any(self.manifest().partitions.values())

    def files(self, table: str, manifest: Manifest | None = None) -> list[Path]:
        manifest = manifest or self.manifest()
        return [self.root / rel for _, rel in sorted(manifest.partitions.get(table, {}).items())]

    def read_table(self, table: str, months: list[str] | None = None) -> pl.DataFrame:
        """All rows of ``table`` (or of some months) as one frame in the contract's types."""
        manifest = self.manifest()
        parts = manifest.partitions.get(table, {})
        chosen = [self.root / parts[m] for m in sorted(parts) if months is None or m in months]
        if not chosen:
            return pl.DataFrame(schema=TABLES[table].polars_schema)
        return pl.read_parquet(chosen)

    @contextmanager
    def write_lock(self, timeout: float | None = None) -> Iterator[None]:
        """Serialise writers across processes; readers never need it.

        Waits for the lock forever, or raises ``LakeBusy`` after ``timeout`` seconds.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+") as handle:
            _acquire(handle, timeout)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def write_partition(
        self, table: str, month: str, rows: pl.DataFrame, version: int, *, ordered: bool = False
    ) -> str:
        """Write one month of ``table`` to a new file; returns its path relative to the root.
        ``ordered``: the caller's rows are already sorted by the table's date and key (the
        demo's are), so the sort, a third of a large month's write, is skipped."""
        spec = TABLES[table]
        folder = self.root / table / f"month={month}"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"v{version:06d}-{uuid.uuid4().hex[:8]}.parquet"
        tmp = folder / f"{TEMPORARY_PREFIX}{name}"
        written = rows.select(spec.column_names)
        if not ordered:
            written = written.sort([spec.date_column, *spec.key])
        written.write_parquet(
            tmp, compression="zstd", compression_level=ZSTD_LEVEL, row_group_size=ROW_GROUP_ROWS
        )
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, folder / name)
        _fsync_dir(folder)
        return f"{table}/month={month}/{name}"

    def commit(self, changes: Mapping[str, Mapping[str, pl.DataFrame | None]]) -> Manifest:
        """Write the changed partitions, then swap the manifest. Call under ``write_lock``.

        ``changes`` maps table -> month -> the month's complete new rows (None or an empty
        frame deletes the month).
        """
        return self.write_manifest(self.stage(changes))

    def stage(self, changes: Mapping[str, Mapping[str, pl.DataFrame | None]]) -> Manifest:
        """Write the changed partitions and return the manifest that would publish them.

        Nothing is visible until ``write_manifest`` swaps that manifest in; a crash before
        leaves only unreferenced files behind. Call under ``write_lock``.
        """
        _refuse_fixed(self)
        old = self.manifest()
        self.clean_leftovers(old)
        version = old.version + 1
        partitions = {t: dict(parts) for t, parts in old.partitions.items()}
        for table, months in changes.items():
            current = partitions.setdefault(table, {})
            for month, rows in months.items():
                if rows is None or rows.is_empty():
                    current.pop(month, None)
                else:
                    current[month] = self.write_partition(table, month, rows, version)
        return Manifest(version=version, partitions=partitions, uploads=dict(old.uploads))

    def clean_leftovers(
        self,
        manifest: Manifest | None = None,
        grace_seconds: float = LEFTOVER_GRACE_SECONDS,
    ) -> list[str]:
        """Delete what crashed writes left behind: temporary files, and partition files that
        neither the manifest nor an upload on record nor a kept freeze names (undo needs
        the files before and after each upload, undone ones too; a frozen meeting reads
        its version's), if older than ``grace_seconds``.

        Call under ``write_lock`` (``stage`` does). Returns the deleted paths relative to
        the root. ``_derived/`` is the readers' cache and is left to ``sales_dash.engine.db``.
        """
        manifest = manifest or self.manifest()
        named = _named_by_history(self.root, manifest)
        frozen = _named_by_freezes(self.root)
        if named is not None and frozen is not None:
            named |= frozen | {p for parts in manifest.partitions.values() for p in parts.values()}
        else:
            named = None
        cutoff = time.time() - grace_seconds
        removed = []
        for path in self._leftover_candidates():
            relative = path.relative_to(self.root).as_posix()
            temporary = path.name.startswith(TEMPORARY_PREFIX)
            if not temporary and (named is None or relative in named):
                continue
            try:
                if path.lstat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(relative)
            except FileNotFoundError:
                continue  # another cleaner was first
        return removed

    def _leftover_candidates(self) -> Iterator[Path]:
        """Files a write puts down: temporary files beside the manifest and the records,
        and every file in the tables' month folders."""
        for folder in (self.root, self.root / UPLOAD_RECORDS, self.root / FROZEN):
            yield from folder.glob(f"{TEMPORARY_PREFIX}*")
        yield from (self.root / MEETING_NOTES).glob(f"*/{TEMPORARY_PREFIX}*")
        for table in TABLES:
            yield from (p for p in (self.root / table).glob("month=*/*") if p.is_file())

    def write_manifest(self, manifest: Manifest) -> Manifest:
        """Publish ``manifest`` in one atomic rename: the moment a write becomes visible."""
        _refuse_fixed(self)
        payload = {
            "version": manifest.version,
            "partitions": manifest.partitions,
            "uploads": manifest.uploads,
        }
        text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)
        atomic_write_bytes(self.root / MANIFEST, text.encode("utf-8"))
        return manifest


def _named_by_history(root: Path, manifest: Manifest) -> set[str] | None:
    """The partition files the uploads on record point to (before and after each), which
    undo may need again; None when a record cannot be read, so that nothing is deleted
    on a guess."""
    named: set[str] = set()
    for upload_id in manifest.uploads:
        try:
            record = json.loads((root / UPLOAD_RECORDS / f"{upload_id}.json").read_bytes())
            months = [*record["before"].values(), *record["after"].values()]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        named.update(path for path in months if isinstance(path, str))
    return named


def _named_by_freezes(root: Path) -> set[str] | None:
    """The partition files the kept freezes name (``sales_dash.freeze``: a freeze past its
    keeping time is deleted by ``sales_dash.freeze.expire``, not here); None when one
    cannot be read, so that nothing is deleted on a guess."""
    named: set[str] = set()
    for path in sorted((root / FROZEN).glob("*.json")):
        if path.name.startswith(TEMPORARY_PREFIX):
            continue
        try:
            raw = json.loads(path.read_bytes())
            named.update(p for parts in raw["partitions"].values() for p in parts.values())
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
    return named


def manifest_digest(manifest: Manifest) -> int:
    """A number naming the files of ``manifest`` (48 bits of their sha256)."""
    text = json.dumps(manifest.partitions, sort_keys=True).encode("utf-8")
    return int(hashlib.sha256(text).hexdigest()[:12], 16)


def _refuse_fixed(lake: Lake) -> None:
    if lake.pin is not None or lake.hold is not None:  # a fixed view is never written through
        raise TypeError(f"{lake!r} is read at a fixed version and is read-only")


def _acquire(handle: IO[str], timeout: float | None) -> None:
    if timeout is None:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LakeBusy(timeout) from None
            time.sleep(LOCK_POLL_SECONDS)
