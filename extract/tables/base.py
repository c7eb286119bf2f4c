"""What every table builder shares: the schema description and the build context."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..glossary import Glossary, load_glossary
from ..model import Block, Document, Entry, ListItem, Table
from ..sentences import split_sentences  # noqa: F401  (the builders' sentence splitter)

Row = dict[str, Any]

# A table's files (Resource.formats; extract/writer.py writes and reads them, README "The data contract" says why):
CSV = "csv"            # for the tables people open in a spreadsheet
JSON = "json"          # plain JSON: read (tables written before JSON_GZ), no longer written
JSON_GZ = "json.gz"    # the rows as JSON, gzip-compressed: what the site, the checks, the diff and programs read
SPREADSHEET = (CSV, JSON_GZ)   # facts and findings: a CSV for a spreadsheet, compressed JSON for programs
RAW_MATERIAL = (JSON_GZ,)      # what the checks and the site read, that nobody opens as a sheet: written once


@dataclass(frozen=True)
class Field:
    name: str
    type: str            # Table Schema type: string, integer, boolean
    description: str
    enum: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    # Files written: compressed JSON for every table, and first a CSV for the tables people open in a spreadsheet.
    formats: tuple[str, ...] = SPREADSHEET

    def schema(self) -> dict:
        fields = []
        for f in self.fields:
            spec: dict[str, Any] = {"name": f.name, "type": f.type, "description": f.description}
            constraints: dict[str, Any] = {}
            if f.enum:
                constraints["enum"] = list(f.enum)
            if f.required or f.name in self.primary_key:
                constraints["required"] = True
            if constraints:
                spec["constraints"] = constraints
            fields.append(spec)
        return {"fields": fields, "primaryKey": list(self.primary_key)}


# Fields every row carries: where it comes from.
def provenance_fields() -> tuple[Field, ...]:
    return (
        Field("doc", "string", "Source document id (sources/manifest.yaml)", required=True),
        Field("entry", "string", "Language-independent id of the FAQ entry or section the row comes from"),
        Field("anchor", "string", "Upstream heading anchor of that section, in this language's page"),
        Field("line", "integer", "Line in the source file where the statement starts"),
    )


LANG = Field("lang", "string", "Language of the source text (BCP 47)", required=True)


def note_id(*parts: str) -> str:
    """A short stable id from the parts that identify a note or finding."""
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


@dataclass
class Note:
    """Something the extractor could not do with confidence; becomes a check finding."""
    lang: str
    doc: str
    entry: str
    line: int
    kind: str
    message: str

    def row(self) -> Row:
        return {"id": note_id(self.lang, self.doc, self.kind, self.entry, self.message),
                "lang": self.lang, "doc": self.doc, "entry": self.entry, "line": self.line,
                "kind": self.kind, "message": self.message}


@dataclass
class Context:
    """All parsed documents (English and aligned translations) and the notes gathered so far."""
    documents: list[Document]
    langs: tuple[str, ...]
    notes: list[Note] = field(default_factory=list)
    built: dict[str, list[Row]] = field(default_factory=dict)   # tables built so far, by resource name
    _entries: dict | None = field(default=None, repr=False)       # (doc, entry id) -> English entry
    _tables: list | None = field(default=None, repr=False)        # every table with its kind (tables_of_kind)
    glossary: Glossary = field(default_factory=load_glossary)
    source: str = ""   # the originals' language when the documents are one group of many (else found in them)

    def note(self, doc: Document, entry: Entry | str, line: int, kind: str, message: str) -> None:
        entry_id = entry if isinstance(entry, str) else entry.id
        self.notes.append(Note(doc.lang, doc.doc, entry_id, line, kind, message))

    @property
    def source_lang(self) -> str:
        """The language the originals are written in (the manifest's documents without `translates`)."""
        return self.source or next((d.lang for d in self.documents if is_original(d)), self.langs[0] if self.langs else "")

    def counterpart(self, doc: Document, entry: Entry) -> Entry | None:
        """The English entry a translated one was aligned with (indexed: called for every entry)."""
        if not entry.matched:
            return None
        if self._entries is None:
            self._entries = {(d.doc, e.id): e for d in self.documents if is_original(d) for e in d.entries}
        return self._entries.get((doc.doc, entry.id))


def is_original(doc: Document) -> bool:
    """A document in its original language (not a translation)."""
    return doc.lang == (doc.original_lang or doc.lang)


def states_business_hours(glossary: Glossary, text: str, lang: str) -> bool:
    """The text names business hours (the glossary term, in the text's language)."""
    return any(slug == "business-hours" for _, slug, _ in glossary.find_all("terms", text, lang))


def of(tables: dict[str, list[Row]], name: str, **match) -> list[Row]:
    """The rows of a table whose columns equal the given values.

    Filtered one column at a time, each a plain comprehension: the same rows in the same order as testing every
    column of every row with all(...), without a generator per row (the pair checks ask this of one group's
    tables about thirty times)."""
    rows = list(tables.get(name, []))
    for column, value in match.items():
        rows = [r for r in rows if r.get(column) == value]
    return rows


def original_langs(tables: dict[str, list[Row]]) -> dict[str, str]:
    """doc -> the language its original is written in (documents.original_lang)."""
    return {r["doc"]: r.get("original_lang") or r["lang"] for r in tables.get("documents", [])}


def original_lang(tables: dict[str, list[Row]], doc: str) -> str:
    return original_langs(tables).get(doc, "")


def source_lang(tables: dict[str, list[Row]]) -> str:
    """The language the originals are written in (the first original's: the manifest has one)."""
    return next((r["lang"] for r in tables.get("documents", []) if r["lang"] == (r.get("original_lang") or r["lang"])),
                "")


def originals(tables: dict[str, list[Row]], name: str, **match) -> list[Row]:
    """The rows of a table that come from an original (not a translation) whose columns equal the given values."""
    langs = original_langs(tables)
    return [r for r in of(tables, name, **match) if r.get("lang") == langs.get(r.get("doc"))]


def provenance(doc: Document, entry: Entry, line: int) -> Row:
    return {"doc": doc.doc, "entry": entry.id, "anchor": entry.anchor, "line": line}


def tables_of(entry: Entry) -> Iterator[tuple[int, Block, Table]]:
    n = 0
    for block in entry.blocks:
        if block.kind == "table" and block.table:
            yield n, block, block.table
            n += 1


def iter_items(items: list[ListItem]) -> Iterator[ListItem]:
    for item in items:
        yield item
        yield from iter_items(item.children)


def entry_sentences(entry: Entry) -> Iterator[tuple[int, str]]:
    """(line, sentence) for the prose of an entry: paragraphs, list items, notes."""
    for block in entry.blocks:
        texts: list[tuple[int, str]] = []
        if block.kind in ("paragraph", "note", "footnotes") and block.text:
            texts = [(block.line, block.text.plain)]
        elif block.kind == "list":
            texts = [(item.line or block.line, item.text.plain) for item in iter_items(block.items)]
            texts += [(note.line, note.text.plain) for item in iter_items(block.items) for note in item.notes
                      if note.text]
        for line, text in texts:
            for sentence in split_sentences(text):
                yield line, sentence


def header_columns(row: list, glossary: Glossary) -> list[str]:
    """Column slugs of a header row ('' for a cell that is no known column)."""
    out = []
    for cell in row:
        out.append(glossary.lookup("columns", cell.plain) or "")
    return out


def classify(table: Table, glossary: Glossary, lang: str) -> str:
    """What an original's table (in `lang`) holds, from its headers and first cells.

    Recognising tables by content instead of position lets revisions that
    moved, added or reshaped tables still yield rows; an unrecognised table is
    reported, not dropped silently.
    """
    if not table.rows:
        return ""
    head = table.rows[0]
    cols = set(header_columns(head, glossary))
    if {"severity", "response-time"} <= cols:
        return "response-times"
    if {"region", "local-hours"} <= cols:
        return "business-hours"
    if "support-portal" in cols:
        return "contact-portals"
    if sum(1 for c in head if glossary.lookup("plans", c.plain)) >= 2:
        return "request-portals"
    labelled = [c for c in head if c.plain]
    if labelled and all(glossary.find_all("languages", c.plain, lang) for c in labelled):
        return "support-languages"
    first = [row[0].plain for row in table.rows if row]
    if sum(1 for f in first if glossary.find_all("channels", f, lang)) >= 2:
        return "licensing"
    if sum(1 for f in first if glossary.lookup("plans", f.replace("/", " "), lang) or
           glossary.find_all("plans", f, lang)) >= 2 and all(len(r) == 2 for r in table.rows):
        return "plan-comparison"
    return ""


def tables_of_kind(ctx: Context, kind: str) -> Iterator[tuple[Document, Entry, Table, Table]]:
    """(document, entry, table, original's table) for every table of a kind, in every language."""
    if ctx._tables is None:   # every table's kind, found once: each fact table's builder asks for its kind
        ctx._tables = list(_classified(ctx))
    for doc, entry, table, en_table, found in ctx._tables:
        if found == kind:
            yield doc, entry, table, en_table


def _classified(ctx: Context) -> Iterator[tuple[Document, Entry, Table, Table, str]]:
    """(document, entry, table, original's table, its kind) for every table that has an original's table."""
    for doc in ctx.documents:
        for entry in doc.entries:
            english = entry if is_original(doc) else ctx.counterpart(doc, entry)
            if english is None:
                continue
            en_tables = {n: t for n, _, t in tables_of(english)}
            for n, _, table in tables_of(entry):
                en_table = en_tables.get(n)
                if en_table is not None:
                    yield doc, entry, table, en_table, classify(en_table, ctx.glossary, doc.original_lang or doc.lang)
