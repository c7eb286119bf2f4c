"""The maintainers' pages in the reader's language, and notices that say which row and cell differ."""
import re

import pytest
from babel import Locale
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, NavigableString

from conftest import ROOT
from extract.wordlists import load_wordlists

NL_PAGES = ["nl/translation-status/index.html", "nl/data/index.html", "nl/changes/index.html"]
# Names that are the same in every language: formats, products, the site's own name.
PROPER_NAMES = ["Support Atlas", "Microsoft", "CSV", "JSON", "JSON.GZ", "XLIFF", "TMX", "datapackage.json"]
# A value rather than words: numbers, times, dates, durations, commit hashes, symbols.
VALUE = re.compile(r"\b[0-9a-f]{8}\b|[\d:./+<>–—→·*‘’'\"(),;?!%#&-]+")
RAW_ID = re.compile(r"\b[a-z0-9]+(?:[-_][a-z0-9]+){2,}\b")   # a slug such as where-is-support-available


def soup(site, page):
    return BeautifulSoup((site / page).read_text(), "html.parser")


@pytest.fixture(scope="module")
def dutch_words(tables):
    """Every fragment of text a Dutch page may show: the Dutch catalog's translations (split at their
    placeholders), the Dutch source's text in the tables, Dutch month names, and proper names."""
    with (ROOT / "theme" / "translations" / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="nl")
    fragments = set(PROPER_NAMES) | set(load_wordlists().brands)   # brand names stay as they are
    for message in catalog:
        for text in (message.string if isinstance(message.string, tuple) else (message.string,)):
            fragments.update(re.split(r"%\(\w+\)s|\{\w+\}", text or ""))
    for rows in tables.values():
        for row in rows:
            if row.get("lang") == "nl":
                for value in row.values():
                    if isinstance(value, str):
                        fragments.update([value, *value.split(";"), *value.split(" | ")])
    fragments.update(Locale.parse("nl").months["format"]["wide"].values())
    fragments.update(Locale.parse("nl").languages.values())   # language names come from Babel, like month names
    fragments = sorted((f.strip() for f in fragments if f and f.strip()), key=len, reverse=True)
    return re.compile("|".join(bounded(f) for f in fragments))


def bounded(fragment: str) -> str:
    """The fragment as whole words: no word character may continue it where it starts or ends with one."""
    return (r"(?<!\w)" if fragment[0].isalnum() else "") + re.escape(fragment) + (r"(?!\w)" if fragment[-1].isalnum() else "")


def visible_texts(page):
    """The text of <main> a reader sees as the page's language: not text marked with another language,
    not identifiers shown as code, not scripts."""
    main = page.find("main")
    for element in main.find_all(["script", "style", "code"]):
        element.decompose()
    for element in main.find_all(lang=True):
        if element["lang"] != "nl":
            element.decompose()
    for attr in ("aria-label", "title", "alt", "placeholder"):
        for element in main.find_all(attrs={attr: True}):
            yield element[attr]
    yield from (str(t) for t in main.find_all(string=True) if isinstance(t, NavigableString) and str(t).strip())


@pytest.mark.parametrize("path", NL_PAGES)
def test_dutch_maintainer_pages_have_no_english_and_no_raw_id(site, path, dutch_words):
    unexplained, raw_ids = [], []
    for text in visible_texts(soup(site, path)):
        unknown = dutch_words.sub(" ", text)   # an id inside a catalog entry (an example in a description) is meant
        raw_ids += RAW_ID.findall(unknown)
        rest = VALUE.sub(" ", unknown).split()
        if rest:
            unexplained.append((text.strip()[:120], rest))
    assert not raw_ids, raw_ids[:10]
    assert not unexplained, unexplained[:10]


def test_the_check_catches_english_on_a_dutch_page(site, dutch_words):
    """The rule above is not vacuous: an English sentence or an id left on a Dutch page is caught."""
    english = "The English source has 2 list items here, the translation 3."
    assert VALUE.sub(" ", dutch_words.sub(" ", english)).split()
    assert RAW_ID.findall("zie what-hours-are-considered-local-business-hours-for-support")


def notices(site, page):
    return [n.get_text(" ", strip=True) for n in soup(site, page).select(".notice")]


def test_a_notice_names_its_row_and_cell_with_both_values_in_the_readers_language(site):
    assert "Vertaalopmerking: EMEA: eindtijd 18:00 (Engels) — 06:00 (Nederlands). Lees de bron (Engels)" \
        in notices(site, "nl/business-hours/index.html")
    assert "Translation note: EMEA: end time 18:00 (English) — 06:00 (Dutch). See the translation status" \
        in notices(site, "business-hours/index.html")
    assert any(n.startswith("Vertaalopmerking: Japans · Japan: uren de hele dag (Engels) — alleen kantooruren (Nederlands).")
               for n in notices(site, "nl/support-languages/index.html"))
    twice = "Standaard · Unified Advanced: maximale reactietijd < 4 uur (Engels) — twee keer genoemd: < 8 uur en < 4 uur (Nederlands)."
    assert any(twice in n for n in notices(site, "nl/plans/unified-advanced/index.html"))
    assert any(twice in n for n in notices(site, "nl/faq/using-support/index.html"))


def test_a_cell_the_dutch_text_states_twice_shows_both_values_and_a_legend(site):
    plan = soup(site, "nl/plans/unified-advanced/index.html")
    assert plan.select_one("#standard .stated-twice").get_text(strip=True) == "< 8 uur / < 4 uur*"
    assert "De tekst noemt twee verschillende tijden" in plan.select_one("#stated-twice-legend").get_text()
    compare = soup(site, "nl/compare/index.html")
    cell = compare.select_one("#unified-advanced .stated-twice")
    assert cell.get_text(strip=True) == "< 8 uur / < 4 uur*" and compare.select_one("#stated-twice-legend")
    assert "?" not in compare.select_one("#unified-advanced").get_text()
    assert not soup(site, "compare/index.html").select(".stated-twice")   # the English text states it once


def test_translation_status_links_questions_by_their_dutch_title_and_counts_with_plurals(site):
    page = soup(site, "nl/translation-status/index.html")
    row = page.find("tr", id=re.compile("emea-end$"))
    link = row.find_all("td")[1].find("a")
    assert link.get_text() == "Welke uren worden als lokale kantooruren voor ondersteuning beschouwd?"
    assert link["href"].endswith("#what-hours-are-considered-local-business-hours-for-support")
    counts = page.select_one("ul.counts").get_text(" ", strip=True)
    assert re.fullmatch(r"\d+ fouten \d+ waarschuwingen \d+ ter informatie", counts)
    footnotes = next(td for td in page.select("td") if "voetno" in td.get_text())
    assert "1 voetnoot" in footnotes.get_text() and "2 voetnoten" in footnotes.get_text()


def test_data_page_translates_titles_and_descriptions_but_not_the_data_package(site):
    page = soup(site, "nl/data/index.html")
    assert page.find(id="table-business_hours").get_text(" ", strip=True) == "Lokale kantooruren business_hours"
    columns = soup(site, "nl/data/business_hours/index.html")   # each table's columns are described on its own page
    assert "Einde van de kantooruren, 24-uurs UU:MM, zoals vermeld" in columns.get_text()
    package = (site / "data" / "datapackage.json").read_text()
    assert "End of business hours, 24-hour HH:MM, as stated" in package and "kantooruren" not in package
