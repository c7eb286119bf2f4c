"""Find a pattern made of literal labels in a text, as re.finditer does, starting it only where a label is.

The glossary and the word lists each match dozens of labels (plan names, portal names, concept words) as one
alternation, and every entry, heading, sentence and cell is scanned with several of them: the regex engine
tries the alternation at every position of the text. Every alternative of such a pattern begins with one of
its labels written out, so it can only match where a label occurs. An Aho-Corasick automaton of the labels
(pyahocorasick) finds every occurrence of every label in one pass in C; the pattern is then tried only there,
in order, each match resuming the scan at its end, which is exactly what re.finditer does. The pattern keeps
deciding what matches (word boundaries, inflections, longest label first); the automaton only says where to
try it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import ahocorasick


class LabelScan:
    """`pattern`, every alternative of which starts with one of `labels` written out (none empty)."""

    def __init__(self, pattern: re.Pattern, labels: Iterable[str]):
        self.pattern = pattern
        labels = set(labels)
        self._anywhere = "" in labels   # an empty label (one that folds to nothing) can start anywhere
        self._labels = ahocorasick.Automaton()
        for label in labels - {""}:
            self._labels.add_word(label, len(label))
        if len(self._labels):
            self._labels.make_automaton()

    def finditer(self, text: str) -> Iterator[re.Match]:
        """The matches re.finditer(pattern, text) gives, in order."""
        if self._anywhere:
            yield from self.pattern.finditer(text)
            return
        if not len(self._labels):
            return
        starts = sorted({end - length + 1 for end, length in self._labels.iter(text)})
        resume = 0
        for start in starts:
            if start >= resume and (m := self.pattern.match(text, start)):
                yield m
                resume = m.end()

    def search(self, text: str) -> re.Match | None:
        """The first match, as pattern.search(text) finds it."""
        return next(self.finditer(text), None)
