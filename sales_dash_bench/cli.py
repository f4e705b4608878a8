"""The benchmark's command line: ``sales-dash bench [--rows 100000,1000000] ...``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from sales_dash_bench.browser import NoChromium
from sales_dash_bench.run import PAGES, PEERS, PEERS_UP_TO, format_table, run_bench


def _sizes(value: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in value.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of line counts: {value!r}") from None
    if not sizes or any(size <= 0 for size in sizes):
        raise argparse.ArgumentTypeError(f"not a list of line counts: {value!r}")
    return sizes


def _size(value: str) -> int:
    sizes = _sizes(value)
    if len(sizes) != 1:
        raise argparse.ArgumentTypeError(f"not a line count: {value!r}")
    return sizes[0]


def _pages(value: str) -> tuple[str, ...]:
    pages = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [page for page in pages if page not in PAGES]
    if not pages or unknown:
        raise argparse.ArgumentTypeError(f"pages are among {', '.join(PAGES)}")
    return pages


def _peers(value: str) -> tuple[str, ...]:
    if value.strip() == "none":
        return ()
    peers = tuple(part.strip() for part in value.split(",") if part.strip())
    if not peers or any(peer not in PEERS for peer in peers):
        raise argparse.ArgumentTypeError(f"peers are among {', '.join(PEERS)}, or none")
    return peers


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sales-dash bench",
        description="Time the app beside bare DuckDB, a pandas app and, in Chromium, "
        "a minimal Streamlit app (docs/benchmark.md).",
    )
    parser.add_argument(
        "--rows", type=_sizes, default=[10_000_000],
        help="lake sizes in order lines, comma-separated (10000000)",
    )  # fmt: skip
    parser.add_argument("--changes", type=int, default=7, help="filter changes per page (7)")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--root", help="folder of benchmark lakes (default data/bench)")
    parser.add_argument("--pages", type=_pages, default=PAGES, help="pages, comma-separated")
    parser.add_argument(
        "--no-browser", action="store_true", help="skip the browser clock (no Chromium here)"
    )
    parser.add_argument(
        "--peers", type=_peers, default=PEERS,
        help="peers to replay the pages in, comma-separated, or none (duckdb,pandas)",
    )  # fmt: skip
    parser.add_argument(
        "--peers-up-to", type=_size, default=PEERS_UP_TO,
        help=f"the largest lake the peers are replayed on, in lines ({PEERS_UP_TO})",
    )  # fmt: skip
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        report = run_bench(
            args.rows,
            args.changes,
            Path(args.root) if args.root else None,
            args.pages,
            browser=not args.no_browser,
            peers=args.peers,
            peers_up_to=args.peers_up_to,
        )
    except NoChromium as missing:
        print(f"sales-dash bench: {missing}; --no-browser skips the browser clock", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(format_table(report))
    return 0
