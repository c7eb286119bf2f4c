"""Incremental page writing: what each page was made from, so a rebuild writes only the pages whose inputs changed.

While a page is rendered, ReadLog records every read of the tables (each `rows`/`langs` query, and the values
the renderer makes from whole tables and keeps between pages: a language's names, revision summaries, deadline
form and response-time overview, a document's status findings, the status counts). The page's fingerprint is a hash of
the results of those reads, its spec, the site-wide inputs (the site map with its titles, the languages, each
document's page and role, the FAQ's sections, the settings the theme prints) and the code version (plugin, theme,
catalogs, extract/). Values the renderer makes from whole tables (the names of a language, the revision summaries, a
page's hidden search words, a document's findings about a row or on its status page) are read as the value made,
not as the tables, so a changed row rewrites only the pages that show it.
`.atlas-pages.json` in the output folder keeps, per page file (and per language's instant answers file), the
fingerprint and the reads. With the setting
ATLAS_REUSE, a page whose file is there and whose reads give the same fingerprint on the new tables is neither
rendered nor written: rendering is a function of what was read, so equal reads give an equal page.
A read is kept as its JSON text (a short string) from the moment it is recorded: a large site's pages make tens of
thousands of reads, which as parsed lists were a good part of the site stage's memory.

`.atlas-reads.json` keeps the hash of every read of those pages, the site-wide hash and each table file's sha256. A
rebuild (ATLAS_PREVIOUS: the previous site, whose data/ holds the tables it was made from) takes a read's hash from
there, without reading the tables, unless the read may have changed (TableChanges): a table query is re-read when
a row that differs between the previous table and the new one matches it (the rows of a table file are its lines:
lines common to both files in the same order give every query on the others the same rows in the same order); a
document's findings likewise (about a row, or those its status page lists: a changed finding listed under that
document); a value the renderer makes from whole tables is made again unless the columns it is made from are the
same in every row (DERIVED_FROM: a page's hidden search words, a language's names). So a one-document change reads
the changed rows' pages, not the whole corpus.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from extract.labels import NAME_COLUMNS
from extract.writer import UNIT_ERRORS, table_units, unit_texts

from .site import findings_match, index_key, safe_links
from .viewmodels import status_doc

LEDGER = ".atlas-pages.json"
READS = ".atlas-reads.json"
# Folders whose files make the pages: a change to any of them changes every page's fingerprint.
CODE_FOLDERS = ("plugins/atlas_site", "theme", "extract")
CODE_SUFFIXES = (".py", ".html", ".po", ".css", ".js", ".yaml")
# Settings the theme prints or the pages' links depend on (not the output folder, which differs per build).
PAGE_SETTINGS = ("SITENAME", "SITEURL", "UPSTREAM", "RELATIVE_URLS", "SITEMAP_BASE", "DEFAULT_LANG", "THEME")
# ("rows", table, ((column, value), ...)), or a value the renderer makes (Renderer.derived): ("names", lang),
# ("revisions", lang), ("deadline", lang), ("overview", lang), ("notices", doc, entry, table, key),
# ("terms", lang, page key, anchors), ("package",), ("status", doc): the findings a document's status page lists,
# ("status-counts", doc or None): a document's (or the corpus's) findings per severity
Read = tuple
# A read as recorded and kept: its JSON text (read_key).
ReadKey = str
# A read's JSON text parsed as json.loads parses it, three times as fast (a large site's rebuild parses 150 000).
_DECODE_READ = msgspec.json.Decoder().decode
# Values the renderer makes (Renderer.derived) from these columns of these tables (None: every column) and from
# nothing else the site-wide hash does not cover: such a read keeps its previous hash while those columns are the
# same in every row, in the same order (TableChanges.same_columns: a row added, removed or moved makes it again).
# A page's hidden search words (vocabulary.HiddenTerms) are made from the vocabulary and the old questions of the
# revisions; a language's names from the columns NAME_COLUMNS gives Names (a changed answer or response time leaves
# them as they were). Every page reads them, and a one-document change made them all again. Values not named here
# are made again on every rebuild.
DERIVED_FROM: dict[str, dict[str, tuple[str, ...] | None]] = {
    "terms": {"search_terms": None, "revision_changes": None},
    "names": NAME_COLUMNS,
}


def _hash(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def read_key(read: Read | list) -> ReadKey:
    """A read's JSON text, the same for the read as recorded and as loaded back from the ledger."""
    return json.dumps(read, ensure_ascii=False, separators=(",", ":"))


class ReadLog:
    """The tables as the renderer reads them, each query recorded for the page being rendered."""

    def __init__(self, tables):
        self.tables = tables
        self.data = tables.data
        self._reads: set[ReadKey] | None = None
        self._paused = 0

    def start(self) -> None:
        self._reads = set()

    def stop(self) -> list[ReadKey]:
        reads, self._reads = self._reads or set(), None
        return sorted(reads)

    def note(self, *read: Any) -> None:
        if self._reads is not None and not self._paused:
            self._reads.add(read_key(read))

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Reads not recorded: those that make a value kept between pages, which is recorded as itself (a page
        that makes it must record the same reads as one that finds it made)."""
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1

    def rows(self, name: str, **match) -> list[dict]:
        self.note("rows", name, sorted(match.items()))
        return self.tables.rows(name, **match)

    def langs(self, name: str, **match) -> list[str]:
        self.note("rows", name, sorted(match.items()))
        return self.tables.langs(name, **match)

    def exists(self, name: str, **match) -> bool:
        self.note("rows", name, sorted(match.items()))
        return self.tables.exists(name, **match)

    @property
    def package(self) -> dict:
        self.note("package")
        return self.tables.package

    def primary_keys(self) -> dict[str, list[str]]:
        self.note("package")
        return self.tables.primary_keys()


def may_differ(key: ReadKey, changes: "TableChanges") -> bool:
    """Whether a read's result may differ from the previous build's: a table query some changed row matches, a
    document's findings (about a row, on its status page, their counts) likewise, a value made from columns that
    changed (DERIVED_FROM), and every other value the renderer makes."""
    kind, *args = _DECODE_READ(key)
    if kind == "rows":
        return changes.touches(args[0], dict(args[1]))
    if kind == "notices":
        return changes.touches("findings", findings_match(*args[1:]))
    if kind in ("status", "status-counts") and args[0] is not None:
        return changes.touches_status(args[0])
    if kind == "status-counts":   # the corpus's counts
        return changes.rows("findings") != []
    if kind in DERIVED_FROM:
        return not all(changes.same_columns(table, columns) for table, columns in DERIVED_FROM[kind].items())
    return True


class Fingerprints:
    """Fingerprints of pages on one set of tables. The hash of every read is kept (for the pages after it, and for
    the next build's READS record); with `previous` (that record of the previous build, made on the same site) and
    `changes`, a read no changed row can touch keeps its previous hash."""

    def __init__(self, tables, settings: dict, site_map: list, renderer, root: Path,
                 previous: dict | None = None, changes: TableChanges | None = None):
        self.tables = tables
        self.renderer = renderer
        self._reads: dict[ReadKey, str] = {}
        docs = renderer.docs
        self.site = _hash({
            "code": code_version(root),
            "settings": {k: settings.get(k) for k in PAGE_SETTINGS},
            "pages": [(s.key, s.lang, s.view, s.title) for s in site_map],
            "languages": renderer.langs,
            "documents": [docs.pages, docs.roles, docs.faq],   # where every link to an entry goes
            "sections": renderer.sections,                       # the FAQ section page of each entry
        })
        usable = previous is not None and changes is not None and previous.get("site") == self.site
        self._previous: dict[ReadKey, str] = previous.get("hashes", {}) if usable else {}
        self._changes = changes

    def read(self, key: ReadKey) -> str:
        digest = self._reads.get(key)
        if digest is None:
            digest = self._previous.get(key)
            if digest is None or may_differ(key, self._changes):
                digest = self._hash_read(key)
            self._reads[key] = digest
        return digest

    def _hash_read(self, key: ReadKey) -> str:
        kind, *args = _DECODE_READ(key)
        # A table query's rows are hashed as stored (their columns and values), not made dicts first.
        value = self.tables.stored(args[0], **dict(args[1])) if kind == "rows" else self.renderer.derived(kind, *args)
        return _hash([kind, value])

    def forget_previous(self) -> None:
        """The previous build's hashes let go (once every page it could spare is known): the pages rendered after
        hash what they read."""
        self._previous = {}

    def page(self, spec, reads: list[ReadKey]) -> str:
        return _hash([self.site, spec.key, spec.lang, spec.view, spec.title, spec.extra,
                      [self.read(r) for r in reads]])

    def record(self, pages: dict[str, dict], tables: dict[str, str | None]) -> dict:
        """The READS record of this build: the hash of every read of `pages` (all were hashed by now)."""
        return {"site": self.site, "tables": tables,
                "hashes": {r: self._reads[r] for page in pages.values() for r in page["reads"]}}


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def text_rows(text: bytes) -> Iterator[bytes]:
    """The rows of a table's text in the writer's layout ('[' row ',\\n' row ... ']\\n', or a member's part of it), each
    line without its separators; a line of several rows (another layout) is one unit. ValueError when a line is not
    a JSON object."""
    for line in text.split(b"\n"):
        line = line.rstrip(b"\r")
        if line.startswith(b"["):
            line = line[1:]
        if line.endswith((b",", b"]")):
            line = line[:-1]
        if not line:
            continue
        if not (line.startswith(b"{") and line.endswith(b"}")):
            raise ValueError("a line is not a row")
        yield line


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass(frozen=True)
class Unit:
    """A run of a table file's rows that is compared whole: a gzip member with rows (the whole text of a file that
    is not gzip)."""
    digest: bytes   # of its text
    start: int      # where it is in the file (compressed)
    end: int


def row_units(path: Path) -> list[Unit]:
    """The units of a table file that hold rows (the writer's '[', ',\\n' and ']\\n' members hold none)."""
    return [Unit(_digest(text), start, end) for start, end, text in table_units(path) if b"{" in text]


def unit_rows(path: Path, units: list[Unit]) -> Iterator[tuple[Unit, bytes]]:
    """Each unit's rows (text_rows), read again from the file, a unit at a time."""
    for unit, text in zip(units, unit_texts(path, [(u.start, u.end) for u in units])):
        for line in text_rows(text):
            yield unit, line


@dataclass(frozen=True)
class LineChanges:
    """The lines (rows) of two versions of a table file that are in one of them only, each with its place in its
    version (a unit common to both counts as one place: both have the common ones in the same order)."""
    removed: list[tuple[int, bytes]]
    added: list[tuple[int, bytes]]

    def lines(self) -> list[bytes]:
        return [line for _, line in self.removed] + [line for _, line in self.added]

    def replaced(self) -> list[tuple[bytes, bytes]] | None:
        """(old line, new line) of each line replaced in place, when that is every change (the removed lines' places
        are the added lines'; then the versions have their other lines at the same places); else None."""
        if [place for place, _ in self.removed] != [place for place, _ in self.added]:
            return None
        return [(old, new) for (_, old), (_, new) in zip(self.removed, self.added)]


def line_changes(old: Path, new: Path) -> LineChanges | None:
    """The lines (rows) of two versions of a table file that are in one of them only; None when the
    files are not in a row-per-line layout, repeat a line, or order their common lines differently (then every
    query on the table may have changed).

    A file is compared a unit at a time first (row_units: a large table's gzip members, one per segment), and only
    the units in one version only are split into lines: a one-document change inflates both files once and
    splits the few members it changed, not a hundred thousand lines. Units common to both stand for their lines
    in the order check (a unit holds the same lines in the same order in both)."""
    paths = {"old": old, "new": new}
    try:
        units = {side: row_units(path) for side, path in paths.items()}
        common = {u.digest for u in units["old"]} & {u.digest for u in units["new"]}
        sequence: dict[str, list[bytes]] = {}
        lines: dict[str, dict[bytes, bytes]] = {}
        for side, path in paths.items():
            split = {u.start: [] for u in units[side] if u.digest not in common}   # a changed unit's line digests
            lines[side] = {}
            for unit, line in unit_rows(path, [u for u in units[side] if u.digest not in common]):
                digest = _digest(line)
                split[unit.start].append(digest)
                lines[side][digest] = line
            sequence[side] = [d for u in units[side] for d in ([u.digest] if u.digest in common else split[u.start])]
    except UNIT_ERRORS:
        return None
    if any(len(set(order)) != len(order) for order in sequence.values()):
        return None
    removed, added = lines["old"].keys() - lines["new"].keys(), lines["new"].keys() - lines["old"].keys()
    if [d for d in sequence["old"] if d not in removed] != [d for d in sequence["new"] if d not in added]:
        return None
    return LineChanges([(n, lines["old"][d]) for n, d in enumerate(sequence["old"]) if d in removed],
                       [(n, lines["new"][d]) for n, d in enumerate(sequence["new"]) if d in added])


class TableChanges:
    """The rows of each table that differ between the previous build's tables (its site's data/ folder, as the
    previous record's digests say they were) and this build's, found when a table is first asked about."""

    def __init__(self, folder: Path, previous_folder: Path, files: dict[str, str], digests: dict[str, str | None],
                 previous_digests: dict[str, str | None]):
        self.folder, self.previous_folder, self.files = folder, previous_folder, files
        self.digests, self.previous_digests = digests, previous_digests
        self._lines: dict[str, LineChanges | None] = {}
        self._rows: dict[str, list[dict] | None] = {}
        self._values: dict[tuple[str, tuple[str, ...]], set[tuple]] = {}   # (table, columns) -> changed rows' values
        self._same: dict[tuple[str, tuple[str, ...] | None], bool] = {}   # same_columns's answers

    def lines(self, name: str) -> LineChanges | None:
        """The changed lines of a table; None when any query on it may have changed."""
        if name not in self._lines:
            self._lines[name] = self._changed(name)
        return self._lines[name]

    def rows(self, name: str) -> list[dict] | None:
        """The changed rows of a table (old and new versions); None when any query on it may have changed."""
        if name not in self._rows:
            changes = self.lines(name)
            try:
                self._rows[name] = None if changes is None else \
                    [safe_links(row) for line in changes.lines() for row in json.loads(b"[" + line + b"]")]
            except ValueError:
                self._rows[name] = None
        return self._rows[name]

    def _changed(self, name: str) -> LineChanges | None:
        digest = self.digests.get(name)
        if name not in self.previous_digests:
            return None
        if digest == self.previous_digests[name]:
            return LineChanges([], [])
        file = self.files.get(name)
        if digest is None or file is None or file_digest(self.previous_folder / file) != self.previous_digests[name]:
            return None
        return line_changes(self.previous_folder / file, self.folder / file)

    def same_columns(self, name: str, columns: tuple[str, ...] | None) -> bool:
        """Whether the table's rows, cut to these columns (every column when None), are the previous build's in the
        same order: the table is unchanged, or each changed row was replaced in place by one with the same values
        in these columns, as a fingerprint hashes them (a column a row lacks is not a null one)."""
        if (name, columns) not in self._same:
            self._same[(name, columns)] = self._same_columns(name, columns)
        return self._same[(name, columns)]

    def _same_columns(self, name: str, columns: tuple[str, ...] | None) -> bool:
        changed = self.rows(name)
        if changed is None:
            return False
        if not changed or columns is None:
            return not changed
        replaced = self.lines(name).replaced()
        try:
            return replaced is not None and all(_cut(old, columns) == _cut(new, columns) for old, new in replaced)
        except ValueError:
            return False

    def touches(self, name: str, match: dict) -> bool:
        """Whether a changed row of the table matches the query (as Tables.stored matches: columns equal, an
        object column as the tuple of its values)."""
        changed = self.rows(name)
        if changed is None:
            return True
        columns = tuple(sorted(match))
        values = self._values.get((name, columns))
        if values is None:
            values = self._values[(name, columns)] = {tuple(index_key(row.get(c)) for c in columns) for row in changed}
        return tuple(index_key(match[c]) for c in columns) in values

    def touches_status(self, doc: str) -> bool:
        """Whether a changed finding (old or new) is listed under the document on the status pages (status_doc)."""
        changed = self.rows("findings")
        return changed is None or any(status_doc(row) == doc for row in changed)


def _cut(line: bytes, columns: tuple[str, ...]) -> str:
    """A row's values in these columns, and which it has, as JSON text: equal texts hash equal (1, 1.0 and true
    are equal in Python, not in a fingerprint). ValueError when the line is not a JSON object."""
    row = json.loads(line)
    if not isinstance(row, dict):
        raise ValueError("a line is not a row")
    return json.dumps([[column in row, row.get(column)] for column in columns], sort_keys=True, ensure_ascii=False)


def table_digests(folder: Path, files: dict[str, str]) -> dict[str, str | None]:
    """sha256 of each table's machine-readable file (None where it is missing)."""
    return {name: file_digest(folder / file) for name, file in files.items()}


def load_reads(output: Path) -> dict:
    """The previous build's READS record; nothing when there is none or it is unreadable."""
    try:
        data = msgspec.json.decode((output / READS).read_bytes())   # as json.loads reads it, in a fraction of the time
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("hashes"), dict) else {}


def write_reads(output: Path, record: dict) -> None:
    """The READS record as JSON ({hashes: {read: hash}, site, tables}, keys sorted), a read at a time."""
    with (output / READS).open("w", encoding="utf-8") as out:
        out.write('{"hashes":{')
        for i, read in enumerate(sorted(record["hashes"])):
            out.write(("," if i else "") + f'{json.dumps(read, ensure_ascii=False)}:"{record["hashes"][read]}"')
        out.write(f'}},"site":"{record["site"]}","tables":'
                  f'{json.dumps(record["tables"], sort_keys=True, separators=(",", ":"))}}}')


def code_version(root: Path) -> str:
    """A hash of every file the pages are made with (plugin, theme, catalogs, the extract modules it imports)."""
    digest = hashlib.sha256()
    for folder in CODE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class PageRecord(msgspec.Struct):
    """A page's entry in the ledger, its reads kept as the JSON text they were written as (read_key's): no read is
    parsed to be written back as text, which for a large site's hundred thousand reads was a second of a rebuild."""
    fingerprint: str
    reads: list[msgspec.Raw]


_LEDGER = msgspec.json.Decoder(dict[str, PageRecord])


def load_ledger(output: Path) -> dict[str, dict]:
    """The previous build's pages: file -> {fingerprint, reads}; nothing when there is none or it is unreadable
    (then every page is written). A read not written as read_key writes it has no hash in the previous record: it
    is hashed again, and its page rendered again."""
    try:
        data = _LEDGER.decode((output / LEDGER).read_bytes())
        return {name: {"fingerprint": page.fingerprint, "reads": [bytes(read).decode() for read in page.reads]}
                for name, page in data.items()}
    except (OSError, msgspec.DecodeError, UnicodeDecodeError):   # msgspec leaves the reads' bytes unchecked
        return {}


def write_ledger(output: Path, pages: dict[str, dict]) -> None:
    """The ledger as JSON (file -> {fingerprint, reads: [read, ...]}), the reads written from their JSON text, a page
    at a time (a large site's ledger is tens of megabytes: never made one string)."""
    with (output / LEDGER).open("w", encoding="utf-8") as out:
        for i, name in enumerate(sorted(pages)):
            page = pages[name]
            out.write(("{" if i == 0 else ",\n") + f'{json.dumps(name, ensure_ascii=False)}:{{"fingerprint":'
                      f'{json.dumps(page["fingerprint"])},"reads":[{",".join(page["reads"])}]}}')
        out.write("}" if pages else "{}")


def remove_pages(output: Path, files: list[str]) -> None:
    """Files of pages that no longer exist, and the folders they leave empty."""
    for name in files:
        path = output / name
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != output and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
