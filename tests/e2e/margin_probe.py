"""Whether plotly.js must push a chart's margins (automargin) to fit its labels: a push
is a second full draw of the figure in the browser (issue 15). Not a test: a tool.

``python -m tests.e2e.margin_probe`` draws every figure of
``tests/e2e/test_chart_labels_browser.py`` at the widths a 1280 and a 1920 screen give
it and prints, per figure, the margins the figure asks for and those plotly.js drew
with; a figure whose margins moved was drawn twice.
"""

from __future__ import annotations

import json
import statistics
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from sales_dash.lake import Lake
from tests.e2e.clock_probe import ARGS, CHROMIUM
from tests.e2e.test_chart_labels_browser import PLOTLY_JS, WIDTHS, figures

DRAW = """async ([spec, width]) => {
    const gd = document.getElementById('plot');
    Plotly.purge(gd);
    const layout = Object.assign({}, spec.layout, {width: width});
    const start = performance.now();
    await Plotly.newPlot(gd, spec.data, layout, {staticPlot: true});
    const ms = performance.now() - start;
    const size = gd._fullLayout._size;
    return [{l: size.l, r: size.r, t: size.t, b: size.b}, ms];
}"""


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 2000, "height": 1600})
        page.set_content('<html><body style="margin:0"><div id="plot"></div></body></html>')
        page.add_script_tag(path=str(PLOTLY_JS))
        pushed = total = 0
        spent: list[float] = []
        for language in ("zh", "en"):
            with tempfile.TemporaryDirectory() as folder:
                built = figures(language, Lake(Path(folder) / "lake"))
            for name, figure in built.items():
                spec = json.loads(figure.to_json())
                asked = spec["layout"].get("margin", {})
                for size, width in WIDTHS.items():
                    drawn, ms = page.evaluate(DRAW, [spec, width])
                    spent.append(ms)
                    moved = {
                        k: (asked.get(k), round(v))
                        for k, v in drawn.items()
                        if abs(v - asked.get(k, 80)) > 0.5
                    }
                    total += 1
                    pushed += bool(moved)
                    print(f"{language} {name:24} {size:10} asked {asked}  moved {moved}")
        print(f"{pushed} of {total} drawings had their margins pushed (drawn twice)")
        print(f"newPlot: {sum(spent):.0f} ms in all, median {statistics.median(spent):.1f} ms")
        browser.close()


if __name__ == "__main__":
    main()
