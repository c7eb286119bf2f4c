"""Each language's words, as data: extract/languages/<code>/.

A language is a folder named by its BCP 47 code holding
  words.yaml       every word the extractor and the checks need (numbers, times, days, note markers, ...)
  glossary.yaml    its labels for the glossary's slugs (extract/glossary.yaml)
  vocabulary.yaml  words its customers search with (optional; extract/vocabulary/concepts.yaml)
so adding a language is adding a folder, never editing code or a shared file. Each language is read once;
modules that match its words build their patterns once per language from it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import SourceError, read_text
from .limits import load_yaml

LANGUAGES_DIR = Path(__file__).with_name("languages")
WORDS = "words.yaml"
GLOSSARY = "glossary.yaml"
VOCABULARY = "vocabulary.yaml"


def read_yaml(path: Path) -> dict:
    """A YAML mapping, or a SourceError naming the file and line (aliases refused, as for every YAML input)."""
    try:
        data = load_yaml(read_text(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(path, f"line {mark.line + 1}" if mark else "", "not valid YAML") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError(path, "", f"expected a mapping, found {type(data).__name__}")
    return data


def language_dir(code: str) -> Path:
    return LANGUAGES_DIR / code


def available() -> list[str]:
    """Codes of the languages that have data, in a stable order."""
    return sorted(p.name for p in LANGUAGES_DIR.iterdir() if (p / WORDS).is_file())


@dataclass(frozen=True)
class Language:
    """The words of one language (words.yaml), read by key: a list, a mapping or a single text."""
    code: str
    path: Path
    data: dict

    def words(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key) or ()
        if not isinstance(value, list):
            raise SourceError(self.path, key, f"expected a list, found {type(value).__name__}")
        return tuple(str(v) for v in value)

    def mapping(self, key: str) -> dict:
        value = self.data.get(key) or {}
        if not isinstance(value, dict):
            raise SourceError(self.path, key, f"expected a mapping, found {type(value).__name__}")
        return value

    def text(self, key: str) -> str:
        value = self.data.get(key) or ""
        if not isinstance(value, str):
            raise SourceError(self.path, key, f"expected text, found {type(value).__name__}")
        return value


@lru_cache(maxsize=None)
def load_language(code: str) -> Language:
    path = language_dir(code) / WORDS
    if not path.is_file():
        raise SourceError(path, "", f"no language data for '{code}' (README, 'Adding a language')")
    return Language(code, path, read_yaml(path))


def check_languages(manifest_path: Path, langs: list[str]) -> None:
    """Every manifest entry's language has a data folder; else a one-line error naming the entry."""
    for i, lang in enumerate(langs):
        if not (language_dir(lang) / WORDS).is_file():
            raise SourceError(manifest_path, f"documents[{i}].lang",
                              f"no language data for '{lang}': add extract/languages/{lang}/{WORDS} "
                              "(README, 'Adding a language')")


# Characters that make a regular expression's first character something other than itself.
_META = frozenset("()[]{}|.*+?^$\\")


def first_chars(entries) -> str | None:
    """The body of a character class of every character the entries (regular expressions, most of them plain
    words) can start with ('' for no entries); None when some entry has no single first character (a group,
    a class, \\d, an optional first character).

    A lookahead `(?=[...])` of it in front of an alternation is what the regex engine cannot work out by
    itself: it then tries the alternatives only where one can start, instead of at every position (under
    re.I the alternatives are compared character by character, which made such a pattern the costliest
    part of extraction). It matches exactly what the alternation matches: a class folds case like a literal.
    """
    chars = set()
    for entry in entries:
        if not entry or "|" in entry:
            return None
        if entry[0] == "\\":
            if len(entry) < 2 or entry[1].isalnum():   # \d, \w, \b: a class or an anchor
                return None
            first, rest = entry[1], entry[2:]
        elif entry[0] in _META:
            return None
        else:
            first, rest = entry[0], entry[1:]
        if rest[:1] in ("?", "*", "{"):
            return None
        chars.add(first)
    return "".join(re.escape(c) for c in sorted(chars))


def lookahead(entries) -> str:
    """`(?=[...])` of the entries' first characters (first_chars), to put in front of their alternation; ''
    where there is no such class."""
    chars = first_chars(entries)
    return f"(?=[{chars}])" if chars else ""


def alternation(words) -> re.Pattern | None:
    """One case-insensitive pattern for a list whose entries are regular expressions (most are plain words),
    longest first; None for an empty list."""
    words = sorted(dict.fromkeys(words), key=len, reverse=True)
    return re.compile("|".join(f"(?:{w})" for w in words), re.I) if words else None


@lru_cache(maxsize=None)
def pattern(code: str, key: str) -> re.Pattern | None:
    """The language's list `key` as one pattern (compiled once per language): stems and phrases match anywhere."""
    language = load_language(code)
    value = language.data.get(key)
    return alternation([value] if isinstance(value, str) and value else language.words(key) if value else ())


@lru_cache(maxsize=None)
def kinds(code: str, key: str) -> tuple[tuple[str, re.Pattern], ...]:
    """(name, pattern) of the language's mapping `key` of name -> words, in its order (the first match wins)."""
    return tuple((str(name), p) for name, words in load_language(code).mapping(key).items()
                 if (p := alternation(words or ())) is not None)


def first_kind(code: str, key: str, text: str) -> str:
    """The first name of the mapping `key` whose words the text contains ('' when none)."""
    return next((name for name, p in kinds(code, key) if p.search(text)), "")


def search(code: str, key: str, text: str) -> re.Match | None:
    """The first of the language's words `key` in the text (None when none, or the list is empty)."""
    p = pattern(code, key)
    return p.search(text) if p else None
