"""The site map: which pages exist in which language, their URLs, and how each is rendered.

Every page is made from the tables in content/data: one page per view and
language, plus one page per support plan. A page exists in a language only
when the tables have rows for it in that language; Pelican's translation
machinery (same slug = same translation id) links the languages.
"""
from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from isal import isal_zlib
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from . import catalog
from .catalog import N_
from extract.deadline import calendar_data
from extract.export import file_name as export_name
from extract.labels import NAME_COLUMNS, Names
from extract.manifest import Role
from extract.urls import safe_url
from extract.writer import column_rows, machine_file, read_bytes, row_chunks

from .html import answer_html
from .languages import language_name, languages, own_name
from .told import describe, long_date
from .units import response_time_text
from .viewmodels import (SHOWN_CLAIMS, DeadlineForm, Notice, ResponseOverview, RevisionStep, comparison, deadline_form,
                         listed_documents, notice, plan_page, plan_statements, portal_plans, response_overview,
                         revision_groups, revision_page, severity_counts, status_doc, status_sections, status_summary,
                         title_in, translation_status)
from .vocabulary import HiddenTerms

T = TypeVar("T")
VIEWS = Path(__file__).parent / "views"
# Table-backed topic pages: page key -> (view, table whose rows it shows, title msgid)
TOPICS = {
    "business-hours": ("business_hours", "business_hours", N_("Business hours")),
    "support-languages": ("support_languages", "support_languages", N_("Support languages")),
    "request-portals": ("request_portals", "request_portals", N_("Where to file a support request")),
    "licensing": ("licensing", "licensing_support", N_("Licensing support")),
}
STATIC = {
    "home": ("home", N_("Support Atlas")),
    "compare": ("compare", N_("Compare support plans")),
    "translation-status": ("status", N_("Translation status")),
    "data": ("data", N_("Data")),
    "changes": ("changes", N_("What changed")),
}
# A document's page by its role (documents.role; its key is documents.page): the support FAQ has an index with a
# page per section, the others one page each with their tables (view "doc"). A document of another role gets a
# plain FAQ page titled with its own title.
ROLE_PAGES = {Role.SUPPORT_FAQ.value: ("faq_index", N_("Support overview FAQ")),
              Role.LIFECYCLE_SERVICES.value: ("doc", N_("Lifecycle Services support")),
              Role.REGIONAL_OPERATOR.value: ("doc", N_("21Vianet support in China"))}
# Pages for the people who keep the documents and translations, grouped apart from the customers' topics.
# Pages for maintainers, not customers: grouped apart on the home page and in the menu, and out of the default
# search (the `audience` filter), searchable on purpose.
MAINTAINER_PAGES = ("translation-status", "changes", "data")
# The home page's groups that the menu and the breadcrumbs point to: (anchor on the home page, label msgid).
GROUPS = {"topics": N_("Topics"), "maintainers": N_("For maintainers")}
HOME_CRUMB = N_("Home")
TABLE_LABEL = N_("Table: %(columns)s")
# A page gets an "on this page" list from this many headings on; the home page is itself a directory.
OUTLINE_MIN_HEADINGS = 3
# Pages that grow with the data are split so each stays within the page-weight budget (50 KB of HTML, CSS and JS):
# the changes between revisions get pages per revision step of at most CHANGES_PAGE_CHARS of text (a line's
# texts plus LINE_MARKUP_CHARS, and WORD_MARKUP_CHARS per marked run of words), and each table's column
# descriptions a page of its own.
CHANGES_PAGE_CHARS = 16_000
LINE_MARKUP_CHARS = 160
WORD_MARKUP_CHARS = 12
# The translation status lists every finding on one page while the corpus has at most STATUS_PAGE_FINDINGS of them;
# with more, it is a summary (the counts, a row per document with findings, the findings of no document) and each
# document's findings are on a page of their own ('translation-status/<doc>'; a document's page is not split
# further). The bundled 44 findings make a 37.7 KiB page in the original's language (about 0.73 KiB per finding with
# its detail line, 5.6 KiB around them), with the 10.7 KiB of stylesheets and scripts it loads 48.3 KiB of the
# page-weight budget (50 KiB, tests/test_reading.py): three findings more still fit (50.5 KiB), a fourth would not.
# The setting ATLAS_STATUS_PAGE_FINDINGS overrides the number (tests split the bundled site with it).
STATUS_PAGE_FINDINGS = 47
STATUS_SETTING = "ATLAS_STATUS_PAGE_FINDINGS"
# The summary lists this many documents a page ('translation-status', then 'translation-status/documents/2', ...):
# a document's row is 0.11 to 0.17 KB (its title's length), the first page's counts and findings of no document about
# 14 KB, the stylesheets and scripts with the pager's 14.5 KB: 100 rows keep a summary page near 45 KB of the 50.
STATUS_SUMMARY_DOCUMENTS = 100
STATUS_DOC_TITLE = N_("Translation status: %(document)s")
# A plan's page shows what every document states about the plan (its response times with their translation notes,
# where to file, how to buy it, its services) while at most PLAN_PAGE_DOCUMENTS documents state something about it in
# any one language. The largest bundled plan page (one document, the support FAQ) is 11.6 KiB of HTML and, with the
# deadline calculator, loads 24.6 KiB of stylesheets and scripts: 36.1 KiB of the 50 KiB budget; each further
# document's statements add about 3.4 KiB (a copy of the FAQ: three response times with their notes, seven portals, two
# services), so five documents make 49.6 KiB and a sixth would not fit (52.9 KiB). With more documents the plan's page
# keeps what is about the plan as a whole (its names, its Lifecycle Services identifiers, the calculator) and what the
# support FAQ (DocPages.faq) states ("Not stated in this document." where it says nothing), and lists the other
# documents, each linked to the first of its answers that says something about the plan: their statements stay on
# their own pages, so a change to one document's rows rewrites no plan page (a page per plan and document, tried
# first, added 18 000 pages at N = 1000 and made every build slower). The setting ATLAS_PLAN_PAGE_DOCUMENTS overrides
# the number (tests split small sites with it).
PLAN_PAGE_DOCUMENTS = 5
PLAN_SETTING = "ATLAS_PLAN_PAGE_DOCUMENTS"
# A split plan page lists this many other documents ('plans/<plan>', then 'plans/<plan>/documents/2', ...): an entry
# is its link and the document's title, at most 0.15 KiB for a title of 80 characters: 64 of them add at most 9.6 KiB
# to the 36.1 KiB of the largest plan page, with the pager's links 46 KiB of the 50.
PLAN_LIST_DOCUMENTS = 64
# The columns of a plan's row its pages show (the rest, such as its fastest time over every document, would make a
# change to any document's rows write every page of the plan again).
PLAN_PAGE_COLUMNS = ("lang", "plan", "label", "names", "family")


@dataclass
class Spec:
    key: str
    view: str
    lang: str
    title: str
    extra: dict = field(default_factory=dict)


# String values up to this length (codes, labels, ids, dates: what rows repeat) are held once per table, however
# many rows have them; longer text is kept as read.
SHARED_VALUE_CHARS = 64


# Text longer than this (an FAQ answer's Markdown, a finding's message) is held zlib-compressed until a page reads
# its row: the FAQ answers alone were 70 MB of a large corpus's tables (N = 1000), a third of that compressed, and
# unpacking one on a read costs microseconds.
PACKED_TEXT_CHARS = 256
# ISA-L's zlib at its level 1: the size of the standard zlib's fastest level in a third of the time (N = 1000: the
# FAQ's 55 MB of answers packed to 27 MB in 0.5 s, not 1.3 s); the data is zlib's format, unpacked by zlib.
PACK_LEVEL = 1


class Packed:
    """A long text held compressed; str() gives it back (as a row made a dict does, and json.dumps(default=str),
    so a fingerprint hashes the text)."""
    __slots__ = ("data",)

    def __init__(self, text: str):
        self.data = isal_zlib.compress(text.encode("utf-8"), PACK_LEVEL)

    def __str__(self) -> str:
        return zlib.decompress(self.data).decode("utf-8")


class PackedColumns(tuple):
    """A stored row's columns when some of its values are Packed: `packed` names them."""
    packed: tuple[str, ...] = ()


class StoredRows(Sequence):
    """A table's rows held compactly: each row one tuple (its columns, then its values), the columns' tuple and
    short string values shared between rows, long text compressed (Packed). As dicts (a dict per row, a string per
    value) a large corpus's tables were most of the site stage's memory. A row is made a dict again when it is asked
    for, a new one each time, so no reader can change the stored table."""

    def __init__(self, rows: Iterable[dict] = ()):
        self._columns: dict[tuple, tuple] = {}
        self._shared: dict[str, str] = {}
        self._rows: list[tuple] = []
        self.extend(rows)

    def extend(self, rows: Iterable[dict]) -> None:
        columns, shared, stored = self._columns, self._shared, self._rows
        for row in rows:
            keys = tuple(row)
            values = [(shared.setdefault(v, v) if len(v) <= SHARED_VALUE_CHARS else
                       Packed(v) if len(v) > PACKED_TEXT_CHARS else v) if type(v) is str else v
                      for v in row.values()]
            packed = tuple(c for c, v in zip(keys, values) if type(v) is Packed)
            stored.append((self._packed_columns(keys, packed) if packed else columns.setdefault(keys, keys), *values))

    def _packed_columns(self, keys: tuple, packed: tuple) -> PackedColumns:
        found = self._columns.get((keys, packed))
        if found is None:
            found = self._columns[(keys, packed)] = PackedColumns(keys)
            found.packed = packed
        return found

    @classmethod
    def read(cls, folder: Path, name: str, columns: tuple[str, ...] | None = None) -> "StoredRows":
        """A table's rows (only `columns` of each, when given), stored as each chunk of the file is parsed
        (writer.row_chunks), so that a large table is never whole as dicts (read_rows' list); a bad file is a
        SourceError as read_rows gives it."""
        path = machine_file(folder, name)
        stored = cls()
        for chunk in row_chunks(read_bytes(path), path.name, str(path)):
            if columns:
                chunk = [{c: row[c] for c in columns if c in row} for row in chunk]
            stored.extend(safe_links(row) for row in chunk)
        return stored

    @staticmethod
    def as_dict(stored: tuple) -> dict:
        columns = stored[0]
        row = dict(zip(columns, islice(stored, 1, None)))
        if type(columns) is PackedColumns:
            for column in columns.packed:
                row[column] = str(row[column])
        return row

    @staticmethod
    def value(stored: tuple, column: str):
        """One column's value of a stored row (None when the row has no such column), long text unpacked."""
        columns = stored[0]
        if column not in columns:
            return None
        value = stored[columns.index(column) + 1]
        return str(value) if type(value) is Packed else value

    def select(self, columns: tuple[str, ...]) -> "Selected":
        """The rows as dicts of only these columns (those a row has), made as they are iterated: long text in other
        columns is not unpacked, and a large table's rows are not all made at once."""
        return Selected(self._rows, columns)

    def stored(self) -> list[tuple]:
        """The rows as stored (for an index, which keeps them as they are)."""
        return self._rows

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self.as_dict(row) for row in self._rows[i]]
        return self.as_dict(self._rows[i])

    def __iter__(self) -> Iterator[dict]:
        return map(self.as_dict, self._rows)


class Selected(Iterable):
    """Some columns of stored rows, each row a new dict as it is iterated (StoredRows.select); iterable again."""

    def __init__(self, rows: list[tuple], columns: tuple[str, ...]):
        self.rows, self.columns = rows, columns

    def __iter__(self) -> Iterator[dict]:
        value, columns = StoredRows.value, self.columns
        return ({c: value(stored, c) for c in columns if c in stored[0]} for stored in self.rows)


# The columns the site reads of a table whose other columns no page shows: the glossary's lists of where each term
# occurs are all but a few kilobytes of it (30 MB held at N = 1000); the site names values with its labels only
# (extract/labels.py Names). Every other table is held whole.
SITE_COLUMNS = {"glossary": ("lang", "category", "term", "label")}


class LazyTables(Mapping):
    """Table name -> rows, each table read from its JSON file when first asked for: the site reads a few of the
    tables, and the raw material (blocks, links) is most of the bytes."""

    def __init__(self, folder: Path, files: dict[str, str]):
        self.folder = folder
        self.files = files
        self.loaded: dict[str, StoredRows] = {}

    def __getitem__(self, name: str) -> StoredRows:
        if name not in self.loaded:
            self.loaded[name] = StoredRows.read(self.folder, name, SITE_COLUMNS.get(name))
        return self.loaded[name]

    def __contains__(self, name) -> bool:
        return name in self.files   # without reading the table (Mapping's would)

    def __iter__(self):
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)

    def columns(self, name: str, columns: tuple[str, ...]) -> list[tuple]:
        """Each row of a table as the tuple of these columns' values (None where it has none; addresses as
        safe_links leaves them), from the table when it is read already, else from its file without reading the
        rest of each row (writer.column_rows): the site map needs a few columns of tables most rebuilds never
        read whole."""
        if name in self.loaded and set(columns) <= set(SITE_COLUMNS.get(name, columns)):   # held with these columns
            value = StoredRows.value
            return [tuple(value(stored, c) for c in columns) for stored in self.loaded[name].stored()]
        path = machine_file(self.folder, name)
        rows = column_rows(read_bytes(path), path.name, str(path), columns)
        links = [n for n, c in enumerate(columns) if is_address_column(c)]
        return [tuple(safe_url(v) if n in links and isinstance(v, str) else v for n, v in enumerate(row))
                for row in rows] if links else rows


class Tables:
    """Read access to content/data, by table and language."""

    def __init__(self, folder: Path):
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        self.package = package
        self.data = LazyTables(folder, {r["name"]: r["json"] for r in package["resources"]})
        self._indexes: dict[tuple, dict[tuple, list[tuple]]] = {}
        self._primary_keys = {r["name"]: r["schema"].get("primaryKey", []) for r in package["resources"]}

    def rows(self, name: str, **match) -> list[dict]:
        """Rows whose columns equal the given values; an index per (table, columns) keeps lookups constant-time,
        which matters when thousands of documents are rendered. An object column (a finding's row `key`) matches
        the tuple of its values, in the key's column order."""
        return [StoredRows.as_dict(stored) for stored in self.stored(name, **match)]

    def stored(self, name: str, **match) -> list[tuple]:
        """The rows `rows` gives, as stored (StoredRows): what a fingerprint hashes, without making them dicts."""
        if name not in self.data:
            return []
        if not match:
            return self.data[name].stored()
        columns = tuple(sorted(match))
        index = self._indexes.get((name, columns))
        if index is None:
            index = {}
            value = StoredRows.value
            for stored in self.data[name].stored():
                index.setdefault(tuple(index_key(value(stored, c)) for c in columns), []).append(stored)
            self._indexes[(name, columns)] = index
        return index.get(tuple(index_key(match[c]) for c in columns), [])

    def exists(self, name: str, **match) -> bool:
        """Whether `rows` gives any row (none is made a dict: an FAQ row's answer is not unpacked to be counted)."""
        return bool(self.stored(name, **match))

    def langs(self, name: str, **match) -> list[str]:
        """The languages of the rows `rows` gives, in order, read from the stored rows (not made dicts); of a whole
        table, from its `lang` column alone (LazyTables.columns), so the site map does not read every topic's table."""
        if not match:
            langs = dict.fromkeys(lang for lang, in self.data.columns(name, ("lang",))) if name in self.data else {}
            return [lang for lang in langs if lang is not None]
        return list(dict.fromkeys(stored[stored[0].index("lang") + 1] for stored in self.stored(name, **match)))

    def primary_keys(self) -> dict[str, list[str]]:
        return self._primary_keys


@dataclass
class SiteNames(Names):
    """Names in the reader's language, with the tables (to read a translated row)."""
    tables: Tables | None = None


def name_rows(data: LazyTables) -> dict:
    """The tables Names.from_tables reads, with only the columns it reads (NAME_COLUMNS)."""
    return {name: data[name].select(columns) for name, columns in NAME_COLUMNS.items()}


def index_key(value):
    """A column value as an index key: an object as the tuple of its values, a list as a tuple."""
    if isinstance(value, dict):
        return tuple(value.values())
    return tuple(value) if isinstance(value, list) else value


def findings_match(entry: str, table: str, key: list) -> dict:
    """The findings query behind a document's findings about an answer (entry) or a table row (table and its key):
    what Renderer.findings_of reads, and what a changed finding is matched against (reuse.TableChanges)."""
    return {"entry": entry} if entry else {"kind": "cells", "table": table, "key": key}


def is_address_column(column: str) -> bool:
    """Whether a table's column holds addresses ('url', '*_url'), which the site links only when safe_url passes."""
    return column == "url" or column.endswith("_url")


def safe_links(row: dict) -> dict:
    """A row with every address column that is not http(s), mailto or relative emptied: the views link only what
    passes, and show the label alone otherwise."""
    for column, value in row.items():
        if is_address_column(column) and isinstance(value, str):
            row[column] = safe_url(value)
    return row


# A page key becomes folders of the site: words of letters, digits and hyphens, joined by '/'.
PAGE_KEY = re.compile(r"[\w-]+(?:/[\w-]+)*")


@lru_cache(maxsize=4)
def load_tables(folder: str) -> Tables:
    return Tables(Path(folder))


def path_of(key: str, lang: str, default_lang: str) -> str:
    """URL path of a page from the site root, e.g. 'nl/plans/premier/'."""
    base = "" if key == "home" else f"{key}/"
    return base if lang == default_lang else f"{lang}/{base}"


def relative(from_path: str, to_path: str) -> str:
    """A link from one page's URL path to another's, so the site works from any folder."""
    depth = len(PurePosixPath(from_path).parts) if from_path else 0
    return "../" * depth + to_path or "./"


@dataclass(frozen=True)
class DocPages:
    """Which page each document's entries are on and what the document is for, from the documents table's
    `page` and `role` columns (never from a document's id)."""
    pages: dict[str, str]
    roles: dict[str, str]
    faq: str   # the support FAQ (role support-faq): its page has a page per section, and takes what no document does

    @classmethod
    def from_tables(cls, tables: "Tables") -> "DocPages":
        rows = tables.rows("documents")
        roles = {r["doc"]: r["role"] for r in rows}
        faq = next((doc for doc, role in roles.items() if role == Role.SUPPORT_FAQ.value), "")
        return cls({r["doc"]: r["page"] or f"docs/{r['doc']}" for r in rows}, roles, faq)

    def page_of(self, doc: str) -> str:
        """The page key a document's entries are on (a finding about no one document, e.g. terminology: the FAQ)."""
        return self.pages.get(doc or self.faq, f"docs/{doc}")


def group_of(key: str) -> str:
    """The menu entry a page belongs to: faq, compare (with the plan pages), topics or maintainers."""
    first = key.split("/")[0]
    if key == "home":
        return ""
    if first == "faq":
        return "faq"
    if first in ("compare", "plans"):
        return "compare"
    return "maintainers" if first in MAINTAINER_PAGES else "topics"


@lru_cache(maxsize=4)
def stylesheet_classes(path: str) -> frozenset[str]:
    """The classes a stylesheet's selectors start with (in '.tables .scroll' that is 'tables', not 'scroll')."""
    css = re.sub(r"/\*.*?\*/", "", Path(path).read_text(encoding="utf-8"), flags=re.S)
    return frozenset(re.findall(r"(?:^|[{},(])\s*\.([A-Za-z][\w-]*)", css, flags=re.M))




def line_cost(line) -> int:
    """Characters a change line adds to its page: its texts plus the markup around them."""
    return LINE_MARKUP_CHARS + sum(len(text) for text in (line.row, line.old_row, line.old, line.new)) + \
        sum(len(text) + WORD_MARKUP_CHARS for _, text in line.words)


def line_ranges(lines: list) -> list[tuple[int, int | None]]:
    """(start, end) of consecutive lines that each fit a page; the last range is open, so every line is shown
    whatever the language's merging of lines."""
    ranges, start, size = [], 0, 0
    for i, line in enumerate(lines):
        if i > start and size + line_cost(line) > CHANGES_PAGE_CHARS:
            ranges.append((start, i))
            start, size = i, 0
        size += line_cost(line)
    return [*ranges, (start, None)]


def change_specs(tables: Tables, langs: list[str]) -> list[Spec]:
    """'changes' (each revision step summed up, per table) and the pages of each revision step with its changes
    ('changes/support-overview/2021-06-08_0d07a8da', then '/2', '/3' when one page would exceed the page-weight
    budget). Pages are cut on the lines in the original's language (the first); every language has the same pages."""
    title = STATIC["changes"][1]
    specs = [Spec("changes", "changes", lang, title, {"revision": None}) for lang in langs]
    names = Deferred(lambda: SiteNames.from_tables(name_rows(tables.data), langs[0], tables=tables))   # if any
    for group in revision_groups(tables, names):
        base = f"changes/{group.doc}/{group.id}"
        ranges = line_ranges(group.lines)
        keys = [base if n == 1 else f"{base}/{n}" for n in range(1, len(ranges) + 1)]
        for key, lines in zip(keys, ranges):
            specs += [Spec(key, "changes", lang, title, {"revision": {"doc": group.doc, "id": group.id,
                                                                        "lines": lines, "parts": keys}})
                      for lang in langs]
    return specs


def trail(key: str) -> list[tuple[str, str]]:
    """A page's breadcrumbs above its title, as (page key, anchor on that page): home, then its parents."""
    if key == "home":
        return []
    group, first = group_of(key), key.split("/")[0]
    if group in GROUPS:   # a part of a split page ('changes/2', 'data/faq') also leads back to its first page
        return [("home", ""), ("home", group)] + ([(first, "")] if key != first else [])
    plan = "/".join(key.split("/")[:2]) if first == "plans" else key   # a split plan's pages lead to the plan's page
    return [("home", "")] + ([(group, "")] if key != group else []) + ([(plan, "")] if plan != key else [])


# Whitespace between two tags, outside <pre> and <textarea> (where it is content).
INDENTATION = re.compile(r">\s+<")
VERBATIM = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.S)


def without_indentation(html: str) -> str:
    """The views' indentation between tags as one space or newline: a reader sees no difference, and long pages
    keep within their weight budget."""
    parts = VERBATIM.split(html)
    out = []
    for i, part in enumerate(parts):
        if i % 3 == 0:
            part = INDENTATION.sub(lambda m: ">\n<" if "\n" in m.group() else "> <", part)
        if i % 3 != 2:   # the split also returns the tag name group
            out.append(part)
    return "".join(out)




def document_specs(tables: Tables, langs: list[str], docs: DocPages) -> list[Spec]:
    """The pages of the documents, by role: the support FAQ's index and a page per section, a page for each other
    document in each language it has entries in; a second support FAQ, or a document of no known role, has its
    entries on one page titled as the document."""
    specs = []
    for doc, role in docs.roles.items():
        key, doc_langs = docs.page_of(doc), [l for l in langs if l in tables.langs("faq", doc=doc)]
        if role not in ROLE_PAGES or (ROLE_PAGES[role][0] == "faq_index" and doc != docs.faq):
            specs += [Spec(key, "faq", r["lang"], r["title"], {"doc": doc})
                      for r in tables.rows("documents", doc=doc) if r["lang"] in langs]
            continue
        view, title = ROLE_PAGES[role]
        specs += [Spec(key, view, lang, title, {"doc": doc, "role": role}) for lang in doc_langs]
        if view != "faq_index":
            continue
        for lang in doc_langs:   # a page per section
            for section_id, section in dict.fromkeys((r["section_id"], r["section"])
                                                     for r in tables.rows("faq", doc=doc, lang=lang) if r["section_id"]):
                specs.append(Spec(f"{key}/{section_id}", "faq", lang, section, {"doc": doc, "section": section_id}))
    return specs


def status_specs(tables: Tables, langs: list[str], limit: int = STATUS_PAGE_FINDINGS) -> list[Spec]:
    """'translation-status' with every finding, or, with more than `limit` findings, the summary (in parts of
    STATUS_SUMMARY_DOCUMENTS documents) and a page per document with findings (documents in the documents table's
    order, then any other a finding names first), titled with the document's title in the language (else the
    original's)."""
    title = STATIC["translation-status"][1]
    findings = tables.stored("findings")
    if len(findings) <= limit:
        return [Spec("translation-status", "status", lang, title) for lang in langs]
    titles: dict[str, dict[str, str]] = {}
    for row in tables.rows("documents"):
        titles.setdefault(row["doc"], {})[row["lang"]] = row["title"]
    named = set(findings_by_document(tables)) - {""}
    docs = [doc for doc in titles if doc in named]
    docs += sorted(named - set(docs))
    pages = {doc: f"translation-status/{doc}" for doc in docs}
    parts = range(0, len(docs), STATUS_SUMMARY_DOCUMENTS)
    keys = ["translation-status" if n == 1 else f"translation-status/documents/{n}" for n in range(1, len(parts) + 1)]
    specs = []
    for key, start in zip(keys, parts):
        shown = {doc: pages[doc] for doc in docs[start:start + STATUS_SUMMARY_DOCUMENTS]}
        specs += [Spec(key, "status", lang, title, {"status_pages": shown, "status_parts": keys}) for lang in langs]
    for doc, key in pages.items():
        specs += [Spec(key, "status", lang, catalog.translate(
            lang, STATUS_DOC_TITLE, document=title_in(titles.get(doc, {}), lang, langs[0], doc)[0]),
            {"status_doc": doc}) for lang in langs]
    return specs


def findings_by_document(tables: Tables) -> dict[str, list[tuple]]:
    """The findings (as stored) by the document the status pages list them under (status_doc), in the table's
    order."""
    by_doc: dict[str, list[tuple]] = {}
    for stored in tables.stored("findings"):
        by_doc.setdefault(status_doc({"docs": StoredRows.value(stored, "docs")}), []).append(stored)
    return by_doc


# The tables whose rows say something about a plan, in the order a plan page shows them (response times, where to
# file, claims): a listed document is linked to the first of its rows.
PLAN_STATEMENTS = ("response_times", "request_portals", "plan_claims")


def plan_documents(tables: Tables) -> dict[tuple[str, str], dict[str, str]]:
    """(plan, language) -> the documents that state something about the plan in the language (a response time, a
    portal of the plan or of its family, a claim a plan page shows), each with the entry of its first such row in the
    order a plan page shows them (plan_statements: PLAN_STATEMENTS' order, the plan's portals before its family's),
    in the documents table's order (then any other, sorted)."""
    stating: dict[tuple[str, str, str], dict[str, str]] = {}   # (table, plan, language) -> document -> first entry
    for name in PLAN_STATEMENTS:
        for lang, plan, doc, entry, claim in tables.data.columns(name, ("lang", "plan", "doc", "entry", "claim")):
            if (SHOWN_CLAIMS[0] if claim is None else claim) in SHOWN_CLAIMS:   # a table without claims: shown
                stating.setdefault((name, plan, lang), {}).setdefault(doc, entry)
    order = {doc: n for n, doc in enumerate(dict.fromkeys(r["doc"] for r in tables.rows("documents")))}
    out = {}
    for row in tables.rows("plans"):
        first: dict[str, str] = {}
        for name in PLAN_STATEMENTS:
            for plan in portal_plans(row) if name == "request_portals" else (row["plan"],):
                for doc, entry in stating.get((name, plan, row["lang"]), {}).items():
                    first.setdefault(doc, entry)
        out[(row["plan"], row["lang"])] = {doc: first[doc] for doc in
                                          sorted(first, key=lambda doc: (order.get(doc, len(order)), doc))}
    return out


def plan_specs(tables: Tables, langs: list[str], primary: str, limit: int = PLAN_PAGE_DOCUMENTS) -> list[Spec]:
    """A page per plan and language ('plans/<plan>') with what every document states about the plan, or, where more
    than `limit` documents state something about it in a language, with what the primary document (the support FAQ)
    states and a list of the others, each linked to its first answer about the plan (in parts of
    PLAN_LIST_DOCUMENTS: 'plans/<plan>', then 'plans/<plan>/documents/<n>')."""
    stating = plan_documents(tables)
    specs = []
    for plan in dict.fromkeys(r["plan"] for r in tables.rows("plans")):
        rows = [{c: r[c] for c in PLAN_PAGE_COLUMNS} for r in tables.rows("plans", plan=plan) if r["lang"] in langs]
        key = f"plans/{plan}"
        if all(len(stating[(plan, r["lang"])]) <= limit for r in rows):
            specs += [Spec(key, "plan", r["lang"], r["label"], {"plan": r, "stated_in": list(stating[(plan, r["lang"])])})
                      for r in rows]
            continue
        for row in rows:
            lang = row["lang"]
            others = [[doc, entry] for doc, entry in stating[(plan, lang)].items() if doc != primary]
            parts = range(0, max(len(others), 1), PLAN_LIST_DOCUMENTS)
            keys = [key if n == 1 else f"{key}/documents/{n}" for n in range(1, len(parts) + 1)]
            specs += [Spec(part, "plan", lang, row["label"], {
                "plan": row, "stated_in": [primary] if part == key and primary else [],
                "listed": others[start:start + PLAN_LIST_DOCUMENTS], "plan_parts": keys})
                for part, start in zip(keys, parts)]
    return specs


def site_map(tables: Tables, langs: list[str], status_limit: int = STATUS_PAGE_FINDINGS,
             plan_limit: int = PLAN_PAGE_DOCUMENTS) -> list[Spec]:
    specs = []
    site_langs = [l for l in langs if l in tables.langs("documents")]
    for key, (view, title) in STATIC.items():
        if key == "changes":
            specs += change_specs(tables, site_langs)
        elif key == "translation-status":
            specs += status_specs(tables, site_langs, status_limit)
        else:
            specs += [Spec(key, view, lang, title) for lang in site_langs]
    for resource in tables.package["resources"]:   # a page per table with its columns' descriptions
        specs += [Spec(f"data/{resource['name']}", "data", lang, resource["title"], {"resource": resource})
                  for lang in site_langs]
    for key, (view, table, title) in TOPICS.items():
        present = tables.langs(table)
        specs += [Spec(key, view, lang, title) for lang in langs if lang in present]
    docs = DocPages.from_tables(tables)
    specs += document_specs(tables, langs, docs)
    specs += plan_specs(tables, langs, docs.faq, plan_limit)
    return specs


@lru_cache(maxsize=4)
def site_pages(folder: str, status_limit: int = STATUS_PAGE_FINDINGS,
               plan_limit: int = PLAN_PAGE_DOCUMENTS) -> tuple[list[str], list[Spec]]:
    """The languages and the site map of the tables in a folder, made once for the pages and the instant answers."""
    tables = load_tables(folder)
    langs = languages(tables.rows("documents"))
    return langs, site_map(tables, langs, status_limit, plan_limit)


def _whole_number(settings: dict, name: str, default: int) -> int:
    """A Pelican setting that is a whole number (else `default`); another value is a one-line error naming it."""
    value = settings.get(name, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"setting {name} is '{value}', not a whole number") from None


def status_limit(settings: dict) -> int:
    """The number of findings the translation status lists on one page (STATUS_SETTING, else STATUS_PAGE_FINDINGS)."""
    return _whole_number(settings, STATUS_SETTING, STATUS_PAGE_FINDINGS)


def plan_limit(settings: dict) -> int:
    """The number of documents whose statements a plan's page shows (PLAN_SETTING, else PLAN_PAGE_DOCUMENTS)."""
    return _whole_number(settings, PLAN_SETTING, PLAN_PAGE_DOCUMENTS)


class Renderer:
    """Renders a Spec's view with the helpers every view uses."""

    def __init__(self, tables: Tables, settings: dict, specs: list[Spec]):
        self.tables = tables
        self.settings = settings
        self.langs = languages(tables.rows("documents"))
        self.default = self.langs[0]   # the original's language, at the site's root
        self.docs = DocPages.from_tables(tables)
        self.available = {(s.key, s.lang) for s in specs}
        self.titles = {(s.key, s.lang): s.title for s in specs}
        self.sections = {r["id"]: r["section_id"] for r in tables.rows("faq", doc=self.docs.faq) if r["section_id"]}
        self.env = Environment(loader=FileSystemLoader(VIEWS), autoescape=select_autoescape(["html"]),
                               trim_blocks=True, lstrip_blocks=True)
        catalog.install(self.env)
        self._values: dict[tuple[str, str], Any] = {}   # (kind, language) -> a value made once (_made)
        self._findings: dict[tuple, dict[str, list[tuple]]] = {}   # findings_of's query -> document -> its findings
        self.hidden_terms = HiddenTerms(tables, self.default)
        self.raw = getattr(tables, "tables", tables)   # the tables without recording (reuse.ReadLog wraps them)

    def url(self, key: str, lang: str) -> str:
        return path_of(key, lang, self.default)

    def target(self, key: str, lang: str, anchor: str = "") -> str:
        """Path from the site root of a page (and anchor) in a language, or in the default language when the
        page does not exist in that one; an FAQ answer lives on its section's page."""
        if key == self.docs.page_of(self.docs.faq) and anchor:
            section = self.sections.get(anchor)
            key = f"{key}/{section}" if section else key
        if (key, lang) not in self.available:
            lang = self.default
        return self.url(key, lang) + (f"#{anchor}" if anchor else "")

    def render(self, spec: Spec) -> str:
        here = self.url(spec.key, spec.lang)
        lang = spec.lang
        tables = self.tables

        def link(key: str, anchor: str = "", in_lang: str | None = None) -> str:
            path, _, fragment = self.target(key, in_lang or lang, anchor).partition("#")
            return relative(here, path) + (f"#{fragment}" if fragment else "")

        def asset(path: str) -> str:
            """A file of the site outside the language folders (data downloads)."""
            return relative(here, path)

        def entry_link(doc: str, entry: str) -> str:
            """The entry's answer in this language if it has one there, else in the language that has it."""
            found = tables.langs("faq", doc=doc, id=entry)
            return link(self.page_of(doc), entry, lang if lang in found or not found else found[0])

        def source(row: dict) -> str:
            """Link to the FAQ answer or document section a row comes from."""
            return link(self.page_of(row.get("doc", "")), row.get("entry") or row.get("id", ""))

        table_label = catalog.translations(lang).gettext(TABLE_LABEL)   # filled per table by answer_html
        plan_names: list = []   # read on the first answer: a page without answers does not depend on the plans

        def answer(md: str) -> str:
            if not plan_names:
                plan_names.append(self.plan_names(lang, here))
            return answer_html(md, plan_names[0], table_label)

        names = Deferred(lambda: self.names(lang))   # made (and read) only when the page names something

        def notices(entry: str = "", table: str = "", row: dict | None = None, doc: str = "") -> list[Notice]:
            # A page shows the findings about its own language: the original's page every translation's.
            return [notice(tables, f, describe(f, lang, names), lang, self.default)
                    for f in self.notices(doc or self.docs.faq, entry, table, row) if lang in (f["lang_a"], f["lang_b"])]

        template = self.env.get_template(f"{spec.view}.html")
        def title_of(key: str) -> str:
            return catalog.translate(lang, self.titles.get((key, lang)) or self.titles.get((key, self.default), key))

        html = template.render(
            lang=lang, spec=spec, page_key=spec.key, tables=tables, available=self.available,
            default_lang=self.default, original=self.default, faq_page=self.page_of(""),
            languages={code: own_name(code) for code in self.langs},
            topic_pages=self.topic_pages(),
            other_documents=lambda: [d for d in tables.rows("documents", lang=lang)
                                     if self.docs.roles.get(d["doc"]) not in ROLE_PAGES],
            rows=lambda name, **m: tables.rows(name, lang=lang, **m),
            link=link, asset=asset, source=source, entry_link=entry_link, title_of=title_of,
            answer=answer, notices=notices, describe=lambda f: describe(f, lang, names), names=names,
            stated_times=lambda row: [response_time_text(int(m), lang) for m in row["stated_minutes"].split(";")],
            deadline=lambda: self.deadline(lang), page_of=self.page_of, type_names=TYPE_NAMES,
            response_time=lambda minutes: response_time_text(minutes, lang), maintainer_pages=MAINTAINER_PAGES,
            comparison=lambda: comparison(tables, lang), translation_status=lambda: translation_status(tables, lang),
            status_summary=lambda pages: status_summary(
                tables, lang, self.default, pages, self.status_counts, self.status_counts(),
                self.status_findings("") if spec.key == "translation-status" else []),
            document_status=lambda doc: status_sections(self.status_findings(doc), lang), status_page=self.status_page,
            plan_page=lambda plan: plan_page(tables, lang, self.default, plan),
            plan_statements=lambda plan, docs: plan_statements(tables, lang, plan, docs),
            listed_documents=lambda pages: listed_documents(tables, lang, self.default, pages),
            response_overview=lambda: self.overview(lang),
            language_name=lambda code: language_name(code, lang),
            upstream=Upstream(tables, lang),
            export_name=export_name, revisions=lambda: self.revisions(lang),
            revision_page=lambda revision: revision_page(tables, self.revisions(lang), revision),
            long_date=lambda value: long_date(value, lang),
            # Text from the tables' definitions through the catalog, still escaped (`_()` marks its result safe).
            translated=lambda message: catalog.translate(lang, message),
            **spec.extra)
        html, anchors = self.hidden_terms.place(html, lang, spec.key)
        _note(self.tables, "terms", lang, spec.key, anchors)
        return html

    def _made(self, kind: str, lang: str, make: Callable[[], T]) -> T:
        """A value made once per language from whole tables and kept between pages. A page that uses it records one
        read of the value (`derived` gives it for the fingerprint), not of the tables it is made from: a
        changed row makes the page again only when it changes the value."""
        _note(self.tables, kind, lang)
        if (kind, lang) not in self._values:
            with _unrecorded(self.tables):
                self._values[(kind, lang)] = make()
        return self._values[(kind, lang)]

    def names(self, lang: str) -> SiteNames:
        """Rows, columns and values named in the language, from the tables and the catalog."""
        return self._made("names", lang, lambda: SiteNames.from_tables(
            name_rows(self.tables.data), lang, translate=lambda message: catalog.translate(lang, message),
            duration=lambda minutes: response_time_text(minutes, lang), tables=self.tables))

    def page_of(self, doc: str) -> str:
        return self.docs.page_of(doc)

    def topic_pages(self) -> list[str]:
        """The home page's topic cards: the support FAQ, the comparison, the topic pages, then the pages of the
        documents of a known role (the documents of another role follow as other_documents)."""
        documents = [self.docs.page_of(doc) for doc, role in self.docs.roles.items()
                     if role in ROLE_PAGES and doc != self.docs.faq]
        return [self.page_of(""), "compare", *TOPICS, *documents]

    def revisions(self, lang: str) -> list[RevisionStep]:
        """The "What changed" pages' content in the language."""
        # The names are made (from the FAQ, glossary and documents) only when there are changes to tell.
        return self._made("revisions", lang, lambda: revision_groups(self.tables, Deferred(lambda: self.names(lang))))

    def deadline(self, lang: str) -> DeadlineForm:
        """The deadline calculator's choices (on every plan page and the comparison), from every response time."""
        return self._made("deadline", lang, lambda: deadline_form(self.tables, lang))

    def overview(self, lang: str) -> ResponseOverview:
        """The home page's table of initial response times, from every response time."""
        return self._made("overview", lang, lambda: response_overview(self.tables, lang))

    def crumbs(self, spec: Spec) -> list[dict]:
        """Breadcrumbs as {title, url from the site root}, in the page's language where the parent has one."""
        out = []
        for key, anchor in trail(spec.key):
            target = spec.lang if (key, spec.lang) in self.available else self.default
            title = GROUPS[anchor] if anchor else (HOME_CRUMB if key == "home" else self.titles.get((key, target), key))
            out.append({"title": catalog.translate(spec.lang, title),
                        "url": self.url(key, target) + (f"#{anchor}" if anchor else "")})
        return out

    def plan_names(self, lang: str, here: str) -> list[tuple[str, str]]:
        """(name as written, link) of plans with a page, longest first; a one-word name only where it names the plan
        alone (plans.named_alone), not a common word."""
        out = {}
        for row in self.tables.rows("plans", lang=lang):
            for name in row["names"].split(";"):
                if name and (" " in name or row["named_alone"]) and "/" not in name:
                    out.setdefault(name, relative(here, self.url(f"plans/{row['plan']}", lang)))
        return sorted(out.items(), key=lambda item: -len(item[0]))

    def notices(self, doc: str, entry: str, table: str, row: dict | None) -> list[dict]:
        """Translation findings about an answer (entry) or a table row's cells (table and the row) of a document:
        a cell finding's `key` holds the row's primary-key values without doc and lang. Recorded as one read of
        the document's findings (an entry id or a row key is shared by every copy of a document)."""
        key = [] if entry else [row[c] for c in self.raw.primary_keys()[table] if c not in ("doc", "lang")]
        _note(self.tables, "notices", doc, entry, table, key)
        return self.findings_of(doc, entry, table, key)

    def findings_of(self, doc: str, entry: str, table: str, key: list) -> list[dict]:
        """The findings a notice shows (not for information, not about the originals), in the table's order. A
        query's candidates are the findings about the entry or row in every document that has it (thousands in a
        large corpus, asked for again by every copy's row): they are sorted by document once per query and kept,
        not scanned again for each document that asks, and made dicts per call."""
        query = (entry, table, tuple(map(index_key, key)))
        by_doc = self._findings.get(query)
        if by_doc is None:
            by_doc = self._findings[query] = {}
            value = StoredRows.value
            for f in self.raw.stored("findings", **findings_match(entry, table, key)):
                if value(f, "severity") != "info" and value(f, "cause") != "upstream":
                    for named in dict.fromkeys(value(f, "docs").split(";")):
                        by_doc.setdefault(named, []).append(f)
        return [StoredRows.as_dict(f) for f in by_doc.get(doc, [])]

    def status_page(self, doc: str) -> str:
        """The status page that lists a document's findings: its own when the status is split, else the one page."""
        key = f"translation-status/{doc}"
        return key if doc and (key, self.default) in self.available else "translation-status"

    @cached_property
    def _status_rows(self) -> dict[str, list[tuple]]:
        return findings_by_document(self.raw)

    def status_findings(self, doc: str) -> list[dict]:
        """A document's findings as its status page lists them, recorded as one read ("status", doc) that only a
        changed finding of that document touches (reuse.Fingerprints), not as a read of the whole findings table."""
        _note(self.tables, "status", doc)
        return self._status_of(doc)

    def _status_of(self, doc: str) -> list[dict]:
        return [StoredRows.as_dict(stored) for stored in self._status_rows.get(doc, [])]

    def status_counts(self, doc: str | None = None) -> list[int]:
        """A document's findings per severity (None: the corpus's), as the status summary shows them, recorded as
        that value ("status-counts", doc): a summary page is made again when a count it shows changes, not
        whenever a finding does."""
        _note(self.tables, "status-counts", doc)
        return self._counts_of(doc)

    def _counts_of(self, doc: str | None) -> list[int]:
        value = StoredRows.value
        stored = self.raw.stored("findings") if doc is None else self._status_rows.get(doc, [])
        return severity_counts(value(f, "severity") for f in stored)

    def derived(self, kind: str, *args) -> object:
        """The value behind a read other than a table query (reuse.Fingerprints hashes it): the per-language names,
        revision summaries, deadline form and response-time overview as made, a document's findings about a row or
        on its status page, a page's hidden search words, the data package. Equal values give equal pages, whatever
        else changed in the tables they are made from."""
        if kind == "names":
            names = self.names(args[0])
            return [names.lang, names.source_lang, sorted(names.glossary.items()), sorted(names.questions.items()),
                    sorted(names.own)]
        if kind == "revisions":
            return [asdict(step) for step in self.revisions(args[0])]
        if kind == "deadline":
            return asdict(self.deadline(args[0]))
        if kind == "overview":
            return asdict(self.overview(args[0]))
        if kind == "notices":
            return self.findings_of(*args)
        if kind == "terms":
            return self.hidden_terms.page_words(*args)
        if kind == "status":
            return self._status_of(*args)
        if kind == "status-counts":
            return self._counts_of(*args)
        if kind == "package":
            return self.raw.package
        raise ValueError(f"unknown read '{kind}'")


class Upstream:
    """Document -> its published page in the language (`upstream.get(doc, '')`), read per document, so a page
    depends on the documents it links to, not on every document."""

    def __init__(self, tables, lang: str):
        self.tables = tables
        self.lang = lang

    def get(self, doc: str, default: str = "") -> str:
        found = self.tables.rows("documents", lang=self.lang, doc=doc)
        return found[0]["url"] if found else default


class Deferred:
    """A value made on first use: a page that never uses it does not read what it is made from."""

    def __init__(self, make):
        self._make = make
        self._value = None

    def __getattr__(self, name: str):
        if self._value is None:
            self._value = self._make()
        return getattr(self._value, name)


def _note(tables, *read) -> None:
    """Tell a recording reader (reuse.ReadLog) that the page uses a value made once per language and kept."""
    note = getattr(tables, "note", None)
    if note:
        note(*read)


def _unrecorded(tables):
    """Reads a recording reader does not record (reuse.ReadLog.paused): they make a value the page records whole."""
    return getattr(tables, "paused", nullcontext)()


# Table Schema types as the data page names them.
TYPE_NAMES = {"string": N_("text"), "integer": N_("whole number"), "boolean": N_("yes or no"), "number": N_("number"),
              "object": N_("JSON object")}


def write_calendar(settings: dict, years: list[int]) -> None:
    """data/deadline.json: what the in-browser deadline calculator needs, from the tables and holidays."""
    tables = load_tables(str(Path(settings.get("ATLAS_DATA", "content/data")).resolve()))
    out = Path(settings["OUTPUT_PATH"]) / "data" / "deadline.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(calendar_data(tables.data, years), ensure_ascii=False), encoding="utf-8")
