"""Which table a file holds, from its headers and a sample of its rows, and how sure that is.

Headers alone misled: an English BI export names ``Region`` and ``Category`` as a market
table does. Each table is scored on its required columns found (most weight), the share
of the file's headers it maps, and whether the sampled cells of its typed columns parse
(dates are dates, amounts numbers).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from sales_dash.ingest.headers import map_headers
from sales_dash.ingest.parse import parse_column, stand_in_codes, text_cell
from sales_dash.schema import TABLES, Kind, Table

SAMPLE_ROWS = 20
WEIGHTS = (0.5, 0.2, 0.3)
"""Required columns found, headers mapped, sampled cells that parse: each a share 0–1."""
SHARPNESS = 10.0
"""How fast confidence grows with the winner's lead over the other tables: a lead of 0.3
in fit is ~95 %, of 0.1 ~73 % (a softmax of the fits at this temperature)."""
GOOD_FIT = 0.9
"""A winner fitting less than this is itself doubtful: its confidence shrinks in proportion."""


@dataclass(frozen=True)
class TableGuess:
    table: str
    confidence: float
    """0–1: how far the winner's fit leads the other tables', lowered when it fits badly."""
    runner_up: str | None = None
    runner_up_confidence: float = 0.0
    scores: tuple[tuple[str, float], ...] = ()
    """Every table that maps a header, with its fit 0–1, best first."""


def _content_share(sample: Sequence[list[str]], mapped: dict[int, str], table: Table) -> float:
    """Of the sampled non-empty cells in typed columns, the share that parses; 0 when no
    typed column is mapped (nothing confirms the table), 1 without a sample."""
    typed = {p: c for p, c in mapped.items() if table.column(c).kind is not Kind.STR}
    if not typed:
        return 0.0
    if not sample:
        return 1.0
    cells = {
        column: [row[p] if p < len(row) else "" for row in sample[:SAMPLE_ROWS]]
        for p, column in typed.items()
    }
    frame = pl.DataFrame(cells, schema=dict.fromkeys(cells, pl.String))
    trimmed = frame.with_columns(text_cell(c) for c in cells)
    parsed = trimmed.select(
        *[parse_column(c, table.column(c).kind, serial=True).is_not_null().alias(c) for c in cells]
    )
    filled = int(trimmed.select(pl.sum_horizontal(pl.all().is_not_null().sum())).item())
    good = int(parsed.select(pl.sum_horizontal(pl.all().sum())).item())
    return good / filled if filled else 1.0


def table_fit(
    raw: list[str], sample: Sequence[list[str]], table: Table, overrides: dict[str, str] | None
) -> float:
    """How well ``raw`` (a header row) and ``sample`` (rows below it) fit ``table``, 0–1."""
    header = map_headers(raw, table, overrides)
    mapped = dict(header.columns)
    claimed = set(mapped.values()) | header.contested
    if not claimed:
        return 0.0
    claimed |= stand_in_codes(table, claimed)
    required = [c.name for c in table.columns if c.required]
    found = sum(1 for name in required if name in claimed) / len(required)
    named = sum(1 for h in raw if (h or "").strip()) or 1
    share = min(1.0, (len(mapped) + sum(len(p) for p in header.choices.values())) / named)
    content = _content_share(sample, mapped, table)
    return WEIGHTS[0] * found + WEIGHTS[1] * share + WEIGHTS[2] * content


def guess_table_scored(
    raw: list[str], sample: Sequence[list[str]], overrides: dict[str, str] | None = None
) -> TableGuess | None:
    """The table ``raw`` (headers) and ``sample`` (rows as text) most likely hold; None
    when no header names a column of any table."""
    fits = {name: table_fit(raw, sample, table, overrides) for name, table in TABLES.items()}
    ranked = sorted(((f, n) for n, f in fits.items() if f > 0), key=lambda x: -x[0])
    if not ranked:
        return None
    best, name = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else None
    # every table competes, those mapping nothing at fit 0; the share of the winner is how
    # sure the choice is, lowered when even the winner fits badly
    weights = {n: math.exp(SHARPNESS * f) for n, f in fits.items()}
    total = sum(weights.values())
    doubt = min(1.0, best / GOOD_FIT)
    confidence = weights[name] / total * doubt
    runner_confidence = weights[runner] / total * doubt if runner else 0.0
    return TableGuess(
        table=name,
        confidence=round(confidence, 3),
        runner_up=runner,
        runner_up_confidence=round(runner_confidence, 3),
        scores=tuple((n, round(f, 3)) for f, n in ranked),
    )
