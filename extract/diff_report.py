"""A table diff as text for a terminal, Markdown for a pull request, JSON, or an HTML page."""
from __future__ import annotations

import difflib
import html
import json

import daff

from .checks.common import show
from .diff import VOLATILE, Diff, RowChange, TableDiff

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


def markdown(diff: Diff) -> str:
    out = [f"**Table diff** `{diff.old}` → `{diff.new}`", "", summary(diff).split(": ", 1)[1], ""]
    for t in diff.tables:
        if not t.changed:
            continue
        out.append(f"### `{t.table}`")
        out.append("")
        for c in t.added_columns:
            out.append(f"- column added: `{c}`")
        for c in t.removed_columns:
            out.append(f"- column removed: `{c}`")
        if t.rows:
            out += ["| change | row | what |", "| --- | --- | --- |"]
            for change in t.rows:
                what = describe(change).split(": ", 1)[-1] if change.kind != "renamed" else describe(change)
                what = what.replace("|", "\\|").replace("\n", " ")
                out.append(f"| {change.kind} | `{key_label(change.key)}` | {what} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


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
