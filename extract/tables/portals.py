"""request_portals and contact_portals: where to file a request, per product (and plan).

A portal is recognised by the URL of its link (English) or by its label
(translations lose their links in the scrape), both from the glossary; a cell
that sends you to a partner instead of a portal is the `partner` channel.
"""
from __future__ import annotations

from urllib.parse import urlparse

from ..anchors import slugify
from ..glossary import Glossary
from ..model import Cell, Document
from .base import LANG, Context, Field, Resource, Row, provenance, provenance_fields, tables_of_kind

_PORTAL_FIELDS = (
    Field("portal", "string", "Portal slug (partner = through a partner, no portal)"),
    Field("portal_label", "string", "Portal as written"),
    Field("url", "string", "Link as given in the source (empty where the source has none)"),
)

REQUEST_RESOURCE = Resource(
    name="request_portals",
    title="Where to file a support request",
    description="Portal for a new support request per product and support plan.",
    fields=(LANG,
            Field("product", "string", "Product slug"),
            Field("product_label", "string", "Product as written"),
            Field("plan", "string", "Support plan slug (column of the table)"),
            Field("plan_label", "string", "Plan column header as written"),
            *_PORTAL_FIELDS, *provenance_fields()),
    primary_key=("lang", "doc", "product", "plan"),
)

CONTACT_RESOURCE = Resource(
    name="contact_portals",
    title="How to contact support",
    description="Support portal per service or product; a product with alternatives has one row per portal.",
    fields=(LANG,
            Field("product", "string", "Product or service slug"),
            Field("product_label", "string", "Product or service as written"),
            *_PORTAL_FIELDS,
            Field("position", "integer", "Order of the alternative within the cell (1 = first)"),
            *provenance_fields()),
    primary_key=("lang", "doc", "product", "portal"),
)


def portals_in(cell: Cell, glossary: Glossary, lang: str) -> list[tuple[str, str, str]]:
    """(slug, label, url) for each portal a cell names, in order."""
    found: list[tuple[str, str, str]] = []
    for link in cell.text.links:
        slug = _portal_by_url(link.url, glossary) or glossary.lookup("portals", link.text)
        if slug:
            found.append((slug, link.text, link.url))
    if found:
        return found
    for _, slug, label in glossary.find_all("portals", cell.plain, lang):
        if all(f[0] != slug for f in found):
            found.append((slug, cell.plain if slug == "partner" else label, ""))
    return found[:1] if found and found[0][0] == "partner" else found


def _portal_by_url(url: str, glossary: Glossary) -> str | None:
    parsed = urlparse(url)
    for term in glossary.category("portals"):
        if term.url:
            canon = urlparse(term.url)
            if parsed.netloc == canon.netloc and parsed.path.rstrip("/").startswith(canon.path.rstrip("/")):
                return term.slug
    return None


def product_slug(label: str, glossary: Glossary, lang: str, english: str, original_lang: str) -> str:
    """Slug of a product label: exact glossary label, else a glossary label it starts with, else its own slug;
    `english` is the original's label (in `original_lang`)."""
    for text, lg in ((label, lang), (english, original_lang)):
        exact = glossary.lookup("products", text, lg)
        if exact:
            return exact
        leading = [slug for pos, slug, _ in glossary.find_all("products", text, lg) if pos == 0]
        if leading:
            return leading[0]
    return slugify(english or label)


def _expand(row: list[Cell]) -> list[Cell]:
    """A row with each cell repeated over its colspan."""
    return [cell for cell in row for _ in range(cell.colspan)]


def _row_products(doc: Document, row: list[Cell], en_row: list[Cell],
                  glossary: Glossary) -> list[tuple[str, str, int]]:
    """(slug, label, source line) of each product the row's first cell names (one per cell line)."""
    cell = row[0]
    lines = [(k, ln) for k, ln in enumerate(cell.text.lines) if ln]
    en_lines = [ln for ln in en_row[0].text.lines if ln]
    if len(lines) != len(en_lines):
        lines = lines[:1] if lines else []
        en_lines = en_lines[:1]
    return [(product_slug(ln, glossary, doc.lang, en, doc.original_lang), ln, cell.line_of(k)) for (k, ln), en in zip(lines, en_lines)]


def _plan_columns(row: list[Cell], headers: list[list[tuple[str, str]]]) -> list[tuple[tuple[str, str], Cell]]:
    """((plan, plan label), cell) pairs of a body row.

    A row under the latest header pairs its cells with that header's plan columns. A row whose one
    cell spans every plan column says the same whatever the plan: it applies to the plans of every
    header above it (a sub-header for on-premises plans does not narrow a row that spans them all).
    """
    columns = headers[-1]
    body = row[1:]
    if len(body) == 1 and body[0].colspan >= len(columns):
        seen: dict[str, tuple[str, str]] = {}
        for header in headers:
            for plan, label in header:
                seen.setdefault(plan, (plan, label))
        return [(p, body[0]) for p in seen.values()]
    return list(zip(columns, _expand(row)[1:]))


def build_request(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    gloss = ctx.glossary
    for doc, entry, table, en_table in tables_of_kind(ctx, "request-portals"):
        headers: list[list[tuple[str, str]]] = []
        for r, (row, en_row) in enumerate(zip(table.rows, en_table.rows)):
            en_plans = [gloss.lookup("plans", c.plain, doc.original_lang) for c in en_row]
            if sum(1 for p in en_plans if p) >= 2:   # a header row (re)defines the plan columns
                labels = [c.plain for c in row]
                headers.append([(slug, label) for slug, label in zip(en_plans, labels) if slug])
                continue
            if not headers or not row or (table.confidence and table.confidence[r] == "none"):
                continue
            products = _row_products(doc, row, en_row, gloss)
            for (plan, plan_label), cell in _plan_columns(row, headers):
                found = portals_in(cell, gloss, doc.lang)
                if not found:
                    ctx.note(doc, entry, cell.line or table.row_line(r), "unrecognised",
                             f"no known portal in '{cell.plain[:60]}' ({plan})")
                    continue
                slug, label, url = found[0]
                for product, product_label, line in products:
                    rows.append({"lang": doc.lang, "product": product, "product_label": product_label,
                                 "plan": plan, "plan_label": plan_label, "portal": slug,
                                 "portal_label": label, "url": url, **provenance(doc, entry, line)})
    return _unique(rows, REQUEST_RESOURCE.primary_key)


def build_contact(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    gloss = ctx.glossary
    for doc, entry, table, en_table in tables_of_kind(ctx, "contact-portals"):
        for r, (row, en_row) in enumerate(zip(table.rows[1:], en_table.rows[1:]), start=1):
            if len(row) < 2 or not row[1].plain or (table.confidence and table.confidence[r] == "none"):
                continue  # a group heading such as "**Product**" with no portal
            for product, product_label, line in _row_products(doc, row, en_row, gloss):
                found = portals_in(row[1], gloss, doc.lang)
                if not found:
                    ctx.note(doc, entry, line, "unrecognised", f"no known portal in '{row[1].plain[:60]}'")
                for position, (slug, label, url) in enumerate(found, start=1):
                    rows.append({"lang": doc.lang, "product": product, "product_label": product_label,
                                 "portal": slug, "portal_label": label, "url": url, "position": position,
                                 **provenance(doc, entry, line)})
    return _unique(rows, CONTACT_RESOURCE.primary_key)


def _unique(rows: list[Row], key: tuple[str, ...]) -> list[Row]:
    """Keep the first row per key: a later duplicate repeats, it does not add."""
    seen, out = set(), []
    for row in rows:
        k = tuple(row[f] for f in key)
        if k not in seen:
            seen.add(k)
            out.append(row)
    return out
