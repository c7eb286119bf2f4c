"""glossary: each glossary term, the renderings each language's pages actually use, and where.

For a translation, an entry whose English counterpart uses a term but which
uses none of the term's known renderings is listed under `missing`: either a
new rendering the glossary lacks, or a term dropped in translation.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..glossary import Glossary, fold
from ..wordlists import load_wordlists
from .base import LANG, RAW_MATERIAL, Context, Field, Resource, Row, entry_sentences

RESOURCE = Resource(
    name="glossary",
    formats=RAW_MATERIAL,
    title="Term glossary",
    description="Glossary terms with the renderings seen in each language and the entries that use them.",
    fields=(LANG,
            Field("category", "string", "Glossary category (plans, portals, terms, ...)"),
            Field("term", "string", "Term slug"),
            Field("english", "string", "Preferred English label"),
            Field("label", "string", "Preferred label in this language (from the glossary)"),
            Field("renderings", "string", "Labels of this term found in this language's pages, ';'-separated"),
            Field("rendering_entries", "string", "For each rendering, in the same order, the first entry using it "
                                                 "(';'-separated), so a finding links to where a rendering occurs"),
            Field("entries", "string", "Entries using the term, ';'-separated"),
            Field("missing", "string", "Entries whose English counterpart uses the term but this language's text has no known rendering")),
    primary_key=("lang", "category", "term"),
)

# Categories whose capitalised labels are names or interface labels: 'Critical' (a severity) is not the
# adjective in 'critical issues', 'Contact Support' (a link) is not 'contact Support'.
NAMED = ("severities", "terms")
CATEGORIES = ("plans", "severities", "regions", "languages", "portals", "products", "channels", "columns", "terms")
IN_HEADERS = ("columns",)   # found in a table's header row only; the others in the entry's whole text
IN_TEXT = tuple(c for c in CATEGORIES if c not in IN_HEADERS)


def _base_forms(labels: list[str], lang: str) -> list[str]:
    """Renderings without those that are another one inflected ('adviesdiensten' is 'adviesdienst')."""
    suffixes = load_wordlists().words(lang, "inflections")
    folded = {fold(x) for x in labels}
    return [x for x in labels if not any(fold(x) == base + suffix for base in folded for suffix in suffixes)]


def _has_lowercase_label(ctx: Context, category: str, slug: str, label: str, lang: str) -> bool:
    """Whether the glossary also lists the label in lower case (then any case counts)."""
    term = ctx.glossary.term(category, slug)
    return label == label.lower() or any(x == x.lower() and fold(x) == fold(label) for x in term.labels.get(lang, ()))


Span = tuple[int, int, str, str, str]   # (start, end, category, slug, label); start -1: not in the text


def _nested(spans: list[Span]) -> set[int]:
    """Indexes of the spans inside a longer span of another category, in one sweep by start position.

    A span of another category contains a span and is longer exactly when it starts before it and ends at or
    after its end, or starts where it starts and ends after it. So, going through the starts in order, the
    furthest end each category reached from earlier starts, and the spans of the same start, tell it
    without comparing every pair of spans (entries with many labels made that the glossary's costliest step).
    """
    nested: set[int] = set()
    reach: dict[str, int] = {}            # category -> furthest end of its spans that start before this start
    starts: dict[int, list[int]] = {}
    for i, span in enumerate(spans):
        if span[0] >= 0:
            starts.setdefault(span[0], []).append(i)
    for start in sorted(starts):
        same = starts[start]
        for i in same:
            _, end, category, _, _ = spans[i]
            if any(e >= end for c, e in reach.items() if c != category) or \
                    any(spans[j][1] > end and spans[j][2] != category for j in same):
                nested.add(i)
        for i in same:
            reach[spans[i][2]] = max(reach.get(spans[i][2], -1), spans[i][1])
    return nested


def _hits(ctx: Context, lang: str, text: str, headers: str) -> dict[tuple[str, str], set[str]]:
    """(category, term) -> labels of it in the text: each category's labels, leftmost longest.

    A translation's text is read with its language's inflections and compounds (wordlists.yaml), so
    'adviesdiensten' is 'adviesdienst' and 'communityforums' has 'forums'. A label with capitals in a NAMED
    category is an interface label or a name: it counts only as written ('Contact Support', not 'contact
    Support'). Column names count only in table headers. A match inside a longer match of another category
    ('Premier Support' inside 'Premier Support for Partners') is part of that name, not a term of its own.
    """
    words = load_wordlists()
    forms = None if lang == ctx.source_lang else (words.words(lang, "inflections"), words.number(lang, "compound_min"))
    in_text = dict(zip(IN_TEXT, ctx.glossary.find_each(IN_TEXT, text, lang, forms)))
    in_headers = dict(zip(IN_HEADERS, ctx.glossary.find_each(IN_HEADERS, headers, lang, forms)))
    spans: list[Span] = []
    for category in CATEGORIES:
        scanned, found = (headers, in_headers[category]) if category in in_headers else (text, in_text[category])
        for pos, slug, label in found:
            if category in NAMED and label not in scanned and not _has_lowercase_label(ctx, category, slug, label, lang):
                continue   # a capitalised interface label or name, not written as such here
            spans.append((pos, pos + len(label), category, slug, label) if category != "columns" else
                         (-1, -1, category, slug, label))
    nested = _nested(spans)
    found_terms: dict[tuple[str, str], set[str]] = {}
    for i, (_, _, category, slug, label) in enumerate(spans):
        if i not in nested:
            found_terms.setdefault((category, slug), set()).add(label)
    for category, slug, label in ctx.glossary.find_avoided(text, lang):
        found_terms.setdefault((category, slug), set()).add(label)
    return found_terms


@dataclass
class Uses:
    """Where one language's pages use one term: each rendering's first entry, the entries using the term and
    those missing it, in entry order. Made per document group and merged in document order (merge_uses)."""
    seen: dict[str, str] = field(default_factory=dict)         # rendering -> first entry using it
    entries: dict[str, None] = field(default_factory=dict)
    missing: dict[str, None] = field(default_factory=dict)


TermUses = dict[tuple[str, tuple[str, str]], Uses]   # (language, (category, term)) -> its uses


def term_uses(ctx: Context) -> TermUses:
    """The uses of every term in the context's documents (one group, or all)."""
    hits: dict[tuple[str, str, str], dict[tuple[str, str], set[str]]] = {}
    for doc in ctx.documents:
        for entry in doc.entries:
            body = " ".join(s for _, s in entry_sentences(entry))
            tables = [b.table for b in entry.blocks if b.table]
            cells = " ".join(c.plain for t in tables for row in t.rows for c in row)
            headers = " ".join(c.plain for t in tables for row in t.rows[:1] for c in row)
            hits[(doc.lang, doc.doc, entry.id)] = _hits(ctx, doc.lang, f"{entry.heading} {body} {cells}", headers)
    # One pass over the entries gathers, per (language, term), the entries using it and those missing it, in
    # entry order; looping over every term for every entry was terms x entries steps.
    uses: TermUses = {}
    for (lg, doc, entry_id), found in hits.items():
        for key, labels in found.items():
            use = _use(uses, (lg, key))
            for label in sorted(labels):
                use.seen.setdefault(label, entry_id)
            use.entries[entry_id] = None
        if lg != ctx.source_lang:
            for key in hits.get((ctx.source_lang, doc, entry_id), {}):
                if key not in found:
                    _use(uses, (lg, key)).missing[entry_id] = None
    return uses


def _use(uses: TermUses, key: tuple[str, tuple[str, str]]) -> Uses:
    """The term's uses, new when there are none yet (made only then: setdefault made one for every call)."""
    use = uses.get(key)
    if use is None:
        use = uses[key] = Uses()
    return use


def merge_uses(total: TermUses, part: TermUses) -> None:
    """Add a later group's uses to those of the groups before it (first entries stay first)."""
    for key, use in part.items():
        into = total.get(key)
        if into is None:   # the first group to use the term: its uses, copied
            total[key] = Uses(dict(use.seen), dict(use.entries), dict(use.missing))
            continue
        for label, entry_id in use.seen.items():
            into.seen.setdefault(label, entry_id)
        into.entries.update(use.entries)
        into.missing.update(use.missing)


def rows_of(uses: TermUses, langs: tuple[str, ...], source_lang: str, glossary: Glossary) -> list[Row]:
    """The table, per language and glossary term, from the uses of every document."""
    rows: list[Row] = []
    for lang in langs:
        for term in glossary.terms:
            if not term.slug or term.category not in CATEGORIES:
                continue
            use = uses.get((lang, (term.category, term.slug)))
            if use is None or not use.seen and not use.missing:
                continue
            rows.append({"lang": lang, "category": term.category, "term": term.slug,
                         "english": term.label(source_lang), "label": term.label(lang),
                         "renderings": ";".join(renderings := _base_forms(list(use.seen), lang)),
                         "rendering_entries": ";".join(use.seen[r] for r in renderings),
                         "entries": ";".join(use.entries), "missing": ";".join(use.missing)})
    return rows


def build(ctx: Context) -> list[Row]:
    return rows_of(term_uses(ctx), ctx.langs, ctx.source_lang, ctx.glossary)
