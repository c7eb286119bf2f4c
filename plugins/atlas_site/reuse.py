"""Incremental page writing: what each page was made from, so a rebuild writes only the pages whose inputs changed.

While a page is rendered, ReadLog records every read of the tables (each `rows`/`langs` query, and the
per-language names and revision summaries the renderer keeps between pages). The page's fingerprint is a hash of
the results of those reads, its spec, the site-wide inputs (the site map with its titles, the data package, the
hidden search words, the settings the theme prints) and the code version (plugin, theme, catalogs, extract/).
`.atlas-pages.json` in the output folder keeps, per page file, the fingerprint and the reads. With the setting
ATLAS_REUSE, a page whose file is there and whose reads give the same fingerprint on the new tables is neither
rendered nor written: rendering is a function of what was read, so equal reads give an equal page.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

LEDGER = ".atlas-pages.json"
# Folders whose files make the pages: a change to any of them changes every page's fingerprint.
CODE_FOLDERS = ("plugins/atlas_site", "theme", "extract")
CODE_SUFFIXES = (".py", ".html", ".po", ".css", ".js", ".yaml")
# Settings the theme prints or the pages' links depend on (not the output folder, which differs per build).
PAGE_SETTINGS = ("SITENAME", "SITEURL", "UPSTREAM", "RELATIVE_URLS", "SITEMAP_BASE", "DEFAULT_LANG", "THEME")
# Tables read once for all pages (the hidden search words of every page, see vocabulary.HiddenTerms).
SITE_WIDE_TABLES = ("search_terms", "revision_changes")
# What the renderer's per-language names and revision summaries are made from (SiteNames, revision_groups).
NAMES_TABLES = ("glossary", "faq")
REVISIONS_TABLES = ("revision_changes", "glossary", "faq")

Read = tuple  # ("rows", table, ((column, value), ...)) | ("names", lang) | ("revisions", lang)


def _hash(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


class ReadLog:
    """The tables as the renderer reads them, each query recorded for the page being rendered."""

    def __init__(self, tables):
        self.tables = tables
        self.data = tables.data
        self.package = tables.package
        self._reads: set[str] | None = None

    def start(self) -> None:
        self._reads = set()

    def stop(self) -> list[Read]:
        reads, self._reads = self._reads or set(), None
        return sorted(json.loads(r) for r in reads)

    def note(self, *read: Any) -> None:
        if self._reads is not None:
            self._reads.add(json.dumps(read))

    def rows(self, name: str, **match) -> list[dict]:
        self.note("rows", name, sorted(match.items()))
        return self.tables.rows(name, **match)

    def langs(self, name: str, **match) -> list[str]:
        self.note("rows", name, sorted(match.items()))
        return self.tables.langs(name, **match)

    def primary_keys(self) -> dict[str, list[str]]:
        return self.tables.primary_keys()   # the data package: a site-wide input


class Fingerprints:
    """Fingerprints of pages on one set of tables; each read's result is hashed once for all pages."""

    def __init__(self, tables, settings: dict, site_map: list, sections: dict[str, str], root: Path):
        self.tables = tables
        self._reads: dict[str, str] = {}
        self.site = _hash({
            "code": code_version(root),
            "settings": {k: settings.get(k) for k in PAGE_SETTINGS},
            "pages": [(s.key, s.lang, s.view, s.title) for s in site_map],
            "package": tables.package,
            "documents": tables.rows("documents"),   # roles and pages: where every link to an entry goes
            "sections": sections,                    # the FAQ section page of each entry
            "site-wide": [tables.rows(name) for name in SITE_WIDE_TABLES],
        })

    def read(self, read: list) -> str:
        key = json.dumps(read)
        if key not in self._reads:
            kind, *args = read
            if kind == "rows":
                value = self.tables.rows(args[0], **dict(args[1]))
            else:   # names / revisions of a language: everything they are made from
                value = [args[0], [self.tables.rows(t) for t in (NAMES_TABLES if kind == "names" else REVISIONS_TABLES)]]
            self._reads[key] = _hash([kind, value])
        return self._reads[key]

    def page(self, spec, reads: list) -> str:
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


def load_ledger(output: Path) -> dict[str, dict]:
    """The previous build's pages: file -> {fingerprint, reads}; nothing when there is none or it is unreadable
    (then every page is written)."""
    try:
        data = json.loads((output / LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_ledger(output: Path, pages: dict[str, dict]) -> None:
    (output / LEDGER).write_text(json.dumps(pages, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
                                 encoding="utf-8")


def remove_pages(output: Path, files: list[str]) -> None:
    """Files of pages that no longer exist, and the folders they leave empty."""
    for name in files:
        path = output / name
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != output and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
