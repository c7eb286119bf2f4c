"""Look up canonical slugs for labels, in any language: the slugs from glossary.yaml, each language's labels
from its folder (extract/languages/<code>/glossary.yaml)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import SourceError
from .language import GLOSSARY, available, language_dir, read_yaml
from .scan import LabelScan, LabelScans

GLOSSARY_PATH = Path(__file__).with_name("glossary.yaml")


# Folding is called for the same labels over and over (every heading, sentence and cell is compared with
# the glossary's and word lists' labels): remember the most recent ones within the run. Bounded, so a large
# corpus of distinct texts does not grow it; nothing outlives the process.
FOLD_MEMO = 8192


@lru_cache(maxsize=FOLD_MEMO)
def fold(label: str) -> str:
    """Compare labels without case, markup, footnote stars, punctuation spacing.

    str.split() splits on exactly the characters regular expressions call \\s, so joining its parts with one
    space is collapsing whitespace runs and stripping both ends, without a regex per call.
    """
    text = label.replace("\u00a0", " ").replace("’", "'").replace("*", "").replace("_", "")
    return " ".join(text.split()).casefold().rstrip(" .:;,")


@dataclass(frozen=True)
class Term:
    category: str
    slug: str
    labels: dict[str, tuple[str, ...]]
    url: str = ""
    hosts: tuple[str, ...] = ()                # hosts a link to this portal may point to
    keep: bool = False                         # a name that stays in English in every language
    avoid: dict[str, tuple[str, ...]] = field(default_factory=dict)  # renderings known to be wrong
    part_of: str = ""                          # a region inside another one (China in Asia-Pacific)
    named_alone: bool = False                  # a one-word name of it is no common word: it names it alone

    def label(self, lang: str) -> str:
        """The preferred label in `lang`; else the first language's that has one; else the slug."""
        return (self.labels.get(lang) or next(iter(self.labels.values()), None) or (self.slug,))[0]


class Glossary:
    def __init__(self, data: dict):
        self._patterns: dict = {}
        self._avoid: dict = {}
        self._labels: dict = {}
        self._forms: dict = {}
        self._each: dict = {}
        self._by_category: dict[str, list[Term]] = {}
        self._by_slug: dict[tuple[str, str], Term] = {}
        self.terms: list[Term] = []
        for category, entries in data.items():
            for slug, spec in entries.items():
                labels = {k: tuple(v) for k, v in spec.items() if isinstance(v, list) and k != "hosts"}
                avoid = {k: tuple(v) for k, v in (spec.get("avoid") or {}).items()}
                self.terms.append(Term(category, str(slug), labels, spec.get("url", ""), tuple(spec.get("hosts", ())),
                                       bool(spec.get("keep")), avoid, str(spec.get("part_of", "")),
                                       bool(spec.get("named_alone"))))
        # Looked up for every heading, cell and matched label: indexed once instead of scanning the terms.
        for term in self.terms:
            self._by_category.setdefault(term.category, []).append(term)
            self._by_slug.setdefault((term.category, term.slug), term)

    def category(self, category: str) -> list[Term]:
        return list(self._by_category.get(category, ()))

    def term(self, category: str, slug: str) -> Term | None:
        return self._by_slug.get((category, slug))

    def lookup(self, category: str, label: str, lang: str | None = None) -> str | None:
        """The slug whose label equals `label` (folded), in `lang` or any language."""
        key = (category, lang)
        if key not in self._labels:
            table: dict[str, str] = {}
            for term in self.category(category):
                for lg, labels in term.labels.items():
                    if lang is None or lg == lang:
                        for name in labels:
                            table.setdefault(fold(name), term.slug)
            self._labels[key] = table
        return self._labels[key].get(fold(label))

    def find_all(self, category: str, text: str, lang: str | None = None) -> list[tuple[int, str, str]]:
        """Every (position, slug, label) of the category's labels in text; longest label wins."""
        return _found(self._pattern(category, lang), fold(text))

    def find_forms(self, category: str, text: str, lang: str, suffixes: tuple[str, ...] = (),
                   compound_min: int = 0) -> list[tuple[int, str, str]]:
        """Like find_all, but also finds inflected and compound forms of the labels.

        A label may carry one of the language's inflection suffixes ('kritiek' -> 'kritieke', 'adviesdienst' ->
        'adviesdiensten'); a one-word label of at least `compound_min` letters also counts inside a compound
        word ('forums' in 'communityforums', 'Ondersteuningsplannen' starting 'ondersteuningsplannenoverzicht').
        """
        return _found(self._forms_pattern(category, lang, suffixes, compound_min), fold(text))

    def find_each(self, categories: tuple[str, ...], text: str, lang: str,
                  forms: tuple[tuple[str, ...], int] | None = None) -> list[list[tuple[int, str, str]]]:
        """find_all of each category (with forms = (suffixes, compound_min): find_forms), in one pass over the
        text for all of them: an entry's text is asked about every category."""
        key = (categories, lang, forms)
        if key not in self._each:
            readers = [self._forms_pattern(c, lang, *forms) if forms else self._pattern(c, lang) for c in categories]
            scanned = [(scan, name_of) for scan, name_of in readers if scan is not None]
            self._each[key] = (readers, LabelScans([scan for scan, _ in scanned]))
        readers, scans = self._each[key]
        folded = fold(text)
        matches = iter(scans.finditer_each(folded))
        return [[(m.start(), *name_of(m)) for m in next(matches)] if scan is not None else []
                for scan, name_of in readers]

    def _forms_pattern(self, category: str, lang: str, suffixes: tuple[str, ...], compound_min: int) -> _Reader:
        """The category's labels in `lang`, each also inflected and (one word of compound_min letters or more)
        inside a compound, as one pattern, longest first; and how to read a match."""
        key = (category, lang, suffixes, compound_min)
        if key not in self._forms:
            labels: dict[str, tuple[str, str]] = {}
            for term in self.category(category):
                for name in term.labels.get(lang, ()):
                    labels.setdefault(fold(name), (term.slug, name))
            ordered = sorted(labels, key=len, reverse=True)
            alternatives = []
            for label in ordered:
                inflected = re.escape(label) + ("(?:" + "|".join(map(re.escape, suffixes)) + ")?" if suffixes else "")
                if compound_min and " " not in label and len(label) >= compound_min:
                    alternatives.append(f"(?P<g{len(alternatives)}>{inflected})")
                else:
                    alternatives.append(f"(?<!\\w)(?P<g{len(alternatives)}>{inflected})(?!\\w)")
            names = [labels[label] for label in ordered]
            scan = LabelScan(re.compile("(?:" + "|".join(alternatives) + ")"), ordered) if ordered else None
            self._forms[key] = (scan, lambda m: names[int(m.lastgroup[1:])])
        return self._forms[key]

    def find_avoided(self, text: str, lang: str) -> list[tuple[str, str, str]]:
        """(category, slug, label) of renderings to avoid; they count as the start of a compound word too."""
        if lang not in self._avoid:
            labels = {fold(label): (t.category, t.slug, label) for t in self.terms for label in t.avoid.get(lang, ())}
            escaped = [re.escape(a) for a in sorted(labels, key=len, reverse=True)]
            scan = LabelScan(re.compile(r"(?<!\w)(?:" + "|".join(escaped) + ")"), labels) if escaped else None
            self._avoid[lang] = (scan, labels)
        scan, labels = self._avoid[lang]
        return [labels[m.group(0)] for m in scan.finditer(fold(text))] if scan else []

    def _pattern(self, category: str, lang: str | None) -> _Reader:
        """The category's labels (in `lang`, or every language's) as one whole-word pattern, longest first; and
        how to read a match (folded label -> slug, label as written)."""
        key = (category, lang)
        if key not in self._patterns:
            labels: dict[str, tuple[str, str]] = {}
            for term in self.category(category):
                for lg, names in term.labels.items():
                    if lang is None or lg == lang:
                        for name in names:
                            labels.setdefault(fold(name), (term.slug, name))
            escaped = [re.escape(a) for a in sorted(labels, key=len, reverse=True)]
            scan = LabelScan(re.compile(r"(?<!\w)(?:" + "|".join(escaped) + r")(?!\w)"), labels) if escaped else None
            self._patterns[key] = (scan, lambda m: labels[m.group(0)])
        return self._patterns[key]


# A category's pattern (None for no labels) and how to read a match of it: (slug, label as written).
_Reader = tuple[LabelScan | None, Callable[[re.Match], tuple[str, str]]]


def _found(reader: _Reader, folded: str) -> list[tuple[int, str, str]]:
    """(position, slug, label) of every match of a category's pattern in a folded text."""
    scan, name_of = reader
    return [(m.start(), *name_of(m)) for m in scan.finditer(folded)] if scan is not None else []


def merge_labels(shared: dict, lang: str, labels: dict, path) -> dict:
    """Add one language's labels ({category: {slug: [label, ...]}, avoid: {category: {slug: [...]}}}) to the
    shared glossary; a slug the shared glossary does not have is an error, not a new term."""
    for category, entries in labels.items():
        avoided = category == "avoid"
        for cat, slugs in (entries or {}).items() if avoided else [(category, entries)]:
            for slug, names in (slugs or {}).items():
                place = f"{'avoid.' if avoided else ''}{cat}.{slug}"
                spec = (shared.get(cat) or {}).get(str(slug))
                if spec is None:
                    raise SourceError(path, place, f"no {cat} term '{slug}' in extract/glossary.yaml")
                if not isinstance(names, list):
                    raise SourceError(path, place, "expected a list of labels")
                (spec.setdefault("avoid", {}) if avoided else spec)[lang] = names
    return shared


@lru_cache(maxsize=1)
def load_glossary() -> Glossary:
    shared = yaml.safe_load(GLOSSARY_PATH.read_text(encoding="utf-8"))
    for category, entries in shared.items():
        shared[category] = {str(slug): dict(spec or {}) for slug, spec in entries.items()}
    for lang in available():
        path = language_dir(lang) / GLOSSARY
        if path.is_file():
            merge_labels(shared, lang, read_yaml(path), path)
    return Glossary(shared)
