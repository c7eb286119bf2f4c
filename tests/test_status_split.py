"""The translation status split per document: above ATLAS_STATUS_PAGE_FINDINGS findings, 'translation-status' sums
up (the counts, a row per document, the findings of no document) and each document's findings are on a page of
their own; every finding is listed once, and a translation note links to the page that lists its finding.
Built by real Pelican on the bundled tables, with the setting lowered so the bundled 44 findings split."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, all_tables
from test_quality import VNU, test_every_internal_link_and_anchor_resolves as every_link_resolves
from test_site_languages import copy_project

from extract import bench
from plugins.atlas_site.viewmodels import finding_anchor, status_doc

SEVERITIES = ("error", "warning", "info")
LANG_FOLDERS = {"en": "", "nl": "nl/"}


@pytest.fixture(scope="module")
def split(tmp_path_factory) -> tuple[Path, dict[str, list[dict]]]:
    """The bundled site built with the status split (at most 5 findings on one page), and its tables."""
    work = tmp_path_factory.mktemp("split")
    copy_project(work)
    subprocess.run([sys.executable, "-m", "pelican", "content", "-o", "output", "-s", "pelican.conf.py", "-q",
                    "-e", "ATLAS_STATUS_PAGE_FINDINGS=5"], cwd=work, check=True, capture_output=True, text=True)
    return work / "output", all_tables(work / "content" / "data")


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(), "html.parser")


def documents_with_findings(tables) -> list[str]:
    named = {status_doc(f) for f in tables["findings"]}
    return [doc for doc in dict.fromkeys(r["doc"] for r in tables["documents"]) if doc in named]


def listed(page: BeautifulSoup) -> list[str]:
    """The anchors of the findings a status page lists."""
    return [row["id"] for row in page.select("table tr[id]")]


def test_the_summary_lists_each_document_with_its_counts_and_the_findings_of_no_document(split):
    site, tables = split
    docs = documents_with_findings(tables)
    assert len(docs) >= 2
    for lang, folder in LANG_FOLDERS.items():
        page = soup(site, f"{folder}translation-status/index.html")
        rows = page.select("#caption-documents")[0].find_parent("table").select("tbody tr")
        assert len(rows) == len(docs)
        for row, doc in zip(rows, docs):   # in the documents' order
            assert row.a["href"].endswith(f"{folder}translation-status/{doc}/")
        for row, doc in zip(rows, docs):
            counts = Counter(f["severity"] for f in tables["findings"] if status_doc(f) == doc)
            assert [int(td.get_text()) for td in row.find_all("td")[1:]] == [counts[s] for s in SEVERITIES]
        assert listed(page) == [finding_anchor(f) for s in SEVERITIES for f in tables["findings"]
                                if f["severity"] == s and not f["docs"]]
        total = Counter(f["severity"] for f in tables["findings"])
        assert [int(li.get_text().split()[0]) for li in page.select("ul.counts li")] == [total[s] for s in SEVERITIES]


def test_each_document_page_lists_exactly_its_findings_and_leads_back_to_the_summary(split):
    site, tables = split
    for lang, folder in LANG_FOLDERS.items():
        for doc in documents_with_findings(tables):
            page = soup(site, f"{folder}translation-status/{doc}/index.html")
            assert listed(page) == [finding_anchor(f) for s in SEVERITIES for f in tables["findings"]
                                    if f["severity"] == s and status_doc(f) == doc]
            titles = {r["lang"]: r["title"] for r in tables["documents"] if r["doc"] == doc}
            title = titles.get(lang, titles["en"])   # the document's title in the page's language, else the original's
            assert title in page.h1.get_text()
            assert page.select("nav.crumbs a")[-1]["href"].endswith(f"{folder}translation-status/")


def test_every_finding_is_listed_exactly_once_across_the_status_pages(split):
    site, tables = split
    for folder in LANG_FOLDERS.values():
        pages = sorted((site / folder / "translation-status").glob("*/index.html")) + \
            [site / folder / "translation-status" / "index.html"]
        anchors = Counter(a for path in pages for a in listed(BeautifulSoup(path.read_text(), "html.parser")))
        assert anchors == Counter(finding_anchor(f) for f in tables["findings"])
        assert set(anchors.values()) == {1}


def test_a_translation_note_links_to_the_status_page_that_lists_its_finding(split):
    site, tables = split
    pages = {doc: set(listed(soup(site, f"translation-status/{doc}/index.html")))
             for doc in documents_with_findings(tables)}
    seen = Counter()
    for path in ["faq/using-support/index.html", "plans/unified-advanced/index.html", "business-hours/index.html"]:
        for link in soup(site, path).select(".notice a[href*='translation-status']"):
            target, _, anchor = link["href"].partition("#")
            doc = Path(target).name
            assert anchor in pages[doc], (path, link["href"])
            finding = next(f for f in tables["findings"] if finding_anchor(f) == anchor)
            assert status_doc(finding) == doc
            seen[path] += 1
    assert len(seen) == 3, seen


def test_every_link_of_the_split_site_resolves_and_its_status_pages_are_valid_html(split):
    site, _ = split
    every_link_resolves(site)
    pages = [str(p) for p in sorted(site.rglob("translation-status/**/index.html"))]
    assert len(pages) >= 6
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "text", *pages],
                            capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[:3000]


def test_without_the_setting_the_bundled_status_is_one_page(site, tables):
    """The bundled 44 findings are within STATUS_PAGE_FINDINGS: one page lists them all, as before the split."""
    assert not list((site / "translation-status").glob("*/index.html"))
    assert len(listed(soup(site, "translation-status/index.html"))) == len(tables["findings"])


def test_a_one_document_change_rewrites_that_documents_status_pages_and_not_the_others(tmp_path):
    """A corpus of three copies of the FAQ has more findings than one status page holds: after a response time of
    copy 0's translation changes (the benchmark's edit), its status pages and the summary are written again (its
    findings and so the counts changed), the other documents' status pages are not; changed again without changing
    the counts, the summary is not written again."""
    ws = bench.Workspace(tmp_path)
    bench.make_corpus(tmp_path, 3)
    ws.build("--force")
    status = sorted(p for p in ws.page_stamps() if "translation-status/" in p)
    assert "translation-status/page-1/index.html" in status and "nl/translation-status/page-2/index.html" in status
    before = ws.page_stamps()
    doc = bench.first_translation(ws.sources)
    bench.change_one_document(ws, doc)
    ws.build()
    after = ws.page_stamps()
    rewritten = {p for p in status if after[p][0] != before[p][0]}
    changed = {p for p in status if after[p][1] != before[p][1]}
    mine = {f"{folder}translation-status/{doc.id}/index.html" for folder in LANG_FOLDERS.values()}
    summaries = {f"{folder}translation-status/index.html" for folder in LANG_FOLDERS.values()}
    assert mine <= changed                       # the changed finding is shown on the document's pages
    assert summaries <= changed                  # and the counts the summaries show changed with it
    assert rewritten <= mine | summaries, rewritten
    assert rewritten - summaries == changed - summaries
    # Changed again, the value differs from the original's as before: the finding's text changes, not the counts, so
    # the summaries (which show the counts) stay as they are.
    bench.change_one_document(ws, doc)
    ws.build()
    again = ws.page_stamps()
    assert {p for p in status if again[p][0] != after[p][0]} == mine


def test_a_summary_of_more_documents_than_a_page_holds_is_split_into_pages_with_a_pager(monkeypatch):
    """The summary's documents in parts of STATUS_SUMMARY_DOCUMENTS (here 2 of the bundled 3): every part counts the
    whole corpus and links every part; only the first lists the findings of no document."""
    from plugins.atlas_site import site as site_module
    monkeypatch.setattr(site_module, "STATUS_SUMMARY_DOCUMENTS", 2)
    tables = site_module.Tables(ROOT / "content" / "data")
    langs = site_module.languages(tables.rows("documents"))
    specs = site_module.site_map(tables, langs, status_limit=5)
    renderer = site_module.Renderer(tables, {}, specs)
    summaries = [s for s in specs if s.view == "status" and "status_pages" in s.extra and s.lang == "en"]
    assert [s.key for s in summaries] == ["translation-status", "translation-status/documents/2"]
    docs = documents_with_findings(all_tables(ROOT / "content" / "data"))
    shown = []
    for spec in summaries:
        page = BeautifulSoup(renderer.render(spec), "html.parser")
        shown += [a["href"].rstrip("/").split("/")[-1] for a in page.select_one("#caption-documents").find_parent("table").select("tbody a")]
        assert [a["href"] for a in page.select("nav.pager a")] == \
            [site_module.relative(renderer.url(spec.key, "en"), renderer.url(s.key, "en")) for s in summaries]
        assert bool(listed(page)) == (spec.key == "translation-status")
    assert shown == docs
