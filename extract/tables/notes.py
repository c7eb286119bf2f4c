"""extraction_notes: what the extractor could not do with confidence (the checks report these)."""
from __future__ import annotations

from collections.abc import Iterable

from .base import LANG, Context, Field, Resource, Row

KINDS = ("unmatched", "table-recovery", "include", "unrecognised", "conflict", "empty-answer")

RESOURCE = Resource(
    name="extraction_notes",
    title="Extraction notes",
    description="Content kept but not mapped with confidence: unmatched entries, uncertain table cells, "
                "unresolved includes, unrecognised or conflicting values.",
    fields=(Field("id", "string", "Stable id from language, document, kind, entry and message"),
            LANG,
            Field("doc", "string", "Source document id"),
            Field("entry", "string", "Entry id"),
            Field("line", "integer", "Line in the source file (0 when not tied to a line)"),
            Field("kind", "string", "What kind of note", enum=KINDS),
            Field("message", "string", "What was not done, for a person")),
    primary_key=("id",),
)


def rows_of(notes: Iterable[Row]) -> list[Row]:
    """Note rows, each id once (the first note with it)."""
    rows: dict[str, Row] = {}
    for row in notes:
        rows.setdefault(row["id"], row)
    return list(rows.values())


def build(ctx: Context) -> list[Row]:
    return rows_of(note.row() for note in ctx.notes)
