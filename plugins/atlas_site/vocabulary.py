"""The hidden search text of each answer: the words customers use for it, from the tables.

Pagefind finds a page only by words it contains. Customers type "ticket", "SLA" or "bellen", which the
documents do not use, and the old wording of a renamed question ("Do I get 24/7 support?"). Both are
in the tables: `search_terms` (the vocabulary, extract/vocabulary/) and `revision_changes` (questions
as older revisions asked them). Each target (an answer, a page, a plan-page section) gets them as one
hidden, weighted run of words right after its heading, between two markers the search script uses to
keep them out of the excerpts a reader sees.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import escape

# Around the hidden words in the indexed text; search.js cuts what lies between them from excerpts.
START, END = "\u27e6", "\u27e7"
# Pagefind weight of the hidden words: above body text (1), below headings (h2 = 6, h3 = 5), so the
# answer's own words still decide between two answers that share a customer word (make bench measures it).
WEIGHT = 3


@dataclass(frozen=True)
class Target:
    """Where hidden words go: a FAQ entry, a page (optionally one of its sections), or a plan-page section."""
    kind: str      # entry | page | plan-section
    key: str       # entry id, page key, or section anchor

    @staticmethod
    def parse(text: str) -> "Target":
        kind, key = text.split(":", 1)
        return Target(kind, key)


def old_questions(tables) -> dict[str, list[str]]:
    """entry id -> questions as earlier revisions asked them, oldest first (revisions of the original only)."""
    out: dict[str, list[str]] = {}
    for row in tables.rows("revision_changes", table="faq"):
        if row.get("column") == "question" and row.get("old") and row["old"] != "(none)":
            out.setdefault(row["key"], []).append(row["old"])
    return out


class HiddenTerms:
    """words(lang, target) -> the hidden text for a target, '' when it has none."""

    def __init__(self, tables, revisions_lang: str):
        self._words: dict[tuple[str, Target], dict[str, None]] = {}
        for row in tables.rows("search_terms"):
            for target in filter(None, row["targets"].split(";")):
                self._words.setdefault((row["lang"], Target.parse(target)), {})[row["term"]] = None
        renamed = old_questions(tables)
        self._old = {entry: dict.fromkeys(questions) for entry, questions in renamed.items()}
        self._old_lang = revisions_lang   # revisions are kept of the original page only

    def words(self, lang: str, kind: str, key: str) -> str:
        found = dict(self._words.get((lang, Target(kind, key)), {}))
        if kind == "entry" and lang == self._old_lang:
            found.update(self._old.get(key, {}))
        return f"{START} {' · '.join(found)} {END}" if found else ""

    def html(self, lang: str, kind: str, key: str) -> str:
        """The hidden words as an element Pagefind indexes with extra weight (never shown)."""
        words = self.words(lang, kind, key)
        return f'<span class="search-terms" hidden data-pagefind-weight="{WEIGHT}">{escape(words)}</span>' \
            if words else ""

    def heading_html(self, lang: str, page_key: str, anchor: str) -> str:
        """The hidden words after a heading: its answer's, its page section's and, on a plan page, its section's."""
        return (self.html(lang, "entry", anchor) + self.html(lang, "page", f"{page_key}#{anchor}")
                + (self.html(lang, "plan-section", anchor) if is_plan_page(page_key) else ""))

    def page_words(self, lang: str, page_key: str, anchors: list[str]) -> list[str]:
        """Every hidden run a page with these headings gets: what its fingerprint covers (reuse.py)."""
        return [self.html(lang, "page", page_key), *(self.heading_html(lang, page_key, a) for a in anchors)]

    def place(self, html: str, lang: str, page_key: str) -> tuple[str, list[str]]:
        """A rendered view with its hidden words: the page's at the top, each answer's and section's right
        after its heading (so they belong to that heading's sub-result), and table cells kept apart; and the
        anchors of the headings that got them (what the words were looked up by)."""
        anchors: list[str] = []

        def after_heading(m: re.Match) -> str:
            anchors.append(m.group("id"))
            return m.group(0) + self.heading_html(lang, page_key, m.group("id"))
        html = HEADING.sub(after_heading, html)
        return self.html(lang, "page", page_key) + CELL_BOUNDARY.sub(r"\1 \2", html), anchors


# A heading with an id: a sub-result of the page in Pagefind, and a place answers are linked to.
HEADING = re.compile(r'<h(?P<level>[1-6])\b[^>]*\bid="(?P<id>[^"]+)"[^>]*>.*?</h(?P=level)>', re.S)
# Adjacent table cells with no space between them read as one word to the indexer ("SeverityWithin").
CELL_BOUNDARY = re.compile(r"(</t[dh]>)(\s*<t[dh]\b)")
PLAN_PAGES = "plans/"


def is_plan_page(page_key: str) -> bool:
    """A plan's own page ('plans/premier'), whose sections the customers' words for them lead to; not the further
    parts of a split plan page's list of other documents ('plans/premier/documents/2'), which have no such sections."""
    return page_key.startswith(PLAN_PAGES) and page_key.count("/") == 1
