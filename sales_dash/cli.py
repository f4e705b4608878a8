"""The ``sales-dash`` command (SPEC §6). Exit codes: 0 success, 1 data rejected, 2 usage."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import datetime as dt
import getpass
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

import polars as pl

from sales_dash.access import Role
from sales_dash.accounts import (
    Account,
    AccountError,
    AccountStore,
    Lockout,
    sign_in_required,
)
from sales_dash.cli_texts import speak_argparse
from sales_dash.engine.metrics import MetricError, compute_metric, default_as_of
from sales_dash.engine.scope import DIMENSIONS
from sales_dash.engine.unknowns import COVERAGE, note_texts
from sales_dash.filters import Filters
from sales_dash.i18n import text
from sales_dash.ingest import (
    Mode,
    RejectedUpload,
    ReplaceScope,
    UndoRefused,
    ingest_file,
    undo_upload,
    upload_history,
)
from sales_dash.ingest.dates import DATE_ORDERS
from sales_dash.ingest.encodings import ENCODINGS
from sales_dash.ingest.headers import IGNORE
from sales_dash.ingest.limits import Limits
from sales_dash.ingest.mappings import delete_mapping, remembered_mappings
from sales_dash.ingest.merge import COUNTS
from sales_dash.ingest.problems import Problem, describe
from sales_dash.ingest.report import (
    deletions_table,
    format_table,
    ingest_outcome,
    ingest_summary,
    local_time,
    mapping_table,
    mappings_table,
    moves_table,
    plan_table,
    read_info,
    reading_notes,
    undo_sentence,
    write_rejects,
)
from sales_dash.lake import DataChanged, Lake
from sales_dash.pack.document import build_pack, meeting_view
from sales_dash.pack.errors import PackError
from sales_dash.pack.formats import FORMATS as PACK_FORMATS
from sales_dash.pack.formats import render_pack
from sales_dash.pack.mail import send_packs
from sales_dash.schema import TABLES
from sales_dash.settings import PROJECT_ROOT, SettingError, data_dir, setting
from sales_dash.view import View

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


class UsageError(Exception):
    """Bad arguments: one sentence on stderr and exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sentence = f"{message[0].upper()}{message[1:]}"
        stop = "。" if _language() == "zh" else "."
        raise UsageError(sentence if sentence.endswith((".", "。")) else f"{sentence}{stop}")


def _language() -> str:
    return str(setting("language"))


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(text("bad_date", _language(), value)) from None


def _codec(name: str) -> str:
    """Any codec Python knows (``gbk``, ``big5``, ``cp1252``, ``utf-16-le`` ...)."""
    try:
        codecs.lookup(name)
    except LookupError:
        detail = ", ".join(ENCODINGS)
        raise argparse.ArgumentTypeError(
            text("unknown_codec", _language(), value=name, detail=detail)
        ) from None
    return name


def _mapping(pairs: Sequence[str], table: str) -> dict[str, str]:
    columns = [c.name for c in TABLES[table].readable]
    mapping = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source or not target:
            raise UsageError(f"--map takes SOURCE=COLUMN, not '{pair}'.")
        if target not in (*columns, IGNORE):
            choices = ", ".join(columns)
            raise UsageError(f"--map: {table} has no column '{target}'; choose one of {choices}.")
        mapping[source] = target
    return mapping


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sales-dash", description="Sales analytics dashboard and tools.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def with_data(sub: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sub.add_argument("--data", help="lake folder (default: SALES_DASH_DATA or data/lake)")
        return sub

    demo = with_data(commands.add_parser("demo", help="build the demo lake"))
    demo.add_argument("--seed", type=int, default=int(setting("demo_seed")))
    demo.add_argument("--rows", type=int, default=int(setting("demo_rows")))
    demo.add_argument(  # branch hardening
        "--force", action="store_true", help="replace a lake even if it holds uploads"
    )

    ingest = with_data(commands.add_parser("ingest", help="upload an export into the lake"))
    ingest.add_argument("file")
    ingest.add_argument("--table", required=True, choices=sorted(TABLES))
    ingest.add_argument("--mode", default=Mode.UPSERT.value, choices=[m.value for m in Mode])
    ingest.add_argument("--map", nargs="+", default=[], metavar="SRC=DST")
    ingest.add_argument(
        "--sheet", help="workbook: the sheet to read (default: the one that holds the table)"
    )
    # --- branch `reading`: any codec, the order of dates with the year last
    ingest.add_argument(
        "--encoding",
        type=_codec,
        help="text encoding, any Python codec name: utf-8, gbk, big5, cp1252, utf-16 ... "
        "(default: detected)",
    )
    ingest.add_argument(
        "--date-format",
        choices=list(DATE_ORDERS),
        help="how dates with the year last read: mdy (11/8/2018 = 8 Nov), dmy (= 11 Aug), "
        "ymd (refuse them); default: decided per column, asked when a column cannot tell",
    )
    # --- end of branch `reading`
    ingest.add_argument(
        "--skip-invalid", action="store_true", help="write the valid rows, list the rest"
    )
    ingest.add_argument("--rejects", help="with --skip-invalid: where the rejected rows go")
    ingest.add_argument("--dry-run", action="store_true")
    # --- branch merges: what replace-months replaces, and confirming moves
    ingest.add_argument(
        "--replace-scope",
        choices=[s.value for s in ReplaceScope],
        help="replace-months: the file's months x regions (region, the default) or whole months",
    )
    ingest.add_argument(
        "--accept-moves",
        action="store_true",
        help="write lines that move stored ones to another region, rep, customer or month",
    )

    with_data(commands.add_parser("history", help="uploads so far"))
    undo = with_data(
        commands.add_parser(
            "undo", help="undo an upload; given the id of an undo, put its upload back"
        )
    )
    undo.add_argument("upload_id")

    # branch headers: remembered header mappings
    mappings = with_data(commands.add_parser("mappings", help="remembered column mappings"))
    mappings.add_argument("action", nargs="?", choices=["list", "delete"], default="list")
    mappings.add_argument("mapping_id", nargs="?", metavar="ID")

    metrics = with_data(commands.add_parser("metrics", help="compute a metric"))
    metrics.add_argument("name")
    metrics.add_argument("--start", type=_date, required=True)
    metrics.add_argument("--end", type=_date, required=True)
    metrics.add_argument("--as-of", type=_date)
    metrics.add_argument("--by", choices=list(DIMENSIONS))
    for option in ("region", "rep", "category", "product", "customer"):
        metrics.add_argument(f"--{option}", nargs="+", default=[])
    metrics.add_argument("--format", choices=["csv", "json"], default="csv")

    serve = with_data(
        commands.add_parser(
            "serve",
            help="start the dashboard; other options go to `streamlit run` (--theme.base=dark)",
        )
    )
    serve.add_argument("--port", type=int, default=8501, help="port to listen on (8501)")
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (127.0.0.1: this machine only)"
    )

    # --- branch auth (issue 13): local accounts and single sign-on entries
    users = commands.add_parser("users", help="who may sign in (docs/access.md)")
    actions = users.add_subparsers(dest="action", required=True, parser_class=_Parser)
    add = with_data(actions.add_parser("add", help="add a user (asks for the password)"))
    add.add_argument("name", help="user name, or for single sign-on the claim's value (e-mail)")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--region", action="append", default=[], help="a region they may see")
    add.add_argument("--rep", action="append", default=[], help="a rep ID whose lines they see")
    add.add_argument(
        "--sso", action="store_true", help="no password: signs in through the company's SSO"
    )
    passwd = with_data(actions.add_parser("passwd", help="set a user's password"))
    passwd.add_argument("name")
    for action in (add, passwd):
        action.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
    with_data(actions.add_parser("remove", help="remove a user")).add_argument("name")
    with_data(actions.add_parser("list", help="users, roles, scopes, lockouts"))
    # --- end of branch auth

    # --- branch pack (issue 14): the meeting as a document, and by mail
    report = with_data(commands.add_parser("report", help="the meeting as a PDF, slides or page"))
    send = with_data(commands.add_parser("send", help="mail the meeting pack (SMTP settings)"))
    for sub in (report, send):
        sub.add_argument("what", choices=["meeting"])
        sub.add_argument("--region", nargs="+", default=[], help="only these regions")
        sub.add_argument("--rep", nargs="+", default=[], help="only these rep IDs")
        sub.add_argument("--as-of", type=_date, help="the meeting's day (default: latest order)")
    report.add_argument("--format", choices=list(PACK_FORMATS), required=True)
    report.add_argument("--out", required=True, help="the file to write")
    send.add_argument("--format", choices=list(PACK_FORMATS), default="pdf")
    send.add_argument("--to", nargs="+", required=True, help="recipients' e-mail addresses")
    send.add_argument(
        "--unscoped",
        action="store_true",
        help="an address that is no account gets the company's pack (else it is refused)",
    )
    # --- end of branch pack

    # branch bench (issue 12): the benchmark is an optional extra, run as a process of its
    # own; its options are its own (`sales-dash bench --help`)
    bench = commands.add_parser(
        "bench", help="time the app (optional extra: docs/benchmark.md)", add_help=False
    )
    bench.add_argument("bench_args", nargs=argparse.REMAINDER)
    return parser


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


RATIO_DECIMALS = 10
"""Ratios are printed to 10 places: exact enough, without binary noise (0.49950000000000006)."""


def render(frame: pl.DataFrame, fmt: str) -> str:
    frame = frame.with_columns(pl.col(pl.Float64).round(RATIO_DECIMALS))
    if fmt == "json":
        return json.dumps(frame.to_dicts(), default=_json_default, ensure_ascii=False) + "\n"
    return frame.write_csv()


def _describe(problem: Problem, language: str, names: dict[str, str] | None = None) -> str:
    return describe(problem, language, names)


def _run_ingest(args: argparse.Namespace, lake: Lake) -> int:
    language = _language()
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(text("file_not_found", language, path))
    if args.rejects and not args.skip_invalid:
        raise UsageError("--rejects needs --skip-invalid.")
    if args.replace_scope and args.mode != Mode.REPLACE_MONTHS:
        raise UsageError("--replace-scope needs --mode replace-months.")
    overrides = _mapping(args.map, args.table)
    try:
        result = ingest_file(
            path,
            args.table,
            lake,
            mode=Mode(args.mode),
            replace_scope=ReplaceScope(args.replace_scope or ReplaceScope.REGION),
            accept_moves=args.accept_moves,
            overrides=overrides,
            dry_run=args.dry_run,
            skip_invalid=args.skip_invalid,
            sheet=args.sheet,
            encoding=args.encoding,
            date_format=args.date_format,
        )
    except (RejectedUpload, UsageError, SettingError):
        raise
    except Exception as error:  # the commit is atomic: a failure before it wrote nothing
        print(f"sales-dash: {text('unexpected_error', language, detail=error)}", file=sys.stderr)
        return EXIT_REJECTED
    print(read_info(result, language))
    for note in reading_notes(result, language):
        print(note)
    if args.dry_run:
        print(mapping_table(result, language))
    table = plan_table(result, language)
    if table:
        print(table)
    for extra in (deletions_table(result, language), moves_table(result, language)):
        if extra:
            print(extra)
    print(ingest_summary(result, language))
    for line in ingest_outcome(result, language):
        print(line)
    if result.rejected_rows:
        rejects = Path(args.rejects or path.with_name(f"{path.stem}.rejects.csv"))
        print(write_rejects(result, rejects, language))
    return EXIT_OK


def _run_history(args: argparse.Namespace, lake: Lake) -> int:
    language = _language()
    history = upload_history(lake)
    if history.is_empty() and not lake.files("orders"):  # as metrics: no data, not no rows
        raise UsageError(text("cli_no_data_yet", language, path=lake.root))
    if history.is_empty():  # the demo's data, say, was not uploaded
        print(text("history_empty_cli", language))
        return EXIT_OK
    columns = ["upload_id", "uploaded_at", "file", "table", "encoding", *COUNTS[:2], *COUNTS[3:]]
    header = [
        text(f"history_{c}", language) if c not in COUNTS else text(f"plan_{c}", language)
        for c in columns
    ] + [text(key, language) for key in ("history_undone", "history_undoes", "history_user")]
    body = [
        [
            row["upload_id"],
            local_time(row["uploaded_at"]),
            row["file"],
            row["table"],
            row["encoding"],
            *(str(row[c]) for c in columns[5:]),
            "✓" if row["undone"] else "",
            row["undoes"] or "",
            row["user"] or "—",  # uploads before sign-in, or without it, name no one
        ]
        for row in history.iter_rows(named=True)
    ]
    print(format_table([header, *body]))
    return EXIT_OK


def _run_undo(args: argparse.Namespace, lake: Lake) -> int:
    language = _language()
    try:
        record = undo_upload(lake, args.upload_id, lock_wait=Limits.from_settings().lock_wait)
    except UndoRefused as refused:
        print(f"sales-dash: {text(refused.key, language, **refused.values)}", file=sys.stderr)
        return EXIT_USAGE if refused.key == "undo_unknown" else EXIT_REJECTED
    print(undo_sentence(lake, record, language))
    print(text("undo_recorded", language, undo_id=record.upload_id))
    return EXIT_OK


def _run_mappings(args: argparse.Namespace, lake: Lake) -> int:
    language = _language()
    if args.action == "list":
        print(mappings_table(remembered_mappings(lake), language))
        return EXIT_OK
    if not args.mapping_id:
        raise UsageError(text("mappings_delete_needs_id", language))
    deleted = delete_mapping(lake, args.mapping_id)
    if deleted is None:
        print(
            f"sales-dash: {text('mappings_unknown', language, mapping_id=args.mapping_id)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    print(text("mappings_deleted", language, mapping_id=deleted.mapping_id, table=deleted.table))
    return EXIT_OK


def _run_metrics(args: argparse.Namespace, lake: Lake) -> int:
    filters = Filters(
        regions=tuple(args.region),
        reps=tuple(args.rep),
        categories=tuple(args.category),
        products=tuple(args.product),
        customers=tuple(args.customer),
    )
    if not lake.files("orders"):  # one sentence, not an empty table that looks like zero
        raise UsageError(text("cli_no_data_yet", _language(), path=lake.root))
    try:
        frame = compute_metric(
            lake, args.name, args.start, args.end, args.as_of, args.by, filters, coverage=True
        )
    except MetricError as error:
        raise UsageError(text(error.args[0], _language(), *error.args[1:])) from None
    # unknowns are empty cells (null in JSON); why, and how much is covered, goes to stderr
    for sentence in note_texts(frame, _language()):
        print(f"sales-dash: {sentence}", file=sys.stderr)
    shown = frame.drop(COVERAGE.get(args.name, ()), strict=False)
    sys.stdout.write(render(shown, args.format))
    return EXIT_OK


def _run_demo(args: argparse.Namespace, lake: Lake) -> int:
    from sales_dash.demo import LakeHoldsUploads, build_demo

    try:
        summary = build_demo(lake, seed=args.seed, rows=args.rows, force=args.force)
    except LakeHoldsUploads as refused:
        print(
            text("demo_refused", _language(), path=lake.root, count=refused.count), file=sys.stderr
        )
        return EXIT_REJECTED
    print(text("demo_built", _language(), path=lake.root, **summary))
    return EXIT_OK


def _run_serve(args: argparse.Namespace, lake: Lake) -> int:
    # branch auth: no sign-in, no network: only this machine may reach an open dashboard
    if any(option.startswith("--server.address") for option in args.streamlit_options):
        raise UsageError(text("serve_use_host", _language()))
    if not sign_in_required(lake, PROJECT_ROOT):
        if args.host not in LOOPBACK_HOSTS:
            raise UsageError(text("serve_needs_signin", _language(), host=args.host))
        print(text("serve_local_only", _language(), url=f"http://{args.host}:{args.port}"))
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PROJECT_ROOT / "app.py"),
        f"--server.port={args.port}",
        f"--server.address={args.host}",
        f"--server.maxUploadSize={int(setting('upload_max_mb'))}",
        *args.streamlit_options,
    ]
    # from the project folder, whose .streamlit/config.toml Streamlit reads; the process
    # becomes Streamlit (exec), so stopping sales-dash by its PID stops the server
    environment = {**os.environ, "SALES_DASH_DATA": str(lake.root)}
    os.chdir(PROJECT_ROOT)
    sys.stdout.flush()
    os.execve(sys.executable, command, environment)


# --- branch pack (issue 14)
def _meeting_view(args: argparse.Namespace, lake: Lake) -> View:
    if not lake.files("orders"):
        raise UsageError(text("cli_no_data_yet", _language(), path=lake.root))
    as_of = args.as_of or default_as_of(lake)
    if as_of is None:
        raise UsageError(text("cli_no_data_yet", _language(), path=lake.root))
    return meeting_view(as_of, Filters(regions=tuple(args.region), reps=tuple(args.rep)))


def _run_report(args: argparse.Namespace, lake: Lake) -> int:
    language = _language()
    pack = build_pack(lake, _meeting_view(args, lake), language)
    try:
        payload = render_pack(pack, args.format)
    except PackError as error:
        raise UsageError(text(error.key, language, **error.values)) from None
    out = Path(args.out)
    try:
        out.write_bytes(payload)
    except OSError as error:
        reason = (
            text("pack_no_folder", language)
            if isinstance(error, FileNotFoundError)
            else text("pack_no_permission", language)
            if isinstance(error, PermissionError)
            else error.strerror or str(error)
        )
        raise UsageError(text("pack_cannot_write", language, path=out, reason=reason)) from None
    print(text("pack_written", language, path=out, pages=len(pack.pages)))
    return EXIT_OK


def _run_send(args: argparse.Namespace, lake: Lake) -> int:
    language = _language()
    view = _meeting_view(args, lake)
    try:
        sent = send_packs(lake, view, args.to, language, args.format, unscoped=args.unscoped)
    except PackError as error:
        raise UsageError(text(error.key, language, **error.values)) from None
    for address, scope in sent:
        print(text("send_sent", language, address=address, scope=scope))
    return EXIT_OK


# --- end of branch pack


BENCH_NEEDS = ("sales_dash_bench", "pandas", "playwright")
"""What ``sales-dash bench`` needs: the bench extra (``pip install -e .[bench]``)."""


def _run_bench(args: argparse.Namespace, lake: Lake) -> int:
    # branch bench: the product never imports the benchmark; it runs it, when installed
    if any(importlib.util.find_spec(name) is None for name in BENCH_NEEDS):
        print(text("bench_not_installed", _language()), file=sys.stderr)
        return EXIT_USAGE
    command = [sys.executable, "-m", "sales_dash_bench", *args.bench_args]
    return subprocess.call(command, cwd=PROJECT_ROOT)


def _read_password(args: argparse.Namespace) -> str:
    """From stdin (one line) with --password-stdin; else asked twice, never echoed."""
    language = _language()
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(text("users_password_prompt", language))
    if getpass.getpass(text("users_password_again", language)) != first:
        raise UsageError(text("users_password_mismatch", language))
    return first


def _scope_text(account: Account, language: str) -> str:
    parts = []
    if account.regions is not None:
        regions = ", ".join(sorted(account.regions))
        parts.append(text("users_scope_regions", language, regions=regions))
    if account.reps is not None:
        parts.append(text("users_scope_reps", language, reps=", ".join(sorted(account.reps))))
    return "; ".join(parts) or text("users_scope_all", language)


def _run_users(args: argparse.Namespace, lake: Lake) -> int:
    language = _language()
    store = AccountStore(lake)
    try:
        if args.action == "add":
            password = None if args.sso else _read_password(args)
            account = store.add(
                args.name, Role(args.role), regions=args.region, reps=args.rep, password=password
            )
            role = text(f"role_{account.role.value}", language)
            print(text("users_added", language, name=account.name, role=role))
        elif args.action == "passwd":
            store.set_password(args.name, _read_password(args))
            print(text("users_password_set", language, name=args.name))
        elif args.action == "remove":
            store.remove(args.name)
            print(text("users_removed", language, name=args.name))
        else:
            print(_users_table(store, language))
    except AccountError as refused:
        raise UsageError(text(refused.key, language, **refused.values)) from None
    return EXIT_OK


def _users_table(store: AccountStore, language: str) -> str:
    accounts = store.accounts()
    if not accounts:
        return text("users_none", language)
    lockout = Lockout.from_settings()
    columns = ("users_name", "users_role", "users_scope", "users_kind", "users_locked")
    rows = []
    for account in accounts:
        until = store.locked_until(account.name, lockout)
        kind = "users_kind_sso" if account.sso else "users_kind_password"
        rows.append(
            [
                account.name,
                text(f"role_{account.role.value}", language),
                _scope_text(account, language),
                text(kind, language),
                local_time(until) if until else "",
            ]
        )
    return format_table([[text(c, language) for c in columns], *rows])


RUNNERS = {
    "bench": _run_bench,
    "users": _run_users,
    "demo": _run_demo,
    "ingest": _run_ingest,
    "history": _run_history,
    "mappings": _run_mappings,
    "undo": _run_undo,
    "metrics": _run_metrics,
    "serve": _run_serve,
    "report": _run_report,  # branch pack
    "send": _run_send,  # branch pack
}


ONE_VERSION = frozenset({"metrics", "report", "send"})
"""Commands that print or mail numbers: each reads one version of the data (``Lake.held``)
and starts again when a write replaces it mid-way (docs/architecture.md, "Reads while a
write lands"); ``send`` builds every pack before the first mail, so nothing is sent twice."""
ATTEMPTS = 3


def _run_one_version(args: argparse.Namespace, lake: Lake) -> int:
    for _ in range(ATTEMPTS):
        with contextlib.suppress(DataChanged):
            return RUNNERS[args.command](args, lake.held())
    raise UsageError(text("cli_data_kept_changing", _language(), path=lake.root, count=ATTEMPTS))


def main(argv: Sequence[str] | None = None) -> int:
    language = _language()
    speak_argparse(language)
    try:
        arguments = list(sys.argv[1:] if argv is None else argv)
        if arguments[:1] == ["bench"]:  # branch bench: its options are the benchmark's own
            return _run_bench(argparse.Namespace(bench_args=arguments[1:]), Lake(data_dir()))
        parser = build_parser()
        args, extra = parser.parse_known_args(arguments)
        if extra and args.command != "serve":
            parser.error(argparse._("unrecognized arguments: %s") % " ".join(extra))  # type: ignore[attr-defined]
        args.streamlit_options = extra
        lake = Lake(data_dir(getattr(args, "data", None)))
        if args.command in ONE_VERSION:
            return _run_one_version(args, lake)
        return RUNNERS[args.command](args, lake)
    except UsageError as error:
        print(f"sales-dash: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SettingError as error:  # branch values: a bad SALES_DASH_* value, one line
        print(f"sales-dash: {error}", file=sys.stderr)
        return EXIT_USAGE
    except RejectedUpload as rejected:
        print(text("rejected_summary", language, count=rejected.total), file=sys.stderr)
        for problem in rejected.problems:
            print(_describe(problem, language, rejected.names), file=sys.stderr)
        if rejected.total > len(rejected.problems):
            more = rejected.total - len(rejected.problems)
            print(text("rejected_more", language, count=more), file=sys.stderr)
        return EXIT_REJECTED


if __name__ == "__main__":
    raise SystemExit(main())
