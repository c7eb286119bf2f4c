"""business_hours: local business hours per region.

Read from the business-hours table, or, in revisions before that table
existed, from sentences such as "For North America, business hours are
defined as 6 AM to 6 PM Pacific Time, Monday through Friday".
Start and end are kept as the text states them, even when the text is wrong.
"""
from __future__ import annotations

from ..model import Document, Entry
from ..normalize import parse_days, parse_exclusions, parse_time_range, parse_timezone
from .base import (LANG, Context, Field, Resource, Row, entry_sentences, header_columns, provenance,
                   provenance_fields, tables_of_kind)

REGIONS = ("asia-pacific", "japan", "emea", "north-america", "other")

RESOURCE = Resource(
    name="business_hours",
    title="Local business hours",
    description="Business hours per region, as stated (table or prose).",
    fields=(
        LANG,
        Field("region", "string", "Region slug", enum=REGIONS),
        Field("region_label", "string", "Region as written"),
        Field("start", "string", "Start of business hours, 24-hour HH:MM, as stated"),
        Field("end", "string", "End of business hours, 24-hour HH:MM, as stated"),
        Field("hours_label", "string", "Hours as written"),
        Field("timezone", "string", "Time zone as written (empty when none is stated)"),
        Field("tz", "string", "IANA zone or UTC±HH:MM offset; empty for the customer's local time or when unknown"),
        Field("days", "string", "Days as a canonical range such as mon-fri"),
        Field("days_label", "string", "Days as written"),
        Field("exclusions", "string", "Excluded days, canonical and space-separated (holidays, weekends)"),
        Field("exclusions_label", "string", "Exclusions as written"),
        *provenance_fields(),
    ),
    primary_key=("lang", "doc", "region"),
)


def _row(doc: Document, entry: Entry, line: int, region: str, region_label: str, hours: str,
         days: str, exclusions: str) -> Row:
    span = parse_time_range(hours)
    zone = parse_timezone(hours)
    return {"lang": doc.lang, "region": region, "region_label": region_label,
            "start": span.start if span else None, "end": span.end if span else None,
            "hours_label": hours, "timezone": zone.label if zone else "", "tz": zone.iana if zone else "",
            "days": parse_days(days) or "", "days_label": days,
            "exclusions": parse_exclusions(exclusions) or "", "exclusions_label": exclusions,
            **provenance(doc, entry, line)}


def from_tables(ctx: Context) -> list[Row]:
    rows = []
    for doc, entry, table, en_table in tables_of_kind(ctx, "business-hours"):
        cols = header_columns(en_table.rows[0], ctx.glossary)
        idx = {name: cols.index(name) if name in cols else i
               for i, name in enumerate(("region", "local-hours", "days", "exclusions"))}
        for r, row in enumerate(table.rows[1:], start=1):
            if len(row) < 4:
                continue
            label = row[idx["region"]].plain
            region = ctx.glossary.lookup("regions", label, doc.lang) or ctx.glossary.lookup("regions", label)
            if region is None:
                region = ctx.glossary.lookup("regions", en_table.rows[r][idx["region"]].plain, "en")
                ctx.note(doc, entry, table.row_line(r), "unrecognised",
                         f"region '{label}' is not in the glossary" + (f"; keyed as '{region}' by its English row" if region else ""))
            if region is None or region not in REGIONS:
                continue
            if table.confidence and table.confidence[r] == "none":
                continue
            hours = " ".join(row[idx["local-hours"]].text.lines)
            out = _row(doc, entry, table.row_line(r), region, label, hours,
                       row[idx["days"]].plain, row[idx["exclusions"]].plain)
            if out["start"] is None:
                ctx.note(doc, entry, table.row_line(r), "unrecognised", f"{region}: no time range in '{hours}'")
            rows.append(out)
    return rows


def from_prose(ctx: Context, doc: Document) -> list[Row]:
    """Sentences naming a region and a time range, in entries about business hours."""
    rows: dict[str, Row] = {}
    for entry in doc.entries:
        if "business hours" not in entry.heading.lower() and "kantooruren" not in entry.heading.lower():
            continue
        for line, sentence in entry_sentences(entry):
            span = parse_time_range(sentence)
            found = ctx.glossary.find_all("regions", sentence, doc.lang)
            if not span or not found:
                continue
            _, region, label = found[0]
            if region in REGIONS and region not in rows:
                days = sentence if parse_days(sentence) else ""
                rows[region] = _row(doc, entry, line, region, label, sentence, days, sentence)
    return list(rows.values())


def build(ctx: Context) -> list[Row]:
    rows = from_tables(ctx)
    covered = {(r["doc"], r["lang"]) for r in rows}
    for doc in ctx.documents:
        if (doc.doc, doc.lang) not in covered:
            rows.extend(from_prose(ctx, doc))
    return rows
