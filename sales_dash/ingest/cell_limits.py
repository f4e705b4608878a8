"""How long a cell may be, and how much text a workbook may expand to (issue 13).

A CSV holds its text itself, so the upload cap bounds it. A workbook stores each
distinct text once (shared strings) and a cell repeating it costs a few bytes: a 300 KB
file naming one 30 000-character text in 10 000 cells expanded to 3.5 GB in memory when
read (and overflowed the reader at 30 000 cells). ``check_workbook_text`` refuses such a
file from the zip's own streams, before anything is loaded.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import IO
from xml.etree import ElementTree

import polars as pl

from sales_dash.ingest.problems import (
    PROBLEM_SCHEMA,
    Problem,
    RejectedUpload,
    cell_problems,
    file_problem,
)
from sales_dash.settings import setting

XLSX_TEXT_FACTOR = 2
"""A workbook's cells may hold at most this many times the upload cap in text."""
XLSX_SCAN_FACTOR = 20
"""The scan reads at most this many times the upload cap of XML, counted as it inflates
(the declared sizes of a zip can lie), as the reader's own guard allows."""
SHEET_CHUNK = 1 << 20
CELL = re.compile(rb"<c\b([^>]*)>\s*<v>(\d+)</v>")
SHARED = re.compile(rb'\bt="s"')
REFERENCE = re.compile(rb'\br="([A-Z]+)(\d+)"')


def max_cell_chars() -> int:
    """The longest cell accepted, in characters (setting ``upload_max_cell_chars``)."""
    return int(setting("upload_max_cell_chars"))


def check_workbook_text(payload: bytes, max_bytes: int, max_chars: int) -> None:
    """Refuse an xlsx with a cell of more than ``max_chars`` characters (naming its row
    and column letter) or whose cells expand to more than ``XLSX_TEXT_FACTOR`` times
    ``max_bytes`` of text. Streams the zip: memory stays small. Anything else passes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(payload))
    except zipfile.BadZipFile:
        return  # not a workbook: the reader says what it is
    budget = max_bytes * XLSX_TEXT_FACTOR
    inflated = _Inflated(max_bytes * XLSX_SCAN_FACTOR)
    with archive:
        names = set(archive.namelist())
        if "xl/sharedStrings.xml" not in names:
            return
        sizes = _shared_string_sizes(archive, budget, inflated)
        sheets = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
        total = 0
        for sheet in sheets:
            for column, row, index in _shared_refs(archive, sheet, inflated):
                chars, size = sizes[index] if index < len(sizes) else (0, 0)
                if chars > max_chars:
                    problem = Problem(row, column, str(chars), "cell_too_long", str(max_chars))
                    raise RejectedUpload([problem])
                total += size
                if total > budget:
                    raise file_problem("workbook_text_too_large", budget // 1_000_000)


class _Inflated:
    """Bytes read out of the zip so far, refused past ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0

    def add(self, chunk: bytes) -> bytes:
        self.count += len(chunk)
        if self.count > self.limit:
            raise file_problem("too_large_unpacked", self.limit // 1_000_000)
        return chunk


class _Counted(io.RawIOBase):
    """A zip member's stream whose bytes count towards ``inflated``."""

    def __init__(self, stream: IO[bytes], inflated: _Inflated) -> None:
        self.stream = stream
        self.inflated = inflated

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self.inflated.add(self.stream.read(SHEET_CHUNK if size < 0 else size))


def _shared_string_sizes(
    archive: zipfile.ZipFile, budget: int, inflated: _Inflated
) -> list[tuple[int, int]]:
    """(characters, UTF-8 bytes) of each shared string, in order."""
    sizes = []
    stored = 0
    with archive.open("xl/sharedStrings.xml") as member:
        for _, element in ElementTree.iterparse(_Counted(member, inflated)):
            if element.tag.rpartition("}")[2] == "si":
                text = "".join(element.itertext())
                size = len(text.encode("utf-8"))
                sizes.append((len(text), size))
                stored += size
                if stored > budget:
                    raise file_problem("workbook_text_too_large", budget // 1_000_000)
                element.clear()
    return sizes


def _shared_refs(
    archive: zipfile.ZipFile, sheet: str, inflated: _Inflated
) -> Iterator[tuple[str, int, int]]:
    """(column letter, row, shared string index) of each cell of ``sheet`` naming one;
    row 0 and no letter for a cell without a reference (it is optional)."""
    carry = b""
    with archive.open(sheet) as stream:
        while chunk := inflated.add(stream.read(SHEET_CHUNK)):
            data = carry + chunk
            end = 0
            for match in CELL.finditer(data):
                end = match.end()
                if SHARED.search(match[1]):
                    where = REFERENCE.search(match[1])
                    column, row = (where[1].decode(), int(where[2])) if where else ("", 0)
                    yield column, row, int(match[2])
            carry = data[max(end, len(data) - 4096) :]  # a cell cut at the chunk's end


def long_cell_problems(frame: pl.DataFrame, max_chars: int) -> pl.DataFrame:
    """One problem per cell of ``frame``'s text columns longer than ``max_chars``
    characters: row, column, the length as value, the limit as detail."""
    found = [
        cell_problems(
            frame,
            pl.col(name).str.len_chars() > max_chars,
            name,
            "cell_too_long",
            value=pl.format("{}", pl.col(name).str.len_chars()),
        ).with_columns(detail=pl.lit(str(max_chars)))
        for name, dtype in frame.schema.items()
        if dtype == pl.String and not name.startswith("_")
    ]
    if not found:
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    return pl.concat(found).cast(PROBLEM_SCHEMA)
