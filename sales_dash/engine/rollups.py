"""The derived tables of a lake, kept up to date at a cost that follows the change.

The rollups hold one order date per row, so each is kept per month of order lines: a
write rebuilds only the months whose orders partition it changed (a new file in the
manifest), and the months of the customers who started or stopped having receipts
(``payers``: whether a line is tracked). Receipts are applied one customer's ledger at a
time (docs/receipts.md), so ``settled`` and ``open_spans`` are rebuilt for the customers
of the changed order and payment partitions only. Undo is a write like any other: it
puts back earlier partition files, which differ from the current ones.

``Built`` records what the tables were built from; it is kept in ``_derived/monthly/``
with a Parquet file per table and month, so a new process loads them and brings them up
to the current manifest the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from sales_dash.engine.settled import DIGEST, PAYMENTS_SQL, settled_rows
from sales_dash.lake import Lake, Manifest, atomic_write_bytes

MONTHLY = {
    "_rollup": "orders_daily",
    "_customer_rollup": "customer_daily",
    "_discount_rollup": "discounts_daily",
    "_over_limit_rollup": "over_limit_lines",
    "_owner_months": "owner_months",
    "_order_months": "order_months",
    "_customer_months": "customer_months",
}
"""sql/ file (a select over ``rollup_lines``) -> table kept per month of its order_date."""
FROM_MONTHLY = {"_receivables_rollup": "receivables_daily", "_customer_owners": "customer_owners"}
"""Tables made whole from the monthly ones when a month of them changes: small, and sorted
or grouped across months. A new process whose kept files are current makes them views
over the monthly tables, loaded in the background with those (``_from_monthly``)."""
BY_CUSTOMER = {"_settled": "settled", "_open_spans": "open_spans"}
"""Tables rebuilt for the customers a write touched (``settled`` applied in Python)."""
FROM_SETTLED = {
    "_collected_rollup": "collected_daily",
    "_applied_rollup": "applied_daily",
    "_open_rollup": "open_daily",
    "_month_end_rollup": "open_month_ends",
    "_applied_customer_rollup": "applied_customers",
    "_open_customer_rollup": "open_customers",
}
"""sql/ file (a select over ``rollup_settled`` or ``rollup_spans``) -> month rollup of the
``BY_CUSTOMER`` tables, kept per month of its lines' order date (``order_month``): built
again for the months whose settled rows or spans a write changed."""
SETTLED_MONTH = "order_month"
LEDGER_SQL, LEDGER_TABLE = "_ledger_entries", "ledger_entries"
LEDGER = {LEDGER_SQL: LEDGER_TABLE}
"""sql/ file -> the lines' entries of the customers' ledgers (branch ledger, issue 15),
built from the lines and ``settled`` of the months whose settled rows a write changed,
and kept per month of order_date sorted by customer (``SORTED_BY``)."""
FROM_LEDGER = {"_ledger_months": "ledger_months"}
"""sql/ file (a select over ``rollup_ledger``) -> month rollup of ``LEDGER_TABLE``: each
account's entries and balance change by month, so a ledger's screen sums its earlier
months from memory and reads the files of its last months alone (at 100M lines a big
account's 34 month files took 160 ms to open and scan). Kept per month of order_date
(``order_month``), built again for the months the ledger was."""
MONTH_COLUMN = {
    **{table_name: SETTLED_MONTH for table_name in FROM_SETTLED.values()},
    **{table_name: SETTLED_MONTH for table_name in FROM_LEDGER.values()},
}
"""The column that holds a kept table's month (its order month) where not order_date."""
FILE_MONTH = {LEDGER_TABLE: "file_month"}
"""Tables whose kept files lie in a folder per month (``file_month=YYYY-MM``, read as a
hive partition key): a reader naming the months it needs opens those files alone, not
every month's footer (sql/customer_ledger.sql). Built in memory, the column is the row's."""
FROM_FILES = frozenset([*BY_CUSTOMER.values(), *LEDGER.values()])
"""Tables read from their kept files, never loaded into memory: line-level and as large as
the lake, while the page-level numbers come from their month rollups; a customer's
lists and customer groupings read them (bounded memory: docs/performance.md)."""
KEPT = [
    *MONTHLY.values(),
    *BY_CUSTOMER.values(),
    *FROM_SETTLED.values(),
    *LEDGER.values(),
    *FROM_LEDGER.values(),
]
"""Every table kept per month in ``_derived/monthly/``."""
LOAD_ORDER = [
    *MONTHLY.values(),
    *FROM_MONTHLY.values(),
    *BY_CUSTOMER.values(),
    *FROM_SETTLED.values(),
    *LEDGER.values(),
    *FROM_LEDGER.values(),
]
"""The derived tables a database may read before they are in memory (views over their kept
files, or over the tables they are made from), in the order they are loaded: each
``FROM_MONTHLY`` table after the monthly tables it is made of."""
SORTED_BY = {"ledger_entries": "customer_id, entry_date, day_order, document, line_no"}
"""The order a kept table's month file is written in, where its readers filter on it (a
customer's ledger skips the other customers' row groups by their min/max)."""
SORTED_ROW_GROUP = 10_240
"""Rows per row group of a ``SORTED_BY`` file (DuckDB writes 122,880): a customer's rows
of a month lie in one or two, so a ledger reads a few thousand rows a month, not 10^5."""
OPEN_LAST = {"open_daily": "region, rep_id", "open_customers": "region, rep_id, customer_id"}
"""Span rollups loaded from their kept files with the spans still open (to 9999-12-31)
last, in this order (branch recv, issue 15): aging and DSO at as-of read the spans holding
it, nearly all still open; kept per month, they lay at the end of each month's rows, so
a region's read touched half the table's row groups, and now one or two."""
STILL_OPEN = "valid_to = date '9999-12-31'"
MONTHLY_DIR = "monthly"
STATE = "state.json"
TOUCHED = "touched_customers"
KEEP_SUPERSEDED_SECONDS = 600.0

SelectFiles = Callable[[str, list[str]], str]
"""The select of a table's rows from some of its files (``sales_dash.engine.db``)."""
QueryText = Callable[[str], str]


@dataclass(frozen=True)
class Built:
    """What a database's derived tables were built from, and where they are kept."""

    definition: str
    orders: Mapping[str, str] = field(default_factory=dict)
    """month -> the orders partition file (relative to the lake) its rollups read."""
    payments: Mapping[str, str] = field(default_factory=dict)
    payers: frozenset[str] = frozenset()
    files: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """table -> month (or "" for a table kept whole) -> kept file, relative to monthly/."""

    def to_json(self) -> bytes:
        return json.dumps(
            {
                "definition": self.definition,
                "orders": self.orders,
                "payments": self.payments,
                "payers": sorted(self.payers),
                "files": self.files,
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode("utf-8")

    @staticmethod
    def from_json(payload: bytes) -> Built:
        raw = json.loads(payload)
        return Built(
            definition=raw["definition"],
            orders=raw["orders"],
            payments=raw["payments"],
            payers=frozenset(raw["payers"]),
            files=raw["files"],
        )


def _in_months(months: Iterable[str], column: str = "order_date") -> str:
    """Whether a row's ``column`` (a date) lies in one of ``months`` (YYYY-MM), as date
    ranges: a table's row-group statistics then skip the other months."""
    ranges = []
    for month in sorted(months):
        # a partition key of any year DuckDB writes ('1-01' for year 1, '9999-12'): no
        # isoformat parse, and the month's last day rather than the next month's first
        year, number = (int(part) for part in month.rsplit("-", 1))
        start = dt.date(year, number, 1)
        end = start.replace(day=calendar.monthrange(year, number)[1])
        ranges.append(f"({column} between date '{start}' and date '{end}')")
    return "(" + (" or ".join(ranges) or "false") + ")"


def refresh(
    lake: Lake,
    connection: duckdb.DuckDBPyConnection,
    manifest: Manifest,
    built: Built | None,
    *,
    definition: str,
    select_files: SelectFiles,
    query_text: QueryText,
    keep: bool,
    read_kept: bool = False,
    in_use: Iterable[Built] = (),
) -> Built:
    """Bring the derived tables of ``connection`` (whose table views read ``manifest``) from
    ``built`` (None: nothing in memory) to ``manifest``; with ``keep``, load them from
    ``_derived/monthly/`` first and keep what changed there. With ``read_kept`` instead (a
    pinned lake, which writes nothing), start from what is kept there too and build the
    months that differ in memory: a frozen meeting reads the live tables' files rather
    than building its own from every line (16 min at 100M lines). The kept files ``in_use``
    names (other databases of this process read them) are not deleted. Returns what they
    now hold."""
    folder = lake.root / "_derived" / MONTHLY_DIR
    if built is not None and built.definition != definition:
        built = None
    if built is not None and not _lazy_files_exist(connection, folder, built):
        built = None  # another process replaced the files this one still read: built anew
    if built is None:
        for table_name in lazy_tables(connection):
            connection.execute(f"drop view {table_name}")
        for table_name in FROM_MONTHLY.values():  # made of what is gone: made again
            connection.execute(f"drop table if exists {table_name}")
    if built is None and (keep or read_kept):
        built = _load(connection, folder, definition)
    connection.execute(query_text("_payers"))
    payers = frozenset(
        row[0] for row in connection.execute("select customer_id from payers").fetchall()
    )
    orders = dict(manifest.partitions.get("orders", {}))
    payments = dict(manifest.partitions.get("payments", {}))

    if built is None:
        months: set[str] | None = None  # every month, from scratch
    else:
        months = _changed(orders, built.orders)
        changed_payers = payers ^ built.payers
        if changed_payers:  # their lines' tracked flag changed, in whichever month
            months |= _months_of(connection, changed_payers)
    # built from scratch into a lake that keeps them, each month's rows are written to its
    # kept file as it is built: no copy of whole tables afterwards (branch build, 100M lines)
    into = folder if keep and months is None and _writable(folder) else None
    written = _build_monthly(connection, orders, months, lake, select_files, query_text, into)
    # a pinned lake's database loads nothing in the background: its views would stay
    _from_monthly(connection, query_text, build=months is None or bool(months) or read_kept)

    # receipts: a payer's ledger is the customer's whole (docs/receipts.md); anyone else's
    # lines are settled each by its own paid columns, so by month like the rollups
    ledgers = None
    if built is not None:
        ledgers = _touched(lake, connection, built, orders, payments, payers | built.payers)
    if ledgers is None or months is None:
        line_months = None
        written |= _build_all_by_customer(connection, orders, payers, query_text, into)
    else:
        # a payer's line among the months settled again is settled by its whole ledger:
        # apply that too (a new payer's months hold other payers' lines)
        ledgers |= _payers_in(connection, months)
        line_months = months | _months_of(connection, ledgers) if ledgers else months
        _customers_table(connection, ledgers)
        touched = f"customer_id in (select customer_id from {TOUCHED})"
        where = f"({touched} or {_in_months(months)})"
        if line_months:
            _hold_months(connection, folder, built.files if built else {}, line_months)
            if ledgers:
                _build_by_customer(connection, where, touched, query_text, REPLACE)
            else:  # no receipt customer: each line of the months settles itself, in SQL
                _replace_own_lines(connection, _in_months(months), query_text)
    if line_months is None or line_months:
        _build_from_settled(connection, line_months, query_text)
    previous = built.files if built is not None else {}
    ledger = Ledger(folder, orders, dict(previous.get(LEDGER_TABLE, {})) if keep else None)
    ledger.build(connection, line_months, query_text)
    if line_months is None or line_months:
        _build_from_ledger(connection, line_months, query_text)

    files: dict[str, dict[str, str]] = {}
    if keep:
        as_built = dict(written)
        if ledger.kept is not None:  # the ledger's builder kept its files itself
            as_built[LEDGER_TABLE] = ledger.kept
        # nothing kept before (the last keep failed): keep every month, not only these,
        # or the state would name these months alone and a new process lose the others
        every = not previous
        files = _keep(
            connection,
            folder,
            None if every else months,
            None if every else line_months,
            orders,
            previous,
            as_built,
        )
        if not files:  # not kept: the tables read from files the state will not name are
            # loaded now, before the next write holds only its months of them or the
            # clean-up below deletes them
            for table_name in lazy_tables(connection):
                materialize(connection, table_name)
    elif read_kept:  # the files still read: the months built here are in memory
        all_months = set(orders).union(*(kept.keys() for kept in previous.values()))
        for table_name, kept in previous.items():
            built_here = months if table_name in MONTHLY.values() else line_months
            rebuilt = all_months if built_here is None else built_here
            files[table_name] = {m: f for m, f in kept.items() if m not in rebuilt}
    now = Built(definition, orders, payments, payers, files)
    if keep:
        try:
            atomic_write_bytes(folder / STATE, now.to_json())
            _drop_unnamed(folder, now, in_use)
        except OSError:
            return now  # a read-only lake still works; the next process builds them again
        _read_from_files(connection, folder, files)
    return now


def _from_monthly(
    connection: duckdb.DuckDBPyConnection, query_text: QueryText, *, build: bool
) -> None:
    """Make the ``FROM_MONTHLY`` tables from the monthly ones with ``build`` (a month of
    those changed). Else each is kept as it is, or, absent (a new process, its monthly
    tables views over their kept files), made a view that the background loader loads
    after them: made at once, they read every kept month at each start (0.8 s of a
    100M-line lake's first page on a slow machine, docs/performance.md)."""
    views = lazy_tables(connection)
    for sql_name, table_name in FROM_MONTHLY.items():
        text = query_text(sql_name)
        if build:
            with _transaction(connection):  # readers see the view or the table, never neither
                if table_name in views:
                    connection.execute(f"drop view {table_name}")
                connection.execute(text)
        elif table_name not in views and not _in_memory(connection, table_name):
            connection.execute(_as_view(text))


def _as_view(text: str) -> str:
    """A ``FROM_MONTHLY`` statement (``create or replace table``) as a view's."""
    return text.replace("create or replace table", "create or replace view", 1)


HELD = "_held_"
"""Prefix of the in-memory table holding a ``FROM_FILES`` table's months a write replaces."""


def _held(connection: duckdb.DuckDBPyConnection, table_name: str) -> bool:
    return _in_memory(connection, HELD + table_name)


def _in_memory(connection: duckdb.DuckDBPyConnection, table_name: str) -> bool:
    """Whether ``table_name`` is a table (not a view) of ``connection``."""
    found = connection.execute(
        "select table_name from duckdb_tables() where table_name = $name",
        {"name": table_name},
    ).fetchall()
    return bool(found)


def _hold_months(
    connection: duckdb.DuckDBPyConnection,
    folder: Path,
    files: Mapping[str, Mapping[str, str]],
    months: set[str],
) -> None:
    """Before a write replaces rows of ``months`` of the ``FROM_FILES`` tables read from
    their files: hold those months' rows in memory (``HELD`` + name) and read the other
    months from their files, so that the write loads no other month."""
    for table_name in sorted(FROM_FILES):
        kept = {m: f for m, f in files.get(table_name, {}).items() if m not in months}
        if table_name not in lazy_tables(connection):
            continue
        held = HELD + table_name
        if _held(connection, table_name):  # held for a write that failed: load it whole
            materialize(connection, table_name)
            connection.execute(f"drop table {held}")
            continue
        with _transaction(connection):
            connection.execute(
                f"create table {held} as select * from {table_name} where {_in_months(months)}"
            )
            select = f"select * from {held}"
            if kept:
                select = f"{kept_select(folder, table_name, kept)} union all by name {select}"
            connection.execute(f"create or replace view {table_name} as {select}")


def _read_from_files(
    connection: duckdb.DuckDBPyConnection, folder: Path, files: Mapping[str, Mapping[str, str]]
) -> None:
    """Read the ``FROM_FILES`` tables just built in memory (whole, or the months a write
    held) from the files kept of them, freeing that memory; readers see the table or the
    view, never neither."""
    for table_name in sorted(FROM_FILES):
        kept = files.get(table_name, {})
        if not kept:
            continue
        with _transaction(connection):
            _view_over(connection, folder, table_name, kept)
            connection.execute(f"drop table if exists {HELD + table_name}")


def read_from(
    connection: duckdb.DuckDBPyConnection, folder: Path, built: Built | None, table_name: str
) -> str | None:
    """The select of the kept files that hold a kept table of ``connection`` whole, as
    ``built`` names them: a file for every month, none of them held in memory only; None
    otherwise."""
    if built is None or table_name not in KEPT or _held(connection, table_name):
        return None
    kept = built.files.get(table_name, {})
    if not kept or not kept.keys() >= built.orders.keys():
        return None
    return kept_select(folder, table_name, kept)


def _view_over(
    connection: duckdb.DuckDBPyConnection,
    folder: Path,
    table_name: str,
    kept: Mapping[str, str],
) -> None:
    """Make ``table_name`` a view over its kept files, in place of its table in memory if
    it is one (run it in a transaction: readers then see the one or the other)."""
    if _in_memory(connection, table_name):
        connection.execute(f"drop table {table_name}")
    select = kept_select(folder, table_name, kept)
    connection.execute(f"create or replace view {table_name} as {select}")


def kept_select(folder: Path, table_name: str, kept: Mapping[str, str]) -> str:
    """The rows of ``table_name``'s kept files (month -> file in ``folder``)."""
    paths = ", ".join(f"'{folder / name}'" for _, name in sorted(kept.items()))
    if table_name in FILE_MONTH:
        key = FILE_MONTH[table_name]
        options = f"hive_partitioning = true, hive_types = {{'{key}': varchar}}"
    else:
        options = "hive_partitioning = false"
    return f"select * from read_parquet([{paths}], {options})"


def _copy_month(
    connection: duckdb.DuckDBPyConnection,
    folder: Path,
    table_name: str,
    month: str,
    select: str,
    options: str = "",
) -> str:
    """Write ``select`` as a new kept file of ``table_name``'s ``month``; returns its name
    (relative to ``folder``). A ``FILE_MONTH`` table's file lies in its month's folder and
    holds no month column: the folder names it."""
    name = f"{table_name}-{month}-{uuid.uuid4().hex[:8]}.parquet"
    if table_name in FILE_MONTH:
        key = FILE_MONTH[table_name]
        name = f"{table_name}/{key}={month}/{name}"
        select = f"select * exclude ({key}) from ({select})"
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
    connection.execute(f"copy ({select}) to '{folder / name}' (format parquet{options})")
    return name


def _changed(now: Mapping[str, str], before: Mapping[str, str]) -> set[str]:
    """The months whose partition file is another (written, deleted or put back)."""
    return {m for m in now.keys() | before.keys() if now.get(m) != before.get(m)}


def _customers_table(connection: duckdb.DuckDBPyConnection, customers: Iterable[str]) -> None:
    connection.execute(
        f"create or replace temp table {TOUCHED} as "
        "select unnest($customers::varchar[]) as customer_id",
        {"customers": sorted(customers)},
    )


def _payers_in(connection: duckdb.DuckDBPyConnection, months: set[str]) -> set[str]:
    """The customers with receipts (``payers``) who have a line in ``months``."""
    if not months:
        return set()
    found = connection.execute(
        f"select distinct customer_id from orders where {_in_months(months)} "
        "and customer_id in (select customer_id from payers)"
    ).fetchall()
    return {row[0] for row in found}


def _months_of(connection: duckdb.DuckDBPyConnection, customers: Iterable[str]) -> set[str]:
    _customers_table(connection, customers)
    found = connection.execute(
        f"select distinct strftime(order_date, '%Y-%m') from orders "
        f"where customer_id in (select customer_id from {TOUCHED})"
    ).fetchall()
    return {row[0] for row in found}


Kept = dict[str, dict[str, str]]
"""table -> month -> its kept file (relative to ``_derived/monthly/``)."""


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def _build_monthly(
    connection: duckdb.DuckDBPyConnection,
    orders: Mapping[str, str],
    months: set[str] | None,
    lake: Lake,
    select_files: SelectFiles,
    query_text: QueryText,
    folder: Path | None = None,
) -> Kept:
    """Build the monthly tables' rows of ``months`` (None: all) from those months' lines;
    with ``folder`` (all months only), keep each month's rows there as it is built and
    return those files ({} when they could not be written)."""
    if months is None:
        return _build_every_month(connection, orders, lake, select_files, query_text, folder)
    present = sorted(months & orders.keys())
    files = [str(lake.root / orders[m]) for m in present]
    lines = select_files("orders", files)
    connection.execute(f"create or replace temp view rollup_lines as {lines}")
    for sql_name, table_name in MONTHLY.items():
        select = query_text(sql_name)
        if months and table_name in lazy_tables(connection):
            materialize(connection, table_name)
        if not months:
            continue
        _replace_rows(connection, table_name, _in_months(months), select)
    return {}


COMPRESS_EVERY = 6
"""Months built from scratch between checkpoints (``compress``)."""
MONTH_ROWS = "_month_rows"
"""The temporary table holding one month's rows of a table being built."""


def _build_every_month(
    connection: duckdb.DuckDBPyConnection,
    orders: Mapping[str, str],
    lake: Lake,
    select_files: SelectFiles,
    query_text: QueryText,
    folder: Path | None,
) -> Kept:
    """Build the monthly tables from scratch, one month's lines at a time: a month's rows
    depend on its lines alone, so each sort and aggregation holds one month, not the lake
    (a 100M-line lake). Months in order, so the tables keep their order by date. With
    ``folder``, each month's rows are kept there too; returns those files."""
    files: Kept | None = {name: {} for name in MONTHLY.values()} if folder else None
    for index, month in enumerate(sorted(orders) or [""]):
        paths = [str(lake.root / orders[month])] if month else []
        lines = select_files("orders", paths)
        connection.execute(f"create or replace temp view rollup_lines as {lines}")
        for sql_name, table_name in MONTHLY.items():
            select = query_text(sql_name)
            connection.execute(f"create or replace temp table {MONTH_ROWS} as {select}")
            rows = f"select * from {MONTH_ROWS}"
            if index == 0:
                connection.execute(f"create or replace table {table_name} as {rows}")
            else:
                connection.execute(f"insert into {table_name} by name {rows}")
            if folder is None or files is None or not month:
                continue
            try:
                files[table_name][month] = _copy_month(connection, folder, table_name, month, rows)
            except (OSError, duckdb.IOException):
                files = None  # nothing kept this way: _keep copies the tables afterwards
        if index % COMPRESS_EVERY == COMPRESS_EVERY - 1:
            compress(connection)
    connection.execute(f"drop table if exists {MONTH_ROWS}")
    return files or {}


def compress(connection: duckdb.DuckDBPyConnection) -> None:
    """Checkpoint the in-memory database: DuckDB compresses its tables only then, and its
    threshold (``db.CHECKPOINT_THRESHOLD``) keeps commits from doing it. Built from
    scratch, the monthly tables are compressed every ``COMPRESS_EVERY`` months rather than
    held uncompressed to the end (a 5M-line demo: peak 2.47 → 2.10 GB in the same time;
    every month, 2.02 GB but half as long again). Best effort: it refuses while another
    cursor's write is open."""
    with suppress(duckdb.Error):
        connection.execute("checkpoint")


def _touched(
    lake: Lake,
    connection: duckdb.DuckDBPyConnection,
    built: Built,
    orders: Mapping[str, str],
    payments: Mapping[str, str],
    payers: frozenset[str],
) -> set[str] | None:
    """The ``payers`` (now or before) named by an order or payment partition that changed
    since ``built``, before or after, and those who became or stopped being one: whose
    ledgers are applied again. None when a file of before is gone (then all are)."""
    paths = []
    for now, before in ((orders, built.orders), (payments, built.payments)):
        for month in _changed(now, before):
            paths += [p for p in (now.get(month), before.get(month)) if p is not None]
    changed = set(payers ^ built.payers)
    if not paths:
        return changed
    quoted = ", ".join("'" + str(lake.root / p).replace("'", "''") + "'" for p in paths)
    try:
        found = connection.execute(
            f"select distinct customer_id from read_parquet([{quoted}], union_by_name = true)"
        ).fetchall()
    except duckdb.Error:
        return None
    return changed | ({row[0] for row in found} & payers)


def _build_all_by_customer(
    connection: duckdb.DuckDBPyConnection,
    orders: Mapping[str, str],
    payers: frozenset[str],
    query_text: QueryText,
    folder: Path | None = None,
) -> Kept:
    """Every customer's settled rows and spans, in parts of bounded size: the customers
    with receipts together, then the other lines month by month, each line settled by its
    own paid columns (in SQL: ``_own_lines``). With ``folder``, each month's rows of both
    tables, the receipt customers' and the others', are written there as they are built,
    never held together, and the tables become views over those files; returns them ({}
    when they could not be written: then the tables are built in memory)."""
    _customers_table(connection, payers)
    ledgers = f"coalesce(customer_id in (select customer_id from {TOUCHED}), false)"
    _build_by_customer(connection, ledgers, ledgers, query_text, CREATE)
    files: Kept = {name: {} for name in BY_CUSTOMER.values()}
    for index, month in enumerate(sorted(orders)):
        _own_lines(connection, f"(not {ledgers} and {_in_months([month])})", query_text)
        for table_name in BY_CUSTOMER.values():
            rows = f"select * from {MONTH_ROWS}_{table_name}"
            if folder is None:
                connection.execute(f"insert into {table_name} by name {rows}")
                continue
            ledger_rows = f"select * from {table_name} where {_in_months([month])}"
            try:
                files[table_name][month] = _copy_month(
                    connection, folder, table_name, month, f"{ledger_rows} union all by name {rows}"
                )
            except (OSError, duckdb.IOException):  # built again, in memory
                return _build_all_by_customer(connection, orders, payers, query_text)
        if folder is None and index % COMPRESS_EVERY == COMPRESS_EVERY - 1:
            compress(connection)
    for table_name in BY_CUSTOMER.values():
        connection.execute(f"drop table if exists {MONTH_ROWS}_{table_name}")
    if folder is None or not orders:
        return {}
    for table_name, kept in files.items():
        with _transaction(connection):
            _view_over(connection, folder, table_name, kept)
    return files


def _replace_own_lines(
    connection: duckdb.DuckDBPyConnection, where: str, query_text: QueryText
) -> None:
    """Replace the settled rows and spans of the lines ``where`` says, none of a customer
    with receipts (a write that touched none: its lines' months read alone)."""
    _own_lines(connection, where, query_text)
    for table_name in BY_CUSTOMER.values():
        into = table_name
        if table_name in lazy_tables(connection):
            if _held(connection, table_name):
                into = HELD + table_name  # the months replaced, in memory
            else:
                materialize(connection, table_name)
        rows = f"{MONTH_ROWS}_{table_name}"
        _replace_rows(connection, into, where, f"select * from {rows}")
        connection.execute(f"drop table {rows}")


def _own_lines(connection: duckdb.DuckDBPyConnection, where: str, query_text: QueryText) -> None:
    """The settled rows and spans of the lines ``where`` says, of customers without receipts
    (each line settled by its own paid columns), into ``MONTH_ROWS`` + ``_`` + table."""
    connection.execute(
        "create or replace temp view settled_lines as "
        f"select * from ({query_text('_settled')}) where {where}"
    )
    settled = f"{MONTH_ROWS}_settled"
    connection.execute(f"create or replace temp table {settled} as {query_text('_line_settled')}")
    connection.execute(
        f"create or replace temp view span_lines as select * from orders where {where}"
    )
    connection.execute(f"create or replace temp view span_settled as select * from {settled}")
    connection.execute(
        f"create or replace temp table {MONTH_ROWS}_open_spans as {query_text('_open_spans')}"
    )


CREATE, INSERT, REPLACE = "create", "insert", "replace"


def _build_by_customer(
    connection: duckdb.DuckDBPyConnection,
    where: str,
    receipts_where: str,
    query_text: QueryText,
    how: str,
) -> None:
    """Apply the receipts ``receipts_where`` says to the lines ``where`` says, and build
    their open spans; ``where`` holds every line of a customer with receipts, or none.
    ``how``: CREATE the tables, INSERT the rows, or REPLACE the rows ``where`` says."""
    into = {}
    for table_name in BY_CUSTOMER.values():
        into[table_name] = table_name
        if table_name in lazy_tables(connection):
            if how == CREATE:
                connection.execute(f"drop view {table_name}")
            elif how == REPLACE and _held(connection, table_name):
                into[table_name] = HELD + table_name  # the months replaced, in memory
            else:
                materialize(connection, table_name)
    lines = _streamed(connection, f"select * from ({query_text('_settled')}) where {where}")
    receipts = _streamed(connection, f"select * from ({PAYMENTS_SQL}) where {receipts_where}")
    # the digest serves reusing a whole earlier table, which this module does not do
    built = settled_rows(lines, receipts).drop(DIGEST)
    del lines, receipts
    connection.execute(
        f"create or replace temp view span_lines as select * from orders where {where}"
    )
    connection.register("_built", built.to_arrow())
    try:
        _write_rows(connection, into["settled"], where, "select * from _built", how)
    finally:
        connection.unregister("_built")
    del built
    spans = query_text("_open_spans")
    settled_sql = f"select * from settled where {where}"
    connection.execute(f"create or replace temp view span_settled as {settled_sql}")
    _write_rows(connection, into["open_spans"], where, spans, how)


def _build_from_settled(
    connection: duckdb.DuckDBPyConnection, months: set[str] | None, query_text: QueryText
) -> None:
    """Build the month rollups of ``settled`` and ``open_spans`` (``FROM_SETTLED``) for the
    lines of ``months`` (None: all), after those tables were brought up to date."""
    where = "true" if months is None else _in_months(months)
    for source, name in (("settled", "rollup_settled"), ("open_spans", "rollup_spans")):
        connection.execute(
            f"create or replace temp view {name} as select * from {source} where {where}"
        )
    _build_month_rollups(connection, FROM_SETTLED, months, query_text)


def _build_from_ledger(
    connection: duckdb.DuckDBPyConnection, months: set[str] | None, query_text: QueryText
) -> None:
    """Build the month rollup of the ledger (``FROM_LEDGER``) for the lines of ``months``
    (None: all), after the ledger was."""
    # by the files' month: the other months' files are not opened (``FILE_MONTH``)
    where = "true" if months is None else _in_file_months(LEDGER_TABLE, months)
    connection.execute(
        f"create or replace temp view rollup_ledger as select * from {LEDGER_TABLE} where {where}"
    )
    _build_month_rollups(connection, FROM_LEDGER, months, query_text)


def _in_file_months(table_name: str, months: Iterable[str]) -> str:
    """Whether a row of ``FILE_MONTH`` table ``table_name`` lies in one of ``months``
    (YYYY-MM)."""
    listed = ", ".join("'" + month.replace("'", "''") + "'" for month in sorted(months))
    return f"{FILE_MONTH[table_name]} in ({listed or 'null'})"


def _build_month_rollups(
    connection: duckdb.DuckDBPyConnection,
    tables: Mapping[str, str],
    months: set[str] | None,
    query_text: QueryText,
) -> None:
    """Build ``tables`` (sql/ file -> table, kept by its ``MONTH_COLUMN``) for ``months``
    (None: all) from the temporary views their SQL reads."""
    for sql_name, table_name in tables.items():
        select = query_text(sql_name)
        lazy = table_name in lazy_tables(connection)
        if months is None:
            if lazy:
                connection.execute(f"drop view {table_name}")
            connection.execute(f"create or replace table {table_name} as {select}")
            continue
        if lazy:
            materialize(connection, table_name)
        _replace_rows(connection, table_name, _in_months(months, MONTH_COLUMN[table_name]), select)


@dataclass
class Ledger:
    """Builds ``LEDGER_TABLE`` for the months a write changed. Kept (``kept``: month ->
    file, the previous files to start from), each month is written to its file from that
    month's lines and settled rows and read from the files, never held in memory whole (it
    is as large as the lake); otherwise, or when a file cannot be written, in memory."""

    folder: Path
    orders: Mapping[str, str]
    kept: dict[str, str] | None
    """month -> kept file; None: the table is in memory (``_keep`` keeps it, if at all)."""

    def build(
        self, connection: duckdb.DuckDBPyConnection, months: set[str] | None, query_text: QueryText
    ) -> None:
        """The rows of ``months`` (None: all) from those months' lines and settled rows."""
        select = query_text(LEDGER_SQL)
        lazy = LEDGER_TABLE in lazy_tables(connection)
        if self.kept is not None and (months is None or lazy):
            try:
                self._write(connection, months, select)
                return
            except (OSError, duckdb.IOException):
                self.kept = None  # in memory, from scratch
                months = None
        self.kept = None
        if months is None:
            if lazy:
                connection.execute(f"drop view {LEDGER_TABLE}")
            # a month at a time, so that a sort holds one month of lines
            for index, month in enumerate(sorted(self.orders) or [""]):
                _ledger_inputs(connection, _in_months([month]) if month else "false")
                if index == 0:
                    connection.execute(f"create or replace table {LEDGER_TABLE} as {select}")
                else:
                    connection.execute(f"insert into {LEDGER_TABLE} by name {select}")
            return
        if not months:
            return
        # held: the view reads the other months' files and these months' rows in memory
        held = lazy and _held(connection, LEDGER_TABLE)
        into = HELD + LEDGER_TABLE if held else LEDGER_TABLE
        if lazy and not held:
            materialize(connection, LEDGER_TABLE)
        _ledger_inputs(connection, _in_months(months))
        _replace_rows(connection, into, _in_months(months), select)

    def _write(
        self, connection: duckdb.DuckDBPyConnection, months: set[str] | None, select: str
    ) -> None:
        assert self.kept is not None
        kept = {} if months is None else dict(self.kept)
        self.folder.mkdir(parents=True, exist_ok=True)
        for month in sorted(set(self.orders) if months is None else months):
            kept.pop(month, None)
            if month not in self.orders:
                continue
            _ledger_inputs(connection, _in_months([month]))
            options = f", row_group_size {SORTED_ROW_GROUP}"
            kept[month] = _copy_month(connection, self.folder, LEDGER_TABLE, month, select, options)
        self.kept = kept
        if kept:
            with _transaction(connection):  # in memory since a keep failed: replaced
                _view_over(connection, self.folder, LEDGER_TABLE, kept)
            return
        _ledger_inputs(connection, "false")  # no order lines: an empty table
        connection.execute(f"drop view if exists {LEDGER_TABLE}")
        connection.execute(f"create or replace table {LEDGER_TABLE} as {select}")
        self.kept = None


def _ledger_inputs(connection: duckdb.DuckDBPyConnection, where: str) -> None:
    for source, name in (("orders", "ledger_lines"), ("settled", "ledger_settled")):
        connection.execute(
            f"create or replace temp view {name} as select * from {source} where {where}"
        )


def _write_rows(
    connection: duckdb.DuckDBPyConnection,
    table_name: str,
    where: str,
    select: str,
    how: str,
) -> None:
    if how == CREATE:
        connection.execute(f"create or replace table {table_name} as {select}")
    elif how == INSERT:
        connection.execute(f"insert into {table_name} by name {select}")
    else:
        _replace_rows(connection, table_name, where, select)


@contextmanager
def _transaction(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """What the block does to ``connection`` is seen whole or not at all."""
    connection.execute("begin transaction")
    try:
        yield
    except BaseException:
        connection.execute("rollback")
        raise
    connection.execute("commit")


def _replace_rows(
    connection: duckdb.DuckDBPyConnection, table_name: str, where: str, select: str
) -> None:
    """Replace the rows of ``table_name`` matching ``where`` by ``select``'s, in one step."""
    with _transaction(connection):
        connection.execute(f"delete from {table_name} where {where}")
        connection.execute(f"insert into {table_name} by name {select}")


def _streamed(connection: duckdb.DuckDBPyConnection, sql: str) -> pl.DataFrame:
    """The rows of ``sql`` as Polars, converted batch by batch as DuckDB streams them:
    neither its whole result nor an Arrow copy of it is held besides (branch memory: the
    lines of a 100 MB upload took 410 MB more read at once)."""
    reader = connection.sql(sql).to_arrow_reader()
    frames = [pl.DataFrame(pl.from_arrow(batch)) for batch in reader]
    return pl.concat(frames) if frames else pl.DataFrame(pl.from_arrow(reader.schema.empty_table()))


def _keep(
    connection: duckdb.DuckDBPyConnection,
    folder: Path,
    months: set[str] | None,
    line_months: set[str] | None,
    orders: Mapping[str, str],
    previous: Mapping[str, Mapping[str, str]],
    as_built: Mapping[str, Mapping[str, str]],
) -> dict[str, dict[str, str]]:
    """Write the months built again (None: all) of each table, by its line's order date,
    beside the files kept before; returns every table's files. A table in ``as_built`` was
    kept as it was built (the ledger's builder, or a build from scratch): those are its
    files."""
    files: dict[str, dict[str, str]] = {}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for table_name in KEPT:
            if table_name in as_built:
                files[table_name] = dict(as_built[table_name])
                continue
            written = months if table_name in MONTHLY.values() else line_months
            column = MONTH_COLUMN.get(table_name, "order_date")
            kept = files[table_name] = dict(previous.get(table_name, {}))
            # small, or sorted within each month: a pass per month
            if written is None and (column != "order_date" or table_name in SORTED_BY):
                kept.clear()
                written = set(orders)
            if written is None:  # every month, in one pass over the table
                kept.clear()
                kept.update(_copy_by_month(connection, folder, table_name))
                written = set(orders) - kept.keys()  # months without rows: an empty file each
            for month in sorted(written):
                kept.pop(month, None)
                if month not in orders:
                    continue
                order, options = "", ""
                if table_name in SORTED_BY:
                    order = f" order by {SORTED_BY[table_name]}"
                    options = f", row_group_size {SORTED_ROW_GROUP}"
                rows = f"select * from {table_name} where {_in_months([month], column)}{order}"
                kept[month] = _copy_month(connection, folder, table_name, month, rows, options)
    except (OSError, duckdb.IOException):
        return {}  # nothing is kept: the next process builds them from the lines
    return files


def _copy_by_month(
    connection: duckdb.DuckDBPyConnection, folder: Path, table_name: str
) -> dict[str, str]:
    """Write ``table_name`` as a file per month of order_date; returns month -> file."""
    into = f"{table_name}-{uuid.uuid4().hex[:8]}"
    connection.execute(
        f"copy (select *, strftime(order_date, '%Y-%m') as _month from {table_name}) "
        f"to '{folder / into}' (format parquet, partition_by (_month))"
    )
    return {
        path.parent.name.removeprefix("_month="): path.relative_to(folder).as_posix()
        for path in (folder / into).glob("_month=*/*.parquet")
    }


def _load(connection: duckdb.DuckDBPyConnection, folder: Path, definition: str) -> Built | None:
    """The tables as kept in ``folder`` by this version of the app, as views over the
    files; None when there are none, or they cannot be read (then they are built from the
    lines)."""
    try:
        built = Built.from_json((folder / STATE).read_bytes())
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if built.definition != definition or not built.orders:
        return None  # (a lake without order lines builds its empty tables at once)
    try:
        for table_name in KEPT:
            kept = built.files.get(table_name, {})
            if not kept:
                return None
            # read from the files until loaded (``materialize``): a first page needs no wait
            _view_over(connection, folder, table_name, kept)
    except duckdb.Error:  # a file gone (deleted by hand, a disk restored): built anew
        for table_name in lazy_tables(connection):
            connection.execute(f"drop view {table_name}")
        return None
    return built


def _drop_unnamed(folder: Path, built: Built, in_use: Iterable[Built] = ()) -> None:
    """Delete the kept files ``built`` does not name (those of earlier data), once older
    than ``KEEP_SUPERSEDED_SECONDS``: another process may have just written them for the
    same data, or still read them until it sees the new data. Those ``in_use`` name (a
    frozen meeting's tables in this process) stay."""
    named = {name for b in (built, *in_use) for kept in b.files.values() for name in kept.values()}
    cutoff = time.time() - KEEP_SUPERSEDED_SECONDS
    for path in folder.rglob("*.parquet"):
        if path.relative_to(folder).as_posix() in named:
            continue
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            continue  # another process was first
    for path in sorted(folder.rglob("*"), reverse=True):  # the folders emptied, deepest first
        if path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def views(connection: duckdb.DuckDBPyConnection, query_text: QueryText) -> None:
    """Every derived table as a view over the whole lake (``settled`` aside, applied in
    Python): what DuckDB alone does, for the benchmark's bare database."""
    connection.execute("create or replace view rollup_lines as select * from orders")
    connection.execute(query_text("_payers"))
    for sql_name, table_name in MONTHLY.items():
        connection.execute(f"create or replace view {table_name} as {query_text(sql_name)}")
    for sql_name in FROM_MONTHLY:
        connection.execute(_as_view(query_text(sql_name)))
    _build_by_customer(connection, "true", "true", query_text, CREATE)
    # the spans as a view too, over views every cursor sees (the builder's are its own)
    connection.execute("drop table open_spans")
    connection.execute("create or replace view main.span_lines as select * from orders")
    connection.execute("create or replace view main.span_settled as select * from settled")
    connection.execute(f"create or replace view open_spans as {query_text('_open_spans')}")
    connection.execute("create or replace view main.rollup_settled as select * from settled")
    connection.execute("create or replace view main.rollup_spans as select * from open_spans")
    for sql_name, table_name in FROM_SETTLED.items():
        connection.execute(f"create or replace view {table_name} as {query_text(sql_name)}")
    connection.execute("create or replace view main.ledger_lines as select * from orders")
    connection.execute("create or replace view main.ledger_settled as select * from settled")
    for sql_name, table_name in LEDGER.items():
        connection.execute(f"create or replace view {table_name} as {query_text(sql_name)}")
    connection.execute(f"create or replace view main.rollup_ledger as select * from {LEDGER_TABLE}")
    for sql_name, table_name in FROM_LEDGER.items():
        connection.execute(f"create or replace view {table_name} as {query_text(sql_name)}")


def _lazy_files_exist(connection: duckdb.DuckDBPyConnection, folder: Path, built: Built) -> bool:
    return all(
        (folder / name).exists()
        for table_name in lazy_tables(connection)
        for name in built.files.get(table_name, {}).values()
    )


def to_load(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The derived tables still read from their kept files that are loaded into memory in
    the background (all but ``FROM_FILES``)."""
    return [name for name in lazy_tables(connection) if name not in FROM_FILES]


def lazy_tables(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The derived tables still read from their kept files, or from the monthly tables
    (views), not yet in memory, in ``LOAD_ORDER``."""
    names = LOAD_ORDER
    found = connection.execute(
        "select view_name from duckdb_views() where not internal and view_name in "
        "(select unnest($names::varchar[]))",
        {"names": names},
    ).fetchall()
    return [name for name in names if (name,) in found]


def materialize(connection: duckdb.DuckDBPyConnection, table_name: str) -> None:
    """Load a derived table read from its kept files into memory; readers see the view or
    the table, the same rows, never neither."""
    with _transaction(connection):
        if table_name in OPEN_LAST:  # as a build from scratch lays them (sql/_open_rollup.sql)
            connection.execute(
                f"create or replace table _loading as "
                f"select * from {table_name} where ({STILL_OPEN}) is not true"
            )
            connection.execute(
                f"insert into _loading select * from {table_name} where {STILL_OPEN} "
                f"order by {OPEN_LAST[table_name]}"
            )
        else:
            connection.execute(f"create or replace table _loading as select * from {table_name}")
        connection.execute(f"drop view {table_name}")
        connection.execute(f"alter table _loading rename to {table_name}")
