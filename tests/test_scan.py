"""LabelScan finds exactly what re.finditer finds, for the label patterns the glossary builds."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from extract.scan import LabelScan, LabelScans

LETTERS = "abé -'"   # word characters, a space, a hyphen and an apostrophe: boundaries inside and between labels
labels = st.lists(st.text(LETTERS, min_size=1, max_size=5), min_size=1, max_size=6, unique=True)
texts = st.text(LETTERS + "x", max_size=40)


def whole_words(found: list[str]) -> re.Pattern:
    """As Glossary.find_all: whole words, longest label first."""
    escaped = [re.escape(label) for label in sorted(found, key=len, reverse=True)]
    return re.compile(r"(?<!\w)(?:" + "|".join(escaped) + r")(?!\w)")


def forms(found: list[str], suffixes: list[str]) -> re.Pattern:
    """As Glossary.find_forms: each label with an optional suffix, one-word labels also inside a word."""
    alternatives = []
    for i, label in enumerate(sorted(found, key=len, reverse=True)):
        inflected = re.escape(label) + "(?:" + "|".join(map(re.escape, suffixes)) + ")?"
        alternatives.append(f"(?P<g{i}>{inflected})" if " " not in label else
                            f"(?<!\\w)(?P<g{i}>{inflected})(?!\\w)")
    return re.compile("(?:" + "|".join(alternatives) + ")")


def spans(matches) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


@settings(max_examples=400, deadline=None)
@given(labels, texts)
def test_whole_words_as_finditer(found, text):
    pattern = whole_words(found)
    assert spans(LabelScan(pattern, found).finditer(text)) == spans(pattern.finditer(text))


@settings(max_examples=400, deadline=None)
@given(labels, st.lists(st.text("ae", min_size=1, max_size=2), min_size=1, max_size=3), texts)
def test_inflected_and_compound_forms_as_finditer(found, suffixes, text):
    pattern = forms(found, suffixes)
    assert spans(LabelScan(pattern, found).finditer(text)) == spans(pattern.finditer(text))


def test_overlapping_labels_and_resuming_after_a_match():
    found = ["premier", "premier support", "support"]
    pattern = whole_words(found)
    text = "premier support for partners; premier and support"
    assert spans(LabelScan(pattern, found).finditer(text)) == spans(pattern.finditer(text))
    assert [m.group(0) for m in LabelScan(pattern, found).finditer(text)] == ["premier support", "premier", "support"]


def test_an_empty_label_matches_where_the_pattern_does():
    pattern = re.compile("(?:a|)")
    assert spans(LabelScan(pattern, ["a", ""]).finditer("bab")) == spans(pattern.finditer("bab"))


def test_no_labels_no_matches():
    assert list(LabelScan(re.compile("(?!)"), []).finditer("anything")) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(labels, min_size=1, max_size=4), texts)
def test_patterns_scanned_together_find_what_each_finds(label_sets, text):
    """One automaton for several patterns (labels shared between them, an empty label in one)."""
    patterns = [(whole_words(found), found) for found in label_sets] + [(re.compile("(?:a|)"), ["a", ""])]
    together = LabelScans([LabelScan(pattern, found) for pattern, found in patterns]).finditer_each(text)
    assert [spans(matches) for matches in together] == [spans(pattern.finditer(text)) for pattern, _ in patterns]
