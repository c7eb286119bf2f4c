"""china_contacts: 21Vianet phone numbers with their hours, per kind of support."""
from __future__ import annotations

import re

from ..anchors import slugify
from ..normalize import parse_days, parse_phones, parse_time_range, parse_timezone
from .base import LANG, Context, Field, Resource, Row, entry_sentences, provenance, provenance_fields

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

_SAME = re.compile(r"same (?:tele)?phone number.*?\b(?:for|as with|as)\s+(\w[\w-]*)", re.I)
KINDS = (("presales", "presales"), ("pre-sales", "presales"), ("billing", "billing"), ("technical", "technical"))


def build(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for doc in ctx.documents:
        if "21vianet" not in doc.doc.lower() and "21vianet" not in doc.title.lower():
            continue
        for entry in doc.entries:
            sentences = list(entry_sentences(entry))
            hours = next((s for _, s in sentences if parse_time_range(s) or "business hours" in s.lower()), "")
            span = parse_time_range(hours) if hours else None
            zone = parse_timezone(hours) if hours else None
            kind = next((k for key, k in KINDS if key in entry.heading.lower()), slugify(entry.heading))
            claim = next((s for _, s in sentences if _SAME.search(s)), "")
            same_as = next((k for key, k in KINDS if claim and key in _SAME.search(claim).group(1).lower()), "")
            portal = next((link.url for block in entry.blocks if block.text for link in block.text.links
                           if ctx.glossary.find_all("portals", link.text)), "")
            shared = [what for what, words in (("phone", ("number",)), ("process", ("process",)))
                      if any(w in claim.lower() for w in words)]
            seen = set()
            for line, sentence in sentences:
                for raw in re.findall(r"\+\d[\d\s().-]{6,}\d", sentence):
                    phone = parse_phones(raw)[0]
                    if phone in seen:
                        continue
                    seen.add(phone)
                    rows.append({"lang": doc.lang, "kind": kind, "kind_label": entry.heading, "phone": phone,
                                 "phone_label": raw, "days": parse_days(hours) or "" if hours else "",
                                 "start": span.start if span else "", "end": span.end if span else "",
                                 "timezone": zone.label if zone else "", "tz": zone.iana if zone else "",
                                 "hours_label": hours, "same_as": same_as, "same_as_statement": claim,
                                 "same_as_what": ";".join(shared) if same_as else "", "portal_url": portal,
                                 **provenance(doc, entry, line)})
    return rows
