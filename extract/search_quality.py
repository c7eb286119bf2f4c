"""How well the site's search finds the answer: the query sets of tests/search/ run through the real search box.

Each query (written as customers type it) lists the answers that truly answer it, as targets in the
vocabulary's form (entry:<id>, page:<key>[#<anchor>]). The queries are typed into the built site's
search box in headless Chromium, and the result links (in the order a reader sees them) are compared
with the targets: top-1, top-3 and the mean reciprocal rank, per language, and the time from the last
keystroke to the results. Used by tests/test_search.py (the 90 % gate) and `make bench` (the figures).
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search"
# Languages with a query set (tests/search/queries.<lang>.yaml); the first listed by the site is its default.
LANGUAGES = sorted(p.name.split(".")[1] for p in QUERIES.glob("queries.*.yaml"))
RESULTS_TIMEOUT_MS = 15000


@dataclass(frozen=True)
class Query:
    text: str
    expect: tuple[str, ...]          # targets, e.g. entry:how-do-i-contact-support


@dataclass
class Outcome:
    query: Query
    links: list[str]                 # result paths with anchors, as shown
    rank: int                        # 1-based rank of the first right result, 0 when none
    ms: float


@dataclass
class Score:
    lang: str
    outcomes: list[Outcome] = field(default_factory=list)

    def share(self, within: int) -> float:
        return sum(1 for o in self.outcomes if 0 < o.rank <= within) / len(self.outcomes)

    @property
    def mrr(self) -> float:
        return sum(1 / o.rank for o in self.outcomes if o.rank) / len(self.outcomes)

    @property
    def median_ms(self) -> float:
        times = sorted(o.ms for o in self.outcomes)
        return times[len(times) // 2]


def load_queries(lang: str) -> list[Query]:
    data = yaml.safe_load((QUERIES / f"queries.{lang}.yaml").read_text(encoding="utf-8"))
    return [Query(str(item["q"]), tuple(item["expect"])) for item in data]


class Targets:
    """Turns targets into the paths (and anchors) the site gives them, with the site's own routing."""

    def __init__(self, data: Path):
        sys.path.insert(0, str(ROOT / "plugins"))
        from atlas_site.languages import original_language
        from atlas_site.site import Renderer, load_tables, site_map
        self.tables = load_tables(str(data.resolve()))
        self.default = original_language(self.tables.rows("documents"))   # at the site's root, as the plugin has it
        settings = {"DEFAULT_LANG": self.default, "LANGUAGES": dict.fromkeys(LANGUAGES, "")}
        self.renderer = Renderer(self.tables, settings, site_map(self.tables, list(LANGUAGES)))

    def url(self, target: str, lang: str) -> str:
        kind, _, key = target.partition(":")
        if kind == "entry":
            rows = self.tables.rows("faq", id=key)
            if not rows:
                raise ValueError(f"query target {target}: no such entry")
            return "/" + self.renderer.target(self.renderer.page_of(rows[0]["doc"]), lang, key)
        page, _, anchor = key.partition("#")
        return "/" + self.renderer.target(page, lang, anchor)


def rank(links: list[str], expected: set[str]) -> int:
    """1-based rank of the first link that is an expected answer; a page target also accepts its sections."""
    for n, link in enumerate(links, 1):
        if any(link == e or ("#" not in e and urlparse(link).path == e) for e in expected):
            return n
    return 0


def search(page, query: str) -> tuple[list[str], float]:
    """Type a query into the search box; the result links in order, and the milliseconds until they showed."""
    box = page.locator("#search-input")
    box.fill("")
    started = time.perf_counter()
    box.fill(query)
    page.locator(f'.search[data-done="{query}"]').wait_for(timeout=RESULTS_TIMEOUT_MS)
    elapsed = (time.perf_counter() - started) * 1000
    return [a.get_attribute("href") for a in page.locator(".search-hit").all()], elapsed


def evaluate(browser, base: str, data: Path, langs=tuple(LANGUAGES)) -> dict[str, Score]:
    """Every query of every language through the search box of that language's home page."""
    targets = Targets(data)
    scores = {}
    for lang in langs:
        page = browser.new_page()
        page.goto(f"{base}/{'' if lang == targets.default else lang + '/'}")
        score = Score(lang)
        for query in load_queries(lang):
            links, ms = search(page, query.text)
            expected = {targets.url(t, lang) for t in query.expect}
            score.outcomes.append(Outcome(query, links, rank(links, expected), ms))
        page.close()
        scores[lang] = score
    return scores


def report(scores: dict[str, Score]) -> str:
    lines = [f"{s.lang}: top-1 {s.share(1):.0%}, top-3 {s.share(3):.0%}, MRR {s.mrr:.2f}, "
             f"median {s.median_ms:.0f} ms ({len(s.outcomes)} queries)" for s in scores.values()]
    for s in scores.values():
        for o in s.outcomes:
            if o.rank != 1:
                lines.append(f"  {s.lang} rank {o.rank or '-'}: {o.query.text!r} -> {o.links[:3]}")
    return "\n".join(lines)
