"""The built site in a real headless Chromium (Playwright), served by a plain static file server."""
import re

import pytest

from conftest import FAQ_RESPONSE

# Search (finding answers, instant answers, keyboard, overlay) is tested in test_search.py.


def test_language_switcher_lands_on_the_same_question(page, server):
    page.goto(f"{server}/faq/about-support/#where-should-i-go-to-file-a-support-request")
    page.click("nav.lang a.switch")
    page.wait_for_url(re.compile(r"/nl/faq/about-support/#where-should-i-go-to-file-a-support-request$"))
    heading = page.locator("#where-should-i-go-to-file-a-support-request")
    assert heading.inner_text() == "Waar moet ik heen om een ondersteuningsaanvraag in te dienen?"
    assert page.evaluate("document.documentElement.lang") == "nl"


def test_per_question_language_link_works_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/faq/")
    page.click("text=How do I purchase Support?")   # the index links each question to its section page
    section = page.locator("section.entry", has=page.locator("#how-do-i-purchase-support"))
    section.locator("a[hreflang=nl]").click()
    assert page.url.endswith("/nl/faq/purchasing-and-billing/#how-do-i-purchase-support")
    assert not page.locator("#search-input").is_visible()   # search needs JavaScript
    assert page.locator("noscript").count() == 1
    context.close()


def test_comparison_cell_link_lands_on_the_answer_stating_its_value(page, server):
    page.goto(f"{server}/compare/")
    header = page.locator("thead th").all_inner_texts()
    cell = page.locator("tr#professional-direct td").nth(header.index("Severity B") - 1)
    assert cell.inner_text() == "< 2 hours"
    cell.locator("a").click()
    page.wait_for_url(re.compile(f"/faq/using-support/#{FAQ_RESPONSE}$"))
    answer = page.locator("section.entry", has=page.locator(f"#{FAQ_RESPONSE}"))
    assert "ProDirect: < 2 hours" in answer.inner_text()


def test_dutch_notice_on_emea_business_hours(page, server):
    page.goto(f"{server}/nl/business-hours/")
    notice = page.locator("tr#emea + tr.notice-row .notice")
    assert notice.is_visible()
    text = notice.inner_text()
    assert "Vertaalopmerking" in text and "18:00" in text and "06:00" in text


@pytest.mark.parametrize("path", ["/nl/faq/using-support/", "/compare/", "/nl/business-hours/", "/plans/premier/"])
def test_no_horizontal_scrolling_at_320_pixels(browser, server, path):
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(f"{server}{path}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.close()


def test_what_changed_filters_by_table(server, page):
    from playwright.sync_api import expect
    page.goto(server + "/nl/changes/support-overview/2021-01-12_4deb81b7/")   # a revision with hours and FAQ changes
    page.get_by_label("Kantooruren").check()
    expect(page.locator("li[data-table=business_hours]").first).to_be_visible()
    expect(page.locator("li[data-table=faq]").first).to_be_hidden()
    expect(page.locator(".change-filter .chooser-status")).to_contain_text("wijzigingen getoond")
    page.get_by_label("alle tabellen").check()
    expect(page.locator("li[data-table=faq]").first).to_be_visible()
