"""The meeting names its scope: "整体" / "Company" only for the whole company."""

from __future__ import annotations

from sales_dash.access import Access, Role
from sales_dash.filters import Filters
from sales_dash.sections.meeting import scope_name

MANAGER = Access(Role.REGION_MANAGER, regions=frozenset({"华南", "华东"}))
REP = Access(Role.REP, reps=frozenset({"S002"}))


def test_the_scope_is_the_filters_or_else_the_readers_own() -> None:
    assert scope_name(Filters(), None, "zh") is None
    assert scope_name(Filters(), Access.everything(), "en") is None
    assert scope_name(Filters(regions=("华东",)), None, "zh") == "华东"
    # a region manager's unfiltered meeting is their regions', never the company's
    assert scope_name(Filters(), MANAGER, "zh") == "华东、华南"
    assert scope_name(Filters(), MANAGER, "en") == "华东, 华南"
    assert scope_name(Filters(), REP, "zh", {"S002": "李娜"}) == "李娜"
    both = Filters(regions=("华东", ""), reps=("S002",), categories=("家电",))
    assert scope_name(both, None, "en", {"S002": None}) == "华东, Unassigned · S002 · 家电"
