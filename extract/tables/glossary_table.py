"""glossary: each glossary term, the renderings each language's pages actually use, and where.

For a translation, an entry whose English counterpart uses a term but which
uses none of the term's known renderings is listed under `missing`: either a
new rendering the glossary lacks, or a term dropped in translation.
"""
from __future__ import annotations

from .base import LANG, Context, Field, Resource, Row, entry_sentences

RESOURCE = Resource(
    name="glossary",
    title="Term glossary",
    description="Glossary terms with the renderings seen in each language and the entries that use them.",
    fields=(LANG,
            Field("category", "string", "Glossary category (plans, portals, terms, ...)"),
            Field("term", "string", "Term slug"),
            Field("english", "string", "Preferred English label"),
            Field("label", "string", "Preferred label in this language (from the glossary)"),
            Field("renderings", "string", "Labels of this term found in this language's pages, ';'-separated"),
            Field("entries", "string", "Entries using the term, ';'-separated"),
            Field("missing", "string", "Entries whose English counterpart uses the term but this language's text has no known rendering")),
    primary_key=("lang", "category", "term"),
)

CATEGORIES = ("plans", "severities", "regions", "languages", "portals", "products", "channels", "columns", "terms")


def _hits(ctx: Context, lang: str, text: str) -> dict[tuple[str, str], set[str]]:
    """(category, term) -> labels of it in the text: one scan per category, leftmost longest label."""
    found: dict[tuple[str, str], set[str]] = {}
    for category in CATEGORIES:
        for _, slug, label in ctx.glossary.find_all(category, text, lang):
            found.setdefault((category, slug), set()).add(label)
    for category, slug, label in ctx.glossary.find_avoided(text, lang):
        found.setdefault((category, slug), set()).add(label)
    return found


def build(ctx: Context) -> list[Row]:
    hits: dict[tuple[str, str, str], dict[tuple[str, str], set[str]]] = {}
    for doc in ctx.documents:
        for entry in doc.entries:
            body = " ".join(s for _, s in entry_sentences(entry))
            cells = " ".join(c.plain for b in entry.blocks if b.table for row in b.table.rows for c in row)
            hits[(doc.lang, doc.doc, entry.id)] = _hits(ctx, doc.lang, f"{entry.heading} {body} {cells}")
    rows: list[Row] = []
    for lang in ctx.langs:
        for term in ctx.glossary.terms:
            if not term.slug or term.category not in CATEGORIES:
                continue
            key = (term.category, term.slug)
            seen: dict[str, None] = {}
            entries: dict[str, None] = {}
            missing: dict[str, None] = {}
            for (lg, doc, entry_id), found in hits.items():
                if lg != lang:
                    continue
                if key in found:
                    seen.update(dict.fromkeys(sorted(found[key])))
                    entries[entry_id] = None
                elif lang != "en" and key in hits.get(("en", doc, entry_id), {}):
                    missing[entry_id] = None
            if not seen and not missing:
                continue
            rows.append({"lang": lang, "category": term.category, "term": term.slug,
                         "english": term.label("en"), "label": term.label(lang),
                         "renderings": ";".join(seen), "entries": ";".join(entries), "missing": ";".join(missing)})
    return rows
