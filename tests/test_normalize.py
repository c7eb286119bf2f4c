"""The normaliser, one small input/expected case at a time, in every language (tests/fixtures/normalize/).

The fixture files use markdown-it-py's fixture format, read with its own reader: a description, then input
and expected output between '.' lines. German is the third-language fixture's (its words are not shipped).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from extract import glossary, language, normalize, wordlists

FIXTURES = Path(__file__).parent / "fixtures" / "normalize"
THIRD_LANGUAGE = Path(__file__).parent / "fixtures" / "third_language" / "extract" / "languages"


def reading(kind: str, text: str, lang: str) -> str:
    """The normaliser's reading of a text, written as the fixtures write it."""
    if kind == "time":
        span = normalize.parse_time_range(text, lang)
        return f"{span.start}-{span.end}" if span else "none"
    if kind == "duration":
        return ";".join(str(d.minutes) for d in normalize.parse_durations(text, lang)) or "none"
    if kind == "days":
        return normalize.parse_days(text, lang) or "none"
    if kind == "exclusions":
        return normalize.parse_exclusions(text, lang) or "none"
    if kind == "zone":
        zone = normalize.parse_timezone(text)
        return ("local" if zone.local else zone.iana) if zone else "none"
    if kind == "clock":
        return "yes" if normalize.around_the_clock(text, lang) else "no"
    raise ValueError(f"unknown kind '{kind}'")


CASES = [pytest.param(path.stem, line, title, text, expected, id=f"{path.stem}-{line}-{title[:40]}")
         for path in sorted(FIXTURES.glob("*.txt")) for line, title, text, expected in read_fixture_file(path)]


def _clear_caches() -> None:
    for cached in (language.load_language, language.pattern, language.kinds, normalize.matchers,
                   glossary.load_glossary, wordlists.load_wordlists, normalize._zone_labels):
        cached.cache_clear()


@pytest.fixture
def languages(monkeypatch):
    """The shipped languages, and German from the third-language fixture."""
    shipped = language.LANGUAGES_DIR

    def folder(code: str) -> Path:
        return (THIRD_LANGUAGE if (THIRD_LANGUAGE / code).is_dir() else shipped) / code

    def available() -> list[str]:
        return sorted({p.name for d in (shipped, THIRD_LANGUAGE) for p in d.iterdir() if (p / language.WORDS).is_file()})

    for module in (language, glossary, wordlists):
        for name, value in (("language_dir", folder), ("available", available)):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, value)
    _clear_caches()
    yield
    _clear_caches()


def test_every_language_has_fixtures():
    assert {p.stem for p in FIXTURES.glob("*.txt")} >= set(language.available())
    assert len(CASES) >= 40


@pytest.mark.parametrize("lang, line, title, text, expected", CASES)
def test_reading(languages, lang, line, title, text, expected):
    kind, _, value = text.strip().partition(": ")
    assert reading(kind, value, lang) == expected.strip(), f"{lang}.txt line {line + 1}: {title}"


def test_first_chars_of_plain_words_and_escaped_literals():
    assert language.first_chars(["within", "less than", r"een\ kwart", r"\<"]) == "<elw"
    assert language.first_chars([]) == ""


@pytest.mark.parametrize("entry", [r"(?:a|b)c", "a|b", r"\d+ uur", "[ab]c", "a?b", "a*b", "a{0,2}b", ".x", ""])
def test_first_chars_refuses_entries_without_one_plain_first_character(entry):
    """Such an entry could start with any character: no lookahead may be put in front of it."""
    assert language.first_chars(["plain", entry]) is None
