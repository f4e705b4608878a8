"""A frozen meeting: the lake read at a past manifest (``Lake.pinned``) does not move
with uploads or undo, and the cleaner keeps the files a freeze names until it expires."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from sales_dash.engine.metrics import compute_metric
from sales_dash.freeze import freeze, open_freeze
from sales_dash.ingest import undo_upload
from sales_dash.lake import FROZEN, Lake
from tests.ingest.test_history import NOON, OCTOBER, OCTOBER_FIXED, upload

AS_OF = dt.date(2026, 10, 31)
OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def october_revenue(lake: Lake) -> Decimal:
    return compute_metric(lake, "margin", *OCT, AS_OF)["revenue"][0]


def test_upload_and_undo_after_a_freeze_change_nothing_read_through_it(
    lake: Lake, tmp_path: Path
) -> None:
    upload(lake, tmp_path, "oct.csv", OCTOBER)
    frozen = freeze(lake, AS_OF, user="boss", now=NOON)
    pinned = frozen.lake(lake)
    assert october_revenue(pinned) == Decimal("600")  # 100 + 200 + 300
    before = pinned.read_table("orders").sort("order_id", "line_no")

    fixed = upload(lake, tmp_path, "fix.csv", OCTOBER_FIXED)
    # upsert: SO1/1 becomes 150, SO3 is new (50): 150 + 200 + 300 + 50
    assert october_revenue(lake) == Decimal("700")
    assert october_revenue(pinned) == Decimal("600")
    assert pinned.read_table("orders").sort("order_id", "line_no").equals(before)
    assert pinned.version == frozen.version < lake.version
    assert pinned.data_stamp() != lake.data_stamp()

    undo_upload(lake, fixed.upload_id, now=NOON)
    assert october_revenue(lake) == Decimal("600")
    assert october_revenue(pinned) == Decimal("600")
    # a new process (here: a new Lake object) opens the same freeze from its file
    reopened = open_freeze(Lake(lake.root), frozen.freeze_id, now=NOON)
    assert reopened is not None and reopened.as_of == AS_OF and reopened.user == "boss"
    assert october_revenue(reopened.lake(Lake(lake.root))) == Decimal("600")


def test_a_pinned_lake_is_read_only_and_keeps_its_reader(lake: Lake, tmp_path: Path) -> None:
    upload(lake, tmp_path, "oct.csv", OCTOBER)
    pinned = freeze(lake, AS_OF, now=NOON).lake(lake)
    with pytest.raises(TypeError):
        pinned.commit({"orders": {"2026-10": None}})
    assert pinned.scoped(None).pin is pinned.pin
    assert pinned.live.pin is None


def test_the_cleaner_keeps_what_a_freeze_names_until_it_expires(lake: Lake) -> None:
    rows = pl.DataFrame({"order_id": ["A"], "line_no": [1], "order_date": [dt.date(2026, 10, 2)]})
    orders = _orders(rows)
    with lake.write_lock():
        lake.commit({"orders": {"2026-10": orders}})  # no upload record names this file
    first = lake.manifest().partitions["orders"]["2026-10"]
    frozen = freeze(lake, AS_OF, now=NOON)
    with lake.write_lock():
        lake.commit({"orders": {"2026-10": orders.with_columns(pl.lit("B").alias("order_id"))}})
        assert lake.clean_leftovers(grace_seconds=0) == []
    assert (lake.root / first).is_file()
    assert open_freeze(lake, frozen.freeze_id, now=NOON) is not None

    later = NOON + dt.timedelta(days=15)  # past the 14 days a freeze is kept
    assert open_freeze(lake, frozen.freeze_id, now=later) is None
    freeze(lake, AS_OF, now=later)  # a new freeze expires the old ones
    assert not (lake.root / FROZEN / f"{frozen.freeze_id}.json").exists()
    with lake.write_lock():
        assert lake.clean_leftovers(grace_seconds=0) == [first]


def test_a_link_naming_no_freeze_opens_none(lake: Lake, tmp_path: Path) -> None:
    upload(lake, tmp_path, "oct.csv", OCTOBER)
    real = freeze(lake, AS_OF, now=NOON).freeze_id
    assert freeze(lake, AS_OF, now=NOON).freeze_id == real  # same version and as-of
    for bad in ("../_manifest", "v1-20261031-zzzz", "", f"{real}x", "v9-20261031-000000000000"):
        assert open_freeze(lake, bad, now=NOON) is None


def _orders(rows: pl.DataFrame) -> pl.DataFrame:
    from sales_dash.schema import TABLES

    schema = TABLES["orders"].polars_schema
    return rows.with_columns(
        [pl.lit(None, dtype).alias(name) for name, dtype in schema.items() if name not in rows]
    ).select(pl.col(name).cast(dtype) for name, dtype in schema.items())


def test_freezing_does_not_wait_for_an_upload_under_way(lake: Lake, tmp_path: Path) -> None:
    upload(lake, tmp_path, "oct.csv", OCTOBER)
    with lake.write_lock():  # an upload holding the lake: another flock would block here
        frozen = freeze(lake, AS_OF, now=NOON)
    assert open_freeze(lake, frozen.freeze_id, now=NOON) == frozen
