"""The real site: Pelican build, Pagefind index, and headless Chromium on the built files."""
import functools
import http.server
import threading

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_site_has_both_languages_with_lang_and_alternates(site):
    en = (site / "faq" / "index.html").read_text()
    nl = (site / "nl" / "faq" / "index.html").read_text()
    assert (site / "index.html").exists() and (site / "nl" / "index.html").exists()
    assert '<html lang="en">' in en and '<html lang="nl">' in nl
    assert 'hreflang="nl"' in en and 'hreflang="en"' in nl
    assert 'id="what-hours-are-considered-local-business-hours-for-support"' in nl
    assert "Welke uren worden als lokale kantooruren voor ondersteuning beschouwd?" in nl


def test_footer_attributes_the_microsoft_sources(site):
    for page in ("index.html", "nl/faq/index.html"):
        html = (site / page).read_text()
        assert "creativecommons.org/licenses/by/4.0" in html
        assert "https://learn.microsoft.com/power-platform/admin/support-overview" in html


def test_pagefind_indexes_both_languages(site):
    entry = (site / "pagefind" / "pagefind-entry.json").read_text()
    assert '"en"' in entry and '"nl"' in entry


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_chromium_follows_the_language_switcher_to_the_dutch_faq(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/faq/")
    assert page.locator("h3", has_text="What hours are considered local business hours for support?").count() == 1
    page.click("nav.lang a[hreflang=nl]")
    page.wait_for_url("**/nl/faq/")
    assert page.evaluate("document.documentElement.lang") == "nl"
    emea = page.locator("#what-hours-are-considered-local-business-hours-for-support td", has_text="8 uur tot 6 uur")
    assert emea.count() == 1
    page.close()


def test_what_changed_page_in_both_languages(site):
    en = (site / "changes" / "index.html").read_text()
    nl = (site / "nl" / "changes" / "index.html").read_text()
    assert 'id="2020-12-04_5adbabdd"' in en and 'id="2020-12-04_5adbabdd"' in nl
    assert "licensing_support" in en and "toegevoegd" in nl
    assert 'hreflang="nl"' in en
