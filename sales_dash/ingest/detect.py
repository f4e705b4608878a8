"""What a file is: an Excel workbook, text in a known encoding, or something refused.

The content decides, not the file name: ERP systems happily name a CSV ``.xls``. Text
is decoded strictly (a bad byte rejects the file, it never becomes "�"), and the
encoding used is always reported.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from enum import StrEnum

from charset_normalizer import from_bytes

from sales_dash.ingest.problems import Problem, RejectedUpload, file_problem

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SNIFF_BYTES = 64 * 1024
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]")
"""Bytes that never appear in a text export (ESC, 0x1b, excepted: it is a GB18030 trail)."""
HTML = re.compile(rb"^\s*<(!doctype html|html|table|\?xml)", re.IGNORECASE)
FALLBACK_ENCODINGS = ("gbk", "gb18030")
"""Tried after UTF-8, strictly, in order: GBK is what Excel writes on Chinese Windows,
GB18030 its superset (rare characters such as 䶮 or 𠮷 need it)."""
ENCODINGS = ("utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16")
"""The encodings a user may choose instead of the detected one."""
TRIED = frozenset({"ascii", "utf_8", "gb2312", "gbk", "gb18030"})
"""charset-normalizer's names for what was tried already: no use suggesting them."""
UTF8_LONG = re.compile(rb"[\xe0-\xf4][\x80-\xbf]{2}")
UTF8_PAIR = re.compile(rb"[\xc2-\xdf][\x80-\xbf]")
XLSX_INFLATION = 20
"""An xlsx may unpack to at most this many times the upload size cap (zip bombs)."""


class Format(StrEnum):
    TEXT = "text"
    XLSX = "xlsx"


@dataclass(frozen=True)
class DecodedText:
    data: bytes
    """The text as UTF-8, without a byte order mark."""
    encoding: str
    """The codec the file was written in: utf-8, utf-8-sig, gbk, gb18030, utf-16."""


def file_format(payload: bytes, max_bytes: int) -> Format:
    """Text or xlsx; raises RejectedUpload for empty, binary, archives, .xls and HTML."""
    if not payload.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise file_problem("empty_file")
    if payload.startswith(ZIP_MAGIC):
        _check_workbook(payload, max_bytes)
        return Format.XLSX
    if payload.startswith(OLE_MAGIC):
        raise file_problem("xls_file")
    if payload.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Format.TEXT
    head = payload[:SNIFF_BYTES]
    if HTML.match(head):
        raise file_problem("html_file")
    if CONTROL.search(head):
        raise file_problem("binary_file")
    return Format.TEXT


def _check_workbook(payload: bytes, max_bytes: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise file_problem("zip_file") from None
    if "xl/workbook.xml" not in names:
        raise file_problem("zip_file")
    if unpacked > max_bytes * XLSX_INFLATION:
        raise file_problem("too_large_unpacked", max_bytes * XLSX_INFLATION // 1_000_000)


def decode_text(payload: bytes, encoding: str | None = None) -> DecodedText:
    """The file as UTF-8 bytes and the encoding it was in; strict, never replacing a byte.

    ``encoding`` forces one of ENCODINGS (the user knows better than the guess).
    """
    if encoding is not None:
        return _forced(payload, encoding)
    if payload.startswith(codecs.BOM_UTF8):
        body = payload[len(codecs.BOM_UTF8) :]
        _strict(body, "utf-8")
        return DecodedText(body, "utf-8-sig")
    if payload.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(payload, "utf-16")
        return DecodedText(text.encode("utf-8"), "utf-16")
    first_error: UnicodeDecodeError | None
    try:
        payload.decode("utf-8")
    except UnicodeDecodeError as error:
        first_error = error
    else:
        if _plausible_utf8(payload):
            return DecodedText(payload, "utf-8")
        first_error = None
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = payload.decode(encoding)
        except UnicodeDecodeError:
            continue
        if CONTROL.search(text.encode("utf-8")[:SNIFF_BYTES]):
            break
        return DecodedText(text.encode("utf-8"), encoding)
    if first_error is None:
        return DecodedText(payload, "utf-8")
    line = _line_of(payload, first_error)
    guess = _guess(payload)
    if guess and guess not in TRIED:
        raise RejectedUpload([Problem(0, "", guess, "unknown_encoding_guess", line)])
    raise file_problem("unknown_encoding", line)


def _forced(payload: bytes, encoding: str) -> DecodedText:
    if encoding not in ENCODINGS:
        raise file_problem("unknown_encoding_name", ", ".join(ENCODINGS))
    if encoding == "utf-8" and payload.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    text = _strict(payload, encoding)
    return DecodedText(text.encode("utf-8"), encoding)


def _plausible_utf8(payload: bytes) -> bool:
    """Is valid UTF-8 also likely to be meant as UTF-8?

    A few GBK characters are valid UTF-8 by accident (司 is the bytes of "˾"), but only
    ever as two-byte sequences, read as IPA, combining marks, Hebrew, Arabic ... Text with
    a three-byte character (all Chinese) or only Latin, Greek and Cyrillic letters is
    taken as UTF-8; otherwise GBK is tried first.
    """
    if UTF8_LONG.search(payload):
        return True
    pairs = set(UTF8_PAIR.findall(payload))
    return all(_latin_greek_cyrillic(ord(pair.decode("utf-8"))) for pair in pairs)


def _latin_greek_cyrillic(code: int) -> bool:
    return 0xA0 <= code <= 0x17F or 0x370 <= code <= 0x52F


def _strict(payload: bytes, encoding: str) -> str:
    try:
        return payload.decode(encoding)
    except UnicodeDecodeError as error:
        line = _line_of(payload, error)
        raise RejectedUpload([Problem(0, "", encoding, "bad_bytes", line)]) from None


def _line_of(payload: bytes, error: UnicodeDecodeError) -> str:
    """The line of the first byte that does not decode."""
    return str(payload.count(b"\n", 0, error.start) + 1)


def _guess(payload: bytes) -> str:
    """What charset-normalizer takes the text to be, named only to help the user."""
    best = from_bytes(payload[:SNIFF_BYTES]).best()
    return best.encoding if best is not None else ""
