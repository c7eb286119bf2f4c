"""What readers call the tables, their columns and their rows; and values as a reader writes them.

The tables hold canonical keys ("emea", "max_minutes", 240); people read "EMEA", "end time", "< 4 hours".
The English words here are marked with N_() for the gettext catalogs (babel.cfg scans this file), so the site
shows them in the page's language and `extract diff --format markdown` in English. Row names come from the
data: a key slug is named by the glossary table in the wanted language, a FAQ entry by its question.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .tables.base import source_lang


def N_(message: str) -> str:
    """Mark a word for the catalog where it is defined; it is translated where it is shown."""
    return message


TABLE_NAMES = {
    "faq": N_("FAQ"), "response_times": N_("Initial response times"), "business_hours": N_("Business hours"),
    "support_languages": N_("Support languages"), "request_portals": N_("Where to file a support request"),
    "contact_portals": N_("How to contact support"), "licensing_support": N_("Licensing support"),
    "commitments": N_("Time commitments"), "plans": N_("Support plans"), "glossary": N_("Terms"),
    "ui_labels": N_("Interface labels"), "plan_claims": N_("What the documents say about each plan"), "china_contacts": N_("21Vianet support contacts"), "blocks": N_("Answers"),
}
COLUMN_NAMES = {
    "max_minutes": N_("maximum response time"), "around_the_clock": N_("around the clock"), "start": N_("start time"),
    "end": N_("end time"), "tz": N_("time zone"), "timezone": N_("time zone"), "days": N_("days"),
    "days_label": N_("days"), "exclusions": N_("exclusions"), "exclusions_label": N_("exclusions"),
    "hours": N_("hours"), "hours_label": N_("hours"), "portal": N_("portal"), "portal_label": N_("portal"),
    "region_label": N_("region"), "product_label": N_("product"), "plan_label": N_("plan"),
    "channel_label": N_("channel"), "language_label": N_("language"), "severity_label": N_("severity"),
    "impact": N_("business impact"), "situation": N_("situation"), "statement": N_("statement"),
    "availability": N_("availability"), "footnote": N_("footnote"), "url": N_("address"),
    "question": N_("question"), "answer": N_("answer"), "section": N_("section"), "kind": N_("kind"),
    "subject": N_("subject"), "minutes": N_("time"), "bound": N_("bound"), "plan": N_("plan"),
    "tz_reading": N_("time zone reading"), "tz_reason": N_("why the time zone is read so"),
    "tz_ambiguous": N_("time zone ambiguous"), "rule": N_("inference rule"), "rule_note": N_("how it was inferred"),
    "claim": N_("claim"), "value": N_("value"), "named_as": N_("named as"), "stated_minutes": N_("stated times"),
}
# Canonical values shown as words (hours of support_languages, booleans).
VALUE_NAMES = {"all-day": N_("all day"), "business-hours": N_("business hours only"), True: N_("yes"), False: N_("no"),
               "fixed-offset": N_("a fixed offset from UTC"), "zone-with-dst": N_("a zone with daylight saving"),
               "zone-without-dst": N_("a zone without daylight saving"),
               "customer-local": N_("the customer's local time")}
# Columns that name or place a row rather than state a fact: a change to them alone is not shown as a line.
IDENTITY_COLUMNS = ("section_id", "anchor", "entry", "line", "position", "matched")
# Key columns named through the glossary table, by glossary category.
KEY_CATEGORIES = {"region": "regions", "language": "languages", "plan": "plans", "severity": "severities",
                  "portal": "portals", "product": "products", "channel": "channels"}
ROW_KEYS = {"faq": ("id",), "response_times": ("severity", "plan"), "business_hours": ("region",),
            "support_languages": ("language", "region"), "request_portals": ("product", "plan"),
            "contact_portals": ("product", "portal"), "licensing_support": ("channel",), "commitments": ("entry",),
            "plans": ("plan",), "plan_claims": ("plan", "claim")}
# Columns whose value is a slug or a ';'-separated list of slugs of one glossary category.
VALUE_CATEGORIES = {"portal": "portals", "portals": "portals", "severities": "severities", "region": "regions",
                    "language": "languages", "plan": "plans", "product": "products", "channel": "channels"}
MINUTE_COLUMNS = ("max_minutes", "minutes", "fastest_minutes")
NONE = N_("(none)")
FORMATTING_ONLY = N_("only the formatting changed")
# The columns Names.from_tables reads of each table: a reader holding a table compactly can hand over just these
# (the FAQ's answers are most of its bytes), and a site rebuild knows the names are the same while these are.
NAME_COLUMNS: dict[str, tuple[str, ...]] = {"documents": ("lang", "original_lang"),
                                            "glossary": ("lang", "label", "category", "term"),
                                            "faq": ("id", "lang", "question", "matched")}


@dataclass
class Names:
    """Row names and value words in one language, from the tables (glossary and FAQ) and a translate function."""
    lang: str
    glossary: dict[tuple[str, str], str] = field(default_factory=dict)   # (category, slug) -> label
    questions: dict[str, str] = field(default_factory=dict)              # FAQ entry id -> question
    own: set[tuple[str, str]] = field(default_factory=set)               # names above that are in `lang`
    translate: Callable[[str], str] = lambda message: message            # noqa: E731  (English: as is)
    duration: Callable[[int], str] = lambda minutes: english_duration(minutes)  # noqa: E731
    source_lang: str = ""      # the originals' language, where names not in `lang` come from

    @classmethod
    def from_tables(cls, data: dict[str, list[dict]], lang: str, **kwargs) -> "Names":
        """Names in `lang`, falling back to the originals' language (documents.original_lang) where it has none."""
        kwargs.setdefault("source_lang", source_lang(data) or lang)
        source = kwargs["source_lang"]
        glossary, questions, own = {}, {}, set()
        for wanted in dict.fromkeys((source, lang)):   # the original's first, the language's own names win
            for r in data.get("glossary", []):
                if r["lang"] == wanted and r["label"]:
                    glossary[(r["category"], r["term"])] = r["label"]
                    if wanted == lang:
                        own.add((r["category"], r["term"]))
            for r in data.get("faq", []):
                if r["lang"] == wanted and r["question"] and (wanted == source or r.get("matched", True)):
                    questions[r["id"]] = r["question"]
                    if wanted == lang:
                        own.add(("faq", r["id"]))
        return cls(lang, glossary, questions, own, **kwargs)

    def key_part(self, column: str, value: str) -> tuple[str, bool] | None:
        """A key value's name, and whether it is in this language."""
        if column in KEY_CATEGORIES and (KEY_CATEGORIES[column], value) in self.glossary:
            ref = (KEY_CATEGORIES[column], value)
            return self.glossary[ref], ref in self.own
        if column in ("id", "entry") and value in self.questions:
            return self.questions[value], ("faq", value) in self.own
        return None

    def question(self, entry: str) -> tuple[str, str] | None:
        """A FAQ entry's question (or section title) and its language, if any document has one."""
        found = self.key_part("id", entry)
        return (found[0], self.lang if found[1] else self.source_lang) if found else None

    def row_named(self, table: str, key: dict, fallback: str = "") -> tuple[str, str]:
        """('EMEA' | 'Standard · Unified Advanced' | a FAQ question, its language); else the fallback (in the
        originals' language)."""
        parts = [self.key_part(column, str(key.get(column, ""))) for column in ROW_KEYS.get(table, ())]
        if parts and all(parts):
            return " · ".join(dict.fromkeys(p[0] for p in parts)), \
                self.lang if all(p[1] for p in parts) else self.source_lang
        return fallback or " · ".join(str(v) for k, v in key.items() if k not in ("lang", "doc") and v), \
            self.source_lang

    def row(self, table: str, key: dict, fallback: str = "") -> str:
        return self.row_named(table, key, fallback)[0]

    def table(self, table: str) -> str:
        return self.translate(TABLE_NAMES.get(table, table))

    def column(self, column: str) -> str:
        return self.translate(COLUMN_NAMES.get(column, column))

    def value_lang(self, column: str, value) -> str:
        """The language a value is shown in: this one when named here or free of words, else the originals' (as
        written)."""
        shown = self.value(column, value)
        return self.lang if shown != str(value) or not any(c.isalpha() for c in shown) else self.source_lang

    def value(self, column: str, value) -> str:
        """A cell value as a reader writes it: '< 4 hours', 'all day', 'yes', '(none)'."""
        if value is None or value == "" or value == "(none)":
            return self.translate(NONE)
        if column in MINUTE_COLUMNS and str(value).isdigit():
            return self.duration(int(value))
        if isinstance(value, bool) or value in ("True", "False"):
            return self.translate(VALUE_NAMES[value in (True, "True")])
        if column in VALUE_CATEGORIES:
            slugs = str(value).split(";")
            named = [self.glossary.get((VALUE_CATEGORIES[column], slug)) for slug in slugs]
            if all(named):
                return ", ".join(named)
        return self.translate(VALUE_NAMES[value]) if value in VALUE_NAMES else str(value)


MINUTES_PER_HOUR = 60
# A language's plural forms: (singular msgid, plural msgid, n) -> the text for n (English: the msgids themselves);
# called `ngettext` where used, so the catalog extraction finds its msgids.
Plural = Callable[[str, str, int], str]


def english_plural(singular: str, plural: str, n: int) -> str:
    return (singular if n == 1 else plural) % {"num": n}


def duration_text(minutes: int, ngettext: Plural = english_plural) -> str:
    """'2 hours' for 120, '30 minutes' for 30: a whole number of hours in hours, as the documents write response
    times, anything else in minutes (the tables keep minutes)."""
    if minutes and minutes % MINUTES_PER_HOUR == 0:
        return ngettext("%(num)s hour", "%(num)s hours", minutes // MINUTES_PER_HOUR)
    return ngettext("%(num)s minute", "%(num)s minutes", minutes)


def english_duration(minutes: int) -> str:
    """'< 2 hours' / '< 30 minutes', for `extract diff --format markdown` (the site uses its catalog)."""
    return f"< {duration_text(minutes)}"
