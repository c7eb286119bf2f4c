"""Per-language word lists (extract/wordlists.yaml): qualifiers, restrictions, negations, claim markers.

Kept as data so a new language is a new block in the YAML file, never code. `WordLists.find` matches whole
words and phrases (a list entry may be a regular expression such as 'tot \\d').
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from .glossary import fold

WORDLISTS_PATH = Path(__file__).with_name("wordlists.yaml")


class WordLists:
    def __init__(self, data: dict):
        self._data = {lang: {kind: tuple(words) for kind, words in kinds.items() if isinstance(words, list)}
                      for lang, kinds in data.items()}
        self._numbers = {lang: {kind: int(v) for kind, v in kinds.items() if isinstance(v, int)}
                         for lang, kinds in data.items()}
        self._patterns: dict[tuple[str, str], re.Pattern | None] = {}

    def words(self, lang: str, kind: str) -> tuple[str, ...]:
        return self._data.get(lang, {}).get(kind, ())

    def number(self, lang: str, kind: str) -> int:
        return self._numbers.get(lang, {}).get(kind, 0)

    def pattern(self, lang: str, kind: str) -> re.Pattern | None:
        key = (lang, kind)
        if key not in self._patterns:
            words = sorted(self.words(lang, kind), key=len, reverse=True)
            self._patterns[key] = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)") if words else None
        return self._patterns[key]

    def find(self, lang: str, kind: str, text: str) -> list[tuple[int, str]]:
        """(position in the folded text, matched words) of every word of the list in the text."""
        pattern = self.pattern(lang, kind)
        return [(m.start(), m.group(0)) for m in pattern.finditer(fold(text))] if pattern else []

    def has(self, lang: str, kind: str, text: str) -> bool:
        return bool(self.find(lang, kind, text))


@lru_cache(maxsize=1)
def load_wordlists() -> WordLists:
    return WordLists(yaml.safe_load(WORDLISTS_PATH.read_text(encoding="utf-8")))
