"""The ``sales-dash`` command (SPEC §6). Exit codes: 0 success, 1 data rejected, 2 usage."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

import polars as pl

from sales_dash.i18n import text
from sales_dash.ingest import IngestResult, Mode, Problem, RejectedUpload, ingest_file
from sales_dash.lake import Lake
from sales_dash.metrics import MetricError, compute_metric
from sales_dash.schema import TABLES
from sales_dash.scope import DIMENSIONS, Filters
from sales_dash.settings import PROJECT_ROOT, data_dir, setting

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments: one sentence on stderr and exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sentence = f"{message[0].upper()}{message[1:]}"
        raise UsageError(sentence if sentence.endswith((".", "。")) else f"{sentence}.")


def _language() -> str:
    return str(setting("language"))


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(text("bad_date", _language(), value)) from None


def _mapping(pairs: Sequence[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        source, sep, target = pair.partition("=")
        if not sep or not source or not target:
            raise UsageError(f"--map takes SOURCE=COLUMN, not '{pair}'.")
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

    ingest = with_data(commands.add_parser("ingest", help="upload an export into the lake"))
    ingest.add_argument("file")
    ingest.add_argument("--table", required=True, choices=sorted(TABLES))
    ingest.add_argument("--mode", default=Mode.UPSERT.value, choices=[m.value for m in Mode])
    ingest.add_argument("--map", nargs="+", default=[], metavar="SRC=DST")
    ingest.add_argument("--dry-run", action="store_true")

    metrics = with_data(commands.add_parser("metrics", help="compute a metric"))
    metrics.add_argument("name")
    metrics.add_argument("--start", type=_date, required=True)
    metrics.add_argument("--end", type=_date, required=True)
    metrics.add_argument("--as-of", type=_date)
    metrics.add_argument("--by", choices=list(DIMENSIONS))
    for option in ("region", "rep", "category", "product", "customer"):
        metrics.add_argument(f"--{option}", nargs="+", default=[])
    metrics.add_argument("--format", choices=["csv", "json"], default="csv")

    with_data(commands.add_parser("serve", help="start the dashboard"))
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


def _describe(problem: Problem, language: str) -> str:
    reason = text(problem.reason, language, detail=problem.detail)
    if problem.row == 0:
        return text("problem_file", language, column=problem.column, reason=reason)
    return text(
        "problem_at",
        language,
        row=problem.row,
        column=problem.column,
        value=problem.value,
        reason=reason,
    )


def _summary(result: IngestResult, language: str) -> str:
    line = text(
        "ingested",
        language,
        file=result.file,
        table=result.table,
        inserted=result.inserted,
        updated=result.updated,
        unchanged=result.unchanged,
        deleted=result.deleted,
        skipped=len(result.skipped),
        encoding=result.encoding,
    )
    return f"{line} {text('dry_run_note', language)}" if result.dry_run else line


def _run_ingest(args: argparse.Namespace, lake: Lake) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(text("file_not_found", _language(), path))
    result = ingest_file(
        path,
        args.table,
        lake,
        mode=Mode(args.mode),
        overrides=_mapping(args.map),
        dry_run=args.dry_run,
    )
    print(_summary(result, _language()))
    return EXIT_OK


def _run_metrics(args: argparse.Namespace, lake: Lake) -> int:
    filters = Filters(
        regions=tuple(args.region),
        reps=tuple(args.rep),
        categories=tuple(args.category),
        products=tuple(args.product),
        customers=tuple(args.customer),
    )
    try:
        frame = compute_metric(lake, args.name, args.start, args.end, args.as_of, args.by, filters)
    except MetricError as error:
        raise UsageError(text(error.args[0], _language(), *error.args[1:])) from None
    sys.stdout.write(render(frame, args.format))
    return EXIT_OK


def _run_demo(args: argparse.Namespace, lake: Lake) -> int:
    from sales_dash.demo import build_demo

    summary = build_demo(lake, seed=args.seed, rows=args.rows)
    print(text("demo_built", _language(), path=lake.root, **summary))
    return EXIT_OK


def _run_serve(args: argparse.Namespace, lake: Lake) -> int:
    command = [sys.executable, "-m", "streamlit", "run", str(PROJECT_ROOT / "app.py")]
    return subprocess.call(command, env={**os.environ, "SALES_DASH_DATA": str(lake.root)})


RUNNERS = {
    "demo": _run_demo,
    "ingest": _run_ingest,
    "metrics": _run_metrics,
    "serve": _run_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    language = _language()
    try:
        args = build_parser().parse_args(argv)
        lake = Lake(data_dir(args.data))
        return RUNNERS[args.command](args, lake)
    except UsageError as error:
        print(f"sales-dash: {error}", file=sys.stderr)
        return EXIT_USAGE
    except RejectedUpload as rejected:
        print(text("rejected_summary", language, count=len(rejected.problems)), file=sys.stderr)
        for problem in rejected.problems:
            print(_describe(problem, language), file=sys.stderr)
        return EXIT_REJECTED


if __name__ == "__main__":
    raise SystemExit(main())
