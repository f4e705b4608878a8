"""The Upload page's columns: a choice for each contract column the file leaves open
(several headers could fill it, or one only may), and the whole mapping as a table in
the page's language — every column of the file, the field it fills (or 不使用 / not
used), how that came about, a suggestion — editable by the fields' names.

Choices and edits become the mapping's overrides (file header -> column or ``-``); a
mapping remembered for the export fills the choices in and is said. Headers are the
user's: they appear only as selectbox options and table cells (plain text).
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from sales_dash.engine.options import name_with_id
from sales_dash.i18n import column_label
from sales_dash.ingest import PreparedUpload
from sales_dash.ingest.headers import IGNORE, column_letter, normalise
from sales_dash.ingest.mappings import RememberedMapping, SourceColumn
from sales_dash.ingest.report import local_time
from sales_dash.schema import TABLES
from sales_dash.ui.frame import Context

Overrides = tuple[tuple[str, str], ...]
CHOICE_REASONS = frozenset({"ambiguous_header", "candidate_header", "duplicate_header"})
"""Problems of the header that the choices settle."""


def field_names(ctx: Context, table: str) -> dict[str, str]:
    """Every column a file may fill (inputs such as profit included) by its name in the
    page's language, and ``-`` as 不使用 / not used; a shared name gets the column's own."""
    columns = [c.name for c in TABLES[table].readable]
    labels = {name: column_label(name, ctx.language) for name in columns}
    shared = {label for label in labels.values() if list(labels.values()).count(label) > 1}
    named = {
        name: name_with_id(lab, name) if lab in shared else lab for name, lab in labels.items()
    }
    return {**named, IGNORE: ctx.t("mapping_not_used")}


def _remembered_pick(
    remembered: RememberedMapping | None, target: str, candidates: list[str]
) -> str | None:
    """What the remembered mapping chose for ``target`` among ``candidates``, if anything."""
    if remembered is None:
        return None
    said = {normalise(h): column for h, column in remembered.choices.items()}
    picked = [h for h in candidates if said.get(normalise(h)) == target]
    if picked:
        return picked[0]
    if all(said.get(normalise(h)) == IGNORE for h in candidates):
        return IGNORE
    return None


def column_choices(
    ctx: Context, base: PreparedUpload, remembered: RememberedMapping | None, key: str
) -> Overrides:
    """A selectbox per open choice: the candidate headers and "not used", nothing chosen
    until the user chooses (or a remembered mapping did). Returns the choices as
    overrides; one the remembered mapping made is left to it (so it is said as such)."""
    raw = base.raw
    if raw is None or not raw.header.choices:
        return ()
    st.markdown(f"**{ctx.t('upload_choices_title')}**")
    letters = {h: column_letter(p) for p, h in enumerate(raw.header.headers)}
    not_used = ctx.t("mapping_not_used")
    overrides: dict[str, str] = {}
    for target, candidates in raw.header.candidates.items():
        default = _remembered_pick(remembered, target, candidates)
        options = [*candidates, IGNORE]
        choice = st.selectbox(
            ctx.t("upload_choice", column=column_label(target, ctx.language)),
            options,
            index=options.index(default) if default else None,
            placeholder=ctx.t("upload_choice_placeholder"),
            format_func=lambda h: not_used if h == IGNORE else f"{letters[h]} · {h}",
            key=f"choice-{key}-{raw.table}-{target}",
        )
        if choice is None or choice == default:
            continue
        overrides.update({h: target if h == choice else IGNORE for h in candidates})
    return tuple(sorted(overrides.items()))


def open_choices(prepared: PreparedUpload) -> int:
    """How many contract columns still wait for the user's choice."""
    return prepared.problems.filter(pl.col("reason").is_in(list(CHOICE_REASONS)))[
        "column"
    ].n_unique()


def _note(ctx: Context, source: SourceColumn, names: dict[str, str]) -> str:
    """How a column came to its field, and a suggestion for an unused one."""
    parts = []
    if source.how == "choice" and source.choice:
        candidates = " / ".join(source.candidates)
        column = names.get(source.choice, source.choice)
        parts.append(ctx.t("mapping_how_choice", candidates=candidates, column=column))
    elif source.how:
        parts.append(ctx.t(f"mapping_how_{source.how}"))
    if source.suggestion:
        suggested = names.get(source.suggestion, source.suggestion)
        parts.append(ctx.t("mapping_suggestion", column=suggested))
    return "; ".join(parts) if ctx.language == "en" else "；".join(parts)


def mapping_frame(ctx: Context, prepared: PreparedUpload) -> pl.DataFrame:
    """The whole mapping, a row per column of the file, in the page's language; an open
    choice's field reads 请选择… / Choose… (it is not guessed); units only if any."""
    names = field_names(ctx, str(prepared.table))
    open_choice = ctx.t("upload_choice_placeholder")
    rows = [
        (
            source.letter,
            source.header,
            open_choice if source.how == "choice" else names.get(source.column or IGNORE),
            _note(ctx, source, names),
            source.unit or "",
        )
        for source in prepared.mapping
    ]
    schema = dict.fromkeys(("letter", "header", "column", "note", "unit"), pl.String)
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return frame if frame["unit"].str.len_chars().sum() else frame.drop("unit")


def mapping_editor(ctx: Context, prepared: PreparedUpload, key: str) -> Overrides:
    """The whole mapping, the field of each column editable by name; returns the user's
    changes as overrides (file header -> column or ``-``)."""
    raw = prepared.raw
    if raw is None:
        return ()
    names = field_names(ctx, raw.table)
    by_name = {name: column for column, name in names.items()}
    rows = mapping_frame(ctx, prepared)
    options = list(names.values())
    if raw.header.choices:  # what an open choice reads; choosing it changes nothing
        options.append(ctx.t("upload_choice_placeholder"))
    edited = st.data_editor(
        rows,
        key=f"mapping-{key}-{raw.table}",
        hide_index=True,
        width="content",
        height="content",  # the whole mapping at once
        disabled=["letter", "header", "note", "unit"],
        column_config={
            "letter": st.column_config.TextColumn(ctx.t("mapping_letter"), width="small"),
            "header": st.column_config.TextColumn(ctx.t("mapping_header"), width="medium"),
            "column": st.column_config.SelectboxColumn(
                ctx.t("mapping_column"),
                width="medium",
                options=options,
                required=True,
                help=ctx.t("upload_mapping_help_named"),
            ),
            "note": st.column_config.TextColumn(ctx.t("mapping_note"), width="large"),
            "unit": st.column_config.TextColumn(ctx.t("upload_col_unit"), width="small"),
        },
    )
    changed = (
        pl.DataFrame(edited)
        .join(rows.select("letter", "column"), on="letter", suffix="_found")
        .filter(
            pl.col("column").is_not_null() & pl.col("column").ne_missing(pl.col("column_found"))
        )
    )
    return tuple(
        sorted(
            (header, by_name[name])
            for header, name in changed.select("header", "column").iter_rows()
            if name in by_name
        )
    )


def remembered_note(ctx: Context, prepared: PreparedUpload) -> None:
    """Say that a remembered mapping was applied (it shows in the choices and the mapping)."""
    remembered = prepared.remembered
    if remembered is None:
        return
    used = local_time(dt.datetime.fromisoformat(remembered.last_used))
    st.caption(ctx.t("upload_remembered", last_used=used))
