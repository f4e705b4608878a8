"""Read an export file into text columns named by the contract.

Every cell is read as text: typing is the parser's job, so that a bad cell becomes a
precise problem instead of a failed read, and IDs such as ``00123`` keep their zeros.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from sales_dash.ingest.parse import ROW, Problem
from sales_dash.schema import Table

ENCODINGS = ("utf-8-sig", "gb18030")
"""Tried in order and decoded strictly: GB18030 is a superset of GBK and GB2312."""
SEPARATORS = ",;\t"


@dataclass(frozen=True)
class RawExport:
    frame: pl.DataFrame
    """Text columns with canonical names, plus ``_row`` (the spreadsheet row number)."""
    encoding: str
    mapping: dict[str, str]
    """Header as found in the file -> canonical column."""


class UnreadableFile(Exception):
    """The file cannot be read as a table at all; ``problem`` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.reason)
        self.problem = problem


def _decode(payload: bytes) -> tuple[str, str]:
    for encoding in ENCODINGS:
        try:
            return payload.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(Problem(0, "", "", "unknown_encoding"))


def _separator(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    return max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","


def _normalise_header(name: str) -> str:
    return name.strip(" \t\r\n\u00a0\u3000\ufeff").lower()


def header_mapping(
    headers: list[str], table: Table, overrides: dict[str, str] | None = None
) -> dict[str, str]:
    """Map a file's headers to canonical columns: overrides first, then names and synonyms."""
    lookup: dict[str, str] = {}
    for column in table.columns:
        for name in (column.name, *column.synonyms):
            lookup.setdefault(_normalise_header(name), column.name)
    wanted = {_normalise_header(k): v for k, v in (overrides or {}).items()}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        key = _normalise_header(header)
        target = wanted.get(key) or lookup.get(key)
        if target and target not in taken:
            mapping[header] = target
            taken.add(target)
    return mapping


def read_csv_text(
    text: str, table: Table, overrides: dict[str, str] | None = None
) -> tuple[pl.DataFrame, dict[str, str]]:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text)))
    if not rows:
        raise UnreadableFile(Problem(0, "", "", "empty_file"))
    headers, body = rows[0], rows[1:]
    mapping = header_mapping(headers, table, overrides)
    positions = {target: headers.index(source) for source, target in mapping.items()}
    columns = {
        target: [row[i] if i < len(row) else "" for row in body] for target, i in positions.items()
    }
    frame = pl.DataFrame(
        {ROW: list(range(2, len(body) + 2)), **columns},
        schema={ROW: pl.Int64, **dict.fromkeys(columns, pl.String)},
    )
    return frame, mapping


def read_export(path: Path, table: Table, overrides: dict[str, str] | None = None) -> RawExport:
    """Read a CSV export (UTF-8 with or without BOM, or GBK/GB18030; , ; or tab separated)."""
    text, encoding = _decode(Path(path).read_bytes())
    frame, mapping = read_csv_text(text, table, overrides)
    return RawExport(frame=frame, encoding=encoding, mapping=mapping)
