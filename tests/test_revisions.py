"""Every historical revision of the support overview extracts; its structure changes become rows."""
import json

import pytest

from conftest import REVISIONS, run_cli

REVISION_FILES = sorted(REVISIONS.glob("*.md"))


def doc_tables(path):
    result = run_cli("doc", str(path), "--lang", "en", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("path", REVISION_FILES, ids=lambda p: p.stem)
def test_revision_extracts_and_yields_the_severity_table(path):
    tables = doc_tables(path)
    assert len(tables["response_times"]) == 15
    assert {r["severity"] for r in tables["response_times"]} == {
        "critical", "severity-a", "severity-b", "standard", "severity-c"}
    assert len([r for r in tables["faq"] if r["kind"] == "question"]) >= 35


def test_business_hours_read_from_prose_before_the_table_existed():
    tables = doc_tables(REVISIONS / "2019-06-21_c45d39c6.md")
    got = {r["region"]: (r["start"], r["end"], r["tz"]) for r in tables["business_hours"]}
    assert got == {"other": ("09:00", "17:00", ""), "north-america": ("06:00", "18:00", "America/Los_Angeles"),
                   "japan": ("09:00", "17:30", "")}


def test_business_hours_table_in_later_revisions():
    tables = doc_tables(REVISIONS / "2022-07-15_ae29e6f5.md")
    assert {r["region"] for r in tables["business_hours"]} == {"asia-pacific", "japan", "emea", "north-america", "other"}


def test_request_portal_table_without_product_header_still_yields_rows():
    tables = doc_tables(REVISIONS / "2019-06-21_c45d39c6.md")
    got = {(r["product"], r["plan"]): r["portal"] for r in tables["request_portals"]}
    assert got[("customer-engagement-apps", "subscription")] == "power-platform-admin-center"
    assert got[("customer-engagement-on-premises", "unified")] == "services-hub"


def test_licensing_table_appears_in_2020_12():
    assert not doc_tables(REVISIONS / "2020-06-04_b21c7738.md")["licensing_support"]
    assert len(doc_tables(REVISIONS / "2020-12-04_5adbabdd.md")["licensing_support"]) == 3


def test_dutch_scrape_aligns_against_any_english_revision():
    result = run_cli("doc", "sources/nl/support-overview.txt", "--lang", "nl", "--json",
                     "--translation-of", str(REVISIONS / "2022-07-15_ae29e6f5.md"))
    assert result.returncode == 0, result.stderr
    tables = json.loads(result.stdout)
    assert len(tables["response_times"]) == 15
    assert len(tables["business_hours"]) == 5
