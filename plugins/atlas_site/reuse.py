"""Incremental page writing: what each page was made from, so a rebuild writes only the pages whose inputs changed.

While a page is rendered, ReadLog records every read of the tables (each `rows`/`langs` query, and the
per-language names and revision summaries the renderer keeps between pages). The page's fingerprint is a hash of
the results of those reads, its spec, the site-wide inputs (the site map with its titles, the languages, each
document's page and role, the FAQ's sections, the settings the theme prints) and the code version (plugin, theme,
catalogs, extract/). Values the renderer makes from whole tables (the names of a language, the revision summaries, a
page's hidden search words, a document's findings about a row) are read as the value made, not as the tables, so a
changed row rewrites only the pages that show it.
`.atlas-pages.json` in the output folder keeps, per page file, the fingerprint and the reads. With the setting
ATLAS_REUSE, a page whose file is there and whose reads give the same fingerprint on the new tables is neither
rendered nor written: rendering is a function of what was read, so equal reads give an equal page.
A read is kept as its JSON text (a short string) from the moment it is recorded: a large site's pages make tens of
thousands of reads, which as parsed lists were a good part of the site stage's memory.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from typing import Any

LEDGER = ".atlas-pages.json"
# Folders whose files make the pages: a change to any of them changes every page's fingerprint.
CODE_FOLDERS = ("plugins/atlas_site", "theme", "extract")
CODE_SUFFIXES = (".py", ".html", ".po", ".css", ".js", ".yaml")
# Settings the theme prints or the pages' links depend on (not the output folder, which differs per build).
PAGE_SETTINGS = ("SITENAME", "SITEURL", "UPSTREAM", "RELATIVE_URLS", "SITEMAP_BASE", "DEFAULT_LANG", "THEME")
# ("rows", table, ((column, value), ...)), or a value the renderer makes (Renderer.derived): ("names", lang),
# ("revisions", lang), ("notices", doc, entry, table, key), ("terms", lang, page key, anchors), ("package",)
Read = tuple
# A read as recorded and kept: its JSON text (read_key).
ReadKey = str


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

    @property
    def package(self) -> dict:
        self.note("package")
        return self.tables.package

    def primary_keys(self) -> dict[str, list[str]]:
        self.note("package")
        return self.tables.primary_keys()


# Hashes of reads kept for the pages after: the reads many pages share (a language's names, the plans, the
# documents) stay, while a large site's tens of thousands of reads made by one page each (an entry's row) are let go
# (kept all, they were tens of megabytes at N = 1000).
READ_HASHES_KEPT = 8192


class Fingerprints:
    """Fingerprints of pages on one set of tables; the hash of a read's result is kept for the pages after it."""

    def __init__(self, tables, settings: dict, site_map: list, renderer, root: Path):
        self.tables = tables
        self.renderer = renderer
        self._reads: OrderedDict[ReadKey, str] = OrderedDict()   # the latest used last
        docs = renderer.docs
        self.site = _hash({
            "code": code_version(root),
            "settings": {k: settings.get(k) for k in PAGE_SETTINGS},
            "pages": [(s.key, s.lang, s.view, s.title) for s in site_map],
            "languages": renderer.langs,
            "documents": [docs.pages, docs.roles, docs.faq],   # where every link to an entry goes
            "sections": renderer.sections,                       # the FAQ section page of each entry
        })

    def read(self, key: ReadKey) -> str:
        digest = self._reads.get(key)
        if digest is None:
            digest = self._reads[key] = self._hash_read(key)
            if len(self._reads) > READ_HASHES_KEPT:
                self._reads.popitem(last=False)
        else:
            self._reads.move_to_end(key)
        return digest

    def _hash_read(self, key: ReadKey) -> str:
        kind, *args = json.loads(key)
        # A table query's rows are hashed as stored (their columns and values), not made dicts first.
        value = self.tables.stored(args[0], **dict(args[1])) if kind == "rows" else self.renderer.derived(kind, *args)
        return _hash([kind, value])

    def page(self, spec, reads: list[ReadKey]) -> str:
        return _hash([self.site, spec.key, spec.lang, spec.view, spec.title, spec.extra,
                      [self.read(r) for r in reads]])


def code_version(root: Path) -> str:
    """A hash of every file the pages are made with (plugin, theme, catalogs, the extract modules it imports)."""
    digest = hashlib.sha256()
    for folder in CODE_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _page_record(record: dict) -> dict:
    """A page's record as loaded, its reads as their JSON text (each page's parsed reads are let go at once)."""
    if "reads" in record:
        return {"fingerprint": record["fingerprint"], "reads": [read_key(r) for r in record["reads"]]}
    return record


def load_ledger(output: Path) -> dict[str, dict]:
    """The previous build's pages: file -> {fingerprint, reads}; nothing when there is none or it is unreadable
    (then every page is written)."""
    try:
        data = json.loads((output / LEDGER).read_text(encoding="utf-8"), object_hook=_page_record)
    except (OSError, ValueError, TypeError, KeyError):
        return {}
    return data if isinstance(data, dict) else {}


def write_ledger(output: Path, pages: dict[str, dict]) -> None:
    """The ledger as JSON (file -> {fingerprint, reads: [read, ...]}), the reads written from their JSON text."""
    def record(name: str) -> str:
        page = pages[name]
        return (f'{json.dumps(name, ensure_ascii=False)}:{{"fingerprint":{json.dumps(page["fingerprint"])},'
                f'"reads":[{",".join(page["reads"])}]}}')
    (output / LEDGER).write_text("{" + ",\n".join(record(name) for name in sorted(pages)) + "}", encoding="utf-8")


def remove_pages(output: Path, files: list[str]) -> None:
    """Files of pages that no longer exist, and the folders they leave empty."""
    for name in files:
        path = output / name
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != output and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
