"""Find a pattern made of literal labels in a text, as re.finditer does, starting it only where a label is.

The glossary and the word lists each match dozens of labels (plan names, portal names, concept words) as one
alternation, and every entry, heading, sentence and cell is scanned with several of them: the regex engine
tries the alternation at every position of the text. Every alternative of such a pattern begins with one of
its labels written out, so it can only match where a label occurs. An Aho-Corasick automaton of the labels
(pyahocorasick) finds every occurrence of every label in one pass in C; the pattern is then tried only there,
in order, each match resuming the scan at its end, which is exactly what re.finditer does. The pattern keeps
deciding what matches (word boundaries, inflections, longest label first); the automaton only says where to
try it. Patterns asked about the same text in turn can share one pass (LabelScans).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import ahocorasick


class LabelScan:
    """`pattern`, every alternative of which starts with one of `labels` written out. An empty label (one that
    folds to nothing) can start anywhere: such a pattern is scanned as re.finditer scans it."""

    def __init__(self, pattern: re.Pattern, labels: Iterable[str]):
        self.pattern = pattern
        self.labels = frozenset(labels)
        self.anywhere = "" in self.labels
        self._automaton = _automaton({label: len(label) for label in self.labels if label})

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The matches re.finditer(pattern, text) gives, in order."""
        if self.anywhere:
            return self.pattern.finditer(text)
        if self._automaton is None:
            return _NO_MATCHES
        starts = {end - length + 1 for end, length in self._automaton.iter(text)}
        return self.matches(text, starts) if starts else _NO_MATCHES

    def matches(self, text: str, starts: set[int]) -> Iterator[re.Match]:
        """The pattern's matches, tried at `starts` (where its labels occur) in order, each resuming after the
        one before."""
        resume = 0
        for start in sorted(starts):
            if start >= resume and (m := self.pattern.match(text, start)):
                yield m
                resume = m.end()

    def search(self, text: str) -> re.Match | None:
        """The first match, as pattern.search(text) finds it."""
        return next(self.finditer(text), None)


class LabelScans:
    """Several label patterns asked about the same text (an entry's text by each glossary category): where
    their labels occur is found in one pass of one automaton for all of them."""

    def __init__(self, scans: list[LabelScan]):
        self._scans = scans
        owners: dict[str, list[int]] = {}
        for k, scan in enumerate(scans):
            for label in scan.labels - {""}:
                owners.setdefault(label, []).append(k)
        self._automaton = _automaton({label: (len(label), tuple(ks)) for label, ks in owners.items()})

    def finditer_each(self, text: str) -> list[Iterator[re.Match]]:
        """Each pattern's matches, as its own finditer gives them."""
        starts: dict[int, set[int]] = {}   # of the patterns whose labels occur (few of a text's), by number
        if self._automaton is not None:
            for end, (length, owners) in self._automaton.iter(text):
                for k in owners:
                    at = starts.get(k)
                    if at is None:
                        at = starts[k] = set()
                    at.add(end - length + 1)
        return [scan.pattern.finditer(text) if scan.anywhere else scan.matches(text, starts[k]) if k in starts
                else _NO_MATCHES for k, scan in enumerate(self._scans)]


# What a pattern whose labels do not occur in the text finds (most patterns of most texts): no generator made.
_NO_MATCHES: Iterator[re.Match] = iter(())


def _automaton(values: dict[str, object]) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton of the labels (keys) with their values; None for no labels."""
    if not values:
        return None
    automaton = ahocorasick.Automaton()
    for label, value in values.items():
        automaton.add_word(label, value)
    automaton.make_automaton()
    return automaton
