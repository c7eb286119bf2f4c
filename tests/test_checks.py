"""The consistency checks on the bundled sources: every finding verified by reading both documents."""

import yaml

from conftest import ROOT, run_cli


def by_id(tables):
    return {f["id"]: f for f in tables["findings"]}


def test_emea_hours_translated_as_eight_to_six(tables):
    f = by_id(tables)["cells/business_hours:business_hours:support-overview:emea:end"]
    assert (f["severity"], f["value_a"], f["value_b"], f["cause"]) == ("error", "18:00", "06:00", "translation")
    assert "8 uur tot 6 uur" in f["message"]


def test_unified_advanced_standard_time_stated_twice_in_dutch(tables):
    f = by_id(tables)["cells/response_times:response_times:support-overview:standard/unified-advanced:max_minutes"]
    assert (f["severity"], f["value_a"], f["value_b"]) == ("error", "240", "(none)")
    assert "Unified Core/Advanced: < 8 uur" in f["message"] and "Unified Advanced/Performance: < 4 uur" in f["message"]


def test_japanese_support_hours_differ(tables):
    f = by_id(tables)["cells/support_languages:support_languages:support-overview:japanese/japan:hours"]
    assert (f["value_a"], f["value_b"], f["severity"]) == ("all-day", "business-hours", "error")


def test_presales_phone_claim_contradicts_the_listed_numbers(tables):
    f = by_id(tables)["documents/same-number:china_contacts:presales:-864008866134"]
    assert (f["value_a"], f["value_b"], f["cause"]) == ("+86 400-886-6134", "+86 400-089-0365", "upstream")
    assert f["docs"] == "21vianet-support"


def test_extra_dutch_bullet_is_explained_by_a_later_english_revision(tables):
    f = by_id(tables)["content/item:blocks:support-overview:do-i-get-around-the-clock-support:item"]
    assert (f["value_a"], f["value_b"]) == ("2", "3")
    assert (f["cause"], f["revision"]) == ("source-changed", "2022-03-23_1e079e73")


def test_structure_findings(tables):
    found = by_id(tables)
    heading = found["structure/missing-heading:faq:support-overview:nl:where-is-support-available:heading"]
    assert heading["cause"] == "translation" and heading["entry"] == "where-is-support-available"
    assert "structure/extra-entry:faq:support-overview:nl:intro" not in found
    assert "Hoe kan ik ondersteuning aanschaffen?" in found[
        "structure/empty-answer:faq:support-overview:how-do-i-purchase-support"]["message"]
    assert found["content/footnote:blocks:support-overview:for-which-languages-does-microsoft-provide-support:footnote"][
        "value_b"] == "2"


def test_document_findings(tables):
    found = by_id(tables)
    copied = found["documents/copied-row:response_times:support-overview:situation:severity-b:standard"]
    assert (copied["value_a"], copied["value_b"]) == ("Moderate business impact", "Standard business impact")
    step = found["documents/ui-label-step:ui_labels:support-contract"]
    assert (step["value_a"], step["value_b"]) == ("Manage Contracts", "Manage Support plans")
    assert step["docs"] == "support-overview;cloud-powered-support-lcs"
    assert found["documents/ui-label-case:ui_labels:help-support"]["severity"] == "info"


def test_terminology_findings(tables):
    found = by_id(tables)
    ppac = found["terminology/variants:glossary:nl:portals:power-platform-admin-center"]
    assert set(ppac["value_b"].split(";")) == {"Power Platform Beheercentrum", "Power Platform-beheercentrum"}
    lcs = found["terminology/untranslated-name:glossary:nl:portals:lifecycle-services"]
    assert "Levenscyclusdiensten" in lcs["value_b"]
    assert found["terminology/avoid:glossary:nl:terms:break-fix"]["value_b"] == "schadevergoeding"


def test_scrape_artefacts(tables):
    strays = [f for f in tables["findings"] if f["check"] == "artefacts/stray-words"]
    assert len(strays) == 4
    assert any("Microsoft Kan ik die gebruiken" in f["message"] for f in strays)
    assert any("Microsoft Microsoft Dynamics" in f["message"] for f in strays)


def test_findings_are_exactly_the_baseline_run_after_run(tables):
    baseline = {e["id"] for e in yaml.safe_load((ROOT / "extract" / "baseline.yaml").read_text())["accepted"]}
    assert {f["id"] for f in tables["findings"]} == baseline
    again = run_cli("doc", "sources/nl/support-overview.txt", "--lang", "nl", "--translation-of",
                    "sources/en/support-overview.md")
    assert again.returncode == 0


def test_every_finding_has_a_message_and_known_severity(tables):
    for f in tables["findings"]:
        assert f["severity"] in ("error", "warning", "info") and f["message"] and f["location"]
        assert f["cause"] in ("translation", "source-changed", "upstream")


def test_check_passes_with_baseline_and_fails_without(tmp_path):
    ok = run_cli("check")
    assert ok.returncode == 0, ok.stdout[-2000:]
    summary = ok.stdout.strip().splitlines()[-1]
    assert summary.startswith("check ok: 4 errors (0 new)")
    strict = run_cli("check", "--no-baseline")
    assert strict.returncode == 1
    assert "ERRORS (4)" in strict.stdout and "NEW" in strict.stdout
