"""Hostile sources: markup in headings, answers, links, ids and URLs never becomes markup on the site.

The payloads go into a copy of the real sources (English headings raw and entity-encoded, Dutch heading and
answer lines, link targets, a table cell); the site is built by the real command (Pelican and Pagefind), every
page is parsed, and the worst pages are opened in Chromium.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SOURCES, run_cli, serve

EVIL = "https://evil.example/"
REFRESH = f'<meta http-equiv="refresh" content="0;url={EVIL}">'
STYLE = "<style>main{display:none}</style>"
# Entity-encoded markup is text once decoded: it must be shown, never parsed.
ENCODED_TITLE = "&lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0;url=https://evil.example/&quot;&gt;"
DECODED_TITLE = f'</title><meta http-equiv="refresh" content="0;url={EVIL}">'


def hostile_sources(folder: Path) -> Path:
    sources = folder / "sources"
    shutil.copytree(SOURCES, sources)
    en = sources / "en" / "support-overview.md"
    text = en.read_text()
    text = text.replace("## About support", f"## About support {ENCODED_TITLE}", 1)
    text = text.replace("### Where is support available?",
                        f"### Where is support <img src=x onerror=alert(1)>available{STYLE}?", 1)
    text = text.replace("### For which languages does Microsoft provide support?",
                        "### For which languages does Microsoft provide support &lt;script&gt;alert(2)&lt;/script&gt;?", 1)
    # An answer with a raw refresh, a style block, a javascript: link and an event handler.
    text = text.replace("### Do I get around the clock support?",
                        f"### Do I get around the clock support?\n\n{REFRESH}\n\n{STYLE}\n\n"
                        "[call us](javascript:alert(3)) <a href=\"jaVa&#x09;script:alert(4)\" onclick=\"alert(5)\">x</a> "
                        "<a href=\"data:text/html,<script>alert(6)</script>\">y</a>\n", 1)
    # Table cells: raw and entity-encoded markup in the business-hours table.
    text = text.replace("| Monday through Friday        | Weekends and holidays        |",
                        f"| Monday through Friday        | Weekends and holidays<script>alert(8)</script>{STYLE} |", 1)
    text = text.replace("| Monday through Friday             | Weekends and holidays         |",
                        "| Monday through Friday             | Weekends &lt;img src=x onerror=alert(9)&gt; and holidays |", 1)
    en.write_text(text)
    nl = sources / "nl" / "support-overview.txt"
    scrape = nl.read_text()
    scrape = scrape.replace("Voor welke talen biedt Microsoft ondersteuning?",
                            f"Voor welke talen biedt Microsoft ondersteuning?{REFRESH}", 1)
    scrape = scrape.replace("Microsoft biedt wereldwijd ondersteuning", f"{STYLE}<script>alert(7)</script>"
                                                                        "Microsoft biedt wereldwijd ondersteuning", 1)
    nl.write_text(scrape)
    return sources


def build(folder: Path, sources: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extract", "build", "--report-only", "--sources", str(sources),
                           "--data", str(folder / "content" / "data"), "--output", str(folder / "output"),
                           "--state", str(folder / "state.json")],
                          capture_output=True, text=True, cwd=ROOT, env={"ATLAS_CACHE": str(folder / "cache"),
                                                                         "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    result = build(folder, hostile_sources(folder))
    assert result.returncode == 0, result.stderr
    return folder / "output"


# The site's own scripts (its theme and Pagefind's), same-origin files; nothing inline.
ALLOWED_SCRIPTS = re.compile(r"^(\./|(\.\./)*)(theme/js|pagefind)/[\w.-]+\.js$")


def test_no_page_carries_an_injected_element_attribute_or_url(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        where = page.relative_to(hostile_site)
        assert not soup.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)}), where
        assert not soup.find(["style", "img", "iframe", "object", "embed", "base"]), where
        assert len(soup.find_all("title")) == 1 and len(soup.find_all("meta", charset=True)) == 1, where
        for script in soup.find_all("script"):
            assert ALLOWED_SCRIPTS.match(script.get("src", "")) and not script.string, (where, script)
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                assert not name.lower().startswith("on"), (where, tag.name, name)
                if name in ("href", "src", "action", "formaction", "data-src") and (tag.name, value) != ("link", "data:,"):
                    folded = re.sub(r"[\x00-\x20]", "", value).lower()
                    assert not folded.startswith(("javascript:", "data:", "vbscript:")), (where, tag.name, value)


def test_decoded_entities_are_shown_as_text_in_titles_and_headings(hostile_site):
    section = next(p for p in (hostile_site / "faq").iterdir() if p.name.startswith("about-support"))
    # The section's folder name is a slug, whatever its heading holds.
    assert re.fullmatch(r"[\w-]+", section.name)
    soup = BeautifulSoup((section / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert DECODED_TITLE in soup.title.get_text()
    assert DECODED_TITLE in soup.h1.get_text()
    raw = (section / "index.html").read_text(encoding="utf-8")
    assert "&lt;/title&gt;&lt;meta http-equiv" in raw
    faq = (hostile_site / "faq" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in faq
    hours = (hostile_site / "business-hours" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(9)&gt;" in hours   # the encoded cell is shown as text


def test_sitemap_and_pagefind_entry_stay_well_formed(hostile_site):
    from xml.etree import ElementTree
    ElementTree.parse(hostile_site / "sitemap.xml")
    json.loads((hostile_site / "pagefind" / "pagefind-entry.json").read_text())


def test_no_script_runs_and_no_page_leaves_the_site_in_chromium(hostile_site, browser):
    base, stop = serve(hostile_site)
    try:
        context = browser.new_context()
        requests: list[str] = []
        context.on("request", lambda r: requests.append(r.url))
        dialogs: list[str] = []
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        section = next(p.name for p in (hostile_site / "faq").iterdir() if p.name.startswith("about-support"))
        for path in (f"faq/{section}/", "faq/", "nl/faq/", f"nl/faq/{section}/", "nl/", "business-hours/"):
            page.goto(f"{base}/{path}", wait_until="load")
            page.wait_for_timeout(300)   # a meta refresh with delay 0 would have navigated by now
            assert page.url == f"{base}/{path}", page.url
            assert page.locator("main").is_visible()
        assert dialogs == []
        assert not [u for u in requests if not u.startswith(base)], requests
    finally:
        stop()


def hostile_manifest(tmp_path: Path, old: str, new: str) -> subprocess.CompletedProcess:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    manifest = sources / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace(old, new, 1))
    return run_cli("run", "--sources", str(sources), "--out", str(tmp_path / "data"))


@pytest.mark.parametrize("old, new, message", [
    ("id: cloud-powered-support-lcs", "id: ../../evil", "is not allowed"),
    ("id: cloud-powered-support-lcs", "id: '<script>x</script>'", "is not allowed"),
    ("lang: en\n    path: en/21vianet", "lang: '../en'\n    path: en/21vianet", "language '../en' is not allowed"),
    ("url: https://learn.microsoft.com/power-platform/admin/21vianet-support", "url: 'javascript:alert(1)'",
     "not an http or https address"),
    ("path: en/21vianet-support.md", "path: ../../../../../../etc/passwd", "must be relative"),
    ("path: en/21vianet-support.md", "path: /etc/passwd", "must be relative"),
])
def test_ids_urls_and_paths_from_the_manifest_are_checked(tmp_path, old, new, message):
    result = hostile_manifest(tmp_path, old, new)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "manifest.yaml" in lines[0] and message in lines[0], lines
    assert not (tmp_path / "data").exists()


def test_a_symlink_out_of_the_sources_is_refused(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    (sources / "en" / "21vianet-support.md").unlink()
    (sources / "en" / "21vianet-support.md").symlink_to("/etc/passwd")
    result = run_cli("run", "--sources", str(sources), "--out", str(tmp_path / "data"))
    assert result.returncode == 2 and "leads out of sources/" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_datapackage_path_out_of_its_folder_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "content" / "data", data)
    package = json.loads((data / "datapackage.json").read_text())
    package["resources"][0]["json"] = "../../../../etc/passwd"
    (data / "datapackage.json").write_text(json.dumps(package))
    result = run_cli("diff", str(ROOT / "content" / "data"), str(data))
    assert result.returncode == 2 and "must be relative and stay inside" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_csv_cells_cannot_become_spreadsheet_formulas_and_json_keeps_the_value():
    from extract.tables.base import Field, Resource
    from extract.writer import to_csv, to_json
    resource = Resource(name="t", title="t", description="d", primary_key=("a",),
                        fields=(Field("a", "string", "a"), Field("n", "integer", "n")))
    rows = [{"a": '=HYPERLINK("https://evil.example","x")', "n": -5}, {"a": "+1 555", "n": 1},
            {"a": "@SUM(A1)", "n": 2}, {"a": "-x", "n": 3}, {"a": "\tx", "n": 4}, {"a": "plain", "n": 5}]
    import csv
    import io
    cells = list(csv.reader(io.StringIO(to_csv(resource, rows))))[1:]
    assert [c[0] for c in cells] == ["'" + rows[0]["a"], "'+1 555", "'@SUM(A1)", "'-x", "'\tx", "plain"]
    assert cells[0][1] == "-5"   # numbers stay numbers
    assert json.loads(to_json(resource, rows))[0]["a"] == rows[0]["a"]


def test_a_revision_linked_out_of_the_sources_is_refused(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    (sources / "revisions" / "support-overview" / "2099-01-01_evil.md").symlink_to("/etc/passwd")
    result = run_cli("run", "--sources", str(sources), "--out", str(tmp_path / "data"))
    assert result.returncode == 2 and "leads out of sources/" in result.stderr, result.stderr
