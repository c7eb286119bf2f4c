"""A third language with no code change: German, hand-written (tests/fixtures/third_language/).

The project (its git files) is copied to a temporary folder, exactly the files README "Adding a language"
lists are added, and the real extractor (and, for the site part, the real build) runs there. The German text
is not Microsoft's; it is a fixture and is never published. It says EMEA business hours end at 17:00 where
the English page says 6 PM: the checks must report that as a finding for `de`.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import all_tables

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "third_language"
LANG = "de"

# What README "Adding a language" lists, as (file in the fixture, where it goes in the project).
ADDED = (
    ("sources/de/support-overview.txt", "sources/de/support-overview.txt"),
    ("extract/languages/de/words.yaml", "extract/languages/de/words.yaml"),
    ("extract/languages/de/glossary.yaml", "extract/languages/de/glossary.yaml"),
    ("extract/languages/de/vocabulary.yaml", "extract/languages/de/vocabulary.yaml"),
    ("messages.po", "theme/translations/de/LC_MESSAGES/messages.po"),   # UI_CATALOG
)
UI_CATALOG = "messages.po"                # the site helper's part of the fixture
MANIFEST_ENTRY = "manifest-entry.yaml"   # appended to the `documents` list of sources/manifest.yaml
DISCREPANCY = ("emea", "end", "18:00", "17:00")   # (region, column, English, German)


def copy_project(target: Path) -> Path:
    """The project's committed files (git ls-files), as a fresh clone would have them."""
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True).stdout
    for name in files.decode().split("\0"):
        source = ROOT / name
        if name and source.is_file() and not name.startswith("tests/fixtures/third_language/"):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def add_language(project: Path) -> None:
    """Exactly the files README lists: the page, the language's folder, the UI catalog, the manifest entry."""
    for fixture, destination in ADDED:
        if (FIXTURE / fixture).is_file():
            (project / destination).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(FIXTURE / fixture, project / destination)
    manifest = project / "sources" / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    head, revisions = text.split("\n# Earlier and later revisions", 1) if "\n# Earlier and later revisions" in text \
        else (text, None)
    entry = (FIXTURE / MANIFEST_ENTRY).read_text(encoding="utf-8")
    head = head.rstrip("\n") + "\n\n" + entry
    manifest.write_text(head + ("\n# Earlier and later revisions" + revisions if revisions is not None else ""),
                        encoding="utf-8")


def extract(project: Path) -> dict[str, list[dict]]:
    out = project / "content" / "data"
    result = subprocess.run([sys.executable, "-m", "extract", "run", "--out", str(out)], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return all_tables(out)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    add_language(project)
    return project


@pytest.fixture(scope="module")
def tables(project) -> dict[str, list[dict]]:
    return extract(project)


def by(rows, lang, *key):
    return {tuple(r[k] for k in key): r for r in rows if r["lang"] == lang}


# German questions and the English entries they translate (a sample across the page, first and last included).
EXPECTED_IDS = {
    "Für welche Sprachen bietet Microsoft Support an?": "for-which-languages-does-microsoft-provide-support",
    "Erhalte ich Support rund um die Uhr?": "do-i-get-around-the-clock-support",
    "Welche Zeiten gelten als lokale Geschäftszeiten für den Support?":
        "what-hours-are-considered-local-business-hours-for-support",
    "Gibt es eine Telefonnummer, unter der ich den Support anrufen kann?":
        "is-there-a-phone-number-i-can-call-to-contact-support",
    "Was ist die anfängliche Reaktionszeit, und wie schnell kann ich nach dem Einreichen meiner Supportanfrage mit "
    "einer Rückmeldung rechnen?": "what-is-initial-response-time-and-how-quickly-can-i-expect-to-hear-back-from-"
                                  "someone-after-submitting-my-support-request",
    "Wie schnell lösen Sie meine Supportanfrage?": "how-quickly-will-you-resolve-my-support-request",
    "Bietet Microsoft Support bei Datenbeschädigung?": "does-microsoft-provide-support-for-data-corruption",
    "Wie kaufe ich Support?": "how-do-i-purchase-support",
    "Was passiert, wenn die Laufzeit endet?": "what-happens-at-the-end-of-the-term",
}


def test_every_listed_extractor_file_is_in_the_fixture():
    missing = [f for f, _ in ADDED if not (FIXTURE / f).is_file() and f != UI_CATALOG]
    assert not missing and (FIXTURE / MANIFEST_ENTRY).is_file()


def test_the_languages_are_the_manifests(tables):
    assert [(d["lang"], d["original_lang"]) for d in tables["documents"] if d["doc"] == "support-overview"] == \
        [("en", "en"), ("nl", "en"), ("de", "en")]


def test_german_response_times_equal_the_english_cell_by_cell(tables):
    columns = ("max_minutes", "around_the_clock")
    english = by(tables["response_times"], "en", "doc", "severity", "plan")
    german = by(tables["response_times"], LANG, "doc", "severity", "plan")
    english = {k: v for k, v in english.items() if k[0] == "support-overview"}
    assert german.keys() == english.keys() and len(german) == 15
    assert {k: tuple(german[k][c] for c in columns) for k in german} == \
        {k: tuple(english[k][c] for c in columns) for k in english}


def test_german_business_hours_equal_the_english_but_the_deliberate_discrepancy(tables):
    columns = ("start", "end", "tz", "days", "exclusions")
    english = {k: v for k, v in by(tables["business_hours"], "en", "doc", "region").items()
               if k[0] == "support-overview"}
    german = by(tables["business_hours"], LANG, "doc", "region")
    assert german.keys() == english.keys() and len(german) == 5
    region, column, said_en, said_de = DISCREPANCY
    for key in english:
        for c in columns:
            if (key[1], c) == (region, column):
                assert (english[key][c], german[key][c]) == (said_en, said_de)
            else:
                assert german[key][c] == english[key][c], (key, c)


def test_german_support_languages_equal_the_english(tables):
    english = {k[1:]: r["hours"] for k, r in by(tables["support_languages"], "en", "doc", "language", "region").items()
               if k[0] == "support-overview"}
    german = {k[1:]: r["hours"] for k, r in by(tables["support_languages"], LANG, "doc", "language", "region").items()}
    assert german == english


def test_german_questions_get_the_english_ids(tables):
    english = {r["id"]: r for r in tables["faq"] if r["lang"] == "en" and r["doc"] == "support-overview"}
    german = [r for r in tables["faq"] if r["lang"] == LANG]
    questions = [r for r in german if r["kind"] == "question"]
    assert len(questions) == 22
    assert all(r["id"] in english and english[r["id"]]["kind"] == "question" for r in questions)
    matched = {r["question"]: r["id"] for r in questions}
    for question, entry_id in EXPECTED_IDS.items():
        assert matched[question] == entry_id
    assert len(set(matched.values())) == len(matched)


def test_the_german_note_marker_makes_a_note(tables):
    notes = [b for b in tables["blocks"] if b["lang"] == LANG and b["kind"] == "note"]
    assert len(notes) == 1 and notes[0]["entry"] == "for-which-languages-does-microsoft-provide-support"


def test_the_deliberate_discrepancy_is_a_finding_for_german(tables):
    region, column, said_en, said_de = DISCREPANCY
    found = [f for f in tables["findings"] if f["id"].startswith(f"cells/business_hours:business_hours:"
                                                                  f"support-overview:{region}:{column}")
             and "de" in json.dumps(f)]
    assert found, [f["id"] for f in tables["findings"] if "business_hours" in f["id"]]
    assert found[0]["value_a"] == said_en and found[0]["value_b"] == said_de


def test_a_language_without_data_is_a_one_line_error(tmp_path):
    project = copy_project(tmp_path)
    add_language(project)
    shutil.rmtree(project / "extract" / "languages" / LANG)
    result = subprocess.run([sys.executable, "-m", "extract", "run", "--out", str(tmp_path / "out")], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert "\n" not in message and "manifest.yaml:documents[4].lang" in message and "'de'" in message
    assert not (tmp_path / "out").exists()


# --- the site (needs the multilingual site of the site branch and its German catalog, messages.po) -----------

@pytest.fixture(scope="module")
def site(project, tables) -> Path:
    """The three-language site, built by real Pelican and indexed by real Pagefind in the copied project."""
    for command in (["-m", "pelican", "content", "-o", "output", "-s", "pelican.conf.py", "-q"],
                    ["-m", "pagefind", "--site", "output", "--silent"]):
        result = subprocess.run([sys.executable, *command], cwd=project, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return project / "output"


def test_the_german_ui_catalog_is_in_the_fixture():
    assert (FIXTURE / UI_CATALOG).is_file()


def page_of(tables, role: str) -> str:
    return next(d["page"] for d in tables["documents"] if d["role"] == role)


def switcher(site: Path, page: str):
    from bs4 import BeautifulSoup
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "lxml").select_one("nav.lang")


def test_the_switcher_offers_the_three_languages(site, tables):
    others = {"nl", LANG}
    nav = switcher(site, page_of(tables, "support-faq"))   # a page every language has
    assert {a["hreflang"] for a in nav.select("a.switch")} == others
    assert not nav.select(".note-missing")


def test_the_switcher_says_which_languages_lack_the_page(site, tables):
    nav = switcher(site, page_of(tables, "lifecycle-services"))   # a page only the original has
    assert {a["hreflang"] for a in nav.select("a[hreflang]")} == {"nl", LANG}
    assert len(nav.select(".note-missing")) == 2


def test_pagefind_has_a_german_index_that_stems(site, tables, browser):
    from conftest import serve
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert LANG in entry["languages"]
    base, stop = serve(site)
    page = browser.new_page()
    try:
        page.goto(f"{base}/{LANG}/{page_of(tables, 'support-faq')}/")
        # 'Wochenendes' is not written anywhere, nor a prefix of what is ('Wochenenden'): only German
        # stemming finds the business-hours answer for it.
        urls = page.evaluate("""async (query) => {
            const pagefind = await import('/pagefind/pagefind.js');
            const search = await pagefind.search(query);
            return Promise.all(search.results.slice(0, 5).map(r => r.data().then(d => d.url)));
        }""", "Wochenendes")
    finally:
        page.close()
        stop()
    assert urls and all(f"/{LANG}/" in url for url in urls), urls
