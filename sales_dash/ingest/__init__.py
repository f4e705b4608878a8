"""Upload an export into the lake: read, parse, validate, merge, record (SPEC §4).

``ingest_file`` is the one call for a file on disk; the Upload page uses the steps
(``prepare_upload``, ``plan_upload``, ``commit_upload``) to show each before committing.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from pathlib import Path

from sales_dash.ingest.commit import IngestResult, commit_upload, ingest_bytes, plan_upload
from sales_dash.ingest.history import UndoRefused, undo_upload, upload_history
from sales_dash.ingest.limits import Limits
from sales_dash.ingest.merge import MergePlan, Mode, ReplaceScope
from sales_dash.ingest.prepare import PreparedUpload, Progress, prepare_upload, rejects_table
from sales_dash.ingest.problems import Problem, RejectedUpload, file_problem
from sales_dash.lake import Lake

__all__ = [
    "IngestResult",
    "MergePlan",
    "Mode",
    "PreparedUpload",
    "Problem",
    "RejectedUpload",
    "ReplaceScope",
    "UndoRefused",
    "commit_upload",
    "ingest_bytes",
    "ingest_file",
    "plan_upload",
    "prepare_upload",
    "rejects_table",
    "undo_upload",
    "upload_history",
]


def ingest_file(
    path: Path | str,
    table: str | None,
    lake: Lake,
    *,
    mode: Mode = Mode.UPSERT,
    replace_scope: ReplaceScope = ReplaceScope.REGION,
    accept_moves: bool = False,
    overrides: dict[str, str] | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    sheet: str | None = None,
    encoding: str | None = None,
    date_format: str | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
    user: str = "",
) -> IngestResult:
    """Validate ``path`` as rows of ``table`` (None: guess from the headers) and merge them
    into ``lake``, all or nothing; raises RejectedUpload saying row, column, value, why."""
    path = Path(path)
    limits = limits or Limits.from_settings()
    extra = {"progress": progress} if progress else {}
    return ingest_bytes(
        read_regular_file(path, limits),  # no name here: ingest_bytes lets go of it
        path.name,
        table,
        lake,
        mode=mode,
        replace_scope=replace_scope,
        accept_moves=accept_moves,
        overrides=overrides,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        sheet=sheet,
        encoding=encoding,
        date_format=date_format,
        limits=limits,
        now=now,
        user=user,
        **extra,
    )


def read_regular_file(path: Path, limits: Limits) -> bytes:
    """The bytes of the regular file ``path``, refusing a symbolic link without following
    it (nothing of its target is read or echoed) and anything not a file (a folder, a
    pipe or a device would block or never end)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise file_problem("symlink") from None
        if error.errno == errno.EISDIR:
            raise file_problem("not_a_file") from None
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise file_problem("not_a_file")
    with os.fdopen(fd, "rb") as handle:
        limits.check_size(info.st_size)
        payload = handle.read(limits.max_bytes + 1)  # a file growing as we read stops here
    limits.check_size(len(payload))
    return payload
