"""A deterministic demo company: 6 regions, ~40 reps, ~1,500 customers, 6 categories.

Two full years plus the current year to date, with seasonality (Spring Festival dip, 618,
双11, the year-end push), reps of uneven skill, discounts (a few beyond authority),
returns and cancellations, customers who pay on time, late or never, visits with
expenses, quotas grown from last year's sales, and market sizes per region and category.

Orders are generated and written one month at a time, so ``rows`` can reach tens of
millions in bounded memory. The same seed and ``today`` always give the same lake.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import polars as pl

from sales_dash.engine.loaded import refresh
from sales_dash.lake import Lake, Manifest
from sales_dash.periods import Period, month_end, split_months
from sales_dash.schema import MONEY

REGIONS = {
    # region: (rep count, cities, our target market share)
    "华东": (9, ("上海", "杭州", "南京", "苏州", "宁波"), 0.21),
    "华南": (8, ("广州", "深圳", "东莞", "佛山", "厦门"), 0.17),
    "华北": (7, ("北京", "天津", "石家庄", "济南", "青岛"), 0.14),
    "华中": (6, ("武汉", "长沙", "郑州", "南昌"), 0.12),
    "西南": (5, ("成都", "重庆", "昆明", "贵阳"), 0.10),
    "东北": (5, ("沈阳", "大连", "长春", "哈尔滨"), 0.08),
}

CATEGORIES = {
    # category: (gross margin at list price, [(product, list price)])
    "空调": (0.20, [("变频挂机1.5匹", 2999), ("柜机3匹", 6999), ("中央空调风管机", 12800)]),
    "冰箱": (0.24, [("双门冰箱", 2199), ("十字对开冰箱", 4599), ("法式多门冰箱", 7299)]),
    "洗衣机": (0.22, [("滚筒洗衣机10kg", 2699), ("洗烘一体机", 4299), ("波轮洗衣机", 1299)]),
    "厨电": (0.30, [("吸油烟机", 2899), ("燃气灶", 1499), ("嵌入式蒸烤箱", 5999)]),
    "小家电": (0.38, [("电饭煲", 499), ("空气炸锅", 399), ("净水器", 1899), ("扫地机器人", 2499)]),
    "配件": (0.48, [("安装辅材包", 199), ("延保服务卡", 299), ("滤芯", 159)]),
}
CATEGORY_WEIGHTS = np.array([0.30, 0.22, 0.18, 0.14, 0.11, 0.05])

SEASONALITY = {
    1: 0.95,
    2: 0.55,
    3: 0.9,
    4: 0.95,
    5: 1.05,
    6: 1.35,
    7: 0.95,
    8: 0.9,
    9: 1.0,
    10: 1.1,
    11: 1.45,
    12: 1.3,
}
"""Month -> sales intensity: Spring Festival dip in Feb, 618 in Jun, 双11 in Nov, year end."""

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "华",
    "平",
    "刚",
    "桂英",
    "志强",
    "建华",
    "晓东",
    "海燕",
    "文博",
    "思远",
    "雨婷",
    "子豪",
)
BRANDS = (
    "恒达",
    "鑫源",
    "华美",
    "新世纪",
    "宏图",
    "金桥",
    "正泰",
    "永盛",
    "天成",
    "瑞丰",
    "百联",
    "国美",
    "汇通",
    "佳和",
    "东方",
    "万家",
    "盛世",
    "安信",
    "德胜",
    "福临",
    "新锐",
    "康达",
    "联创",
    "和润",
    "海纳",
    "明珠",
    "长城",
    "星河",
    "远航",
    "聚源",
)
TRADES = ("电器", "商贸", "家电", "科技", "实业", "贸易", "电子")

RETURN_SHARE, CANCEL_SHARE = 0.015, 0.02
REFERENCE_ROWS = 300_000
"""Visit expenses scale with --rows / this, so the expense ratio stays near 1% at any size."""
LINES_PER_ORDER = (1, 2, 3)
LINES_PER_ORDER_P = (0.5, 0.3, 0.2)


@dataclass(frozen=True)
class Company:
    reps: pl.DataFrame
    customers: pl.DataFrame
    products: pl.DataFrame


def _rep_names(rng: np.random.Generator, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(list(SURNAMES)) + rng.choice(GIVEN)
        if name not in names:
            names.append(str(name))
    return names


def _company(
    rng: np.random.Generator, customer_count: int, first: dt.date, today: dt.date
) -> Company:
    rep_rows: list[tuple[str, str, str, float]] = []
    names = _rep_names(rng, sum(count for count, _, _ in REGIONS.values()))
    for region, (count, _, _) in REGIONS.items():
        for _ in range(count):
            number = len(rep_rows) + 1
            skill = float(np.clip(rng.normal(1.0, 0.2), 0.6, 1.45))
            rep_rows.append((f"S{number:03d}", names[number - 1], region, skill))
    reps = pl.DataFrame(rep_rows, schema=["rep_id", "rep_name", "region", "skill"], orient="row")

    rep_index = rng.integers(0, reps.height, customer_count)
    span = (today - first).days
    existing = rng.random(customer_count) < 0.7
    acquired = np.where(existing, 0, rng.integers(0, span, customer_count))
    churns = rng.random(customer_count) < 0.12
    churned = np.where(churns, rng.integers(span // 3, span + 1, customer_count), span + 1)
    churned = np.maximum(churned, acquired + 60)
    used: set[str] = set()
    names_out = []
    for i in range(customer_count):
        cities = REGIONS[reps["region"][int(rep_index[i])]][1]
        while True:
            name = f"{rng.choice(cities)}{rng.choice(BRANDS)}{rng.choice(TRADES)}有限公司"
            if name not in used:
                break
            name = f"{rng.choice(cities)}市{rng.choice(BRANDS)}{rng.choice(TRADES)}有限公司"
            if name not in used:
                break
        used.add(name)
        names_out.append(name)
    profile = rng.choice(["on_time", "slow", "never"], customer_count, p=[0.78, 0.17, 0.05])
    customers = pl.DataFrame(
        {
            "customer_id": [f"C{i + 1:05d}" for i in range(customer_count)],
            "customer_name": names_out,
            "rep_index": rep_index,
            "size": rng.lognormal(0.0, 1.0, customer_count),
            "acquired_day": acquired,
            "churned_day": churned,
            "payment": profile,
            "terms": rng.choice([30, 60], customer_count, p=[0.7, 0.3]),
        }
    )
    product_rows = [
        (category, product, price, margin, CATEGORY_WEIGHTS[i] / len(items))
        for i, (category, (margin, items)) in enumerate(CATEGORIES.items())
        for product, price in items
    ]
    products = pl.DataFrame(
        product_rows, schema=["category", "product", "price", "margin", "weight"], orient="row"
    )
    return Company(reps=reps, customers=customers, products=products)


GROWTH_PER_YEAR = 1.1


def _day_weights(days: list[dt.date], origin: dt.date) -> np.ndarray:
    """Relative sales intensity of each day: season, weekends, month-end push, growth."""
    return np.array(
        [
            SEASONALITY[d.month]
            * (0.35 if d.weekday() >= 5 else 1.0)
            * (1.5 if d.day > month_end(d).day - 5 else 1.0)
            * GROWTH_PER_YEAR ** ((d - origin).days / 365)
            for d in days
        ]
    )


def _days(period: Period) -> list[dt.date]:
    return [period.start + dt.timedelta(days=i) for i in range(period.days)]


def _money(values: np.ndarray) -> pl.Series:
    return pl.Series(np.round(values, 2)).cast(MONEY)


def _month_orders(
    rng: np.random.Generator,
    company: Company,
    days: list[dt.date],
    lines: int,
    first: dt.date,
    today: dt.date,
    next_order: int,
) -> tuple[pl.DataFrame, int]:
    customers, reps, products = company.customers, company.reps, company.products
    day_numbers = np.array([(d - first).days for d in days])
    orders = max(1, round(lines / np.dot(LINES_PER_ORDER, LINES_PER_ORDER_P)))
    weights = _day_weights(days, first)
    order_day = rng.choice(len(days), orders, p=weights / weights.sum())
    sizes = rng.choice(LINES_PER_ORDER, orders, p=LINES_PER_ORDER_P)

    acquired = customers["acquired_day"].to_numpy()
    churned = customers["churned_day"].to_numpy()
    skill = reps["skill"].to_numpy()[customers["rep_index"].to_numpy()]
    weight = customers["size"].to_numpy() * skill
    middle = day_numbers[len(days) // 2]
    active = (acquired <= day_numbers[-1]) & (churned > middle)
    probability = np.where(active, weight, 0.0)
    customer = rng.choice(len(customers), orders, p=probability / probability.sum())
    # a customer's first order cannot precede its acquisition
    order_day = np.maximum(
        order_day, np.clip(acquired[customer] - day_numbers[0], 0, len(days) - 1)
    )

    line_order = np.repeat(np.arange(orders), sizes)
    # each line's number within its order: its place minus its order's first line's
    line_no = np.arange(len(line_order)) - np.repeat(np.cumsum(sizes) - sizes, sizes) + 1
    count = len(line_order)
    line_customer = customer[line_order]
    line_day = np.array(days, dtype="datetime64[D]")[order_day[line_order]]

    product = rng.choice(products.height, count, p=products["weight"].to_numpy())
    price = products["price"].to_numpy()[product]
    margin = products["margin"].to_numpy()[product]
    quantity = np.minimum(rng.geometric(0.35, count), 40).astype(float)
    discount = np.select(
        [rng.random(count) < 0.4, rng.random(count) < 0.96],
        [np.zeros(count), np.round(rng.uniform(0.02, 0.15, count), 3)],
        np.round(rng.uniform(0.16, 0.25, count), 3),
    )
    is_return = rng.random(count) < RETURN_SHARE
    sign = np.where(is_return, -1.0, 1.0)
    revenue = np.round(sign * quantity * price * (1 - discount), 2)
    cost = np.round(sign * quantity * price * (1 - margin) * rng.uniform(0.97, 1.03, count), 2)

    terms = customers["terms"].to_numpy()[line_customer]
    due = line_day + terms.astype("timedelta64[D]")
    on_time = (customers["payment"] == "on_time").to_numpy()[line_customer]
    slow = (customers["payment"] == "slow").to_numpy()[line_customer]
    delay = np.select(
        [on_time, slow],
        [rng.integers(-10, 6, count), rng.integers(20, 110, count)],
        np.full(count, 10_000),
    )
    paid_day = due + delay.astype("timedelta64[D]")
    today64 = np.datetime64(today, "D")
    # a return is refunded (a negative payment) on the customer's usual schedule
    paid = paid_day <= today64
    partial = slow & (rng.random(count) < 0.25)
    paid_amount = np.where(paid, np.where(partial, np.round(revenue * 0.5, 2), revenue), 0.0)
    # a flag, made a string by Polars: NumPy strings cost a conversion per value
    cancelled = rng.random(count) < CANCEL_SHARE

    rep_index = customers["rep_index"].to_numpy()[line_customer]
    # names are gathered as Polars strings: a NumPy array of Python strings costs a
    # conversion per value (a third of a month's time at 300k lines)
    frame = pl.DataFrame(
        {
            "order_id": "SO" + pl.Series(next_order + line_order).cast(pl.String).str.zfill(8),
            "line_no": line_no.astype(np.int64),
            "order_date": line_day,
            "customer_id": customers["customer_id"].gather(line_customer),
            "customer_name": customers["customer_name"].gather(line_customer),
            "rep_id": reps["rep_id"].gather(rep_index),
            "rep_name": reps["rep_name"].gather(rep_index),
            "region": reps["region"].gather(rep_index),
            "product": products["product"].gather(product),
            "category": products["category"].gather(product),
            "quantity": pl.Series(sign * quantity).cast(pl.Decimal(18, 4)),
            "discount_rate": pl.Series(discount).cast(pl.Decimal(18, 4)),
            "revenue": _money(revenue),
            "cost": _money(cost),
            "due_date": due,
            "paid_amount": _money(paid_amount),
            "paid_date": np.where(paid, paid_day, np.datetime64("NaT")),
            "status": cancelled,
        }
    ).with_columns(
        pl.col("order_date", "due_date", "paid_date").cast(pl.Date),
        status=pl.when("status").then(pl.lit("cancelled")).otherwise(pl.lit("")),
    )
    # the lines in the order the lake keeps them (date, order_id, line_no), so the write
    # skips its sort (``Lake.write_partition``): the orders by day (numbered in the order
    # drawn, so a stable sort keeps their numbers rising within a day; eight digits hold
    # them up to 99,999,999 orders), each order's lines together
    by_day = np.argsort(order_day, kind="stable")
    moved = sizes[by_day]
    first_line = (np.cumsum(sizes) - sizes)[by_day]
    lines_by_day = np.repeat(first_line - (np.cumsum(moved) - moved), moved) + np.arange(count)
    frame = frame[lines_by_day]
    return frame.filter(pl.col("order_date") <= today), next_order + orders


def _month_visits(
    rng: np.random.Generator,
    company: Company,
    days: list[dt.date],
    next_visit: int,
    expense_scale: float,
) -> pl.DataFrame:
    reps, customers = company.reps, company.customers
    workdays = [d for d in days if d.weekday() < 5]
    rows = []
    rep_customers = customers.group_by("rep_index").agg("customer_id")
    by_rep = dict(zip(rep_customers["rep_index"], rep_customers["customer_id"], strict=True))
    for index, (rep_id, region, skill) in enumerate(
        reps.select("rep_id", "region", "skill").iter_rows()
    ):
        per_week = 1.0 + 1.6 * skill * rng.uniform(0.7, 1.2)
        count = rng.poisson(per_week * len(workdays) / 5) if workdays else 0
        own = by_rep.get(index)
        if own is None or count == 0:
            continue
        for _ in range(count):
            rows.append(
                (rep_id, region, str(rng.choice(own)), workdays[rng.integers(len(workdays))])
            )
    count = len(rows)
    frame = pl.DataFrame(
        rows, schema=["rep_id", "region", "customer_id", "visit_date"], orient="row"
    )
    return frame.with_columns(
        visit_id=pl.Series([f"V{next_visit + i:08d}" for i in range(count)]),
        visit_type=pl.Series(rng.choice(["new", "follow-up", "service"], count, p=[0.2, 0.6, 0.2])),
        expense=_money(rng.gamma(2.0, 1600.0, count) * expense_scale),
    ).select("visit_id", "visit_date", "rep_id", "customer_id", "region", "visit_type", "expense")


def _quotas(company: Company, monthly: pl.DataFrame, months: list[str]) -> pl.DataFrame:
    """Each rep's monthly quota: last year's region average per rep for that month, +12%."""
    reps = company.reps.select("rep_id", "rep_name", "region")
    per_rep = (
        monthly.group_by("month", "region")
        .agg(pl.col("revenue").sum())
        .join(reps.group_by("region").len("reps"), on="region")
        .with_columns(average=pl.col("revenue") / pl.col("reps"))
    )
    year_before = per_rep.with_columns(
        month=(pl.col("month").str.slice(0, 4).cast(pl.Int32) + 1).cast(pl.String)
        + pl.col("month").str.slice(4)
    ).select("month", "region", last_year="average")
    quotas = (
        reps.join(pl.DataFrame({"month": months}), how="cross")
        .join(per_rep.select("month", "region", "average"), on=["month", "region"], how="left")
        .join(year_before, on=["month", "region"], how="left")
        .with_columns(
            base=pl.coalesce(pl.col("last_year") * 1.12, pl.col("average") * 0.95).fill_null(0)
        )
    )
    return quotas.select(
        "month",
        "rep_id",
        "rep_name",
        "region",
        revenue_quota=(pl.col("base") / 1000).round(0).mul(1000).cast(MONEY),
        expense_budget=(pl.col("base") * 0.012).round(0).cast(MONEY),
        visit_target=pl.lit(10, pl.Int64),
    ).sort("month", "rep_id")


def _market(monthly: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Market size per region, category and month; "" rows hold the whole regional market."""
    share = pl.DataFrame(
        {"region": list(REGIONS), "share": [target for _, _, target in REGIONS.values()]}
    )
    by_category = (
        monthly.group_by("month", "region", "category")
        .agg(pl.col("revenue").sum(), pl.col("days_covered").first(), pl.col("days").first())
        .join(share, on="region")
        .sort("month", "region", "category")
    )
    noise = rng.uniform(0.9, 1.1, by_category.height)
    by_category = by_category.with_columns(
        market_size=(
            pl.col("revenue")
            * pl.col("days")
            / pl.col("days_covered")
            / pl.col("share")
            * pl.Series(noise)
            / 1000
        ).round(0)
        * 1000
    )
    whole = (
        by_category.group_by("month", "region")
        .agg(pl.col("market_size").sum())
        .with_columns(category=pl.lit(""))
    )
    frame = pl.concat([by_category.select(whole.columns), whole])
    return frame.select("month", "region", "category", pl.col("market_size").cast(MONEY)).sort(
        "month", "region", "category"
    )


def _month_sales(orders: pl.DataFrame, period: Period) -> pl.DataFrame:
    """A month's booked revenue per region and category, what quotas and market grow from."""
    return (
        orders.filter(pl.col("status") != "cancelled")
        .group_by("region", "category")
        .agg(pl.col("revenue").sum().cast(pl.Float64))
        .with_columns(
            month=pl.lit(period.key),
            days_covered=pl.lit(period.days),
            days=pl.lit(month_end(period.start).day),
        )
    )


def _write_month(
    lake: Lake, month: str, tables: dict[str, pl.DataFrame], version: int
) -> dict[str, str]:
    """Write a month's partition of each table holding rows; returns table -> its file."""
    return {
        table: lake.write_partition(table, month, rows, version, ordered=table == "orders")
        for table, rows in tables.items()
        if rows.height
    }


def _record(
    partitions: dict[str, dict[str, str]], month: str, written: Future[dict[str, str]]
) -> None:
    """Note a month's files in the manifest's partitions, once written (or raise why not)."""
    for table, path in written.result().items():
        partitions[table][month] = path


class LakeHoldsUploads(Exception):
    """The lake holds uploads that building the demo would replace; ``count`` says how many."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def build_demo(
    lake: Lake,
    *,
    seed: int = 7,
    rows: int = 300_000,
    today: dt.date | None = None,
    force: bool = False,
) -> dict:
    """Replace the lake's tables with the demo company; returns counts written.

    Raises LakeHoldsUploads, writing nothing, when the lake's history lists uploads
    (real data someone loaded) unless ``force``.
    """
    today = today or dt.date.today()
    rng = np.random.default_rng(seed)
    first = dt.date(today.year - 2, 1, 1)
    company = _company(rng, 1500, first, today)
    months = split_months(first, today)
    intensity = np.array([_day_weights(_days(p), first).sum() for p in months])
    month_lines = np.maximum(1, np.round(rows * intensity / intensity.sum())).astype(int)

    partitions: dict[str, dict[str, str]] = {"orders": {}, "visits": {}}
    monthly_parts = []
    next_order, next_visit, order_count, visit_count = 1, 1, 0, 0
    with lake.write_lock():
        uploads = len(lake.manifest().uploads)
        if uploads and not force:  # checked under the lock: no upload can slip in after
            raise LakeHoldsUploads(uploads)
        version = lake.version + 1
        # a month is written by a second thread while the next is generated (the write,
        # sorted and compressed, takes longer than the generation): at most two months
        # of lines are held, whatever ``rows``
        with ThreadPoolExecutor(max_workers=1) as writer:
            writing: tuple[str, Future[dict[str, str]]] | None = None
            for period, lines in zip(months, month_lines, strict=True):
                days = _days(period)
                orders, next_order = _month_orders(
                    rng, company, days, lines, first, today, next_order
                )
                visits = _month_visits(rng, company, days, next_visit, rows / REFERENCE_ROWS)
                next_visit += visits.height
                order_count += orders.height
                visit_count += visits.height
                monthly_parts.append(_month_sales(orders, period))
                if writing is not None:
                    _record(partitions, *writing)
                month = {"orders": orders, "visits": visits}
                writing = period.key, writer.submit(_write_month, lake, period.key, month, version)
                del orders, visits, month
            if writing is not None:
                _record(partitions, *writing)
        monthly = pl.concat(monthly_parts)
        quota_months = [p.key for p in split_months(first, dt.date(today.year, 12, 31))]
        tables = (
            ("quotas", _quotas(company, monthly, quota_months)),
            ("market", _market(monthly, rng)),
        )
        for table, frame in tables:
            partitions[table] = {
                month: lake.write_partition(table, month, part, version)
                for (month,), part in frame.partition_by("month", as_dict=True).items()
            }
        lake.write_manifest(Manifest(version=version, partitions=partitions))
    refresh(lake)  # the app's first page then loads the rollups instead of building them
    return {"orders": order_count, "visits": visit_count}
