"""Per-language word lists: qualifiers, restrictions, negations, claim markers.

The concepts are shared (extract/wordlists.yaml); the words are each language's (extract/languages/<code>/
words.yaml), so a new language is a new folder, never code. `WordLists.find` matches whole
words and phrases (a list entry may be a regular expression such as 'tot \\d').
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .glossary import fold
from .language import available, load_language, lookahead
from .scan import LabelScan, LabelScans

WORDLISTS_PATH = Path(__file__).with_name("wordlists.yaml")


@dataclass(frozen=True)
class Concept:
    """Words that carry one meaning (a qualifier, restriction or negation), per language."""
    name: str
    kind: str
    words: dict[str, tuple[str, ...]]


class WordLists:
    """The shared concepts of wordlists.yaml with every language's words for them (languages/<code>/words.yaml)."""

    def __init__(self, data: dict, languages: dict[str, dict]):
        self._data = {lang: {kind: tuple(words) for kind, words in kinds.items()
                             if isinstance(words, list) and all(isinstance(w, str) for w in words)}
                      for lang, kinds in languages.items()}
        self._numbers = {lang: {kind: int(v) for kind, v in kinds.items() if isinstance(v, int)}
                         for lang, kinds in languages.items()}
        kinds = {name: spec["kind"] for name, spec in (data.get("meaning") or {}).items()}
        self.concepts = tuple(Concept(name, kind, {lang: tuple((words.get("meaning") or {}).get(name) or ())
                                                   for lang, words in languages.items()})
                              for name, kind in kinds.items())
        self.brands = tuple(data.get("brands") or ())
        self.operators = tuple(data.get("operators") or ())
        self.criticality = {level: tuple(w for words in languages.values()
                                         for w in (words.get("criticality") or {}).get(level) or ())
                            for level in data.get("criticality") or ()}
        self.channels = tuple(Concept(name, "channel", {lang: tuple((words.get("purchase_channels") or {}).get(name)
                                                                    or ()) for lang, words in languages.items()})
                              for name in data.get("purchase_channels") or ())
        for channel in self.channels:
            for lang, words in channel.words.items():
                self._data.setdefault(lang, {})[f"channel:{channel.name}"] = words
        for concept in self.concepts:
            for lang, words in concept.words.items():
                self._data.setdefault(lang, {})[f"concept:{concept.name}"] = words
        if self.brands:
            for lang in self._data:
                self._data[lang]["brands"] = self.brands
        self._patterns: dict[tuple[str, str], re.Pattern | LabelScan | None] = {}
        # (lang, kinds) -> a scan for any entry of its regex lists, each list's pattern, the other lists' scan
        self._any: dict[tuple[str, tuple[str, ...]],
                        tuple[re.Pattern | LabelScan | None, list[re.Pattern | LabelScan | None], LabelScans]] = {}

    def words(self, lang: str, kind: str) -> tuple[str, ...]:
        return self._data.get(lang, {}).get(kind, ())

    def number(self, lang: str, kind: str) -> int:
        return self._numbers.get(lang, {}).get(kind, 0)

    def pattern(self, lang: str, kind: str) -> re.Pattern | LabelScan | None:
        """The list's words as one whole-word pattern, longest first; scanned where its words occur
        (LabelScan) when every word is written out, not a regular expression."""
        key = (lang, kind)
        if key not in self._patterns:
            words = [fold(w) for w in sorted(self.words(lang, kind), key=len, reverse=True)]
            self._patterns[key] = _whole_words(words)
        return self._patterns[key]

    def find(self, lang: str, kind: str, text: str) -> list[tuple[int, str]]:
        """(position in the folded text, matched words) of every word of the list in the text."""
        pattern = self.pattern(lang, kind)
        return [(m.start(), m.group(0)) for m in pattern.finditer(fold(text))] if pattern else []

    def find_each(self, lang: str, kinds: tuple[str, ...], text: str) -> list[list[tuple[int, str]]]:
        """find() of each list in `kinds`, for a text most often holding none of their words (the meaning
        check asks every concept of every sentence). Lists of words written out are read in one pass of all
        their labels (LabelScans: each list's matches as its own finditer gives them). Lists with a regular
        expression are tried only where one scan for any of their entries finds something: any match one of
        them finds, that scan finds at that place or before."""
        key = (lang, kinds)
        if key not in self._any:
            patterns = [self.pattern(lang, kind) for kind in kinds]
            regex_kinds = [kind for kind, p in zip(kinds, patterns) if p is not None and not isinstance(p, LabelScan)]
            entries = sorted({fold(w) for kind in regex_kinds for w in self.words(lang, kind)},
                             key=lambda w: (-len(w), w))
            self._any[key] = (_whole_words(entries), patterns,
                              LabelScans([p for p in patterns if isinstance(p, LabelScan)]))
        any_regex, patterns, scans = self._any[key]
        folded = fold(text)
        scanned = iter(scans.finditer_each(folded))
        regex_may_match = any_regex is not None and any_regex.search(folded) is not None
        return [[(m.start(), m.group(0)) for m in next(scanned)] if isinstance(p, LabelScan) else
                [(m.start(), m.group(0)) for m in p.finditer(folded)] if p is not None and regex_may_match else []
                for p in patterns]

    def has(self, lang: str, kind: str, text: str) -> bool:
        return bool(self.find(lang, kind, text))

    def criticality_of(self, text: str) -> str:
        """'critical', 'non-critical' or '' for a commitment's subject (the first level listed wins)."""
        folded = fold(text)
        return next((level for level, words in self.criticality.items()
                     if any(re.search(r"(?<!\w)" + re.escape(fold(w)) + r"(?!\w)", folded) for w in words)), "")

    def channels_in(self, lang: str, text: str) -> list[str]:
        """Purchase channels a sentence names, in list order."""
        return [c.name for c in self.channels if self.has(lang, f"channel:{c.name}", text)]


# Characters that make a list entry a regular expression rather than words written out.
_REGEX_SYNTAX = frozenset(".^$*+?{}[]\\|()")


def _whole_words(words: list[str]) -> re.Pattern | LabelScan | None:
    """Entries (regular expressions, most of them plain words; in the order to try them) as one pattern of
    whole words; scanned only where an entry occurs when every entry is plain words (None for no entries)."""
    if not words:
        return None
    pattern = re.compile(r"(?<!\w)" + lookahead(words) + "(?:" + "|".join(words) + r")(?!\w)")
    return pattern if any(_REGEX_SYNTAX & set(w) for w in words) else LabelScan(pattern, words)


@lru_cache(maxsize=1)
def load_wordlists() -> WordLists:
    return WordLists(yaml.safe_load(WORDLISTS_PATH.read_text(encoding="utf-8")),
                     {lang: load_language(lang).data for lang in available()})
