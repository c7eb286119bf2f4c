"""The deadline calculator: hand-checked cases, errors, and the browser agreeing with Python."""
import json
import random
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import run_cli
from extract.deadline import DeadlineError, compute

AMS, LA, TOKYO = ZoneInfo("Europe/Amsterdam"), ZoneInfo("America/Los_Angeles"), ZoneInfo("Asia/Tokyo")


@pytest.fixture(scope="module")
def hours(tables):
    return {"response_times": tables["response_times"], "business_hours": tables["business_hours"],
            "documents": tables["documents"]}   # which rows are the originals'


@pytest.mark.parametrize("plan,severity,region,filed,expected", [
    # The example: Friday 17:30 in Amsterdam, 4 business hours.
    ("subscription", "severity-b", "emea", datetime(2026, 11, 20, 17, 30, tzinfo=AMS), "2026-11-23T11:30:00+01:00"),
    # Filed on a Saturday: the clock starts Monday 08:00.
    ("subscription", "severity-c", "emea", datetime(2026, 11, 21, 10, 0, tzinfo=AMS), "2026-11-23T16:00:00+01:00"),
    # Christmas (25 December, a Dutch public holiday) and the weekend are skipped.
    ("professional-direct", "severity-c", "emea", datetime(2026, 12, 24, 16, 0, tzinfo=AMS), "2026-12-28T10:00:00+01:00"),
    # Across the spring change to CEST: Monday 08:00 CEST + 2 h.
    ("subscription", "severity-b", "emea", datetime(2026, 3, 27, 16, 0, tzinfo=AMS), "2026-03-30T10:00:00+02:00"),
    # Across the autumn change to PST: Friday 17:00 PDT (1 h), Monday 06:00 PST + 3 h.
    ("subscription", "severity-b", "north-america", datetime(2026, 10, 30, 17, 0, tzinfo=LA), "2026-11-02T09:00:00-08:00"),
    # Thanksgiving (a US public holiday) is skipped.
    ("subscription", "severity-b", "north-america", datetime(2026, 11, 25, 16, 0, tzinfo=LA), "2026-11-27T08:00:00-08:00"),
    # Around the clock counts wall-clock time, through the night the clocks go forward.
    ("premier", "severity-a", "north-america", datetime(2026, 3, 8, 1, 30, tzinfo=LA), "2026-03-08T03:30:00-07:00"),
    ("unified-performance", "critical", "emea", datetime(2026, 11, 21, 23, 50, tzinfo=AMS), "2026-11-22T00:20:00+01:00"),
    # Filed before opening time in Japan: 09:00 + 4 h.
    ("subscription", "severity-b", "japan", datetime(2026, 6, 2, 7, 0, tzinfo=TOKYO), "2026-06-02T13:00:00+09:00"),
    # Asia-Pacific is GMT+8: 20:30-21:00 counts 30 min, then 07:00 + 1 h 30.
    ("professional-direct", "severity-b", "asia-pacific", datetime(2026, 6, 3, 20, 30, tzinfo=ZoneInfo("Asia/Singapore")),
     "2026-06-04T08:30:00+08:00"),
    # "All others": 9-17 in the customer's own zone, no holidays known.
    ("subscription", "severity-b", "other", datetime(2026, 12, 24, 15, 0, tzinfo=ZoneInfo("America/Sao_Paulo")),
     "2026-12-25T11:00:00-03:00"),
])
def test_hand_checked_deadlines(hours, plan, severity, region, filed, expected):
    result = compute(hours, plan, severity, region, filed)
    assert result.deadline.isoformat() == expected
    assert result.deadline.astimezone(filed.tzinfo) == datetime.fromisoformat(expected)


def test_reasoning_is_told_step_by_step(hours):
    result = compute(hours, "subscription", "severity-b", "emea", datetime(2026, 11, 20, 17, 30, tzinfo=AMS))
    assert result.steps[2:] == ["Friday 20 November 17:30–18:00 CET counts 30 min",
                                "Monday 23 November 08:00 CET + 3 h 30 min = 11:30 CET"]
    assert result.country == "NL" and not result.around_the_clock
    assert result.customer_deadline is None   # the customer's clock is the region's: one time is enough


def test_reasoning_starts_by_converting_the_filing_time_into_business_time(hours):
    """Filed from New York for Asia-Pacific (a fixed GMT+8): every time carries its zone, and the answer is
    also given on the customer's own clock."""
    filed = datetime(2026, 6, 3, 8, 30, tzinfo=ZoneInfo("America/New_York"))
    result = compute(hours, "professional-direct", "severity-b", "asia-pacific", filed)
    assert result.steps[0] == ("filed Wednesday 03 June 08:30 EDT = Wednesday 03 June 20:30 UTC+08:00 "
                               "in the business time of Asia-Pacific (excluding Japan)")
    assert result.filed_in_zone.isoformat() == "2026-06-03T20:30:00+08:00"
    assert result.steps[2:] == ["Wednesday 03 June 20:30–21:00 UTC+08:00 counts 30 min",
                                "Thursday 04 June 07:00 UTC+08:00 + 1 h 30 min = 08:30 UTC+08:00"]
    assert result.customer_deadline.isoformat() == "2026-06-03T20:30:00-04:00"
    clock = compute(hours, "premier", "severity-a", "asia-pacific", filed)
    assert clock.steps[0].startswith("filed Wednesday 03 June 08:30 EDT = Wednesday 03 June 20:30 UTC+08:00")
    assert clock.steps[2] == "Wednesday 03 June 20:30 UTC+08:00 + 1 h = Wednesday 03 June 21:30 UTC+08:00"


@pytest.mark.parametrize("args,message", [
    (("premier", "critical", "emea", datetime(2026, 1, 5, 9, tzinfo=AMS)), "has no initial response time for 'critical'"),
    (("premier", "severity-a", "mars", datetime(2026, 1, 5, 9, tzinfo=AMS)), "unknown region 'mars'"),
    (("gold", "severity-a", "emea", datetime(2026, 1, 5, 9, tzinfo=AMS)), "unknown plan 'gold'"),
    (("premier", "severity-a", "emea", datetime(2026, 1, 5, 9)), "has no time zone"),
])
def test_invalid_questions_get_a_clear_error(hours, args, message):
    with pytest.raises(DeadlineError, match=message):
        compute(hours, *args)


def test_command_line(hours):
    ok = run_cli("deadline", "--plan", "subscription", "--severity", "severity-b", "--region", "emea",
                 "--at", "2026-11-20T17:30:00+01:00")
    assert ok.returncode == 0
    assert ok.stdout.startswith("Latest expected first contact: Monday 2026-11-23 11:30 CET")
    assert "your time" not in ok.stdout.splitlines()[0]   # filed at +01:00, the region's own offset
    elsewhere = run_cli("deadline", "--plan", "subscription", "--severity", "severity-b", "--region", "emea",
                        "--at", "2026-11-20T11:30:00-05:00")
    assert "; your time: Monday 2026-11-23 05:30 UTC-05:00" in elsewhere.stdout.splitlines()[0]
    assert "representative country of 'emea'" in ok.stdout
    bad = run_cli("deadline", "--plan", "subscription", "--severity", "severity-b", "--region", "emea",
                  "--at", "2026-11-20T17:30")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "has no time zone" in bad.stderr


def transitions(year):
    """Days around the clock changes of CET and Pacific time in a year."""
    def last_sunday(month):
        d = date(year, month + 1, 1) - timedelta(days=1)
        return d - timedelta(days=(d.weekday() + 1) % 7)
    def nth_sunday(month, n):
        d = date(year, month, 1) + timedelta(days=(6 - date(year, month, 1).weekday()) % 7)
        return d + timedelta(weeks=n - 1)
    return [last_sunday(3), last_sunday(10), nth_sunday(3, 2), nth_sunday(11, 1)]


def generated_cases(data, count=400):
    """Random plans, severities, regions and times, weighted towards weekends, holidays and clock changes."""
    rng = random.Random(20261121)
    this = date.today().year
    combos = [(t["plan"], t["severity"]) for t in data["times"] if t["max_minutes"] is not None]
    regions = sorted(data["regions"])
    special = [d for y in (this, this + 1) for d in transitions(y)]
    special += [date.fromisoformat(h) for r in data["regions"].values() for h in r["holidays"]
                if date.fromisoformat(h) < date(this + 1, 12, 1)]
    zones = ["Europe/Amsterdam", "America/Los_Angeles", "Asia/Tokyo", "Asia/Singapore", "America/New_York"]
    cases = []
    for i in range(count):
        if i % 3 == 0:
            day = rng.choice(special) + timedelta(days=rng.choice([-2, -1, 0, 1]))
        else:
            day = date(this, 1, 1) + timedelta(days=rng.randrange(0, 690))
        zone = rng.choice(zones)
        filed = datetime(day.year, day.month, day.day, rng.randrange(24), rng.choice([0, 15, 30, 45]), tzinfo=ZoneInfo(zone))
        plan, severity = rng.choice(combos)
        cases.append((plan, severity, rng.choice(regions), filed, zone))
    return cases


def test_browser_and_python_agree_on_generated_cases(hours, site, server, browser):
    data = json.loads((site / "data" / "deadline.json").read_text())
    cases = generated_cases(data)
    page = browser.new_page()
    page.goto(f"{server}/compare/")
    page.wait_for_selector("section.deadline:not([hidden])")   # shown once the calendar data has loaded
    js = page.evaluate("""cases => cases.map(c => {
        const r = window.SupportAtlasDeadline.compute(window.SupportAtlasDeadline.data, c[0], c[1], c[2], c[3], c[4]);
        const w = r.filedInZone;
        return [r.deadline, r.steps.length, [w.y, w.m, w.d, w.h, w.mi]];
    })""", [[p, s, r, int(f.timestamp() * 1000), z] for p, s, r, f, z in cases])
    page.close()
    mismatches = []
    for (plan, severity, region, filed, zone), (deadline_ms, steps, filed_wall) in zip(cases, js):
        expected = compute(hours, plan, severity, region, filed)
        python_steps = len(expected.steps) - 2   # the browser tells the conversion and the summary line apart
        local = expected.filed_in_zone
        if int(expected.deadline.timestamp() * 1000) != deadline_ms or (not expected.around_the_clock and python_steps != steps) \
                or [local.year, local.month, local.day, local.hour, local.minute] != filed_wall:
            mismatches.append((plan, severity, region, filed.isoformat(), expected.deadline.isoformat(), deadline_ms))
    assert len(cases) >= 400 and not mismatches, mismatches[:5]
    kinds = {(compute(hours, p, s, r, f).around_the_clock, f.weekday() >= 5) for p, s, r, f, _ in cases}
    assert kinds == {(True, True), (True, False), (False, True), (False, False)}


def ask_calculator(browser, url: str, severity: str, region: str, filed: str, **context_options):
    """Open a plan page in a browser on the customer's clock, fill in the calculator and ask it."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("section.deadline:not([hidden])")
    page.select_option("#dl-severity", severity)
    page.select_option("#dl-region", region)
    page.fill("#dl-at", filed)
    page.click(".deadline-form button")
    return context, page


def test_form_answers_in_dutch_on_a_plan_page(server, browser):
    context, page = ask_calculator(browser, f"{server}/nl/plans/subscription/", "severity-b", "emea",
                                   "2026-11-20T17:30", timezone_id="Europe/Amsterdam")
    answer = page.locator(".deadline-answer").inner_text()
    assert "maandag 23 november" in answer and "11:30" in answer
    steps = page.locator(".deadline-result li").all_inner_texts()
    assert steps[0] == ("Ingediend vrijdag 20 november om 17:30 CET op uw klok: vrijdag 20 november om 17:30 CET "
                        "in de kantoortijd van EMEA.")
    assert steps[1].startswith("vrijdag 20 november om 17:30 CET") and "30 min" in steps[1]
    assert page.locator(".deadline-local").count() == 0   # the customer's clock is the region's
    context.close()


def test_form_shows_every_time_with_its_zone_and_the_customers_own_time(server, browser):
    """Asia-Pacific business hours are a fixed GMT+8: the answer names that zone and adds the customer's clock."""
    context, page = ask_calculator(browser, f"{server}/plans/professional-direct/", "severity-b", "asia-pacific",
                                   "2026-06-03T08:30", timezone_id="America/New_York", locale="en-US")
    assert page.locator(".deadline-answer").inner_text() == "Expect to be contacted by Thursday, June 4 at 08:30 UTC+08:00."
    assert page.locator(".deadline-local").inner_text() == "That is Wednesday, June 3 at 20:30 EDT on your own clock."
    steps = page.locator(".deadline-result li").all_inner_texts()
    assert steps[0] == ("Filed Wednesday, June 3 at 08:30 EDT on your clock: Wednesday, June 3 at 20:30 UTC+08:00 "
                        "in the business time of Asia-Pacific (excluding Japan).")
    times = re.findall(r"(?<![+\-\d])\d{2}:\d{2}(?: UTC[+-]\d{2}:\d{2}| GMT[+-]\d+| [A-Z]{3,4}\b)?", " ".join(steps))
    assert times and all(" " in t for t in times), times   # no time without its zone
    context.close()


def test_without_javascript_the_form_is_hidden_and_the_tables_shown(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/compare/")
    assert not page.locator("section.deadline").is_visible()
    assert not page.locator("fieldset.chooser").is_visible()
    assert page.locator("#compare-table tbody tr").count() >= 9
    assert page.locator("#compare-table").is_visible()
    context.close()


def test_plan_chooser_filters_the_comparison(server, browser):
    page = browser.new_page()
    page.goto(f"{server}/compare/")
    page.wait_for_selector("fieldset.chooser:not([hidden])")
    visible = lambda: [r.get_attribute("id") for r in page.locator("#compare-table tbody tr").all() if r.is_visible()]
    everything = visible()
    page.get_by_label("Advisory services").check()
    advisory = visible()
    assert "professional-direct" in advisory and "subscription" not in advisory and len(advisory) < len(everything)
    page.get_by_label("Support for on-premises products").check()
    # Premier and Unified Support (with its Core, Advanced and Performance tiers) file through Services Hub.
    assert set(visible()) == {"premier", "unified", "unified-core", "unified-advanced", "unified-performance"}
    assert page.locator(".chooser-status").inner_text() == "5 plans shown."
    page.close()
