"""commitments: every time commitment stated anywhere in prose.

A sentence that states a duration together with a commitment (a response,
an acknowledgement, time invested) is a commitment; tables of response times
have their own resource. Keyed by entry and order within the entry.
"""
from __future__ import annotations

import re

from ..language import first_kind, search
from ..normalize import around_the_clock, parse_durations
from .base import (LANG, Context, Field, Resource, Row, iter_items, provenance, provenance_fields,
                   split_sentences, tables_of)

RESOURCE = Resource(
    name="commitments",
    title="Time commitments",
    description="Durations the documents commit to, in prose: response, acknowledgement, effort.",
    fields=(LANG,
            Field("id", "string", "Entry id and the commitment's order in it, e.g. report-production-outage-1"),
            Field("kind", "string", "What is committed", enum=("initial-response", "acknowledgement", "effort", "other")),
            Field("subject", "string", "What the commitment applies to, as written (severity, impact, plan)"),
            Field("plan", "string", "Support plans the commitment is stated for, ';'-separated, where the sentence, its "
                                    "table row or the label its paragraph opens with names them ('Premier/Unified "
                                    "Support: ...')"),
            Field("minutes", "integer", "The duration in minutes"),
            Field("bound", "string", "max (within, less than), up-to (at most this much effort)", enum=("max", "up-to")),
            Field("around_the_clock", "boolean", "True when the sentence says the clock runs all day"),
            Field("statement", "string", "The sentence as written"),
            *provenance_fields()),
    primary_key=("lang", "doc", "id"),
)


def classify(sentence: str, lang: str) -> str:
    """What a sentence commits to: the first of the language's commitment_kinds whose words it has."""
    return first_kind(lang, "commitment_kinds", sentence) or "other"


def table_sentences(entry, lang: str):
    """(line, sentence, row label) in table cells, except the severity table (it has its own resource)."""
    for _, block, table in tables_of(entry):
        for r, row in enumerate(table.rows):
            for cell in row:
                if not parse_durations(cell.plain, lang) or ":" in cell.plain.split(" ")[0] or "<" in cell.plain:
                    continue
                for sentence in split_sentences(cell.plain):
                    yield cell.line or table.row_line(r), sentence, row[0].plain


# Leading spaces are taken once (possessive) and at most three blanks stand before the colon: on a line of a
# million spaces, an unbounded run there was scanned again for every possible label length.
_LEAD = re.compile(r"^\s*+(?:\*\*)?(?P<lead>[^:*\n]{2,60}?)(?:\*\*)?[ \t]{0,3}:\s*(?:\*\*)?\s+\S")


def _lead(text: str) -> str:
    """The label a text opens with, or ''. _LEAD needs a colon: a text without one (most) is not tried, since the
    lazy label part would be tried at up to sixty lengths there before failing."""
    m = _LEAD.match(text) if ":" in text else None
    return m.group("lead") if m else ""


def prose_sentences(entry):
    """(line, sentence, lead) of an entry's prose; the lead is the label a paragraph or item opens with
    ('**Premier/Unified Support**: Depending on ...'), which says whom all its sentences are about."""
    for block in entry.blocks:
        texts: list[tuple[int, str, str]] = []
        if block.kind in ("paragraph", "note", "footnotes") and block.text:
            texts = [(block.line, block.text.plain, block.text.markdown)]
        elif block.kind == "list":
            texts = [(item.line or block.line, item.text.plain, item.text.markdown) for item in iter_items(block.items)]
            texts += [(n.line, n.text.plain, n.text.markdown) for item in iter_items(block.items) for n in item.notes
                      if n.text]
        for line, text, markdown in texts:
            lead = _lead(markdown) or _lead(text)
            for sentence in split_sentences(text):
                yield line, sentence, lead


def build(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for doc in ctx.documents:
        for entry in doc.entries:
            n = 0
            for line, sentence, row_label in (*prose_sentences(entry), *table_sentences(entry, doc.lang)):
                durations = parse_durations(sentence, doc.lang)
                if not durations:   # most sentences: classified only when they state a duration
                    continue
                kind = classify(sentence, doc.lang)
                if kind == "other":
                    continue
                n += 1
                subject = search(doc.lang, "commitment_subject", sentence)
                named = ctx.glossary.find_all("plans", f"{row_label} {sentence}".replace("/", " / "), doc.lang)
                rows.append({"lang": doc.lang, "id": f"{entry.id}-{n}", "kind": kind,
                             "subject": subject.group(0) if subject else entry.heading,
                             "plan": ";".join(dict.fromkeys(slug for _, slug, _ in named)),
                             "minutes": durations[0].minutes,
                             "bound": "up-to" if search(doc.lang, "up_to", sentence) else "max",
                             "around_the_clock": around_the_clock(sentence, doc.lang), "statement": sentence,
                             **provenance(doc, entry, line)})
    return rows
