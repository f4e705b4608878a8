"""A file's header row: clean names, units such as 万元, and the contract column of each.

Matching is by canonical name or synonym, case-insensitively, ignoring surrounding and
non-breaking spaces and full-width forms (NFKC). An explicit mapping wins. Two columns
that claim the same contract column are never resolved by guessing: the file is
rejected and the user picks one with ``--map``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from sales_dash.ingest.problems import Problem
from sales_dash.schema import TABLES, Kind, Table

SPACES = " \t\r\n\u00a0\u3000\ufeff"
UNIT = re.compile(r"^(?P<name>.*?)\s*[(\[【]\s*(?P<unit>[^()\[\]【】]+?)\s*[)\]】]$")
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "人民币元": Decimal(1),
    "rmb": Decimal(1),
    "cny": Decimal(1),
    "¥": Decimal(1),
    "千元": Decimal(1_000),
    "万元": Decimal(10_000),
    "万": Decimal(10_000),
    "百万元": Decimal(1_000_000),
    "亿元": Decimal(100_000_000),
}
PERCENT_UNIT = "%"
COUNT_UNITS = frozenset({"台", "件", "个", "次", "套", "pcs", "units"})
NUMERIC = frozenset({Kind.MONEY, Kind.FRACTION, Kind.INT})
IGNORE = "-"
"""An explicit mapping to this leaves the file's column out (``--map 备注=-``)."""


def normalise(name: str) -> str:
    """The form headers are compared in: NFKC, trimmed, lower case."""
    return unicodedata.normalize("NFKC", name).strip(SPACES).lower()


def clean(name: str | None) -> str:
    """A header as shown to the user: trimmed of spaces, BOM and line breaks."""
    return " ".join((name or "").strip(SPACES).split())


def column_letter(position: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the spreadsheet's name for a column."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def split_unit(header: str) -> tuple[str, str | None]:
    """``销售额(万元)`` -> (``销售额``, ``万元``); a header without a known unit is kept whole."""
    match = UNIT.match(normalise(header))
    if not match:
        return normalise(header), None
    unit = match["unit"].strip()
    known = unit in MONEY_UNITS or unit == PERCENT_UNIT or unit in COUNT_UNITS
    return (match["name"], unit) if known else (normalise(header), None)


def unit_scale(unit: str | None, kind: Kind) -> Decimal | None:
    """What a value in ``unit`` is multiplied by to be stored; None when no scaling applies."""
    if unit is None or kind not in NUMERIC:
        return None
    if unit == PERCENT_UNIT:
        return Decimal("0.01") if kind is not Kind.INT else None
    scale = MONEY_UNITS.get(unit)
    return scale if scale is not None and scale != 1 else None


def _readable_names(table: Table) -> set[str]:
    return {c.name for c in table.readable}


def _lookup(table: Table) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for column in table.readable:  # inputs too: a profit column completes the cost
        for name in (column.name, *column.synonyms):
            lookup.setdefault(normalise(name), column.name)
    return lookup


def display_names(raw: list[str]) -> list[str]:
    """Cleaned headers, a repeated one suffixed `` (2)``, `` (3)`` so each can be named."""
    seen: dict[str, int] = {}
    names = []
    for header in map(clean, raw):
        key = normalise(header)
        seen[key] = seen.get(key, 0) + 1
        names.append(header if seen[key] == 1 or not header else f"{header} ({seen[key]})")
    return names


@dataclass(frozen=True)
class HeaderMap:
    headers: list[str]
    """The file's headers as shown (cleaned, repeats numbered), one per column position."""
    columns: dict[int, str] = field(default_factory=dict)
    """Column position -> contract column."""
    units: dict[str, str] = field(default_factory=dict)
    """Contract column -> the unit its header named (万元, %, 台 ...)."""
    scales: dict[str, Decimal] = field(default_factory=dict)
    """Contract column -> multiplier from its unit, where it is not 1."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def contested(self) -> set[str]:
        """Contract columns that several file columns claim (the user must pick one)."""
        return {p.column for p in self.problems}

    @property
    def mapping(self) -> dict[str, str]:
        """File header -> contract column, in file order."""
        return {self.headers[i]: column for i, column in sorted(self.columns.items())}

    @property
    def found(self) -> str:
        """The file's non-blank headers, for a message."""
        return ", ".join(h for h in self.headers if h) or "—"


def map_headers(
    raw: list[str],
    table: Table,
    overrides: dict[str, str] | None = None,
    header_row: int = 1,
) -> HeaderMap:
    """Map a file's header cells to ``table``'s columns; ambiguities become problems."""
    headers = display_names(raw)
    lookup = _lookup(table)
    wanted = {normalise(k): v for k, v in (overrides or {}).items() if v in _readable_names(table)}
    ignored = {normalise(k) for k, v in (overrides or {}).items() if v == IGNORE}
    claims: dict[str, list[tuple[int, bool]]] = {}
    units: dict[int, str | None] = {}
    for position, header in enumerate(headers):
        if not header or normalise(header) in ignored:
            continue
        original = clean(raw[position])
        base, unit = split_unit(original)
        explicit = wanted.get(normalise(header))
        target = explicit or lookup.get(normalise(original)) or lookup.get(base)
        if target:
            claims.setdefault(target, []).append((position, explicit is not None))
            units[position] = unit if lookup.get(normalise(original)) != target else None
    result = HeaderMap(headers=headers)
    for target, claimants in claims.items():
        chosen = [p for p, explicit in claimants if explicit] or [p for p, _ in claimants]
        if len(chosen) > 1:
            result.problems.append(_conflict(raw, headers, target, chosen, header_row))
            continue
        position = chosen[0]
        result.columns[position] = target
        unit = units.get(position)
        if unit:
            result.units[target] = unit
            scale = unit_scale(unit, table.column(target).kind)
            if scale is not None:
                result.scales[target] = scale
    return result


def _conflict(
    raw: list[str], headers: list[str], target: str, positions: list[int], header_row: int
) -> Problem:
    where = ", ".join(f"{column_letter(p)} {headers[p]}" for p in positions)
    if len({normalise(clean(raw[p])) for p in positions}) == 1:
        return Problem(header_row, target, clean(raw[positions[0]]), "duplicate_header", where)
    names = " / ".join(headers[p] for p in positions)
    return Problem(header_row, target, names, "ambiguous_header", where)


def match_count(raw: list[str], table: Table, overrides: dict[str, str] | None = None) -> int:
    """How many of ``table``'s columns a row of cells names: the header row names most."""
    lookup = _lookup(table)
    wanted = {normalise(k): v for k, v in (overrides or {}).items() if v in _readable_names(table)}
    targets = set()
    for cell in raw:
        key = normalise(cell or "")
        if not key:
            continue
        target = wanted.get(key) or lookup.get(key) or lookup.get(split_unit(cell)[0])
        if target:
            targets.add(target)
    return len(targets)


def guess_table(raw: list[str], overrides: dict[str, str] | None = None) -> str | None:
    """The table whose columns the headers name best; required columns weigh most."""
    best, best_score = None, (0, 0)
    for table in TABLES.values():
        mapped = set(map_headers(raw, table, overrides).columns.values())
        required = [c.name for c in table.columns if c.required]
        missing = sum(1 for name in required if name not in mapped)
        score = (-missing, len(mapped))
        if mapped and (best is None or score > best_score):
            best, best_score = table.name, score
    return best
