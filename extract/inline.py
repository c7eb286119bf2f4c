"""Inline HTML (from Markdown or raw HTML tables) to plain lines, Markdown and links.

Both Markdown inline content and cells of raw HTML tables go through the same
converter, so `<br />`, `<sup>*</sup>` and links mean the same wherever they are.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag

from .model import Link, Text

_SPACE = re.compile(r"[ \t\r\n\u00a0]+")


def _collapse(text: str) -> str:
    """Runs of spaces, tabs, line ends and no-break spaces as one space. Most texts (every line of every inline
    is collapsed) have nothing to collapse, no run longer than one space and no other space: those are
    returned as they are, without running the pattern."""
    if "  " in text or "\t" in text or "\n" in text or "\r" in text or "\u00a0" in text:
        return _SPACE.sub(" ", text)
    return text


def resolve_url(url: str, base: str) -> str:
    """Make a relative documentation link absolute against the page's published URL."""
    url = url.strip()
    if not url or url.startswith(("#", "mailto:", "tel:")):
        return url
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
        return url
    if url.startswith("/") and base:
        url = urljoin(base, url)
    elif base:
        url = urljoin(base, url)
    return re.sub(r"\.md(?=$|[?#])", "", url)


# Inline tokens whose meaning here is fixed, so markdown-it's tokens convert directly (tokens_to_text); any
# other token (raw inline HTML such as <sup>*</sup>, images) goes through the HTML converter below.
_TOKEN_PAIRS = {"strong_open": "**", "em_open": "*"}
_SIMPLE_TOKENS = frozenset({"text", "softbreak", "hardbreak", "code_inline", "link_open", "link_close",
                            "strong_open", "strong_close", "em_open", "em_close"})


# Raw inline HTML that is only a line break (`<br />` in a table cell, the commonest raw HTML of the pages): the
# HTML converter reads it as a line break and nothing else, so the tokens convert directly too.
_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)


def _simple(token) -> bool:
    return token.type in _SIMPLE_TOKENS or token.type == "html_inline" and _LINE_BREAK.fullmatch(token.content)


def tokens_to_text(tokens: list, base: str = "") -> Text | None:
    """A Text straight from markdown-it's inline tokens, or None when they hold something only the HTML
    converter handles. Same result as rendering them to HTML and converting that (html_to_text), without a
    second parse of what markdown-it has parsed already."""
    if not all(_simple(t) for t in tokens):
        return None
    conv = _Converter(base)
    conv.walk_tokens(tokens)
    return conv.result()


def html_to_text(html: str, base: str = "") -> Text:
    """Convert an inline HTML fragment into a Text (lines, Markdown, links)."""
    soup = BeautifulSoup(html, "html.parser")
    conv = _Converter(base)
    conv.walk(soup)
    return conv.result()


def element_to_text(element: Tag, base: str = "") -> Text:
    conv = _Converter(base)
    conv.walk(element)
    return conv.result()


class _Converter:
    def __init__(self, base: str):
        self.base = base
        self.plain: list[str] = [""]
        self.md: list[str] = [""]
        self.links: list[Link] = []
        self.footnote = ""

    def emit(self, plain: str, md: str | None = None) -> None:
        self.plain[-1] += plain
        self.md[-1] += plain if md is None else md

    def newline(self) -> None:
        self.plain.append("")
        self.md.append("")

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if child.__class__.__name__ in ("Comment", "Doctype", "Declaration", "ProcessingInstruction"):
                    continue
                self.emit(_collapse(str(child)))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                self.newline()
            elif name == "sup":
                marker = child.get_text().strip()
                if marker and set(marker) <= set("*†‡0123456789"):
                    if not self.plain[-1].strip() and not self.footnote:
                        self.footnote = marker
                    self.emit("", f"<sup>{marker}</sup>")
                else:
                    self.walk(child)
            elif name == "a":
                self._link(child)
            elif name in ("strong", "b"):
                self._wrap(child, "**")
            elif name in ("em", "i"):
                self._wrap(child, "*")
            elif name == "code":
                code = child.get_text()
                self.emit(code, f"`{code}`")
            elif name == "img":
                alt = child.get("alt", "")
                src = resolve_url(child.get("src", ""), self.base)
                self.emit("", f"![{alt}]({src})")
            elif name in ("script", "style"):
                continue
            else:
                self.walk(child)

    def walk_tokens(self, tokens: list) -> None:
        """Like walk, over inline tokens: text, breaks, code, and strong/em/link spans (matched by nesting)."""
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "text":
                self.emit(_collapse(tok.content))
            elif tok.type == "softbreak":
                self.emit(" ")               # rendered as a line break in the HTML source: a space
            elif tok.type == "hardbreak":
                self.newline()
                self.emit(" ")
            elif tok.type == "code_inline":
                self.emit(tok.content, f"`{tok.content}`")
            elif tok.type == "html_inline":   # a line break (_LINE_BREAK), as walk reads <br>
                self.newline()
            elif tok.nesting == 1:
                end, depth = i + 1, 1
                while depth:
                    depth += tokens[end].nesting
                    end += 1
                inner = _Converter(self.base)
                inner.walk_tokens(tokens[i + 1:end - 1])
                if tok.type == "link_open":
                    self._linked(inner.result(), str(tok.attrs.get("href", "")))
                else:
                    self._wrapped(inner.result(), _TOKEN_PAIRS[tok.type])
                i = end
                continue
            i += 1

    def _wrap(self, child: Tag, mark: str) -> None:
        self._wrapped(element_to_text(child, self.base), mark)

    def _wrapped(self, inner: Text, mark: str) -> None:
        for i, (p, m) in enumerate(zip(inner.lines, inner.markdown.split("\n"))):
            if i:
                self.newline()
            self.emit(p, f"{mark}{m.strip()}{mark}" if m.strip() else m)
        self.links.extend(inner.links)

    def _link(self, child: Tag) -> None:
        self._linked(element_to_text(child, self.base), child.get("href", ""))

    def _linked(self, inner: Text, href: str) -> None:
        text = inner.plain.strip()
        url = resolve_url(href, self.base)
        if url:
            self.links.append(Link(text=text, url=url))
            self.emit(text, f"[{text}]({url})")
        else:
            self.emit(text)

    def result(self) -> Text:
        lines = [_collapse(line).strip() for line in self.plain]
        md = [_collapse(line).strip() for line in self.md]
        while len(lines) > 1 and not lines[-1] and not md[-1]:
            lines.pop(); md.pop()
        while len(lines) > 1 and not lines[0] and not md[0]:
            lines.pop(0); md.pop(0)
        return Text(lines=lines, markdown="\n".join(md), links=self.links, footnote=self.footnote)
