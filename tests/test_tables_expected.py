"""Every row of request_portals, contact_portals, lcs_entitlements, commitments and plans, checked by hand
against the four source documents. Each expectation names the source line it was read from
(en = sources/en/support-overview.md, nl = sources/nl/support-overview.txt, lcs = cloud-powered-support-lcs.md,
21v = 21vianet-support.md)."""
from conftest import rows

PPAC, LCS, SFB, HUB, PARTNER = ("power-platform-admin-center", "lifecycle-services", "support-for-business",
                                "services-hub", "partner")
TOP_PLANS = ("subscription", "professional-direct", "premier", "unified")               # en 72-75, nl 59
ON_PREMISES_PLANS = ("software-assurance", "advantage", "premier", "unified")           # en 87-90, nl 62


def _request_expected() -> dict[tuple[str, str], tuple[str, int, int]]:
    """(product, plan) -> (portal, English line, Dutch line)."""
    out = {}
    for plan in TOP_PLANS:
        out[("dynamics-365-and-power-platform", plan)] = (PPAC, 78, 60)   # en 78-79 colspan 4; nl 60
        out[("business-central", plan)] = (PARTNER, 82, 61)               # en 82-83 "through partners only"; nl 61
    # en 93-95: Support for Business spans SA + Advantage, Services Hub spans Premier + Unified; nl 63
    for plan, portal in zip(ON_PREMISES_PLANS, (SFB, SFB, HUB, HUB)):
        out[("customer-engagement-on-premises", plan)] = (portal, 93, 63)
    # en 98-99: one cell spanning all four columns, below the on-premises sub-header: every plan of both
    # headers. nl 64-67: one product per line, "Levenscyclusdiensten" on 67.
    for plan in dict.fromkeys(TOP_PLANS + ON_PREMISES_PLANS):
        for product, nl_line in (("finance", 64), ("supply-chain-management", 65), ("commerce", 66)):
            out[(product, plan)] = (LCS, 98, nl_line)
    return out


REQUEST = _request_expected()


def test_request_portals_every_row(tables):
    for lang, index in (("en", 1), ("nl", 2)):
        got = {(r["product"], r["plan"]): (r["portal"], r["line"]) for r in rows(tables, "request_portals", lang=lang)}
        assert got == {k: (v[0], v[index]) for k, v in REQUEST.items()}, lang
    en = {(r["product"], r["plan"]): r for r in rows(tables, "request_portals", lang="en")}
    assert en[("finance", "subscription")]["url"] == "https://lcs.dynamics.com/Logon/Index"       # en 99
    assert en[("finance", "subscription")]["plan_label"] == "Subscription (included)"            # en 72
    assert en[("commerce", "advantage")]["plan_label"] == "Advantage/Advantage+"                  # en 88
    assert en[("customer-engagement-on-premises", "unified")]["url"] == "https://serviceshub.microsoft.com/"  # en 95
    nl = {(r["product"], r["plan"]): r for r in rows(tables, "request_portals", lang="nl")}
    assert nl[("customer-engagement-on-premises", "premier")]["portal_label"] == "Dienstencentrum"   # nl 63
    assert nl[("finance", "professional-direct")]["portal_label"] == "Levenscyclusdiensten"         # nl 67


# (product, portal) -> (position, URL, English line, Dutch line)
CONTACT = {
    ("customer-engagement-apps", PPAC): (1, "https://admin.powerplatform.microsoft.com", 152, 108),   # en 152, nl 108
    ("finance-and-operations", LCS): (1, "https://lcs.dynamics.com", 153, 109),                       # en 153, nl 109
    ("business-central", PARTNER): (1, "", 154, 110),                                                 # en 154, nl 110
    ("dynamics", SFB): (1, "https://support.microsoft.com/supportforbusiness/productselection", 156, 112),  # en 156
    ("dynamics", "premier-portal"): (2, "https://support.microsoft.com/premier", 156, 112),          # "or" Premier
}


def test_contact_portals_every_row(tables):
    for lang, index in (("en", 2), ("nl", 3)):
        got = {(r["product"], r["portal"]): (r["position"], r["line"]) for r in rows(tables, "contact_portals", lang=lang)}
        assert got == {k: (v[0], v[index]) for k, v in CONTACT.items()}, lang
    for r in rows(tables, "contact_portals", lang="en"):
        assert r["url"] == CONTACT[(r["product"], r["portal"])][1]
    for r in rows(tables, "contact_portals", lang="nl"):
        assert r["url"] == ""   # the scrape has no links


# (identifier, benefit label) -> (plan, scope, line), all from sources/en/cloud-powered-support-lcs.md
LCS_ROWS = {
    # lcs 92 "The following online support plans now require a unique contract ID/access ID"
    ("contract-access-id", "Unified"): ("unified", "online", 94),
    ("contract-access-id", "Premier"): ("premier", "online", 95),
    ("contract-access-id", "Advanced support for partners"): ("advanced-support-for-partners", "online", 96),
    # lcs 113-122: PSBC incidents; 116 "No online support plans ..."; 122 "only applicable in an on-premises project"
    ("partnersource-account", "Advanced support for partners on-premises incidents"):
        ("advanced-support-for-partners", "on-premises", 118),
    ("partnersource-account", "Advantage or Advantage + on-premises incidents"): ("advantage", "on-premises", 119),
    ("partnersource-account", "Other pay per incident types of plans with an existing incident count in PSBC"):
        ("", "on-premises", 120),
    # lcs 127-131: login-specific benefits; the page states no scope
    ("login", "MPN gold and silver incidents"): ("", "", 129),
    ("login", "Signature cloud support"): ("", "", 130),
    ("login", "Individual incidents and 5 packs purchased on [support.microsoft.com/supportforbusiness]"): ("", "", 131),
    # lcs 137-141: tenant subscription; no scope stated
    ("tenant-subscription", "Subscription"): ("subscription", "", 140),
    ("tenant-subscription", "ProDirect"): ("professional-direct", "", 141),
    # lcs 144-146
    ("software-assurance", "Software assurance"): ("software-assurance", "", 146),
}


def test_lcs_entitlements_every_row(tables):
    got = {(r["identifier"], r["benefit_label"]): (r["plan"], r["scope"], r["line"])
           for r in rows(tables, "lcs_entitlements", lang="en")}
    assert got == LCS_ROWS
    assert not rows(tables, "lcs_entitlements", lang="nl")   # the LCS page has no Dutch copy


# (lang, id) -> (kind, plan, minutes, bound, around the clock, line)
COMMITMENTS = {
    # en 121: "One-hour response times for critical issues, around the clock problem resolution" (Professional Direct row)
    ("en", "how-does-professional-direct-support-compare-to-premierunified-support-1"):
        ("initial-response", "professional-direct", 60, "max", True, 121),
    # en 231: paragraph opens "**Premier/Unified Support**:"; "will invest up to 4 hours of time"
    ("en", "how-is-support-provided-for-performance-issues-1"): ("effort", "premier;unified", 240, "up-to", False, 231),
    # en 241: "invest best effort support up to 4 hours"; no plan named
    ("en", "what-happens-if-the-issue-can-not-be-reproduced-or-has-to-do-with-customized-databases-1"):
        ("effort", "", 240, "up-to", False, 241),
    # lcs 163: "acknowledges the production outage ticket within 30 minutes of submission"
    ("en", "report-production-outage-1"): ("acknowledgement", "", 30, "max", False, 163),
    # 21v 52: "initial response within 1 hour or less, and ... will work continuously, all day"
    ("en", "assisted-technical-support-through-21vianet-1"): ("initial-response", "", 60, "max", True, 52),
    # 21v 53: "initial response within 8 hours or less" (business hours, 21v 48)
    ("en", "assisted-technical-support-through-21vianet-2"): ("initial-response", "", 480, "max", False, 53),
    # nl 84: "Reactietijden van één uur voor kritieke problemen, 24 uur per dag probleemoplossing"
    ("nl", "how-does-professional-direct-support-compare-to-premierunified-support-1"):
        ("initial-response", "professional-direct", 60, "max", True, 84),
    # nl 206: "Premier/Unified Support: ..."; "zal tot 4 uur tijd investeren"
    ("nl", "how-is-support-provided-for-performance-issues-1"): ("effort", "premier;unified", 240, "up-to", False, 206),
    # nl 216: "maximaal 4 uur tijd investeren"
    ("nl", "what-happens-if-the-issue-can-not-be-reproduced-or-has-to-do-with-customized-databases-1"):
        ("effort", "", 240, "up-to", False, 216),
}


def test_commitments_every_row(tables):
    got = {(r["lang"], r["id"]): (r["kind"], r["plan"], r["minutes"], r["bound"], r["around_the_clock"], r["line"])
           for r in tables["commitments"]}
    assert got == COMMITMENTS


# plan -> (label, fastest minutes, around the clock, advisory, onsite, inferred, portals, LCS identifiers,
#          how-to-buy entries); English
EN_PLANS = {
    # en 205-208 Severity A/B/C rows; en 233 advisory "not included" outside Premier/Unified (exclusion); en 78, 82, 98
    "subscription": ("Subscription (included)", 60, "severity-a", None, None, "advisory-services:exclusion",
                     "power-platform-admin-center;partner;lifecycle-services", "tenant-subscription", ""),
    "professional-direct": ("Professional Direct", 60, "severity-a", True, None, "advisory-services:exclusion",
                            "power-platform-admin-center;partner;lifecycle-services", "tenant-subscription",
                            # en 247-248, 280, 284
                            "how-do-i-purchase-support;how-do-i-purchase-a-support-plan-under-an-enterprise-agreement;"
                            "how-do-i-upgrade-to-a-higher-tier-support-plan"),
    # en 124 "Premier/Unified Support ... proactive advisory services, onsite support"; en 280, 311
    "premier": ("Premier Support", 60, "severity-a;severity-b", True, True, "",
                "power-platform-admin-center;partner;services-hub;lifecycle-services", "contract-access-id",
                "how-do-i-purchase-a-support-plan-under-an-enterprise-agreement;how-do-i-purchase-a-premier-support-contract"),
    "unified": ("Unified Support", None, "", True, True, "",
                "power-platform-admin-center;partner;services-hub;lifecycle-services", "contract-access-id", ""),
    # en 204, 207: the Unified tiers; advisory and onsite only through "Premier/Unified" (en 124): inferred
    "unified-core": ("Unified Core", 60, "critical;standard", True, True,
                     "advisory-services:family;onsite-support:family",
                     "power-platform-admin-center;partner;services-hub;lifecycle-services", "contract-access-id", ""),
    "unified-advanced": ("Unified Advanced", 60, "critical;standard", True, True,
                         "advisory-services:family;onsite-support:family",
                         "power-platform-admin-center;partner;services-hub;lifecycle-services", "contract-access-id", ""),
    "unified-performance": ("Unified Performance", 30, "critical;standard", True, True,
                            "advisory-services:family;onsite-support:family",
                            "power-platform-admin-center;partner;services-hub;lifecycle-services", "contract-access-id",
                            ""),
    # en 87, 94, 98 and lcs 146
    "software-assurance": ("Software Assurance", None, "", None, None, "advisory-services:exclusion",
                           "support-for-business;lifecycle-services", "software-assurance", ""),
    "advantage": ("Advantage/Advantage+", None, "", None, None, "advisory-services:exclusion",
                  "support-for-business;lifecycle-services", "partnersource-account", ""),
    # lcs 96, 118
    "advanced-support-for-partners": ("Advanced support for partners", None, "", None, None,
                                      "advisory-services:exclusion", "", "contract-access-id;partnersource-account", ""),
    # en 317 "Can Partners use the Premier Support for Partner (PSfP) contract for Support?"
    "premier-support-for-partners": ("Premier Support for Partner", None, "", None, None, "", "", "", ""),
}


def test_plans_every_row_in_english(tables):
    got = {r["plan"]: (r["label"], r["fastest_minutes"], r["around_the_clock"], r["advisory_services"],
                       r["onsite_support"], r["inferred"], r["portals"], r["lcs_identifiers"], r["how_to_buy_entries"])
           for r in rows(tables, "plans", lang="en")}
    assert got == EN_PLANS


def test_plans_in_dutch_follow_the_dutch_page(tables):
    got = {r["plan"]: (r["label"], r["fastest_minutes"], r["advisory_services"], r["how_to_buy_entries"])
           for r in rows(tables, "plans", lang="nl")}
    assert got == {
        "subscription": ("Abonnement (inbegrepen)", 60, None, ""),                            # nl 59, 166
        # nl 84 "proactieve adviesdiensten"; nl 252, 256 (the Dutch "How do I purchase support?" is empty, nl 220)
        "professional-direct": ("Professional Direct", 60, True, "how-do-i-purchase-a-support-plan-under-an-enterprise-"
                                "agreement;how-do-i-upgrade-to-a-higher-tier-support-plan"),
        "premier": ("Premier-ondersteuning", 60, True, "how-do-i-purchase-a-support-plan-under-an-enterprise-agreement;"
                    "how-do-i-purchase-a-premier-support-contract"),                        # nl 59, 252, 283
        "unified": ("Unified-ondersteuning", None, True, ""),                                # nl 59, 85
        "unified-core": ("Unified Core", 60, True, ""), "unified-advanced": ("Unified Advanced", 60, True, ""),
        "unified-performance": ("Unified Performance", 30, True, ""),                          # nl 160-178
        "software-assurance": ("Software Assurance", None, None, ""), "advantage": ("Advantage/Advantage+", None, None, ""),
        "premier-support-for-partners": ("Premier Support for Partner", None, None, ""),      # nl 289
    }


def test_every_yes_links_to_its_sentence(tables):
    """Each service a plan page shows as included has a claim with the sentence, its entry and line."""
    for plan in rows(tables, "plans"):
        for service, column in (("advisory-services", "advisory_services"), ("onsite-support", "onsite_support")):
            if plan[column]:
                claims = rows(tables, "plan_claims", lang=plan["lang"], plan=plan["plan"], claim=service,
                              value="included")
                assert claims and all(c["statement"] and c["entry"] and c["line"] for c in claims), plan["plan"]
    core = rows(tables, "plan_claims", lang="en", plan="unified-core", claim="onsite-support")[0]
    assert (core["rule"], core["line"], core["named_as"]) == ("family", 124, "Premier/Unified Support")
    subscription_buy = rows(tables, "plan_claims", lang="en", plan="subscription", claim="how-to-buy")
    assert subscription_buy == []   # en 284 is about moving *from* Subscription to Professional Direct


def test_business_hours_readings(tables):
    readings = {(r["lang"], r["doc"], r["region"]): (r["tz_reading"], r["tz_ambiguous"], r["line"])
                for r in tables["business_hours"]}
    assert readings[("en", "support-overview", "emea")] == ("zone-with-dst", True, 57)        # en 57 CET (UTC +1)
    assert readings[("en", "support-overview", "asia-pacific")] == ("fixed-offset", False, 55)  # en 55 GMT+8
    assert readings[("en", "support-overview", "north-america")] == ("zone-with-dst", False, 58)
    assert readings[("en", "support-overview", "japan")] == ("customer-local", False, 56)
    assert readings[("nl", "support-overview", "emea")] == ("zone-with-dst", True, 41)        # nl 41-42
    # 21v 35: "Monday through Friday during local business hours, 9:00 to 18:00 China Standard Time (CST)"
    china = rows(tables, "business_hours", doc="21vianet-support", region="china")[0]
    assert (china["start"], china["end"], china["days"], china["tz"], china["tz_reading"], china["line"]) == \
        ("09:00", "18:00", "mon-fri", "Asia/Shanghai", "zone-without-dst", 35)


def test_calculator_states_its_time_zone_reading(tables):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from extract.deadline import compute
    result = compute(tables, "subscription", "severity-b", "emea", datetime(2026, 7, 3, 17, 30, tzinfo=ZoneInfo("Europe/Amsterdam")))
    # the steps open with the filing time in the region's business time, then the business hours with their reading
    intro = result.steps[1]
    assert "daylight saving" in intro and "CET (UTC +1)" in intro
