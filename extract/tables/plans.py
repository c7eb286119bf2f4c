"""plans: one row per support plan and language, gathering what every other table says about it.

Built last, from the other tables' rows (never from prose again), plus the
purchase sentences of the purchasing sections and the plan comparison table.
"""
from __future__ import annotations

import re

from .base import LANG, Context, Field, Resource, Row, entry_sentences, of, tables_of_kind

RESOURCE = Resource(
    name="plans",
    title="Support plans",
    description="Each support plan with its names and what the documents say about it.",
    fields=(LANG,
            Field("plan", "string", "Plan slug"),
            Field("label", "string", "Plan name as first written in this language"),
            Field("names", "string", "All names seen in this language, ';'-separated"),
            Field("family", "string", "Plan family: unified for the Unified tiers, else the plan itself"),
            Field("severities", "string", "Severities with a stated initial response time, ';'-separated"),
            Field("fastest_minutes", "integer", "Shortest initial response time stated for the plan"),
            Field("around_the_clock", "string", "Severities answered around the clock, ';'-separated"),
            Field("advisory_services", "boolean", "True where the plan comparison says advisory services are included"),
            Field("onsite_support", "boolean", "True where the plan comparison says onsite support is included"),
            Field("services_entry", "string", "Entry of the plan comparison that states advisory and onsite services"),
            Field("portals", "string", "Portals for a new request (request_portals), ';'-separated"),
            Field("lcs_identifiers", "string", "Identifiers that link the plan in Lifecycle Services, ';'-separated"),
            Field("how_to_buy", "string", "Sentences saying how to buy the plan, ' | '-separated"),
            Field("how_to_buy_entries", "string", "Entries those sentences come from, ';'-separated"),
            Field("doc", "string", "Document of the plan's response times (main source)")),
    primary_key=("lang", "plan"),
)

_BUY = re.compile(r"purchas|buy|\bkoop|kopen|aanschaf|available online|upgrade|inkoop", re.I)


def family(plan: str) -> str:
    return "unified" if plan.startswith("unified") else plan


def own_name(plan: str, seen: list[str], lang: str, gloss) -> str:
    """The plan's name as first written for it alone ('Unified Core/Advanced' names two plans)."""
    alone = [name for name in seen if "/" not in name or gloss.lookup("plans", name, lang) == plan]
    return alone[0] if alone else gloss.term("plans", plan).label(lang)


def _join(values) -> str:
    return ";".join(dict.fromkeys(v for v in values if v))


def build(ctx: Context) -> list[Row]:
    built = ctx.built
    gloss = ctx.glossary
    rows: list[Row] = []
    for lang in ctx.langs:
        plans: dict[str, list[str]] = {}
        for table, label_field in (("request_portals", "plan_label"), ("response_times", "plan_label"),
                                   ("lcs_entitlements", "benefit_label")):
            for r in of(built, table, lang=lang):
                if r["plan"]:
                    plans.setdefault(r["plan"], []).append(r[label_field])
        comparison: dict[str, str] = {}
        comparison_entry = ""
        for doc, entry, table, en_table in tables_of_kind(ctx, "plan-comparison"):
            if doc.lang != lang:
                continue
            comparison_entry = entry.id
            for row, en_row in zip(table.rows, en_table.rows):
                names = en_row[0].plain.replace("/", " / ")
                for _, slug, _ in gloss.find_all("plans", names, "en"):
                    comparison[slug] = row[-1].plain.lower()
                    plans.setdefault(slug, []).append(row[0].plain)
        buying: dict[str, list[tuple[str, str]]] = {}
        for doc in ctx.documents:
            if doc.lang != lang:
                continue
            for entry in doc.entries:
                if not _BUY.search(entry.heading) and not _BUY.search(entry.section):
                    continue
                for _, sentence in entry_sentences(entry):
                    if not _BUY.search(sentence):
                        continue
                    for _, slug, _ in gloss.find_all("plans", sentence, lang):
                        buying.setdefault(slug, []).append((sentence, entry.id))
        for plan in sorted(plans):
            times = of(built, "response_times", lang=lang, plan=plan)
            fam = family(plan)
            said = comparison.get(plan) or comparison.get(fam) or ""
            rows.append({
                "lang": lang, "plan": plan, "label": own_name(plan, plans[plan], lang, gloss),
                "names": _join(plans[plan]),
                "family": fam, "severities": _join(r["severity"] for r in times),
                "fastest_minutes": min((r["max_minutes"] for r in times if r["max_minutes"] is not None), default=None),
                "around_the_clock": _join(r["severity"] for r in times if r["around_the_clock"]),
                "advisory_services": True if ("advisory" in said or "advies" in said) else None,
                "onsite_support": True if ("onsite" in said or "op locatie" in said) else None,
                "services_entry": comparison_entry if said else "",
                "portals": _join(r["portal"] for r in of(built, "request_portals", lang=lang)
                                 if r["plan"] in (plan, fam)),
                "lcs_identifiers": _join(r["identifier"] for r in of(built, "lcs_entitlements", lang=lang)
                                         if r["plan"] in (plan, fam)),
                "how_to_buy": " | ".join(dict.fromkeys(s for s, _ in buying.get(plan, []))),
                "how_to_buy_entries": _join(e for _, e in buying.get(plan, [])),
                "doc": times[0]["doc"] if times else "",
            })
    return rows
