"""The PDF's text as its reader copies or searches it: CJK ideographs, not radicals.

Noto Sans CJK draws a radical and its ideograph with one glyph (⽉ U+2F49 and 月 U+6708,
⻚ U+2EDA and 页 U+9875). Chromium's PDF maps each glyph back to the lowest code point
naming it, so "本月" would copy as "本⽉" and a search for 月 would miss it. The fonts' own
character maps say which ideograph shares each radical's glyph; the PDF's ToUnicode maps
are rewritten to name the ideograph.
"""

from __future__ import annotations

import functools
import io
import re
import struct
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import StreamObject

CJK_FONTS = (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),)
"""fonts-noto-cjk's; its bold shares the same glyph for the same pairs."""
RADICALS = range(0x2E80, 0x2FE0)
"""CJK Radicals Supplement and Kangxi Radicals."""
IDEOGRAPHS = (range(0x4E00, 0xA000), range(0x3400, 0x4DC0), range(0x20000, 0x32000))
HEX = re.compile(rb"<([0-9A-Fa-f]{2,8})>")


def _groups(font: bytes, offset: int) -> list[tuple[int, int, int]]:
    """The (first char, last char, first glyph) groups of one face's format 12 cmap."""
    count = struct.unpack_from(">H", font, offset + 4)[0]
    for index in range(count):
        tag, _, table, _ = struct.unpack_from(">4sIII", font, offset + 12 + 16 * index)
        if tag != b"cmap":
            continue
        subtables = struct.unpack_from(">H", font, table + 2)[0]
        for number in range(subtables):
            _, _, sub = struct.unpack_from(">HHI", font, table + 4 + 8 * number)
            if struct.unpack_from(">H", font, table + sub)[0] == 12:
                groups = struct.unpack_from(">I", font, table + sub + 12)[0]
                start = table + sub + 16
                return [struct.unpack_from(">III", font, start + 12 * g) for g in range(groups)]
    return []


@functools.cache
def radical_twins() -> dict[int, int]:
    """Each radical's ideograph: the one drawn with the same glyph in the CJK fonts."""
    twins: dict[int, int] = {}
    for path in CJK_FONTS:
        try:
            font = path.read_bytes()
        except OSError:
            continue
        faces = (
            struct.unpack_from(f">{struct.unpack_from('>I', font, 8)[0]}I", font, 12)
            if font[:4] == b"ttcf"
            else (0,)
        )
        for face in faces:
            groups = _groups(font, face)
            by_glyph: dict[int, int] = {}
            for first, last, glyph in groups:
                if last >= RADICALS.start and first < RADICALS.stop:
                    for code in range(max(first, RADICALS.start), min(last, RADICALS.stop - 1) + 1):
                        by_glyph.setdefault(glyph + code - first, code)
            for first, last, glyph in groups:
                for block in IDEOGRAPHS:
                    low, high = max(first, block.start), min(last, block.stop - 1)
                    for code in range(low, high + 1):
                        radical = by_glyph.get(glyph + code - first)
                        if radical is not None:
                            twins.setdefault(radical, code)
    return twins


def _destination(match: re.Match[bytes], twins: dict[int, int]) -> bytes:
    code = int(match.group(1), 16)
    twin = twins.get(code)
    if twin is None:
        return match.group(0)
    return b"<" + chr(twin).encode("utf-16-be").hex().upper().encode() + b">"


def _fixed_cmap(data: bytes, twins: dict[int, int]) -> bytes:
    lines = []
    for line in data.split(b"\n"):
        tokens = HEX.findall(line)
        if len(tokens) in (2, 3):  # bfchar "<src> <dst>", bfrange "<lo> <hi> <dst>"
            head, _, last = line.rpartition(b"<")
            line = head + HEX.sub(lambda m: _destination(m, twins), b"<" + last)
        lines.append(line)
    return b"\n".join(lines)


def ideographs_in_text_map(pdf: bytes) -> bytes:
    """``pdf`` with every radical its ToUnicode maps name replaced by its ideograph."""
    twins = radical_twins()
    if not twins:
        return pdf
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    seen: set[int] = set()
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            cmap = font.get("/ToUnicode")
            if cmap is None:
                continue
            stream = cmap.get_object()
            if id(stream) in seen or not isinstance(stream, StreamObject):
                continue
            seen.add(id(stream))
            stream.set_data(_fixed_cmap(stream.get_data(), twins))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
