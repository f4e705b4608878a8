"""What a file is: a workbook (xlsx, xls, ods), text, or something refused.

The content decides, not the file name: ERP systems happily name a CSV ``.xls``. A
workbook is inflated against a byte budget before anything reads it (zip bombs); text
is decoded by ``sales_dash.ingest.encodings``.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum

from sales_dash.ingest.encodings import (
    ENCODINGS,
    SNIFF_BYTES,
    DecodedText,
    decode_text,
    utf16_order,
)
from sales_dash.ingest.problems import file_problem

__all__ = ["ENCODINGS", "WORKBOOKS", "DecodedText", "Format", "decode_text", "file_format"]
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONTROL = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]")
"""Bytes that never appear in a text export (ESC, 0x1b, excepted: it is a GB18030 trail).
NUL is not among them: a stray NUL in text is reported with its line (``nul_byte``)."""
HTML = re.compile(rb"^\s*<(!doctype html|html|table|\?xml)", re.IGNORECASE)
XLSX_INFLATION = 20
"""A workbook may unpack to at most this many times the upload size cap (zip bombs)."""
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
INFLATE_CHUNK = 1 << 20


class Format(StrEnum):
    """What a file holds; a workbook's value is the name reported as its encoding."""

    TEXT = "text"
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"


WORKBOOKS = frozenset({Format.XLSX, Format.XLS, Format.ODS})


def file_format(payload: bytes, max_bytes: int) -> Format:
    """Text or a workbook; raises RejectedUpload for empty, binary, archives and HTML."""
    if not payload.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise file_problem("empty_file")
    if payload.startswith(ZIP_MAGIC):
        return _check_workbook(payload, max_bytes)
    if payload.startswith(OLE_MAGIC):
        return Format.XLS
    if payload.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_order(payload):
        return Format.TEXT
    head = payload[:SNIFF_BYTES]
    if HTML.match(head):
        raise file_problem("html_file")
    if CONTROL.search(head):
        raise file_problem("binary_file")
    return Format.TEXT


def _check_workbook(payload: bytes, max_bytes: int) -> Format:
    """xlsx/xlsm or ods, after inflating every member against a byte budget (zip bombs)."""
    budget = max_bytes * XLSX_INFLATION
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            members = archive.infolist()
            names = {info.filename for info in members}
            spent = 0
            mimetype = b""
            for info in members:
                data = _inflate(payload, info, budget - spent, keep=info.filename == "mimetype")
                spent += data.size
                if info.filename == "mimetype":
                    mimetype = data.head
    except _OverBudget:
        raise file_problem("too_large_unpacked", budget // 1_000_000) from None
    except (zipfile.BadZipFile, OSError, ValueError, zlib.error, EOFError):
        raise file_problem("zip_file") from None
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return Format.XLSX
    if mimetype.strip() == ODS_MIMETYPE:
        return Format.ODS
    raise file_problem("zip_file")


class _OverBudget(Exception):
    """A member inflates past what the budget allows."""


@dataclass(frozen=True)
class _Inflated:
    size: int
    head: bytes


def _inflate(payload: bytes, info: zipfile.ZipInfo, budget: int, keep: bool) -> _Inflated:
    """How many bytes a member really inflates to, stopping once past ``budget``.

    The declared sizes are never trusted: the member's own compressed stream is inflated
    from its local header, a chunk at a time, and counted as it comes.
    """
    start = info.header_offset
    local = payload[start : start + 30]
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    name_length = int.from_bytes(local[26:28], "little")
    extra_length = int.from_bytes(local[28:30], "little")
    data_start = start + 30 + name_length + extra_length
    if info.compress_type == zipfile.ZIP_STORED:
        size = min(info.compress_size, len(payload) - data_start)
        if size > budget:
            raise _OverBudget
        return _Inflated(size, payload[data_start : data_start + size] if keep else b"")
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile("unsupported compression")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size, head, position = 0, b"", data_start
    while not inflater.eof and position < len(payload):
        pending = payload[position : position + INFLATE_CHUNK]
        position += len(pending)
        while pending and not inflater.eof:
            out = inflater.decompress(pending, INFLATE_CHUNK)
            size += len(out)
            if size > budget:
                raise _OverBudget
            if keep and len(head) < 256:
                head += out[:256]
            pending = inflater.unconsumed_tail
    return _Inflated(size, head)
