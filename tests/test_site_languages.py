"""The site serves every language of the data: a third language's rows and catalog give a three-language site.

The German rows here are the translation's rows under a third language code (the site side of the third-language
fixture; the extraction of the German text is tested with the fixture itself): what is checked is that the site
takes its languages from the documents table, offers all of them in the switcher, says where a page is missing,
and speaks German through the fixture's catalog, or says plainly at build time that a language has no catalog.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, change_table, read_rows

THIRD = "de"
CATALOG = ROOT / "tests" / "fixtures" / "third_language" / "messages.po"


def copy_project(work: Path) -> None:
    """The files the site stage reads, as the repository has them."""
    files = subprocess.run(["git", "ls-files", "plugins", "theme", "extract", "content", "pelican.conf.py"],
                           cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
    for name in files:
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, work / name)


def add_language(data: Path, lang: str) -> str:
    """Every row of the translation's language again under `lang`; the translated language's code is returned."""
    package = json.loads((data / "datapackage.json").read_text())
    documents = read_rows(data, "documents")
    translated = next(r["lang"] for r in documents if r["lang"] != documents[0]["lang"])
    for resource in package["resources"]:
        change_table(data, resource["name"], lambda rows: rows + [{**r, "lang": lang} for r in rows
                                                                  if r.get("lang") == translated])
    return translated


def build(work: Path, with_catalog: bool) -> subprocess.CompletedProcess:
    copy_project(work)
    add_language(work / "content" / "data", THIRD)
    if with_catalog:
        target = work / "theme" / "translations" / THIRD / "LC_MESSAGES" / "messages.po"
        target.parent.mkdir(parents=True)
        shutil.copy(CATALOG, target)
    return subprocess.run([sys.executable, "-m", "pelican", "content", "-o", "output", "-s", "pelican.conf.py"],
                          cwd=work, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def three(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("three")
    build(work, with_catalog=True)
    return work / "output"


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def switcher(site: Path, page: str) -> dict[str, str]:
    """Each language the switcher offers: 'current', the link to the page in it, or 'missing'."""
    nav = soup(site, page).select_one("nav.lang")
    return {soup(site, page).html["lang"]: "current", **{item["lang"]: "missing" if "missing" in item.get("class", [])
                                                         else item["href"] for item in nav.select("a[lang]")}} \
        if nav.select_one('[aria-current="true"]') else {}


def test_the_switcher_offers_every_language_and_says_where_the_page_is(three):
    assert switcher(three, "faq/index.html") == {"en": "current", "nl": "../nl/faq/", THIRD: f"../{THIRD}/faq/"}
    assert switcher(three, f"{THIRD}/faq/index.html") == {"en": "../../faq/", "nl": "../../nl/faq/", THIRD: "current"}
    # The Lifecycle Services page has no translation: both other languages are listed as missing, not hidden.
    assert switcher(three, "lifecycle-services/index.html") == {"en": "current", "nl": "missing", THIRD: "missing"}
    note = soup(three, "lifecycle-services/index.html").select_one("nav.lang").get_text(" ", strip=True)
    assert "not available in Dutch" in note and "not available in German" in note


def test_each_language_has_its_pages_and_alternates(three):
    for lang in ("nl", THIRD):
        assert (three / lang / "faq" / "index.html").exists() and (three / lang / "compare" / "index.html").exists()
        assert not (three / lang / "lifecycle-services").exists()
    alternates = {l["hreflang"] for l in soup(three, f"{THIRD}/compare/index.html").find_all("link", rel="alternate")}
    assert alternates == {"en", "nl", THIRD}
    sitemap = (three / "sitemap.xml").read_text()
    assert f'hreflang="{THIRD}" href="http://127.0.0.1:8000/{THIRD}/faq/"' in sitemap


def test_the_third_language_speaks_through_its_catalog(three):
    page = soup(three, f"{THIRD}/faq/index.html")
    assert page.html["lang"] == THIRD
    assert page.select_one("a.skip").get_text() == "Zum Inhalt springen"
    assert page.select_one(".search-both").get_text(strip=True) == "Auch in den anderen Sprachen suchen"
    languages = json.loads(page.select_one(".search")["data-languages"])
    assert languages == [["en", "Englisch"], ["nl", "Niederländisch"], [THIRD, "Deutsch"]]
    # Names of languages come from Babel in the reader's language; the English page names German in English.
    assert soup(three, "lifecycle-services/index.html").find("a", hreflang=THIRD).get_text() == "Deutsch"


def test_a_language_without_a_catalog_is_reported_and_falls_back(tmp_path):
    result = build(tmp_path, with_catalog=False)
    assert f"no interface catalog for language '{THIRD}'" in result.stdout + result.stderr
    page = soup(tmp_path / "output", f"{THIRD}/faq/index.html")
    assert page.select_one("a.skip").get_text() == "Skip to content"


def test_the_site_code_names_no_language():
    """Languages are data: no language code or name is written in the plugin or the theme's templates (told.py, the
    findings' sentences, is the flow of another change and is left out here)."""
    import re
    word = re.compile(r"""["'](?:en|nl)["']|\b(?:English|Dutch|Nederlands|Engels)\b""")
    files = [p for p in (ROOT / "plugins").rglob("*") if p.suffix in (".py", ".html") and p.name != "told.py"]
    files += list((ROOT / "theme" / "templates").glob("*.html")) + [ROOT / "pelican.conf.py"]
    found = [f"{p.relative_to(ROOT)}:{n}" for p in files for n, line in enumerate(p.read_text().splitlines(), 1)
             if word.search(line)]
    assert not found
