"""Reading the site in a real Chromium at phone and desktop widths: header, menu, breadcrumbs, tables whose words
never break, the comparison on a phone, the home page's quick answers, page weight."""
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

PHONE, SMALL_PHONE, DESKTOP = {"width": 375, "height": 800}, {"width": 320, "height": 640}, {"width": 1280, "height": 800}
HEADER_MAX_PX = 120          # at most this much of a 375 x 800 phone screen goes to the header
PAGE_BUDGET_BYTES = 50 * 1024   # a page's own HTML, CSS and JS
# One page of each kind, in both languages.
KINDS = ["", "faq/", "faq/using-support/", "plans/professional-direct/", "compare/", "business-hours/",
         "request-portals/", "translation-status/"]
TABLE_PAGES = ["compare/", "plans/premier/", "business-hours/", "request-portals/", "support-languages/", "licensing/",
               "faq/using-support/", "translation-status/"]


def every_kind():
    return [prefix + path for path in KINDS for prefix in ("/", "/nl/")]


def sitemap_paths(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [urlparse(loc.text).path for loc in ET.parse(site / "sitemap.xml").getroot().iterfind("s:url/s:loc", ns)]


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", every_kind())
def test_phone_header_is_short_and_the_title_is_in_the_first_screen(phone, server, path):
    phone.goto(f"{server}{path}")
    phone.locator(".menu-toggle").wait_for()   # the menu has folded: the header is in its final shape
    header = phone.locator("header.site").bounding_box()
    title = phone.locator("h1").bounding_box()
    assert header["height"] <= HEADER_MAX_PX, header
    assert title["y"] + title["height"] <= PHONE["height"], title


def test_no_horizontal_scrolling_at_320_pixels_on_any_page(site, server, browser):
    context = browser.new_context(viewport=SMALL_PHONE)
    page = context.new_page()
    wide = {}
    for path in sitemap_paths(site):
        page.goto(f"{server}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > SMALL_PHONE["width"]:
            wide[path] = width
    context.close()
    assert not wide, wide


# Words (runs of letters and digits) of every visible table cell that the layout split over two lines.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll("main td, main th")) {
    if (!cell.getClientRects().length) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("viewport", [SMALL_PHONE, PHONE, DESKTOP], ids=["320", "375", "1280"])
def test_no_word_is_broken_inside_a_table_cell(browser, server, viewport):
    """Cells wrap at spaces only. (This Chromium has no hyphenation dictionaries, so `hyphens: auto` never
    splits a word here; a browser that has them may hyphenate a long compound, which is allowed.)"""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    broken = {}
    for path in [prefix + p for p in TABLE_PAGES for prefix in ("/", "/nl/")]:
        page.goto(f"{server}{path}")
        words = page.evaluate(BROKEN_WORDS)
        if words:
            broken[path] = words[:10]
    context.close()
    assert not broken, broken


@pytest.mark.parametrize("lang", ["", "nl/"])
def test_comparison_is_one_card_per_plan_on_a_phone(phone, server, lang):
    phone.goto(f"{server}/{lang}compare/")
    region = phone.locator("div.compare")
    assert phone.evaluate("e => e.scrollWidth <= e.clientWidth", region.element_handle())   # nothing to scroll sideways
    rows = phone.locator("#compare-table tbody tr")
    assert rows.count() >= 9
    for i in range(rows.count()):
        card = rows.nth(i).bounding_box()
        assert card["x"] >= 0 and card["x"] + card["width"] <= PHONE["width"]
        for cell in rows.nth(i).locator("td").all():
            label = phone.evaluate("e => getComputedStyle(e, '::before').content", cell.element_handle())
            box = cell.bounding_box()
            assert label not in ("none", '""') and box["x"] + box["width"] <= PHONE["width"], (label, box)
    labels = [phone.evaluate("e => getComputedStyle(e, '::before').content", cell.element_handle())
              for cell in rows.first.locator("td").all()]
    columns = [f'"{text}"' for text in phone.locator("#compare-table thead th").all_text_contents()[1:]]
    assert labels == columns   # each value is told with its column's name


@pytest.mark.parametrize("lang", ["", "nl/"])
def test_comparison_shows_every_column_at_1280_pixels(browser, server, lang):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{server}/{lang}compare/")
    region = page.locator("div.compare")
    assert page.evaluate("e => e.scrollWidth <= e.clientWidth", region.element_handle())
    headers = page.locator("#compare-table thead th").all()
    assert len(headers) >= 10
    for th in headers:
        box = th.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"], (th.inner_text(), box)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    context.close()


def test_response_times_are_told_in_the_documents_units(site):
    compare = BeautifulSoup((site / "compare" / "index.html").read_text(), "html.parser")
    cell = compare.select_one("tr#professional-direct td[data-label='Severity B']")
    assert cell.get_text(strip=True) == "< 2 hours"
    nl = BeautifulSoup((site / "nl" / "compare" / "index.html").read_text(), "html.parser")
    assert nl.select_one("tr#unified-performance td[data-label='Kritisch']").get_text(strip=True).startswith("< 30 minuten")
    assert "< 2 uur" in nl.select_one("tr#professional-direct").get_text()
    for page in (compare, nl):
        assert not page.find(string=re.compile(r"\d+ min\b"))   # no '< 120 min'


def test_menu_folds_on_a_phone_and_opens_over_the_page(phone, server):
    phone.goto(f"{server}/nl/plans/premier/")
    toggle = phone.locator(".menu-toggle")
    links = phone.locator("#menu-list a")
    assert toggle.get_attribute("aria-expanded") == "false" and not links.first.is_visible()
    title_before = phone.locator("h1").bounding_box()["y"]
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert links.all_inner_texts() == ["Veelgestelde vragen", "Plannen en vergelijking", "Onderwerpen", "Voor beheerders"]
    assert phone.locator("h1").bounding_box()["y"] == title_before   # the open menu does not push the page
    assert links.nth(1).get_attribute("aria-current") == "true"      # a plan page belongs to "plans and comparison"
    phone.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    links.nth(0).wait_for(state="hidden")


def test_menu_is_one_row_on_a_desktop_and_leads_to_each_group(browser, server, site):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{server}/business-hours/")
    assert not page.locator(".menu-toggle").is_visible()
    links = page.locator("#menu-list a")
    assert links.all_inner_texts() == ["FAQ", "Plans and comparison", "Topics", "For maintainers"]
    tops = {round(link.bounding_box()["y"]) for link in links.all()}
    assert len(tops) == 1
    assert page.locator("header.site").bounding_box()["height"] <= HEADER_MAX_PX
    assert links.nth(2).get_attribute("aria-current") == "true"   # business hours is a topic
    links.nth(3).click()
    page.wait_for_url(re.compile(r"/#maintainers$"))
    context.close()


def test_breadcrumbs_lead_back_up(site):
    def crumbs(path):
        page = BeautifulSoup((site / path).read_text(), "html.parser")
        nav = page.select_one("nav.crumbs")
        return [(a.get_text(), a["href"]) for a in nav.select("a")] if nav else []
    assert crumbs("index.html") == []
    assert crumbs("nl/plans/premier/index.html") == [("Start", "../../../nl/"),
                                                     ("Ondersteuningsplannen vergelijken", "../../../nl/compare/")]
    assert crumbs("faq/using-support/index.html") == [("Home", "../../"), ("Support overview FAQ", "../../faq/")]
    assert crumbs("translation-status/index.html") == [("Home", "../"), ("For maintainers", "../#maintainers")]
    assert crumbs("business-hours/index.html") == [("Home", "../"), ("Topics", "../#topics")]
    assert crumbs("nl/data/faq/index.html") == [("Start", "../../../nl/"), ("Voor beheerders", "../../../nl/#maintainers"),
                                                ("Gegevens", "../../../nl/data/")]
    page = BeautifulSoup((site / "plans" / "premier" / "index.html").read_text(), "html.parser")
    assert page.select_one("nav.crumbs").has_attr("data-pagefind-ignore")


def test_long_pages_have_an_on_this_page_list(site, tables):
    page = BeautifulSoup((site / "nl" / "faq" / "using-support" / "index.html").read_text(), "html.parser")
    toc = page.select_one("details.toc")
    assert toc.has_attr("data-pagefind-ignore")
    questions = [r["id"] for r in tables["faq"] if r["lang"] == "nl" and r["section_id"] == "using-support"
                 and r["doc"] == "support-overview" and r["kind"] == "question"]
    assert [a["href"] for a in toc.select("a")] == [f"#{q}" for q in questions]
    plan = BeautifulSoup((site / "plans" / "premier" / "index.html").read_text(), "html.parser")
    listed = [a["href"] for a in plan.select("details.toc a")]
    assert "#response-times" in listed and "#deadline-title" not in listed   # the calculator needs JavaScript
    short = BeautifulSoup((site / "licensing" / "index.html").read_text(), "html.parser")
    assert not short.select("details.toc")


def test_home_opens_with_quick_answers_before_the_directory(site, tables):
    for lang, hours, contact in (("", "< 2 hours", "Power Platform admin center"), ("nl/", "< 2 uur", "Power Platform Beheercentrum")):
        html = (site / lang / "index.html").read_text()
        page = BeautifulSoup(html, "html.parser")
        assert page.title.get_text() == "Support Atlas"
        order = [h["id"] for h in page.select("main h2[id]")]
        assert order.index("response-times") < order.index("contact") < order.index("hours") < order.index("topics") \
            < order.index("maintainers")
        times = page.find(id="response-times").find_parent("section")
        row = times.find("a", href=re.compile("plans/professional-direct/")).find_parent("tr")
        assert hours in row.get_text()
        assert contact in page.find(id="contact").find_parent("section").get_text()
        regions = page.find(id="hours").find_parent("section").get_text()
        assert all(r["region_label"] in regions for r in tables["business_hours"] if r["lang"] == (lang[:-1] or "en"))
        topics = page.find(id="topics").find_next("nav").get_text()
        maintainers = page.find(id="maintainers").find_next("nav")
        assert "translation-status/" in str(maintainers) and "changes/" in str(maintainers)
        assert "translation-status/" not in str(page.find(id="topics").find_next("nav")) and topics


def test_changes_and_data_are_split_into_pages_that_link_each_other(site, tables):
    """What changed: a summary, then each revision step on its own page(s), each change line once; Data: a page
    per table with its columns."""
    changes = tables["revision_changes"]
    index = BeautifulSoup((site / "changes" / "index.html").read_text(), "html.parser")
    revisions = {(r["doc"], r["to_revision"]) for r in changes}
    assert {h["id"] for h in index.select("main h2[id]")} == {f"rev-{rev}" for _, rev in revisions}
    split = 0
    for doc, rev in revisions:
        link = index.select_one(f"main a[href$='changes/{doc}/{rev}/']")
        told = re.search(r"\d+", link.get_text())
        parts = sorted((site / "changes" / doc / rev).glob("**/index.html"))
        pages = [BeautifulSoup(p.read_text(), "html.parser") for p in parts]
        assert sum(len(p.select("main li[data-table]")) for p in pages) == (int(told.group()) if told else 1)
        if len(parts) > 1:   # a long step: a pager on every part, the current part marked
            split += 1
            assert all(len(p.select("nav.pager a")) == len(parts) and p.select_one("nav.pager a[aria-current=page]")
                       for p in pages)
    assert split   # the bundled history has a step too long for one page
    data = BeautifulSoup((site / "nl" / "data" / "index.html").read_text(), "html.parser")
    link = data.find(id="table-findings").find("a")
    table = BeautifulSoup((site / "nl" / "data" / "findings" / "index.html").read_text(), "html.parser")
    assert link["href"] == "../../nl/data/findings/" and len(table.select("tbody tr")) == len(
        next(r for r in json_package(site)["resources"] if r["name"] == "findings")["schema"]["fields"])


def json_package(site):
    import json
    return json.loads((site / "data" / "datapackage.json").read_text())


@pytest.mark.parametrize("lang", ["", "nl/"])
def test_quick_answer_tables_fit_a_phone(phone, server, lang):
    phone.goto(f"{server}/{lang}")
    for box in phone.locator(".answer .scroll").all():
        assert phone.evaluate("e => e.scrollWidth <= e.clientWidth", box.element_handle())


def test_plural_forms_come_from_the_catalog(site):
    en = (site / "translation-status" / "index.html").read_text()
    nl = (site / "nl" / "translation-status" / "index.html").read_text()
    assert "1 footnote here" in en and "1 footnotes" not in en
    assert "1 voetnoot," in nl and "2 voetnoten" in nl


def test_plan_chooser_counts_in_the_readers_language(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/nl/compare/")
    page.wait_for_selector("fieldset.chooser:not([hidden])")
    page.get_by_label("Adviesdiensten").check()
    page.get_by_label("Ondersteuning voor on-premises producten").check()
    assert page.locator(".chooser-status").inner_text() == "5 plannen getoond."
    page.close()


def test_dark_mode_follows_the_system_and_focus_is_visible(browser, server):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, viewport=DESKTOP)
        page = context.new_page()
        page.goto(f"{server}/business-hours/")
        colours[scheme] = page.evaluate("[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]")
        page.keyboard.press("Tab")   # the skip link, then the brand
        page.keyboard.press("Tab")
        outline = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; })()")
        assert outline[0] != "none" and float(outline[1].rstrip("px")) >= 2, outline
        context.close()
    assert colours["light"][0] == "rgb(255, 255, 255)" and colours["dark"][0] != colours["light"][0]
    assert colours["dark"][1] != colours["light"][1]


def test_no_font_is_fetched_from_anywhere(site):
    css = "".join(p.read_text() for p in (site / "theme" / "css").glob("*.css"))
    assert "@font-face" not in css and "@import" not in css


def test_print_hides_forms_and_navigation(browser, server):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{server}/compare/")
    page.wait_for_selector("section.deadline:not([hidden])")
    page.emulate_media(media="print")
    for selector in ("header.site", "section.deadline", "fieldset.chooser", "nav.crumbs"):
        assert not page.locator(selector).is_visible(), selector
    assert page.locator("#compare-table").is_visible()
    page.close()

def test_components_stylesheet_only_where_its_components_are(site):
    """The comparison, cards, calculator and pager styles load on the pages that use them, not on the long FAQ pages."""
    for html in (p for p in site.rglob("*.html") if "pagefind" not in p.parts):
        page = BeautifulSoup(html.read_text(), "html.parser")
        linked = bool(page.find("link", href=re.compile(r"components\.css$")))
        uses = bool(page.select("main .stack, main .compare, main .deadline, main .chooser, main .answers, main .cards, "
                                "main .pager"))
        assert linked == uses, html
    assert not BeautifulSoup((site / "nl" / "faq" / "using-support" / "index.html").read_text(), "html.parser").find(
        "link", href=re.compile("components"))


def page_weight(html: Path, site: Path) -> int:
    """A page's own HTML, CSS and JS in bytes (Pagefind's files load only when searching and are not counted)."""
    page = BeautifulSoup(html.read_text(), "html.parser")
    files = [html] + [(html.parent / link["href"]).resolve() for link in page.find_all("link", rel="stylesheet")]
    files += [(html.parent / script["src"]).resolve() for script in page.find_all("script", src=True)]
    if page.select("section.deadline, [data-chooser]"):   # site.js loads the calculator on these pages
        files.append(site / "theme" / "js" / "deadline.js")
    return sum(f.stat().st_size for f in files)


def test_every_page_within_its_weight_budget(site):
    heavy = {}
    for html in (p for p in site.rglob("*.html") if "pagefind" not in p.parts):
        size = page_weight(html, site)
        if size > PAGE_BUDGET_BYTES:
            heavy[str(html.relative_to(site))] = size // 1024
    assert not heavy, heavy
