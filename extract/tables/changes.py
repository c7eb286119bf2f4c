"""revision_changes: what changed in the data between consecutive revisions of a page.

Built from the revisions shipped in sources/revisions/ and the current copy,
in date order, with the same keyed diff as `python -m extract diff`; the
site's "what changed" page reads this table.
"""
from __future__ import annotations

from ..checks.common import show
from ..diff import diff_sides, side_of
from ..diff_report import cell_change, describe
from .base import Field, Resource, Row, note_id

RESOURCE = Resource(
    name="revision_changes",
    title="Changes between revisions",
    description="Row and cell changes of the tables between consecutive revisions of a source page.",
    fields=(Field("id", "string", "Stable id from the revisions, table, row key and column"),
            Field("doc", "string", "Document id"),
            Field("from_revision", "string", "Older revision (file name, or 'current')"),
            Field("to_revision", "string", "Newer revision"),
            Field("to_date", "string", "Date of the newer revision (YYYY-MM-DD)"),
            Field("table", "string", "Table that changed"),
            Field("change", "string", "What happened to the row",
                  enum=("added", "removed", "changed", "renamed", "column-added", "column-removed")),
            Field("key", "string", "Row key, '/'-joined (for a rename: the new key)"),
            Field("old_key", "string", "Old row key of a renamed row"),
            Field("column", "string", "Changed column"),
            Field("old", "string", "Old value"),
            Field("new", "string", "New value"),
            Field("summary", "string", "The change in a line: old -> new, or the changed words of a long text"),
            Field("note", "string", "question changed, answer changed, ..."),
            Field("entry", "string", "FAQ entry the row belongs to, for linking")),
    primary_key=("id",),
)

SHOWN = ("faq", "response_times", "business_hours", "support_languages", "request_portals", "contact_portals",
         "licensing_support", "commitments")


def _key(key: dict | None) -> str:
    return "/".join(str(v) for k, v in (key or {}).items() if k not in ("lang", "doc") and v not in (None, ""))


def build(doc: str, revisions: list[tuple[str, str, dict]]) -> list[Row]:
    """revisions: (name, date, tables) in date order."""
    rows: list[Row] = []
    for (old_name, _, old), (new_name, date, new) in zip(revisions, revisions[1:]):
        diff = diff_sides(side_of(old_name, old), side_of(new_name, new))
        for t in diff.tables:
            if t.table not in SHOWN:
                continue
            base = {"doc": doc, "from_revision": old_name, "to_revision": new_name, "to_date": date, "table": t.table}
            for column in t.added_columns + t.removed_columns:
                kind = "column-added" if column in t.added_columns else "column-removed"
                rows.append({**base, "change": kind, "key": "", "old_key": "", "column": column, "old": "",
                             "new": "", "summary": f"{kind.replace('-', ' ')}: {column}", "note": "", "entry": ""})
            for change in t.rows:
                entry = change.values.get("entry") or change.values.get("id") or change.key.get("id") or ""
                summary = describe(change).split(": ", 1)[-1] if change.kind in ("added", "removed") else ""
                for cell in change.cells or [None]:
                    rows.append({**base, "change": change.kind, "key": _key(change.key),
                                 "old_key": _key(change.old_key), "column": cell.column if cell else "",
                                 "old": show(cell.old) if cell else (summary if change.kind == "removed" else ""),
                                 "new": show(cell.new) if cell else (summary if change.kind == "added" else ""),
                                 "summary": cell_change(cell.old, cell.new) if cell else summary,
                                 "note": change.note, "entry": str(entry)})
    for row in rows:
        row["id"] = note_id(row["doc"], row["from_revision"], row["to_revision"], row["table"], row["change"],
                            row["key"], row["column"])
    return rows
