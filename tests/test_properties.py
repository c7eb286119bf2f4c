"""Parsers raise only the project's SourceError, on arbitrary and on mutilated input."""
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SOURCES
from extract.align import align_translation
from extract.docfx import parse_docfx
from extract.errors import SourceError, decode_text
from extract.pipeline import build_tables
from extract.plaintext import read_scrape
from extract.tables.base import Context

ENGLISH = (SOURCES / "en" / "support-overview.md").read_text()
DUTCH = (SOURCES / "nl" / "support-overview.txt").read_text()
ENGLISH_DOC = parse_docfx(ENGLISH, doc="support-overview", lang="en", path="en.md")
MARKUP = st.sampled_from(["\n", "|", "---", "<table>", "</table>", "<tr><td colspan='x'>", "<br />", "### ", "## ",
                          "> [!NOTE]", "[!INCLUDE[a](b)]", "- ", "1. ", "•", "*", "<sup>*</sup>", "[a](", ")",
                          "Severity A", "< 4 hours", "8 AM to 6 PM", "\u00a0"])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def mutilate(text: str, cuts: list[tuple[int, int, str]]) -> str:
    for start, length, insert in cuts:
        start %= max(len(text), 1)
        text = text[:start] + insert + text[start + length:]
    return text


def extract_english(text: str) -> None:
    try:
        doc = parse_docfx(text, doc="d", lang="en", path="p.md")
        build_tables(Context(documents=[doc], langs=("en",)))
    except SourceError:
        pass


def extract_dutch(text: str) -> None:
    document, _ = align_translation(ENGLISH_DOC, read_scrape(text, "nl"), path="p.txt")
    build_tables(Context(documents=[ENGLISH_DOC, document], langs=("en", "nl")))


@SETTINGS
@given(st.lists(st.one_of(st.text(max_size=40), MARKUP), max_size=40).map("".join))
def test_docfx_parser_on_arbitrary_text(text):
    extract_english(text)


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 40000), st.integers(0, 400), st.one_of(st.text(max_size=20), MARKUP)),
                min_size=1, max_size=8))
def test_docfx_parser_on_mutilated_source(cuts):
    extract_english(mutilate(ENGLISH, cuts))


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 40000), st.integers(0, 400), st.one_of(st.text(max_size=20), MARKUP)),
                min_size=1, max_size=8))
def test_dutch_alignment_on_mutilated_scrape(cuts):
    extract_dutch(mutilate(DUTCH, cuts))


@SETTINGS
@given(st.binary(max_size=200))
def test_decoding_arbitrary_bytes(data):
    try:
        decode_text(data, Path("x"))
    except SourceError:
        pass
