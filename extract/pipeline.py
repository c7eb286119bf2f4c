"""The extraction pipeline: manifest -> parsed documents -> tables.

Parsing and alignment happen once here; every table builder then reads the
same parsed documents (see tables/). The order of RESOURCES is the order of
the data package and of building (plans and glossary read earlier tables).
"""
from __future__ import annotations

import re
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import cache
from .align import align_translation
from .checks import run_checks
from .checks.finding import RESOURCE as FINDINGS
from .docfx import parse_docfx
from .errors import SourceError, read_text
from .limits import inside
from .manifest import Manifest, SourceDoc, find_source, load_manifest
from .model import Document
from .plaintext import read_scrape
from .progress import Progress
from .tables import (blocks, business_hours, changes as revision_changes, china, commitments, documents, faq,
                     glossary_table,
                     lcs, licensing, notes, plan_claims, plans,
                     portals, response_times, search_terms, support_languages)
from .tables.base import Context, Note, Resource, Row

RESOURCES: tuple[tuple[Resource, object], ...] = (
    (documents.RESOURCE, documents.build),
    (faq.RESOURCE, faq.build),
    (blocks.BLOCKS_RESOURCE, blocks.build_blocks),
    (blocks.LINKS_RESOURCE, blocks.build_links),
    (blocks.UI_RESOURCE, blocks.build_ui_labels),
    (response_times.RESOURCE, response_times.build),
    (business_hours.RESOURCE, business_hours.build),
    (support_languages.RESOURCE, support_languages.build),
    (portals.REQUEST_RESOURCE, portals.build_request),
    (portals.CONTACT_RESOURCE, portals.build_contact),
    (licensing.RESOURCE, licensing.build),
    (lcs.RESOURCE, lcs.build),
    (china.RESOURCE, china.build),
    (commitments.RESOURCE, commitments.build),
    (plan_claims.RESOURCE, plan_claims.build),
    (plans.RESOURCE, plans.build),
    (glossary_table.RESOURCE, glossary_table.build),
    (search_terms.RESOURCE, search_terms.build),
    (notes.RESOURCE, notes.build),
)


ALL_RESOURCES: tuple[Resource, ...] = (*(r for r, _ in RESOURCES), FINDINGS, revision_changes.RESOURCE)
PRIMARY_KEYS: dict[str, list[str]] = {r.name: list(r.primary_key) for r in ALL_RESOURCES}


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


def build_tables(ctx: Context) -> dict[str, list[Row]]:
    """Run every builder in order; rows come out grouped by language, in document order."""
    order = {lang: i for i, lang in enumerate(ctx.langs)}
    for resource, build in RESOURCES:
        rows = build(ctx)
        rows.sort(key=lambda r: order.get(r.get("lang", ""), len(order)))
        ctx.built[resource.name] = rows
    return ctx.built


def revisions_of(manifest: Manifest, sources: Path) -> dict[str, list[tuple[str, str, dict[str, list[Row]]]]]:
    """Per original document: (name, date, tables) of each shipped revision, oldest first."""
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
                tables = build_tables(Context(documents=[document], langs=(source.lang,)))
                cache.store(k, tables)
            revisions.append((path.stem, path.name[:10], tables))
        out[source.id] = revisions
    return out


def only(tables: dict[str, list[Row]], doc: str, lang: str) -> dict[str, list[Row]]:
    return {name: [r for r in rows if r.get("doc", doc) == doc and r.get("lang", lang) == lang]
            for name, rows in tables.items()}


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
    history, changes = [], []
    all_revisions = revisions_of(manifest, sources)
    for source in manifest.originals():
        revisions = all_revisions.get(source.id, [])
        since = str(source.upstream.get("date", ""))
        history += [(name, rev) for name, date, rev in revisions if date > since]
        if revisions:
            copy = revision_changes.revision_name(since, str(source.upstream.get("commit", "")))
            timeline = sorted([*revisions, (copy, since, only(tables, source.id, source.lang))],
                              key=lambda r: (r[1], r[0] == copy))
            changes += revision_changes.build(source.id, timeline, source.upstream)
    tables[FINDINGS.name] = run_checks(tables, history)
    tables[revision_changes.RESOURCE.name] = changes
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
