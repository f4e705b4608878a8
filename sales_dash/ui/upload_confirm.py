"""What Confirm does and what the page says afterwards: the write (with the mode, replace
scope and accepted moves the user chose), and its outcome in one box — written, nothing
to change, or refused — which stands while the upload it wrote is in effect."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from sales_dash.ingest import Mode, PreparedUpload, RejectedUpload, ReplaceScope, commit_upload
from sales_dash.ingest.history import is_applied
from sales_dash.ingest.problems import describe
from sales_dash.ingest.report import local_time
from sales_dash.ui.frame import Context
from sales_dash.ui.upload_report import problem_names

OUTCOME = "_upload_outcome"


@dataclass(frozen=True)
class Outcome:
    """What the last Confirm of a file did: ``kind`` is the box (success, info, error),
    ``message`` our own sentence, ``details`` lines holding user strings (plain text)."""

    kind: str
    message: str
    details: tuple[str, ...] = ()
    upload_id: str | None = None
    """The upload written: its outcome stands while that upload is in effect."""


def _show(outcome: Outcome) -> None:
    icons = {"success": ":material/check_circle:", "info": ":material/info:"}
    getattr(st, outcome.kind)(outcome.message, icon=icons.get(outcome.kind, ":material/block:"))
    for line in outcome.details:
        st.text(line)


def show_outcome(ctx: Context, key: str) -> bool:
    """Show what the last Confirm of this file did; True when that is all there is to show.

    A write stands while its upload is in effect (undone from the history, the file may
    be written again); a refusal or "nothing to change" is said once.
    """
    outcomes: dict[str, Outcome] = st.session_state.setdefault(OUTCOME, {})
    outcome = outcomes.get(key)
    if outcome is None:
        return False
    if outcome.upload_id is None:
        del outcomes[key]
    elif not is_applied(ctx.lake.manifest(), outcome.upload_id):
        del outcomes[key]
        return False
    _show(outcome)
    return True


def _same_as(ctx: Context, result: object) -> tuple[str, ...]:
    same = getattr(result, "same_as", None)
    if same is None:
        return ()
    moment = local_time(dt.datetime.fromisoformat(same.uploaded_at))
    return (ctx.t("upload_same_as", upload_id=same.upload_id, uploaded_at=moment, file=same.file),)


@dataclass(frozen=True)
class Writing:
    """How the user asked for the file to be written."""

    mode: Mode = Mode.UPSERT
    scope: ReplaceScope = ReplaceScope.REGION
    skip: bool = False


def commit(
    ctx: Context, uploaded: UploadedFile, prepared: PreparedUpload, writing: Writing, moves: bool
) -> None:
    bar = st.progress(0.0, text=ctx.t("progress_read"))

    def progress(fraction: float, step: str) -> None:
        bar.progress(fraction, text=ctx.t(step))

    names = problem_names(ctx, prepared)
    try:
        result = commit_upload(
            ctx.lake,
            prepared,
            mode=writing.mode,
            replace_scope=writing.scope,
            accept_moves=moves,
            skip_invalid=writing.skip,
            progress=progress,
            access=ctx.access,  # branch rls: a clerk's rows must lie in their scope
            user=ctx.access.user,
        )
    except RejectedUpload as rejected:
        lines = tuple(describe(p, ctx.language, names) for p in rejected.problems[:5])
        outcome = Outcome("error", ctx.t("rejected_summary", count=rejected.total), lines)
    else:
        if result.noop:
            outcome = Outcome("info", ctx.t("noop", rows=result.unchanged), _same_as(ctx, result))
        else:
            message = ctx.t(
                "upload_done",
                upload_id=result.upload_id,
                inserted=result.inserted,
                updated=result.updated,
                deleted=result.deleted,
                skipped=len(result.skipped),
            )
            moved = result.plan.moved_lines if result.plan else 0
            said = (ctx.t("moves_accepted", lines=moved),) if moved else ()
            outcome = Outcome("success", message, said, upload_id=result.upload_id)
    st.session_state.setdefault(OUTCOME, {})[uploaded.file_id] = outcome
