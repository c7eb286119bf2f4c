"""Bounded work on any input: nesting, long lines, YAML; every result is a table set or a one-line error.

The time bound per example is Hypothesis's deadline: generous against a loaded machine, far below what the
catastrophic cases took (minutes for a line of spaces, unbounded for deep nesting). Speed itself is
measured in `make bench`.
"""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SOURCES
from extract.align import align_translation
from extract.docfx import parse_docfx
from extract.errors import MAX_SOURCE_BYTES, SourceError, read_text
from extract.limits import MAX_NESTING, load_yaml
from extract.pipeline import build_tables
from extract.plaintext import read_scrape
from extract.tables.base import Context

ENGLISH_DOC = parse_docfx((SOURCES / "en" / "support-overview.md").read_text(), doc="support-overview", lang="en",
                          path="en.md")
BOUNDED = settings(max_examples=40, deadline=timedelta(seconds=4), suppress_health_check=[HealthCheck.too_slow])


def tables_or_one_line_error(text: str, path: str = "page.md") -> dict | str:
    """The table set of an English page, or the one-line error (naming the file) it raises."""
    try:
        document = parse_docfx(text, doc="page", lang="en", path=path)
        return build_tables(Context(documents=[document], langs=("en",)))
    except SourceError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(path), message
        return message


def dutch_tables_or_one_line_error(text: str) -> dict | str:
    try:
        document, _ = align_translation(ENGLISH_DOC, read_scrape(text, "nl", "nl.txt"), path="nl.txt")
        return build_tables(Context(documents=[ENGLISH_DOC, document], langs=("en", "nl")))
    except SourceError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("nl.txt"), str(exc)
        return str(exc)


MARKERS = st.sampled_from(["- ", "* ", "1. ", "> ", "  ", "\t", "<div>", "<ul><li>", "<table><tr><td>", "<b>"])


@BOUNDED
@given(st.lists(MARKERS, max_size=3 * MAX_NESTING).map("".join), st.text(max_size=20))
def test_nesting_on_one_line(prefix, text):
    page = f"# Title\n\n## Section\n\n### Question?\n\n{prefix}{text}\n"
    result = tables_or_one_line_error(page)
    assert isinstance(result, dict) or "nested" in result or "truncated table" in result


@BOUNDED
@given(st.integers(0, 3 * MAX_NESTING), st.sampled_from(["- ", "1. ", "> ", "* "]), st.booleans())
def test_nesting_over_lines(depth, marker, indent):
    lines = [("  " * i if indent else marker * i) + marker + f"item {i}" for i in range(depth)]
    result = tables_or_one_line_error("# Title\n\n## Section\n\n" + "\n".join(lines) + "\n")
    if depth <= MAX_NESTING // 2:
        assert isinstance(result, dict), result
    assert isinstance(result, dict) or "nested more than" in result


@BOUNDED
@given(st.integers(0, 200_000), st.sampled_from(["", "|", "-", ":", "x", "|-", "| --- |"]),
       st.sampled_from(["", "|", "-", "x"]))
def test_long_lines(length, head, tail):
    line = head + " " * length + tail
    result = tables_or_one_line_error(f"# Title\n\n## Section\n\n|a|b|\n{line}\n\n{line}\n")
    assert isinstance(result, (dict, str))
    assert isinstance(dutch_tables_or_one_line_error(f"Vraag?\n\n{line}\n"), (dict, str))


@BOUNDED
@given(st.lists(st.sampled_from(["  ", "\t", "• ", "- ", "1. "]), max_size=3 * MAX_NESTING).map("".join),
       st.text(max_size=30))
def test_dutch_scrape_nesting(prefix, text):
    result = dutch_tables_or_one_line_error(f"Vraag?\n\n{prefix}{text}\n")
    assert isinstance(result, dict) or "nested more than" in result


YAML_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
                           lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                   st.dictionaries(st.text(max_size=5), inner, max_size=4)),
                           max_leaves=20)


@BOUNDED
@given(YAML_VALUES, st.booleans())
def test_front_matter_of_any_shape_and_aliases(value, alias):
    import yaml
    body = yaml.safe_dump({"title": "T", "x": value}, allow_unicode=True)
    if alias:
        body = "a: &a [1, 2]\nb: *a\n" + body
    result = tables_or_one_line_error(f"---\n{body}---\n# Title\n\n## Section\n\ntext\n")
    if alias:
        assert isinstance(result, str) and "aliases" in result and "\n" not in result
    else:
        assert isinstance(result, (dict, str))


def test_a_yaml_alias_bomb_is_refused_at_once():
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    with pytest.raises(Exception, match="aliases"):
        load_yaml(bomb)
    result = tables_or_one_line_error(f"---\n{bomb}---\n# T\n")
    assert "aliases" in result


def test_a_one_megabyte_line_of_spaces_parses_in_under_a_second():
    page = "# Title\n\n## Section\n\n" + " " * 1_000_000 + "\n\n|" + " " * 1_000_000 + "\n"
    started = time.perf_counter()
    result = tables_or_one_line_error(page)
    assert time.perf_counter() - started < 1.0
    assert isinstance(result, dict)
    # The Dutch scrape's value readers pass over the line a few times (linear, about 0.6 s here); the quadratic
    # duration pattern took minutes. Twice the English bound keeps a loaded machine from failing the test.
    started = time.perf_counter()
    result = dutch_tables_or_one_line_error("Vraag?\n\nx" + " " * 1_000_000 + "< 1 uur\n")
    assert time.perf_counter() - started < 2.0
    assert isinstance(result, dict)


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "big.md"
    path.write_bytes(b"# T\n" + b"x" * MAX_SOURCE_BYTES)
    with pytest.raises(SourceError, match="larger than the limit"):
        read_text(path)
