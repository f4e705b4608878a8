"""Commit a prepared upload: plan the merge under the lake's write lock, record the upload
and publish both in one manifest swap. All or nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import polars as pl

from sales_dash.access import Access
from sales_dash.engine.loaded import refresh
from sales_dash.ingest.access_check import carried, check_plan_scope, check_upload_scope
from sales_dash.ingest.history import UploadRecord, same_content, write_record
from sales_dash.ingest.limits import Deadline, Limits
from sales_dash.ingest.mappings import remember_confirmed
from sales_dash.ingest.merge import MOVE_FIELDS, MergePlan, Mode, ReplaceScope, plan_merge
from sales_dash.ingest.prepare import PreparedUpload, Progress, prepare_upload, quiet
from sales_dash.ingest.problems import ROW, Problem, RejectedUpload, file_problem
from sales_dash.lake import APPLIED, Lake, LakeBusy
from sales_dash.schema import TABLES


@dataclass
class IngestResult:
    table: str
    file: str
    encoding: str
    rows_read: int
    skipped: list[int] = field(default_factory=list)
    """Spreadsheet rows left out: blank, total and (with ``skip_invalid``) invalid rows."""
    plan: MergePlan | None = None
    version: int = 0
    dry_run: bool = False
    upload_id: str | None = None
    """The history id of this upload; None for a dry run or when nothing changed."""
    sha256: str = ""
    same_as: UploadRecord | None = None
    """An upload still in effect that loaded exactly this file before."""
    prepared: PreparedUpload | None = None
    mode: Mode = Mode.UPSERT
    accept_moves: bool = False
    """Whether the caller confirmed moving stored lines (``plan.moves``)."""

    def _total(self, attribute: str) -> int:
        return self.plan.total(attribute) if self.plan else 0

    @property
    def inserted(self) -> int:
        return self._total("inserted")

    @property
    def updated(self) -> int:
        return self._total("updated")

    @property
    def unchanged(self) -> int:
        return self._total("unchanged")

    @property
    def deleted(self) -> int:
        return self._total("deleted")

    @property
    def noop(self) -> bool:
        """Nothing to change: every row is already in the lake as the file has it."""
        return self.plan is not None and not self.plan.changes_anything

    @property
    def rejected_rows(self) -> int:
        return self.prepared.invalid_rows.height if self.prepared else 0


def _fill_visit_regions(lake: Lake, visits: pl.DataFrame) -> pl.DataFrame:
    """SPEC §3: a visit without a region takes its rep's region (quotas, else orders)."""
    if visits["region"].null_count() == 0:
        return visits
    homes = []
    for rank, (table, order) in enumerate((("orders", "order_date"), ("quotas", "month"))):
        files = lake.files(table)
        if files:
            homes.append(
                pl.scan_parquet(files)
                .select("rep_id", "region", order)
                .sort(order)
                .group_by("rep_id")
                .agg(pl.col("region").last())
                .with_columns(pl.lit(rank).alias("_rank"))
                .collect()
            )
    if not homes:
        return visits
    home = (
        pl.concat(homes)
        .sort("_rank")
        .group_by("rep_id")
        .agg(pl.col("region").last().alias("_home"))
    )
    return (
        visits.join(home, on="rep_id", how="left")
        .with_columns(pl.col("region").fill_null(pl.col("_home")))
        .drop("_home")
    )


def carried_columns(prepared: PreparedUpload) -> frozenset[str]:
    """The contract columns the file carries (a header maps to them)."""
    return frozenset(prepared.raw.header.columns.values()) if prepared.raw else frozenset()


def plan_upload(
    lake: Lake,
    prepared: PreparedUpload,
    mode: Mode = Mode.UPSERT,
    *,
    replace_scope: ReplaceScope = ReplaceScope.REGION,
) -> MergePlan:
    """What committing the file's valid rows would change, month by month (writes nothing);
    ``plan.moves`` lists the stored lines it would move to another region, rep, customer or
    month, ``plan.deletions`` what replace-months deletes per month and region.

    Raises RejectedUpload when the lake's reader (``lake.access``) may not write the rows,
    or the plan would change stored rows outside their scope (branch rls).
    """
    check_upload_scope(lake, prepared, None)  # branch rls
    table = TABLES[str(prepared.table)]
    rows = prepared.rows.drop(ROW)
    if table.name == "visits":
        rows = _fill_visit_regions(lake, rows)
    invalid = prepared.invalid_rows[ROW].implode()
    spared = prepared.typed_all.filter(pl.col(ROW).is_in(invalid)).select(table.key)
    plan = plan_merge(
        lake,
        table,
        rows,
        mode,
        spared.drop_nulls(),
        carried=carried_columns(prepared),
        replace_scope=replace_scope,
    )
    plan.add_skipped(prepared.skipped["month"])
    check_plan_scope(plan, lake.access)  # branch rls: no stored row outside the reader's
    return plan


def moves_rejection(
    prepared: PreparedUpload, plan: MergePlan, limit: int | None = None
) -> RejectedUpload:
    """The refusal of an upload that would move stored lines: one problem per line and
    column (the file's row, the column, the new value; the stored one as detail), after
    one that says how many lines and how to confirm."""
    key = list(TABLES[plan.table].key)
    rows = plan.moves.join(
        prepared.rows.select(*key, ROW), on=key, how="left", nulls_equal=True
    ).sort(ROW, "column")
    problems = [Problem(0, "", "", "moves_refused", str(plan.moved_lines))]
    shown = rows if limit is None else rows.head(max(limit - 1, 1))
    problems += [
        Problem(row or 0, column, incoming or "", "moves_line", stored or "")
        for row, column, stored, incoming in shown.select(ROW, *MOVE_FIELDS).iter_rows()
    ]
    return RejectedUpload(problems, total=rows.height + 1)


def commit_upload(
    lake: Lake,
    prepared: PreparedUpload,
    *,
    mode: Mode = Mode.UPSERT,
    replace_scope: ReplaceScope = ReplaceScope.REGION,
    accept_moves: bool = False,
    skip_invalid: bool = False,
    dry_run: bool = False,
    limits: Limits | None = None,
    deadline: Deadline | None = None,
    progress: Progress = quiet,
    now: dt.datetime | None = None,
    access: Access | None = None,
    user: str = "",
) -> IngestResult:
    """Merge the prepared rows into ``lake`` and record the upload, all or nothing.

    With ``access`` (a signed-in clerk), a row outside its scope rejects the file (branch
    rls: ``sales_dash.ingest.access_check``).

    Raises RejectedUpload when the file has problems (with ``skip_invalid``, only for
    problems of the whole file), when it would move stored lines to another region, rep,
    customer or month and ``accept_moves`` is False (a dry run lists them in
    ``result.plan.moves`` instead), or when another upload holds the lake too long.
    """
    limits = limits or Limits.from_settings()
    deadline = deadline or Deadline(limits.seconds)
    if prepared.fatal or (not prepared.ok and not skip_invalid) or prepared.rows.is_empty():
        raise prepared.rejection(limits.max_problems)
    check_upload_scope(lake, prepared, access, limits.max_problems)  # branch rls
    lake = lake.scoped(lake.access or access)  # the plan is checked against the scope too
    result = IngestResult(
        table=str(prepared.table),
        file=prepared.file,
        encoding=prepared.encoding,
        rows_read=prepared.data_rows,
        skipped=prepared.skipped_rows,
        dry_run=dry_run,
        sha256=prepared.sha256,
        prepared=prepared,
        mode=mode,
        accept_moves=accept_moves,
    )
    progress(0.5, "progress_plan")
    if dry_run:
        result.plan = plan_upload(lake, prepared, mode, replace_scope=replace_scope)
        result.version = lake.version
        return result
    try:
        with lake.write_lock(limits.lock_wait):
            result.plan = plan = plan_upload(lake, prepared, mode, replace_scope=replace_scope)
            if plan.moved_lines and not accept_moves:
                raise moves_rejection(prepared, plan, limits.max_problems)
            deadline.check()
            if not plan.changes_anything:
                result.version = lake.version
                result.same_as = same_content(lake, result.table, prepared.sha256)
                return result
            progress(0.7, "progress_write")
            result.upload_id, result.version = _publish(lake, result, plan, mode, now, user)
            remember_confirmed(lake, prepared, now)
    except LakeBusy:
        raise file_problem("lake_busy", f"{limits.lock_wait:g}") from None
    refresh(lake)  # readers then open the new data without rebuilding its rollups
    progress(1.0, "progress_done")
    return result


def _publish(
    lake: Lake,
    result: IngestResult,
    plan: MergePlan,
    mode: Mode,
    now: dt.datetime | None,
    user: str = "",
) -> tuple[str, int]:
    """Write the new partitions and the record, then swap the manifest: the commit point."""
    before = lake.manifest().partitions.get(plan.table, {})
    staged = lake.stage({plan.table: plan.partitions})
    after = staged.partitions.get(plan.table, {})
    upload_id = str(staged.version)
    uploaded_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    write_record(
        lake,
        UploadRecord(
            upload_id=upload_id,
            uploaded_at=uploaded_at.isoformat(timespec="seconds"),
            file=result.file,
            sha256=result.sha256,
            table=plan.table,
            encoding=result.encoding,
            mode=mode.value,
            inserted=result.inserted,
            updated=result.updated,
            unchanged=result.unchanged,
            deleted=result.deleted,
            skipped=len(result.skipped),
            before={month: before.get(month) for month in plan.partitions},
            after={month: after.get(month) for month in plan.partitions},
            regions=carried(result.prepared, "region"),  # branch rls
            reps=carried(result.prepared, "rep_id"),
            user=user,
        ),
    )
    published = lake.write_manifest(replace(staged, uploads={**staged.uploads, upload_id: APPLIED}))
    return upload_id, published.version


def ingest_bytes(
    payload: bytes,
    file_name: str,
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
    progress: Progress = quiet,
    now: dt.datetime | None = None,
    user: str = "",
) -> IngestResult:
    """Validate ``payload`` as rows of ``table`` and merge them into ``lake``, all or nothing."""
    limits = limits or Limits.from_settings()
    deadline = Deadline(limits.seconds)
    prepared = prepare_upload(
        payload,
        file_name,
        table,
        overrides=overrides,
        sheet=sheet,
        encoding=encoding,
        date_format=date_format,
        limits=limits,
        progress=progress,
        lake=lake,
    )
    del payload  # the caller's copy aside, not held while the rows are merged and written
    deadline.check()
    return commit_upload(
        lake,
        prepared,
        mode=mode,
        replace_scope=replace_scope,
        accept_moves=accept_moves,
        skip_invalid=skip_invalid,
        dry_run=dry_run,
        limits=limits,
        deadline=deadline,
        progress=progress,
        now=now,
        user=user,
    )
