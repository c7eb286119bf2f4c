"""The history stage: what changed between the shipped revisions of each original, after the tables are built.

Each revision in sources/revisions/ is parsed and built into tables like the bundled copy (the tables stage, one
document), then consecutive revisions are compared with the keyed diff, on the tables' schema. Two things come
out: the revision_changes table (one row per changed cell, with the row's name and each revision's date and
upstream address, so the site's "What changed" page tells every change in the reader's language without reading
a source again), and the revisions newer than the bundled copy, which the checks ask whether a translation
follows a later original (checks/skew.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import cache
from .diff import Schema, diff_sides, side_of
from .diff_report import line, line_markdown, records
from .docfx import parse_docfx
from .errors import read_text
from .labels import Names
from .limits import inside
from .manifest import Manifest
from .tables import RESOURCES, Tables, build_tables
from .tables.base import RAW_MATERIAL, Context, Field, Resource, Row, note_id, source_lang

RESOURCE = Resource(
    name="revision_changes",
    formats=RAW_MATERIAL,
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
# The tables of one revision, compared on the tables stage's own schema.
SCHEMA = Schema.of(resource for resource, _ in RESOURCES)


@dataclass(frozen=True)
class Revision:
    name: str      # '2021-06-08_0d07a8da': its date and commit
    date: str      # YYYY-MM-DD
    tables: Tables


@dataclass
class History:
    newer: list[tuple[str, Tables]] = field(default_factory=list)   # (name, tables) newer than the bundled copy
    changes: list[Row] = field(default_factory=list)                # rows of the revision_changes table


def revision_name(date: str, commit: str) -> str:
    """'2021-06-08_0d07a8da': a revision named as the files in sources/revisions/ are."""
    return f"{date}_{commit}" if commit else date


def revision_url(upstream: dict, name: str) -> str:
    """The page at the revision's commit (the part of its name after the date), if the manifest says where."""
    commit = name.partition("_")[2]
    if not (commit and upstream.get("repository") and upstream.get("path")):
        return ""
    return REVISION_URL.format(repository=upstream["repository"], commit=commit, path=upstream["path"])


def revisions_of(manifest: Manifest, sources: Path) -> dict[str, list[Revision]]:
    """Per original document: its shipped revisions built into tables, oldest first (cached by their bytes)."""
    out = {}
    for source in manifest.originals():
        folder = manifest.revisions.get(source.id)
        revisions = []
        for path in sorted((sources / folder).glob("*.md")) if folder else []:
            inside(sources, path.relative_to(sources).as_posix(), manifest.path, f"revisions.{source.id}")
            text = read_text(path)
            k = cache.key("revision", source.id, source.url, path.name, text.encode())
            tables = cache.load(k)
            if tables is None:
                document = parse_docfx(text, doc=source.id, lang=source.lang, path=str(path), base_url=source.url)
                document.role, document.original_lang = source.role.value if source.role else "", source.lang
                tables = build_tables(Context(documents=[document], langs=(source.lang,)))
                cache.store(k, tables)
            revisions.append(Revision(path.stem, path.name[:10], tables))
        out[source.id] = revisions
    return out


def only(tables: Tables, doc: str, lang: str) -> Tables:
    """The rows of one document in one language (rows of tables without doc or lang are kept)."""
    return {name: [r for r in rows if r.get("doc", doc) == doc and r.get("lang", lang) == lang]
            for name, rows in tables.items()}


def changes(doc: str, revisions: list[Revision], upstream: dict | None = None) -> list[Row]:
    """revision_changes rows between consecutive revisions (in date order); upstream: the manifest's upstream of
    the document."""
    rows: list[Row] = []
    upstream = upstream or {}
    bundled = revision_name(str(upstream.get("date", "")), str(upstream.get("commit", "")))
    for old, new in zip(revisions, revisions[1:]):
        diff = diff_sides(side_of(old.name, old.tables, SCHEMA), side_of(new.name, new.tables, SCHEMA))
        names = Names.from_tables({k: [*old.tables.get(k, []), *new.tables.get(k, [])] for k in ("glossary", "faq")},
                                  source_lang(new.tables))   # a revision is of the original, in its language
        base = {"doc": doc, "from_revision": old.name, "from_date": old.date,
                "from_url": revision_url(upstream, old.name), "to_revision": new.name, "to_date": new.date,
                "to_url": revision_url(upstream, new.name), "to_bundled": new.name == bundled}
        for record in records(diff, SHOWN):
            told = line(record, names, SCHEMA.keys)
            rows.append({**base, **record, "summary": line_markdown(told) if told else ""})
    for row in rows:
        row["id"] = note_id(row["doc"], row["from_revision"], row["to_revision"], row["table"], row["change"],
                            row["key"], row["column"])
    return rows


def newer_revisions(manifest: Manifest, revisions: dict[str, list[Revision]]) -> list[tuple[str, Tables]]:
    """(name, tables) of every original's revisions newer than its bundled copy, in the manifest's order."""
    return [(r.name, r.tables) for source in manifest.originals() for r in revisions.get(source.id, [])
            if r.date > str(source.upstream.get("date", ""))]


def history(manifest: Manifest, sources: Path, tables: Tables,
            revisions: dict[str, list[Revision]] | None = None) -> History:
    """The revisions of every original around its bundled copy (whose tables are `tables`).

    A translation made from a later revision of the original than our copy differs from the copy where the
    source changed: the checks get the revisions newer than the copy to tell that apart. `revisions`: those of
    revisions_of, when the caller read them already.
    """
    all_revisions = revisions_of(manifest, sources) if revisions is None else revisions
    out = History(newer=newer_revisions(manifest, all_revisions))
    for source in manifest.originals():
        revisions = all_revisions.get(source.id, [])
        since = str(source.upstream.get("date", ""))
        if revisions:
            copy = Revision(revision_name(since, str(source.upstream.get("commit", ""))), since,
                            only(tables, source.id, source.lang))
            timeline = sorted([*revisions, copy], key=lambda r: (r.date, r.name == copy.name))
            out.changes += changes(source.id, timeline, source.upstream)
    return out
