"""The built site, read as files: languages, alternates, sitemap, attribution, safety headers."""
import json
import re
import shutil
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup

from conftest import SOURCES, build_site, rows

EN_PAGES = ["index.html", "faq/index.html", "compare/index.html", "business-hours/index.html",
            "support-languages/index.html", "request-portals/index.html", "licensing/index.html",
            "lifecycle-services/index.html", "china/index.html", "translation-status/index.html",
            "data/index.html", "changes/index.html", "plans/professional-direct/index.html"]


def soup(site, page):
    return BeautifulSoup((site / page).read_text(), "html.parser")


def test_every_page_in_both_languages_except_english_only_documents(site):
    for page in EN_PAGES:
        assert (site / page).exists(), page
        dutch = site / "nl" / page
        assert dutch.exists() == (page.split("/")[0] not in ("lifecycle-services", "china")), page


def test_pages_declare_their_language_and_alternates(site):
    en, nl = soup(site, "faq/index.html"), soup(site, "nl/faq/index.html")
    assert en.html["lang"] == "en" and nl.html["lang"] == "nl"
    alternates = {l["hreflang"]: l["href"] for l in nl.find_all("link", rel="alternate")}
    assert alternates == {"nl": "../../nl/faq/", "en": "../../faq/"}
    switch = nl.select_one("nav.lang a.switch")
    assert (switch["hreflang"], switch["href"]) == ("en", "../../faq/")


def test_missing_counterpart_is_announced_and_other_language_linked(site, tmp_path):
    page = soup(site, "lifecycle-services/index.html")
    nav = page.select_one("nav.lang")
    assert "not available in Dutch" in nav.get_text()
    assert nav.find("a", hreflang="nl")["href"] == "../nl/"
    # The bundled Dutch page answers every question (one without its heading): that answer is linked, and a
    # question deleted from a copy of the Dutch page is announced as missing.
    faq = soup(site, "faq/about-support/index.html")
    entry = faq.find(id="where-is-support-available").find_parent("section")
    assert entry.select_one(".meta").find("a", hreflang="nl")
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    dutch = sources / "nl" / "support-overview.txt"
    dutch.write_text(dutch.read_text().replace("Krijg ik dag en nacht ondersteuning?\n", ""))
    faq = soup(build_site(tmp_path / "work", sources, accept_drops=("support-overview:nl:*",)),
               "faq/about-support/index.html")
    entry = faq.find(id="do-i-get-around-the-clock-support").find_parent("section")
    assert "Not in Dutch" in entry.select_one(".meta").get_text()


def test_faq_questions_have_stable_anchors_permalinks_and_upstream_links(site, tables):
    index = soup(site, "nl/faq/index.html")
    for row in rows(tables, "faq", lang="nl", doc="support-overview", kind="question"):
        page = soup(site, f"nl/faq/{row['section_id']}/index.html")
        heading = page.find(id=row["id"])
        assert heading and heading.name == "h2" and heading.get_text() == (row["question"] or "(zonder kop in deze taal)")
        assert index.find("a", href=f"../../nl/faq/{row['section_id']}/#{row['id']}")   # the index lists every question
    page = soup(site, "nl/faq/using-support/index.html")
    entry = page.find(id="what-is-initial-response-time-and-how-quickly-can-i-expect-to-hear-back-from-someone-after-submitting-my-support-request").find_parent("section")
    links = [a["href"] for a in entry.select(".meta a")]
    assert "#what-is-initial-response-time-and-how-quickly-can-i-expect-to-hear-back-from-someone-after-submitting-my-support-request" in links
    assert any(l.startswith("https://learn.microsoft.com/nl-nl/power-platform/admin/support-overview#wat-is-de-initiële") for l in links)


def test_plan_pages_link_comparison_and_sources(site):
    page = soup(site, "plans/premier/index.html")
    assert page.find("a", href="../../compare/")
    row = page.find("tr", id="severity-b")
    assert "< 2 hours" in row.get_text() and "yes" in row.get_text()
    assert row.find("a")["href"].startswith("../../faq/using-support/#what-is-initial-response-time")
    compare = soup(site, "compare/index.html")
    assert compare.find("a", href="../plans/premier/")
    region = compare.select_one("div.scroll[role=region][tabindex='0']")
    assert region["aria-labelledby"] == "compare-caption" and compare.find("caption", id="compare-caption")
    assert compare.select("thead th[scope=col]") and compare.select("tbody th[scope=row]")


def test_faq_answers_link_plan_names_to_plan_pages(site):
    page = soup(site, "faq/purchasing-and-billing/index.html")
    entry = page.find(id="how-do-i-purchase-support").find_parent("section")
    assert entry.find("a", href="../../plans/professional-direct/")


def test_dutch_notice_on_emea_business_hours_and_english_side_says_so(site):
    page = soup(site, "nl/business-hours/index.html")
    notice = page.find("tr", id="emea").find_next_sibling("tr").select_one(".notice")
    assert "06:00" in notice.get_text() and "18:00" in notice.get_text()
    assert notice.find("a", hreflang="en")
    english = soup(site, "faq/purchasing-and-billing/index.html").find(id="how-do-i-purchase-support").find_parent("section")
    assert "The Dutch translation has no answer to this question." in english.get_text()


def test_translation_status_page_lists_every_finding(site, tables):
    for lang_prefix in ("", "nl/"):
        page = soup(site, f"{lang_prefix}translation-status/index.html")
        listed = {tr["id"] for tr in page.select("tbody tr[id]")}
        assert len(listed) == len(tables["findings"])


def test_sitemap_lists_both_languages_with_alternates(site):
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.find("s:loc", ns).text: {l.get("hreflang"): l.get("href") for l in u.findall("x:link", ns)}
            for u in tree.getroot().findall("s:url", ns)}
    assert urls["http://127.0.0.1:8000/faq/"] == {"en": "http://127.0.0.1:8000/faq/", "nl": "http://127.0.0.1:8000/nl/faq/"}
    assert "http://127.0.0.1:8000/nl/plans/premier/" in urls
    assert len(urls) == len(list(site.rglob("index.html")))


def test_footer_attributes_the_microsoft_sources(site):
    for page in ("index.html", "nl/faq/index.html", "plans/premier/index.html"):
        html = (site / page).read_text()
        assert "creativecommons.org/licenses/by/4.0" in html
        assert "https://learn.microsoft.com/power-platform/admin/support-overview" in html


def test_no_inline_script_and_no_third_party_resources(site):
    for path in site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(), "html.parser")
        csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        for script in page.find_all("script"):
            assert script.get("src") and not script.string, path
            assert not re.match(r"https?://", script["src"])
        for tag in page.find_all(["link", "img", "iframe", "source"]):
            target = tag.get("href") if tag.name == "link" else tag.get("src")
            if tag.name == "link" and tag.get("rel") == ["alternate"]:
                continue
            assert not (target or "").startswith(("http://", "https://", "//")), (path, target)


def test_data_page_offers_every_table(site):
    page = soup(site, "data/index.html")
    package = json.loads((site / "data" / "datapackage.json").read_text())
    formats = {r["name"]: r["formats"] for r in package["resources"]}
    for resource in ("faq", "response_times", "business_hours", "findings", "revision_changes"):
        section = page.find(id=f"table-{resource}").find_parent("section")
        for fmt in formats[resource]:   # each file of the table, linked and published
            assert section.find("a", href=f"../data/{resource}.{fmt}") and (site / "data" / f"{resource}.{fmt}").exists()
        assert section.select("tbody tr")
    assert formats["response_times"] == ["csv", "json.gz"] and formats["faq"] == ["json.gz"]


def test_pagefind_indexes_each_language(site):
    entry = (site / "pagefind" / "pagefind-entry.json").read_text()
    assert '"en"' in entry and '"nl"' in entry


def revision_pages(site, prefix=""):
    """The pages of the revision steps (below the "What changed" summary), parsed."""
    folder = site / prefix / "changes"
    return [BeautifulSoup(p.read_text(), "html.parser") for p in sorted(folder.glob("*/**/index.html"))]


def test_what_changed_page_in_both_languages(site):
    en = (site / "changes" / "index.html").read_text()
    nl = (site / "nl" / "changes" / "index.html").read_text()
    assert 'id="rev-2020-12-04_5adbabdd"' in en and 'id="rev-2020-12-04_5adbabdd"' in nl
    assert any(page.select('li[data-table="licensing_support"]') for page in revision_pages(site))
    assert any("toegevoegd" in page.find("main").get_text() for page in revision_pages(site, "nl"))


def test_what_changed_tells_each_revision_and_change_in_words(site):
    page = soup(site, "changes/index.html")
    bundled = page.find(id="rev-2021-06-08_0d07a8da")
    assert bundled.get_text(" ", strip=True) == "June 8, 2021 · the copy this site shows"
    meta = bundled.find_next("p", class_="meta")
    assert meta.find("a", string="0d07a8da")["href"].endswith("/blob/0d07a8da/power-platform/admin/support-overview.md")
    assert "current" not in page.find("main").get_text()
    pages = revision_pages(site)
    assert all(p.find("main") and "current" not in p.find("main").get_text() for p in pages)
    items = [li.get_text(" ", strip=True) for p in pages for li in p.select("li[data-table]")]
    assert "Where to file a support request · Dynamics 365 Finance · Software Assurance: added" in items
    assert any(i.startswith("Business hours · All others unless stated otherwise: region most countries → most "
                            "countries and regions") for i in items)
    faq = [li for p in pages for li in p.select("li[data-table=faq]") if li.select("ins, del")]
    assert faq and not any(re.search(r"<[a-z/]|\*\*|\]\(", li.get_text()) for li in faq)   # plain text, no markup
    linked = [a["href"] for p in pages for a in p.select("li[data-table=faq] a")]
    assert linked and all(re.match(r"(\.\./)+faq/", href) for href in linked)   # by question, linked
    tables = {i["value"] for p in pages for i in p.select("[data-change-filter] input[type=radio]")}
    assert tables >= {"", "faq", "business_hours", "request_portals"}
    dutch = soup(site, "nl/changes/index.html")
    assert dutch.find(id="rev-2021-06-08_0d07a8da").get_text(" ", strip=True) == "8 juni 2021 · de versie die deze site toont"
    assert any("Waar moet ik heen om een ondersteuningsaanvraag in te dienen?" in p.find("main").get_text()
               for p in revision_pages(site, "nl"))
