"""licensing_support: where to get licensing support, per way of buying the licences."""
from __future__ import annotations

from .base import LANG, Context, Field, Resource, Row, provenance, provenance_fields, tables_of_kind
from .portals import portals_in

RESOURCE = Resource(
    name="licensing_support",
    title="Licensing support",
    description="Where licensing support is given, per licensing channel.",
    fields=(LANG,
            Field("channel", "string", "Licensing channel slug"),
            Field("channel_label", "string", "Channel as written"),
            Field("portal", "string", "Portal slug, or partner"),
            Field("portal_label", "string", "Where to go, as written"),
            *provenance_fields()),
    primary_key=("lang", "doc", "channel"),
)


def build(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    gloss = ctx.glossary
    for doc, entry, table, en_table in tables_of_kind(ctx, "licensing"):
        for r, (row, en_row) in enumerate(zip(table.rows, en_table.rows)):
            if len(row) < 2 or not row[0].plain or (table.confidence and table.confidence[r] == "none"):
                continue
            channel = (gloss.lookup("channels", row[0].plain, doc.lang) or gloss.lookup("channels", row[0].plain)
                       or gloss.lookup("channels", en_row[0].plain, doc.original_lang))
            if channel is None:
                ctx.note(doc, entry, table.row_line(r), "unrecognised", f"licensing channel '{row[0].plain}' is unknown")
                continue
            found = portals_in(row[1], gloss, doc.lang)
            slug = found[0][0] if found else ""
            if not found:
                ctx.note(doc, entry, row[1].line or table.row_line(r), "unrecognised", f"no known portal in '{row[1].plain}'")
            rows.append({"lang": doc.lang, "channel": channel, "channel_label": row[0].plain,
                         "portal": slug, "portal_label": row[1].plain, **provenance(doc, entry, table.row_line(r))})
    return rows
