"""The pack as a PDF: Debian's Chromium prints the pack's web page (fonts embedded as
subsets, the SVG charts stay vector). Never a downloaded browser."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from sales_dash.pack.document import Pack
from sales_dash.pack.errors import PackError
from sales_dash.pack.html import render_html
from sales_dash.pack.text_map import ideographs_in_text_map

CHROMIUM = "/usr/bin/chromium"
PRINT_SECONDS = 120


def chromium() -> str | None:
    """Debian's Chromium if installed (the path, or ``chromium`` on PATH)."""
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")


def render_pdf(pack: Pack) -> bytes:
    """The PDF bytes; PackError when Chromium is missing or fails."""
    browser = chromium()
    if browser is None:
        raise PackError("pack_no_chromium")
    with tempfile.TemporaryDirectory(prefix="sales-dash-pack-") as folder:
        page, out = Path(folder) / "pack.html", Path(folder) / "pack.pdf"
        page.write_text(render_html(pack), encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            # nothing from the network: the page is self-contained
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={Path(folder) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=PRINT_SECONDS, check=False, cwd=folder
            )
        except subprocess.TimeoutExpired:
            raise PackError("pack_pdf_failed", reason=f"timeout {PRINT_SECONDS}s") from None
        if not out.exists() or out.stat().st_size == 0:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [
                f"exit {done.returncode}"
            ]
            raise PackError("pack_pdf_failed", reason=reason[0])
        return ideographs_in_text_map(out.read_bytes())
