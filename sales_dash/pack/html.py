"""The pack as one web page: a landscape A4 sheet per section, charts as inline SVG.

Every text from the data is escaped (a customer named ``<b>`` reads as itself). Chromium
prints this page to the PDF (``sales_dash.pack.pdf``), so both look the same.
"""

from __future__ import annotations

from html import escape

from sales_dash.pack.document import Bars, Pack, Page, Table, note_lines
from sales_dash.pack.geometry import layout

FONTS = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Noto Sans", sans-serif'
STYLE = f"""
@page {{ size: 297mm 210mm; margin: 0; }}
* {{ box-sizing: border-box; }}
body {{ margin: 0; font-family: {FONTS}; color: #222; background: #888; }}
.page {{ width: 297mm; height: 210mm; padding: 12mm 16mm 10mm; background: #fff;
  position: relative; overflow: hidden; margin: 0 auto 6mm; break-after: page; }}
.page:last-child {{ break-after: auto; }}
@media print {{ body {{ background: #fff; }} .page {{ margin: 0; }} }}
header {{ display: flex; justify-content: space-between; align-items: baseline;
  border-bottom: 0.6mm solid #1f5fa8; padding-bottom: 2mm; margin-bottom: 5mm; }}
h1 {{ font-size: 24pt; margin: 0; }}
.scope {{ font-size: 14pt; color: #1f5fa8; }}
footer {{ position: absolute; left: 16mm; right: 16mm; bottom: 6mm; font-size: 10pt;
  color: #555; display: flex; justify-content: space-between; }}
ul.lines {{ font-size: 17pt; line-height: 1.5; margin: 0 0 4mm; padding-left: 6mm; }}
.tables {{ display: flex; gap: 8mm; }}
.tables > div {{ flex: 1; }}
h2 {{ font-size: 14pt; margin: 0 0 2mm; }}
table {{ border-collapse: collapse; width: 100%; font-size: 12pt; }}
th, td {{ padding: 1.4mm 2mm; border-bottom: 0.2mm solid #ccc; text-align: left; }}
th {{ background: #eef3f9; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.empty {{ font-size: 14pt; color: #555; }}
.notes {{ font-size: 12pt; margin-top: 3mm; border-top: 0.2mm solid #ccc; }}
svg {{ display: block; width: 100%; }}
"""


def _svg(bars: Bars, height: float) -> str:
    drawing = layout(bars, 265.0, height, 4.6)  # millimetres of the sheet
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {drawing.width} {drawing.height}"'
        f" style=\"height:{height}mm\" font-family='{FONTS}'>"
    ]
    for r in drawing.rects:
        parts.append(
            f'<rect x="{r.x:.2f}" y="{r.y:.2f}" width="{r.width:.2f}" height="{r.height:.2f}"'
            f' fill="{r.color}"/>'
        )
    for line in drawing.lines:
        dash = ' stroke-dasharray="2 1.2"' if line.color != "#222222" else ""
        parts.append(
            f'<line x1="{line.x1:.2f}" y1="{line.y1:.2f}" x2="{line.x2:.2f}" y2="{line.y2:.2f}"'
            f' stroke="{line.color}" stroke-width="0.4"{dash}/>'
        )
    for label in drawing.labels:
        halo = ' stroke="#fff" stroke-width="1" paint-order="stroke"' if label.halo else ""
        parts.append(
            f'<text x="{label.x:.2f}" y="{label.y:.2f}" font-size="{label.size:.2f}"'
            f' text-anchor="{label.anchor}" fill="{label.color}"{halo}>{escape(label.text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _numeric(cell: str) -> bool:
    """Amounts, counts, ratios and points: right-aligned so their digits line up."""
    return any(c.isdigit() for c in cell) and cell.endswith(
        ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "%", "pt", "万", "亿", "K", "M")
    )


def _table(table: Table) -> str:
    title = f"<h2>{escape(table.title)}</h2>" if table.title else ""
    if not table.rows:
        return f'<div>{title}<p class="empty">{escape(table.empty)}</p></div>'
    numeric = [_numeric(c) for c in table.rows[0]]  # a column's header sits like its cells
    head = "".join(
        f'<th class="num">{escape(h)}</th>' if right else f"<th>{escape(h)}</th>"
        for h, right in zip(table.headers, numeric, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(c)}</td>' if _numeric(c) else f"<td>{escape(c)}</td>"
            for c in row
        )
        + "</tr>"
        for row in table.rows
    )
    return f"<div>{title}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


def _page(pack: Pack, page: Page, number: int) -> str:
    parts = [
        '<section class="page">',
        f'<header><h1>{escape(page.title)}</h1><span class="scope">{escape(pack.scope)}'
        "</span></header>",
    ]
    if page.lines:
        parts.append('<ul class="lines">')
        parts.extend(f"<li>{escape(line)}</li>" for line in page.lines)
        parts.append("</ul>")
    if page.chart:
        parts.append(_svg(page.chart, 70.0 if page.tables or page.lines else 130.0))
    if page.tables:
        parts.append('<div class="tables">')
        parts.extend(_table(t) for t in page.tables)
        parts.append("</div>")
    notes = note_lines(page.notes, pack.language)
    if notes:
        parts.append('<div class="notes"><ul>')
        parts.extend(f"<li>{escape(line)}</li>" for line in notes)
        parts.append("</ul></div>")
    parts.append(
        f"<footer><span>{escape(pack.title)} · {escape(pack.scope)}</span>"
        f"<span>{escape(pack.footer(number))}</span></footer></section>"
    )
    return "".join(parts)


def render_html(pack: Pack) -> str:
    """The whole pack as one self-contained page (nothing fetched from anywhere)."""
    lang = "zh-CN" if pack.language == "zh" else "en"
    pages = "".join(_page(pack, page, n) for n, page in enumerate(pack.pages, start=1))
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(pack.title)} · {escape(pack.scope)}</title>"
        f"<style>{STYLE}</style></head><body>{pages}</body></html>"
    )
