"""data/answers.<lang>.json: the instant answers the search box shows above the page results.

When a query names a plan and a severity, a region, a product or a contact channel, the search script
answers it from this file: "Professional Direct · Severity B: < 2 hours, business hours", with the link
to the answer that states it. Everything comes from the tables: values and labels from the fact tables,
the names customers type from the labels and the `search_terms` vocabulary. No language's words here.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TypedDict

from extract.atomic import replacing

from . import catalog
from .catalog import N_
from .publish import DATA_FOLDER
from .site import Renderer, Spec
from .units import response_time_text

AROUND_THE_CLOCK, BUSINESS_HOURS = N_("around the clock"), N_("business hours")
LOCAL_TIME = N_("local time")
# Categories of names a query can contain; `contacts` are channels (phone, portal) of the vocabulary.
CATEGORIES = ("plans", "severities", "regions", "products", "contacts")
# An answer as json.dumps(answer, ensure_ascii=False, sort_keys=True) writes it, with one encoder for all of them
# (json.dumps makes a new one per call when given options: a large corpus has tens of thousands of answers).
_ANSWER_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


class Answer(TypedDict, total=False):
    kind: str          # response | hours | portal | contact
    plan: str
    severity: str
    region: str
    product: str
    contact: str
    title: str
    text: str
    url: str           # the portal's address, where the answer is a portal
    source: str        # path from the site root of the answer that states it


def names(tables, lang: str) -> dict[str, dict[str, list[str]]]:
    """category -> key -> every name of it: labels from the fact tables, then the vocabulary's words."""
    out: dict[str, dict[str, dict[str, None]]] = {c: {} for c in CATEGORIES}

    def add(category: str, key: str, *labels: str) -> None:
        out[category].setdefault(key, {}).update(dict.fromkeys(l for l in labels if l))

    for r in tables.rows("plans", lang=lang):
        add("plans", r["plan"], r["label"], *r["names"].split(";"))
    for r in tables.rows("response_times", lang=lang):
        add("severities", r["severity"], r["severity_label"])
    for r in tables.rows("business_hours", lang=lang):
        add("regions", r["region"], r["region_label"])
    for r in tables.rows("request_portals", lang=lang):
        add("products", r["product"], r["product_label"])
    for r in tables.rows("search_terms", lang=lang):
        category, _, key = r["concept"].partition("/")
        if category in out and key:
            add(category, key, r["term"])
    return {c: {k: list(v) for k, v in keys.items()} for c, keys in out.items()}


def answers(tables, renderer: Renderer, lang: str) -> Iterator[Answer]:
    """The instant answers of a language, one at a time (a large corpus has tens of thousands: they are written as
    they are made, not held)."""
    t = lambda msg, **v: catalog.translate(lang, msg, **v)  # noqa: E731

    def source(row: dict) -> str:
        return renderer.target(renderer.page_of(row.get("doc", "")), lang, row.get("entry", ""))

    plan_label = {r["plan"]: r["label"] for r in tables.rows("plans", lang=lang)}
    contacts: set[str] = set()   # the channels answered already
    for r in tables.rows("response_times", lang=lang):
        if r["max_minutes"] is None:
            continue
        when = t(AROUND_THE_CLOCK) if r["around_the_clock"] else t(BUSINESS_HOURS)
        yield {"kind": "response", "plan": r["plan"], "severity": r["severity"],
               "title": f"{plan_label.get(r['plan'], r['plan_label'])} · {r['severity_label']}",
               "text": f"{response_time_text(r['max_minutes'], lang)}, {when}", "source": source(r)}
    for r in tables.rows("business_hours", lang=lang):
        yield {"kind": "hours", "region": r["region"], "title": r["region_label"],
               "text": f"{r['start']}–{r['end']} {r['timezone'] or t(LOCAL_TIME)}, {r['days_label']}",
               "source": source(r)}
    for r in tables.rows("request_portals", lang=lang):
        yield {"kind": "portal", "product": r["product"], "plan": r["plan"],
               "title": f"{r['product_label']} · {plan_label.get(r['plan'], r['plan_label'])}",
               "text": r["portal_label"], "url": r["url"], "source": source(r)}
    contact_rows = tables.rows("contact_portals", lang=lang)
    for r in tables.rows("search_terms", lang=lang):
        category, _, channel = r["concept"].partition("/")
        entries = [t.split(":", 1)[1] for t in r["targets"].split(";") if t.startswith("entry:")]
        if category != "contacts" or not entries or channel in contacts:
            continue
        contacts.add(channel)
        question = next(iter(tables.rows("faq", lang=lang, id=entries[0])), None)
        source_path = renderer.target(renderer.page_of(question["doc"] if question else ""), lang, entries[0])
        for c in contact_rows:
            yield {"kind": "contact", "contact": channel, "title": c["product_label"], "text": c["portal_label"],
                   "url": c["url"], "source": source_path}


def answers_file(lang: str) -> str:
    """The instant answers' file of a language, from the site root."""
    return f"{DATA_FOLDER}/answers.{lang}.json"


def answers_spec(lang: str) -> Spec:
    """The instant answers of a language as the page ledger knows them (reuse.Fingerprints): a file made from what
    it reads of the tables, rewritten only when that changed, as a page is."""
    return Spec("answers", "answers", lang, "")


def write_answers(path: Path, tables, renderer: Renderer, lang: str) -> None:
    """A language's answers file, loaded by the search script on the first query: {"answers": [...], "names":
    {...}}, as json.dumps(sort_keys=True) writes it, an answer at a time. Replaced whole or not at all: the file may
    be the previous site's, linked, and a build that fails half-way must not leave part of one (the site is
    flushed to disk as a whole before it is published, extract/atomic.py)."""
    with replacing(path, sync=False) as out:
        out.write(b'{"answers": [')
        for i, answer in enumerate(answers(tables, renderer, lang)):
            out.write(((", " if i else "") + _ANSWER_JSON(answer)).encode("utf-8"))
        vocabulary = json.dumps(names(tables, lang), ensure_ascii=False, sort_keys=True)
        out.write(f'], "names": {vocabulary}}}'.encode("utf-8"))
