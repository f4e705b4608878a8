"""A file's header row: clean names, units such as 万元, and the contract column of each.

Headers are compared without case, spaces (inside too: ``订单 ID`` is ``订单ID``, ``Order
ID`` is ``order_id``), punctuation, full-width forms and a bracketed unit. A header that
is a column's name or synonym (``sales_dash.schema``) maps to it; one that only may be
that column (``CANDIDATES``: 收货地址 as a region) never maps by itself. Whenever several
columns claim one contract column, or only a candidate does, the user chooses (``--map``,
a remembered mapping, the Upload page): nothing ambiguous is guessed.
"""

from __future__ import annotations

import difflib
import functools
import re
import shlex
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import opencc

from sales_dash.ingest.problems import Problem
from sales_dash.schema import Kind, Table

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

# Candidates (branch headers): headers that may be a column but may as well not (an
# address is not a region, goods before postage not the order's revenue). Alone they are
# offered as a choice; beside a column's name or synonym they lose to it.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "region": (
        "收货地址", "收货人地址", "客户地址", "地址", "城市", "市", "国家", "部门", "销售部门",
        "负责人所属部门", "city", "country", "department", "billing state/province",
    ),
    "revenue": ("买家应付货款", "结算金额", "货款", "expected revenue"),
    "category": ("子类别", "sub-category", "subcategory"),
    "order_date": ("创建时间", "created date"),
}  # fmt: skip
SUGGEST_CUTOFF = 0.8
"""How close (difflib's ratio) an unused header must be to a known name to suggest it."""


class Tier:
    """How a header came to a contract column: the higher wins a contest outright."""

    CANDIDATE, SYNONYM, EXPLICIT = 1, 2, 3


@lru_cache(maxsize=8192)
@functools.cache
def _simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def fold(name: str) -> str:
    """NFKC, lower case, Traditional characters as Simplified: a Taiwanese or Hong Kong
    export's 訂單編號 and 銷售金額(萬元) name what 订单编号 and 销售金额(万元) do."""
    return _simplified().convert(unicodedata.normalize("NFKC", name).lower())


def normalise(name: str) -> str:
    """The form headers are compared in: folded, no spaces or punctuation."""
    folded = fold(name)
    compact = "".join(c for c in folded if unicodedata.category(c)[0] not in "PZC")
    return compact or folded.strip(SPACES)


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
    folded = fold(header).strip(SPACES)
    match = UNIT.match(folded)
    if not match:
        return normalise(header), None
    unit = match["unit"].strip()
    known = unit in MONEY_UNITS or unit == PERCENT_UNIT or unit in COUNT_UNITS
    return (normalise(match["name"]), unit) if known else (normalise(header), None)


def unit_scale(unit: str | None, kind: Kind) -> Decimal | None:
    """What a value in ``unit`` is multiplied by to be stored; None when no scaling applies."""
    if unit is None or kind not in NUMERIC:
        return None
    if unit == PERCENT_UNIT:
        return Decimal("0.01") if kind is not Kind.INT else None
    scale = MONEY_UNITS.get(unit)
    return scale if scale is not None and scale != 1 else None


@lru_cache(maxsize=16)
def _lookup(table: Table) -> dict[str, str]:
    """Normalised name or synonym -> the column of ``table`` it names (inputs included)."""
    lookup: dict[str, str] = {}
    for column in table.readable:
        for name in (column.name, *column.synonyms):
            lookup.setdefault(normalise(name), column.name)
    return lookup


@lru_cache(maxsize=16)
def _candidates(table: Table) -> dict[str, str]:
    """Normalised candidate header -> the column of ``table`` it may be."""
    names = {c.name for c in table.readable}
    return {
        normalise(header): column
        for column, headers in CANDIDATES.items()
        if column in names
        for header in headers
    }


def claim(header: str, table: Table) -> tuple[str, int] | None:
    """The column of ``table`` a header names and how surely (Tier), or None."""
    whole = normalise(header)
    base, _ = split_unit(header)
    for lookup, tier in ((_lookup(table), Tier.SYNONYM), (_candidates(table), Tier.CANDIDATE)):
        target = lookup.get(whole) or lookup.get(base)
        if target:
            return target, tier
    return None


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
    choices: dict[str, list[int]] = field(default_factory=dict)
    """Contract column -> the positions that may fill it, when the user must choose."""
    tiers: dict[int, int] = field(default_factory=dict)
    """Column position -> how surely it claimed its column (Tier), mapped or not."""
    ignored: set[int] = field(default_factory=set)
    """Positions the mapping leaves out explicitly (``-``)."""
    suggestions: dict[int, str] = field(default_factory=dict)
    """Unused position -> a contract column its header looks like (not mapped: a hint)."""

    @property
    def contested(self) -> set[str]:
        """Contract columns the user must choose a file column for."""
        return set(self.choices) | {p.column for p in self.problems}

    @property
    def candidates(self) -> dict[str, list[str]]:
        """Contract column -> the file's headers the user must choose among for it."""
        return {t: [self.headers[p] for p in ps] for t, ps in self.choices.items()}

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
    """Map a file's header cells to ``table``'s columns; what must be chosen becomes a
    problem (``ambiguous_header``, ``candidate_header``, ``duplicate_header``)."""
    headers = display_names(raw)
    names = {c.name for c in table.readable}
    wanted = {normalise(k): v for k, v in (overrides or {}).items() if v in names}
    ignored = {normalise(k) for k, v in (overrides or {}).items() if v == IGNORE}
    result = HeaderMap(headers=headers)
    claims: dict[str, list[int]] = {}
    units: dict[int, str | None] = {}
    exact = {normalise(h) for h in headers if h}
    for position, header in enumerate(headers):
        if not header:
            continue
        # the user may name a header without its unit (销售额 for 销售额(万元)), unless
        # another header is named just that
        base = split_unit(header)[0]
        keys = (normalise(header),) + ((base,) if base not in exact else ())
        if any(key in ignored for key in keys):
            result.ignored.add(position)
            continue
        original = clean(raw[position])
        explicit = next((wanted[key] for key in keys if key in wanted), None)
        found = claim(original, table)
        if explicit:
            target, tier = explicit, Tier.EXPLICIT
        elif found:
            target, tier = found
        else:
            continue
        claims.setdefault(target, []).append(position)
        result.tiers[position] = tier
        units[position] = split_unit(original)[1]
    for target, claimants in claims.items():
        top = max(result.tiers[p] for p in claimants)
        chosen = [p for p in claimants if result.tiers[p] == top]
        if len(chosen) > 1 or top == Tier.CANDIDATE:
            if top != Tier.EXPLICIT:
                result.choices[target] = chosen
            result.problems.append(_contest(raw, headers, target, chosen, header_row, top))
            continue
        position = chosen[0]
        result.columns[position] = target
        unit = units.get(position)
        if unit:
            result.units[target] = unit
            scale = unit_scale(unit, table.column(target).kind)
            if scale is not None:
                result.scales[target] = scale
    result.suggestions.update(_suggestions(headers, table, result))
    return result


SHELL_SPECIAL = re.compile(r"[\s'\"\\$`!*?&;|<>(){}\[\]#~]")


def _quoted(argument: str) -> str:
    """As typed in a shell: quoted only where needed (Chinese needs no quotes)."""
    return shlex.quote(argument) if SHELL_SPECIAL.search(argument) else argument


def choice_maps(headers: list[str], target: str, positions: list[int]) -> list[str]:
    """The ``--map`` arguments that settle a choice, one per candidate; a lone candidate
    also gets its refusal (``收货地址=-``)."""
    options = []
    for chosen in positions:
        pairs = [f"{headers[chosen]}={target}"]
        pairs += [f"{headers[p]}={IGNORE}" for p in positions if p != chosen]
        options.append("--map " + " ".join(_quoted(pair) for pair in pairs))
    if len(positions) == 1:
        options.append(f"--map {_quoted(f'{headers[positions[0]]}={IGNORE}')}")
    return options


def _contest(
    raw: list[str],
    headers: list[str],
    target: str,
    positions: list[int],
    header_row: int,
    tier: int,
) -> Problem:
    where = " / ".join(f"{column_letter(p)} {headers[p]}" for p in positions)
    options = " | ".join(choice_maps(headers, target, positions))
    if tier == Tier.CANDIDATE and len(positions) == 1:
        return Problem(header_row, target, where, "candidate_header", options)
    if len({normalise(clean(raw[p])) for p in positions}) == 1:
        return Problem(header_row, target, where, "duplicate_header", options)
    return Problem(header_row, target, where, "ambiguous_header", options)


def _suggestions(headers: list[str], table: Table, mapped: HeaderMap) -> dict[int, str]:
    """Unused headers that look like a column still unfilled (a close spelling)."""
    filled = set(mapped.columns.values()) | set(mapped.choices)
    known = {**_candidates(table), **_lookup(table)}
    open_names = {key: column for key, column in known.items() if column not in filled}
    suggestions = {}
    for position, header in enumerate(headers):
        if not header or position in mapped.tiers or position in mapped.ignored:
            continue
        close = difflib.get_close_matches(
            split_unit(header)[0], list(open_names), n=1, cutoff=SUGGEST_CUTOFF
        )
        if close:
            suggestions[position] = open_names[close[0]]
    return suggestions


def match_count(raw: list[str], table: Table, overrides: dict[str, str] | None = None) -> int:
    """How many of ``table``'s columns a row of cells names: the header row names most."""
    names = {c.name for c in table.readable}
    wanted = {normalise(k): v for k, v in (overrides or {}).items() if v in names}
    targets = set()
    for cell in raw:
        if not normalise(cell or ""):
            continue
        found = claim(cell, table)
        target = wanted.get(normalise(clean(cell))) or (found[0] if found else None)
        if target:
            targets.add(target)
    return len(targets)


def guess_table(raw: list[str], overrides: dict[str, str] | None = None) -> str | None:
    """The table whose columns the headers name best (``table_guess.guess_table_scored``
    also weighs a sample of the rows and says how sure it is)."""
    from sales_dash.ingest.table_guess import guess_table_scored  # it maps headers too

    guess = guess_table_scored(raw, [], overrides)
    return guess.table if guess else None
