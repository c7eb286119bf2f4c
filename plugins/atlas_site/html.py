"""Answer Markdown to safe HTML for a page.

Source HTML may carry script: after Markdown rendering, nh3 keeps plain
formatting only (no script, no event handlers, no javascript: URLs), and
images become links, so a page makes no request to another site.
Plan names in answers become links to the plan pages, and tables scroll in a
box of their own.

Speed matters here (an answer is rendered for every entry of every page):
one Markdown converter is reused, and the linking and boxing work on a small
tree read from nh3's output, which is well-formed and serialised one way
(html5ever), instead of a BeautifulSoup tree per step. The tree is written
back the way BeautifulSoup writes (`<br/>`, only &, < and > escaped, an
attribute holding '"' quoted with "'"), so pages keep their bytes.
"""
from __future__ import annotations

import html as html_text
import re
from dataclasses import dataclass, field
from functools import lru_cache

import markdown
import nh3
from bs4 import BeautifulSoup
from lxml import etree

from extract.urls import is_safe_url

ALLOWED_TAGS = {"p", "br", "a", "strong", "em", "code", "ul", "ol", "li", "blockquote", "table", "thead",
                "tbody", "tr", "th", "td", "sup", "pre"}
ALLOWED_ATTRS = {"a": {"href", "title"}, "td": {"colspan"}, "th": {"colspan", "scope"}}
# Plan names are not linked inside these (a link in a link, a column heading, code).
NO_PLAN_LINKS = frozenset({"a", "th", "code"})
# Elements without content, written `<br/>`.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
IMAGE = re.compile(r"<img\b", re.I)
# nh3's output: a tag with double-quoted attributes, or text (which never holds '<').
TOKEN = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"\'=/>]+(?:="[^"]*")?)*)\s*/?>|([^<]+)')
ATTRIBUTE = re.compile(r'([^\s"\'=/>]+)(?:="([^"]*)")?')
# BeautifulSoup writes a string of ASCII spaces alone as one newline (if it has one) or one space, outside these.
PRESERVE_WHITESPACE = frozenset({"pre", "textarea"})
ASCII_SPACES = re.compile(r"[\x20\x0a\x09\x0c\x0d]+")
ESCAPE = re.compile(r"[&<>]")
ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list = field(default_factory=list)   # Element or str (text, unescaped)
    parent: "Element | None" = None


def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists"])


_CONVERTER = _markdown()


def render_markdown(md: str) -> str:
    """Markdown to HTML with one converter, reset between answers (building one costs more than converting)."""
    return _CONVERTER.reset().convert(md)


def sanitize(html: str) -> str:
    """Only formatting survives; images are turned into links to where they are."""
    if IMAGE.search(html):
        soup = BeautifulSoup(html, "html.parser")
        for img in soup.find_all("img"):
            src, alt = img.get("src", ""), img.get("alt", "") or "image"
            link = soup.new_tag("a", href=src)
            link.string = f"[{alt}]"
            img.replace_with(link)
        html = str(soup)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRS,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
                     attribute_filter=_safe_link)


def _safe_link(tag: str, attribute: str, value: str) -> str | None:
    """The project's URL allow-list on top of nh3's, which lets 'java\tscript:' pass as a relative link."""
    return value if attribute != "href" or is_safe_url(value) else None


def parse(html: str) -> Element:
    """nh3's output as a tree (text unescaped); an end tag closes up to its element, as a browser would."""
    root = Element("", {})
    node = root
    end = 0
    for m in TOKEN.finditer(html):
        if m.start() != end:
            raise ValueError(f"not sanitised HTML at {end}: {html[end:end + 40]!r}")
        end = m.end()
        closing, tag, attrs, text = m.groups()
        if text is not None:
            text = html_text.unescape(text)
            if ASCII_SPACES.fullmatch(text) and not _inside(node, PRESERVE_WHITESPACE):
                text = "\n" if "\n" in text else " "
            node.children.append(text)
        elif closing:
            tag = tag.lower()
            open_node = node
            while open_node is not root and open_node.tag != tag:
                open_node = open_node.parent
            if open_node is not root:
                node = open_node.parent
        else:
            element = Element(tag.lower(), {k.lower(): html_text.unescape(v or "") for k, v in ATTRIBUTE.findall(attrs)},
                              parent=node)
            node.children.append(element)
            if element.tag not in VOID:
                node = element
    if end != len(html):
        raise ValueError(f"not sanitised HTML at {end}: {html[end:end + 40]!r}")
    return root


def _inside(node: Element | None, tags: frozenset[str]) -> bool:
    while node is not None:
        if node.tag in tags:
            return True
        node = node.parent
    return False


def _escape(text: str) -> str:
    return ESCAPE.sub(lambda m: ESCAPES[m.group()], text)


def _attribute(value: str) -> str:
    """An attribute value quoted as BeautifulSoup quotes it."""
    value = _escape(value)
    if '"' not in value:
        return f'"{value}"'
    return f"'{value}'" if "'" not in value else '"' + value.replace('"', "&quot;") + '"'


def serialize(node: Element, out: list[str]) -> list[str]:
    for child in node.children:
        if isinstance(child, str):
            out.append(_escape(child))
            continue
        attrs = "".join(f" {k}={_attribute(v)}" for k, v in child.attrs.items())
        if child.tag in VOID and not child.children:
            out.append(f"<{child.tag}{attrs}/>")
        else:
            out.append(f"<{child.tag}{attrs}>")
            serialize(child, out)
            out.append(f"</{child.tag}>")
    return out


def texts(node: Element, skip: frozenset[str] = frozenset()):
    """The text of a tree in document order, as (text, its element, index among the element's children)."""
    for i, child in enumerate(node.children):
        if isinstance(child, str):
            yield child, node, i
        elif child.tag not in skip:
            yield from texts(child, skip)


@lru_cache(maxsize=64)
def plan_pattern(names: tuple[str, ...]) -> re.Pattern:
    """One pattern per set of names (per language), not per answer."""
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def link_plans(root: Element, names: list[tuple[str, str]]) -> None:
    """Link the first mention of each plan name (longest names first) to its plan page."""
    if not names:
        return
    pattern = plan_pattern(tuple(n for n, _ in names))
    targets = dict(names)
    done: set[str] = set()
    replaced = []
    for text, parent, at in texts(root, NO_PLAN_LINKS):
        parts, last = [], 0
        for m in pattern.finditer(text):
            href = targets[m.group(1)]
            if href in done:
                continue
            done.add(href)
            parts += [text[last:m.start()], Element("a", {"href": href}, [m.group(1)], parent)]
            last = m.end()
        if parts:
            replaced.append((parent, at, [part for part in [*parts, text[last:]] if part != ""]))
    for parent, at, parts in reversed(replaced):   # from the end, so the positions still to replace hold
        parent.children[at:at + 1] = parts


def _find(node: Element, tags: frozenset[str]):
    """Elements of the given tags under node, in document order."""
    for child in node.children:
        if isinstance(child, Element):
            if child.tag in tags:
                yield child
            yield from _find(child, tags)


def scroll_tables(root: Element, label: str) -> None:
    """Put each table in a keyboard-scrollable box named after its columns, so a wide table scrolls on its own
    instead of the page, and its words never have to break to fit (`label` holds a %(columns)s placeholder)."""
    for table in list(_find(root, frozenset({"table"}))):
        first = next(_find(table, frozenset({"tr"})), None)
        cells = _find(first, frozenset({"th", "td"})) if first else ()
        columns = ", ".join(" ".join(t.strip() for t, _, _ in texts(c) if t.strip()) for c in cells)
        parent = table.parent
        box = Element("div", {"aria-label": label % {"columns": columns}, "class": "scroll", "role": "region",
                              "tabindex": "0"}, [table], parent)
        parent.children[next(i for i, child in enumerate(parent.children) if child is table)] = box
        table.parent = box


def answer_html(md: str, plan_names: list[tuple[str, str]] | None = None, table_label: str = "Table: %(columns)s") -> str:
    root = parse(sanitize(render_markdown(md or "")))
    link_plans(root, plan_names or [])
    scroll_tables(root, table_label)
    return "".join(serialize(root, []))


@dataclass
class PageFacts:
    """What the theme needs to know of a rendered page: its section headings that are shown without JavaScript,
    as (anchor, words) for "on this page" (the words of the heading, not the identifiers it shows as code, such
    as a table's name beside its title), and whether an element has one of the classes asked about (a page
    links components.css only then)."""
    headings: list[tuple[str, list[str]]] = field(default_factory=list)
    has_class: bool = False

    def outline(self) -> list[tuple[str, str]]:
        return [(anchor, " ".join(words)) for anchor, words in self.headings]


class _FactsReader:
    """lxml parser target: the page read as a stream of tags and texts, never held as a tree (the tree of the
    largest page, the translation status at N = 1000 documents, took about 100 MB). It reads what the tree's
    `//h2[@id][not(ancestor::*[@hidden])]`, its `.//text()[not(ancestor::code)]` and `//@class` would: texts
    are whole text nodes (lxml may hand one in pieces), ancestors are the open elements."""

    def __init__(self, classes: frozenset[str]):
        self.classes, self.facts = classes, PageFacts()
        self.open: list[tuple[str, bool, list[str] | None]] = []   # tag, hidden from here down, a heading's words
        self.text: list[str] = []

    def _flush(self) -> None:
        text = "".join(self.text).strip()
        self.text = []
        if text and not any(tag == "code" for tag, _, _ in self.open):
            for _, _, words in self.open:
                if words is not None:
                    words.append(text)

    def start(self, tag: str, attrib) -> None:
        self._flush()
        hidden = bool(self.open) and self.open[-1][1]
        words = None
        if tag == "h2" and "id" in attrib and not hidden:
            words = []
            self.facts.headings.append((attrib["id"], words))
        if not self.facts.has_class and not self.classes.isdisjoint(attrib.get("class", "").split()):
            self.facts.has_class = True
        self.open.append((tag, hidden or "hidden" in attrib, words))

    def end(self, tag: str) -> None:
        self._flush()
        if self.open:
            self.open.pop()

    def data(self, text: str) -> None:
        self.text.append(text)

    def comment(self, text: str) -> None:
        self._flush()   # a comment ends a text node

    def pi(self, target: str, data: str | None = None) -> None:
        self._flush()

    def close(self) -> PageFacts:
        self._flush()
        return self.facts


def page_facts(html: str, classes: frozenset[str]) -> PageFacts:
    """A rendered page's headings and whether it uses any of the classes, read by lxml's C parser as events (as
    BeautifulSoup's tree of a whole page cost more than rendering it, and lxml's own tree held 100 MB for the
    largest)."""
    return etree.fromstring(html, etree.HTMLParser(target=_FactsReader(classes)))
