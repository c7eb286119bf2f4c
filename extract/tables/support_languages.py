"""support_languages: which language is supported where, and when.

The languages table has one column per language group and one cell per
group saying where and when; a cell line that names its own languages
("Spanish/Portuguese available to customers in South America") narrows the
group for that line.
"""
from __future__ import annotations

from ..normalize import around_the_clock
from .base import (LANG, Context, Field, Resource, Row, provenance, provenance_fields, states_business_hours,
                   tables_of_kind)

RESOURCE = Resource(
    name="support_languages",
    title="Support languages",
    description="Languages in which support is given, per region, with the hours they are available.",
    fields=(
        LANG,
        Field("language", "string", "Language slug"),
        Field("language_label", "string", "Language as written in the column header"),
        Field("region", "string", "Region slug where the language is available (global for everywhere)"),
        Field("hours", "string", "all-day or business-hours, as the cell states", enum=("all-day", "business-hours", "")),
        Field("around_the_clock", "boolean", "True when the cell says all day, every day"),
        Field("footnote", "string", "Footnote marker on the header or cell"),
        Field("availability", "string", "The cell line as written"),
        *provenance_fields(),
    ),
    primary_key=("lang", "doc", "language", "region"),
)


def build(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for doc, entry, table, en_table in tables_of_kind(ctx, "support-languages"):
        gloss = ctx.glossary
        header = table.rows[0]
        en_header = en_table.rows[0]
        seen: set[tuple[str, str]] = set()
        for c, head in enumerate(header):
            groups = [(slug, label) for _, slug, label in gloss.find_all("languages", head.plain, doc.lang)]
            if not groups:
                groups = [(slug, label) for _, slug, label in gloss.find_all("languages", en_header[c].plain,
                                                                             doc.original_lang)]
            for body in table.rows[1:]:
                if c >= len(body):
                    continue
                cell = body[c]
                for k, line in enumerate(cell.text.lines):
                    if not line:
                        continue
                    named = {slug for _, slug, _ in gloss.find_all("languages", line, doc.lang)}
                    langs = [g for g in groups if g[0] in named] or groups
                    regions = [slug for _, slug, _ in gloss.find_all("regions", line, doc.lang)]
                    if not regions:
                        ctx.note(doc, entry, cell.line_of(k), "unrecognised", f"no region named in '{line}'")
                        continue
                    atc = around_the_clock(line, doc.lang)
                    hours = "all-day" if atc else ("business-hours" if states_business_hours(gloss, line, doc.lang)
                                                   else "")
                    for slug, label in langs:
                        for region in regions:
                            if (slug, region) in seen:
                                continue
                            seen.add((slug, region))
                            rows.append({"lang": doc.lang, "language": slug, "language_label": label,
                                         "region": region, "hours": hours, "around_the_clock": atc,
                                         "footnote": head.text.footnote or cell.text.footnote,
                                         "availability": line, **provenance(doc, entry, cell.line_of(k))})
    return rows
