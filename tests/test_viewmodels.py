"""View models (plugins/atlas_site/viewmodels.py): rows of the tables in, what a view shows out, in the order shown;
the views only loop over them and print."""
from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "plugins"))
from atlas_site import viewmodels  # noqa: E402


class Rows:
    """The renderer's table reader over a few hand-written rows: rows whose columns equal the given values."""

    def __init__(self, **tables: list[dict]):
        self.tables = tables

    def rows(self, name: str, **match) -> list[dict]:
        return [r for r in self.tables.get(name, []) if all(r.get(c) == v for c, v in match.items())]


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
                        {"region": "nowhere", "region_label": "Nergens", "lang": "nl"}])
    form = viewmodels.deadline_form(tables, "nl")
    assert form.plans == [("subscription", "Subscription")]
    assert form.severities == [("severity-a", "Ernst A"), ("severity-b", "Ernst B")]   # first label, first order
    assert form.regions == [("japan", "Japan", "Japan"), ("nowhere", "Nergens", "")]
