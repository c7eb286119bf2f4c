"""Parse an English DocFX-flavoured Markdown page into the document model.

DocFX is CommonMark (markdig) plus extensions, so the page is tokenised with
markdown-it-py in CommonMark mode with tables and raw HTML on; the DocFX
extensions we meet are handled around it:

- YAML front matter is split off first, where mdit-py-plugins' front_matter rule
  finds it (line numbers stay those of the file);
- `[!INCLUDE[name](target)]` cannot be resolved here: it is recorded on the
  document and left out of answers;
- `> [!NOTE]` (and TIP, IMPORTANT, WARNING, CAUTION) on its own line is
  markdown-it's alert (its `alerts` option, GitHub's and DocFX's syntax); an
  alert and any other block quote become note blocks;
- raw HTML tables are read with BeautifulSoup, keeping colspan;
- inline `<br />` splits a cell into lines, `<sup>*</sup>` is a footnote marker,
  and relative links are resolved against the published page URL.
"""
from __future__ import annotations

import re

import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from .anchors import docfx_anchor
from .errors import SourceError
from .inline import element_to_text, html_to_text, tokens_to_text
from .limits import check_nesting, load_yaml
from .model import Block, Cell, Document, Entry, Include, ListItem, Table, Text

_MD = MarkdownIt("commonmark", {"html": True, "alerts": True}).enable("table")
# Only the front matter rule (and the paragraph rule that takes the rest): the body is parsed on its own, after
# the include lines are marked and the bounds checked, so its line numbers are shifted by the front matter's.
_FRONT_MATTER = MarkdownIt("zero").use(front_matter_plugin)
_FENCE = "---"
_INCLUDE = re.compile(r"^\s*\[!include\s*\[([^\]]*)\]\(([^)]*)\)\]\s*$", re.I)
_INCLUDE_MARK = re.compile(r"<!-- docfx-include:(.*?)\|(.*?) -->")
_PIPE_ROW = re.compile(r"^\s*\|")
# Matched against a stripped line: no two whitespace runs are adjacent, so a failing match is linear
# (the unstripped form, with '\s*' on both sides of an optional '|', took minutes on a line of spaces).
_PIPE_DELIM = re.compile(r"\|?\s*+:?-{3,}:?\s*+(?:\|\s*+:?-{3,}:?\s*+)*\|?")


# A line that may close the front matter (the rule's closing fence or YAML's '...', loosely): the rule reads a
# page line by line up to its closing fence, so the token of the page's head up to such a line is the page's
# whenever that line is the fence.
_CLOSING_CANDIDATE = re.compile(r"^[ \t]*(?:-{3,}|\.{3})[ \t]*$", re.M)


def _front_matter_token(text: str) -> Token | None:
    """The front matter rule's token for the page, parsing only its head where the closing fence is there
    (tokenising the whole page took as long as the body's own parse)."""
    if not text.startswith("-"):     # the rule's own first test: no front matter without a dash at the start
        return None
    close = _CLOSING_CANDIDATE.search(text, text.find("\n") + 1)
    if close:
        head = next((t for t in _FRONT_MATTER.parse(text[:close.end()]) if t.type == "front_matter"), None)
        if head is not None:
            return head
    return next((t for t in _FRONT_MATTER.parse(text) if t.type == "front_matter"), None)


def split_front_matter(text: str, path: str) -> tuple[dict, str, int]:
    """Return (metadata, body, number of lines before the body)."""
    token = _front_matter_token(text)
    if token is None:
        if text.split("\n", 1)[0].rstrip() == _FENCE:
            raise SourceError(path, "line 1", "front matter opened with '---' is never closed")
        return {}, text, 0
    try:
        meta = load_yaml(token.content) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 2}" if mark else "line 1"
        raise SourceError(path, place, f"invalid YAML front matter: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(meta, dict):
        raise SourceError(path, "line 1", "front matter is not a mapping")
    offset = token.map[1]             # the lines up to and with the closing fence
    body = "\n".join(text.split("\n")[offset:])
    return meta, body, offset


def check_tables(lines: list[str], path: str, offset: int) -> None:
    """Reject truncated tables: an HTML table never closed, a pipe row short of cells."""
    open_at = None
    for i, line in enumerate(lines):
        low = line.lower()
        if "<table" in low:
            open_at = i
        if "</table" in low:
            open_at = None
        if line.startswith("#") and open_at is not None:
            raise SourceError(path, f"line {open_at + offset + 1}", "truncated table: <table> not closed before the next heading")
    if open_at is not None:
        raise SourceError(path, f"line {open_at + offset + 1}", "truncated table: <table> not closed before the end of the file")
    width = 0
    for i, line in enumerate(lines):
        if _PIPE_DELIM.fullmatch(line.strip()) and "-" in line and i > 0 and _PIPE_ROW.match(lines[i - 1]):
            width = _cell_count(line)
        elif width and _PIPE_ROW.match(line):
            if _cell_count(line) < width:
                raise SourceError(path, f"line {i + offset + 1}",
                                  f"truncated table row: {_cell_count(line)} of {width} cells")
        else:
            width = 0


def _cell_count(line: str) -> int:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    return len(re.split(r"(?<!\\)\|", body))


def parse_docfx(text: str, *, doc: str, lang: str, path: str, base_url: str = "") -> Document:
    """Parse a DocFX Markdown page. Raises SourceError on malformed input only."""
    meta, body, offset = split_front_matter(text, path)
    lines = body.split("\n")
    includes: list[tuple[str, str]] = []
    for i, line in enumerate(lines):
        m = _INCLUDE.match(line)
        if m:
            lines[i] = f"<!-- docfx-include:{m.group(1).strip()}|{m.group(2).strip()} -->"
            includes.append((m.group(1), m.group(2)))
    check_nesting(lines, path, offset + 1)
    check_tables(lines, path, offset)
    builder = _Builder(doc=doc, lang=lang, path=path, base=base_url, offset=offset)
    builder.title = str(meta.get("title", "")).split("|")[0].strip()
    try:
        tokens = _MD.parse("\n".join(lines))
        builder.run(tokens)
    except RecursionError:   # HTML nested beyond what the line-based bound sees
        raise SourceError(path, "", "nested too deeply to read (see 'Limits on input' in the README)") from None
    return Document(doc=doc, lang=lang, path=path, title=builder.title, meta=meta,
                    entries=builder.entries, includes=builder.includes)


class _Builder:
    """Walks markdown-it tokens and groups blocks under sections and questions."""

    def __init__(self, *, doc: str, lang: str, path: str, base: str, offset: int):
        self.doc, self.lang, self.path, self.base, self.offset = doc, lang, path, base, offset
        self.title = ""
        self.entries: list[Entry] = []
        self.includes: list[Include] = []
        self.section_id, self.section = "", ""
        self.pending_section: tuple[str, str, int] | None = None
        self.current: Entry | None = None
        self.seen_h1 = False
        self.ids: set[str] = set()

    # -- entries ---------------------------------------------------------
    def _unique(self, anchor: str) -> str:
        candidate, n = anchor, 1
        while candidate in self.ids:
            candidate = f"{anchor}-{n}"
            n += 1
        self.ids.add(candidate)
        return candidate

    def _heading(self, level: int, text: str, line: int) -> None:
        if level == 1 and not self.seen_h1:
            self.seen_h1 = True
            self.title = text or self.title
            return
        if level <= 2:
            anchor = self._unique(docfx_anchor(text))
            self.section_id, self.section = anchor, text
            self.pending_section = (anchor, text, line)
            self.current = None
            return
        anchor = self._unique(docfx_anchor(text))
        kind = "question" if text.rstrip().endswith("?") else "section"
        self.current = Entry(id=anchor, kind=kind, heading=text, anchor=anchor,
                             section_id=self.section_id, section=self.section, line=line)
        self.pending_section = None
        self.entries.append(self.current)

    def _target(self) -> Entry:
        """The entry a block belongs to, creating the section's own or the lead entry."""
        if self.current is None:
            if self.pending_section:
                anchor, text, line = self.pending_section
                self.current = Entry(id=anchor, kind="section", heading=text, anchor=anchor,
                                     section_id=anchor, section=text, line=line)
                self.pending_section = None
            else:
                self.current = Entry(id=self._unique("intro"), kind="intro", heading=self.title,
                                     anchor="", section_id="", section="", line=1)
            self.entries.append(self.current)
        return self.current

    def add(self, block: Block) -> None:
        if block.kind == "paragraph" and block.text and not block.text.plain and not block.text.markdown:
            return
        self._target().blocks.append(block)

    # -- tokens ----------------------------------------------------------
    def line(self, tok: Token) -> int:
        return (tok.map[0] if tok.map else 0) + self.offset + 1

    def inline(self, tok: Token) -> Text:
        """markdown-it's inline tokens as Text; only raw inline HTML or images go through rendered HTML."""
        text = tokens_to_text(tok.children or [], self.base)
        if text is None:
            text = html_to_text(_MD.renderer.renderInline(tok.children or [], _MD.options, {}), self.base)
        return text

    def run(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            i = self.block(tokens, i, self.add)

    def block(self, tokens: list[Token], i: int, emit) -> int:
        """Read the block starting at tokens[i], pass it to emit, return the next index."""
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            level = int(tok.tag[1])
            text = self.inline(tokens[i + 1]).plain
            if level <= 3:
                self._heading(level, text, self.line(tok))
            else:
                emit(Block("paragraph", text=Text(lines=[text], markdown=f"**{text}**"), line=self.line(tok)))
            return i + 3
        if kind == "paragraph_open":
            text = self.inline(tokens[i + 1])
            block_kind = "footnotes" if text.footnote else "paragraph"
            emit(Block(block_kind, text=text, line=self.line(tok)))
            return i + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            items, after, j = self.list_items(tokens, i)
            emit(Block("list", items=items, ordered=kind == "ordered_list_open", line=self.line(tok)))
            for extra in after:
                emit(extra)
            return j
        if kind == "table_open":
            table, j = self.pipe_table(tokens, i)
            emit(Block("table", table=table, line=table.line))
            return j
        if kind in ("blockquote_open", "alert_open"):
            close = kind.replace("_open", "_close")
            inner: list[Block] = []
            j = i + 1
            if kind == "alert_open":   # the alert's title (its kind, "Note"): markdown-it's words, not the page's
                while tokens[j].type != "alert_title_close":
                    j += 1
                j += 1
            while tokens[j].type != close or tokens[j].level != tok.level:
                j = self.block(tokens, j, inner.append)
            # A nested quote is its own note (emitted below), not part of this one's text: merging it too
            # doubled the text at every level, 2^depth copies for a deep quote.
            texts = [b.text for b in inner if b.text and b.kind != "note"]
            if texts:
                merged = Text(lines=[ln for t in texts for ln in t.lines if ln],
                              markdown="\n\n".join(t.markdown.strip() for t in texts if t.markdown.strip()),
                              links=[lk for t in texts for lk in t.links])
                start = next(b.line for b in inner if b.text)
                emit(Block("note", text=merged, line=start))   # the line of the note's text, after its marker
            for b in inner:
                if b.kind != "paragraph" and b.kind != "footnotes":
                    emit(b)
            return j + 1
        if kind == "html_block":
            self.html_block(tok, emit)
            return i + 1
        if kind == "fence" or kind == "code_block":
            emit(Block("paragraph", text=Text(lines=tok.content.strip().split("\n"),
                                              markdown="```\n" + tok.content.rstrip() + "\n```"),
                       line=self.line(tok)))
            return i + 1
        return i + 1  # hr and closing tokens carry no content

    def list_items(self, tokens: list[Token], i: int) -> tuple[list[ListItem], list[Block], int]:
        """Read a list; non-list blocks nested in items (notes, tables) come back separately."""
        open_tok = tokens[i]
        close = open_tok.type.replace("_open", "_close")
        items: list[ListItem] = []
        after: list[Block] = []
        j = i + 1
        while not (tokens[j].type == close and tokens[j].level == open_tok.level):
            if tokens[j].type == "list_item_open":
                item_level = tokens[j].level
                item_line = self.line(tokens[j])
                j += 1
                texts: list[Text] = []
                children: list[ListItem] = []
                notes: list[Block] = []
                while not (tokens[j].type == "list_item_close" and tokens[j].level == item_level):
                    t = tokens[j]
                    if t.type == "paragraph_open":
                        texts.append(self.inline(tokens[j + 1]))
                        j += 3
                    elif t.type in ("bullet_list_open", "ordered_list_open"):
                        sub, sub_after, j = self.list_items(tokens, j)
                        children.extend(sub)
                        after.extend(sub_after)
                    else:   # a note stays in its item; tables and other blocks follow the list
                        j = self.block(tokens, j, lambda b: (notes if b.kind == "note" else after).append(b))
                text = Text(lines=[ln for t in texts for ln in t.lines],
                            markdown="\n".join(t.markdown for t in texts),
                            links=[lk for t in texts for lk in t.links]) if texts else Text(lines=[""], markdown="")
                items.append(ListItem(text=text, children=children, line=item_line, notes=notes))
            j += 1
        return items, after, j + 1

    def pipe_table(self, tokens: list[Token], i: int) -> tuple[Table, int]:
        rows: list[list[Cell]] = []
        row_lines: list[int] = []
        row: list[Cell] = []
        row_line = 0
        j = i + 1
        while tokens[j].type != "table_close":
            t = tokens[j]
            if t.type == "tr_open":
                row, row_line = [], self.line(t)
            elif t.type == "tr_close":
                rows.append(row)
                row_lines.append(row_line)
            elif t.type in ("th_open", "td_open"):
                row.append(Cell(text=self.inline(tokens[j + 1]), header=t.type == "th_open", line=row_line))
                j += 1
            j += 1
        return Table(rows=rows, line=self.line(tokens[i]), confidence=["high"] * len(rows),
                     row_lines=row_lines), j + 1

    def html_block(self, tok: Token, emit) -> None:
        content = tok.content
        m = _INCLUDE_MARK.search(content)
        if m:
            entry_id = self.current.id if self.current else (self.pending_section[0] if self.pending_section else "intro")
            self.includes.append(Include(name=m.group(1), target=m.group(2), line=self.line(tok), entry_id=entry_id))
            return
        soup = BeautifulSoup(content, "html.parser")
        first = self.line(tok)

        def at(tag) -> int:   # html.parser counts the block's lines from 1
            return first + (tag.sourceline or 1) - 1

        for table in soup.find_all("table"):
            rows, row_lines = [], []
            for tr in table.find_all("tr"):
                cells = []
                for td in tr.find_all(["td", "th"]):
                    try:
                        span = max(1, min(int(td.get("colspan", 1)), 50))
                    except ValueError:
                        span = 1
                    cells.append(Cell(text=element_to_text(td, self.base), colspan=span, header=td.name == "th",
                                      line=at(td)))
                rows.append(cells)
                row_lines.append(cells[0].line if cells else at(tr))   # where the row's text starts
            emit(Block("table", table=Table(rows=rows, line=at(table), confidence=["high"] * len(rows),
                                            row_lines=row_lines), line=at(table)))
            table.decompose()
        text = element_to_text(soup, self.base)
        if text.plain.strip():
            emit(Block("paragraph", text=text, line=self.line(tok)))
