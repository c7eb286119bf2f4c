"""Read a plain-text scrape of a published page into raw blocks.

The scrape has no markup: blocks are separated by blank lines, bullets are
'•' (indented deeper when nested), numbered items are '1.', notes are a bare
line such as 'Notitie' (the language's note_markers), and tables are runs of lines with their cells joined by
spaces. Recovering what each block *is* needs the English page: that is
align.py's job. This module only removes page chrome and groups lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import SourceError
from .language import load_language
from .limits import MAX_NESTING


def note_markers(lang: str) -> tuple[str, ...]:
    """Lines that stand alone before a note ('Notitie'), in the language's words.yaml."""
    return load_language(lang).words("note_markers")


def page_chrome(lang: str, where: str) -> tuple[str, ...]:
    """Page chrome the scraper left in ('lead' before, 'tail' after the content): lines that are not content."""
    return tuple(load_language(lang).mapping("page_chrome").get(where) or ())

_BULLET = re.compile(r"^(?P<indent>[ \t]*)[•·▪◦‣-]\s+(?P<text>.*)$")
_NUMBER = re.compile(r"^(?P<indent>[ \t]*)(?P<n>\d{1,2})[.)]\s+(?P<text>.*)$")


@dataclass
class RawLine:
    text: str        # without indentation and bullet
    number: int      # 1-based line number in the file
    kind: str        # "plain", "bullet", "numbered", "empty-row" (a line of non-breaking spaces)
    depth: int = 0   # nesting depth of a bullet or numbered item


@dataclass
class RawBlock:
    lines: list[RawLine]

    @property
    def number(self) -> int:
        return self.lines[0].number

    @property
    def single(self) -> bool:
        return len(self.lines) == 1 and self.lines[0].kind == "plain"

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class Scrape:
    lang: str
    blocks: list[RawBlock]
    chrome: list[RawLine] = field(default_factory=list)


def _classify(raw: str, number: int) -> RawLine:
    if raw.strip() == "" and raw != "":
        return RawLine(text="", number=number, kind="empty-row")
    for pattern, kind in ((_BULLET, "bullet"), (_NUMBER, "numbered")):
        m = pattern.match(raw)
        if m and m.group("text").strip():
            indent = len(m.group("indent").expandtabs(4))
            return RawLine(text=m.group("text").strip(), number=number, kind=kind, depth=max(0, indent // 2 - 1))
    return RawLine(text=raw.strip(), number=number, kind="plain")


def read_scrape(text: str, lang: str, path: str = "") -> Scrape:
    """Group the scrape into blocks and strip leading and trailing page chrome."""
    blocks: list[RawBlock] = []
    current: list[RawLine] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.strip(" \t") == "":
            if current:
                blocks.append(RawBlock(current))
                current = []
            continue
        line = _classify(raw.rstrip(" \t"), number)
        if line.depth > MAX_NESTING:
            raise SourceError(path, f"line {number}", f"nested more than {MAX_NESTING} levels deep "
                                                      "(see 'Limits on input' in the README)")
        current.append(line)
    if current:
        blocks.append(RawBlock(current))
    chrome: list[RawLine] = []
    lead = page_chrome(lang, "lead")
    while blocks and blocks[0].single and blocks[0].lines[0].text in lead:
        chrome.extend(blocks.pop(0).lines)
    tail = page_chrome(lang, "tail")
    for i, block in enumerate(blocks):
        if block.single and block.lines[0].text in tail and i >= len(blocks) - 3:
            for dropped in blocks[i:]:
                chrome.extend(dropped.lines)
            del blocks[i:]
            break
    return Scrape(lang=lang, blocks=blocks, chrome=chrome)
