"""Findings are typed records: where a finding is, and in which languages its values are, are fields the check
sets; the site tells a finding from those fields, naming the languages, for any pair of languages."""
from __future__ import annotations

import sys

import pytest
from babel import Locale

from conftest import ROOT
from extract.checks.finding import Cause, Finding, Kind, Severity

sys.path.insert(0, str(ROOT / "plugins"))
from atlas_site import told  # noqa: E402


def test_every_finding_says_where_it_is_in_fields(tables):
    columns = {name: set(rows[0]) for name, rows in tables.items() if rows}
    for f in tables["findings"]:
        assert f["kind"] == f["check"].split("/")[0] and Kind(f["kind"])
        assert f["table"] in columns, f["id"]
        assert set(f["key"]) <= columns[f["table"]] - {"doc", "lang"}, f["id"]
        assert not f["column"] or f["column"] in columns[f["table"]], f["id"]
        langs = {d["lang"] for d in tables["documents"] if d["doc"] in f["docs"].split(";")} or \
            {d["lang"] for d in tables["documents"]}
        assert {f["lang_a"], f["lang_b"]} <= langs, f["id"]
        if f["cause"] == "upstream":
            assert f["lang_a"] == f["lang_b"], f["id"]
        else:
            assert f["lang_a"] != f["lang_b"], f["id"]


def test_a_cell_finding_names_the_rows_whole_key_and_its_column(tables):
    """The key is the row's primary key without doc and lang, in key order: the site finds the row with it."""
    for f in (f for f in tables["findings"] if f["kind"] == "cells"):
        rows = [r for r in tables[f["table"]] if r["lang"] == f["lang_a"] and r["doc"] == f["docs"]
                and all(r[c] == v for c, v in f["key"].items())]
        assert len(rows) == 1 and f["column"] in rows[0], f["id"]


def test_stray_words_are_the_second_value(tables):
    strays = [f for f in tables["findings"] if f["check"] == "artefacts/stray-words"]
    assert strays and all(f["value_b"] and f["value_b"] in f["message"] for f in strays)


def test_a_finding_is_made_typed():
    f = Finding("cells/business_hours", "error", "business_hours:doc:emea:end", "m", table="business_hours",
                key={"region": "emea"}, column="end", lang_a="en", lang_b="de")
    assert (f.kind, f.severity, f.cause) == (Kind.CELLS, Severity.ERROR, Cause.NONE)
    row = f.row()
    assert (row["kind"], row["severity"], row["cause"], row["key"]) == ("cells", "error", "", {"region": "emea"})
    assert row["id"] == "cells/business_hours:business_hours:doc:emea:end"
    with pytest.raises(ValueError):
        Finding("guesswork/x", "error", "x", "m")
    with pytest.raises(ValueError):
        Finding("cells/x", "fatal", "x", "m")


def finding(check: str, **fields) -> dict:
    return {"check": check, "kind": check.split("/")[0], "severity": "warning", "location": "", "docs": "d",
            "entry": "", "value_a": "", "value_b": "", "message": "m", "cause": "translation", "revision": "",
            "table": "", "key": {}, "column": "", "lang_a": "en", "lang_b": "de", **fields}


def test_told_sentences_name_no_language_in_their_words():
    """The languages are placeholders filled from lang_a and lang_b, never words of the sentence."""
    messages = [t.message for t in (*told.TOLD.values(), told.UNTOLD, told.ROW_IN_ONE_LANGUAGE)]
    names = {Locale.parse(code).get_display_name("en") for code in ("en", "nl", "de", "fr")}
    assert not [m for m in messages for name in names if name in m]


def test_a_finding_about_any_language_is_told_with_its_languages_names():
    missing = finding("structure/missing-entry")
    assert str(told.describe(missing, "nl", None)) == "Deze vraag ontbreekt in de vertaling in het Duits."
    assert str(told.describe(missing, "en", None)) == "This question is missing from the German translation."
    blocks = finding("content/footnote", value_a="1", value_b="2", lang_b="fr")
    assert str(told.describe(blocks, "en", None)) == \
        "The English source has 1 footnote here, the French translation 2 footnotes."
    stray = finding("artefacts/stray-words", value_b="Microsoft", location="blocks:d:de:e:item:1:somethingelse")
    assert str(told.describe(stray, "en", None)) == \
        'Words outside any sentence, left over from the page: <span lang="de">‘Microsoft’</span>.'
    changed = finding("structure/empty-answer", cause="source-changed", revision="2022-03-23_1e079e73")
    assert str(told.describe(changed, "nl", None)).endswith(
        "De pagina in het Engels is na onze kopie gewijzigd (versie van 23 maart 2022); de vertaling volgt de "
        "nieuwere tekst.")
