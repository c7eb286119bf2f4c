"""View models (plugins/atlas_site/viewmodels.py): rows of the tables in, what a view shows out, in the order shown;
the views only loop over them and print."""
from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "plugins"))
from atlas_site import viewmodels  # noqa: E402
from atlas_site.viewmodels import RevisionStep  # noqa: E402
from extract.diff_report import Line  # noqa: E402


class Rows:
    """The renderer's table reader over a few hand-written rows: rows whose columns equal the given values."""

    def __init__(self, **tables: list[dict]):
        self.tables = tables

    def rows(self, name: str, **match) -> list[dict]:
        return [r for r in self.tables.get(name, []) if all(r.get(c) == v for c, v in match.items())]

    def exists(self, name: str, **match) -> bool:
        return bool(self.rows(name, **match))


def finding(id: str, severity: str, cause: str = "translation", docs: str = "overview;overview-nl", **more) -> dict:
    return {"id": id, "severity": severity, "cause": cause, "docs": docs, "revision": "", **more}


def test_status_groups_findings_by_severity_most_serious_first_with_counts():
    tables = Rows(findings=[finding("cells/a:1", "warning"), finding("text/b", "error"), finding("cells/c:2", "warning")])
    sections = viewmodels.translation_status(tables, "en")
    assert [(s.key, s.heading, s.count) for s in sections] == [
        ("error", "Errors", "1 error"), ("warning", "Warnings", "2 warnings"), ("info", "Information", "0 for information")]
    assert [r.finding["id"] for r in sections[1].rows] == ["cells/a:1", "cells/c:2"]   # the table's order
    assert [(r.anchor, r.doc) for r in sections[1].rows] == [("cells-a-1", "overview"), ("cells-c-2", "overview")]


def test_status_counts_and_causes_in_the_pages_language():
    tables = Rows(findings=[finding("a", "error", cause="source-changed", revision="2022-03-23_1e079e73"),
                            finding("b", "error", cause="upstream"), finding("c", "error")])
    [errors, *_] = viewmodels.translation_status(tables, "nl")
    assert errors.count == "3 fouten"
    assert [r.cause for r in errors.rows] == ["Origineel gewijzigd (23 maart 2022)", "Oorspronkelijke documenten", "Vertaling"]


def test_deadline_form_offers_timed_plans_severities_once_and_regions_with_their_holiday_country():
    tables = Rows(
        plans=[{"plan": "subscription", "label": "Subscription", "severities": "severity-a;severity-b", "lang": "nl"},
               {"plan": "unified", "label": "Unified", "severities": "", "lang": "nl"}],
        response_times=[{"severity": "severity-a", "severity_label": "Ernst A", "lang": "nl"},
                        {"severity": "severity-b", "severity_label": "Ernst B", "lang": "nl"},
                        {"severity": "severity-a", "severity_label": "Ernst A (later)", "lang": "nl"}],
        business_hours=[{"region": "japan", "region_label": "Japan", "lang": "nl"},
                        {"region": "nowhere", "region_label": "Nergens", "lang": "nl"},
                        {"region": "japan", "region_label": "Japan (tweede document)", "lang": "nl"}])
    form = viewmodels.deadline_form(tables, "nl")
    assert form.plans == [("subscription", "Subscription")]
    assert form.severities == [("severity-a", "Ernst A"), ("severity-b", "Ernst B")]   # first label, first order
    assert form.regions == [("japan", "Japan", "Japan"), ("nowhere", "Nergens", "")]   # once, as first named


def line(table_id: str, entry: str = "", row: str = "a row") -> Line:
    return Line(table=table_id.replace("_", " ").capitalize(), table_id=table_id, kind="changed", row=row, entry=entry)


def step(lines: list[Line], older: str = "2021-01-12_4deb81b7", newer: str = "2021-03-17_e51c24ad") -> RevisionStep:
    return RevisionStep(newer, "overview", False, viewmodels.Revision(older, older[:10], ""),
                        viewmodels.Revision(newer, newer[:10], "https://example.org/blob/e51c24ad/overview.md"), lines)


def test_a_revision_is_called_by_its_commit_or_its_whole_name():
    assert viewmodels.Revision("2021-03-17_e51c24ad", "2021-03-17", "").commit == "e51c24ad"
    assert viewmodels.Revision("bundled", "2021-03-17", "").commit == "bundled"


def test_a_revision_step_counts_its_changes_per_table_in_the_order_of_its_lines():
    changes = step([line("faq"), line("faq"), line("business_hours"), line("faq")])
    assert [(t.table_id, t.table, t.count) for t in changes.tables()] == [("faq", "Faq", 3),
                                                                            ("business_hours", "Business hours", 1)]


def test_a_revision_page_shows_its_range_of_lines_links_answered_entries_and_filters_on_its_tables():
    tables = Rows(faq=[{"doc": "overview", "id": "q1", "lang": "en"}])
    steps = [step([line("business_hours", "q1"), line("faq", "q1"), line("faq", "gone"), line("request_portals")]),
             step([line("faq", "q1")], newer="2021-06-08_0d07a8da")]
    [page] = viewmodels.revision_page(tables, steps, {"doc": "overview", "id": "2021-03-17_e51c24ad", "lines": (0, 3)})
    assert page.step is steps[0]
    assert [(s.line.table_id, s.line.entry, s.linked) for s in page.lines] == [
        ("business_hours", "q1", False), ("faq", "q1", True), ("faq", "gone", False)]   # an answered FAQ row links
    assert page.tables == [("faq", "Faq"), ("business_hours", "Business hours")]     # in the tables' order
    [last] = viewmodels.revision_page(tables, steps, {"doc": "overview", "id": "2021-03-17_e51c24ad", "lines": (3, None)})
    assert [s.line.table_id for s in last.lines] == ["request_portals"] and last.tables == [("request_portals", "Request portals")]


def test_a_notice_on_a_translation_links_the_originals_answer_only_where_the_original_has_one():
    tables = Rows(faq=[{"doc": "overview", "id": "q1", "lang": "en"}, {"doc": "overview", "id": "q2", "lang": "nl"}])
    answered = finding("text/overview:q1", "error", entry="q1")
    unanswered = finding("text/overview:q2", "error", entry="q2")
    assert viewmodels.notice(tables, answered, "differs", "nl", "en") == viewmodels.Notice("differs", "text-overview-q1", "q1", "overview")
    assert viewmodels.notice(tables, unanswered, "differs", "nl", "en").source_entry == ""   # to the status page
    assert viewmodels.notice(tables, answered, "differs", "en", "en").source_entry == ""     # the original's own page


def test_a_plan_page_splits_the_plans_names_and_finds_its_own_and_its_familys_lcs_identifiers():
    plan = {"plan": "unified-core", "family": "unified", "names": "Unified Core;Unified Support Core"}
    tables = Rows(
        lcs_entitlements=[{"plan": "unified", "lang": "en", "id": 1}, {"plan": "unified-core", "lang": "en", "id": 2},
                          {"plan": "premier", "lang": "en", "id": 3}, {"plan": "unified", "lang": "nl", "id": 4}])
    page = viewmodels.plan_page(tables, "nl", "en", plan)
    assert page.names == ["Unified Core", "Unified Support Core"]
    assert [r["id"] for r in page.lcs_identifiers] == [1, 2]     # stated in the original only
    bare = viewmodels.plan_page(Rows(), "nl", "en", {**plan, "names": ""})
    assert (bare.names, bare.lcs_identifiers) == ([], [])


def test_a_plan_pages_statements_come_document_by_document_with_unique_row_ids():
    plan = {"plan": "unified-core", "family": "unified"}
    time = {"plan": "unified-core", "lang": "nl", "severity": "critical", "stated_minutes": ""}
    buy = {"plan": "unified-core", "lang": "nl", "claim": "how-to-buy"}
    tables = Rows(
        response_times=[{**time, "doc": "a"}, {**time, "doc": "b", "stated_minutes": "60;120"}, {**time, "doc": "c"},
                        {**time, "doc": "a", "plan": "premier"}, {**time, "doc": "a", "lang": "en"}],
        request_portals=[{"plan": "unified", "lang": "nl", "doc": "a", "id": 1},
                         {"plan": "unified-core", "lang": "nl", "doc": "a", "id": 2},
                         {"plan": "unified", "lang": "nl", "doc": "b", "id": 3},
                         {"plan": "premier", "lang": "nl", "doc": "a", "id": 4}],
        plan_claims=[{**buy, "doc": "a", "entry": "q1", "statement": "Contact your account team."},
                     {**buy, "doc": "a", "entry": "q2", "statement": "Ask a partner."},
                     {**buy, "doc": "a", "entry": "q2", "statement": "Ask a partner."},
                     {**buy, "doc": "b", "entry": "q1", "statement": "Contact your account team."},
                     {**buy, "doc": "a", "claim": "advisory-services"}, {**buy, "doc": "b", "claim": "onsite-support"},
                     {**buy, "doc": "a", "claim": "described"}])
    said = viewmodels.plan_statements(tables, "nl", plan, ["a", "b"])
    # A second document's time for the same severity gets an id of its own; a cell stating two times shows the legend.
    assert [t.anchor for t in said.times] == ["critical", "critical-b"] and said.stated_twice
    assert [r["id"] for r in said.portals] == [2, 1, 3]   # a document's portals for the plan, then for its family
    assert said.how_to_buy == ["Contact your account team.", "Ask a partner."]
    assert [(c["doc"], c["entry"]) for c in said.how_to_buy_sources] == [("a", "q1"), ("a", "q2"), ("b", "q1")]
    assert (len(said.advisory), len(said.onsite)) == (1, 1)
    none = viewmodels.plan_statements(tables, "nl", plan, [])
    assert (none.times, none.portals, none.stated_twice, none.how_to_buy, none.how_to_buy_sources) == \
        ([], [], False, [], [])


def test_the_comparison_links_each_plans_first_how_to_buy_entry():
    plans = [{"plan": "subscription", "family": "", "lang": "en", "how_to_buy_entries": "q1;q2"},
             {"plan": "premier", "family": "", "lang": "en", "how_to_buy_entries": ""}]
    view = viewmodels.comparison(Rows(plans=plans), "en")
    assert [(row.plan["plan"], row.how_to_buy_entry) for row in view.plans] == [("subscription", "q1"), ("premier", "")]


def test_the_response_overview_groups_plans_by_the_severities_they_state_and_asks_for_the_legend():
    def time(plan, severity, label, max_minutes=60, stated=""):
        return {"plan": plan, "severity": severity, "severity_label": label, "max_minutes": max_minutes,
                "stated_minutes": stated, "lang": "en"}
    times = [time("subscription", "a", "A"), time("subscription", "b", "B"), time("premier", "a", "A"),
             time("premier", "b", "B", None, "120;240"), time("unified", "critical", "Critical")]
    plans = [{"plan": p, "lang": "en"} for p in ("subscription", "software-assurance", "premier", "unified")]
    overview = viewmodels.response_overview(Rows(response_times=times, plans=plans), "en")
    assert [(g.labels, [p["plan"] for p, _ in g.plans]) for g in overview.groups] == [
        (["A", "B"], ["subscription", "premier"]), (["Critical"], ["unified"])]   # a plan without times is left out
    assert overview.stated_twice
    assert not viewmodels.response_overview(Rows(response_times=times[:3], plans=plans), "en").stated_twice
