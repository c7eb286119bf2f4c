"""Accessibility (axe-core), HTML validity (Nu Html Checker), links, and sanitising, on the real built site."""
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SOURCES, build_site, serve

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def sitemap_paths(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [urlparse(loc.text).path for loc in ET.parse(site / "sitemap.xml").getroot().iterfind("s:url/s:loc", ns)]


def test_no_wcag_violations_on_any_page_in_either_language(site, server, browser):
    """axe-core is injected by the test (bypassing the site's CSP, which rightly forbids inline script)."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    paths = sitemap_paths(site)
    assert any(p.startswith("/nl/") for p in paths) and len(paths) > 30
    violations = {}
    for path in paths:
        page.goto(f"{server}{path}")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
        found = [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]]
        if found:
            violations[path] = found
    context.close()
    assert not violations, violations


def test_every_page_is_valid_html(site):
    pages = sorted(str(p) for p in site.rglob("*.html") if "pagefind" not in p.parts)
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "text", *pages],
                            capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[:3000]


def test_every_internal_link_and_anchor_resolves(site):
    pages = {p: BeautifulSoup(p.read_text(), "html.parser") for p in site.rglob("*.html") if "pagefind" not in p.parts}
    ids = {p: {t["id"] for t in s.find_all(id=True)} for p, s in pages.items()}
    broken, checked = [], 0
    for path, page in pages.items():
        base = "file://" + str(path)
        for tag in page.find_all(["a", "link"], href=True):
            href = tag["href"]
            if urlparse(href).scheme in ("http", "https", "mailto", "tel", "data") or href.startswith("//"):
                continue
            target, anchor = urldefrag(urljoin(base, href))
            file = Path(unquote(urlparse(target).path))
            if file.is_dir():
                file = file / "index.html"
            checked += 1
            if not file.exists():
                broken.append((str(path.relative_to(site)), href))
            elif anchor and file.suffix == ".html" and anchor not in ids.get(file, set()):
                broken.append((str(path.relative_to(site)), href))
    assert checked > 1000
    assert not broken, broken[:20]


HOSTILE = """
### Is this answer safe?

<script>alert("script tag")</script>
<img src="x" onerror="alert('onerror')">
<a href="javascript:alert('javascript url')">click me</a>
<table><tr><td onmouseover="alert('cell')">cell</td></tr></table>
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    sources = work / "hostile-sources"
    shutil.copytree(SOURCES, sources)
    page = sources / "en" / "support-overview.md"
    page.write_text(page.read_text().replace("## Using Support", HOSTILE + "\n## Using Support"))
    return build_site(work, sources)


def test_hostile_source_puts_no_script_on_the_site(hostile_site, browser):
    faq = (hostile_site / "faq" / "about-support" / "index.html").read_text()
    assert "Is this answer safe?" in faq and "click me" in faq
    lowered = faq.lower()
    assert "alert(" not in lowered and "javascript:" not in lowered and "onerror" not in lowered
    base, stop = serve(hostile_site)
    try:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(f"{base}/faq/about-support/#is-this-answer-safe")
        page.hover("text=cell")
        page.click("text=click me")
        page.wait_for_timeout(300)
        assert dialogs == []
        page.close()
    finally:
        stop()
