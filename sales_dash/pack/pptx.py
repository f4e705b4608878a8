"""The pack as slides (python-pptx): one 16:9 slide per section, charts drawn with the
slide's own shapes from the same layout as the PDF's (vector, editable, no image)."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Emu, Pt

from sales_dash.pack.document import Bars, Pack, Page, Table, note_lines
from sales_dash.pack.geometry import layout

FONT = "Noto Sans CJK SC"
WIDTH, HEIGHT = Pt(960), Pt(540)  # 13.33 × 7.5 in
MARGIN = Pt(36)


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def _text(
    slide: Slide,
    left: int,
    top: int,
    width: int,
    height: int,
    lines: list[str] | tuple[str, ...],
    size: float,
    *,
    color: str = "#222222",
    align: PP_ALIGN = PP_ALIGN.LEFT,
    bold: bool = False,
    halo: bool = False,
) -> None:
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
    if halo:  # on white: a line passing behind never cuts through the text
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    frame = box.text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.name = FONT
        run.font.bold = bold
        run.font.color.rgb = _rgb(color)


def _chart(slide: Slide, bars: Bars, left: int, top: int, width: int, height: int) -> None:
    scale = width / 880.0  # layout in points of an 880-point-wide box
    drawing = layout(bars, 880.0, height / scale, 13.0)
    for r in drawing.rects:
        shape = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE,
            Emu(left + int(r.x * scale)),
            Emu(top + int(r.y * scale)),
            Emu(max(int(r.width * scale), 1)),
            Emu(max(int(r.height * scale), 1)),
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(r.color)
        shape.line.fill.background()
    for line in drawing.lines:
        connector = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT,
            Emu(left + int(line.x1 * scale)),
            Emu(top + int(line.y1 * scale)),
            Emu(left + int(line.x2 * scale)),
            Emu(top + int(line.y2 * scale)),
        )
        connector.line.color.rgb = _rgb(line.color)
    for label in drawing.labels:
        size = label.size * scale / Pt(1)  # points
        box_width = Pt(size * max(len(label.text), 1) * 0.75 + 6)
        x = left + int(label.x * scale)
        if label.anchor == "middle":
            x -= box_width // 2
        y = top + int(label.y * scale) - Pt(size * 1.35)
        align = PP_ALIGN.CENTER if label.anchor == "middle" else PP_ALIGN.LEFT
        _text(slide, x, y, box_width, Pt(size * 1.6), [label.text], size, color=label.color,
              align=align, halo=label.halo)  # fmt: skip


def _table(slide: Slide, table: Table, left: int, top: int, width: int) -> None:
    if table.title:
        _text(slide, left, top, width, Pt(24), [table.title], 16, bold=True)
        top += Pt(26)
    if not table.rows:
        _text(slide, left, top, width, Pt(24), [table.empty], 16, color="#555555")
        return
    row_height = Pt(22)
    shape = slide.shapes.add_table(
        len(table.rows) + 1, len(table.headers), Emu(left), Emu(top), Emu(width),
        Emu(row_height * (len(table.rows) + 1)),
    )  # fmt: skip
    grid = shape.table
    for row_index, row in enumerate((table.headers, *table.rows)):
        grid.rows[row_index].height = row_height
        for column, value in enumerate(row):
            frame = grid.cell(row_index, column).text_frame
            frame.text = value
            for run in frame.paragraphs[0].runs:
                run.font.size = Pt(11)
                run.font.name = FONT
                run.font.bold = row_index == 0


def _slide(deck: Deck, pack: Pack, page: Page, number: int) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank
    inner = WIDTH - 2 * MARGIN
    _text(slide, MARGIN, Pt(18), inner // 2, Pt(40), [page.title], 28, bold=True)
    _text(slide, MARGIN + inner // 2, Pt(24), inner // 2, Pt(30), [pack.scope], 16,
          color="#1f5fa8", align=PP_ALIGN.RIGHT)  # fmt: skip
    top: int = Pt(72)
    if page.lines:
        # as large as fits above the footer: the headlines of many regions shrink
        room = (HEIGHT - Pt(110) - top) / Pt(1) / (1.6 * len(page.lines))
        size = min(20 if page.chart is None else 15, max(room, 9))
        height = Pt(size * 1.6 * len(page.lines) + 8)
        _text(slide, MARGIN, top, inner, height, page.lines, size)
        top += height
    if page.chart:
        chart_height = Pt(200) if page.tables or page.lines else Pt(380)
        _chart(slide, page.chart, MARGIN, top, inner, chart_height)
        top += chart_height + Pt(10)
    if page.tables:
        width = (inner - Pt(20) * (len(page.tables) - 1)) // len(page.tables)
        for index, table in enumerate(page.tables):
            _table(slide, table, MARGIN + index * (width + Pt(20)), top, width)
    notes = note_lines(page.notes, pack.language)
    if notes:
        _text(slide, MARGIN, HEIGHT - Pt(100), inner, Pt(60), notes, 12)
    _text(slide, MARGIN, HEIGHT - Pt(32), inner // 2, Pt(20),
          [f"{pack.title} · {pack.scope}"], 10, color="#555555")  # fmt: skip
    _text(slide, MARGIN + inner // 2, HEIGHT - Pt(32), inner // 2, Pt(20),
          [pack.footer(number)], 10, color="#555555", align=PP_ALIGN.RIGHT)  # fmt: skip


def render_pptx(pack: Pack) -> bytes:
    """The deck's bytes: a slide per section, scope, as-of and slide number on each."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    for number, page in enumerate(pack.pages, start=1):
        _slide(deck, pack, page, number)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
