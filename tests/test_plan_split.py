"""Split plan pages: while at most ATLAS_PLAN_PAGE_DOCUMENTS documents state something about a plan, its page shows
every statement (the bundled site: one document); with more, 'plans/<plan>' keeps what is about the plan as a whole and
what the support FAQ states, and lists the other documents (in parts, 'plans/<plan>/documents/<n>'), each linked to the
first of its answers about the plan. Built by real Pelican, through the real build, on corpora of copies of the FAQ
(extract/bench.py make_corpus)."""
from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import all_tables
from test_quality import VNU
from test_reading import PAGE_BUDGET_BYTES, page_weight

from extract import bench
from plugins.atlas_site import site as site_module
from plugins.atlas_site.viewmodels import SHOWN_CLAIMS

LANG_FOLDERS = {"en": "", "nl": "nl/"}
SPLIT_N = site_module.PLAN_PAGE_DOCUMENTS + 2     # copies of the FAQ: more documents than a plan page shows
WHOLE_N = 2                                       # fewer: one page per plan with every document's statements
PRIMARY = "page-0"                                # the corpus's support FAQ (the first document of its role)
DOC_LINK = re.compile(r"(?:^|/)docs/([\w-]+)/")


def corpus(folder: Path, n: int) -> bench.Workspace:
    ws = bench.Workspace(folder)
    bench.make_corpus(folder, n)
    ws.build("--force")
    return ws


@pytest.fixture(scope="module")
def split(tmp_path_factory) -> tuple[Path, dict[str, list[dict]]]:
    ws = corpus(tmp_path_factory.mktemp("plans-split"), SPLIT_N)
    return ws.output, all_tables(ws.data)


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> tuple[Path, dict[str, list[dict]]]:
    ws = corpus(tmp_path_factory.mktemp("plans-whole"), WHOLE_N)
    return ws.output, all_tables(ws.data)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(), "html.parser")


def plan_pages(site: Path, folder: str, plan: str) -> list[Path]:
    """Every page of a plan in a language: its page and the further parts of its list of other documents."""
    return sorted((site / folder / "plans" / plan).rglob("index.html"))


def family(tables, plan: str, lang: str) -> str:
    return next(r["family"] for r in tables["plans"] if r["plan"] == plan and r["lang"] == lang)


def expected(tables, plan: str, lang: str) -> dict[str, Counter]:
    """What the documents state about the plan in the language, as (document, what the page shows) counts."""
    mine = (plan, family(tables, plan, lang))
    claims = [r for r in tables["plan_claims"] if r["lang"] == lang and r["plan"] == plan]
    return {
        "times": Counter((r["doc"], r["statement"]) for r in tables["response_times"]
                         if r["lang"] == lang and r["plan"] == plan),
        "portals": Counter((r["doc"], r["product_label"]) for r in tables["request_portals"]
                           if r["lang"] == lang and r["plan"] in mine),
        "services": Counter(r["doc"] for r in claims if r["claim"] in ("advisory-services", "onsite-support")),
        "buying": Counter(set((r["doc"], r["entry"]) for r in claims if r["claim"] == "how-to-buy")),
    }


def doc_of(href: str) -> str:
    return DOC_LINK.search(href).group(1)


def first_entries(tables, plan: str, lang: str) -> dict[str, str]:
    """document -> the entry of its first row about the plan (response times, then portals, then the claims a plan
    page shows), every document that states something about it in the language, in document order."""
    first: dict[str, str] = {}
    for name in site_module.PLAN_STATEMENTS:
        for key in dict.fromkeys((plan, family(tables, plan, lang)) if name == "request_portals" else (plan,)):
            for r in tables[name]:
                if r["lang"] == lang and r["plan"] == key and r.get("claim", SHOWN_CLAIMS[0]) in SHOWN_CLAIMS:
                    first.setdefault(r["doc"], r["entry"])
    order = [r["doc"] for r in tables["documents"] if r["lang"] == lang]
    return {doc: first[doc] for doc in sorted(first, key=order.index)}


def listed(pages: list[Path]) -> list[tuple[str, str]]:
    """The other documents a split plan's pages list, as (document, anchor) of their links, in order."""
    out = []
    for path in pages:
        heading = soup(path).find(id="documents")
        out += [(doc_of(a["href"]), a["href"].partition("#")[2]) for a in heading.find_next_sibling("ul").find_all("a")]
    return out


def shown(pages: list[Path]) -> dict[str, Counter]:
    """What a plan's pages show, as (document, what the page shows) counts, the document read from the source link."""
    out = {"times": Counter(), "portals": Counter(), "services": Counter(), "buying": Counter()}
    for path in pages:
        page = soup(path)
        caption = page.find(id="times-caption")
        for row in caption.find_parent("table").select("tbody tr[id]") if caption else []:
            link = row.select_one("td a")
            out["times"][(doc_of(link["href"]), link.get_text())] += 1
        heading = page.find(id="where-to-file")
        if heading and heading.find_next_sibling().name == "ul":
            for item in heading.find_next_sibling().find_all("li"):
                out["portals"][(doc_of(item.select_one("a.src")["href"]), item.get_text().split(":")[0])] += 1
        heading = page.find(id="services")
        if heading:
            out["services"].update(doc_of(a["href"]) for a in heading.find_next_sibling("ul").select("a.src"))
        heading = page.find(id="how-to-buy")
        sources = heading.find_next_sibling("p") if heading else None
        if sources and sources.find("a"):
            out["buying"].update((doc_of(a["href"]), a["href"].split("#")[1]) for a in sources.find_all("a"))
    return out


def split_plans(tables) -> list[str]:
    """Plans more than PLAN_PAGE_DOCUMENTS documents state something about (in a language)."""
    stating = Counter()
    for name in ("response_times", "request_portals", "plan_claims"):
        for r in tables[name]:
            if r.get("claim", SHOWN_CLAIMS[0]) in SHOWN_CLAIMS:
                stating[(r["plan"], r["lang"], r["doc"])] += 1
    docs = Counter((plan, lang) for plan, lang, _ in stating)
    pages = {r["plan"] for r in tables["plans"]}   # not '*', what a claim says of every plan
    return sorted({plan for (plan, _), n in docs.items() if n > site_module.PLAN_PAGE_DOCUMENTS and plan in pages})


def test_a_split_plan_shows_the_faqs_statements_and_links_every_other_document_once(split):
    """The plan's page shows exactly what the support FAQ states about the plan; its list names every other document
    that states something about it, once, in document order, linked to the first of its answers that does."""
    site, tables = split
    plans = split_plans(tables)
    assert "premier" in plans and len(plans) >= 5
    for lang, folder in LANG_FOLDERS.items():
        for plan in plans:
            pages = plan_pages(site, folder, plan)
            assert len(pages) == 1   # SPLIT_N - 1 other documents fit one part of the list
            wanted = expected(tables, plan, lang)
            assert shown(pages) == {what: Counter({k: n for k, n in counts.items()
                                                    if (k[0] if isinstance(k, tuple) else k) == PRIMARY})
                                    for what, counts in wanted.items()}, (lang, plan)
            others = {doc: entry for doc, entry in first_entries(tables, plan, lang).items() if doc != PRIMARY}
            assert listed(pages) == list(others.items()), (lang, plan)


def test_a_split_plan_page_keeps_the_plan_and_links_the_other_documents_answers(split):
    site, tables = split
    for lang, folder in LANG_FOLDERS.items():
        page = soup(site / folder / "plans" / "premier" / "index.html")
        assert page.select_one("section.deadline") and page.find(id="lifecycle-services")
        links = page.find(id="documents").find_next_sibling("ul").find_all("a")
        up = "../" * (2 + bool(folder))
        assert [a["href"].partition("#")[0] for a in links] == [f"{up}{folder}docs/page-{i}/" for i in range(1, SPLIT_N)]
        title = next(r["title"] for r in tables["documents"] if r["doc"] == "page-1" and r["lang"] == lang)
        assert links[0].get_text() == title
        assert not list((site / folder / "plans" / "premier").glob("page-*"))   # no page per plan and document


def test_a_plan_page_of_a_few_documents_shows_them_all_with_unique_ids(whole):
    site, tables = whole
    assert not split_plans(tables)
    for lang, folder in LANG_FOLDERS.items():
        for plan in dict.fromkeys(r["plan"] for r in tables["plans"] if r["lang"] == lang):
            pages = plan_pages(site, folder, plan)
            assert len(pages) == 1
            assert shown(pages) == expected(tables, plan, lang), (lang, plan)
            ids = [tag["id"] for tag in soup(pages[0]).find_all(id=True)]
            assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]


def test_ids_are_unique_and_links_resolve_and_pages_keep_their_weight(split):
    """Every id once on each plan page, every link of their content to a page and anchor that exist (the corpus has no
    'faq/' page the menu links to: its support FAQ is docs/page-0), every plan page within its weight budget (other
    pages of the corpus are not all: the topic pages and the FAQ copies' pages grow with it)."""
    site, tables = split
    broken, checked, heavy = [], 0, {}
    for path in [*site.glob("plans/**/index.html"), *site.glob("nl/plans/**/index.html")]:
        if page_weight(path, site) > PAGE_BUDGET_BYTES:
            heavy[str(path.relative_to(site))] = page_weight(path, site) // 1024
        page = soup(path)
        ids = [tag["id"] for tag in page.find_all(id=True)]
        assert len(ids) == len(set(ids)), (path, [i for i, n in Counter(ids).items() if n > 1])
        for link in page.find("main").find_all("a", href=True):
            if link["href"].startswith(("http:", "https:")):
                continue
            target, _, anchor = link["href"].partition("#")
            file = (path.parent / target).resolve() / "index.html" if target else path
            checked += 1
            if not file.is_file() or anchor and not soup(file).find(id=anchor):
                broken.append((str(path.relative_to(site)), link["href"]))
    # at least the links to the other documents of every split plan's page, in both languages
    assert checked > len(split_plans(tables)) * len(LANG_FOLDERS) * (SPLIT_N - 1) and not broken, broken[:10]
    assert not heavy, heavy


def test_split_plan_pages_are_valid_html(split, whole):
    pages = []
    for site in (split[0], whole[0]):
        for folder in LANG_FOLDERS.values():
            pages += [site / folder / "plans" / "premier" / "index.html", site / folder / "plans" / "unified-core" / "index.html"]
            pages += sorted((site / folder / "plans" / "premier").glob("documents/*/index.html"))[:2]
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "text", *map(str, pages)],
                            capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[:3000]


def test_a_long_list_of_documents_is_split_into_pages_with_a_pager(split, monkeypatch):
    """The other documents in parts of PLAN_LIST_DOCUMENTS (here 2): the plan's page and 'plans/<plan>/documents/n'
    list them in order, each part links every part, and only the plan's page shows the statements."""
    monkeypatch.setattr(site_module, "PLAN_LIST_DOCUMENTS", 2)
    site, _ = split
    tables = site_module.Tables(site / "data")
    langs = site_module.languages(tables.rows("documents"))
    specs = site_module.site_map(tables, langs)
    renderer = site_module.Renderer(tables, {}, specs)
    parts = [s for s in specs if s.view == "plan" and s.key.split("/")[:2] == ["plans", "premier"] and s.lang == "en"]
    assert [s.key for s in parts] == ["plans/premier", "plans/premier/documents/2", "plans/premier/documents/3"]
    listed = []
    for spec in parts:
        page = BeautifulSoup(renderer.render(spec), "html.parser")
        listed += [doc_of(a["href"]) for a in page.find(id="documents").find_next_sibling("ul").find_all("a")]
        assert [a["href"] for a in page.select("nav.pager a")] == \
            [site_module.relative(renderer.url(spec.key, "en"), renderer.url(s.key, "en")) for s in parts]
        assert bool(page.find(id="times-caption")) == (spec.key == "plans/premier")
    assert listed == [f"page-{i}" for i in range(1, SPLIT_N)]


def test_the_bundled_plan_pages_are_not_split(site):
    """One document states what the bundled site says about each plan: a page per plan, as before the split."""
    assert not [p for p in (site / "plans").rglob("index.html") if p.parent.parent != site / "plans"]


def translation(ws: bench.Workspace, doc_id: str) -> bench.Doc:
    entries = yaml.safe_load((ws.sources / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    found = next(e for e in entries if e["id"] == doc_id and "translates" in e)
    return bench.Doc(found["id"], found["lang"], found["path"])


def test_a_one_document_change_rewrites_no_plan_page_unless_the_faq_changes(tmp_path):
    """A response time of one document's translation changes (the benchmark's edit): no plan page is written again
    (they list the document, not its statements); changed in the support FAQ, only the plans' own pages (which show
    its statements) are written again, not the further parts of their lists."""
    ws = corpus(tmp_path, SPLIT_N)
    plans = lambda stamps: {p: s for p, s in stamps.items() if "plans/" in p}
    before = plans(ws.page_stamps())
    bench.change_one_document(ws, translation(ws, "page-2"))
    ws.build()
    after = plans(ws.page_stamps())
    assert after == before

    bench.change_one_document(ws, translation(ws, PRIMARY))
    ws.build()
    again = plans(ws.page_stamps())
    rewritten = {p for p in again if again[p][0] != after[p][0]}
    assert rewritten and all(re.fullmatch(r"(nl/)?plans/[\w-]+/index\.html", p) for p in rewritten), rewritten


def test_a_bad_setting_is_a_one_line_error_naming_it():
    assert site_module.plan_limit({}) == site_module.PLAN_PAGE_DOCUMENTS
    assert site_module.plan_limit({site_module.PLAN_SETTING: "2"}) == 2
    with pytest.raises(ValueError, match=r"^setting ATLAS_PLAN_PAGE_DOCUMENTS is 'many', not a whole number$"):
        site_module.plan_limit({site_module.PLAN_SETTING: "many"})
