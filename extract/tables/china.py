"""china_contacts: 21Vianet phone numbers with their hours, per kind of support."""
from __future__ import annotations

import re

from ..anchors import slugify
from ..language import first_kind, kinds, search
from ..manifest import Role
from ..normalize import parse_days, parse_phones, parse_time_range, parse_timezone
from .base import (LANG, Context, Field, Resource, Row, entry_sentences, provenance, provenance_fields,
                   states_business_hours)

RESOURCE = Resource(
    name="china_contacts",
    title="21Vianet support contacts in China",
    description="Phone numbers and hours of support operated by 21Vianet, per kind of support.",
    fields=(LANG,
            Field("kind", "string", "Kind of support: presales, billing, technical, or the section slug"),
            Field("kind_label", "string", "Section heading as written"),
            Field("phone", "string", "Phone number, + and digits"),
            Field("phone_label", "string", "Phone number as written"),
            Field("days", "string", "Days as a canonical range"),
            Field("start", "string", "Start of hours, HH:MM (empty when the section states none)"),
            Field("end", "string", "End of hours, HH:MM"),
            Field("timezone", "string", "Time zone as written"),
            Field("tz", "string", "IANA zone"),
            Field("hours_label", "string", "The sentence stating the hours"),
            Field("same_as", "string", "Kind of support whose phone number the section says this one shares"),
            Field("same_as_statement", "string", "The sentence making that claim"),
            Field("same_as_what", "string", "What the claim says is shared: phone, process (the online request "
                                            "process, i.e. the portal), ';'-separated"),
            Field("portal_url", "string", "The online portal the section links for requests (empty when none)"),
            *provenance_fields()),
    primary_key=("lang", "doc", "kind", "phone"),
)

_PHONE_AS_WRITTEN = re.compile(r"\+\d[\d\s().-]{6,}\d")


def build(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for doc in ctx.documents:
        if doc.role != Role.REGIONAL_OPERATOR.value:
            continue
        lang = doc.lang
        for entry in doc.entries:
            sentences = list(entry_sentences(entry))
            hours = next((s for _, s in sentences if parse_time_range(s, lang) or
                          states_business_hours(ctx.glossary, s, lang)), "")
            span = parse_time_range(hours, lang) if hours else None
            zone = parse_timezone(hours) if hours else None
            kind = first_kind(lang, "contact_kinds", entry.heading) or slugify(entry.heading)
            claim = next((s for _, s in sentences if search(lang, "shared_contact", s)), "")
            same_as = first_kind(lang, "contact_kinds", search(lang, "shared_contact", claim).group(1)) if claim else ""
            portal = next((link.url for block in entry.blocks if block.text for link in block.text.links
                           if ctx.glossary.find_all("portals", link.text)), "")
            shared = [what for what, words in kinds(lang, "shared_what") if words.search(claim)]
            seen = set()
            for line, sentence in sentences:
                for raw in _PHONE_AS_WRITTEN.findall(sentence):
                    phone = parse_phones(raw)[0]
                    if phone in seen:
                        continue
                    seen.add(phone)
                    rows.append({"lang": doc.lang, "kind": kind, "kind_label": entry.heading, "phone": phone,
                                 "phone_label": raw, "days": parse_days(hours, lang) or "" if hours else "",
                                 "start": span.start if span else "", "end": span.end if span else "",
                                 "timezone": zone.label if zone else "", "tz": zone.iana if zone else "",
                                 "hours_label": hours, "same_as": same_as, "same_as_statement": claim,
                                 "same_as_what": ";".join(shared) if same_as else "", "portal_url": portal,
                                 **provenance(doc, entry, line)})
    return rows
