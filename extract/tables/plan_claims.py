"""plan_claims: one row per statement about a support plan, so every "yes" on a plan page links to its sentence.

Claims come from three places, each a general rule:
- the plan comparison table: a service (glossary `terms`: advisory services, onsite support) named in the
  row of a plan is `included`;
- prose: a sentence that names a service with a "not included" phrase (extract/wordlists.yaml) is
  `not-included` for the plans it names, or, after an exclusion word ("outside of Premier or Unified"), for
  every other plan the documents know;
- the purchasing entries: a sentence about buying that names a plan is its `how-to-buy` (a plan after an
  origin word, "move from Subscription to Professional Direct", is where one starts, not what is bought);
- a question whose heading names a plan `describes` it.

A claim the text states for a plan by name has an empty `rule`. A claim carried over to other plans is an
inference and says so: `family` (stated for the family name, "Premier/Unified", and applied to each of its
tiers, "Unified Core") or `exclusion` (stated for "plans outside X").
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from collections.abc import Iterator

import re

from ..glossary import fold
from ..language import search
from ..model import Document, Entry
from ..wordlists import load_wordlists
from .base import (LANG, Context, Field, Resource, Row, entry_sentences, provenance, provenance_fields,
                   split_sentences, tables_of_kind)

CLAIMS = ("advisory-services", "onsite-support", "how-to-buy", "response-clock", "described")
SERVICES = ("advisory-services", "onsite-support")
VALUES = ("included", "not-included", "stated")
RULES = ("", "family", "exclusion")
PLAN_TABLES = ("request_portals", "response_times", "lcs_entitlements")   # tables whose rows name plans
EVERY_PLAN = "*"   # a statement about all plans alike ("Support plans may be purchased either online or ...")

RESOURCE = Resource(
    name="plan_claims",
    title="What the documents say about each plan",
    description="One row per statement about a support plan: a service included or not, how to buy it, the "
                "question that describes it; with the sentence, its place, and the rule when it is inferred.",
    fields=(LANG,
            Field("plan", "string", "Support plan slug; * for a purchase sentence naming no plan but several "
                                    "channels (an alternative the document allows for every plan)"),
            Field("claim", "string", "What is said: a service, how to buy, or a question describing the plan",
                  enum=CLAIMS),
            Field("value", "string", "included / not-included for a service, stated otherwise", enum=VALUES),
            Field("statement", "string", "The sentence or table cell as written"),
            Field("named_as", "string", "The plan name as the statement writes it"),
            Field("channel", "string", "For how-to-buy and response-clock: purchase channels named (online, reseller, "
                                       "account-manager; wordlists.yaml), ';'-separated; for response-clock the "
                                       "clock the sentence counts in"),
            Field("rule", "string", "Empty when the statement names the plan itself; family or exclusion when the "
                                    "claim is inferred by that rule", enum=RULES),
            Field("rule_note", "string", "How the inference was made, for a person"),
            Field("position", "integer", "1, 2, ...: the statement's order among the plan's claims of this kind in "
                                         "the entry, so the key does not move with line numbers"),
            *provenance_fields()),
    primary_key=("lang", "doc", "plan", "claim", "entry", "position"),
)


def family(plan: str) -> str:
    return "unified" if plan.startswith("unified") else plan


def entries_in(ctx: Context, lang: str) -> Iterator[tuple[Document, Entry]]:
    """Every entry of the documents in one language, with its document."""
    for doc in ctx.documents:
        if doc.lang == lang:
            for entry in doc.entries:
                yield doc, entry


def known_plans(built: dict[str, list[Row]], lang: str) -> list[str]:
    """Plans the tables built so far name in this language (the universe an exclusion ranges over)."""
    plans: dict[str, None] = {}
    for table in PLAN_TABLES:
        for r in built.get(table, []):
            if r["lang"] == lang and r.get("plan"):
                plans.setdefault(r["plan"], None)
    return list(plans)


def _claim(doc: Document, entry: Entry, line: int, plan: str, claim: str, value: str, statement: str,
           named_as: str, rule: str = "", note: str = "", channel: str = "") -> Row:
    return {"lang": doc.lang, "plan": plan, "claim": claim, "value": value, "statement": statement,
            "named_as": named_as, "channel": channel, "rule": rule, "rule_note": note,
            **provenance(doc, entry, line)}


def _services(ctx: Context, text: str, lang: str) -> list[str]:
    return list(dict.fromkeys(slug for _, slug, _ in ctx.glossary.find_all("terms", text, lang) if slug in SERVICES))


def comparison_statements(ctx: Context, lang: str) -> list[tuple[Row, list[str]]]:
    """(claim without its plan, plans the row names) for each service a comparison row names: the plans of a
    family the row names are known only when every document is read (from_comparison)."""
    out = []
    for doc, entry, table, en_table in tables_of_kind(ctx, "plan-comparison"):
        if doc.lang != lang:
            continue
        for r, (row, en_row) in enumerate(zip(table.rows, en_table.rows)):
            original = doc.original_lang
            named = [slug for _, slug, _ in ctx.glossary.find_all("plans", en_row[0].plain.replace("/", " / "), original)]
            line = row[-1].line or table.row_line(r)
            for service in _services(ctx, row[-1].plain, lang) or _services(ctx, en_row[-1].plain, original):
                said = next((s for s in split_sentences(row[-1].plain) if service in _services(ctx, s, lang)),
                            row[-1].plain)   # the sentence of the cell that names the service
                out.append((_claim(doc, entry, line, "", service, "included", said, row[0].plain), named))
    return out


def from_comparison(statements: list[tuple[Row, list[str]]], plans: list[str]) -> list[Row]:
    rows = []
    for claim, named in statements:
        rows += [{**claim, "plan": plan} for plan in named]
        rows += [{**claim, "plan": plan, "rule": "family",
                  "rule_note": f"stated for '{claim['named_as']}', which names the plan's family"}
                 for plan in plans if plan not in named and family(plan) in named]
    return rows


def _plans_named(ctx: Context, sentence: str, lang: str) -> list[tuple[int, str, str]]:
    """Plans named in a sentence. A plan's name is a proper name: it must start with a capital as written
    ("Subscription", "Abonnement"), so the common word ("a subscription", "uw abonnement") is not a plan."""
    spaced = sentence.replace("/", " / ")
    out = []
    for pos, slug, label in ctx.glossary.find_all("plans", spaced, lang):
        written = [m.group(0) for m in re.finditer(r"(?<!\w)" + re.escape(label) + r"(?!\w)", spaced, re.I)]
        if any(w[:1].isupper() for w in written):
            out.append((pos, slug, label))
    return out


# A prose statement: the claim without plan and service, the services it names, and either the plans it names
# (targets) or, after an exclusion word, the plans it spares and the rule's note (every other plan is known only
# when every document is read: from_prose).
ProseStatement = tuple[Row, list[str], list[str] | None, set[str], str]


def prose_statements(ctx: Context, lang: str) -> list[ProseStatement]:
    words = load_wordlists()
    out: list[ProseStatement] = []
    for doc, entry in entries_in(ctx, lang):
        for line, sentence in entry_sentences(entry):
            if not words.has(lang, "not_included", sentence):   # asked first: most sentences have no such phrase
                continue
            services = _services(ctx, sentence, lang)
            if not services:
                continue
            named = _plans_named(ctx, sentence, lang)
            exclusion = words.find(lang, "exclusion", sentence)
            label = ", ".join(dict.fromkeys(lbl for _, _, lbl in named))
            claim = _claim(doc, entry, line, "", "", "not-included", sentence, label)
            if exclusion:
                after = [(pos, slug, label) for pos, slug, label in named if pos > exclusion[0][0]]
                note = f"stated for plans outside {', '.join(label for _, _, label in after)}"
                out.append((claim, services, None, {slug for _, slug, _ in after}, note))
            else:
                out.append((claim, services, [slug for _, slug, _ in named], set(), ""))
    return out


def from_prose(statements: list[ProseStatement], plans: list[str]) -> list[Row]:
    rows = []
    for claim, services, named, spared, note in statements:
        targets = [(slug, "", "") for slug in named] if named is not None else \
            [(p, "exclusion", note) for p in plans if p not in spared and family(p) not in spared]
        for service in services:
            for plan, rule, rule_note in targets:
                rows.append({**claim, "plan": plan, "claim": service, "rule": rule, "rule_note": rule_note})
    return rows


def _about_buying(text: str, lang: str) -> bool:
    """The text speaks of buying (the language's purchase_context stems)."""
    return search(lang, "purchase_context", fold(text)) is not None


def from_purchasing(ctx: Context, lang: str) -> list[Row]:
    """Purchase sentences of the purchasing entries; a plan after an origin word ('from X') is not bought."""
    words = load_wordlists()
    rows = []
    for doc, entry in entries_in(ctx, lang):
        question_about_buying = _about_buying(entry.heading, lang)
        if not question_about_buying and not _about_buying(entry.section, lang):
            continue
        for line, sentence in entry_sentences(entry):
            if not question_about_buying and not _about_buying(sentence, lang):
                continue   # in a purchasing section, only the sentences about buying
            folded = fold(sentence.replace("/", " / "))
            named = _plans_named(ctx, sentence, lang)
            channels = words.channels_in(lang, sentence)
            if not named and len(channels) > 1:   # 'either online or through an Enterprise Agreement'
                rows.append(_claim(doc, entry, line, EVERY_PLAN, "how-to-buy", "stated", sentence, "",
                                   channel=";".join(channels)))
            for pos, slug, label in named:
                before = folded[:pos].split()
                if before and any(before[-1] == w for w in words.words(lang, "origin")):
                    continue
                rows.append(_claim(doc, entry, line, slug, "how-to-buy", "stated", sentence, label,
                                   channel=";".join(words.channels_in(lang, sentence))))
    return rows


# The glossary terms a sentence names when it says how response times are counted (from_response_clock).
CLOCK_TERMS = ("initial-response-time", "business-hours")


def _may_name_all(ctx: Context, folded: str, lang: str, slugs: tuple[str, ...]) -> bool:
    """Whether a label (in `lang`) of each of these terms occurs in the folded text. A label the glossary finds,
    with an ending or inside a compound, is in the text as written: a text without one cannot name them all, and
    is not scanned (most sentences, which name neither)."""
    for slug in slugs:
        term = ctx.glossary.term("terms", slug)
        if term is None or not any(fold(label) in folded for label in term.labels.get(lang, ())):
            return False
    return True


def from_response_clock(ctx: Context, lang: str) -> list[Row]:
    """A sentence saying how initial response times are counted for plans ('calculated using business-hours
    support for subscription-based support'). Plan words count here in any case: the sentence uses them as
    modifiers."""
    rows = []
    for doc, entry in entries_in(ctx, lang):
        for line, sentence in entry_sentences(entry):
            flat = sentence.replace("-", " ")   # 'business-hours support'
            if not _may_name_all(ctx, fold(flat), lang, CLOCK_TERMS):
                continue
            terms = {slug for _, slug, _ in ctx.glossary.find_forms(
                "terms", flat, lang, load_wordlists().words(lang, "inflections"))}
            if not all(slug in terms for slug in CLOCK_TERMS):
                continue
            for _, slug, label in ctx.glossary.find_all("plans", flat, lang):
                rows.append(_claim(doc, entry, line, slug, "response-clock", "stated", sentence, label,
                                   channel="business-hours"))
    return rows


def from_headings(ctx: Context, lang: str) -> list[Row]:
    """A question naming a plan describes it (Premier Support for Partners has no table row of its own)."""
    rows = []
    for doc, entry in entries_in(ctx, lang):
        if entry.kind != "question":
            continue
        for _, slug, label in _plans_named(ctx, entry.heading, lang):
            rows.append(_claim(doc, entry, entry.line, slug, "described", "stated", entry.heading, label))
    return rows


@dataclass
class Statements:
    """What one group of documents states about plans in one language, before every plan is known (a family's
    or an exclusion's plans range over all documents): made per document group, merged by `claims`."""
    comparison: list[tuple[Row, list[str]]]
    prose: list[ProseStatement]
    stated: list[list[Row]]   # purchasing, response clock, headings: claims that need no other plan


def statements(ctx: Context, lang: str) -> Statements:
    return Statements(comparison_statements(ctx, lang), prose_statements(ctx, lang),
                      [from_purchasing(ctx, lang), from_response_clock(ctx, lang), from_headings(ctx, lang)])


def claims(found: list[Statements], plans: list[str]) -> list[Row]:
    """One language's claims from its groups' statements (in document order), numbered per plan and entry."""
    ordered = [*from_comparison([s for f in found for s in f.comparison], plans),
               *from_prose([s for f in found for s in f.prose], plans),
               *(row for rule in range(len(found[0].stated) if found else 0) for f in found for row in f.stated[rule])]
    rows: list[Row] = []
    seen = set()
    positions: Counter = Counter()
    for row in ordered:
        claim = tuple(row[k] for k in ("lang", "doc", "plan", "claim", "entry"))
        if (claim, row["line"]) not in seen:   # one statement found by two rules is one claim
            seen.add((claim, row["line"]))
            positions[claim] += 1
            rows.append({**row, "position": positions[claim]})
    return rows


def build(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for lang in ctx.langs:
        rows += claims([statements(ctx, lang)], known_plans(ctx.built, lang))
    return rows
