"""The meeting page under AppTest: the scope banner and headlines of a filtered meeting,
a freeze that holds its numbers through an upload, and notes and action items carried
to the next week under 上周待办."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sales_dash.demo import build_demo
from sales_dash.engine.metrics import compute_metric
from sales_dash.filters import Filters
from sales_dash.i18n import format_percent
from sales_dash.ingest import ingest_file
from sales_dash.lake import Lake
from tests.conftest import DEMO_ROWS, DEMO_TODAY, write_csv
from tests.test_pages_apptest import APP, AS_OF, NOVEMBER, assert_clean

pytestmark = pytest.mark.slow
EAST = Filters(regions=("华东",))


@pytest.fixture(scope="module")
def own_lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    """A demo lake of this module's own: the tests upload into it."""
    lake = Lake(tmp_path_factory.mktemp("meeting") / "lake")
    build_demo(lake, seed=7, rows=DEMO_ROWS, today=DEMO_TODAY)
    return lake


def open_meeting(lake: Lake, monkeypatch: pytest.MonkeyPatch, **query: object) -> AppTest:
    monkeypatch.setenv("SALES_DASH_DATA", str(lake.root))
    app = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page("pages/meeting.py").run()
    assert_clean(app)
    return app


def shown(app: AppTest) -> str:
    """Every Markdown text and alert of the page, backslash escapes removed."""
    texts = [m.value for m in app.markdown] + [e.value for e in (*app.info, *app.warning)]
    return re.sub(r"\\(.)", r"\1", "\n".join(texts))


def headline_lines(app: AppTest) -> list[str]:
    lines = [m.value for m in app.markdown if m.value.startswith("- ")]
    return re.sub(r"\\(.)", r"\1", lines[0]).split("\n") if lines else []


def east_attainment(lake: Lake) -> str:
    month = compute_metric(lake, "attainment", *NOVEMBER, AS_OF, filters=EAST)
    return format_percent(month["attainment"][0])


def test_a_region_meeting_names_its_region(own_lake: Lake, monkeypatch: pytest.MonkeyPatch) -> None:
    app = open_meeting(own_lake, monkeypatch, region="华东")
    page = shown(app)
    assert "华东 · 本月 · 截至 11-23" in page
    lines = headline_lines(app)
    assert any(line.startswith(f"- 华东本月达成 {east_attainment(own_lake)}") for line in lines)
    assert lines[0].startswith("- 华东本月累计销售额")
    assert "整体" not in "\n".join(lines)
    app = open_meeting(own_lake, monkeypatch)  # unfiltered, unrestricted: the company
    assert "整体 · 本月 · 截至 11-23" in shown(app)
    assert any(line.startswith("- 整体本月达成") for line in headline_lines(app))


def test_a_frozen_meeting_keeps_its_numbers_through_an_upload(
    own_lake: Lake, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    app = open_meeting(own_lake, monkeypatch, region="华东")
    before = headline_lines(app)
    app.button(key="meeting_freeze").click().run()
    assert_clean(app)
    frozen_id = app.query_params["frozen"]
    frozen_id = frozen_id[0] if isinstance(frozen_id, list) else frozen_id
    assert "已冻结：数据版本" in shown(app)
    assert headline_lines(app) == before

    # an upload during the meeting: a big East order in the week of the as-of date
    rep = compute_metric(own_lake, "attainment", *NOVEMBER, AS_OF, by="rep", filters=EAST)
    rep_id = rep["rep_id"][0]
    csv = write_csv(
        tmp_path,
        "late.csv",
        f"""order_id,line_no,order_date,customer_id,rep_id,region,revenue,cost
        LATE-1,1,2026-11-23,C-LATE,{rep_id},华东,5000000.00,1000000.00
        """,
    )
    ingest_file(csv, "orders", own_lake, now=dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC))
    app.run()
    assert_clean(app)
    assert headline_lines(app) == before
    # the link opens the same numbers in a new session
    again = open_meeting(own_lake, monkeypatch, region="华东", frozen=frozen_id)
    assert headline_lines(again) == before
    # unfrozen: the live data, with the upload
    app.button(key="meeting_unfreeze").click().run()
    assert_clean(app)
    assert "frozen" not in app.query_params
    assert headline_lines(app) != before
    assert any(f"华东本月达成 {east_attainment(own_lake)}" in line for line in headline_lines(app))


def test_notes_and_actions_come_back_next_week(
    own_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_meeting(own_lake, monkeypatch, region="华南", asof="2026-11-20")
    prefix = next(t.key for t in app.text_area if t.key.endswith("_headlines_note"))[
        : -len("_note")
    ]
    app.text_area(key=f"{prefix}_note").input("先看 **华南** 的回款").run()
    app.button(key=f"{prefix}_save").click().run()
    assert_clean(app)
    for what in ("拜访 <客户> A", "催收 [C2](http://x)"):
        app.text_input(key=f"{prefix}_what").input(what)
        app.date_input(key=f"{prefix}_due").set_value(dt.date(2026, 11, 27))
        app.button(key=f"FormSubmitter:{prefix}_form-添加待办").click().run()
        assert_clean(app)
    boxes = [c for c in app.checkbox if c.key.startswith(f"{prefix}_item_")]
    assert len(boxes) == 2
    boxes[0].check().run()  # the first is done
    assert_clean(app)

    # next week, a new session: 上周待办 lists both, one done and one open
    nxt = open_meeting(own_lake, monkeypatch, region="华南", asof="2026-11-27")
    assert "上周待办" in [s.value for s in nxt.subheader]
    assert "已完成 1 项，未完成 1 项" in [c.value for c in nxt.caption]
    table = nxt.dataframe[0].value
    assert sorted(zip(table["待办事项"], table["状态"], strict=True)) == [
        ("催收 [C2](http://x)", "未完成"),
        ("拜访 <客户> A", "已完成"),
    ]
    # the same week again: the note is there as it was typed
    same = open_meeting(own_lake, monkeypatch, region="华南", asof="2026-11-21")
    assert same.text_area(key=f"{prefix}_note").value == "先看 **华南** 的回款"
    # another scope's meeting of that week has none of it
    other = open_meeting(own_lake, monkeypatch, region="华东", asof="2026-11-27")
    assert "上周待办" in [s.value for s in other.subheader]
    assert "上周没有记录待办。" in [c.value for c in other.caption]


def test_step_buttons_and_hidden_controls(own_lake: Lake, monkeypatch: pytest.MonkeyPatch) -> None:
    """‹ › and their PageUp/PageDown twins step the section (wrapping), the link carries
    it; hiding the controls drops the freeze button and the note editors, is in the link
    (?present=1), survives a rerun, and comes back on the same button."""
    app = open_meeting(own_lake, monkeypatch)
    assert app.button(key="section_next").proto.shortcut  # ←/→ are Streamlit shortcuts
    for key, expected in (
        ("section_next", "week"),
        ("section_pagedown", "pacing"),
        ("section_back", "week"),
        ("section_pageup", "headlines"),
        ("section_pageup", "overdue"),
    ):
        app.button(key=key).click().run()
        assert_clean(app)
        assert app.session_state["section"] == expected, key
    assert app.query_params["section"] in ("逾期催收", ["逾期催收"])

    assert app.button(key="meeting_freeze") is not None and app.text_area
    app.button(key="meeting_controls").click().run()
    assert_clean(app)
    assert app.query_params["present"] in ("1", ["1"])
    assert not [b for b in app.button if b.key == "meeting_freeze"]
    assert not app.text_area and not app.expander  # no note editors
    assert app.button(key="meeting_controls").label == "显示控件"
    assert "整体 · 本月 · 截至 11-23" in shown(app)  # the banner stays
    app.button(key="section_next").click().run()  # the step buttons stay
    assert app.session_state["section"] == "headlines"
    app.run()
    assert app.query_params["present"] in ("1", ["1"])
    app.button(key="meeting_controls").click().run()
    assert_clean(app)
    assert "present" not in app.query_params
    assert app.button(key="meeting_freeze").label == "冻结" and app.text_area


def test_a_link_opens_with_the_controls_hidden(
    own_lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = open_meeting(own_lake, monkeypatch, present="1", section="本周大单")
    assert app.session_state["section"] == "orders"
    assert not app.text_area
    assert app.button(key="meeting_controls").label == "显示控件"


def test_a_chart_scaled_for_1920_keeps_room_for_its_values() -> None:
    """At 1920 the meeting's chart text is 1.5x; the margin that holds the bar values'
    column grows with it, else 110.8% was cut at the right edge."""
    import polars as pl

    from sales_dash import charts
    from sales_dash.ui.meeting_screen import scaled

    frame = pl.DataFrame({"region": ["华中", "西南"], "attainment": [1.108, 0.531]})
    figure = charts.ratio_bars(frame, "region", "attainment", target=1.0, target_name="目标")
    bigger = scaled(figure, 1.5)
    assert bigger.layout.margin.r == figure.layout.margin.r * 1.5
    assert bigger.layout.margin.l == figure.layout.margin.l * 1.5
    sizes = [a.font.size for a in figure.layout.annotations]
    assert [a.font.size for a in bigger.layout.annotations] == [s * 1.5 for s in sizes]
