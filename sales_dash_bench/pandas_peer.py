"""The benchmark's peer: the way a typical Streamlit sales app computes its pages.

The tables are read once into pandas (as ``@st.cache_data`` would keep them), and every
rerun filters them with boolean masks and groups them again. It computes any metric call
the app makes (``compute``): the same filters, the same cut of flows at the as-of date,
the same groupings, so the same rows are scanned and grouped. It does not reproduce every
nuance of the engine (tie-breaks, null rules, rounding); its numbers are never shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import reduce
from typing import Any

import numpy as np
import pandas as pd

from sales_dash.engine.scope import Scope
from sales_dash.filters import Filters
from sales_dash.lake import Lake
from sales_dash.periods import add_months, previous_period
from sales_dash.schema import TABLES

ORDER_COLUMNS = [
    "order_id", "line_no", "order_date", "customer_id", "customer_name", "rep_id",
    "rep_name", "region", "product", "category", "discount_rate", "revenue", "cost",
    "due_date", "paid_amount", "paid_date", "status",
]  # fmt: skip
NUMBER_COLUMNS = frozenset(
    {"discount_rate", "revenue", "cost", "paid_amount", "expense", "revenue_quota",
     "expense_budget", "market_size"}
)  # fmt: skip
GROUP_COLUMN = {
    "region": "region",
    "rep": "rep_id",
    "category": "category",
    "product": "product",
    "customer": "customer_id",
}
PERIOD_FREQUENCY = {"month": "M", "week": "W"}
"""Time grouping -> pandas period; "W" weeks end on Sunday, so they are ISO weeks."""
AGING_DAYS = [-np.inf, 0, 30, 60, 90, np.inf]
AGING_BUCKETS = ["not_due", "d1_30", "d31_60", "d61_90", "d90_plus"]
AGING_COLUMNS = ["outstanding", *AGING_BUCKETS]
ABC_SHARES = ((0.7, "A"), (0.9, "B"))


def _read(lake: Lake, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A lake table with numbers as floats and dates as timestamps, as an app keeps it."""
    columns = columns or TABLES[table].column_names
    files = lake.files(table)
    if not files:
        frame = pd.DataFrame(columns=columns)
    else:
        frame = pd.concat([pd.read_parquet(f, columns=columns) for f in files], ignore_index=True)
    for column in frame.columns:
        if column in NUMBER_COLUMNS:
            frame[column] = frame[column].astype(float)
        elif column.endswith("_date"):
            frame[column] = pd.to_datetime(frame[column])
    return frame


def _monthly(frame: pd.DataFrame) -> pd.DataFrame:
    """A table of monthly targets with the first and last day of each month."""
    first = pd.to_datetime(frame["month"] + "-01")
    return frame.assign(month_start=first, month_end=first + pd.offsets.MonthEnd(0))


def _kept(frame: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows the filters keep, on the filter columns the table has."""
    for column, wanted in filters.by_column().items():
        if wanted and column in frame.columns:
            frame = frame[frame[column].isin(wanted)]
    return frame


def _dated(
    frame: pd.DataFrame, filters: Filters, column: str, first: dt.date | None, last: dt.date
) -> pd.DataFrame:
    """The rows dated ``first``..``last`` (inclusive; no ``first``: from the start) that the
    filters keep."""
    dates = frame[column]
    if first is None:
        return _kept(frame[dates <= pd.Timestamp(last)], filters)
    return _kept(frame[dates.between(pd.Timestamp(first), pd.Timestamp(last))], filters)


def _flowed(frame: pd.DataFrame, column: str, scope: Scope) -> pd.DataFrame:
    """The rows of a flow (sales, visits) counted in the scope: dated from its start to
    its end or the as-of date, whichever is first, and kept by its filters."""
    return _dated(frame, scope.filters, column, scope.start, min(scope.end, scope.as_of))


def _group_key(frame: pd.DataFrame, scope: Scope, date_column: str) -> pd.Series:
    if scope.by in PERIOD_FREQUENCY:
        return frame[date_column].dt.to_period(PERIOD_FREQUENCY[scope.by])
    if scope.by is None:
        return pd.Series(0, index=frame.index)
    return frame[GROUP_COLUMN[scope.by]]


def _keyed(totals: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Totals indexed by the engine's keys: 'all', 'YYYY-MM', a week's Monday, or the
    dimension."""
    if scope.by == "month":
        totals.index = totals.index.strftime("%Y-%m")
    elif scope.by == "week":
        totals.index = totals.index.start_time.strftime("%Y-%m-%d")
    elif scope.by is None:
        totals.index = pd.Index(["all"] * len(totals))
    return _every_period(totals, scope)


def _every_period(totals: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """For rows that are periods: one per period, zero when it holds no data."""
    if scope.groups_by_period:
        return totals.reindex([p.key for p in scope.periods], fill_value=0)
    return totals


def _totals(
    frame: pd.DataFrame, scope: Scope, date_column: str, **aggregations: tuple[str, str]
) -> pd.DataFrame:
    """Named aggregations of ``frame`` per group of the scope."""
    totals = frame.groupby(_group_key(frame, scope, date_column)).agg(**aggregations)
    return _keyed(totals, scope)


def _customers_retained(
    window: pd.DataFrame, period_start: pd.Timestamp, group: list[str]
) -> pd.DataFrame:
    """Per (group and) customer of the window: ordered before the period; and again in it."""
    now = window["order_date"] >= period_start
    customers = window.assign(before=~now, now=now).groupby([*group, "customer_id"])
    seen = customers[["before", "now"]].any()
    return pd.DataFrame(
        {
            "previous_customers": seen["before"],
            "retained_customers": seen["before"] & seen["now"],
        }
    ).astype(int)


def _period_facts(scope: Scope, index: pd.Index) -> pd.DataFrame:
    """Days and days elapsed at as-of of the period each row belongs to."""
    facts = pd.DataFrame(
        {
            "days": [p.days for p in scope.periods],
            "elapsed": [p.elapsed_days(scope.as_of) for p in scope.periods],
        },
        index=[p.key for p in scope.periods],
    )
    if scope.groups_by_period:
        return facts.reindex(index)
    return pd.DataFrame({c: facts[c].iloc[0] for c in facts.columns}, index=index)


def _parts(parts: list[tuple[bool, Callable[[], pd.DataFrame], list[str]]]) -> pd.DataFrame:
    """The parts (wanted, compute, columns) the page reads, joined on their groups; the
    columns of the others are NaN, not computed, as the app skips their queries. With
    none wanted, the first is computed."""
    computed = [part for part in parts if part[0]] or parts[:1]
    frame = reduce(lambda a, b: a.join(b, how="outer"), [get() for _, get, _ in computed])
    for part in parts:
        if part not in computed:
            frame = frame.assign(**dict.fromkeys(part[2], np.nan))
    return frame


_FILTER_PARAMS = ("regions", "reps", "categories", "products", "customers")
"""The filters' parameter names in sql/, in the order of ``Filters``."""


class PandasPeer:
    def __init__(self, lake: Lake) -> None:
        orders = _read(lake, "orders", ORDER_COLUMNS)
        orders = orders[orders["status"] != "cancelled"]
        # a line's paid_amount is money received on its paid_date (its due date when the
        # file gives none): lakes without receipts, as the demo's (docs/receipts.md)
        self.orders = orders.assign(paid_on=orders["paid_date"].fillna(orders["due_date"]))
        # each customer's first line depends on the data only: kept, as st.cache_data would
        self.first_lines = self.orders.loc[
            self.orders.groupby("customer_id")["order_date"].idxmin()
        ]
        names = _read(lake, "orders", ["customer_id", "customer_name"]).dropna()
        self.customer_names = names.drop_duplicates("customer_id", keep="last").set_index(
            "customer_id"
        )
        self.visits = _read(lake, "visits")
        self.quotas = _monthly(_read(lake, "quotas"))
        self.market = _monthly(_read(lake, "market"))

    def compute(self, name: str, scope: Scope) -> pd.DataFrame:
        """The metric family ``name`` (a key of ``METRICS``) over the scope."""
        family: Callable[[Scope], pd.DataFrame] = getattr(self, name)
        return family(scope)

    def _flows(self, scope: Scope, **aggregations: tuple[str, str]) -> pd.DataFrame:
        """Booked order lines of the scope, aggregated per group."""
        lines = _flowed(self.orders, "order_date", scope)
        return _totals(lines, scope, "order_date", **aggregations)

    def _visits(self, scope: Scope) -> pd.DataFrame:
        visits = _flowed(self.visits, "visit_date", scope)
        return _totals(
            visits, scope, "visit_date", visits=("expense", "size"), expense=("expense", "sum")
        )

    @staticmethod
    def _prorated(
        table: pd.DataFrame, scope: Scope, values: list[str], to_flow_end: bool = False
    ) -> pd.DataFrame:
        """Monthly targets spread over the scope's periods by calendar days, per group;
        ``to_flow_end`` cuts each period where its sales stop (the market's rule)."""
        months = _kept(table, scope.filters)
        parts = []
        for period in scope.periods:
            end = scope.flow_end(period) if to_flow_end else period.end
            first, last = pd.Timestamp(period.start), pd.Timestamp(end)
            inside = months[(months["month_start"] <= last) & (months["month_end"] >= first)]
            days = inside["month_end"].clip(upper=last) - inside["month_start"].clip(lower=first)
            share = (days.dt.days + 1) / inside["month_end"].dt.day
            parts.append(
                inside.assign(period_key=period.key, **{v: inside[v] * share for v in values})
            )
        key = "period_key" if scope.groups_by_period else GROUP_COLUMN[str(scope.by)]
        totals = pd.concat(parts).groupby(key)[values].sum()
        return _every_period(totals, scope)

    def _targets(self, scope: Scope, column: str) -> pd.Series:
        if not scope.filters.targets_apply:
            return pd.Series(np.nan, index=pd.Index([], dtype=object), name=column)
        return self._prorated(self.quotas, scope, [column])[column]

    def attainment(self, scope: Scope) -> pd.DataFrame:
        both = ["attainment", "pacing_gap", "forecast_attainment"]
        frame = _parts(
            [
                (
                    scope.wants(["revenue", "forecast", *both]),
                    lambda: self._flows(scope, revenue=("revenue", "sum")),
                    ["revenue"],
                ),
                (
                    scope.wants(["quota", *both]),
                    lambda: self._targets(scope, "revenue_quota").rename("quota").to_frame(),
                    ["quota"],
                ),
            ]
        )
        facts = _period_facts(scope, frame.index)
        frame["attainment"] = frame["revenue"] / frame["quota"]
        frame["time_progress"] = facts["elapsed"] / facts["days"]
        frame["pacing_gap"] = frame["attainment"] - frame["time_progress"]
        frame["forecast"] = (frame["revenue"] / facts["elapsed"] * facts["days"]).where(
            facts["elapsed"] > 0
        )
        frame["forecast_attainment"] = frame["forecast"] / frame["quota"]
        return frame

    def margin(self, scope: Scope) -> pd.DataFrame:
        frame = self._flows(scope, revenue=("revenue", "sum"), cost=("cost", "sum"))
        frame["gross_profit"] = frame["revenue"] - frame["cost"]
        frame["gross_margin"] = frame["gross_profit"] / frame["revenue"]
        return frame

    def averages(self, scope: Scope) -> pd.DataFrame:
        """客单价 and 人均销售额 (branch catalogue): orders with a line of positive revenue,
        reps with a line, the revenue of the lines that name a rep."""
        lines = _flowed(self.orders, "order_date", scope)
        named = lines["rep_id"].fillna("") != ""
        lines = lines.assign(
            sold=lines["order_id"].where(lines["revenue"] > 0),
            rep=lines["rep_id"].where(named),
            rep_revenue=lines["revenue"].where(named, 0.0),
        )
        frame = _totals(
            lines,
            scope,
            "order_date",
            revenue=("revenue", "sum"),
            orders=("sold", "nunique"),
            reps=("rep", "nunique"),
            rep_revenue=("rep_revenue", "sum"),
        )
        frame["average_order_value"] = frame["revenue"] / frame["orders"].replace(0, np.nan)
        frame["revenue_per_rep"] = frame["rep_revenue"] / frame["reps"].replace(0, np.nan)
        return frame

    def collection(self, scope: Scope) -> pd.DataFrame:
        due_until = min(scope.end, scope.as_of)
        due = _dated(self.orders, scope.filters, "due_date", scope.start, due_until)
        due = due.assign(collected=self._paid_by(due, scope.as_of))
        frame = _totals(
            due, scope, "due_date", due_amount=("revenue", "sum"), collected=("collected", "sum")
        )
        frame["collection_rate"] = frame["collected"] / frame["due_amount"]
        if not scope.wants(AGING_COLUMNS):  # the page reads the rate only, as the app skips
            return frame
        return frame.join(self._aging(scope), how="outer")

    @staticmethod
    def _paid_by(lines: pd.DataFrame, as_of: dt.date) -> pd.Series:
        """What each line had received on or before ``as_of``."""
        return lines["paid_amount"].where(lines["paid_on"] <= pd.Timestamp(as_of), 0.0)

    def _open_at(self, filters: Filters, as_of: dt.date) -> pd.DataFrame:
        lines = _dated(self.orders, filters, "order_date", None, as_of)
        lines = lines.assign(owed=lines["revenue"] - self._paid_by(lines, as_of))
        return lines[lines["owed"] > 0]

    def cash(self, scope: Scope) -> pd.DataFrame:
        """Money received, 回款周期 and DSO of a lake whose lines carry their payments."""
        paid = _dated(self.orders, scope.filters, "paid_on", scope.start, scope.end)
        paid = paid[paid["paid_on"] <= pd.Timestamp(scope.as_of)]
        timed = paid[paid["paid_date"].notna()]
        timed = timed.assign(
            amount_days=timed["paid_amount"] * (timed["paid_date"] - timed["order_date"]).dt.days
        )
        frame = _totals(paid, scope, "paid_on", cash_collected=("paid_amount", "sum"))
        days = _totals(
            timed, scope, "paid_on", dated=("paid_amount", "sum"), days=("amount_days", "sum")
        )
        frame = frame.join(days, how="outer")
        frame["collection_days"] = frame["days"] / frame["dated"]
        end = min(scope.end, scope.as_of)
        owed = self._open_at(scope.filters, end)["owed"].sum()
        sales = _dated(self.orders, scope.filters, "order_date", end - dt.timedelta(89), end)
        frame["dso"] = owed / sales["revenue"].sum() * 90
        return frame

    def _aging(self, scope: Scope) -> pd.DataFrame:
        """Receivables at as-of by days past due: a snapshot, the same for every period."""
        lines = self._open_at(scope.filters, scope.as_of)
        days = (pd.Timestamp(scope.as_of) - lines["due_date"]).dt.days
        bucket = pd.cut(days, AGING_DAYS, labels=AGING_BUCKETS)
        if scope.groups_by_period:
            snapshot = lines.groupby(bucket, observed=False)["owed"].sum()
            keys = [p.key for p in scope.periods]
            aging = pd.DataFrame(
                [snapshot.to_numpy()] * len(keys), index=keys, columns=AGING_BUCKETS
            )
        else:
            by = lines[GROUP_COLUMN[str(scope.by)]]
            aging = lines.groupby([by, bucket], observed=False)["owed"].sum().unstack()
        return aging.assign(outstanding=aging.sum(axis=1))

    def expense(self, scope: Scope) -> pd.DataFrame:
        frame = _parts(
            [
                (
                    scope.wants(["revenue", "expense_ratio"]),
                    lambda: self._flows(scope, revenue=("revenue", "sum")),
                    ["revenue"],
                ),
                (
                    scope.filters.visits_apply
                    and scope.wants(["expense", "expense_ratio", "budget_usage"]),
                    lambda: self._visits(scope)[["expense"]],
                    ["expense"],
                ),
                (
                    scope.wants(["expense_budget", "budget_usage"]),
                    lambda: self._targets(scope, "expense_budget").to_frame(),
                    ["expense_budget"],
                ),
            ]
        )
        frame["expense_ratio"] = frame["expense"] / frame["revenue"]
        frame["budget_usage"] = frame["expense"] / frame["expense_budget"]
        return frame

    def market_share(self, scope: Scope) -> pd.DataFrame:
        split = scope.by == "category" or bool(scope.filters.categories)
        market = self.market[(self.market["category"] != "") == split]
        frame = _parts(
            [
                (
                    scope.wants(["revenue", "market_share"]),
                    lambda: self._flows(scope, revenue=("revenue", "sum")),
                    ["revenue"],
                ),
                (
                    scope.wants(["market_size", "market_share"]),
                    lambda: self._prorated(market, scope, ["market_size"], to_flow_end=True),
                    ["market_size"],
                ),
            ]
        )
        frame["market_share"] = frame["revenue"] / frame["market_size"]
        return frame

    def activity(self, scope: Scope) -> pd.DataFrame:
        frame = self._new_customers(scope).join(self._retention(scope), how="outer")
        if scope.filters.visits_apply:
            frame = frame.join(self._visits(scope)[["visits"]], how="outer")
        else:
            frame["visits"] = np.nan
        facts = _period_facts(scope, frame.index)
        frame["visits_per_week"] = frame["visits"] / (facts["days"] / 7)
        frame["retention_rate"] = frame["retained_customers"] / frame["previous_customers"]
        return frame

    def _new_customers(self, scope: Scope) -> pd.DataFrame:
        """Customers whose first booked line falls in the period, by that line's group."""
        firsts = _flowed(self.first_lines, "order_date", scope)
        return _totals(firsts, scope, "order_date", new_customers=("customer_id", "size"))

    def _retention(self, scope: Scope) -> pd.DataFrame:
        """Customers of the previous period of equal length, and how many ordered again."""
        earliest = min(previous_period(p).start for p in scope.periods)
        flow_end = min(scope.end, scope.as_of)
        lines = _dated(self.orders, scope.filters, "order_date", earliest, flow_end)
        group = [] if scope.groups_by_period else [GROUP_COLUMN[str(scope.by)]]
        rows = []
        for period in scope.periods:
            since = pd.Timestamp(previous_period(period).start)
            window = lines[lines["order_date"].between(since, pd.Timestamp(scope.flow_end(period)))]
            counts = _customers_retained(window, pd.Timestamp(period.start), group)
            if group:
                rows.append(counts.groupby(level=0).sum())
            else:
                rows.append(counts.sum().rename(period.key).to_frame().T)
        return pd.concat(rows)

    def over_authority(self, scope: Scope) -> pd.DataFrame:
        lines = _flowed(self.orders, "order_date", scope)
        lines = lines[lines["discount_rate"] > scope.discount_limit]
        return _totals(
            lines, scope, "order_date", lines=("revenue", "size"), revenue=("revenue", "sum")
        )

    def abc(self, scope: Scope) -> pd.DataFrame:
        """Customers ranked by revenue into A/B/C by cumulative share; D: lapsed this year."""
        flow_end = min(scope.end, scope.as_of)
        lookback = add_months(scope.start, -12)
        lines = _dated(self.orders, scope.filters, "order_date", lookback, flow_end)
        now = lines["order_date"] >= pd.Timestamp(scope.start)
        revenue = lines["revenue"].where(now, 0).groupby(lines["customer_id"]).sum()
        before = lines["revenue"].where(~now, 0).groupby(lines["customer_id"]).sum()
        ranked = revenue[revenue > 0].sort_values(ascending=False)
        share = ranked.cumsum() / ranked.sum()
        classes = np.select(
            [share <= limit for limit, _ in ABC_SHARES], [c for _, c in ABC_SHARES], "C"
        )
        lapsed = revenue[(revenue <= 0) & (before > 0)]
        ranked = ranked.to_frame().assign(revenue_share=ranked / ranked.sum(), abc_class=classes)
        frame = pd.concat([ranked, lapsed.to_frame().assign(abc_class="D")])
        return frame.join(self.customer_names, how="left")

    # The pages' own queries besides the metrics (lists, a histogram, a count), keyed by
    # the sql/ file the app runs, with its parameters.

    def query(self, name: str, params: dict[str, Any]) -> pd.DataFrame | int:
        """The sql/ query ``name`` the way a pandas app computes it."""
        page_query: Callable[[dict[str, Any]], pd.DataFrame | int] = getattr(self, name)
        return page_query(params)

    def _lines(self, params: dict[str, Any]) -> pd.DataFrame:
        filters = Filters(*(tuple(params[name]) for name in _FILTER_PARAMS))
        return _dated(
            self.orders, filters, "order_date", params.get("range_start"), params["flow_range_end"]
        )

    def line_count(self, params: dict[str, Any]) -> int:
        return len(self._lines(params))

    def discount_distribution(self, params: dict[str, Any]) -> pd.DataFrame:
        lines = self._lines(params)
        return (
            lines.assign(
                discount_percent=np.ceil(lines["discount_rate"] * 100).astype(int),
                over_limit=lines["discount_rate"] > params["discount_limit"],
            )
            .groupby(["discount_percent", "over_limit"])
            .agg(lines=("revenue", "size"), revenue=("revenue", "sum"))
            .reset_index()
        )

    def over_authority_lines(self, params: dict[str, Any]) -> pd.DataFrame:
        lines = self._lines(params)
        over = lines[lines["discount_rate"] > params["discount_limit"]]
        ranked = over.sort_values(["revenue", "order_id", "line_no"], ascending=[False, True, True])
        return ranked.head(params["limit"])

    def top_orders(self, params: dict[str, Any]) -> pd.DataFrame:
        orders = (
            self._lines(params)
            .groupby("order_id")
            .agg(
                order_date=("order_date", "min"),
                customer_name=("customer_name", "first"),
                rep_name=("rep_name", "first"),
                region=("region", "first"),
                lines=("revenue", "size"),
                revenue=("revenue", "sum"),
                cost=("cost", "sum"),
            )
        )
        orders["gross_profit"] = orders["revenue"] - orders["cost"]
        return orders.sort_values("revenue", ascending=False).head(params["limit"])

    def customer_last_order(self, params: dict[str, Any]) -> pd.DataFrame:
        lines = self._lines({**params, "range_start": None})
        return lines.groupby("customer_id")["order_date"].max().reset_index()
