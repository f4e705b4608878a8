"""The only module that talks to DuckDB: ``run_query(lake, name, **params) -> pl.DataFrame``.

One in-memory DuckDB database per lake and process, with a cursor per thread. The four
tables are views over the lake's current Parquet files; they are re-pointed whenever the
lake's data version changes, so a query always sees one consistent manifest. At the same
moment the derived tables (``DERIVED_TABLES``) are brought up to it, for the months and
customers the change touched (``sales_dash.engine.rollups``).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import os
import re
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from sales_dash.engine import rollups
from sales_dash.engine.activity import ACTIVITY
from sales_dash.engine.gate import Gate
from sales_dash.engine.results import RESULTS, result_key
from sales_dash.engine.row_scope import RowScope, scope_expr, scope_sql
from sales_dash.lake import DataChanged, Lake, Manifest
from sales_dash.schema import TABLES, UNASSIGNED, Kind, Table
from sales_dash.settings import PROJECT_ROOT, setting

LOG = logging.getLogger("sales_dash.engine")
"""Under the app's logger (``ui.errors``): in the server's log with the time."""

SQL_DIR = PROJECT_ROOT / "sql"

# ``cursor.sql(q).pl()`` plans a query twice (once to describe the lazy relation, once
# to run it): ~2 ms of a ~5 ms aggregate. ``execute`` plans it once; the copy of the
# Arrow result that DuckDB warns about costs microseconds on aggregates.
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning)

_DUCK_TYPE = {
    Kind.STR: "varchar",
    Kind.MONTH: "varchar",
    Kind.DATE: "date",
    Kind.INT: "bigint",
    Kind.MONEY: "decimal(18,4)",
    Kind.FRACTION: "decimal(18,4)",
}


def _confine(connection: duckdb.DuckDBPyConnection, folders: list[Path]) -> None:
    """No file outside the lake's folder, no extension, no network, and no setting that
    could lift this: whatever a query says, DuckDB reads and writes the lake only."""
    allowed = sorted({str(folder).rstrip("/") + "/" for folder in folders})
    connection.execute("set allowed_directories = $folders", {"folders": allowed})
    # a query larger than memory spills inside the lake's folder, the only one it may use
    spill = str(folders[-1] / DERIVED_DIR / "spill")
    # DuckDB makes the spill folder, not its parent: a new lake has no _derived/ yet (a
    # read-only lake has none: a query larger than memory fails there, as it would anyway)
    with contextlib.suppress(OSError):
        (folders[-1] / DERIVED_DIR).mkdir(exist_ok=True)
    connection.execute("set temp_directory = $spill", {"spill": spill})
    connection.execute("set enable_external_access = false")
    connection.execute("set autoinstall_known_extensions = false")
    connection.execute("set autoload_known_extensions = false")
    connection.execute("set lock_configuration = true")


CHECKPOINT_THRESHOLD = "1GB"
"""What may be written to a database before a commit checkpoints it (DuckDB's is 16 MiB)."""


class _Database:
    def __init__(self, scope: RowScope | None = None, folders: list[Path] | None = None) -> None:
        self.scope = scope
        """The rows every table of this database holds (``sales_dash.engine.row_scope``)."""
        self.connection = duckdb.connect(":memory:")
        self.connection.execute(query_text("_setup"))
        self.connection.execute(query_text("_settings"), derived_settings())
        # empty but for a scoped reader's (``_transfer_money``): every ledger reads it
        self.connection.execute(query_text("_ledger_transfers"))
        memory_mb = int(setting("engine_memory_mb"))
        if memory_mb > 0:  # set before the configuration is locked (``_confine``)
            self.connection.execute(f"set memory_limit = '{memory_mb}MB'")
        # a commit after more than this was written since the last checkpoint checkpoints
        # the whole database: it compresses every row group written since, tables loaded
        # from their kept files included (7 s in one commit of a one-month upload at 10M
        # lines, branch ingest). The loader checkpoints instead, off the write path
        # (``_load_in_background``); this bounds what a build holds uncompressed.
        self.connection.execute(f"set checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
        if folders is not None:
            _confine(self.connection, folders)
        self.stamp: tuple[int, ...] | None = None
        self.manifest = Manifest()
        """The lake's manifest at ``stamp``: what the table views read."""
        self.gate = Gate()
        """Held reading by every query, writing while the tables are brought to new data:
        a query sees the data before a write or after it, whole."""
        self.built: rollups.Built | None = None
        """What the derived tables were built from (a company database's)."""
        self.lock = threading.Lock()
        self.local = threading.local()
        self.released = False
        """Let go of (``_release_readers``): its background loading stops."""

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cursor = getattr(self.local, "cursor", None)
        if cursor is None:
            cursor = self.local.cursor = self.connection.cursor()
        return cursor


_Key = tuple[Path, RowScope | None, tuple[int, ...] | None]
_databases: OrderedDict[_Key, _Database] = OrderedDict()
"""One per lake, reader's scope and pin (a frozen meeting's past manifest has its own, so
live readers and frozen ones never re-point each other's views); the least recently
used first."""
_databases_lock = threading.Lock()


def _is_reader(key: _Key) -> bool:
    """A scoped reader's or a frozen meeting's database: made again when asked after it
    was let go. A lake's own (every row, the live data) is every reader's source: kept."""
    _, scope, pin = key
    return scope is not None or pin is not None


def _serves_readers(key: _Key) -> bool:
    """Whether ``key`` is a frozen meeting's own database (every row, the frozen data)
    while a scoped reader of the same meeting is kept: its ``built`` names the kept files
    their views read, which the live tables' clean-up spares (``_refresh_derived``), so
    it goes after them."""
    root, scope, pin = key
    return scope is None and any(
        k[0] == root and k[2] == pin and k[1] is not None for k in _databases
    )


def _memory_mb(database: _Database) -> float | None:
    """What ``database`` holds in memory, in MB; None while it is being built or loaded
    (its connection is busy: measured next time)."""
    if not database.lock.acquire(blocking=False):
        return None
    try:
        with database.connection.cursor() as cursor:
            found = cursor.execute(
                "select coalesce(sum(memory_usage_bytes), 0) from duckdb_memory()"
            ).fetchone()
    finally:
        database.lock.release()
    return found[0] / 2**20 if found else None


def _release_readers(keep: _Database) -> None:
    """Let go of the least recently used readers' databases (scoped readers', frozen
    meetings') while, besides ``keep`` (the one just opened or loaded, however large),
    they hold more than ``engine_reader_memory_mb`` together; asked when a reader's
    database is opened or brought to new data, and when its tables have loaded in the
    background (it grows meanwhile). Each holds its scope's share of the derived tables: a
    server that every rep and region manager of a company has visited would otherwise
    keep all of them, several times the company's own. A database let go is made again
    at its reader's next read; results already computed stay in the result cache
    meanwhile (``engine.results``)."""
    budget = int(setting("engine_reader_memory_mb"))
    if budget <= 0:
        return
    with _databases_lock:
        readers = [(k, d) for k, d in _databases.items() if _is_reader(k) and d is not keep]
    held = [(key, database, _memory_mb(database)) for key, database in readers]
    total = sum(mb for _, _, mb in held if mb is not None)
    for key, database, mb in held:  # the least recently used first
        if total <= budget:
            return
        if mb is None:
            continue
        with _databases_lock:
            if _databases.get(key) is not database or _serves_readers(key):
                continue
            del _databases[key]
        database.released = True
        root, scope, pin = key
        LOG.info(
            "a reader's database let go: %s of %s%s, %.0f MB; readers held %.0f MB of %d",
            scope,
            root,
            " at a frozen version" if pin is not None else "",
            mb,
            total,
            budget,
        )
        total -= mb


def _quote(text: str) -> str:
    """A SQL string literal. Used only for file paths the lake itself chose."""
    return "'" + text.replace("'", "''") + "'"


def _empty_select(table: Table) -> str:
    columns = ", ".join(f"cast(null as {_DUCK_TYPE[c.kind]}) as {c.name}" for c in table.columns)
    return f"select {columns} where false"


COMPANY_ONLY = frozenset({"owner_months", "order_months"})
"""Derived tables a scoped database does not copy: ``owner_months`` is read only while
``customer_owners`` is built, and ``order_months`` is asked of the company's database
(``grain.orders_add_up``)."""
DERIVED_TABLES = {
    "_payers": "payers",
    **{
        sql_name: table_name
        for sql_name, table_name in {
            **rollups.MONTHLY,
            **rollups.FROM_MONTHLY,
            **rollups.BY_CUSTOMER,
            **rollups.FROM_SETTLED,
            **rollups.LEDGER,
            **rollups.FROM_LEDGER,
        }.items()
        if table_name not in COMPANY_ONLY
    },
}
"""sql/ file -> the in-memory table it builds from the lake (``sales_dash.engine.rollups``
keeps them up to date; a scoped database copies the company's rows of each)."""
DERIVED_DIR = "_derived"
"""Where the derived tables are kept as Parquet (``rollups.MONTHLY_DIR``) and the lookups
are, named by the data stamp, so the next process to open the data loads them instead of
scanning every line."""
MATERIALIZED = frozenset({"visits", "quotas", "market"})
"""Small tables are loaded into memory at each data version; order lines stay in Parquet."""


GROUPED_AS_UNASSIGNED = {"orders": ("rep_id", "region"), "visits": ("region",)}
"""Columns whose unknown (null) value is read as ``schema.UNASSIGNED``: a line without a
rep or region is one group, 未分配 / Unassigned, filtered and labelled as such. The one
place where that rule lives; every query reads the tables through these views."""


def _column_sql(table: Table, column: str) -> str:
    if column in GROUPED_AS_UNASSIGNED.get(table.name, ()):
        return f"coalesce({column}, {_quote(UNASSIGNED)}) as {column}"
    kind = table.column(column).kind
    if kind in (Kind.MONEY, Kind.FRACTION):
        # files written before money kept four places hold decimal(18,2): one type for all
        return f"{column}::{_DUCK_TYPE[kind]} as {column}"
    return column


def _mixed_types(connection: duckdb.DuckDBPyConnection, paths: str) -> bool:
    """Whether the files store a column in more than one type: files written before money
    kept four places hold decimal(18,2) beside newer decimal(18,4) ones. DuckDB reads a
    list of files in the first one's types, which would cut the others' fourth place."""
    found = connection.execute(
        "select count(distinct (name, type, scale, precision)) > count(distinct name) "
        f"from parquet_schema([{paths}]) where name <> 'schema' and type is not null"
    ).fetchone()
    return bool(found and found[0])


def _files_select(
    table: Table, files: list[Path], connection: duckdb.DuckDBPyConnection | None
) -> str:
    """The select of ``table``'s rows from its Parquet files."""
    paths = ", ".join(_quote(str(f)) for f in files)
    columns = ", ".join(_column_sql(table, c) for c in table.column_names)
    # only where the files differ: binding by name costs every query that reads the view
    unify = connection is not None and _mixed_types(connection, paths)
    return (
        f"select {columns} from read_parquet([{paths}], hive_partitioning = false"
        f"{', union_by_name = true' if unify else ''})"
    )


def _view_sql(
    table: Table,
    files: list[Path],
    connection: duckdb.DuckDBPyConnection | None = None,
    scope: RowScope | None = None,
) -> str:
    kind = "table" if table.name in MATERIALIZED else "view"
    if not files:
        return f"create or replace {kind} {table.name} as {_empty_select(table)}"
    select = _files_select(table, files, connection)
    if scope is not None:
        # row-level security: every query, rollup and lookup reads the tables made here
        select = f"select * from ({select}) where {scope_sql(scope, table.column_names)}"
    return f"create or replace {kind} {table.name} as {select}"


def _database(lake: Lake) -> _Database:
    scope = RowScope.of(lake.access)
    key = (lake.resolved_root, scope, None if lake.pin is None else lake.data_stamp())
    with _databases_lock:
        database = _databases.get(key)
        if database is None:
            # the lake's folder as given and as resolved (a symlinked data folder)
            folders = [lake.root.absolute(), lake.resolved_root]
            database = _databases[key] = _Database(scope, folders)
        else:
            _databases.move_to_end(key)
    if database.stamp != lake.data_stamp():
        with database.lock, ACTIVITY.query():  # a page waits for it: loading gives way
            if database.scope is None:
                _bring_company(lake, database)
            else:
                _bring_scoped(lake, database)
        if _is_reader(key):
            _release_readers(keep=database)
    return database


def _bring_company(lake: Lake, database: _Database) -> None:
    """Bring a lake's own database (every row) to the lake's current data, under its lock."""
    stamp, manifest = lake.state()
    if database.stamp == stamp:  # brought there while this thread waited for the lock
        return
    if lake.hold is not None and lake.live.data_stamp() != stamp:
        raise DataChanged  # not back to data a write has replaced: its reader starts again
    with database.gate.writing():
        _point_views(lake, database, manifest)
        _refresh_derived(lake, database, manifest, stamp)
        # the table macros read the tables above, so they are made after them
        database.connection.execute(query_text("_facts"))
        database.stamp, database.manifest = stamp, manifest


def _bring_scoped(lake: Lake, database: _Database) -> None:
    """Bring a scoped reader's database to the data its company's database holds, under
    its lock. Every row it copies or points to is read from one state of the company's:
    read table by table while another thread brought that to a later upload, a region's
    rollups came from one upload and its receipts from the next."""
    company = _database(lake.scoped(None))
    with company.gate.reading():
        if lake.hold is not None and company.stamp != lake.data_stamp():
            raise DataChanged  # brought to a later write since ``_database`` returned
        if database.stamp == company.stamp:
            return
        with database.gate.writing():
            _point_views(lake, database, company.manifest)
            for table_name in DERIVED_TABLES.values():
                _scope_derived(lake, database, table_name, company)
            _attribute_to_owners(lake, database, company)
            _transfer_money(database, company)
            database.connection.execute(query_text("_facts"))
            database.stamp, database.manifest = company.stamp, company.manifest
    if rollups.to_load(database.connection):
        _start_loading(database)


def _point_views(lake: Lake, database: _Database, manifest: Manifest) -> None:
    """Make each table of the lake a view of its files in ``manifest``, the rows the
    database's reader may see."""
    for table in TABLES.values():
        files = lake.files(table.name, manifest)
        database.connection.execute(_view_sql(table, files, database.connection, database.scope))


def _derived_file(lake: Lake, table_name: str, stamp: tuple[int, ...]) -> Path:
    """Named by the data it was built from and by the SQL that built it, so that neither
    new data nor a new version of the app reads a table kept by the other."""
    stamp_text = "-".join(map(str, stamp))
    return lake.root / DERIVED_DIR / f"{table_name}-{stamp_text}-{_definition()}.parquet"


OWNED_BY_CUSTOMER = {"payments": "customer_owners"}
"""Tables whose rows may name no region or rep (a receipt names its customer), and the
table of each customer's owner they are counted for (sql/cash_collected.sql): a scoped
reader sees such a row when its region and rep, as ``holder`` says, lie in the scope."""


def holder(own: str, owner: str) -> dict[str, str]:
    """The region and rep a receipt (alias ``own``) is counted for, given its customer's
    owner (alias ``owner``): sql/_setup.sql's ``receipt_region`` and ``receipt_rep``, the
    rule cash collected counts by, as ``scope_sql``'s values."""
    names = f"{own}.region, {own}.rep_id, {owner}.region, {owner}.rep_id"
    return {"region": f"receipt_region({names})", "rep_id": f"receipt_rep({names})"}


def _scope_derived(
    lake: Lake, database: _Database, table_name: str, company_database: _Database
) -> None:
    """A derived table of a scoped database: the company's (built, or loaded as kept, for
    every reader), then the scope's rows of it. A row's figures are the company's (a
    rollup row is one region and rep; a line settled by its customer's receipts is settled
    as for everyone); the scope only chooses which rows are seen. A table of customers
    alone (no region, no rep) keeps the customers the scope sells to.
    ``company_database`` is the lake's own, held reading by the caller."""
    company = company_database.cursor()
    columns = [c[0] for c in company.execute(f"select * from {table_name} limit 0").description]
    by_customer = "customer_id" in columns and not {"region", "rep_id"} & set(columns)
    where = "true" if by_customer else scope_sql(database.scope, columns)
    connection = database.connection
    folder = lake.root / DERIVED_DIR / rollups.MONTHLY_DIR
    kept = rollups.read_from(company, folder, company_database.built, table_name)
    if kept is not None and not by_customer:
        # a view of the scope's rows of the company's kept files: no copy of the line-level
        # tables, as large as the lake (a region of 10M lines: 1.5 GB), and the others are
        # loaded in the background (``_start_loading``), as a new process loads its own:
        # a region's first read after a write copied 2-3 s of rows at 10M lines
        _replace(connection, table_name, "view", f"{kept} where {where}")
        return
    rows = company.execute(f"select * from {table_name} where {where}").to_arrow_table()
    if by_customer:  # the scoped database's orders: its customers
        where = "customer_id in (select customer_id from orders where customer_id is not null)"
    with _company_rows(connection, rows):
        _replace(connection, table_name, "table", f"select * from _company_rows where {where}")


@contextlib.contextmanager
def _company_rows(connection: duckdb.DuckDBPyConnection, rows: object) -> Iterator[None]:
    """``rows`` (Arrow, read from the company's database) as ``_company_rows`` of a scoped
    database's ``connection``, while the block runs."""
    connection.register("_company_rows", rows)
    try:
        yield
    finally:
        connection.unregister("_company_rows")


def _replace(connection: duckdb.DuckDBPyConnection, name: str, kind: str, select: str) -> None:
    """Make ``name`` a ``kind`` ("table" or "view") of ``select``, whichever it was."""
    other = "view" if kind == "table" else "table"
    found = connection.execute(
        f"select 1 from duckdb_{other}s() where {other}_name = $name and not internal",
        {"name": name},
    ).fetchall()
    connection.begin()  # readers see the old one or the new one, never neither
    try:
        if found:
            connection.execute(f"drop {other} {name}")
        connection.execute(f"create or replace {kind} {name} as {select}")
    except duckdb.Error:
        connection.rollback()
        raise
    connection.commit()


def _attribute_to_owners(lake: Lake, database: _Database, company: _Database) -> None:
    """Scope the ``OWNED_BY_CUSTOMER`` tables by the region and rep cash collected counts
    a row for (``holder``: its own, and what it leaves out its customer's owner's where
    the owner agrees), as the company's owners say: the rows the scope holds are chosen
    in the company's database, which knows every owner, and the scope keeps their keys
    alone. Judged by the scope's own owners, a receipt naming no region whose customer is
    another scope's found no owner and read as unassigned, and a scope naming the
    unassigned key counted it too. The rows keep their own values: only which rows are
    seen changes. ``company`` is the lake's own database, held reading by the caller."""
    manifest, cursor = company.manifest, company.cursor()
    for table_name, owners in OWNED_BY_CUSTOMER.items():
        table = TABLES[table_name]
        files = lake.files(table_name, manifest)
        if not files:
            continue  # the view is the empty select already
        (key,) = table.key  # one column: the rows held are listed by it
        owned = holder("own", "owner")
        held = cursor.execute(
            f"select own.{key} from {table_name} own left join {owners} owner "
            f"using (customer_id) where {scope_sql(database.scope, table.column_names, owned)}"
        ).to_arrow_table()
        connection = database.connection
        with _company_rows(connection, held):
            _replace(connection, f"_keys_of_{table_name}", "table", "select * from _company_rows")
        select = _files_select(table, files, connection)
        connection.execute(
            f"create or replace view {table_name} as select * from ({select}) "
            f"where {key} in (select {key} from _keys_of_{table_name})"
        )


def _transfer_money(database: _Database, company_database: _Database) -> None:
    """Fill a scoped database's ``ledger_transfers`` (sql/_ledger_transfers.sql): a scoped
    ledger's money is what settled the scope's lines, and the credit of the money it holds.

    Money is held by one scope: a receipt or refund by the region and rep cash collected
    counts it for (``holder``; unassigned where unknown); a return's credit note by the
    customer's owner. The holder's ledger has the whole receipt as paid; what of it
    settled another scope's lines leaves it (negative), dated when applied, and enters
    that scope's ledger. So each scope's ledger ends at its lines' open amounts less the
    credit it holds, and the scopes that partition the company add up to the company's
    ledger, entry dates and all. The figures are the company's settled rows (``settled``
    of the scope holds its lines' only); the scope chooses which, as for every derived
    table. ``company_database`` is the lake's own, held reading by the caller.
    """
    scope, columns = database.scope, ("region", "rep_id")
    company = company_database.cursor()

    def inside(values: str) -> str:
        return scope_sql(scope, columns, {c: values.format(c=c) for c in columns})

    # who holds a payment (cash_collected.sql's rule): the scope's payments are those it
    # holds (``_attribute_to_owners``)
    held = scope_sql(scope, columns, holder("p", "o"))
    unknown_inside = inside("null")
    rows = company.execute(
        f"""
        with crossing as (
            -- money crosses only for a customer with lines on both sides, or a payment
            -- that names a region or rep (or none, in a scope naming the unassigned key): the
            -- others' are not read
            select customer_id
            from customer_months
            group by customer_id
            having bool_or({inside("{c}")}) and bool_or(not ({inside("{c}")}))
            union
            select customer_id from payments
            where region is not null or rep_id is not null or {unknown_inside}
        ),

        owners as (
            select o.*, so.customer_id is not null as owned_inside
            from customer_owners o
            left join (select * from customer_owners where {inside("{c}")}) so using (customer_id)
            where customer_id in (select customer_id from crossing)
        ),

        applied as (
            select
                s.customer_id,
                s.applied_date as entry_date,
                if(s.source = 'return', 1, 2) as day_order,
                if(s.source = 'return', 'return_credit', s.source) as entry,
                if(s.source = 'return', '', s.payment_id) as document,
                s.amount,
                ({inside("s.{c}")}) as line_in,
                if(s.source = 'return', coalesce(o.owned_inside, false), {held}) as held_in
            from settled s
            left join payments p on p.payment_id = s.payment_id
            left join owners o on o.customer_id = s.customer_id
            where s.source in ('receipt', 'refund', 'return')
                and s.customer_id in (select customer_id from crossing)
        ),

        crossings as (
            select customer_id, entry_date, day_order, entry, document,
                if(line_in, amount, -amount) as received
            from applied
            where line_in <> held_in
        )

        select customer_id, entry_date, day_order, entry, document,
            sum(received)::decimal(38, 4) as received
        from crossings
        group by all
        having sum(received) <> 0
        """
    ).to_arrow_table()
    connection = database.connection
    connection.execute(query_text("_ledger_transfers"))  # this data version's only
    with _company_rows(connection, rows):
        connection.execute("insert into ledger_transfers by name select * from _company_rows")


def derived_settings() -> dict[str, float]:
    """The settings derived tables are built with (sql/_settings.sql's app_settings)."""
    return {"discount_limit": float(setting("discount_limit"))}


_PYTHON_BUILDERS = [
    Path(__file__).with_name(name)
    for name in ("settled.py", "receipts.py", "receipt_ledger.py", "rollups.py")
]
"""The code that builds the BUILT_IN_PYTHON tables: part of their definition too."""


@cache
def _definition() -> str:
    """A short hash of every sql/ file (the rollups, and the lookups that read them) and
    of the settings the rollups are built with."""
    digest = hashlib.sha256()
    for path in sorted(SQL_DIR.glob("*.sql")):
        digest.update(path.read_bytes())
    for path in _PYTHON_BUILDERS:
        digest.update(path.read_bytes())
    digest.update(repr(sorted(derived_settings().items())).encode())
    digest.update(pl.__version__.encode())  # row hashes (sales_dash.engine.settled) are its own
    return digest.hexdigest()[:10]


def _refresh_derived(
    lake: Lake, database: _Database, manifest: Manifest, stamp: tuple[int, ...]
) -> None:
    """Bring a company database's derived tables to ``manifest``; a pinned lake's are
    built in memory (keeping them would evict the live ones)."""
    connection = database.connection

    def select_files(table_name: str, files: list[str]) -> str:
        table = TABLES[table_name]
        if not files:
            return _empty_select(table)
        return _files_select(table, [Path(f) for f in files], connection)

    written = database.built is not None  # else built from scratch, or loaded as kept
    pinned = lake.pin is not None
    with _databases_lock:
        in_use = [d.built for d in _databases.values() if d is not database and d.built]
    database.built = rollups.refresh(
        lake,
        connection,
        manifest,
        database.built,
        definition=_definition(),
        select_files=select_files,
        query_text=query_text,
        keep=stamp != (0,) and not pinned,
        read_kept=pinned,
        in_use=in_use,
    )
    # a build from scratch is left as built, as before: its checkpoint is long (~15 s and
    # 0.6 GB more peak memory at 10M lines) and a command that built exits after it. A
    # frozen meeting's tables stay read from the kept files: a second copy of the live
    # tables in memory would double the server's (2.9 GB at 100M lines)
    if pinned or (not written and not rollups.to_load(connection)):
        return
    _start_loading(database)


def _start_loading(database: _Database) -> None:
    cursor = database.connection.cursor()
    loader = threading.Thread(
        target=_load_in_background, args=(database, cursor), name="load-derived", daemon=True
    )
    _loaders[:] = [(thread, c) for thread, c in _loaders if thread.is_alive()]
    _loaders.append((loader, cursor))
    loader.start()


_loaders: list[tuple[threading.Thread, duckdb.DuckDBPyConnection]] = []
_stopping = threading.Event()


def _load_in_background(database: _Database, cursor: duckdb.DuckDBPyConnection) -> None:
    """Load the derived tables a new process reads from their kept files into memory, one
    at a time, while the first pages are served from the files, and compress them and
    what a write changed. In-memory tables are compressed by a checkpoint only (2.8 GB
    loaded at 10M lines, 0.33 GB once checkpointed): one per table keeps each short.
    Each table waits for a pause in the app's queries (``activity``): a page's queries
    are not slowed by a table loaded beside them."""
    try:
        for table_name in rollups.to_load(cursor):
            ACTIVITY.wait_quiet(_stopping)
            with database.lock:
                if _stopping.is_set() or database.released:
                    return
                if table_name in rollups.to_load(cursor):
                    rollups.materialize(cursor, table_name)
                    rollups.compress(cursor)
        ACTIVITY.wait_quiet(_stopping)
        with database.lock:
            if not _stopping.is_set() and not database.released:
                rollups.compress(cursor)
    except duckdb.Error:
        pass  # the table stays read from its files: slower, the same rows
    finally:
        cursor.close()  # a database let go meanwhile is freed with its last connection
    if database.scope is not None and not database.released and not _stopping.is_set():
        _release_readers(keep=database)  # what it holds now, loaded, counts


def wait_loaded(timeout: float | None = None) -> bool:
    """Wait up to ``timeout`` seconds (None: until done) for the derived tables this process
    loads (and compresses) in the background; whether every one is loaded. The benchmark's
    seam: it times reruns as a warm server serves them, and reports when the process got
    there."""
    for loader, _ in list(_loaders):
        loader.join(timeout)
    return not any(loader.is_alive() for loader, _ in _loaders)


@atexit.register
def _stop_loading() -> None:
    """A process that exits (a command, not the server) stops the loading under way: DuckDB
    aborts the process when it is torn down in the middle of a query."""
    _stopping.set()
    for loader, cursor in _loaders:
        if loader.is_alive():
            with contextlib.suppress(duckdb.Error):  # closed by a loader ending meanwhile
                cursor.interrupt()
            loader.join()


def warm(lake: Lake) -> None:
    """Build (and keep) the derived tables and lookups of the lake's current data, e.g.
    after a write, and drop what was kept for earlier data.

    Best effort: the write it follows has succeeded whatever happens here, and a reader
    that finds nothing kept builds its own.
    """
    lake = lake.scoped(None)  # what is kept serves every reader
    try:
        stamp = _database(lake).stamp
        for name in LOOKUPS:
            run_query(lake, name)
    except (duckdb.Error, OSError):
        return
    if stamp is not None:
        current = {_derived_file(lake, f"lookup_{name}", stamp) for name in LOOKUPS}
        for kept in (lake.root / DERIVED_DIR).glob("*.parquet"):
            if kept not in current:
                kept.unlink(missing_ok=True)


def _parameters(text: str) -> set[str]:
    return set(re.findall(r"\$(\w+)", text))


def _lookups() -> tuple[str, ...]:
    queries = (p for p in SQL_DIR.glob("*.sql") if not p.stem.startswith("_"))
    return tuple(sorted(p.stem for p in queries if not _parameters(query_text(p.stem))))


def _kept_lookup(lake: Lake, name: str, text: str) -> pl.DataFrame:
    """A lookup's result, read from ``_derived/`` when kept for the current data."""
    database = _database(lake)
    if database.scope is not None:  # kept files hold every row
        if name in COMPANY_LOOKUPS:
            company = run_query(lake.scoped(None), name)
            return company.filter(scope_expr(database.scope, company.columns))
        return _execute(lake, text, {})
    # named by the data it was read at, so a file found is of the reader's version
    kept = _derived_file(lake, f"lookup_{name}", lake.data_stamp())
    if kept.exists():
        return pl.read_parquet(kept)
    result, stamp = _execute_at(lake, text, {})
    if stamp is not None and stamp != (0,):
        # named by the data it was read at: a later write's, when one landed meanwhile
        kept = _derived_file(lake, f"lookup_{name}", stamp)
        try:
            kept.parent.mkdir(exist_ok=True)
            partial = kept.with_name(f".tmp-{kept.name}")
            result.write_parquet(partial)
            os.replace(partial, kept)
        except OSError:
            pass  # a read-only lake still works; the next process runs the lookup again
    return result


@cache
def query_text(name: str) -> str:
    """The text of ``sql/<name>.sql``."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


LOOKUPS = _lookups()
"""The queries without parameters (names, filter options, the latest order date, each
customer's first line): they depend on the data only, so each runs once per data version
and its result is kept in ``_derived/`` beside the rollups, for the next process.
A scoped reader runs them over the scope's tables (names, options, months, the latest
date: nothing of another region), except the ``COMPANY_LOOKUPS``."""
COMPANY_LOOKUPS = frozenset({"customer_first_lines"})
"""Lookups whose rows are the company's answer (a customer's first line in the whole
lake: new to the company, not to the scope), of which a scoped reader gets the rows of
its scope, as for the rollups."""


def run_sql(lake: Lake, sql: str, **params: object) -> pl.DataFrame:
    """Run one statement over the lake's tables with ``$name`` parameters (tests and
    diagnostics: the app's own reads are sql/ files, through ``run_query``)."""
    return _execute(lake, sql, params)


def _execute(lake: Lake, sql: str, params: dict[str, object]) -> pl.DataFrame:
    return _execute_at(lake, sql, params)[0]


def _execute_at(
    lake: Lake, sql: str, params: dict[str, object]
) -> tuple[pl.DataFrame, tuple[int, ...] | None]:
    """``sql``'s rows over the lake, and the data stamp of the state they were read at."""
    named = _parameters(sql)
    used = {k: v for k, v in params.items() if k in named}
    with ACTIVITY.query():
        try:
            return _read(lake, _database(lake), sql, used)
        except duckdb.IOException:
            if not _forget_pinned(lake):
                raise
            return _read(lake, _database(lake), sql, used)


def _holds(lake: Lake, database: _Database) -> bool:
    """Whether ``database`` holds the data a held ``lake`` reads, and that is still the
    lake's current data."""
    return database.stamp == lake.data_stamp() == lake.live.data_stamp()


def _read(
    lake: Lake, database: _Database, sql: str, used: dict[str, object]
) -> tuple[pl.DataFrame, tuple[int, ...] | None]:
    # brought to new data by another thread after ``_database`` returned, it is read at
    # that data, whole: a live lake's result is then newer than the stamp it is kept
    # under, a key asked no more once the stamp has moved on
    with database.gate.reading():
        if lake.hold is not None and not _holds(lake, database):
            # a write replaced the held data (in this process or another): answered, the
            # run would show some numbers from before it and some from after
            raise DataChanged
        arrow = database.cursor().execute(sql, used).to_arrow_table()
        return pl.from_arrow(arrow), database.stamp  # type: ignore[return-value]


def _forget_pinned(lake: Lake) -> bool:
    """Forget a pinned lake's databases when kept files its tables read are gone (another
    process's clean-up, ``KEEP_SUPERSEDED_SECONDS`` after a write): the next read builds
    them again from what is kept now. Whether any was forgotten."""
    if lake.pin is None:
        return False
    folder = lake.root / DERIVED_DIR / rollups.MONTHLY_DIR
    pin = lake.data_stamp()
    with _databases_lock:
        pinned = {k: d for k, d in _databases.items() if k[0] == lake.resolved_root and k[2] == pin}
        company = next((d for k, d in pinned.items() if k[1] is None), None)
        if company is None:  # let go (``_release_readers``): nothing says which files its
            if not pinned:  # readers read, so they are built again
                return False
        elif company.built is None:
            return False
        else:
            names = [name for kept in company.built.files.values() for name in kept.values()]
            if all((folder / name).exists() for name in names):
                return False
        for key, database in pinned.items():
            del _databases[key]
            database.released = True
    return True


RESULT_CACHE_MAX_ROWS = 200_000
"""Results larger than this (order-line listings) are not worth keeping in memory."""


def _frozen(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


GRAINS = {
    "order_facts": frozenset({"rollup", "owed", "customer_rollup", "lines"}),
    "discount_facts": frozenset({"discount_rollup", "lines"}),
    "over_limit_facts": frozenset({"over_limit", "lines"}),
    # branch coll: the receipts side, from its month rollups or the line-level tables
    "collected_facts": frozenset({"rollup", "customer_rollup", "lines"}),
    "applied_facts": frozenset({"rollup", "customer_rollup", "lines"}),
    "open_facts": frozenset({"rollup", "customer_rollup", "lines"}),
    "month_end_facts": frozenset({"rollup", "customer_rollup", "lines"}),
    "order_count_facts": frozenset({"customer_rollup", "lines"}),
}
"""The $facts each table macro of sql/_facts.sql reads (a view ``<macro>_<grain>`` each);
any other value is refused before the query runs, with the grains there are."""


@cache
def _macros_of(name: str) -> tuple[str, ...]:
    """The table macros a query reads (one $facts for them all: dso.sql reads two)."""
    return tuple(dict.fromkeys(re.findall(r"\b(\w+_facts)\(", query_text(name))))


def _macro_of(name: str) -> str | None:
    macros = _macros_of(name)
    return macros[0] if macros else None


def _check_grain(name: str, facts: object) -> None:
    for macro in _macros_of(name):
        if facts not in GRAINS[macro]:
            known = ", ".join(sorted(GRAINS[macro]))
            raise ValueError(f"{name}: $facts {facts!r} is not a grain of {macro} ({known})")


def run_query(lake: Lake, name: str, **params: object) -> pl.DataFrame:
    """Run ``sql/<name>.sql`` over the lake with ``$name`` parameters.

    Results are kept (``engine.results``) per (lake, data version, query, parameters):
    nothing is recomputed until the data changes, and a write makes every earlier entry
    unreachable.
    """
    if not _observers:
        return _run_query(lake, name, **params)
    started = time.perf_counter()
    result = _run_query(lake, name, **params)
    elapsed = time.perf_counter() - started
    named = _parameters(query_text(name))
    used = {k: v for k, v in params.items() if k in named}
    for observer in list(_observers):
        observer(name, used, elapsed)
    return result


def _run_query(lake: Lake, name: str, **params: object) -> pl.DataFrame:
    text = query_text(name)
    named = _parameters(text)
    used = {k: v for k, v in params.items() if k in named}
    if "facts" in used:
        _check_grain(name, used["facts"])
    parameters = tuple(sorted((k, _frozen(v)) for k, v in used.items()))

    def compute() -> pl.DataFrame:
        if name in LOOKUPS:
            return _kept_lookup(lake, name, text)
        return _execute(lake, text, used)

    # one thread runs a query that several ask at once (page sections are prefetched side
    # by side, and often share queries); the others wait for its answer
    return RESULTS.get(
        result_key(lake, name, parameters),
        compute,
        keep=lambda result: result.height <= RESULT_CACHE_MAX_ROWS,
    )


def clear_result_cache() -> None:
    """Forget every kept result (the benchmark records a page's work from scratch)."""
    RESULTS.clear()


Observer = Callable[[str, dict[str, object], float], None]
_observers: list[Observer] = []


def observe(observer: Observer) -> Callable[[], None]:
    """Call ``observer(name, params, seconds)`` after every ``run_query`` (cache hits too,
    in the asking thread): the sql/ file, the parameters it used, and the seconds it took.
    Returns the function that stops it.

    The one seam for instrumentation (the benchmark records what a page asks of the
    engine and replays it); with no observer, ``run_query`` pays nothing for it.
    """
    _observers.append(observer)
    return lambda: _observers.remove(observer)
