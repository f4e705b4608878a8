"""The sidebar's choices and labels, on the small lake of tests/engine/conftest.py: booked
lines and quota rows offer their regions and reps, each selection narrows the next."""

from __future__ import annotations

import polars as pl

from sales_dash.engine.options import (
    FilterOptions,
    charted,
    filter_choices,
    key_label,
    name_and_id,
    narrow_options,
    option_frame,
    rep_label,
    with_rep_label,
)
from sales_dash.lake import Lake
from sales_dash.schema import UNASSIGNED


def test_the_options_of_the_whole_lake(small_lake: Lake) -> None:
    # West and R3 Carol come from the quotas alone; A5's Alpha for North is cancelled
    assert filter_choices(small_lake) == FilterOptions(
        regions=("East", "North", "West"),
        reps=("R1", "R2", "R3"),
        categories=("Hardware", "Software"),
        products=("Alpha", "Beta", "Gamma"),
        rep_names={"R1": "Alice", "R2": "Bob", "R3": "Carol"},
    )


def test_a_region_narrows_reps_categories_and_products(small_lake: Lake) -> None:
    north = filter_choices(small_lake, regions=("North",))
    # every region stays offered; North sold Gamma (Software) only: the cancelled
    # Alpha line offers nothing
    assert north == FilterOptions(
        regions=("East", "North", "West"),
        reps=("R2",),
        categories=("Software",),
        products=("Gamma",),
        rep_names={"R2": "Bob"},
    )
    west = filter_choices(small_lake, regions=("West",))
    assert (west.reps, west.categories, west.products) == (("R3",), (), ())


def test_a_category_narrows_the_products_only(small_lake: Lake) -> None:
    hardware = filter_choices(small_lake, categories=("Hardware",))
    assert hardware.categories == ("Hardware", "Software")
    assert hardware.products == ("Alpha", "Beta")
    east_r1 = filter_choices(small_lake, regions=("East",), reps=("R1",))
    assert (east_r1.categories, east_r1.products) == (("Hardware",), ("Alpha", "Beta"))


def test_the_option_frame_carries_rep_names(small_lake: Lake) -> None:
    frame = option_frame(small_lake).sort("region", "product", nulls_last=True)
    assert frame.select("region", "rep_id", "rep_name", "product").rows() == [
        ("East", "R1", "Alice", "Alpha"),
        ("East", "R1", "Alice", "Beta"),
        ("East", "R1", "Alice", None),
        ("North", "R2", "Bob", "Gamma"),
        ("West", "R3", "Carol", None),
    ]


def test_narrowing_a_frame_names_a_rep_without_a_name_by_id() -> None:
    combos = pl.DataFrame(
        {
            "region": ["East", "East", UNASSIGNED],
            "rep_id": ["R1", "R9", UNASSIGNED],
            "category": ["Hardware", "", "Hardware"],
            "product": ["Alpha", "", "Beta"],
            "rep_name": ["Alice", None, None],
        }
    )
    options = narrow_options(combos, regions=("East",))
    assert options.rep_names == {"R1": "Alice", "R9": "R9"}
    # an empty category or product (a quota row's) is not a choice
    assert (options.categories, options.products) == (("Hardware",), ("Alpha",))


def test_labels_of_keys_and_reps() -> None:
    assert key_label("East", "en") == "East"
    assert key_label(UNASSIGNED, "en") == "Unassigned"
    assert key_label(None, "zh") == "未分配"
    names = {"R1": "Alice", "R2": None, "R3": "R3"}
    assert [rep_label(r, names) for r in ("R1", "R2", "R3", "R4")] == [
        "Alice (R1)",
        "R2",
        "R3",
        "R4",
    ]
    frame = pl.DataFrame(
        {"rep_name": ["Alice", None, "", "R3"], "rep_id": ["R1", "R2", "R2", "R3"]}
    )
    assert frame.select(name_and_id("rep_name", "rep_id").alias("label"))["label"].to_list() == [
        "Alice (R1)",
        "R2",
        "R2",
        "R3",
    ]


def test_charted_frames_name_their_bars() -> None:
    reps = pl.DataFrame({"rep_id": ["R1", UNASSIGNED], "rep_name": ["Alice", None]})
    labelled, column = charted(reps, "rep", "en")
    assert (column, labelled["label"].to_list()) == ("label", ["Alice (R1)", "Unassigned"])
    assert with_rep_label(reps)["label"].to_list() == ["Alice (R1)", "未分配"]
    regions = pl.DataFrame({"region": ["East", UNASSIGNED]})
    labelled, column = charted(regions, "region", "en")
    assert (column, labelled["label"].to_list()) == ("label", ["East", "Unassigned"])
    plain = pl.DataFrame({"region": ["East"]})
    frame, column = charted(plain, "region", "en")
    assert (frame is plain, column) == (True, "region")  # no unassigned region: no label
    products = pl.DataFrame({"product": ["Alpha"]})
    frame, column = charted(products, "product")
    assert (frame is products, column) == (True, "product")
