"""What ``sales-dash ingest`` and ``sales-dash history`` print: aligned text tables (wide
CJK characters count double), the plan per month, the outcome, and the rejects file."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

from sales_dash.export import to_csv_bytes
from sales_dash.i18n import text
from sales_dash.ingest import IngestResult, rejects_table
from sales_dash.ingest.history import UploadRecord, is_applied, original_upload
from sales_dash.ingest.mappings import RememberedMapping, SourceColumn
from sales_dash.ingest.merge import COUNTS, MOVE_FIELDS, NO_MONTH, Mode
from sales_dash.ingest.problems import describe
from sales_dash.lake import Lake


def _width(cell: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in cell)


def format_table(rows: list[list[str]]) -> str:
    """Rows of cells as aligned text (wide CJK characters count double); first is a header."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)
        )
        for row in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


def plan_table(result: IngestResult, language: str) -> str:
    """Rows inserted, updated, unchanged and deleted per month, with the totals ("" when
    nothing was planned)."""
    summary = result.plan.summary() if result.plan else None
    if summary is None or summary.is_empty():
        return ""
    header = [text("plan_month", language), *(text(f"plan_{c}", language) for c in COUNTS)]
    body = [
        [text("plan_no_month", language) if month == NO_MONTH else month, *map(str, counts)]
        for month, *counts in summary.iter_rows()
    ]
    totals = [text("plan_all_months", language), *(str(summary[c].sum()) for c in COUNTS)]
    return format_table([header, *body, totals])


# --- branch merges: what replace-months deletes and which stored lines a file moves
MOVES_SHOWN = 10
"""Moves printed by the dry run and the command line; the plan holds them all."""


def deletions_table(result: IngestResult, language: str) -> str:
    """replace-months: the scope, and the rows deleted per month and region ("" otherwise)."""
    plan = result.plan
    if plan is None or result.mode is not Mode.REPLACE_MONTHS:
        return ""
    scope = text(f"replace_scope_{plan.replace_scope}", language)
    if plan.deletions.is_empty():
        return text("deletions_none", language, scope=scope)
    header = [text("plan_month", language), text("deletions_region", language)]
    body = [
        [month, text("region_unknown", language) if region is None else region, str(deleted)]
        for month, region, deleted in plan.deletions.iter_rows()
    ]
    table = format_table([[*header, text("plan_deleted", language)], *body])
    return f"{text('deletions_title', language, scope=scope)}\n{table}"


def moves_table(result: IngestResult, language: str, limit: int = MOVES_SHOWN) -> str:
    """The stored lines the file would move (key, column, stored → in the file), the first
    ``limit`` of them, and whether they need confirming ("" when nothing moves)."""
    plan = result.plan
    if plan is None or not plan.moved_lines:
        return ""
    fields = [text(f"moves_col_{f}", language) for f in MOVE_FIELDS]
    body = [
        [" / ".join("" if v is None else str(v) for v in values), column, stored or "", now or ""]
        for *values, column, stored, now in plan.moves.head(limit).iter_rows()
    ]
    lines = [
        text("moves_title", language, lines=plan.moved_lines),
        format_table([[text("moves_col_key", language), *fields], *body]),
    ]
    if plan.moves.height > limit:
        lines.append(text("moves_more", language, count=plan.moves.height - limit))
    if result.dry_run and not result.accept_moves:
        lines.append(text("moves_need_confirm", language))
    elif not result.dry_run:
        lines.append(text("moves_accepted", language, lines=plan.moved_lines))
    return "\n".join(lines)


def read_info(result: IngestResult, language: str) -> str:
    """How the file was read: table, encoding, header row and sheet."""
    raw = result.prepared.raw if result.prepared else None
    sheet = text("read_sheet", language, sheet=raw.sheet) if raw and raw.sheet else ""
    return text(
        "read_info",
        language,
        file=result.file,
        table=result.table,
        encoding=result.encoding,
        header_row=raw.header_row if raw else 1,
        sheet=sheet,
    )


def ingest_summary(result: IngestResult, language: str) -> str:
    """The counts of the upload in one line (marked as a dry run when it was one)."""
    line = text(
        "ingested",
        language,
        file=result.file,
        table=result.table,
        inserted=result.inserted,
        updated=result.updated,
        unchanged=result.unchanged,
        deleted=result.deleted,
        skipped=len(result.skipped),
        encoding=result.encoding,
    )
    return f"{line} {text('dry_run_note', language)}" if result.dry_run else line


def ingest_outcome(result: IngestResult, language: str) -> list[str]:
    """The upload's id to undo it by, or why nothing changed."""
    if result.dry_run:
        return []
    if result.noop:
        lines = [text("noop", language, rows=result.unchanged)]
        if result.same_as:
            same = result.same_as
            lines.append(
                text(
                    "same_as",
                    language,
                    upload_id=same.upload_id,
                    file=same.file,
                    uploaded_at=local_time(dt.datetime.fromisoformat(same.uploaded_at)),
                )
            )
        return lines
    return [text("upload_recorded", language, upload_id=result.upload_id)]


def write_rejects(result: IngestResult, path: Path, language: str) -> str:
    """Write the skipped rows and their problems to ``path`` (CSV with a BOM, for Excel)
    and say so."""
    assert result.prepared is not None
    names = result.prepared.column_headers
    table = rejects_table(result.prepared, lambda p: describe(p, language, names))
    table = table.rename(
        {"_row": text("report_row", language), "_problem": text("report_problems", language)}
    )
    path.write_bytes(to_csv_bytes(table))  # the file's own cells: formulas neutralised
    return text("rejects_written", language, count=table.height, path=path)


def local_time(moment: dt.datetime) -> str:
    """A moment in this machine's time zone, to the minute."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


# --- branch headers: the whole mapping, and what the reading decided for the user


def mapping_table(result: IngestResult, language: str) -> str:
    """Every column of the file: letter, header, the column it fills (or not used), and a
    note (how it was matched, the choice it is part of, a suggestion)."""
    prepared = result.prepared
    rows = prepared.mapping if prepared else []
    if not rows:
        return ""
    header = [text(f"mapping_{k}", language) for k in ("letter", "header", "column", "note")]
    body = [
        [
            row.letter,
            row.header,
            row.column or text("mapping_not_used", language),
            _mapping_note(row, language),
        ]
        for row in rows
    ]
    return "\n".join([text("mapping_title", language), format_table([header, *body])])


def _mapping_note(row: SourceColumn, language: str) -> str:
    if row.choice:
        candidates = " / ".join(row.candidates)
        return text("mapping_how_choice", language, candidates=candidates, column=row.choice)
    notes = [text(f"mapping_how_{row.how}", language)] if row.how else []
    if row.unit:
        notes.append(row.unit)
    if row.suggestion:
        notes.append(text("mapping_suggestion", language, column=row.suggestion))
    return "; ".join(notes)


def reading_notes(result: IngestResult, language: str) -> list[str]:
    """What was decided for the file without asking: a remembered mapping applied, lines
    numbered within their orders."""
    prepared = result.prepared
    if prepared is None:
        return []
    notes = []
    if prepared.remembered:
        used = dt.datetime.fromisoformat(prepared.remembered.last_used)
        notes.append(
            text(
                "mapping_remembered",
                language,
                mapping_id=prepared.remembered.mapping_id,
                last_used=local_time(used),
            )
        )
    if prepared.numbered_orders:
        notes.append(text("lines_numbered", language, orders=prepared.numbered_orders))
    return notes


def mappings_table(mappings: list[RememberedMapping], language: str) -> str:
    """The remembered mappings: id, table, headers, choices and when last used."""
    if not mappings:
        return text("mappings_empty", language)
    keys = ("id", "table", "headers", "choices", "last_used")
    header = [text(f"mappings_{k}", language) for k in keys]
    body = [
        [
            m.mapping_id,
            m.table,
            ", ".join(m.headers),
            ", ".join(f"{source}={target}" for source, target in m.choices.items()),
            local_time(dt.datetime.fromisoformat(m.last_used)),
        ]
        for m in mappings
    ]
    return format_table([header, *body])


def undo_sentence(lake: Lake, record: UploadRecord, language: str) -> str:
    """What the undo entry ``record`` did: the upload at the start of its chain of undos is
    either undone or, when ``record`` reversed an undo, in effect again."""
    upload = original_upload(lake, record)
    if is_applied(lake.manifest(), upload.upload_id):
        return text(
            "redo_done",
            language,
            undone=record.undoes,
            upload_id=upload.upload_id,
            file=upload.file,
        )
    return text("undo_done", language, upload_id=upload.upload_id, file=upload.file)
