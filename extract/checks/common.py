"""Helpers the checks share: table lookups by key."""
from __future__ import annotations

from collections import defaultdict

from ..tables.base import Row, of  # noqa: F401  (the checks' row filter)

Tables = dict[str, list[Row]]


def by_key(rows: list[Row], key: tuple[str, ...]) -> dict[tuple, Row]:
    return {tuple(r[k] for k in key): r for r in rows}


def group(rows: list[Row], *fields: str) -> dict[tuple, list[Row]]:
    out: dict[tuple, list[Row]] = defaultdict(list)
    for r in rows:
        out[tuple(r[f] for f in fields)].append(r)
    return out


def show(value) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def original_langs(tables: Tables) -> dict[str, str]:
    """doc -> the language its original is written in (documents.original_lang)."""
    return {r["doc"]: r.get("original_lang") or r["lang"] for r in tables.get("documents", [])}


def original_lang(tables: Tables, doc: str) -> str:
    return original_langs(tables).get(doc, "")


def source_lang(tables: Tables) -> str:
    """The language the originals are written in (the first original's: the manifest has one)."""
    return next((r["lang"] for r in tables.get("documents", []) if r["lang"] == (r.get("original_lang") or r["lang"])),
                "")


def originals(tables: Tables, name: str, **match) -> list[Row]:
    """The rows of a table that come from an original (not a translation) whose columns equal the given values."""
    langs = original_langs(tables)
    return [r for r in of(tables, name, **match) if r.get("lang") == langs.get(r.get("doc"))]
