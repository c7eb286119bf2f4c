"""The parsed shape of a document, shared by both languages.

The English parser (docfx.py) builds it from Markdown; the Dutch aligner
(align.py) builds the same shape from the plain-text scrape by following the
English one. Table builders (tables/) read only this model, so they do not
care which language or source format a document came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "list", "table", "note", "include", "footnotes"]


@dataclass
class Link:
    text: str
    url: str


@dataclass
class Text:
    """A piece of inline text: plain lines (split at in-cell line breaks), Markdown, links."""
    lines: list[str]
    markdown: str
    links: list[Link] = field(default_factory=list)
    footnote: str = ""  # a footnote marker such as "*" that the text carries

    @property
    def plain(self) -> str:
        return " ".join(line for line in self.lines if line)

    @classmethod
    def of(cls, plain: str) -> "Text":
        """Text from plain words (the Dutch scrape has no markup)."""
        lines = [line.strip() for line in plain.split("\n")]
        return cls(lines=lines, markdown="\n".join(lines))


@dataclass
class Cell:
    text: Text
    colspan: int = 1
    header: bool = False
    line: int = 0                       # 1-based source line where the cell starts (0 = unknown)
    # source line of each of text.lines (a scraped cell spans several lines); empty = all on `line`
    lines_at: list[int] = field(default_factory=list)

    @property
    def plain(self) -> str:
        return self.text.plain

    def line_of(self, k: int) -> int:
        """The source line of the cell's k-th text line."""
        return self.lines_at[k] if k < len(self.lines_at) and self.lines_at[k] else self.line


@dataclass
class Table:
    rows: list[list[Cell]]
    line: int = 0                       # 1-based line in the source file
    # per row: "high" when the row's cells were read from markup or recovered
    # unambiguously, "low" when a plain-text split had to choose, "" if unknown
    confidence: list[str] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)   # source line of each row (0 = unknown)

    def row_line(self, r: int) -> int:
        """The line of row r itself, else the table's first line."""
        return self.row_lines[r] if r < len(self.row_lines) and self.row_lines[r] else self.line


@dataclass
class ListItem:
    text: Text
    children: list["ListItem"] = field(default_factory=list)
    line: int = 0                       # 1-based source line of the item
    notes: list["Block"] = field(default_factory=list)   # notes written inside the item (a step's note)


@dataclass
class Block:
    kind: BlockKind
    text: Text | None = None            # paragraph, note, include (target), footnotes
    items: list[ListItem] = field(default_factory=list)
    ordered: bool = False
    table: Table | None = None
    line: int = 0


@dataclass
class Entry:
    """One addressable unit: an FAQ question (###), a section's own text (##), or the lead."""
    id: str                 # language-independent id (the English anchor)
    kind: Literal["question", "section", "intro"]
    heading: str            # the question or heading as written in this language
    anchor: str             # the upstream anchor of the heading in this language
    section_id: str
    section: str            # section title as written in this language
    blocks: list[Block] = field(default_factory=list)
    line: int = 0
    matched: bool = True    # has a counterpart in the other language


@dataclass
class Include:
    name: str
    target: str
    line: int
    entry_id: str


@dataclass
class Document:
    doc: str
    lang: str
    path: str
    title: str
    meta: dict
    entries: list[Entry]
    includes: list[Include] = field(default_factory=list)
    url: str = ""           # published page, the base of upstream links
    role: str = ""          # what the document is for (manifest `role`, extract.manifest.Role)
    page: str = ""          # the site page its entries are on (manifest `page`)
    original_lang: str = ""  # the language of the original it translates (its own language for an original)

    def __post_init__(self) -> None:
        self.original_lang = self.original_lang or self.lang

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)
