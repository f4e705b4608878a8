"""The customers page (客户): ABC classes, top and new customers, retention, and the
dormant customers to win back."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from sales_dash.engine.customers import customer_names, first_lines, last_orders, revenue_history
from sales_dash.engine.lines import revenue_without_customer
from sales_dash.engine.options import rep_names
from sales_dash.lake import Lake
from sales_dash.sections.metric import view_metric
from sales_dash.view import View

TOP_CUSTOMERS = 20


@dataclass(frozen=True)
class CustomerSection:
    activity: pl.DataFrame
    classes: pl.DataFrame
    top: pl.DataFrame
    new: pl.DataFrame
    retention_by_region: pl.DataFrame
    dormant: pl.DataFrame
    without_customer: Decimal = Decimal("0.00")
    """Revenue of the view's lines without a customer: in revenue and margin, left out of
    every customer metric above (money, to the cent)."""


ABC_ORDER = ("A", "B", "C", "D")


def abc_summary(abc: pl.DataFrame) -> pl.DataFrame:
    """Per class: how many customers and their share of the period's revenue."""
    summary = abc.group_by("abc_class").agg(
        customers=pl.len(),
        revenue=pl.col("revenue").sum(),
        revenue_share=pl.col("revenue_share").sum(),
    )
    classes = pl.DataFrame({"abc_class": list(ABC_ORDER)})
    return (
        classes.join(summary, on="abc_class", how="left")
        .with_columns(
            pl.col("customers").fill_null(0),
            revenue_share=pl.when(pl.col("abc_class") == "D")
            .then(None)
            .otherwise(pl.col("revenue_share").fill_null(0.0)),
        )
        .select("abc_class", "customers", "revenue", "revenue_share")
    )


def customer_section(lake: Lake, view: View) -> CustomerSection:
    """客户: ABC classes, top customers, new customers, retention, dormant (D) to win back."""
    abc = view_metric(lake, "abc", view)
    new = (
        first_lines(lake, view)
        .join(customer_names(lake), on="customer_id", how="left")
        .join(rep_names(lake), on="rep_id", how="left")
        .join(abc.select("customer_id", "revenue"), on="customer_id", how="left")
        .sort(["first_order_date", "customer_id"], descending=[True, False])
        .select(
            "customer_id",
            "customer_name",
            "first_order_date",
            "region",
            "rep_id",
            "rep_name",
            "revenue",
        )
    )
    # dormant = class D, reckoned up to as-of as the engine does, so no order after as-of
    # shows as a customer's last one; revenue shows why a customer who did order in the
    # period is D anyway (returns netting it to zero or below)
    dormant = (
        abc.filter(pl.col("abc_class") == "D")
        .select("customer_id", "customer_name")
        .join(revenue_history(lake, view), on="customer_id", how="left")
        .join(last_orders(lake, view), on="customer_id", how="left")
        .sort(["revenue_year_before", "customer_id"], descending=[True, False])
    )
    return CustomerSection(
        activity=view_metric(lake, "activity", view, coverage=True),
        classes=abc_summary(abc),
        top=abc.filter(pl.col("abc_class") != "D").head(TOP_CUSTOMERS),
        new=new,
        retention_by_region=view_metric(lake, "activity", view, "region"),
        dormant=dormant,
        without_customer=revenue_without_customer(lake, view),
    )
