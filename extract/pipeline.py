"""The extraction pipeline, read one way: parse -> align -> tables -> history -> check (the callers write).

parse      DocFX Markdown (docfx.py) and plain-text scrapes (plaintext.py), per original and its translations
align      a scrape's headings and blocks matched to its original's entries (align.py)
tables     every table builder, in the order of RESOURCES, on the same parsed documents (tables/)
history    the shipped revisions of each original, built and diffed into revision_changes (history.py)
check      findings on the tables and the revisions newer than the bundled copy (checks/)

Each stage imports only the stages before it; nothing imports this module but its callers (cli, build, check).
"""
from __future__ import annotations

import re
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import cache, history as revision_history
from .align import align_translation
from .checks import run_checks
from .checks.finding import RESOURCE as FINDINGS
from .diff import Schema, Side, side_of
from .docfx import parse_docfx
from .errors import SourceError, read_text
from .manifest import Manifest, SourceDoc, find_source, load_manifest
from .model import Document
from .plaintext import read_scrape
from .progress import Progress
from .tables import RESOURCES, build_tables
from .tables.base import Context, Note, Resource, Row

ALL_RESOURCES: tuple[Resource, ...] = (*(r for r, _ in RESOURCES), FINDINGS, revision_history.RESOURCE)
PRIMARY_KEYS: dict[str, list[str]] = {r.name: list(r.primary_key) for r in ALL_RESOURCES}
SCHEMA = Schema.of(ALL_RESOURCES)
__all__ = ["ALL_RESOURCES", "PRIMARY_KEYS", "RESOURCES", "SCHEMA", "build_tables", "extract", "extract_document"]


def parse_original(source: SourceDoc) -> Document:
    if source.format != "docfx-markdown":
        raise SourceError(source.path, "", f"format '{source.format}' needs a 'translates' document to align with")
    document = parse_docfx(read_text(source.path), doc=source.id, lang=source.lang, path=str(source.path),
                           base_url=source.url)
    document.url, document.role, document.page = source.url, source.role.value if source.role else "", source.page
    document.original_lang = source.lang
    return document


def parse_translation(source: SourceDoc, original: Document, notes: list[Note]) -> Document:
    """A translation: DocFX parsed directly; a plain-text scrape aligned with its original."""
    if source.format == "docfx-markdown":
        document = parse_original(source)
        document.original_lang = original.lang
        return document
    scrape = read_scrape(read_text(source.path), source.lang, str(source.path))
    document, problems = align_translation(original, scrape, path=str(source.path))
    document.url, document.role, document.page = source.url, source.role.value if source.role else "", source.page
    document.original_lang = original.lang
    notes.extend(Note(source.lang, source.id, p.entry_id, p.line, p.kind, p.message) for p in problems)
    return document


def parse_group(original_source: SourceDoc, translations: list[SourceDoc]) -> tuple[list[Document], list[Note]]:
    """One original and its translations, from the cache when their bytes and the extractor are unchanged."""
    inputs = [original_source, *translations]
    k = cache.key(*(f"{s.id}|{s.lang}|{s.format}|{s.url}|{s.path}" for s in inputs),
                  *(read_text(s.path).encode() for s in inputs))
    hit = cache.load(k)
    if hit is not None:
        return hit
    notes: list[Note] = []
    original = parse_original(original_source)
    translated = [parse_translation(t, original, notes) for t in translations]
    matched = {e.id for t in translated for e in t.entries if e.matched}
    for entry in original.entries:
        entry.matched = entry.id in matched
    for inc in original.includes:
        notes.append(Note(original.lang, original.doc, inc.entry_id, inc.line, "include",
                          f"[!INCLUDE] '{inc.target}' cannot be resolved here; left out of the answer"))
    result = ([original, *translated], notes)
    cache.store(k, result)
    return result


def _parse_group(args):
    return parse_group(*args)


PARALLEL_FROM = 8   # documents; below this, starting worker processes costs more than it saves


def parse_all(manifest: Manifest, progress: Progress | None = None) -> Context:
    """Parse every document group, on all cores when there are many; errors surface as SourceError."""
    groups = [(source, manifest.translations_of(source)) for source in manifest.originals()]
    results: list[tuple[list[Document], list[Note]]]
    if len(groups) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        with ProcessPoolExecutor(max_workers=min(os.cpu_count() or 1, 4)) as pool:
            results = []
            for result in pool.map(_parse_group, groups, chunksize=4):
                results.append(result)
                if progress:
                    progress.advance()
    else:
        results = []
        for group in groups:
            results.append(parse_group(*group))
            if progress:
                progress.advance()
    documents = [d for docs, _ in results for d in docs]
    notes = [n for _, ns in results for n in ns]
    langs = tuple(dict.fromkeys(d.lang for d in documents))
    return Context(documents=documents, langs=langs, notes=notes)


def extract(sources: Path, progress: bool = False) -> tuple[Manifest, dict[str, list[Row]]]:
    """All tables of the manifest's documents, with the consistency findings and the revision changes.

    A translation made from a later English revision than our copy differs from it where the source
    changed: the checks get the revisions newer than the copy to tell that apart.
    """
    manifest = load_manifest(sources)
    counter = Progress("documents", len(manifest.originals())) if progress else None
    tables = build_tables(parse_all(manifest, counter))
    if counter:
        counter.done()
    revisions = revision_history.history(manifest, sources, tables)
    tables[FINDINGS.name] = run_checks(tables, revisions.newer)
    tables[revision_history.RESOURCE.name] = revisions.changes
    return manifest, tables


def document_id(path: Path) -> str:
    """A page's id: its file name, or for a dated revision (2021-01-12_4deb81b7.md) its folder's name."""
    if re.match(r"\d{4}-\d{2}-\d{2}_", path.name):
        return path.parent.name
    return path.stem


def extract_document(path: Path, lang: str | None = None, translation_of: Path | None = None,
                     original_lang: str | None = None) -> dict[str, list]:
    """Tables of one page or revision (and, for a translation, of the page it translates).

    A language not given is the manifest's for the file (sources/manifest.yaml: the document, or the original
    whose revisions folder holds it); so is what the document is for (its role).
    """
    doc_id = document_id(path)
    notes: list[Note] = []
    entry = find_source(path)
    lang = lang or (entry.lang if entry else None)
    if lang is None:
        raise SourceError(path, "", "not in sources/manifest.yaml: give its language (--lang)")
    if translation_of:
        original_entry = find_source(translation_of)
        original_lang = original_lang or (original_entry.lang if original_entry else None)
        if original_lang is None:
            raise SourceError(translation_of, "", "not in sources/manifest.yaml: give its language (--original-lang)")
        original = parse_docfx(read_text(translation_of), doc=doc_id, lang=original_lang, path=str(translation_of))
        role = original_entry.role if original_entry else None
        original.role = role.value if role else ""
        fmt = "plain-text" if path.suffix == ".txt" else "docfx-markdown"
        source = SourceDoc(id=doc_id, lang=lang, path=path, format=fmt, role=role, page="")
        documents = [original, parse_translation(source, original, notes)]
    else:
        if path.suffix == ".txt":
            raise SourceError(path, "", "a plain-text page needs --translation-of ORIGINAL.md to align with")
        document = parse_docfx(read_text(path), doc=doc_id, lang=lang, path=str(path))
        document.role = entry.role.value if entry and entry.role else ""
        documents = [document]
        notes = [Note(lang, doc_id, i.entry_id, i.line, "include", f"[!INCLUDE] '{i.target}' cannot be resolved here")
                 for i in document.includes]
    langs = tuple(dict.fromkeys(d.lang for d in documents))
    return build_tables(Context(documents=documents, langs=langs, notes=notes))


def document_side(path: Path) -> Side:
    """One page or revision as a side of `extract diff` (its tables, on the extractor's schema)."""
    return side_of(str(path), extract_document(path), SCHEMA)
