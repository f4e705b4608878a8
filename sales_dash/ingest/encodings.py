"""How a text file was encoded: UTF-8, UTF-16 (with or without a BOM), GBK/GB18030,
Big5 or Windows-1252, decoded strictly and checked line by line.

A bad byte rejects the file, it never becomes "�"; a file that mixes encodings or holds a
NUL byte is refused naming the first such line; the encoding used is always reported.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import NoReturn

from charset_normalizer import from_bytes

from sales_dash.ingest.plausible import PLAUSIBLE, UNPRINTABLE, fits, ordinary_share, share_as
from sales_dash.ingest.problems import Problem, RejectedUpload, file_problem

SNIFF_BYTES = 64 * 1024
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
CERTAIN = 0.95
"""A share this high settles the encoding: the families after it are not tried."""


@dataclass(frozen=True)
class DecodedText:
    data: bytes
    """The text as UTF-8, without a byte order mark."""
    encoding: str
    """The codec the file was written in: utf-8, utf-8-sig, gbk, gb18030, big5, cp950,
    cp1252, utf-16, utf-16-le, utf-16-be, or the codec the user chose."""


def utf16_order(payload: bytes) -> str | None:
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
    order = utf16_order(payload)
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
        score = ordinary_share(text, encoding)
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
    return legacy is None or share_as(top, "utf-8") > share_as(top, legacy)


def _first_decoding(payload: bytes, family: tuple[str, ...]) -> tuple[str, str] | None:
    for encoding in family:
        try:
            return encoding, payload.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _check_no_utf8_lines(payload: bytes, encoding: str) -> None:
    """Refuse a legacy-encoded file with a line that reads better as UTF-8."""
    for match in UTF8_LINE.finditer(payload):
        line = match.group()
        if ordinary_share(line.decode("utf-8"), "utf-8") > share_as(line, encoding):
            raise _mixed(encoding, str(payload.count(b"\n", 0, match.start()) + 1))


def _raise_undecodable(payload: bytes, utf8_error: UnicodeDecodeError) -> NoReturn:
    """No encoding fits: a mixed file if legacy lines come before a UTF-8 line, else unknown."""
    first = UTF8_LINE.search(payload)
    if first is not None and first.start() > 0:
        top = payload[: first.start()]
        for family in LEGACY:
            decoded = _first_decoding(top, family)
            if decoded and fits(top, decoded[0]):
                raise _mixed(decoded[0], str(payload.count(b"\n", 0, first.start()) + 1))
    line = _line_of(payload, utf8_error.start)
    guess = _guess(payload)
    if guess and guess not in TRIED:
        raise RejectedUpload([Problem(0, "", guess, "unknown_encoding_guess", line)])
    raise file_problem("unknown_encoding", line)


def _bad_utf8_line(body: bytes, error: UnicodeDecodeError) -> RejectedUpload:
    """A UTF-8 file (it has the BOM) with a line that is not: Chinese in another encoding
    appended (the line reads as GBK or Big5), or damaged bytes."""
    start = body.rfind(b"\n", 0, error.start) + 1
    end = body.find(b"\n", error.start)
    line = body[start : end if end >= 0 else None]
    number = _line_of(body, error.start)
    chinese = (_first_decoding(line, family) for family in LEGACY[:2])
    if any(decoded and fits(line, decoded[0]) for decoded in chinese):
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
