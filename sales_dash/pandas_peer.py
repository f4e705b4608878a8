"""The benchmark's peer: the way a typical Streamlit sales app computes its pages.

The tables are read once into pandas (as ``@st.cache_data`` would keep them), and every
rerun filters and groups them again. It computes the same aggregates as the app's metric
families, close enough in work to compare speed; its numbers are never shown to anyone.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sales_dash.lake import Lake
from sales_dash.scope import Scope

ORDER_COLUMNS = [
    "order_date", "customer_id", "rep_id", "region", "product", "category",
    "discount_rate", "revenue", "cost", "due_date", "paid_amount", "status",
]  # fmt: skip
GROUP_COLUMN = {
    "region": "region",
    "rep": "rep_id",
    "category": "category",
    "product": "product",
    "customer": "customer_id",
}


def _read(lake: Lake, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    files = lake.files(table)
    if not files:
        return pd.DataFrame(columns=columns or [])
    frame = pd.concat([pd.read_parquet(f, columns=columns) for f in files], ignore_index=True)
    for column in frame.columns:
        if frame[column].dtype == object and column in ("revenue", "cost", "paid_amount"):
            frame[column] = frame[column].astype(float)
    return frame


class PandasPeer:
    def __init__(self, lake: Lake) -> None:
        orders = _read(lake, "orders", ORDER_COLUMNS)
        for column in ("revenue", "cost", "paid_amount", "discount_rate"):
            orders[column] = orders[column].astype(float)
        for column in ("order_date", "due_date"):
            orders[column] = pd.to_datetime(orders[column])
        self.orders = orders[orders["status"] != "cancelled"]
        self.visits = _read(lake, "visits")
        self.visits["visit_date"] = pd.to_datetime(self.visits["visit_date"])
        self.visits["expense"] = self.visits["expense"].astype(float)
        self.quotas = _read(lake, "quotas")
        self.quotas["revenue_quota"] = self.quotas["revenue_quota"].astype(float)
        self.quotas["expense_budget"] = self.quotas["expense_budget"].astype(float)
        self.market = _read(lake, "market")
        self.market["market_size"] = self.market["market_size"].astype(float)

    def page(self, aggregates: list[tuple[str, str | None]], scope: Scope) -> None:
        for metric, by in aggregates:
            getattr(self, metric)(scope, by)

    def _orders(self, scope: Scope, column: str = "order_date") -> pd.DataFrame:
        frame = self.orders
        start, end = pd.Timestamp(scope.start), pd.Timestamp(scope.end)
        mask = (frame[column] >= start) & (frame[column] <= end)
        if scope.filters.regions:
            mask &= frame["region"].isin(scope.filters.regions)
        return frame[mask]

    @staticmethod
    def _key(frame: pd.DataFrame, by: str | None, column: str = "order_date") -> object:
        if by == "month":
            return frame[column].dt.to_period("M")
        if by == "week":
            return frame[column].dt.to_period("W")
        if by is None:
            return pd.Series(0, index=frame.index)
        return frame[GROUP_COLUMN[by]]

    def _revenue(self, scope: Scope, by: str | None) -> pd.DataFrame:
        lines = self._orders(scope)
        return lines.groupby(self._key(lines, by))[["revenue", "cost"]].sum()

    def _quota(self, scope: Scope) -> pd.DataFrame:
        months = pd.period_range(scope.start, scope.end, freq="M").strftime("%Y-%m")
        quotas = self.quotas[self.quotas["month"].isin(months)]
        if scope.filters.regions:
            quotas = quotas[quotas["region"].isin(scope.filters.regions)]
        return quotas.groupby(["rep_id"])[["revenue_quota", "expense_budget"]].sum()

    def attainment(self, scope: Scope, by: str | None) -> pd.DataFrame:
        revenue = self._revenue(scope, by)
        quota = self._quota(scope)
        return revenue.assign(attainment=revenue["revenue"] / quota["revenue_quota"].sum())

    def margin(self, scope: Scope, by: str | None) -> pd.DataFrame:
        totals = self._revenue(scope, by)
        return totals.assign(gross_margin=(totals["revenue"] - totals["cost"]) / totals["revenue"])

    def collection(self, scope: Scope, by: str | None) -> pd.DataFrame:
        due = self._orders(scope, "due_date")
        due = due[due["due_date"] <= pd.Timestamp(scope.as_of)]
        rate = due.groupby(self._key(due, by, "due_date"))[["revenue", "paid_amount"]].sum()
        open_lines = self.orders[self.orders["order_date"] <= pd.Timestamp(scope.as_of)]
        if scope.filters.regions:
            open_lines = open_lines[open_lines["region"].isin(scope.filters.regions)]
        amount = (open_lines["revenue"] - open_lines["paid_amount"]).clip(lower=0)
        days = (pd.Timestamp(scope.as_of) - open_lines["due_date"]).dt.days
        bucket = pd.cut(days, [-(10**6), 0, 30, 60, 90, 10**6])
        aging = amount.groupby([self._key(open_lines, by), bucket], observed=True).sum()
        return rate.join(aging.unstack(), how="outer")

    def expense(self, scope: Scope, by: str | None) -> pd.DataFrame:
        visits = self.visits
        mask = (visits["visit_date"] >= pd.Timestamp(scope.start)) & (
            visits["visit_date"] <= pd.Timestamp(scope.end)
        )
        if scope.filters.regions:
            mask &= visits["region"].isin(scope.filters.regions)
        chosen = visits[mask]
        expense = chosen.groupby(self._key(chosen, by, "visit_date"))["expense"].sum()
        budget = self._quota(scope)["expense_budget"].sum()
        totals = self._revenue(scope, by).join(expense, how="outer")
        return totals.assign(
            expense_ratio=totals["expense"] / totals["revenue"],
            budget_usage=totals["expense"] / budget if budget else None,
        )

    def market_share(self, scope: Scope, by: str | None) -> pd.DataFrame:
        months = pd.period_range(scope.start, scope.end, freq="M").strftime("%Y-%m")
        market = self.market[self.market["month"].isin(months) & (self.market["category"] == "")]
        if scope.filters.regions:
            market = market[market["region"].isin(scope.filters.regions)]
        revenue = self._revenue(scope, by)
        return revenue.assign(market_share=revenue["revenue"] / market["market_size"].sum())

    def activity(self, scope: Scope, by: str | None) -> pd.DataFrame:
        firsts = self.orders.groupby("customer_id")["order_date"].min()
        new = firsts[(firsts >= pd.Timestamp(scope.start)) & (firsts <= pd.Timestamp(scope.end))]
        days = (scope.end - scope.start).days + 1
        previous = Scope(
            scope.lake,
            scope.start - dt.timedelta(days=days),
            scope.start - dt.timedelta(days=1),
            scope.as_of,
            by,
            scope.filters,
        )
        before = set(self._orders(previous)["customer_id"])
        now = set(self._orders(scope)["customer_id"])
        retention = len(before & now) / len(before) if before else None
        visits = self.visits[
            (self.visits["visit_date"] >= pd.Timestamp(scope.start))
            & (self.visits["visit_date"] <= pd.Timestamp(scope.end))
        ]
        return pd.DataFrame({"new": [len(new)], "retention": [retention], "visits": [len(visits)]})

    def over_authority(self, scope: Scope, by: str | None) -> pd.DataFrame:
        lines = self._orders(scope)
        lines = lines[lines["discount_rate"] > scope.discount_limit]
        return lines.groupby(self._key(lines, by))["revenue"].agg(["count", "sum"])

    def abc(self, scope: Scope, by: str | None) -> pd.DataFrame:
        revenue = self._orders(scope).groupby("customer_id")["revenue"].sum()
        ranked = revenue[revenue > 0].sort_values(ascending=False)
        share = ranked.cumsum() / ranked.sum()
        return pd.DataFrame({"revenue": ranked, "abc": pd.cut(share, [0, 0.7, 0.9, 1.0])})
