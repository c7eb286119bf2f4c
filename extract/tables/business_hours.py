"""business_hours: local business hours per region.

Read from the business-hours table, or, in revisions before that table
existed, from sentences such as "For North America, business hours are
defined as 6 AM to 6 PM Pacific Time, Monday through Friday".
Start and end are kept as the text states them, even when the text is wrong.
"""
from __future__ import annotations

from ..model import Document, Entry
from datetime import datetime
from zoneinfo import ZoneInfo

from ..normalize import Zone, parse_days, parse_exclusions, parse_offset, parse_time_range, parse_timezone
from .base import (LANG, Context, Field, Resource, Row, entry_sentences, header_columns, provenance, states_business_hours,
                   provenance_fields, tables_of_kind)

REGIONS = ("asia-pacific", "japan", "emea", "north-america", "other", "china")
READINGS = ("fixed-offset", "zone-with-dst", "zone-without-dst", "customer-local", "")
# Winter and summer days on which a zone's two offsets are compared. A fixed year keeps the tables
# byte-identical from run to run; tzdata is pinned (requirements.lock), so the answer only changes with it.
REFERENCE_DAYS = (datetime(2024, 1, 15, 12), datetime(2024, 7, 15, 12))

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
        Field("tz_reading", "string", "How the zone is read: fixed-offset (the same all year), zone-with-dst (a zone "
                                      "that moves in summer), zone-without-dst, customer-local", enum=READINGS),
        Field("tz_reason", "string", "Why it is read so, for a person"),
        Field("tz_ambiguous", "boolean", "True when the text names a zone with daylight saving and also a fixed "
                                         "offset that holds only part of the year ('CET (UTC +1)')"),
        Field("days", "string", "Days as a canonical range such as mon-fri"),
        Field("days_label", "string", "Days as written"),
        Field("exclusions", "string", "Excluded days, canonical and space-separated (holidays, weekends)"),
        Field("exclusions_label", "string", "Exclusions as written"),
        *provenance_fields(),
    ),
    primary_key=("lang", "doc", "region"),
)


def _offset(minutes: float) -> str:
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{int(abs(minutes)) // 60:02d}:{int(abs(minutes)) % 60:02d}"


def zone_reading(zone: Zone | None, text: str) -> tuple[str, str, bool]:
    """(reading, reason, ambiguous) for the time zone of a business-hours statement."""
    if zone is None:
        return "", "no time zone is stated", False
    if zone.local:
        return ("customer-local", f"'{zone.label}': the customer's own local time, with daylight saving where it "
                                  f"is observed there", False)
    if zone.iana.startswith("UTC"):
        return "fixed-offset", f"'{zone.label}' is an offset from UTC: the same all year, no daylight saving", False
    winter, summer = (ZoneInfo(zone.iana).utcoffset(day).total_seconds() / 60 for day in REFERENCE_DAYS)
    if winter == summer:
        return ("zone-without-dst", f"'{zone.label}' names the zone {zone.iana}, which keeps {_offset(winter)} all "
                                    f"year", False)
    reason = (f"'{zone.label}' names the zone {zone.iana}, which moves from {_offset(winter)} to {_offset(summer)} "
              f"in summer")
    written = parse_offset(text)
    if written is not None and written in (winter, summer):
        season = "winter" if written == winter else "summer"
        return ("zone-with-dst", f"{reason}; the offset written beside it, {_offset(written)}, holds only in "
                                 f"{season}: read as the zone, so the hours follow daylight saving", True)
    return "zone-with-dst", reason, False


def _row(doc: Document, entry: Entry, line: int, region: str, region_label: str, hours: str,
         days: str, exclusions: str) -> Row:
    span = parse_time_range(hours, doc.lang)
    zone = parse_timezone(hours)
    reading, reason, ambiguous = zone_reading(zone, hours)
    return {"lang": doc.lang, "region": region, "region_label": region_label,
            "start": span.start if span else None, "end": span.end if span else None,
            "hours_label": hours, "timezone": zone.label if zone else "", "tz": zone.iana if zone else "",
            "tz_reading": reading, "tz_reason": reason, "tz_ambiguous": ambiguous,
            "days": parse_days(days, doc.lang) or "", "days_label": days,
            "exclusions": parse_exclusions(exclusions, doc.lang) or "", "exclusions_label": exclusions,
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
                region = ctx.glossary.lookup("regions", en_table.rows[r][idx["region"]].plain, doc.original_lang)
                ctx.note(doc, entry, table.row_line(r), "unrecognised",
                         f"region '{label}' is not in the glossary" + (f"; keyed as '{region}' by its original row" if region else ""))
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


def _about_business_hours(ctx: Context, text: str, lang: str) -> bool:
    return states_business_hours(ctx.glossary, text, lang)


def from_prose(ctx: Context, doc: Document) -> list[Row]:
    """Sentences with a time range that name a region, or speak of business hours on a page about one region
    (the 21Vianet page: 'Monday through Friday during local business hours, 9:00 to 18:00 China Standard Time');
    in entries about business hours, or sentences that say business hours."""
    rows: dict[str, Row] = {}
    page_regions = ctx.glossary.find_all("regions", doc.title, doc.lang)
    for entry in doc.entries:
        heading = _about_business_hours(ctx, entry.heading, doc.lang)
        for line, sentence in entry_sentences(entry):
            span = parse_time_range(sentence, doc.lang)
            if not span or not (heading or _about_business_hours(ctx, sentence, doc.lang)):
                continue
            found = ctx.glossary.find_all("regions", sentence, doc.lang) or page_regions
            if not found:
                continue
            _, region, label = found[0]
            if region in REGIONS and region not in rows:
                days = sentence if parse_days(sentence, doc.lang) else ""
                rows[region] = _row(doc, entry, line, region, label, sentence, days, sentence)
    return list(rows.values())


def build(ctx: Context) -> list[Row]:
    rows = from_tables(ctx)
    covered = {(r["doc"], r["lang"]) for r in rows}
    for doc in ctx.documents:
        if (doc.doc, doc.lang) not in covered:
            rows.extend(from_prose(ctx, doc))
    return rows
