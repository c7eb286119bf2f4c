"""lcs_entitlements: which identifier links which support plan or benefit in Lifecycle Services.

The LCS page has a section on support plans with one subsection per kind of
identifier (contract ID/access ID, PartnerSource account, login, tenant,
Software Assurance), each listing the plans or incidents it brings.
"""
from __future__ import annotations

import re

from ..anchors import slugify
from .base import LANG, Context, Field, Resource, Row, iter_items, provenance, provenance_fields

RESOURCE = Resource(
    name="lcs_entitlements",
    title="Lifecycle Services entitlements",
    description="Support plans and benefits per identifier that ties them to a project in Lifecycle Services.",
    fields=(LANG,
            Field("identifier", "string", "Identifier kind slug (from the subsection heading)"),
            Field("identifier_label", "string", "Identifier kind as written"),
            Field("benefit", "string", "Benefit slug (from the list item)"),
            Field("benefit_label", "string", "Plan or benefit as written"),
            Field("plan", "string", "Support plan slug, where the benefit is a known plan"),
            Field("scope", "string", "on-premises, online or empty when the text does not say",
                  enum=("on-premises", "online", "")),
            *provenance_fields()),
    primary_key=("lang", "doc", "identifier", "benefit"),
)

IDENTIFIER_SLUGS = (("contract id", "contract-access-id"), ("partnersource", "partnersource-account"),
                    ("login", "login"), ("tenant", "tenant-subscription"), ("software assurance", "software-assurance"))


def identifier_slug(heading: str) -> str:
    low = heading.lower()
    return next((slug for key, slug in IDENTIFIER_SLUGS if key in low), slugify(heading))


def build(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for doc in ctx.documents:
        for entry in doc.entries:
            if entry.kind == "intro" or not re.search(r"support plans? in (lifecycle services|lcs)", entry.section, re.I):
                continue
            if entry.id == entry.section_id:
                continue
            identifier = identifier_slug(entry.heading)
            for block in entry.blocks:
                if block.kind != "list":
                    continue
                for item in iter_items(block.items):
                    label = item.text.plain
                    plan = ctx.glossary.lookup("plans", label, doc.lang) or ctx.glossary.lookup("plans", label)
                    scope = "on-premises" if "on-premises" in label.lower() else ""
                    rows.append({"lang": doc.lang, "identifier": identifier, "identifier_label": entry.heading,
                                 "benefit": slugify(label)[:60], "benefit_label": label, "plan": plan or "",
                                 "scope": scope, **provenance(doc, entry, item.line or block.line)})
    return rows
