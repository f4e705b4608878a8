"""The meeting pack from the command line (PDF, slides, web page) on the demo lake, and
mailed through a real SMTP server on 127.0.0.1 to each recipient in their own scope."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from html import unescape
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from aiosmtpd.controller import Controller
from pptx import Presentation
from pptx.util import Pt
from pypdf import PdfReader

from sales_dash.access import Role
from sales_dash.accounts import AccountStore
from sales_dash.cli import main
from sales_dash.engine.metrics import compute_metric
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from sales_dash.pack.document import meeting_view
from sales_dash.sections.meeting import SECTIONS, headlines, meeting, scope_name
from sales_dash.settings import PROJECT_ROOT
from tests.certificates import self_signed
from tests.conftest import DEMO_TODAY

AS_OF = DEMO_TODAY
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts" / "pack"
REGIONS = ("华东", "华北", "华南", "华中", "西南", "东北")
SCOPE = {"zh": "全公司 · 本月 · 截至 11-23", "en": "All regions · This month · as of 11-23"}
EAST_SCOPE = {"zh": "华东 · 本月 · 截至 11-23", "en": "华东 · This month · as of 11-23"}
PAGE = {"zh": "第 {n}/{total} 页", "en": "page {n} of {total}"}


def _flat(value: str) -> str:
    """Text without whitespace: a PDF's extracted text breaks lines where the layout does."""
    return re.sub(r"\s+", "", value)


def _said(lake: Lake, language: str, filters: Filters | None = None) -> list[str]:
    filters = filters or Filters()
    scope = scope_name(filters, lake.access, language)
    return headlines(meeting(lake, meeting_view(AS_OF, filters)), language, scope)


def _report(lake: Lake, out: Path, fmt: str, *options: str) -> int:
    return main(
        ["report", "meeting", "--format", fmt, "--out", str(out), "--data", str(lake.root),
         "--as-of", AS_OF.isoformat(), *options]
    )  # fmt: skip


def _pdf_pages(payload: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(payload)).pages]


def _slides(payload: bytes) -> list[str]:
    texts = []
    for slide in Presentation(io.BytesIO(payload)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        texts.append("\n".join(parts))
    return texts


@pytest.mark.slow
@pytest.mark.parametrize("language", ["zh", "en"])
def test_pdf_holds_the_meeting_in_the_language(
    demo_lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", language)
    out = tmp_path / "meeting.pdf"
    assert _report(demo_lake, out, "pdf") == 0
    pages = _pdf_pages(out.read_bytes())
    assert len(pages) == len(SECTIONS)
    for number, page in enumerate(pages, start=1):
        # scope, as-of and the page number on every page
        assert _flat(SCOPE[language]) in _flat(page)
        assert _flat(PAGE[language].format(n=number, total=len(SECTIONS))) in _flat(page)
        assert "2026-11-23" in page
    for line in _said(demo_lake, language):
        assert _flat(line) in _flat(pages[0])
    for region in REGIONS:
        assert region in _flat(pages[2])  # the pacing page names every region
    # the fonts travel inside the file: every font embedded, text mapped back to Unicode
    reader = PdfReader(out)
    fonts = {}
    for page in reader.pages:
        for name, ref in page["/Resources"]["/Font"].items():
            fonts[f"{page.indirect_reference}{name}"] = ref.get_object()
    assert fonts
    for font in fonts.values():
        assert "/ToUnicode" in font
        if font["/Subtype"] == "/Type3":  # glyphs drawn inside the file
            assert len(font["/CharProcs"]) > 0
        else:
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if font["/Subtype"] == "/Type0"
                else font["/FontDescriptor"]
            )
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    if language == "zh":
        assert "周例会" in pages[0] and "本月" in pages[0]
        # copied or searched, 月 is 月: not the Kangxi radical ⽉ that shares its glyph
        assert not any(0x2E80 <= ord(c) < 0x2FE0 for c in "".join(pages))
    # rendered for a look (tests/artifacts/pack/): the headline and pacing pages
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "3", str(out),
         str(ARTIFACTS / f"meeting_{language}")],
        check=True,
    )  # fmt: skip
    assert (ARTIFACTS / f"meeting_{language}-1.png").stat().st_size > 10_000


@pytest.mark.parametrize("language", ["zh", "en"])
def test_slides_hold_the_meeting_in_the_language(
    demo_lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", language)
    out = tmp_path / "meeting.pptx"
    assert _report(demo_lake, out, "pptx") == 0
    slides = _slides(out.read_bytes())
    assert len(slides) == len(SECTIONS)
    for number, slide in enumerate(slides, start=1):
        assert SCOPE[language] in slide
        assert PAGE[language].format(n=number, total=len(SECTIONS)) in slide
    for line in _said(demo_lake, language):
        assert line in slides[0]
    for region in REGIONS:
        assert region in slides[2]
    # the pacing table: the engine's month-to-date figures, in one unit named in the header
    regions = compute_metric(
        demo_lake, "attainment", dt.date(2026, 11, 1), dt.date(2026, 11, 30), AS_OF, by="region"
    )
    deck_tables = [
        shape.table for shape in Presentation(str(out)).slides[2].shapes if shape.has_table
    ]
    [grid] = deck_tables
    rows = [[cell.text for cell in row.cells] for row in grid.rows]
    # the unit of the largest amount (issue 14): millions of yuan read 万 in zh, M in en
    revenue, quota = ("销售额（万元）", "销售指标（万元）") if language == "zh" else (
        "Revenue (CN¥M)", "Quota (CN¥M)")  # fmt: skip
    assert rows[0][1:3] == [revenue, quota]
    divisor, places = (1e4, 1) if language == "zh" else (1e6, 2)
    shown = {row[0]: row for row in rows[1:]}
    for row in regions.iter_rows(named=True):
        cells = shown[row["region"]]
        assert cells[1] == f"{float(row['revenue']) / divisor:,.{places}f}"
        assert cells[2] == f"{float(row['quota']) / divisor:,.{places}f}"
        assert cells[3] == f"{row['attainment'] * 100:.1f}%"
    # every shape on its slide, and none of the content reaching into the footer
    deck = Presentation(str(out))
    footer_top = deck.slide_height - Pt(32)
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= deck.slide_width
            assert shape.top >= 0 and shape.top + shape.height <= deck.slide_height
            if shape.has_text_frame and shape.top < footer_top:
                assert shape.top + shape.height <= footer_top, shape.text_frame.text


def test_a_region_filter_names_its_scope_and_shows_only_that_region(
    demo_lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "zh")
    out = tmp_path / "east.html"
    assert _report(demo_lake, out, "html", "--region", "华东") == 0
    page = unescape(out.read_text(encoding="utf-8"))
    assert page.count(EAST_SCOPE["zh"]) >= 2 * len(SECTIONS)  # header and footer of each
    for line in _said(demo_lake, "zh", Filters(regions=("华东",))):
        assert line in page
    for region in set(REGIONS) - {"华东"}:
        assert region not in page


def test_no_pdf_without_data_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    assert _report(Lake(tmp_path / "empty"), tmp_path / "x.pdf", "pdf") == 2
    assert not (tmp_path / "x.pdf").exists()


class _Inbox:
    """A real SMTP server's handler: every message as it arrived."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.content))  # type: ignore[attr-defined]
        return "250 OK"


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Inbox]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = _Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("SALES_DASH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SALES_DASH_SMTP_PORT", str(port))
    monkeypatch.setenv("SALES_DASH_SMTP_STARTTLS", "0")
    monkeypatch.setenv("SALES_DASH_SMTP_FROM", "meeting@example.com")
    yield handler
    controller.stop()


def _attachment(raw: bytes) -> tuple[Message, str, bytes]:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = [p for p in message.walk() if p.get_filename()]
    assert len(parts) == 1
    payload = parts[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    return message, parts[0].get_filename() or "", payload


@pytest.mark.slow
def test_each_recipient_gets_the_pack_of_their_own_scope(
    demo_lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inbox: _Inbox
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "zh")
    lake = Lake(tmp_path / "lake")
    shutil.copytree(demo_lake.root, lake.root)
    store = AccountStore(lake)
    east = store.add("east@example.com", Role.REGION_MANAGER, regions=["华东"])
    store.add("boss@example.com", Role.DIRECTOR)
    argv = ["send", "meeting", "--data", str(lake.root), "--as-of", AS_OF.isoformat()]
    # a filter outside a recipient's scope: refused, not an empty pack that reads as zero
    assert main([*argv, "--to", "boss@example.com", "east@example.com", "--region", "华北"]) == 2
    assert inbox.messages == []
    assert main([*argv, "--to", "east@example.com", "boss@example.com"]) == 0
    assert len(inbox.messages) == 2
    by_recipient = {rcpts[0]: raw for rcpts, raw in inbox.messages}

    message, name, payload = _attachment(by_recipient["east@example.com"])
    assert message["Subject"] == f"周例会 · {EAST_SCOPE['zh']}"
    assert name == "周例会_2026-11-23.pdf"
    pages = _pdf_pages(payload)  # the attachment opens
    east_lake = lake.scoped(east.access())
    east_scope = scope_name(Filters(), east_lake.access, "zh")
    east_said = headlines(meeting(east_lake, meeting_view(AS_OF, Filters())), "zh", east_scope)
    for line in east_said:
        assert _flat(line) in _flat(pages[0])
    assert any(line.startswith("华东本月达成") for line in east_said)
    # nothing of another region in a region manager's pack (raw text: flattened, "彭华 南京"
    # would read 华南); the headline, week and pacing pages list regions
    for region in set(REGIONS) - {"华东"}:
        assert not any(region in page for page in pages[:3])
    assert "华东" in pages[1] and "华东" in pages[2]
    # the right numbers: the engine's 华东 month to date, in 万元 as the header says
    [east_row] = (
        compute_metric(
            lake, "attainment", dt.date(2026, 11, 1), dt.date(2026, 11, 30), AS_OF, by="region"
        )
        .filter(pl.col("region") == "华东")
        .iter_rows(named=True)
    )
    expected = f"华东 {float(east_row['revenue']) / 1e4:,.1f} {float(east_row['quota']) / 1e4:,.1f}"
    assert expected in pages[2] and "销售额（万元）" in pages[2]

    message, _, payload = _attachment(by_recipient["boss@example.com"])
    assert message["Subject"] == f"周例会 · {SCOPE['zh']}"
    pages = _pdf_pages(payload)
    for line in _said(lake, "zh"):
        assert _flat(line) in _flat(pages[0])
    assert all(region in _flat(pages[2]) for region in REGIONS)
    body = message.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    assert _said(lake, "zh")[0] in body.get_content()


def test_an_address_that_is_no_account_needs_unscoped(
    demo_lake: Lake,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    inbox: _Inbox,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    argv = ["send", "meeting", "--data", str(demo_lake.root), "--as-of", AS_OF.isoformat()]
    assert main([*argv, "--to", "stranger@example.com", "--format", "pptx"]) == 2
    assert "stranger@example.com is no account" in capsys.readouterr().err
    assert inbox.messages == []
    assert main([*argv, "--to", "stranger@example.com", "--format", "pptx", "--unscoped"]) == 0
    [(rcpts, raw)] = inbox.messages
    assert rcpts == ["stranger@example.com"]
    message, name, payload = _attachment(raw)
    assert message["Subject"] == f"Weekly meeting · {SCOPE['en']}"
    assert name == "weekly-meeting_2026-11-23.pptx"
    slides = _slides(payload)
    for line in _said(demo_lake, "en"):
        assert line in slides[0]


def test_no_smtp_host_is_one_sentence(
    demo_lake: Lake, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "zh")
    monkeypatch.delenv("SALES_DASH_SMTP_HOST", raising=False)
    argv = ["send", "meeting", "--data", str(demo_lake.root), "--to", "a@example.com", "--unscoped"]
    assert main(argv) == 2
    assert "没有设置 SMTP 服务器" in capsys.readouterr().err


def _buttons_page(root: str) -> None:
    import datetime as dt

    from sales_dash.filters import Filters
    from sales_dash.lake import Lake
    from sales_dash.pack.document import meeting_view
    from sales_dash.ui.frame import Context
    from sales_dash.ui.pack import pack_buttons

    view = meeting_view(dt.date(2026, 11, 23), Filters(regions=("华东",)))
    pack_buttons(Context(Lake(root), "zh", view), view)


def test_the_meeting_page_offers_the_pack_in_each_format(demo_lake: Lake) -> None:
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_buttons_page, args=(str(demo_lake.root),)).run(timeout=60)
    assert not app.exception
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["下载 PDF", "下载 PPT", "下载 HTML"]


def test_a_folder_that_is_not_there_is_one_sentence(
    demo_lake: Lake,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "zh")
    out = tmp_path / "missing" / "x.pptx"
    assert _report(demo_lake, out, "pptx") == 2
    assert capsys.readouterr().err.strip() == f"sales-dash: 无法写入 {out}：文件夹不存在"


def test_a_name_that_is_no_address_is_refused_before_anything_is_sent(
    demo_lake: Lake,
    monkeypatch: pytest.MonkeyPatch,
    inbox: _Inbox,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
    argv = ["send", "meeting", "--data", str(demo_lake.root), "--unscoped", "--format", "html"]
    assert main([*argv, "--to", "ok@example.com", "wang"]) == 2
    assert "wang is not an e-mail address. Nothing was sent." in capsys.readouterr().err
    assert inbox.messages == []


def test_names_from_the_data_are_text_on_the_page() -> None:
    from sales_dash.pack.document import Bars, Pack, Page, Table
    from sales_dash.pack.html import render_html

    hostile = '<img src=x onerror="alert(1)">'
    page = Page(
        "headlines",
        "要点",
        lines=(hostile,),
        chart=Bars((hostile,), (("本周", (1.0,)),), ((hostile,),)),
        tables=(Table(hostile, (hostile,), ((hostile,),)),),
    )
    pack = Pack("zh", "周例会", hostile, DEMO_TODAY, (hostile,), (page,))
    html = render_html(pack)
    assert "<img" not in html
    assert html.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;") >= 6


def test_starttls_and_the_password_from_the_environment(
    demo_lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ssl

    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = self_signed(tmp_path, "smtp")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server: object, session: object, envelope: object, mechanism: str,
                      data: object) -> AuthResult:  # fmt: skip
        assert isinstance(data, LoginPassword)
        logins.append((data.login, data.password))
        return AuthResult(success=data.password == b"s3cret pass")

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = _Inbox()
    controller = Controller(
        handler, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
        authenticator=authenticator, auth_require_tls=True, server_hostname="127.0.0.1",
    )  # fmt: skip
    controller.start()
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        monkeypatch.setenv("SALES_DASH_LANGUAGE", "en")
        monkeypatch.setenv("SALES_DASH_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("SALES_DASH_SMTP_PORT", str(port))
        monkeypatch.setenv("SALES_DASH_SMTP_STARTTLS", "1")
        monkeypatch.setenv("SALES_DASH_SMTP_USER", "meeting@example.com")
        monkeypatch.setenv("SALES_DASH_SMTP_PASSWORD", "s3cret pass")
        argv = ["send", "meeting", "--data", str(demo_lake.root), "--as-of", AS_OF.isoformat()]
        assert main([*argv, "--to", "x@example.com", "--unscoped", "--format", "html"]) == 0
    finally:
        controller.stop()
    assert logins == [(b"meeting@example.com", b"s3cret pass")]
    [(rcpts, raw)] = handler.messages
    assert rcpts == ["x@example.com"]
    message, name, payload = _attachment(raw)
    assert message["From"] == "sales-dash <meeting@example.com>"
    assert name == "weekly-meeting_2026-11-23.html"
    assert SCOPE["en"] in payload.decode("utf-8")


def test_the_password_can_live_in_the_secrets_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sales_dash.pack.mail import smtp_password

    monkeypatch.delenv("SALES_DASH_SMTP_PASSWORD", raising=False)
    assert smtp_password(tmp_path) == ""
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('smtp_password = "p@ss"\n')
    assert smtp_password(tmp_path) == "p@ss"
    monkeypatch.setenv("SALES_DASH_SMTP_PASSWORD", "from env")
    assert smtp_password(tmp_path) == "from env"


@dataclass(frozen=True)
class _Item:
    what: str
    owner: str
    due: dt.date | None
    status: str


class _Stored:
    """Shaped like the meeting's notes store (a note per section, items by section)."""

    def __init__(self, by_section: dict[str, Any]) -> None:
        self.notes = {s: n.note for s, n in by_section.items()}
        self._items = {s: list(n.actions) for s, n in by_section.items()}

    def section_items(self, section: str) -> list[_Item]:
        return self._items.get(section, [])


def test_notes_and_action_items_print_under_their_section(demo_lake: Lake) -> None:
    from sales_dash.pack.document import SectionNotes, build_pack, notes_by_section
    from sales_dash.pack.html import render_html
    from sales_dash.pack.pptx import render_pptx

    notes = {
        "pacing": SectionNotes(
            "华东落后：周三前补单",
            (
                _Item("跟进苏州国美", "R007", dt.date(2026, 11, 27), "open"),
                _Item("<催> 宁波回款", "", None, "done"),
            ),
        )
    }
    pack = build_pack(demo_lake, meeting_view(AS_OF, Filters()), "zh", notes)
    assert notes_by_section(_Stored(notes))["pacing"] == notes["pacing"]
    slides = _slides(render_pptx(pack))
    expected = (
        "备注: 华东落后：周三前补单",
        "跟进苏州国美（R007，2026-11-27 前，未完成）",
        "<催> 宁波回款（—，— 前，已完成）",
    )
    for line in expected:
        assert line in slides[SECTIONS.index("pacing")]
        assert all(line not in slide for slide in slides[:2])
    page = render_html(pack)
    assert "&lt;催&gt; 宁波回款" in page and "<催>" not in page


def test_the_scope_line_names_what_the_reader_sees(tmp_path: Path) -> None:
    from sales_dash.access import Access
    from sales_dash.pack.document import scope_line

    day = dt.date(2026, 11, 28)
    manager = Lake(tmp_path, Access(Role.REGION_MANAGER, frozenset({"华东", "华南"})))
    assert scope_line(Lake(tmp_path), Filters(), day, "zh") == "全公司 · 本月 · 截至 11-28"
    assert scope_line(manager, Filters(), day, "zh") == "华东、华南 · 本月 · 截至 11-28"
    assert scope_line(manager, Filters(), day, "en") == "华东, 华南 · This month · as of 11-28"
    east = Filters(regions=("华东", "华北"), reps=("R1",))
    assert scope_line(manager, east, day, "en") == "华东 · Reps R1 · This month · as of 11-28"
    # a filter outside the reader's regions names the filter, never the whole company
    north = Filters(regions=("华北",))
    assert scope_line(manager, north, day, "zh") == "华北 · 本月 · 截至 11-28"
