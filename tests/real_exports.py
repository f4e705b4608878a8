"""Exports shaped like the ones real systems write, built by the tests (issue 11's corpus).

Each builder writes one file the way its system does (headers, encodings, date and
number forms, title and total rows) and returns it with the exact figures a manager's
Excel pivot would show, computed here with ``decimal`` from the very cell texts written,
never by the code under test. Rows are random but seeded, so every run builds the same
bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import xlsxwriter
import xlwt


@dataclass
class Export:
    path: Path
    table: str
    choices: list[str]
    """The ``--map SRC=DST`` pairs the user chooses (only what is truly ambiguous)."""
    revenue: Decimal
    """Σ of the revenue column's cells, exact."""
    rows: int
    """Data rows (not title, blank or total rows)."""
    profit: Decimal | None = None
    """Σ of the profit cells (BI samples), or Σ revenue − cost; None without either."""
    over_limit: int | None = None
    """Lines discounted beyond 15 %, counted from the file's discount cells."""
    extra: dict[str, object] = field(default_factory=dict)


def _rng(seed: int) -> random.Random:
    return random.Random(seed)


def _amount(rng: random.Random, low: float, high: float, places: int) -> Decimal:
    return Decimal(str(round(rng.uniform(low, high), places)))


def _us_date(day: dt.date) -> str:
    """How a US export writes a date: ``11/8/2018`` (month first, no leading zeros)."""
    return f"{day.month}/{day.day}/{day.year}"


BI_HEADER = [
    "Row ID",
    "Order ID",
    "Order Date",
    "Ship Date",
    "Ship Mode",
    "Customer ID",
    "Customer Name",
    "Segment",
    "Country",
    "City",
    "State",
    "Postal Code",
    "Region",
    "Product ID",
    "Category",
    "Sub-Category",
    "Product Name",
    "Sales",
    "Quantity",
    "Discount",
    "Profit",
]
BI_CUSTOMERS = [
    ("CG-12520", "Claire Gute"),
    ("DV-13045", "Darrin Van Huff"),
    ("SO-20335", "Sean O’Donnell"),
    ("BH-11710", "Brosina Hoffman"),
    ("AA-10480", "Andrew Allen"),
    ("ZD-21925", "Zuschuss Donatelli"),
    ("KB-16585", "Ken Black"),
    ("SN-20710", "Renée Côté"),
]
BI_PLACES = [
    ("Henderson", "Kentucky", "42420", "South"),
    ("Los Angeles", "California", "90036", "West"),
    ("Fort Lauderdale", "Florida", "33311", "South"),
    ("Concord", "North Carolina", "28027", "South"),
    ("Seattle", "Washington", "98103", "West"),
    ("Fort Worth", "Texas", "76106", "Central"),
    ("Philadelphia", "Pennsylvania", "19140", "East"),
    ("Chicago", "Illinois", "60610", "Central"),
]
BI_PRODUCTS = [
    ("FUR-BO-10001798", "Furniture", "Bookcases", "Bush Somerset Collection Bookcase"),
    (
        "FUR-CH-10000454",
        "Furniture",
        "Chairs",
        'Hon Deluxe Fabric Upholstered Stacking Chairs, "Rounded Back"',
    ),
    (
        "OFF-LA-10000240",
        "Office Supplies",
        "Labels",
        "Self-Adhesive Address Labels for Typewriters by Universal",
    ),
    ("TEC-PH-10002275", "Technology", "Phones", "Mitel 5320 IP Phone VoIP phone"),
    ("OFF-AR-10002833", "Office Supplies", "Art", "Newell 322"),
    (
        "TEC-AC-10002167",
        "Technology",
        "Accessories",
        "Imation 8GB Mini TravelDrive USB 2.0 Flash Drive",
    ),
]
BI_DISCOUNTS = ["0", "0", "0", "0.1", "0.15", "0.2", "0.2", "0.3", "0.45", "0.5", "0.7", "0.8"]


def bi_rows(seed: int = 11, orders: int = 120) -> list[list[str]]:
    """Rows of a US BI sample export: sub-cent Sales and Profit, US dates, several lines
    per order, one Row ID per line."""
    rng = _rng(seed)
    rows: list[list[str]] = []
    first = dt.date(2018, 1, 3)
    for number in range(orders):
        order_day = first + dt.timedelta(days=rng.randrange(0, 360))
        ship_day = order_day + dt.timedelta(days=rng.randrange(0, 6))
        customer_id, customer = rng.choice(BI_CUSTOMERS)
        city, state, postal, region = rng.choice(BI_PLACES)
        order_id = f"CA-{order_day.year}-{100000 + number * 37}"
        for _ in range(rng.choice([1, 1, 2, 3])):
            product_id, category, sub, name = rng.choice(BI_PRODUCTS)
            quantity = rng.randrange(1, 10)
            sales = _amount(rng, 2, 2000, rng.choice([2, 3, 3, 4]))
            discount = rng.choice(BI_DISCOUNTS)
            profit = _amount(rng, -400, 500, 4)
            rows.append(
                [
                    str(len(rows) + 1),
                    order_id,
                    _us_date(order_day),
                    _us_date(ship_day),
                    rng.choice(["Second Class", "Standard Class", "First Class"]),
                    customer_id,
                    customer,
                    rng.choice(["Consumer", "Corporate", "Home Office"]),
                    "United States",
                    city,
                    state,
                    postal,
                    region,
                    product_id,
                    category,
                    sub,
                    name,
                    str(sales),
                    str(quantity),
                    discount,
                    str(profit),
                ]
            )
    return rows


def _csv_text(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _sum(values: list[str]) -> Decimal:
    return sum((Decimal(v) for v in values if v.strip()), Decimal(0))


def bi_export(folder: Path, encoding: str = "utf-8-sig") -> Export:
    """The English BI sample as an analyst saves it: UTF-8 with BOM or Windows-1252."""
    rows = bi_rows()
    suffix = "cp1252" if encoding == "cp1252" else "utf8"
    path = folder / f"Sample - Superstore ({suffix}).csv"
    path.write_bytes(_csv_text(BI_HEADER, rows).encode(encoding))
    sales = BI_HEADER.index("Sales")
    return Export(
        path,
        "orders",
        ["Region=region", "State=-"],
        revenue=_sum([r[sales] for r in rows]),
        rows=len(rows),
        profit=_sum([r[BI_HEADER.index("Profit")] for r in rows]),
        over_limit=sum(
            1 for r in rows if Decimal(r[BI_HEADER.index("Discount")]) > Decimal("0.15")
        ),
        extra={
            "region_revenue": {
                region: _sum([r[sales] for r in rows if r[BI_HEADER.index("Region")] == region])
                for region in sorted({r[BI_HEADER.index("Region")] for r in rows})
            }
        },
    )


CN_HEADER = [
    "行 ID",
    "订单 ID",
    "订单日期",
    "发货日期",
    "邮寄方式",
    "客户 ID",
    "客户名称",
    "细分",
    "城市",
    "省/自治区",
    "国家",
    "地区",
    "产品 ID",
    "类别",
    "子类别",
    "产品名称",
    "销售额",
    "数量",
    "折扣",
    "利润",
]
CN_PLACES = [
    ("杭州", "浙江", "华东"),
    ("内江", "四川", "西南"),
    ("镇江", "江苏", "华东"),
    ("汕头", "广东", "中南"),
]
CN_CUSTOMERS = [
    ("曾惠-14485", "曾惠"),
    ("许安-10165", "许安"),
    ("宋良-17170", "宋良"),
    ("万兰-15730", "万兰"),
]
CN_PRODUCTS = [
    ("办公用-用品-10002717", "办公用品", "用品", "Fiskars 剪刀, 蓝色"),
    ("办公用-信封-10004832", "办公用品", "信封", "GlobeWeis 搭扣信封, 红色"),
    ("家具-椅子-10000971", "家具", "椅子", "Harbour Creations 扶手椅, 可调"),
    ("技术-复印-10004876", "技术", "复印机", "Hewlett 墨水, 红色"),
]


def cn_workbook_rows(seed: int = 12, orders: int = 80) -> list[list[object]]:
    """The Chinese edition of the BI sample: dates as Excel dates, amounts as numbers."""
    rng = _rng(seed)
    rows: list[list[object]] = []
    first = dt.date(2018, 1, 2)
    for number in range(orders):
        order_day = first + dt.timedelta(days=rng.randrange(0, 360))
        customer_id, customer = rng.choice(CN_CUSTOMERS)
        city, province, region = rng.choice(CN_PLACES)
        order_id = f"US-{order_day.year}-{1357000 + number * 11}"
        for _ in range(rng.choice([1, 2, 2, 3])):
            product_id, category, sub, name = rng.choice(CN_PRODUCTS)
            sales = _amount(rng, 20, 9000, rng.choice([2, 3, 4]))
            profit = _amount(rng, -900, 1500, 4)
            rows.append(
                [
                    len(rows) + 1,
                    order_id,
                    order_day,
                    order_day + dt.timedelta(days=rng.randrange(0, 5)),
                    rng.choice(["二级", "标准级", "一级"]),
                    customer_id,
                    customer,
                    rng.choice(["公司", "消费者", "小型企业"]),
                    city,
                    province,
                    "中国",
                    region,
                    product_id,
                    category,
                    sub,
                    name,
                    float(sales),
                    rng.randrange(1, 8),
                    float(rng.choice(["0", "0", "0.1", "0.2", "0.4"])),
                    float(profit),
                ]
            )
    return rows


def cn_workbook(folder: Path) -> Export:
    """订单 / 退货 / 销售人员 in one .xlsx, the orders sheet not first."""
    rows = cn_workbook_rows()
    path = folder / "超市数据.xlsx"
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy/m/d"})
    people = book.add_worksheet("销售人员")
    people.write_row(0, 0, ["地区经理", "地区"])
    for i, (name, region) in enumerate([("洪光", "华东"), ("殷莲", "西南"), ("杨洪", "中南")]):
        people.write_row(i + 1, 0, [name, region])
    sheet = book.add_worksheet("订单")
    sheet.write_row(0, 0, CN_HEADER)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
            else:
                sheet.write(r, c, value)
    returns = book.add_worksheet("退货")
    returns.write_row(0, 0, ["订单 ID", "退回"])
    returns.write_row(1, 0, [str(rows[0][1]), "是"])
    book.close()
    # Excel stores each amount as the nearest double; a pivot shows it at its decimals
    sales = CN_HEADER.index("销售额")
    profit = CN_HEADER.index("利润")
    return Export(
        path,
        "orders",
        ["地区=region", "省/自治区=-"],
        revenue=_sum([repr(r[sales]) for r in rows]),
        rows=len(rows),
        profit=_sum([repr(r[profit]) for r in rows]),
        over_limit=sum(
            1 for r in rows if Decimal(repr(r[CN_HEADER.index("折扣")])) > Decimal("0.15")
        ),
        extra={"sheet": "订单"},
    )


def cn_workbook_xls(folder: Path) -> Export:
    """The same workbook saved as legacy Excel 97-2003 (.xls), as older ERPs still do."""
    rows = cn_workbook_rows()
    path = folder / "超市数据.xls"
    book = xlwt.Workbook(encoding="utf-8")
    dates = xlwt.easyxf(num_format_str="yyyy/m/d")
    people = book.add_sheet("销售人员")
    for c, value in enumerate(["地区经理", "地区"]):
        people.write(0, c, value)
    sheet = book.add_sheet("订单")
    for c, value in enumerate(CN_HEADER):
        sheet.write(0, c, value)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write(r, c, dt.datetime.combine(value, dt.time()), dates)
            else:
                sheet.write(r, c, value)
    book.add_sheet("退货").write(0, 0, "订单 ID")
    book.save(str(path))
    export = cn_workbook(folder)
    export.path = path
    return export


SHOP_HEADER = [
    "订单编号",
    "总金额",
    "买家实际支付金额",
    "收货地址 ",
    "订单创建时间",
    "订单付款时间 ",
    "退款金额",
]
PROVINCES = ["上海", "内蒙古自治区", "北京", "浙江省", "广东省", "四川省", "江苏省"]


def shop_export(folder: Path, orders: int = 400) -> Export:
    """A 天猫 order report: one row per order, date-times, unpaid orders paying 0,
    no customer, cost or rep at all; UTF-8 with BOM as the shop back end writes it."""
    rng = _rng(13)
    rows: list[list[str]] = []
    first = dt.datetime(2020, 2, 1)
    for number in range(orders):
        created = first + dt.timedelta(minutes=rng.randrange(0, 29 * 24 * 60))
        total = _amount(rng, 1, 300, rng.choice([0, 1, 2]))
        paid_flag = rng.random() < 0.85
        refund = Decimal(0)
        if paid_flag and rng.random() < 0.1:
            refund = total
        paid = total - refund if paid_flag else Decimal(0)
        paid_at = (created + dt.timedelta(minutes=rng.randrange(1, 90))) if paid_flag else None
        rows.append(
            [
                str(number + 1),
                f"{total}",
                f"{paid}",
                rng.choice(PROVINCES),
                created.strftime("%Y-%m-%d %H:%M:%S"),
                paid_at.strftime("%Y-%m-%d %H:%M:%S") if paid_at else "",
                f"{refund}",
            ]
        )
    path = folder / "tmall_order_report.csv"
    path.write_bytes(_csv_text(SHOP_HEADER, rows).encode("utf-8-sig"))
    return Export(
        path,
        "orders",
        ["买家实际支付金额=revenue", "总金额=-", "收货地址=region"],
        revenue=_sum([r[2] for r in rows]),
        rows=len(rows),
        extra={"provinces": sorted({r[3] for r in rows})},
    )


CONTRACT_CN_HEADER = [
    "订单号",
    "行号",
    "订单日期",
    "客户编号",
    "客户名称",
    "业务员编号",
    "业务员",
    "区域",
    "产品",
    "品类",
    "数量",
    "销售额",
    "成本",
    "回款金额",
]


def _erp_rows(seed: int, count: int) -> list[list[str]]:
    rng = _rng(seed)
    rows = []
    for number in range(count):
        revenue = _amount(rng, 100, 90000, 2)
        cost = (revenue * Decimal(rng.choice(["0.62", "0.7", "0.81"]))).quantize(Decimal("0.01"))
        paid = rng.choice([revenue, Decimal(0), (revenue / 2).quantize(Decimal("0.01"))])
        rows.append(
            [
                f"XSDD{2026_10_0000 + number // 2}",
                str(number % 2 + 1),
                f"2026/10/{number % 28 + 1}",
                f"KH{rng.randrange(1, 40):04d}",
                rng.choice(["杭州新锐商贸有限公司", "苏州华盛电器", "宁波海天贸易"]),
                f"S{rng.randrange(1, 6):03d}",
                rng.choice(["王芳", "李强", "张伟"]),
                "华东",
                rng.choice(["KFR-35GW", "BCD-218", "XQB80"]),
                rng.choice(["空调", "冰箱", "洗衣机"]),
                str(rng.randrange(1, 20)),
                str(revenue),
                str(cost),
                str(paid),
            ]
        )
    return rows


def utf16_export(folder: Path) -> Export:
    """Excel's "Unicode text": UTF-16 little-endian without a BOM, tab-separated."""
    rows = _erp_rows(14, 150)
    path = folder / "订单导出_unicode.txt"
    path.write_bytes(_csv_text(CONTRACT_CN_HEADER, rows, "\t").encode("utf-16-le"))
    revenue = CONTRACT_CN_HEADER.index("销售额")
    cost = CONTRACT_CN_HEADER.index("成本")
    return Export(
        path,
        "orders",
        [],
        revenue=_sum([r[revenue] for r in rows]),
        rows=len(rows),
        profit=_sum([r[revenue] for r in rows]) - _sum([r[cost] for r in rows]),
    )


BIG5_HEADER = [
    "訂單編號",
    "訂單日期",
    "客戶編號",
    "客戶名稱",
    "業務員",
    "區域",
    "產品",
    "數量",
    "銷售金額",
    "成本",
]


def big5_export(folder: Path) -> Export:
    """A Traditional Chinese export (Taiwan, Hong Kong): Big5, traditional headers."""
    rng = _rng(15)
    rows = []
    for number in range(90):
        revenue = _amount(rng, 500, 50000, 2)
        rows.append(
            [
                f"TW{20261000 + number}",
                f"2026/10/{number % 30 + 1}",
                f"C{rng.randrange(1, 30):03d}",
                rng.choice(["台北電器行", "高雄貿易有限公司", "新竹科技"]),
                rng.choice(["陳志明", "林美玲"]),
                rng.choice(["北區", "南區"]),
                rng.choice(["冷氣機", "冰箱"]),
                str(rng.randrange(1, 9)),
                str(revenue),
                str((revenue * Decimal("0.7")).quantize(Decimal("0.01"))),
            ]
        )
    path = folder / "訂單明細_big5.csv"
    path.write_bytes(_csv_text(BIG5_HEADER, rows).encode("big5"))
    return Export(
        path,
        "orders",
        [],
        revenue=_sum([r[8] for r in rows]),
        rows=len(rows),
        profit=_sum([r[8] for r in rows]) - _sum([r[9] for r in rows]),
    )


ERP_HEADER = [
    "单据编号",
    "单据日期",
    "客户编码",
    "客户",
    "业务员",
    "区域",
    "物料名称",
    "数量",
    "金额(万元)",
    "税额(万元)",
    "价税合计(万元)",
    "成本(万元)",
]


def wanyuan_export(folder: Path) -> Export:
    """A 金蝶-style outbound summary in GBK: title rows, amounts in 万元 with four
    decimals, a 合计 row at the bottom."""
    rng = _rng(16)
    rows = []
    for number in range(60):
        revenue = _amount(rng, 0.05, 80, 4)
        rows.append(
            [
                f"XSCK-2026-10-{number + 1:04d}",
                f"2026年10月{number % 30 + 1}日",
                f"0{rng.randrange(1, 9)}.{rng.randrange(1, 200):04d}",
                rng.choice(["上海百联集团", "南京新街口百货", "合肥商之都"]),
                rng.choice(["周杰", "吴敏"]),
                "华东",
                rng.choice(["KFR-35GW/BpR3", "BCD-460WDPF"]),
                str(rng.randrange(1, 40)),
                str(revenue),
                str((revenue * Decimal("0.13")).quantize(Decimal("0.0001"))),
                str(revenue + (revenue * Decimal("0.13")).quantize(Decimal("0.0001"))),
                str((revenue * Decimal("0.72")).quantize(Decimal("0.0001"))),
            ]
        )
    revenue_cells = [r[8] for r in rows]
    tax_cells = [r[9] for r in rows]
    gross_cells = [r[10] for r in rows]
    cost_cells = [r[11] for r in rows]
    lines = [
        "销售出库汇总表",
        "期间：2026年10月1日 至 2026年10月31日" + "," * (len(ERP_HEADER) - 1),
        ",".join(ERP_HEADER),
        *(",".join(r) for r in rows),
        ",".join(
            [
                "合计",
                *[""] * 7,
                *(str(_sum(c)) for c in (revenue_cells, tax_cells, gross_cells, cost_cells)),
            ]
        ),
    ]
    path = folder / "销售出库汇总_万元.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    scale = Decimal(10_000)
    return Export(
        path,
        "orders",
        ["金额(万元)=revenue", "价税合计(万元)=-"],
        revenue=_sum(revenue_cells) * scale,
        rows=len(rows),
        profit=(_sum(revenue_cells) - _sum(cost_cells)) * scale,
    )
