"""What ordinary text looks like in each script: the judge of a guessed encoding.

Bytes decoded with the wrong legacy encoding still decode, but into text nobody writes:
rare characters, kana and box drawing for Chinese read in the other Chinese encoding,
runs of accented letters for Chinese read as Windows-1252. The share of ordinary
characters tells the encodings apart.
"""

from __future__ import annotations

import itertools
import re

PLAUSIBLE = 0.6
"""Share of the non-ASCII characters that must be ordinary text in the encoding chosen."""
KOREAN_EVIDENCE = 20
"""Chinese characters needed before their GB2312 rows may prove the text Korean."""
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


def ordinary_share(text: str, encoding: str) -> float:
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


def share_as(data: bytes, encoding: str) -> float:
    try:
        return ordinary_share(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        return 0.0


def fits(top: bytes, encoding: str) -> bool:
    """Do these lines read as everyday text in ``encoding`` (and hold some of it)?"""
    if top.isascii():
        return False
    try:
        return ordinary_share(top.decode(encoding), encoding) >= PLAUSIBLE
    except UnicodeDecodeError:
        return False
