"""A clerk's upload is checked against their scope (issue 13): a row of another region is
rejected with its row, column and value, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from sales_dash.access import Access, Role
from sales_dash.ingest import (
    Mode,
    RejectedUpload,
    ReplaceScope,
    UndoRefused,
    commit_upload,
    ingest_file,
    plan_upload,
    prepare_upload,
    undo_upload,
    upload_history,
)
from sales_dash.ingest.prepare import PreparedUpload
from sales_dash.ingest.problems import describe
from sales_dash.lake import Lake
from tests.conftest import write_csv
from tests.ingest.test_pipeline import HEADER, lake_bytes

EAST_CLERK = Access(Role.CLERK, regions=frozenset({"华东"}), user="clerk")
EAST_ROWS = f"""
{HEADER}
SO1,1,2026-10-03,C1,甲公司,R1,张三,华东,P1,空调,2,0.1,1000.00,600.00,,500.00,2026-10-20,
SO1,2,2026-10-03,C1,甲公司,R1,张三,华东,P2,冰箱,1,0,200.50,100.25,2026-12-01,0,,
"""
MIXED_ROWS = f"""
{HEADER}
SO3,1,2026-10-04,C1,甲公司,R1,张三,华东,P1,空调,2,0.1,1000.00,600.00,,500.00,2026-10-20,
SO4,1,2026-11-05,C2,乙公司,R2,李四,华北,P1,空调,3,0.2,300.00,180.00,,0,,
SO5,1,2026-11-06,C3,丙公司,R3,王五,,P1,空调,1,0,100.00,60.00,,0,,
"""


def prepared(tmp_path: Path, content: str) -> PreparedUpload:
    path = write_csv(tmp_path, "orders.csv", content)
    return prepare_upload(path.read_bytes(), path.name, "orders")


def test_a_clerk_uploads_their_own_region(lake: Lake, tmp_path: Path) -> None:
    result = commit_upload(lake, prepared(tmp_path, EAST_ROWS), access=EAST_CLERK)
    assert result.inserted == 2


@pytest.mark.parametrize("through", ["access", "scoped lake"])
def test_rows_outside_the_clerks_scope_reject_the_file(
    lake: Lake, tmp_path: Path, through: str
) -> None:
    ingest_file(write_csv(tmp_path, "east.csv", EAST_ROWS), "orders", lake)
    before = lake_bytes(lake)
    upload = prepared(tmp_path, MIXED_ROWS)
    assert upload.ok
    with pytest.raises(RejectedUpload) as rejected:
        if through == "access":
            commit_upload(lake, upload, access=EAST_CLERK)
        else:
            commit_upload(lake.scoped(EAST_CLERK), upload)
    problems = [(p.row, p.column, p.value, p.reason) for p in rejected.value.problems]
    # spreadsheet rows: the header is row 1; a row without a region is not inside either
    assert problems == [
        (3, "region", "华北", "outside_access_scope"),
        (4, "region", "", "outside_access_scope"),
    ]
    sentence = describe(rejected.value.problems[0], "en")
    assert "3" in sentence and "华北" in sentence and "outside your access" in sentence
    assert "权限" in describe(rejected.value.problems[0], "zh")
    assert lake_bytes(lake) == before


def test_a_dry_run_is_refused_too_and_admins_are_not_checked(lake: Lake, tmp_path: Path) -> None:
    with pytest.raises(RejectedUpload):
        commit_upload(lake, prepared(tmp_path, MIXED_ROWS), access=EAST_CLERK, dry_run=True)
    assert not lake.root.exists() or lake_bytes(lake) == {}
    result = commit_upload(lake, prepared(tmp_path, MIXED_ROWS), access=Access.everything())
    assert result.inserted == 3


NORTH_ROWS = f"""
{HEADER}
SO9,1,2026-11-05,C9,北方公司,R9,赵六,华北,P1,空调,1,0,900.00,500.00,,0,,
"""


def test_the_history_shows_a_clerk_their_scopes_entries_only(lake: Lake, tmp_path: Path) -> None:
    east = commit_upload(lake, prepared(tmp_path, EAST_ROWS), access=EAST_CLERK)
    north = ingest_file(write_csv(tmp_path, "north.csv", NORTH_ROWS), "orders", lake)
    assert east.upload_id and north.upload_id
    assert upload_history(lake)["upload_id"].to_list() == [north.upload_id, east.upload_id]
    clerk = lake.scoped(EAST_CLERK)
    assert upload_history(clerk)["upload_id"].to_list() == [east.upload_id]
    assert "north.csv" not in str(upload_history(clerk).to_dicts())
    before = lake_bytes(lake)
    with pytest.raises(UndoRefused) as refused:
        undo_upload(clerk, north.upload_id)
    assert refused.value.key == "undo_unknown"
    assert lake_bytes(lake) == before
    undo = undo_upload(clerk, east.upload_id)
    assert undo.regions == ["华东"]
    assert upload_history(clerk)["upload_id"].to_list() == [undo.upload_id, east.upload_id]


NORTH_OCTOBER = f"""
{HEADER}
SO8,1,2026-10-06,C8,北方公司,R8,赵六,华北,P1,空调,1,0,800.00,400.00,,0,,
"""
TAKES_NORTHS_LINE = f"""
{HEADER}
SO8,1,2026-10-06,C1,甲公司,R1,张三,华东,P1,空调,1,0,800.00,400.00,,0,,
"""


@pytest.mark.parametrize(
    ("content", "mode", "scope"),
    [
        (TAKES_NORTHS_LINE, Mode.UPSERT, ReplaceScope.REGION),
        (EAST_ROWS, Mode.REPLACE_MONTHS, ReplaceScope.MONTH),
    ],
    ids=["moves another region's line", "replaces whole months"],
)
def test_a_clerk_cannot_change_stored_rows_outside_their_scope(
    lake: Lake, tmp_path: Path, content: str, mode: Mode, scope: ReplaceScope
) -> None:
    ingest_file(write_csv(tmp_path, "north.csv", NORTH_OCTOBER), "orders", lake)
    before = lake_bytes(lake)
    upload = prepared(tmp_path, content)
    for attempt in (
        lambda: plan_upload(lake.scoped(EAST_CLERK), upload, mode, replace_scope=scope),
        lambda: commit_upload(
            lake, upload, mode=mode, replace_scope=scope, accept_moves=True, access=EAST_CLERK
        ),
    ):
        with pytest.raises(RejectedUpload) as rejected:
            attempt()
        assert [(p.row, p.reason, p.detail) for p in rejected.value.problems] == [
            (0, "outside_access_stored", "1")
        ]
        # the refusal counts the rows; it does not show another region's values
        assert "华北" not in describe(rejected.value.problems[0], "zh")
    assert lake_bytes(lake) == before
    # replacing their own region's rows of the month is theirs to do
    own = commit_upload(
        lake, prepared(tmp_path, EAST_ROWS), mode=Mode.REPLACE_MONTHS, access=EAST_CLERK
    )
    assert own.inserted == 2
