"""The extraction pipeline: manifest -> parsed documents -> tables.

Parsing and alignment happen once here; every table builder then reads the
same parsed documents (see tables/). The order of RESOURCES is the order of
the data package and of building (plans and glossary read earlier tables).
"""
from __future__ import annotations

from pathlib import Path

from .align import align_translation
from .checks import run_checks
from .checks.finding import RESOURCE as FINDINGS
from .docfx import parse_docfx
from .errors import SourceError, read_text
from .manifest import Manifest, SourceDoc, load_manifest
from .model import Document
from .plaintext import read_scrape
from .tables import (blocks, business_hours, china, commitments, faq, glossary_table, lcs, licensing, notes, plans,
                     portals, response_times, support_languages)
from .tables.base import Context, Note, Resource, Row

RESOURCES: tuple[tuple[Resource, object], ...] = (
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
    (plans.RESOURCE, plans.build),
    (glossary_table.RESOURCE, glossary_table.build),
    (notes.RESOURCE, notes.build),
)


ALL_RESOURCES: tuple[Resource, ...] = (*(r for r, _ in RESOURCES), FINDINGS)


def parse_original(source: SourceDoc) -> Document:
    if source.format != "docfx-markdown":
        raise SourceError(source.path, "", f"format '{source.format}' needs a 'translates' document to align with")
    return parse_docfx(read_text(source.path), doc=source.id, lang=source.lang, path=str(source.path),
                       base_url=source.url)


def parse_translation(source: SourceDoc, original: Document, notes: list[Note]) -> Document:
    """A translation: DocFX parsed directly; a plain-text scrape aligned with its original."""
    if source.format == "docfx-markdown":
        return parse_original(source)
    scrape = read_scrape(read_text(source.path), source.lang)
    document, problems = align_translation(original, scrape, path=str(source.path))
    for p in problems:
        kind = ("unmatched" if "counterpart" in p.message else "empty-answer" if "empty" in p.message
                else "table-recovery")
        notes.append(Note(source.lang, source.id, p.entry_id, p.line, kind, p.message))
    return document


def parse_all(manifest: Manifest) -> Context:
    documents: list[Document] = []
    notes: list[Note] = []
    for source in manifest.originals():
        original = parse_original(source)
        documents.append(original)
        translated = [parse_translation(t, original, notes) for t in manifest.translations_of(source)]
        matched = {e.id for t in translated for e in t.entries if e.matched}
        for entry in original.entries:
            entry.matched = entry.id in matched
        documents.extend(translated)
        for inc in original.includes:
            notes.append(Note(original.lang, original.doc, inc.entry_id, inc.line, "include",
                              f"[!INCLUDE] '{inc.target}' cannot be resolved here; left out of the answer"))
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


def revision_history(manifest: Manifest, sources: Path) -> list[tuple[str, dict[str, list[Row]]]]:
    """Tables of every shipped English revision newer than the English copy, oldest first.

    A translation made from a later revision than our copy differs from it
    where the source changed; the checks use these to tell that apart.
    """
    history = []
    for source in manifest.originals():
        folder = manifest.revisions.get(source.id)
        if not folder:
            continue
        since = str(source.upstream.get("date", ""))
        for path in sorted((sources / folder).glob("*.md")):
            if path.name[:10] <= since:
                continue
            document = parse_docfx(read_text(path), doc=source.id, lang=source.lang, path=str(path),
                                   base_url=source.url)
            history.append((path.stem, build_tables(Context(documents=[document], langs=(source.lang,)))))
    return history


def extract(sources: Path) -> tuple[Manifest, dict[str, list[Row]]]:
    """All tables of the manifest's documents, with the findings of the consistency checks."""
    manifest = load_manifest(sources)
    tables = build_tables(parse_all(manifest))
    tables[FINDINGS.name] = run_checks(tables, revision_history(manifest, sources))
    return manifest, tables
