"""Helpers the checks share: table lookups by key."""
from __future__ import annotations

from collections import defaultdict

from ..tables.base import Row, of, original_lang, original_langs, originals, source_lang  # noqa: F401

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

