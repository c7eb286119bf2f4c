"""Answer Markdown to safe HTML for a page.

Source HTML may carry script: after Markdown rendering, nh3 keeps plain
formatting only (no script, no event handlers, no javascript: URLs), and
images become links, so a page makes no request to another site.
Plan names in answers become links to the plan pages.
"""
from __future__ import annotations

import re

import markdown
import nh3
from bs4 import BeautifulSoup, NavigableString

from extract.urls import is_safe_url

ALLOWED_TAGS = {"p", "br", "a", "strong", "em", "code", "ul", "ol", "li", "blockquote", "table", "thead",
                "tbody", "tr", "th", "td", "sup", "pre"}
ALLOWED_ATTRS = {"a": {"href", "title"}, "td": {"colspan"}, "th": {"colspan", "scope"}}


def sanitize(html: str) -> str:
    """Only formatting survives; images are turned into links to where they are."""
    soup = BeautifulSoup(html, "html.parser")
    for img in soup.find_all("img"):
        src, alt = img.get("src", ""), img.get("alt", "") or "image"
        link = soup.new_tag("a", href=src)
        link.string = f"[{alt}]"
        img.replace_with(link)
    return nh3.clean(str(soup), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRS,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
                     attribute_filter=_safe_link)


def _safe_link(tag: str, attribute: str, value: str) -> str | None:
    """The project's URL allow-list on top of nh3's, which lets 'java\tscript:' pass as a relative link."""
    return value if attribute != "href" or is_safe_url(value) else None


def link_plans(html: str, names: list[tuple[str, str]]) -> str:
    """Link the first mention of each plan name (longest names first) to its plan page."""
    if not names:
        return html
    soup = BeautifulSoup(html, "html.parser")
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n, _ in names) + r")(?![\w-])")
    targets = dict(names)
    done: set[str] = set()
    for text in list(soup.find_all(string=True)):
        if not isinstance(text, NavigableString) or text.find_parent(["a", "th", "code"]):
            continue
        parts, last, changed = [], 0, False
        for m in pattern.finditer(str(text)):
            href = targets[m.group(1)]
            if href in done:
                continue
            done.add(href)
            parts += [str(text)[last:m.start()], (m.group(1), href)]
            last, changed = m.end(), True
        if not changed:
            continue
        parts.append(str(text)[last:])
        nodes = []
        for part in parts:
            if isinstance(part, tuple):
                a = soup.new_tag("a", href=part[1])
                a.string = part[0]
                nodes.append(a)
            elif part:
                nodes.append(NavigableString(part))
        text.replace_with(*nodes)
    return str(soup)


def scroll_tables(html: str, label: str) -> str:
    """Put each table in a keyboard-scrollable box named after its columns, so a wide table scrolls on its own
    instead of the page, and its words never have to break to fit (`label` holds a %(columns)s placeholder)."""
    if "<table" not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    for table in soup.find_all("table"):
        first = table.find("tr")
        columns = ", ".join(c.get_text(" ", strip=True) for c in first.find_all(["th", "td"])) if first else ""
        box = soup.new_tag("div", attrs={"class": "scroll", "role": "region", "tabindex": "0",
                                         "aria-label": label % {"columns": columns}})
        table.wrap(box)
    return str(soup)


def answer_html(md: str, plan_names: list[tuple[str, str]] | None = None, table_label: str = "Table: %(columns)s") -> str:
    html = sanitize(markdown.markdown(md or "", extensions=["sane_lists"]))
    return scroll_tables(link_plans(html, plan_names or []), table_label)
