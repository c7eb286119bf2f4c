"""A table diff as text for a terminal, Markdown for a pull request, JSON, or an HTML page.

Markdown (and the site's "What changed" page) read as sentences: one line per change, named as a reader names
things ("Business hours · EMEA: end time 18:00 → 17:00"), long texts as plain text with the changed words marked
<del>/<ins>. `records` flattens a diff into one record per changed cell (the revision_changes table's rows);
`line` turns a record into a `Line` in any language (labels.Names); `markdown` writes Lines in English.
"""
from __future__ import annotations

import difflib
import html
import json
import re
from dataclasses import dataclass, field

import daff
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt

from .checks.common import show
from .diff import VOLATILE, Diff, RowChange, TableDiff
from .labels import FORMATTING_ONLY, IDENTITY_COLUMNS, Names
from .tables.base import source_lang

KINDS = ("added", "removed", "changed", "renamed")
SIGNS = {"added": "+", "removed": "-", "changed": "~", "renamed": ">"}
COLOURS = {"added": "32", "removed": "31", "changed": "33", "renamed": "36"}


def summary(diff: Diff) -> str:
    """One line: rows added/removed/changed/renamed per table that changed."""
    parts = []
    for t in diff.tables:
        if not t.changed:
            continue
        counts = ", ".join(f"{t.count(k)} {k}" for k in KINDS if t.count(k))
        cols = []
        if t.added_columns:
            cols.append(f"columns added: {', '.join(t.added_columns)}")
        if t.removed_columns:
            cols.append(f"columns removed: {', '.join(t.removed_columns)}")
        parts.append(f"{t.table}: " + "; ".join(x for x in (counts, *cols) if x))
    return f"{diff.old} -> {diff.new}: " + (" | ".join(parts) if parts else "no differences")


def key_label(key: dict) -> str:
    return "/".join(str(v) for v in key.values() if v not in (None, ""))


def cell_change(old, new, limit: int = 3) -> str:
    """'old -> new' for short values; for long texts only the changed words, with a little context."""
    a, b = show(old), show(new)
    if len(a) <= 80 and len(b) <= 80:
        return f"{a} -> {b}"
    wa, wb = a.split(), b.split()
    snippets = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(wa[max(0, i1 - 3):i1])
        removed, added = " ".join(wa[i1:i2]), " ".join(wb[j1:j2])
        change = (f"[-{removed}-]" if removed else "") + (f"{{+{added}+}}" if added else "")
        snippets.append(f"…{before} {change}…")
    more = f" (+{len(snippets) - limit} more)" if len(snippets) > limit else ""
    return " ".join(snippets[:limit]) + more


def describe(change: RowChange) -> str:
    """What happened to one row, in words."""
    if change.kind == "changed":
        cells = "; ".join(f"{c.column}: {cell_change(c.old, c.new)}" for c in change.cells)
        return f"{key_label(change.key)}: {cells}" + (f" ({change.note})" if change.note else "")
    if change.kind == "renamed":
        cells = "; ".join(f"{c.column}: {cell_change(c.old, c.new)}" for c in change.cells)
        return (f"{key_label(change.old_key)} -> {key_label(change.key)} ({change.note})"
                + (f"; {cells}" if cells else ""))
    if "question" in change.values:
        return f"{key_label(change.key)}: {change.values['question']}"
    brief = ", ".join(f"{k}={show(v)}" for k, v in change.values.items()
                      if k not in change.key and v not in (None, "") and k not in VOLATILE + ("doc",))
    return f"{key_label(change.key)}: {brief[:160]}{'…' if len(brief) > 160 else ''}"


def terminal(diff: Diff, colour: bool) -> str:
    def paint(kind: str, text: str) -> str:
        return f"\x1b[{COLOURS[kind]}m{text}\x1b[0m" if colour else text
    lines = [summary(diff)]
    for t in diff.tables:
        if not t.changed:
            continue
        lines.append("")
        lines.append(f"{t.table}" if not colour else f"\x1b[1m{t.table}\x1b[0m")
        for c in t.added_columns:
            lines.append(paint("added", f"  + column {c}"))
        for c in t.removed_columns:
            lines.append(paint("removed", f"  - column {c}"))
        for change in t.rows:
            lines.append(paint(change.kind, f"  {SIGNS[change.kind]} {describe(change)}"))
    return "\n".join(lines)


# --- readable lines ---------------------------------------------------------------

# Texts longer than this (or with more than one line) are shown as their changed words, not old → new.
SHORT_TEXT = 80
# Unchanged words kept on each side of a change, so a reader sees where it is.
CONTEXT_WORDS = 4
_MARKDOWN = MarkdownIt("commonmark").enable("table")


def plain_text(text: str) -> str:
    """What a reader sees of a Markdown/HTML answer: its words, without markup."""
    rendered = _MARKDOWN.render(text or "")
    return re.sub(r"\s+", " ", BeautifulSoup(rendered, "html.parser").get_text(" ")).strip()


def word_changes(old: str, new: str) -> list[tuple[str, str]]:
    """('equal' | 'del' | 'ins', words) of two plain texts; long unchanged stretches shortened to their ends."""
    a, b = plain_text(old).split(), plain_text(new).split()
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            words = a[i1:i2]
            first, last = i1 == 0, i2 == len(a)
            keep_head = [] if first else words[:CONTEXT_WORDS]
            keep_tail = [] if last else words[-CONTEXT_WORDS:]
            if len(words) > len(keep_head) + len(keep_tail):
                words = [*keep_head, "…", *keep_tail] if keep_head or keep_tail else ["…"]
            out.append(("equal", " ".join(words)))
            continue
        if i2 > i1:
            out.append(("del", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("ins", " ".join(b[j1:j2])))
    return out


@dataclass
class Line:
    """One change as a reader reads it, in the language of the Names it was made with."""
    table: str                      # the table's name for readers
    table_id: str                   # the table (for filtering)
    kind: str                       # added, removed, changed, renamed, column-added, column-removed
    row: str = ""                   # the row's name ("EMEA", a question)
    old_row: str = ""               # a renamed row's former name
    row_lang: str = ""              # the language the row's name is in (English where the language has none)
    column: str = ""                # the changed column's name for readers
    old: str = ""                   # short values, as written
    new: str = ""
    words: list[tuple[str, str]] = field(default_factory=list)   # long texts: the changed words
    entry: str = ""                 # FAQ entry, for a link
    values_lang: str = ""           # the language old and new are shown in

    def same_change(self, other: "Line") -> bool:
        """The same change told for another column of the row (one sentence stored in several columns)."""
        return (self.table_id, self.kind, self.row, self.old_row, self.old, self.new, self.words) == \
            (other.table_id, other.kind, other.row, other.old_row, other.old, other.new, other.words)


def merge(lines: list["Line"]) -> list["Line"]:
    """Lines of one row saying the same about several columns become one line naming the columns."""
    out: list[Line] = []
    for item in lines:
        if out and out[-1].same_change(item) and item.column and item.column not in out[-1].column.split(", "):
            out[-1].column += ", " + item.column
        elif not (out and out[-1].same_change(item) and item.column in out[-1].column.split(", ")):
            out.append(item)
    return out


def records(diff: Diff, shown: tuple[str, ...] | None = None) -> list[dict]:
    """One record per changed cell (or per added/removed/renamed row, or column) of the tables in `shown`."""
    out = []
    for t in diff.tables:
        if shown is not None and t.table not in shown:
            continue
        for column in t.added_columns + t.removed_columns:
            kind = "column-added" if column in t.added_columns else "column-removed"
            out.append({"table": t.table, "change": kind, "key": "", "old_key": "", "column": column, "old": "",
                        "new": "", "note": "", "entry": "", "label": ""})
        for change in t.rows:
            values = change.values
            entry = str(values.get("entry") or values.get("id") or change.key.get("id") or "")
            label = str(values.get("question") or "") if t.table == "faq" else ""
            brief = describe(change).split(": ", 1)[-1] if change.kind in ("added", "removed") else ""
            for cell in change.cells or [None]:
                out.append({"table": t.table, "change": change.kind, "key": key_text(change.key),
                            "old_key": key_text(change.old_key), "column": cell.column if cell else "",
                            "old": show(cell.old) if cell else (brief if change.kind == "removed" else ""),
                            "new": show(cell.new) if cell else (brief if change.kind == "added" else ""),
                            "note": change.note, "entry": entry, "label": label})
    return out


def key_text(key: dict | None) -> str:
    """A row key without language and document: 'emea', 'standard/unified-advanced'."""
    return "/".join(str(v) for k, v in (key or {}).items() if k not in ("lang", "doc") and v not in (None, ""))


def key_columns(table: str, keys: dict[str, list[str]]) -> list[str]:
    return [k for k in keys.get(table, []) if k not in ("lang", "doc")]


def line(record: dict, names: Names, keys: dict[str, list[str]]) -> Line | None:
    """A record told as a Line; None for a change only to a column that places a row (an anchor, an id)."""
    table, kind, column = record["table"], record["change"], record["column"]
    if column in IDENTITY_COLUMNS and kind in ("changed", "renamed"):
        return None
    columns = key_columns(table, keys)

    def row_name(key: str) -> tuple[str, str]:
        if not key:
            return "", names.lang
        values = dict(zip(columns, key.split("/"))) if len(columns) > 1 else {columns[0]: key} if columns else {}
        values.setdefault("entry", record["entry"])
        return names.row_named(table, values, record.get("label") or key)

    (row, row_lang), (old_row, _) = row_name(record["key"]), row_name(record["old_key"])
    out = Line(names.table(table), table, kind, row, old_row, row_lang, names.column(column) if column else "",
               entry=record["entry"], values_lang=names.lang)
    if kind in ("changed", "renamed") and column:
        if len(record["old"]) > SHORT_TEXT or len(record["new"]) > SHORT_TEXT or "\n" in record["old"] + record["new"]:
            out.words, out.values_lang = word_changes(record["old"], record["new"]), names.source_lang
        else:
            out.old, out.new = names.value(column, record["old"]), names.value(column, record["new"])
            langs = {names.value_lang(column, record[side]) for side in ("old", "new")}
            out.values_lang = names.source_lang if names.source_lang in langs else names.lang
    return out


def words_markdown(words: list[tuple[str, str]]) -> str:
    if not any(op != "equal" for op, _ in words):
        return FORMATTING_ONLY
    tags = {"del": ("<del>", "</del>"), "ins": ("<ins>", "</ins>"), "equal": ("", "")}
    return " ".join(f"{tags[op][0]}{html.escape(text)}{tags[op][1]}" for op, text in words)


def line_markdown(item: Line) -> str:
    """'Business hours · EMEA: end time 18:00 → 17:00', as one Markdown line (cells escaped)."""
    if item.kind in ("column-added", "column-removed"):
        text = f"{item.table}: column {item.column} {item.kind.split('-')[1]}"
    elif item.kind in ("added", "removed"):
        text = f"{item.table} · {item.row}: {item.kind}"
    else:
        head = f"{item.table} · {item.old_row} → {item.row}" if item.kind == "renamed" and item.old_row != item.row \
            else f"{item.table} · {item.row}"
        what = f"{item.column}: {words_markdown(item.words)}" if item.words else \
            f"{item.column} {item.old} → {item.new}" if item.column else "renamed"
        text = f"{head}: {what}"
    return text.replace("\n", " ").replace("|", "\\|")


def markdown(diff: Diff, names: Names | None = None) -> str:
    """For a pull request: the summary, then a readable line per change, grouped by table."""
    names = names or Names.from_tables(diff_tables(diff), source_lang(diff_tables(diff)))
    keys = diff_keys(diff)
    out = [f"**Table diff** `{diff.old}` → `{diff.new}`", "", summary(diff).split(": ", 1)[1], ""]
    for t in diff.tables:
        if not t.changed:
            continue
        told = merge([item for item in (line(r, names, keys) for r in records(diff, (t.table,))) if item])
        lines = [line_markdown(item) for item in told]
        if lines:
            out += [f"### {names.table(t.table)} (`{t.table}`)", "", *(f"- {text}" for text in lines), ""]
    return "\n".join(out).rstrip() + "\n"


def diff_tables(diff: Diff) -> dict[str, list[dict]]:
    """The glossary and FAQ rows of both sides, newer last, to name rows with (and the documents, which say the
    originals' language)."""
    sides = diff.sides or ()
    return {name: [row for side in sides for row in side.tables.get(name, [])]
            for name in ("glossary", "faq", "documents")}


def diff_keys(diff: Diff) -> dict[str, list[str]]:
    return {name: key for side in (diff.sides or ()) for name, key in side.keys.items()}


def as_json(diff: Diff) -> str:
    def table(t: TableDiff) -> dict:
        return {"table": t.table, "added_columns": t.added_columns, "removed_columns": t.removed_columns,
                "counts": {k: t.count(k) for k in KINDS},
                "rows": [{"change": r.kind, "key": r.key, "old_key": r.old_key, "note": r.note,
                          "cells": [{"column": c.column, "old": c.old, "new": c.new} for c in r.cells],
                          "values": r.values if r.kind in ("added", "removed") else {}} for r in t.rows]}
    return json.dumps({"old": diff.old, "new": diff.new, "summary": summary(diff),
                       "tables": [table(t) for t in diff.tables if t.changed]}, ensure_ascii=False, indent=1)


def as_html(diff: Diff) -> str:
    """A standalone page: the summary, then daff's highlighted table per changed table."""
    sections = []
    css = ""
    for t in diff.tables:
        if not t.changed:
            continue
        render = daff.DiffRender()
        render.usePrettyArrows(False)
        render.render(t.daff_table)
        css = render.sampleCss()
        sections.append(f"<section><h2>{html.escape(t.table)}</h2><ul>"
                        + "".join(f"<li class='{r.kind}'>{html.escape(SIGNS[r.kind] + ' ' + describe(r))}</li>"
                                  for r in t.rows)
                        + f"</ul>{render.html()}</section>")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Table diff</title>"
            f"<style>{css}</style></head><body><h1>Table diff</h1><p>{html.escape(summary(diff))}</p>"
            + "".join(sections) + "</body></html>\n")
