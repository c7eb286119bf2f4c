"""lcs_entitlements: which identifier links which support plan or benefit in Lifecycle Services.

The LCS page has a section on support plans with one subsection per kind of
identifier (contract ID/access ID, PartnerSource account, login, tenant,
Software Assurance), each listing the plans or incidents it brings.
"""
from __future__ import annotations

import re

from ..anchors import slugify
from ..language import first_kind, search
from ..manifest import Role
from ..wordlists import load_wordlists
from .base import LANG, Context, Field, Resource, Row, iter_items, provenance, provenance_fields, split_sentences

RESOURCE = Resource(
    name="lcs_entitlements",
    title="Lifecycle Services entitlements",
    description="Support plans and benefits per identifier that ties them to a project in Lifecycle Services.",
    fields=(LANG,
            Field("identifier", "string", "Identifier kind slug (from the subsection heading)"),
            Field("identifier_label", "string", "Identifier kind as written"),
            Field("benefit", "string", "Benefit slug (from the list item)"),
            Field("benefit_label", "string", "Plan or benefit as written"),
            Field("plan", "string", "Support plan slug, where the benefit is a known plan or starts with one's name"),
            Field("scope", "string", "on-premises or online as the item or its subsection's prose states it "
                                     "('The following online support plans'); empty when the text does not say",
                  enum=("on-premises", "online", "")),
            *provenance_fields()),
    primary_key=("lang", "doc", "identifier", "benefit"),
)

def identifier_slug(heading: str, lang: str) -> str:
    """The identifier a subsection is about, by the language's lcs_identifiers words; else its heading's slug."""
    return first_kind(lang, "lcs_identifiers", heading) or slugify(heading)


SCOPES = (("on-premises", "scope_on_premises"), ("online", "scope_online"))


def scope_of(text: str, lang: str) -> str:
    """The one scope a text states affirmatively ('' when it names none, both, or only negates one)."""
    words = load_wordlists()
    if words.has(lang, "negations", text):
        return ""   # "No online support plans can be utilized through the PSBC account" says what it is not
    named = [scope for scope, kind in SCOPES if words.has(lang, kind, text)]
    return named[0] if len(named) == 1 else ""


def entry_scope(entry, lang: str) -> tuple[str, int]:
    """(scope, line) the entry's own prose states for its list ('The following online support plans ...',
    'This account is only applicable in an on-premises project'); ('', 0) when it states none or several."""
    found = {}
    for block in entry.blocks:
        if block.kind in ("paragraph", "note") and block.text:
            for sentence in split_sentences(block.text.plain):
                scope = scope_of(sentence, lang)
                if scope:
                    found.setdefault(scope, block.line)
    return next(iter(found.items())) if len(found) == 1 else ("", 0)


def leading_plan(label: str, lang: str, glossary) -> str:
    """The plan a list item is about: its whole label, or a plan name it starts with
    ('Advanced support for partners on-premises incidents')."""
    exact = glossary.lookup("plans", label, lang) or glossary.lookup("plans", label)
    if exact:
        return exact
    leading = [slug for pos, slug, _ in glossary.find_all("plans", label, lang) if pos == 0]
    return leading[0] if leading else ""


def build(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for doc in ctx.documents:
        if doc.role != Role.LIFECYCLE_SERVICES.value:
            continue
        for entry in doc.entries:
            if entry.kind == "intro" or not search(doc.lang, "lcs_section", entry.section):
                continue
            if entry.id == entry.section_id:
                continue
            identifier = identifier_slug(entry.heading, doc.lang)
            stated_scope, _ = entry_scope(entry, doc.lang)
            for block in entry.blocks:
                if block.kind != "list":
                    continue
                for item in iter_items(block.items):
                    label = item.text.plain
                    scope = scope_of(label, doc.lang) or stated_scope
                    rows.append({"lang": doc.lang, "identifier": identifier, "identifier_label": entry.heading,
                                 "benefit": slugify(label)[:60], "benefit_label": label,
                                 "plan": leading_plan(label, doc.lang, ctx.glossary),
                                 "scope": scope, **provenance(doc, entry, item.line or block.line)})
    return rows
