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
from sales_dash.ingest.merge import COUNTS, NO_MONTH
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
