"""revision_changes: what changed in the data between consecutive revisions of a page.

Built from the revisions shipped in sources/revisions/ and the bundled copy (named, like the revisions, by its
date and commit), in date order, with the same keyed diff as `python -m extract diff`; one row per changed
cell, with the row's name and each revision's date and upstream address, so the site's "What changed" page
can tell every change as a sentence in the reader's language without reading a source again.
"""
from __future__ import annotations

from ..diff import diff_sides, side_of
from ..diff_report import line, line_markdown, records
from ..labels import Names
from .base import Field, Resource, Row, note_id, source_lang

RESOURCE = Resource(
    name="revision_changes",
    title="Changes between revisions",
    description="Row and cell changes of the tables between consecutive revisions of a source page.",
    fields=(Field("id", "string", "Stable id from the revisions, table, row key and column"),
            Field("doc", "string", "Document id"),
            Field("from_revision", "string", "Older revision: its date and commit (the revision's file name)"),
            Field("from_date", "string", "Date of the older revision (YYYY-MM-DD)"),
            Field("from_url", "string", "The older revision's page at its commit upstream"),
            Field("to_revision", "string", "Newer revision: its date and commit"),
            Field("to_date", "string", "Date of the newer revision (YYYY-MM-DD)"),
            Field("to_url", "string", "The newer revision's page at its commit upstream"),
            Field("to_bundled", "boolean", "True when the newer revision is the copy in sources/ the other tables come from"),
            Field("table", "string", "Table that changed"),
            Field("change", "string", "What happened to the row",
                  enum=("added", "removed", "changed", "renamed", "column-added", "column-removed")),
            Field("key", "string", "Row key, '/'-joined (for a rename: the new key)"),
            Field("old_key", "string", "Old row key of a renamed row"),
            Field("column", "string", "Changed column"),
            Field("old", "string", "Old value"),
            Field("new", "string", "New value"),
            Field("label", "string", "The row's name as written (a FAQ question), for rows the glossary does not name"),
            Field("summary", "string", "The change as one line, as `extract diff --format markdown` writes it"),
            Field("note", "string", "question changed, answer changed, ..."),
            Field("entry", "string", "FAQ entry the row belongs to, for linking")),
    primary_key=("id",),
)

SHOWN = ("faq", "response_times", "business_hours", "support_languages", "request_portals", "contact_portals",
         "licensing_support", "commitments")
# Where a revision of a page is upstream: the manifest's repository and path at the revision's commit.
REVISION_URL = "https://github.com/{repository}/blob/{commit}/{path}"


def revision_name(date: str, commit: str) -> str:
    """'2021-06-08_0d07a8da': a revision named as the files in sources/revisions/ are."""
    return f"{date}_{commit}" if commit else date


def revision_url(upstream: dict, name: str) -> str:
    """The page at the revision's commit (the part of its name after the date), if the manifest says where."""
    commit = name.partition("_")[2]
    if not (commit and upstream.get("repository") and upstream.get("path")):
        return ""
    return REVISION_URL.format(repository=upstream["repository"], commit=commit, path=upstream["path"])


def build(doc: str, revisions: list[tuple[str, str, dict]], upstream: dict | None = None) -> list[Row]:
    """revisions: (name, date, tables) in date order; upstream: the manifest's upstream of the document."""
    rows: list[Row] = []
    upstream = upstream or {}
    bundled = revision_name(str(upstream.get("date", "")), str(upstream.get("commit", "")))
    for (old_name, old_date, old), (new_name, date, new) in zip(revisions, revisions[1:]):
        diff = diff_sides(side_of(old_name, old), side_of(new_name, new))
        names = Names.from_tables({k: [*old.get(k, []), *new.get(k, [])] for k in ("glossary", "faq")},
                                  source_lang(new))   # a revision is of the original, in its language
        keys = diff.sides[1].keys
        base = {"doc": doc, "from_revision": old_name, "from_date": old_date,
                "from_url": revision_url(upstream, old_name), "to_revision": new_name, "to_date": date,
                "to_url": revision_url(upstream, new_name), "to_bundled": new_name == bundled}
        for record in records(diff, SHOWN):
            told = line(record, names, keys)
            rows.append({**base, **record, "summary": line_markdown(told) if told else ""})
    for row in rows:
        row["id"] = note_id(row["doc"], row["from_revision"], row["to_revision"], row["table"], row["change"],
                            row["key"], row["column"])
    return rows
