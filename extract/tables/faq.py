"""faq: every entry of every document, its answer as Markdown; and the Markdown writer.

Answers are written from the parsed blocks (not copied from the source) so
both languages come out in one Markdown dialect: DocFX includes are left out,
notes become block quotes, tables with merged cells stay HTML tables.
"""
from __future__ import annotations

import re
from html import escape

from ..model import Block, Link, ListItem, Table
from .base import LANG, RAW_MATERIAL, Context, Field, Resource, Row

RESOURCE = Resource(
    name="faq",
    formats=RAW_MATERIAL,
    title="FAQ entries",
    description="Every question (and section text) of every document, in each language, with its answer.",
    fields=(LANG,
            Field("id", "string", "Stable, language-independent id (the English heading anchor)"),
            Field("doc", "string", "Source document id", required=True),
            Field("kind", "string", "question, section (text under a heading) or intro (before the first heading)",
                  enum=("question", "section", "intro")),
            Field("section_id", "string", "Id of the section the entry is in"),
            Field("section", "string", "Section title as written"),
            Field("question", "string", "Question or heading as written"),
            Field("answer", "string", "Answer as Markdown"),
            Field("anchor", "string", "Upstream heading anchor in this language's page"),
            Field("matched", "boolean", "Whether the entry has a counterpart in the other language"),
            Field("position", "integer", "Order of the entry in its document"),
            Field("line", "integer", "Line of the heading in the source file")),
    primary_key=("lang", "doc", "id"),
)


def table_html(table: Table) -> str:
    """A table as HTML inside Markdown (keeps merged cells, which pipe tables cannot)."""
    out = ["<table>"]
    for row in table.rows:
        cells = []
        for cell in row:
            tag = "th" if cell.header else "td"
            span = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (' scope="col"' if cell.header else "")
            body = "<br>".join(_linked(line, cell.text.links) for line in cell.text.lines)
            if cell.text.footnote:
                body = f"<sup>{escape(cell.text.footnote)}</sup>" + body
            cells.append(f"<{tag}{span}>{body}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _linked(line: str, links: list[Link]) -> str:
    """One cell line as HTML, its links kept (a portal name in a table keeps its URL)."""
    out, rest = [], line
    for link in links:
        at = rest.find(link.text) if link.text else -1
        if at < 0:
            continue
        out.append(escape(rest[:at]) + f'<a href="{escape(link.url, quote=True)}">{escape(link.text)}</a>')
        rest = rest[at + len(link.text):]
    return "".join(out) + escape(rest)


_MARKER = re.compile(r"^(\*+)\s*")


def _footnotes(markdown: str) -> str:
    """Footnote lines keep their marker as a marker ('<sup>*</sup>'), not as a Markdown bullet ('* ...')."""
    return "  \n".join(_MARKER.sub(lambda m: f"<sup>{m.group(1)}</sup>", line) for line in markdown.split("\n"))


def _items(items: list[ListItem], ordered: bool, depth: int) -> list[str]:
    lines = []
    for n, item in enumerate(items, start=1):
        marker = f"{n}." if ordered else "-"
        body = item.text.markdown.replace("\n", " ").strip()
        lines.append("    " * depth + f"{marker} {body}")
        lines.extend(_items(item.children, False, depth + 1))
        for block in item.notes:   # a note inside a step stays in that step
            indent = "    " * (depth + 1)
            lines.extend(["", *(indent + "> " + ln for ln in block.text.markdown.split("\n")), ""])
    return lines


def to_markdown(blocks: list[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if block.kind == "list":
            parts.append("\n".join(_items(block.items, block.ordered, 0)))
        elif block.kind == "table" and block.table:
            parts.append(table_html(block.table))
        elif block.kind == "note" and block.text:
            parts.append("\n".join("> " + line for line in block.text.markdown.split("\n")))
        elif block.kind in ("paragraph", "footnotes") and block.text:
            parts.append(_footnotes(block.text.markdown) if block.kind == "footnotes" else block.text.markdown)
    return "\n\n".join(p for p in parts if p.strip())


def build(ctx: Context) -> list[Row]:
    rows = []
    for doc in ctx.documents:
        for position, entry in enumerate(doc.entries, start=1):
            rows.append({"lang": doc.lang, "id": entry.id, "doc": doc.doc, "kind": entry.kind,
                         "section_id": entry.section_id, "section": entry.section, "question": entry.heading,
                         "answer": to_markdown(entry.blocks), "anchor": entry.anchor, "matched": entry.matched,
                         "position": position, "line": entry.line})
    return rows
