"""plans: one row per support plan and language, gathering what every other table says about it.

Built last, from the other tables' rows (never from prose again): services and
how to buy come from `plan_claims`, which keeps each statement with its sentence,
its place and, for an inferred claim, its rule.
"""
from __future__ import annotations

from .base import LANG, Context, Field, Resource, Row, of
from .plan_claims import EVERY_PLAN

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
            Field("advisory_services", "boolean", "True where a claim (plan_claims) says advisory services are included"),
            Field("onsite_support", "boolean", "True where a claim (plan_claims) says onsite support is included"),
            Field("services_entry", "string", "Entry of the plan comparison that states advisory and onsite services"),
            Field("inferred", "string", "Claims that hold for this plan only by an inference rule (plan_claims.rule), "
                                        "as claim:rule, ';'-separated"),
            Field("portals", "string", "Portals for a new request (request_portals), ';'-separated"),
            Field("lcs_identifiers", "string", "Identifiers that link the plan in Lifecycle Services, ';'-separated"),
            Field("how_to_buy", "string", "Sentences saying how to buy the plan, ' | '-separated"),
            Field("how_to_buy_entries", "string", "Entries those sentences come from, ';'-separated"),
            Field("doc", "string", "Document of the plan's response times (main source)"),
            Field("named_alone", "boolean", "True where a one-word name of the plan is no common word, so it names "
                                            "the plan alone in running text and pages link it (glossary `named_alone`)")),
    primary_key=("lang", "plan"),
)

def family(plan: str) -> str:
    return "unified" if plan.startswith("unified") else plan


def own_name(plan: str, seen: list[str], lang: str, gloss) -> str:
    """The plan's name as first written for it alone ('Unified Core/Advanced' names two plans)."""
    alone = [name for name in seen if "/" not in name or gloss.lookup("plans", name, lang) == plan]
    return alone[0] if alone else gloss.term("plans", plan).label(lang)


def _join(values) -> str:
    return ";".join(dict.fromkeys(v for v in values if v))


def _service(claims: list[Row], service: str) -> bool | None:
    """True when a claim says the service is included (stated or inferred); None when nothing says so."""
    return True if any(c["claim"] == service and c["value"] == "included" for c in claims) else None


def _by_plan(rows: list[Row]) -> dict[tuple[str, str], list[tuple[int, Row]]]:
    """(language, plan) -> its rows with their places in the table, in table order: each plan's rows are looked
    up once per table instead of by a pass over the whole table per plan (tables grow with the corpus)."""
    grouped: dict[tuple[str, str], list[tuple[int, Row]]] = {}
    for i, r in enumerate(rows):
        grouped.setdefault((r.get("lang"), r.get("plan")), []).append((i, r))
    return grouped


def _rows_of(grouped: dict[tuple[str, str], list[tuple[int, Row]]], lang: str, *plans: str) -> list[Row]:
    """The rows of a language naming any of the plans, in table order."""
    return [r for _, r in sorted(p for plan in dict.fromkeys(plans) for p in grouped.get((lang, plan), ()))]


def build(ctx: Context) -> list[Row]:
    built = ctx.built
    gloss = ctx.glossary
    tables = {table: _by_plan(built.get(table, []))
              for table in ("request_portals", "response_times", "lcs_entitlements", "plan_claims")}
    rows: list[Row] = []
    for lang in ctx.langs:
        plans: dict[str, list[str]] = {}
        for table, label_field in (("request_portals", "plan_label"), ("response_times", "plan_label"),
                                   ("lcs_entitlements", "benefit_label"), ("plan_claims", "named_as")):
            for r in of(built, table, lang=lang):
                if r["plan"] and r["plan"] != EVERY_PLAN and not r.get("rule"):   # an inferred claim names no plan
                    label = r[label_field]
                    named = table != "lcs_entitlements" or gloss.lookup("plans", label, lang) == r["plan"]
                    plans.setdefault(r["plan"], []).extend([label] if named else [])   # not 'X on-premises incidents'
        for plan in sorted(plans):
            times = _rows_of(tables["response_times"], lang, plan)
            claims = _rows_of(tables["plan_claims"], lang, plan)
            buying = [c for c in claims if c["claim"] == "how-to-buy"]
            services = [c for c in claims if c["claim"] in ("advisory-services", "onsite-support")]
            fam = family(plan)
            rows.append({
                "lang": lang, "plan": plan, "label": own_name(plan, plans[plan], lang, gloss),
                "names": _join(plans[plan]),
                "family": fam, "severities": _join(r["severity"] for r in times),
                "fastest_minutes": min((r["max_minutes"] for r in times if r["max_minutes"] is not None), default=None),
                "around_the_clock": _join(r["severity"] for r in times if r["around_the_clock"]),
                "advisory_services": _service(claims, "advisory-services"),
                "onsite_support": _service(claims, "onsite-support"),
                "services_entry": next((c["entry"] for c in services if c["value"] == "included"), ""),
                "inferred": _join(f"{c['claim']}:{c['rule']}" for c in claims if c["rule"]),
                "portals": _join(r["portal"] for r in _rows_of(tables["request_portals"], lang, plan, fam)),
                "lcs_identifiers": _join(r["identifier"]
                                         for r in _rows_of(tables["lcs_entitlements"], lang, plan, fam)),
                "how_to_buy": " | ".join(dict.fromkeys(c["statement"] for c in buying)),
                "how_to_buy_entries": _join(c["entry"] for c in buying),
                "doc": times[0]["doc"] if times else (claims[0]["doc"] if claims else ""),
                "named_alone": bool(getattr(gloss.term("plans", plan), "named_alone", False)),
            })
    return rows
