"""blocks, links and ui_labels: the content of answers, broken down so checks can compare it.

`blocks` has one row per paragraph, list item, note, footnote and table of an
entry, numbered per kind (the 2nd list item of an entry in English pairs with
the 2nd in Dutch); `links` every link with its target; `ui_labels` the bold
interface labels the English pages tell you to click, with the label before
them in the same sentence (a navigation path such as Support > Manage Contracts).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..language import load_language
from ..model import Block, Entry, ListItem, Text
from .base import LANG, RAW_MATERIAL, Context, Field, Resource, Row, provenance, provenance_fields, split_sentences

BLOCKS_RESOURCE = Resource(
    name="blocks",
    formats=RAW_MATERIAL,
    title="Answer blocks",
    description="Paragraphs, list items, notes, footnotes and tables of every entry, in order, numbered per kind.",
    fields=(LANG,
            Field("kind", "string", "Block kind", enum=("paragraph", "item", "note", "footnote", "table")),
            Field("ordinal", "integer", "Number of this block among the entry's blocks of the same kind (1-based)"),
            Field("depth", "integer", "List nesting depth (0 for top-level items and other blocks)"),
            Field("sentences", "integer", "Number of sentences"),
            Field("text", "string", "Plain text (for a table: its rows, cells joined by ' | ')"),
            *provenance_fields()),
    primary_key=("lang", "doc", "entry", "kind", "ordinal"),
)

LINKS_RESOURCE = Resource(
    name="links",
    formats=RAW_MATERIAL,
    title="Links",
    description="Every link in the sources, with the URL made absolute.",
    fields=(LANG,
            Field("ordinal", "integer", "Order of the link within its entry"),
            Field("text", "string", "Link text"),
            Field("url", "string", "Absolute URL"),
            *provenance_fields()),
    primary_key=("lang", "doc", "entry", "ordinal"),
)

UI_RESOURCE = Resource(
    name="ui_labels",
    formats=RAW_MATERIAL,
    title="Interface labels",
    description="Bold interface labels the pages tell the reader to select, with the label before them in the sentence.",
    fields=(LANG,
            Field("ordinal", "integer", "Order of the label within its entry"),
            Field("label", "string", "The label as written"),
            Field("after", "string", "The label selected before it in the same sentence, if any"),
            Field("sentence", "string", "The sentence, as plain text"),
            *provenance_fields()),
    primary_key=("lang", "doc", "entry", "ordinal"),
)


def _items(items: list[ListItem], depth: int = 0):
    for item in items:
        yield item.text, depth, item.line
        yield from _items(item.children, depth + 1)


def _item_notes(items: list[ListItem]):
    for item in items:
        for note in item.notes:
            yield note
        yield from _item_notes(item.children)


def block_texts(block: Block):
    """(kind, depth, Text, line) for one block; a table is one Text of its rows, cells joined by ' | '.

    The line is the item's own for list items, the marker line's for footnotes of a scrape (one per line)."""
    if block.kind == "list":
        for text, depth, line in _items(block.items):
            yield "item", depth, text, line or block.line
        for note in _item_notes(block.items):   # notes inside steps, after the list's items
            yield "note", 0, note.text, note.line
    elif block.kind == "table" and block.table:
        rows = [" | ".join(c.plain for c in row) for row in block.table.rows]
        yield "table", 0, Text.of("\n".join(rows)), block.line
    elif block.kind == "footnotes" and block.text:
        own_lines = block.text.markdown.count("\n") == len(block.text.lines) - 1   # one source line each
        for k, line in enumerate(block.text.lines):   # one footnote per marker line
            yield "footnote", 0, Text.of(line), block.line + k if own_lines else block.line
    elif block.kind in ("paragraph", "note") and block.text:
        yield block.kind, 0, block.text, block.line


def entry_texts(entry: Entry):
    """(kind, depth, Text, line) for every block of an entry."""
    for block in entry.blocks:
        yield from block_texts(block)


def build_blocks(ctx: Context) -> list[Row]:
    rows = []
    for doc in ctx.documents:
        for entry in doc.entries:
            counts: dict[str, int] = {}
            for kind, depth, text, line in entry_texts(entry):
                if not text.plain and kind != "table":
                    continue
                counts[kind] = counts.get(kind, 0) + 1
                body = "\n".join(text.lines) if kind == "table" else text.plain
                rows.append({"lang": doc.lang, "kind": kind, "ordinal": counts[kind], "depth": depth,
                             "sentences": len(split_sentences(text.plain)) if kind != "table" else 0,
                             "text": body, **provenance(doc, entry, line)})
    return rows


def build_links(ctx: Context) -> list[Row]:
    rows = []
    for doc in ctx.documents:
        for entry in doc.entries:
            n = 0
            for block in entry.blocks:
                if block.kind == "table" and block.table:
                    texts = [(c.text, c.line or block.line) for row in block.table.rows for c in row]
                else:
                    texts = [(text, line) for _, _, text, line in block_texts(block)]
                for text, line in texts:
                    for link in text.links:
                        n += 1
                        rows.append({"lang": doc.lang, "ordinal": n, "text": link.text, "url": link.url,
                                     **provenance(doc, entry, line)})
    return rows


_BOLD = re.compile(r"\*\*(.+?)\*\*")


@lru_cache(maxsize=None)
def _label_context(lang: str) -> tuple[re.Pattern | None, re.Pattern | None]:
    """The language's words before a bold interface label ('select **Save**') and after one ('the **Save**
    button'), as patterns anchored at the label (words.yaml: ui_actions, ui_widgets), compiled once."""
    language = load_language(lang)
    actions, widgets = (sorted(language.words(k), key=len, reverse=True) for k in ("ui_actions", "ui_widgets"))
    return (re.compile(r"\b(?:" + "|".join(actions) + r")\s*$", re.I) if actions else None,
            re.compile(r"^\s*(?:" + "|".join(widgets) + r")\b", re.I) if widgets else None)


def ui_labels_in(markdown: str, lang: str) -> list[tuple[str, str, str]]:
    """(label, previous label, sentence) for bold spans used as interface labels."""
    action, widget = _label_context(lang)
    found: list[tuple[str, str, str]] = []
    if "**" not in markdown:   # no bold span (_BOLD) in any of its sentences: nothing to split and scan
        return found
    for sentence in split_sentences(markdown.replace("\n", " ")):
        previous = ""
        for m in _BOLD.finditer(sentence):
            before, after = sentence[:m.start()], sentence[m.end():]
            if (action and action.search(before)) or (widget and widget.match(after)):
                label = m.group(1).strip()
                found.append((label, previous, _BOLD.sub(r"\1", sentence)))
                previous = label
    return found


def build_ui_labels(ctx: Context) -> list[Row]:
    rows = []
    for doc in ctx.documents:
        for entry in doc.entries:
            n = 0
            for kind, _, text, line in entry_texts(entry):
                if kind == "table":
                    continue
                for label, previous, sentence in ui_labels_in(text.markdown, doc.lang):
                    n += 1
                    rows.append({"lang": doc.lang, "ordinal": n, "label": label, "after": previous,
                                 "sentence": sentence, **provenance(doc, entry, line)})
    return rows
