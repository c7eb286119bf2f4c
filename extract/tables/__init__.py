"""The tables stage: one module per table family, each defining RESOURCE (its Table Schema) and build(ctx).

RESOURCES is the order of building and of the data package: later builders read earlier tables (plans and the
glossary read the fact tables). Nothing here reads revisions, checks or presentation: the history stage
(extract/history.py) and the checks (extract/checks/) come after and read these tables.
"""
from __future__ import annotations

from typing import Callable, Iterable

from . import (blocks, business_hours, china, commitments, documents, faq, glossary_table, lcs, licensing, notes,
               plan_claims, plans, portals, response_times, search_terms, support_languages)
from .base import Context, Resource, Row

Tables = dict[str, list[Row]]

RESOURCES: tuple[tuple[Resource, Callable[[Context], list[Row]]], ...] = (
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


def in_lang_order(rows: Iterable[Row], langs: tuple[str, ...]) -> list[Row]:
    """Rows grouped by language in the corpus's order, each language's rows in the order they came (a stable
    sort: document order); a row of a language not listed goes last."""
    order = {lang: i for i, lang in enumerate(langs)}
    return sorted(rows, key=lambda r: order.get(r.get("lang", ""), len(order)))


def build_tables(ctx: Context) -> Tables:
    """Run every builder in order; rows come out grouped by language, in document order."""
    for resource, build in RESOURCES:
        ctx.built[resource.name] = in_lang_order(build(ctx), ctx.langs)
    return ctx.built
