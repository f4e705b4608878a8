"""The mapping of a file's columns as shown to the user, and mappings remembered per source.

``describe_mapping`` gives every column of the file, in file order, with what it fills
(or that it is not used), the choice it is part of, and a suggestion: the dry run and the
Upload page show the same list. A mapping the user confirmed (``--map`` or choices on
the page) is remembered under the export's header signature (table + normalised
headers) in ``<lake>/_mappings.json`` and applied the next time that export arrives;
an explicit mapping still wins over it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from sales_dash.ingest.headers import HeaderMap, Tier, column_letter, normalise, split_unit
from sales_dash.lake import Lake, atomic_write_bytes

if TYPE_CHECKING:  # prepare imports this module
    from sales_dash.ingest.prepare import PreparedUpload

MAPPINGS_FILE = "_mappings.json"
SIGNATURE_CHARS = 10


@dataclass(frozen=True)
class SourceColumn:
    """One column of the file and where it goes."""

    letter: str
    """The spreadsheet's name of the column: A, B, ... AA."""
    header: str
    """The file's header as shown (repeats numbered ``金额 (2)``)."""
    column: str | None
    """The contract column it fills; None when not used."""
    how: str
    """``synonym`` (by name), ``explicit`` (the user's mapping), ``remembered``, ``ignored``
    (mapped to ``-``), ``choice`` (the user must choose) or ``""`` (nothing matched)."""
    choice: str | None = None
    """The contract column it is a candidate for, while that choice is open."""
    candidates: tuple[str, ...] = ()
    """The headers among which that choice is made (this one included)."""
    suggestion: str | None = None
    """For an unused column: a contract column its header looks like (a hint only)."""
    unit: str | None = None
    """The unit its header names (万元, %), where that scales or labels the values."""


def describe_mapping(
    header: HeaderMap,
    overrides: Mapping[str, str] | None = None,
    remembered: Mapping[str, str] | None = None,
) -> list[SourceColumn]:
    """Every non-blank column of the file, in file order, with what it fills.

    ``overrides`` are the user's explicit mapping, ``remembered`` a remembered one (both
    header -> column or ``-``): they only tell how a mapping came about.
    """
    explicit = {normalise(k) for k in overrides or {}}
    recalled = {normalise(k) for k in remembered or {}} - explicit
    open_choice = {p: target for target, ps in header.choices.items() for p in ps}
    rows = []
    for position, name in enumerate(header.headers):
        if not name:
            continue
        column = header.columns.get(position)
        by_user = header.tiers.get(position) == Tier.EXPLICIT or position in header.ignored
        how = "synonym" if column else ""
        if by_user:
            how = "remembered" if normalise(name) in recalled else "explicit"
        if position in header.ignored and how == "explicit":
            how = "ignored"
        choice = open_choice.get(position)
        if choice:
            how = "choice"
        candidates = tuple(header.headers[p] for p in header.choices.get(choice or "", []))
        rows.append(
            SourceColumn(
                letter=column_letter(position),
                header=name,
                column=column,
                how=how,
                choice=choice,
                candidates=candidates,
                suggestion=header.suggestions.get(position),
                unit=header.units.get(column) if column else None,
            )
        )
    return rows


def header_signature(table: str, headers: list[str]) -> str:
    """The id of an export's shape: its table and its normalised, non-blank headers."""
    names = [normalise(h) for h in headers if h and h.strip()]
    text = json.dumps([table, names], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:SIGNATURE_CHARS]


@dataclass(frozen=True)
class RememberedMapping:
    mapping_id: str
    """The header signature (``header_signature``)."""
    table: str
    headers: tuple[str, ...]
    choices: dict[str, str]
    """File header -> contract column, or ``-`` for a column left out."""
    created_at: str
    last_used: str
    """ISO moments, UTC."""


def _path(lake: Lake) -> str:
    return str(lake.root / MAPPINGS_FILE)


def remembered_mappings(lake: Lake) -> list[RememberedMapping]:
    """Every remembered mapping, the most recently used first (none if the file is unreadable)."""
    try:
        with open(_path(lake), encoding="utf-8") as handle:
            stored = json.load(handle)
        entries = [
            RememberedMapping(
                mapping_id=key,
                table=str(entry["table"]),
                headers=tuple(entry["headers"]),
                choices=dict(entry["choices"]),
                created_at=str(entry["created_at"]),
                last_used=str(entry["last_used"]),
            )
            for key, entry in stored["mappings"].items()
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []  # none yet, or a damaged file: nothing is applied silently from it
    return sorted(entries, key=lambda m: m.last_used, reverse=True)


def _write(lake: Lake, entries: list[RememberedMapping]) -> None:
    stored = {
        "mappings": {
            m.mapping_id: {k: v for k, v in asdict(m).items() if k != "mapping_id"} for m in entries
        }
    }
    lake.root.mkdir(parents=True, exist_ok=True)
    text = json.dumps(stored, ensure_ascii=False, indent=2, sort_keys=True)
    atomic_write_bytes(lake.root / MAPPINGS_FILE, text.encode("utf-8"))


def find_mapping(lake: Lake, table: str, headers: list[str]) -> RememberedMapping | None:
    """The mapping remembered for this export's signature, if any."""
    signature = header_signature(table, headers)
    return next((m for m in remembered_mappings(lake) if m.mapping_id == signature), None)


def remember_mapping(
    lake: Lake,
    table: str,
    headers: list[str],
    choices: Mapping[str, str],
    now: dt.datetime | None = None,
) -> RememberedMapping:
    """Store (or refresh) the mapping of this export's signature; call under the write lock."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    signature = header_signature(table, headers)
    entries = remembered_mappings(lake)
    before = next((m for m in entries if m.mapping_id == signature), None)
    entry = RememberedMapping(
        mapping_id=signature,
        table=table,
        headers=tuple(h for h in headers if h),
        choices=dict(choices),
        created_at=before.created_at if before else moment,
        last_used=moment,
    )
    _write(lake, [m for m in entries if m.mapping_id != signature] + [entry])
    return entry


def delete_mapping(lake: Lake, mapping_id: str) -> RememberedMapping | None:
    """Forget one mapping; None when there is none of that id."""
    if all(m.mapping_id != mapping_id for m in remembered_mappings(lake)):
        return None  # nothing to do: no lock taken, no folder made
    with lake.write_lock():
        entries = remembered_mappings(lake)
        found = next((m for m in entries if m.mapping_id == mapping_id), None)
        if found is not None:
            _write(lake, [m for m in entries if m.mapping_id != mapping_id])
    return found


def with_remembered(
    overrides: Mapping[str, str] | None, remembered: RememberedMapping | None
) -> dict[str, str]:
    """The remembered choices under the user's explicit mapping (which wins)."""
    explicit = {normalise(k) for k in overrides or {}}
    kept = {
        k: v
        for k, v in (remembered.choices if remembered else {}).items()
        if normalise(k) not in explicit
    }
    return {**kept, **(overrides or {})}


def remember_confirmed(
    lake: Lake, prepared: PreparedUpload, now: dt.datetime | None = None
) -> RememberedMapping | None:
    """After a write: remember the mapping the user confirmed for this export (its
    explicit and remembered choices that name a header of the file), if any."""
    raw = prepared.raw
    if raw is None:
        return None
    present = {normalise(h) for h in raw.header.headers if h}
    present |= {split_unit(h)[0] for h in raw.header.headers if h}
    choices = {
        k: v
        for k, v in with_remembered(prepared.overrides, prepared.remembered).items()
        if normalise(k) in present
    }
    if not choices:
        return None
    return remember_mapping(lake, raw.table, raw.header.headers, choices, now)
