"""glossary: each glossary term, the renderings each language's pages actually use, and where.

For a translation, an entry whose English counterpart uses a term but which
uses none of the term's known renderings is listed under `missing`: either a
new rendering the glossary lacks, or a term dropped in translation.
"""
from __future__ import annotations

import re

from ..glossary import fold
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


def _mentions(text: str, label: str, prefix: bool) -> bool:
    """Whole-word mention; a rendering to avoid also counts as the start of a compound word."""
    end = "" if prefix else r"(?!\w)"
    return re.search(r"(?<!\w)" + re.escape(fold(label)) + end, text) is not None


def build(ctx: Context) -> list[Row]:
    texts: dict[tuple[str, str, str], str] = {}
    for doc in ctx.documents:
        for entry in doc.entries:
            body = " ".join(s for _, s in entry_sentences(entry))
            cells = " ".join(c.plain for b in entry.blocks if b.table for row in b.table.rows for c in row)
            texts[(doc.lang, doc.doc, entry.id)] = fold(f"{entry.heading} {body} {cells}")
    rows: list[Row] = []
    for lang in ctx.langs:
        for term in ctx.glossary.terms:
            if not term.slug:
                continue
            labels = term.labels.get(lang, ()) + term.avoid.get(lang, ())
            seen: dict[str, None] = {}
            entries: dict[str, None] = {}
            missing: dict[str, None] = {}
            for (lg, doc, entry_id), text in texts.items():
                if lg != lang:
                    continue
                hits = [label for label in labels if _mentions(text, label, prefix=label in term.avoid.get(lang, ()))]
                for label in hits:
                    seen[label] = None
                if hits:
                    entries[entry_id] = None
                elif lang != "en":
                    english = texts.get(("en", doc, entry_id), "")
                    if any(fold(label) in english for label in term.labels.get("en", ())):
                        missing[entry_id] = None
            if not seen and not missing:
                continue
            rows.append({"lang": lang, "category": term.category, "term": term.slug,
                         "english": term.label("en"), "label": term.label(lang),
                         "renderings": ";".join(seen), "entries": ";".join(entries), "missing": ";".join(missing)})
    return rows
