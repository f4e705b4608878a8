"""What a file is: a workbook (xlsx, xls, ods), text in a known encoding, or something refused.

The content decides, not the file name: ERP systems happily name a CSV ``.xls``. Text
is decoded strictly (a bad byte rejects the file, it never becomes "�"), and the
encoding used is always reported.
"""

from __future__ import annotations

import codecs
import io
import itertools
import re
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from typing import NoReturn

from charset_normalizer import from_bytes

from sales_dash.ingest.problems import Problem, RejectedUpload, file_problem

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SNIFF_BYTES = 64 * 1024
CONTROL = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]")
"""Bytes that never appear in a text export (ESC, 0x1b, excepted: it is a GB18030 trail).
NUL is not among them: a stray NUL in text is reported with its line (``nul_byte``)."""
HTML = re.compile(rb"^\s*<(!doctype html|html|table|\?xml)", re.IGNORECASE)
ENCODINGS = (
    "utf-8",
    "utf-8-sig",
    "gbk",
    "gb18030",
    "big5",
    "cp1252",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
)
"""The encodings offered to a user who corrects the detected one (any codec name works)."""
TRIED = frozenset({"ascii", "utf_8", "gb2312", "gbk", "gb18030", "big5", "cp950", "cp1252"})
"""charset-normalizer's names for what was tried already: no use suggesting them."""
UTF8_LONG = re.compile(rb"[\xe0-\xf4][\x80-\xbf]{2}")
UTF8_PAIR = re.compile(rb"[\xc2-\xdf][\x80-\xbf]")
_ASCII = rb"[\x01-\x09\x0b-\x7f]"
_MULTIBYTE = rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
UTF8_LINE = re.compile(  # possessive: a line that is not UTF-8 fails at once
    rb"(?m)^" + _ASCII + rb"*+(?:" + _MULTIBYTE + rb")(?:" + _ASCII + rb"|" + _MULTIBYTE + rb")*+$"
)
"""A whole line of valid UTF-8 holding a character beyond ASCII."""
LEGACY = (("gbk", "gb18030"), ("big5", "cp950"), ("cp1252",))
"""Families tried after UTF-8, each strictly and in order until one decodes: GBK is what
Excel writes on Chinese Windows (GB18030 its superset, for rare characters such as 䶮),
Big5 on Traditional Chinese Windows (cp950 its Microsoft superset), Windows-1252 on
Western Windows (a superset of Latin-1's letters)."""
PLAUSIBLE = 0.6
"""Share of the non-ASCII characters that must be ordinary text in the encoding chosen."""
CERTAIN = 0.95
"""A share this high settles the encoding: the families after it are not tried."""
KOREAN_EVIDENCE = 20
SCORED_CHARACTERS = 20_000
"""Non-ASCII characters looked at to judge an encoding (enough, and quick on big files)."""
NON_ASCII = re.compile(r"[^\x00-\x7f]")
NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
UNPRINTABLE = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f\ue000-\uf8ff]")
"""Control and private-use characters: never in text decoded with the right encoding (a
NUL is reported by its line once the encoding is known)."""
PUNCTUATION = frozenset("‘’‚“”„–—…•€™")
"""Windows-1252's typographic marks: curly quotes and dashes stand anywhere."""
SYMBOLS = frozenset("°£¥§©®±×÷·¿¡«»µ¢¤¦¨ª¬¯²³¹º¼½¾\u00a0")
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


@dataclass(frozen=True)
class DecodedText:
    data: bytes
    """The text as UTF-8, without a byte order mark."""
    encoding: str
    """The codec the file was written in: utf-8, utf-8-sig, gbk, gb18030, big5, cp950,
    cp1252, utf-16, utf-16-le, utf-16-be, or the codec the user chose."""


def file_format(payload: bytes, max_bytes: int) -> Format:
    """Text or a workbook; raises RejectedUpload for empty, binary, archives and HTML."""
    if not payload.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        raise file_problem("empty_file")
    if payload.startswith(ZIP_MAGIC):
        return _check_workbook(payload, max_bytes)
    if payload.startswith(OLE_MAGIC):
        return Format.XLS
    if payload.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf16_order(payload):
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


def _utf16_order(payload: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text without a byte order mark, else None.

    Excel's "Unicode text" holds tabs, digits and line breaks, each with a NUL byte on the
    same side of every pair; a stray NUL in 8-bit text never makes such a pattern.
    """
    head = payload[: SNIFF_BYTES - SNIFF_BYTES % 2]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for order, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= pairs * 0.2 and other <= pairs * 0.02:
            text = head.decode(order, errors="ignore")
            return None if UNPRINTABLE.search(text) else order
    return None


def decode_text(payload: bytes, encoding: str | None = None) -> DecodedText:
    """The file as UTF-8 bytes and the encoding it was in; strict, never replacing a byte.

    ``encoding`` forces any Python codec (the user knows better than the guess). A file
    that mixes encodings, or holds a NUL byte, is refused naming its first such line.
    """
    decoded = _forced(payload, encoding) if encoding is not None else _detected(payload)
    nul = decoded.data.find(b"\x00")
    if nul >= 0:
        line = decoded.data.count(b"\n", 0, nul) + 1
        raise RejectedUpload([Problem(0, "", decoded.encoding, "nul_byte", str(line))])
    return decoded


def _detected(payload: bytes) -> DecodedText:
    if payload.startswith(codecs.BOM_UTF8):
        body = payload[len(codecs.BOM_UTF8) :]
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _bad_utf8_line(body, error) from None
        return DecodedText(body, "utf-8-sig")
    if payload.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _utf8(_strict(payload, "utf-16"), "utf-16")
    order = _utf16_order(payload)
    if order is not None:
        return _utf8(_strict(payload, order), order)
    try:
        payload.decode("utf-8")
    except UnicodeDecodeError as error:
        return _legacy(payload, error)
    if _plausible_utf8(payload):
        return DecodedText(payload, "utf-8")
    return _legacy(payload, None)


def _utf8(text: str, encoding: str) -> DecodedText:
    return DecodedText(text.encode("utf-8"), encoding)


def _legacy(payload: bytes, utf8_error: UnicodeDecodeError | None) -> DecodedText:
    """Text that is not (only) UTF-8: the most plausible legacy encoding, checked line by line."""
    best = _best_legacy(payload)
    if utf8_error is not None:
        start = payload.rfind(b"\n", 0, utf8_error.start) + 1
        if _reads_as_utf8(payload[:start], best[1] if best else None):
            # UTF-8 lines above a line that is not UTF-8: two files pasted together
            raise _mixed("utf-8", _line_of(payload, utf8_error.start))
    if best is None:
        if utf8_error is None:
            return DecodedText(payload, "utf-8")
        _raise_undecodable(payload, utf8_error)
    _, encoding, text = best
    _check_no_utf8_lines(payload, encoding)
    return _utf8(text, encoding)


def _best_legacy(payload: bytes) -> tuple[float, str, str] | None:
    """The legacy encoding whose reading is most plausible: (share, encoding, text)."""
    best: tuple[float, str, str] | None = None
    for family in LEGACY:
        decoded = _first_decoding(payload, family)
        if decoded is None:
            continue
        encoding, text = decoded
        score = _ordinary_share(text, encoding)
        if score >= PLAUSIBLE and (best is None or score > best[0]):
            best = (score, encoding, text)
        if score >= CERTAIN:  # another family's reading of these bytes is never this good
            break
    return best


def _reads_as_utf8(top: bytes, legacy: str | None) -> bool:
    """Do these (valid UTF-8) lines read better as UTF-8 than as the rest's ``legacy``
    encoding (订单 rather than 璁㈠崟, Café rather than CafÃ©)? With no legacy encoding
    fitting the rest, any plausible UTF-8 beyond ASCII does."""
    if top.isascii() or not _plausible_utf8(top):
        return False
    return legacy is None or _share_as(top, "utf-8") > _share_as(top, legacy)


def _share_as(data: bytes, encoding: str) -> float:
    try:
        return _ordinary_share(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        return 0.0


def _first_decoding(payload: bytes, family: tuple[str, ...]) -> tuple[str, str] | None:
    for encoding in family:
        try:
            return encoding, payload.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _ordinary_share(text: str, encoding: str) -> float:
    """The share of non-ASCII characters that are everyday text in ``encoding``'s script.

    Any Chinese encoding decodes the other's bytes, but into rare characters, kana and
    box drawing: GBK text is judged by the GB2312 set (6,763 common simplified
    characters and punctuation), Big5 by its frequent area (5,401 common traditional
    characters), Windows-1252 by letters and typographic punctuation.
    """
    if UNPRINTABLE.search(text):
        return 0.0
    if encoding == "cp1252":
        return _western_share(text)
    special = [m.group() for m in itertools.islice(NON_ASCII.finditer(text), SCORED_CHARACTERS)]
    if not special:
        return 1.0
    if encoding in ("gbk", "gb18030") and _korean_signature(special):
        return 0.0
    ordinary = ORDINARY.get(encoding, _any_script)
    return sum(map(ordinary, special)) / len(special)


def _korean_signature(special: list[str]) -> bool:
    """Korean (EUC-KR) read as GBK: its syllables all land in GB2312 rows 16 to 40.

    Chinese text draws on every row (销, 售, 有, 限, 中 lie beyond row 40); twenty
    characters or more that all stay within those rows are Hangul, not Chinese.
    """
    hanzi = [c for c in special if "\u4e00" <= c <= "\u9fff"][:SCORED_CHARACTERS]
    if len(hanzi) < KOREAN_EVIDENCE:
        return False
    return all(c.encode("gb18030")[0] <= 0xC8 for c in hanzi)


def _western_share(text: str) -> float:
    """Western text has an accented letter or a symbol alone among ASCII letters (Zoë,
    Müller, 25°), and curly quotes and dashes anywhere; Chinese bytes read as
    Windows-1252 make runs of accented letters and symbols (订单 is "¶©µ¥")."""
    runs = [m.group() for m in itertools.islice(NON_ASCII_RUN.finditer(text), SCORED_CHARACTERS)]
    total = sum(map(len, runs))
    if not total:
        return 1.0
    alone = sum(1 for run in runs if len(run) == 1 and _western(run))
    marks = sum(1 for run in runs if len(run) > 1 for char in run if char in PUNCTUATION)
    return (alone + marks) / total


def _in_gb2312(char: str) -> bool:
    if "\u3040" <= char <= "\u30ff":  # GB2312 has kana, but Chinese text never uses them
        return False
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _frequent_big5(char: str) -> bool:
    try:
        lead = char.encode("big5")[0]
    except UnicodeEncodeError:
        return False
    return 0xA1 <= lead <= 0xC6


def _western(char: str) -> bool:
    return (char.isalpha() and ord(char) < 0x250) or char in PUNCTUATION or char in SYMBOLS


def _any_script(char: str) -> bool:
    return _in_gb2312(char) or _frequent_big5(char) or _western(char)


ORDINARY = {
    "gbk": _in_gb2312,
    "gb18030": _in_gb2312,
    "big5": _frequent_big5,
    "cp950": _frequent_big5,
}


def _check_no_utf8_lines(payload: bytes, encoding: str) -> None:
    """Refuse a legacy-encoded file with a line that reads better as UTF-8."""
    for match in UTF8_LINE.finditer(payload):
        line = match.group()
        if _ordinary_share(line.decode("utf-8"), "utf-8") > _share_as(line, encoding):
            raise _mixed(encoding, str(payload.count(b"\n", 0, match.start()) + 1))


def _raise_undecodable(payload: bytes, utf8_error: UnicodeDecodeError) -> NoReturn:
    """No encoding fits: a mixed file if legacy lines come before a UTF-8 line, else unknown."""
    first = UTF8_LINE.search(payload)
    if first is not None and first.start() > 0:
        top = payload[: first.start()]
        for family in LEGACY:
            decoded = _first_decoding(top, family)
            if decoded and _fits(top, decoded[0]):
                raise _mixed(decoded[0], str(payload.count(b"\n", 0, first.start()) + 1))
    line = _line_of(payload, utf8_error.start)
    guess = _guess(payload)
    if guess and guess not in TRIED:
        raise RejectedUpload([Problem(0, "", guess, "unknown_encoding_guess", line)])
    raise file_problem("unknown_encoding", line)


def _fits(top: bytes, encoding: str) -> bool:
    """Do these lines read as everyday text in ``encoding`` (and hold some of it)?"""
    if top.isascii():
        return False
    try:
        return _ordinary_share(top.decode(encoding), encoding) >= PLAUSIBLE
    except UnicodeDecodeError:
        return False


def _bad_utf8_line(body: bytes, error: UnicodeDecodeError) -> RejectedUpload:
    """A UTF-8 file (it has the BOM) with a line that is not: Chinese in another encoding
    appended (the line reads as GBK or Big5), or damaged bytes."""
    start = body.rfind(b"\n", 0, error.start) + 1
    end = body.find(b"\n", error.start)
    line = body[start : end if end >= 0 else None]
    number = _line_of(body, error.start)
    chinese = (_first_decoding(line, family) for family in LEGACY[:2])
    if any(decoded and _fits(line, decoded[0]) for decoded in chinese):
        return _mixed("utf-8-sig", number)
    return RejectedUpload([Problem(0, "", "utf-8", "bad_bytes", number)])


def _mixed(encoding: str, line: str) -> RejectedUpload:
    return RejectedUpload([Problem(0, "", encoding, "mixed_encoding", line)])


def _forced(payload: bytes, encoding: str) -> DecodedText:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        problem = Problem(0, "", encoding, "unknown_codec", ", ".join(ENCODINGS))
        raise RejectedUpload([problem]) from None
    if name == "utf-8" and payload.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    return _utf8(_strict(payload, name), name)


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
        line = _line_of(payload, error.start, encoding)
        raise RejectedUpload([Problem(0, "", encoding, "bad_bytes", line)]) from None


def _line_of(payload: bytes, position: int, encoding: str = "") -> str:
    """The line of the byte at ``position`` (the first that does not decode)."""
    if encoding.startswith("utf-16") or encoding.startswith("utf_16"):
        text = payload[: position - position % 2].decode(encoding, errors="ignore")
        return str(text.count("\n") + 1)
    return str(payload.count(b"\n", 0, position) + 1)


def _guess(payload: bytes) -> str:
    """What charset-normalizer takes the text to be, named only to help the user."""
    best = from_bytes(payload[:SNIFF_BYTES]).best()
    return best.encoding if best is not None else ""
