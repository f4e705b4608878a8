"""The meeting's notes and action items: durable revisions in ``_meeting/``, read back by
a new process, and seen and edited within the reader's scope only."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from dataclasses import replace

import pytest

from sales_dash.access import Access, Role
from sales_dash.lake import Lake
from sales_dash.meeting_notes import (
    DONE,
    NOTES,
    OPEN,
    ActionItem,
    BadItem,
    MeetingKey,
    NotVisible,
    load_notes,
    notes_history,
    save_notes,
)
from sales_dash.settings import PROJECT_ROOT

SATURDAY = dt.date(2026, 11, 28)  # week of Monday 2026-11-23
NOON = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
EAST_MANAGER = Access(Role.REGION_MANAGER, regions=frozenset({"华东"}), user="east")
TWO_REGIONS = Access(Role.REGION_MANAGER, regions=frozenset({"华东", "华南"}), user="two")


def test_the_key_is_the_week_and_the_scope_within_the_reader() -> None:
    assert MeetingKey.of(SATURDAY) == MeetingKey(dt.date(2026, 11, 23))
    assert MeetingKey.of(SATURDAY).whole_company
    # a region manager's unfiltered meeting is their regions'
    assert MeetingKey.of(SATURDAY, access=TWO_REGIONS).regions == ("华东", "华南")
    assert MeetingKey.of(SATURDAY, ["华东", "华北"], access=TWO_REGIONS).regions == ("华东",)
    assert MeetingKey.of(SATURDAY, ["华东"]).previous.week == dt.date(2026, 11, 16)


def test_saved_notes_are_revisions_and_a_new_process_reads_them(lake: Lake) -> None:
    key = MeetingKey.of(SATURDAY, ["华东"])
    item = ActionItem("催收 <b>C1</b> *欠款*", "R1", dt.date(2026, 12, 4), section="overdue")
    save_notes(lake, key, {"overdue": "先打电话"}, [item], user="boss", now=NOON)
    second = save_notes(
        lake, key, {"overdue": "先打电话"}, [replace_status(item, DONE)], user="east", now=NOON
    )
    assert second.revision == 2
    assert [n.items[0].status for n in notes_history(lake, key)] == [OPEN, DONE]
    folder = lake.root / NOTES / key.folder_name
    assert sorted(p.name for p in folder.iterdir()) == ["r000001.json", "r000002.json"]
    # a temporary file a crashed save left is no revision
    (folder / ".tmp-abc-r000003.json").write_text("{half", encoding="utf-8")
    assert load_notes(lake, key).revision == 2

    script = (
        "import datetime as dt, json, sys\n"
        "from sales_dash.lake import Lake\n"
        "from sales_dash.meeting_notes import MeetingKey, load_notes\n"
        "n = load_notes(Lake(sys.argv[1]), MeetingKey.of(dt.date(2026, 11, 28), ['华东']))\n"
        "i = n.items[0]\n"
        "print(json.dumps([n.revision, n.user, n.notes, i.what, i.owner, str(i.due), i.status]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(lake.root)],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    assert json.loads(done.stdout) == [
        2, "east", {"overdue": "先打电话"}, "催收 <b>C1</b> *欠款*", "R1", "2026-12-04", "done"
    ]  # fmt: skip


def test_a_region_manager_sees_and_edits_their_regions_meetings_only(lake: Lake) -> None:
    east = MeetingKey.of(SATURDAY, ["华东"])
    south = MeetingKey.of(SATURDAY, ["华南"])
    company = MeetingKey.of(SATURDAY)
    for key in (east, south, company):
        save_notes(lake, key, {"headlines": key.folder_name}, [], now=NOON)
    manager = lake.scoped(EAST_MANAGER)
    assert load_notes(manager, east).notes == {"headlines": east.folder_name}
    for hidden in (south, company, MeetingKey.of(SATURDAY, ["华东", "华南"])):
        with pytest.raises(NotVisible):
            load_notes(manager, hidden)
        with pytest.raises(NotVisible):
            save_notes(manager, hidden, {}, [], now=NOON)
    assert load_notes(lake.scoped(TWO_REGIONS), east).revision == 1


def test_an_item_without_text_is_refused(lake: Lake) -> None:
    key = MeetingKey.of(SATURDAY)
    with pytest.raises(BadItem) as refused:
        save_notes(lake, key, {}, [ActionItem("   ", "R1", None)], now=NOON)
    assert refused.value.key == "action_what_missing"
    assert load_notes(lake, key).revision == 0


def replace_status(item: ActionItem, status: str) -> ActionItem:
    return replace(item, status=status)
