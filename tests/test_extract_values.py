"""The real values of the bundled sources, verified by reading the documents."""
from conftest import rows

# (severity, plan) -> (minutes, around the clock), as the English severity table states.
EN_RESPONSE = {
    ("critical", "unified-core"): (60, True), ("critical", "unified-advanced"): (60, True),
    ("critical", "unified-performance"): (30, True),
    ("severity-a", "subscription"): (60, True), ("severity-a", "professional-direct"): (60, True),
    ("severity-a", "premier"): (60, True),
    ("severity-b", "subscription"): (240, False), ("severity-b", "professional-direct"): (120, False),
    ("severity-b", "premier"): (120, True),
    ("standard", "unified-core"): (480, True), ("standard", "unified-advanced"): (240, True),
    ("standard", "unified-performance"): (240, True),
    ("severity-c", "subscription"): (480, False), ("severity-c", "professional-direct"): (240, False),
    ("severity-c", "premier"): (240, False),
}


def test_english_response_times_are_the_fifteen_stated_commitments(tables):
    got = {(r["severity"], r["plan"]): (r["max_minutes"], r["around_the_clock"])
           for r in rows(tables, "response_times", lang="en")}
    assert got == EN_RESPONSE


def test_dutch_response_times_keep_the_conflicting_standard_row_empty(tables):
    got = {(r["severity"], r["plan"]): (r["max_minutes"], r["around_the_clock"])
           for r in rows(tables, "response_times", lang="nl")}
    assert len(got) == 15
    # The Dutch page says "Unified Core/Advanced: < 8 uur" and "Unified Advanced/Performance: < 4 uur":
    # two values for Unified Advanced, so none is chosen.
    assert got.pop(("standard", "unified-advanced")) == (None, True)
    assert got.pop(("standard", "unified-core")) == (480, True)
    expected = {k: v for k, v in EN_RESPONSE.items() if k[0] != "standard" or k[1] == "unified-performance"}
    assert got == expected


def test_response_time_rows_carry_labels_as_written_and_provenance(tables):
    row = rows(tables, "response_times", lang="nl", severity="severity-b", plan="subscription")[0]
    assert (row["severity_label"], row["plan_label"], row["statement"]) == ("Ernst B", "Abonnement", "Abonnement: < 4 uur")
    assert row["doc"] == "support-overview"
    assert row["entry"].startswith("what-is-initial-response-time")
    assert row["anchor"].startswith("wat-is-de-initiële-responstijd")
    en = rows(tables, "response_times", lang="en", severity="critical", plan="unified-advanced")[0]
    assert en["plan_label"] == "Unified Core/Advanced" and en["impact"] == "Critical business impact"


BUSINESS_HOURS = {
    "en": {"asia-pacific": ("07:00", "21:00", "GMT+8", "UTC+08:00"), "japan": ("09:00", "17:30", "local time", ""),
           "emea": ("08:00", "18:00", "CET (UTC +1)", "CET"),
           "north-america": ("06:00", "18:00", "Pacific time", "America/Los_Angeles"),
           "other": ("09:00", "17:00", "local time", "")},
    "nl": {"asia-pacific": ("07:00", "21:00", "GMT+8", "UTC+08:00"), "japan": ("09:00", "17:30", "lokale tijd", ""),
           # "8 uur tot 6 uur": kept as stated, although it means 08:00-06:00.
           "emea": ("08:00", "06:00", "CET (UTC +1)", "CET"),
           "north-america": ("06:00", "18:00", "Pacific-tijd", "America/Los_Angeles"),
           "other": ("09:00", "17:00", "lokale tijd", "")},
}


def test_business_hours_per_region_in_both_languages(tables):
    for lang, expected in BUSINESS_HOURS.items():
        overview = rows(tables, "business_hours", lang=lang, doc="support-overview")
        got = {r["region"]: (r["start"], r["end"], r["timezone"], r["tz"]) for r in overview}
        assert got == expected, lang
        for r in overview:
            assert (r["days"], r["exclusions"]) == ("mon-fri", "holidays weekends")
    emea = rows(tables, "business_hours", lang="nl", region="emea")[0]
    assert emea["hours_label"] == "8 uur tot 6 uur CET (UTC +1)" and emea["days_label"] == "Maandag t/m vrijdag"


def test_faq_counts_per_language(tables):
    en = rows(tables, "faq", lang="en", doc="support-overview")
    nl = rows(tables, "faq", lang="nl", doc="support-overview")
    assert sum(r["kind"] == "question" for r in en) == 42
    assert sum(r["kind"] == "question" for r in nl) == 42
    assert sum(r["matched"] for r in nl) == 42
    # The Dutch page opens with the availability paragraph instead of asking the question (nl line 6): it is
    # the answer to "Where is support available?" (en line 29) with its heading lost, not extra content.
    assert not [r for r in nl if r["kind"] == "intro"]
    where = rows(tables, "faq", lang="nl", id="where-is-support-available")[0]
    assert where["matched"] and where["question"] == "" and where["line"] == 6
    assert where["answer"].startswith("Ondersteuning is beschikbaar op markten")
    assert rows(tables, "faq", lang="en", id="where-is-support-available")[0]["matched"]


def test_dutch_questions_map_to_their_english_ids(tables):
    by_id = {r["id"]: r["question"] for r in rows(tables, "faq", lang="nl")}
    assert by_id["for-which-languages-does-microsoft-provide-support"] == "Voor welke talen biedt Microsoft ondersteuning?"
    assert by_id["when-will-i-be-billed-for-support"] == "Wanneer word ik gefactureerd voor ondersteuning?"
    assert by_id["how-do-i-purchase-support"] == "Hoe kan ik ondersteuning aanschaffen?"
    assert by_id["i-have-multiple-ea-enrollments-do-i-need-a-support-plan-for-each-ea-enrollment"].startswith(
        "Ik heb meerdere EA-inschrijvingen.")
    assert by_id["which-support-plan-do-i-need-in-order-to-request-a-root-cause-analysis-rca"].startswith(
        "Welk ondersteuningsplan heb ik nodig om een Root-Cause Analysis")
    assert by_id["where-can-i-get-licensing-support"] == "Waar kan ik ondersteuning bij licenties krijgen?"
    sections = {r["section_id"]: r["section"] for r in rows(tables, "faq", lang="nl") if r["section_id"]}
    assert sections["purchasing-and-billing"] == "Inkoop en facturatie"
    assert sections["licensing-support"] == "Ondersteuning bij licenties"


def test_empty_dutch_answer_is_kept_and_noted(tables):
    entry = rows(tables, "faq", lang="nl", id="how-do-i-purchase-support")[0]
    assert entry["answer"] == "" and entry["matched"]
    assert rows(tables, "extraction_notes", lang="nl", entry="how-do-i-purchase-support", kind="empty-answer")


def test_answers_are_markdown_with_absolute_links_and_no_includes(tables):
    answer = rows(tables, "faq", lang="en", id="is-there-a-phone-number-i-can-call-to-contact-support")[0]["answer"]
    assert "[Global Customer Service Centers](https://learn.microsoft.com/microsoft-365/admin/contact-support-for-business-products)" in answer
    last = rows(tables, "faq", lang="en", doc="support-overview")[-1]["answer"]
    assert "INCLUDE" not in last
    assert rows(tables, "extraction_notes", kind="include", doc="support-overview")


def test_support_languages_show_the_dutch_japanese_hours_differ(tables):
    en = {(r["language"], r["region"]): r["hours"] for r in rows(tables, "support_languages", lang="en")}
    nl = {(r["language"], r["region"]): r["hours"] for r in rows(tables, "support_languages", lang="nl")}
    assert set(en) == set(nl) and len(en) == 11
    assert en[("japanese", "japan")] == "all-day" and nl[("japanese", "japan")] == "business-hours"
    assert en[("spanish", "south-america")] == nl[("spanish", "south-america")] == "business-hours"


def test_request_portals_per_product_and_plan(tables):
    for lang in ("en", "nl"):
        got = {(r["product"], r["plan"]): r["portal"] for r in rows(tables, "request_portals", lang=lang)}
        # 2 products x 4 plans, the on-premises row x 4 plans of its sub-header, and the three Finance/SCM/
        # Commerce products x 6 plans: their one cell spans every plan column, under both headers.
        assert len(got) == 30
        assert got[("dynamics-365-and-power-platform", "professional-direct")] == "power-platform-admin-center"
        assert got[("customer-engagement-on-premises", "advantage")] == "support-for-business"
        assert got[("customer-engagement-on-premises", "unified")] == "services-hub"
        # Rows after the second header row ("Software Assurance | Advantage/Advantage+ | ...") use its plans;
        # a row spanning all plan columns applies to the plans of both header rows.
        assert got[("finance", "premier")] == got[("commerce", "software-assurance")] == "lifecycle-services"
        assert got[("finance", "subscription")] == got[("commerce", "professional-direct")] == "lifecycle-services"
        assert ("customer-engagement-on-premises", "subscription") not in got
        assert got[("business-central", "subscription")] == "partner"
    en = rows(tables, "request_portals", lang="en", product="finance", plan="premier")[0]
    assert en["url"] == "https://lcs.dynamics.com/Logon/Index"
    nl = rows(tables, "request_portals", lang="nl", product="customer-engagement-on-premises", plan="premier")[0]
    assert nl["portal_label"] == "Dienstencentrum"


def test_contact_portals_licensing_lcs_and_china(tables):
    contact = {(r["product"], r["portal"]) for r in rows(tables, "contact_portals", lang="nl")}
    assert contact == {("customer-engagement-apps", "power-platform-admin-center"),
                       ("finance-and-operations", "lifecycle-services"), ("business-central", "partner"),
                       ("dynamics", "support-for-business"), ("dynamics", "premier-portal")}
    licensing = {r["channel"]: r["portal"] for r in rows(tables, "licensing_support", lang="nl")}
    assert licensing == {"direct-online": "microsoft-365-admin-center", "volume-licensing": "vlsc", "csp": "partner"}
    lcs = {(r["identifier"], r["plan"]) for r in rows(tables, "lcs_entitlements") if r["plan"]}
    assert {("contract-access-id", "premier"), ("contract-access-id", "unified"),
            ("tenant-subscription", "professional-direct"), ("software-assurance", "software-assurance")} <= lcs
    china = {(r["kind"], r["phone"], r["start"], r["end"], r["tz"]) for r in rows(tables, "china_contacts")}
    assert china == {("presales", "+864008866134", "", "", ""),
                     ("billing", "+864000890365", "09:00", "18:00", "Asia/Shanghai"),
                     ("technical", "+864000890365", "09:00", "18:00", "Asia/Shanghai")}


def test_commitments_found_in_prose(tables):
    got = {(r["doc"], r["kind"], r["minutes"]) for r in rows(tables, "commitments", lang="en")}
    assert ("cloud-powered-support-lcs", "acknowledgement", 30) in got
    assert ("21vianet-support", "initial-response", 60) in got
    assert ("21vianet-support", "initial-response", 480) in got
    assert ("support-overview", "initial-response", 60) in got   # "One-hour response times for critical issues"


def test_plans_gather_what_the_tables_say(tables):
    pro = rows(tables, "plans", lang="en", plan="professional-direct")[0]
    assert pro["fastest_minutes"] == 60 and pro["around_the_clock"] == "severity-a"
    assert "power-platform-admin-center" in pro["portals"].split(";")
    assert "tenant-subscription" in pro["lcs_identifiers"].split(";")
    assert "Microsoft 365 admin center" in pro["how_to_buy"]
    labels = {(r["lang"], r["plan"]): r["label"] for r in tables["plans"]}
    assert labels[("nl", "subscription")] == "Abonnement (inbegrepen)"
    assert labels[("en", "professional-direct")] == labels[("nl", "professional-direct")] == "Professional Direct"
    # "Unified Core/Advanced" names two plans, so each takes its own name from the glossary.
    assert labels[("en", "unified-core")] == "Unified Core" and labels[("nl", "unified-advanced")] == "Unified Advanced"


def test_glossary_records_the_dutch_renderings_seen(tables):
    ppac = rows(tables, "glossary", lang="nl", term="power-platform-admin-center")[0]
    assert set(ppac["renderings"].split(";")) == {"Power Platform Beheercentrum", "Power Platform-beheercentrum"}
    hub = rows(tables, "glossary", lang="nl", term="services-hub")[0]
    assert hub["renderings"] == "Dienstencentrum"
