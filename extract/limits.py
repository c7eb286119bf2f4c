"""Bounds on untrusted input, so that no source can make the build hang or exhaust memory.

Every bound is a named constant with the reason for its value, and every
breach is a SourceError naming the file and the place (the README's "Limits
on input" section lists them for users). The real pages are far inside each
bound: the largest source is 32 KB, the deepest list 3 levels.
"""
from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import yaml

from . import cache
from .errors import SourceError

# The size bound of a source file (MAX_SOURCE_BYTES) is in errors.py, where files are read.

# Nesting of lists and block quotes in one page. The real pages nest 3 deep; the parsers walk nesting
# recursively, and 40 levels is far beyond any readable page while far below Python's recursion limit.
MAX_NESTING = 40

# Columns of indentation one nesting level needs (a list item's content starts two columns in).
COLUMNS_PER_LEVEL = 2

# Ids become folder names and URL parts on the site: lower-case ASCII words joined by hyphens.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# BCP 47 language tags as the manifest uses them: 'en', 'nl', 'pt-br', 'zh-hans'.
LANG_PATTERN = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")

# The leading markers of a Markdown line that each open one nesting level: '>' and list bullets / numbers.
# Each alternative starts with a different character and consumes at least one, so matching is linear.
_PREFIX = re.compile(r"(?:[ \t]+|>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")
_MARKER = re.compile(r">|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])")


def nesting_depth(line: str) -> int:
    """How many levels a Markdown (or plain-text) line is nested: its markers plus its indentation."""
    prefix = _PREFIX.match(line).group(0)
    if prefix == line:   # a blank or marker-only line opens nothing that content is nested in
        return 0
    markers = len(_MARKER.findall(prefix))
    indent = len(prefix.expandtabs(4)) - len(prefix.lstrip(" \t").expandtabs(4)) if prefix[:1] in " \t" else 0
    return markers + indent // COLUMNS_PER_LEVEL


def check_nesting(lines: list[str], path: str, first_line: int = 1) -> None:
    """Reject a page nested deeper than MAX_NESTING, naming the first such line."""
    for i, line in enumerate(lines):
        if line and line[0] in " \t>-*+0123456789" and nesting_depth(line) > MAX_NESTING:
            raise SourceError(path, f"line {i + first_line}",
                              f"nested more than {MAX_NESTING} levels deep (see 'Limits on input' in the README)")


class _NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases: a few hundred bytes of nested aliases expand to gigabytes."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)


# PyYAML's C parser (libyaml, where its extension is installed) reads YAML about ten times faster than its Python
# parser; the constructor and resolver are the same Python code. The two parsers differ on some malformed texts
# (a tab, a block scalar's header, ...), so the C parser is given only texts whose every line is of a plain form
# they read alike (tests/test_worker_shortcuts.py): blank, a comment, `key: value`, `key:`, `- key: value` or
# `- value`, indented by spaces, the value a quoted string without escapes or plain words, numbers, a little
# punctuation and colons inside a word (a URL) (no alias, tag, anchor, flow collection, block scalar or comment
# after a value). The pages' front matter and the manifest are such.
_C_LOADER = getattr(yaml, "CSafeLoader", None)
_PLAIN_LINE = re.compile(r' *(?:#.*|(?:- |(?:- )?[A-Za-z0-9_][A-Za-z0-9_.-]*:(?: |$)) *'
                         r'(?:"[^"\\\n]*"' r"|'[^'\n]*'" r'|[A-Za-z0-9(](?:[A-Za-z0-9 ,()/+_.?=&%@~-]|:(?! |$))*)? *)?')


# Texts from this size on (the manifest, the language data: a few KB each) are parsed once and then read from the
# cache (cache.key: under the hash of the text and of the extractor's code), a pickle read instead of a parse:
# the language data needs the Python parser (flow lists), which took about half a second of every process that
# loads it (the main process and each parse worker, in every build). A front matter is parsed as it comes.
PARSED_FROM = 1024
YAML_ENTRIES = "yaml"   # the cache's kind of entry


def load_yaml(text: str):
    """Parse YAML with the safe loader, refusing aliases. Raises yaml.YAMLError.

    Through libyaml when every line is of the plain form both parsers read alike (_PLAIN_LINE, which has no
    alias); any other text, or one libyaml refuses, through the Python loader, whose messages users see. A text
    of PARSED_FROM characters or more that was parsed before is read from the cache (what failed is not kept)."""
    if len(text) < PARSED_FROM:
        return _parse_yaml(text)
    k = cache.key(YAML_ENTRIES, text)
    parsed = cache.load(k, YAML_ENTRIES)
    if parsed is None:
        parsed = _parse_yaml(text)
        cache.store(k, parsed, YAML_ENTRIES)
    return parsed


def _parse_yaml(text: str):
    if _C_LOADER is not None and all(_PLAIN_LINE.fullmatch(line) for line in text.split("\n")):
        try:
            return yaml.load(text, Loader=_C_LOADER)   # noqa: S506 - the safe loader, parsing in C
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_NoAliasLoader)   # noqa: S506 - a SafeLoader subclass


def inside(base: Path, relative: str, path: Path | str, place: str) -> Path:
    """base/relative, refusing absolute paths, '..' and symlinks that lead out of base."""
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or relative.startswith("/") or re.match(r"^[A-Za-z]:", relative) or ".." in pure.parts:
        raise SourceError(path, place, f"path '{relative}' must be relative and stay inside {base.name}/")
    target = base / pure
    root = base.resolve()
    resolved = target.resolve()
    if resolved != root and root not in resolved.parents:
        raise SourceError(path, place, f"path '{relative}' leads out of {base.name}/ (through a symbolic link)")
    return target
