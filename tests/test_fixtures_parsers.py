"""Small input/expected tests of the parsers, in the style of markdown-it-py's fixtures.

Each file under tests/fixtures/ holds cases as markdown-it-py writes them (read with its own
`markdown_it.utils.read_fixture_file`): a title line, then '.', the input, '.', the expected output, '.'.
Each case is a test of its own (`pytest tests/test_fixtures_parsers.py -k 'rename'`), quick because it runs one
function on a few lines. Where a case needs an English original and its translation, the input holds the
English DocFX Markdown, a line `=== <lang>`, then the translation in the plain-text scrape format.

table_recovery.md    flattened scrape lines -> cells (extract/table_recovery.py): rows as 'cell | cell', a line
                     break in a cell as ' / ', each row's confidence, and what could not be recovered
heading_alignment.md scrape headings -> the English section and entry they translate (extract/align.py)
keyed_diff.md        two small tables -> the changes (extract/diff.py), one line per row as `extract diff` says it
front_matter.md      a DocFX page -> its metadata, title and blocks with their file line numbers, or the one-line
                     error (extract/docfx.py; the front matter is mdit-py-plugins' front_matter rule)
alerts.md            DocFX alerts and block quotes -> note blocks (extract/docfx.py; markdown-it's alerts option)
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml
from markdown_it.utils import read_fixture_file

from extract.align import align_translation
from extract.diff import Schema, diff_sides, side_of
from extract.diff_report import SIGNS, describe
from extract import docfx
from extract.docfx import parse_docfx
from extract.errors import SourceError
from extract.plaintext import read_scrape
from extract.table_recovery import recover_table

FIXTURES = Path(__file__).parent / "fixtures"
FRONT_MATTER = "---\ntitle: Fixture\n---\n"


def cases(name: str) -> list:
    return [pytest.param(text, expected, id=title) for _, title, text, expected in read_fixture_file(FIXTURES / name)]


def original_and_translation(text: str):
    """(English Document, translation's language, its scrape text) of a case's input."""
    english, _, rest = text.partition("\n=== ")
    lang, _, scrape = rest.partition("\n")
    return parse_docfx(FRONT_MATTER + english, doc="fixture", lang="en", path="fixture.md"), lang.strip(), scrape


def recovered(text: str) -> str:
    document, lang, scrape = original_and_translation(text)
    table = next(b.table for e in document.entries for b in e.blocks if b.table)
    lines = [line for block in read_scrape(scrape, lang).blocks for line in block.lines]
    result = recover_table(table, lines, lang, document.lang)
    out = [" | ".join(" / ".join(cell.text.lines) for cell in row) + f"  [{confidence}]"
           for row, confidence in zip(result.table.rows, result.table.confidence)]
    out += [f"! line {number}: {message}" for number, message in result.problems]
    return "\n".join(out) + "\n"


def aligned(text: str) -> str:
    document, lang, scrape = original_and_translation(text)
    translated, problems = align_translation(document, read_scrape(scrape, lang), path="fixture.txt")
    out = [f"{entry.heading or '(no heading)'} -> "
           + (f"{entry.section_id} / {entry.id}" if entry.matched else "(unmatched)")
           for entry in translated.entries if entry.kind != "intro" or entry.matched]
    out += [f"! line {p.line}: {p.kind}: {p.message}" for p in problems]
    return "\n".join(out) + "\n"


def read_page(text: str) -> str:
    """A DocFX page as 'title', 'meta KEY: value' lines, then each block as 'kind line N: text' (a list's items
    indented, a note kept in its item indented deeper), or '! ' and the one-line error."""
    try:
        document = parse_docfx(text, doc="fixture", lang="en", path="fixture.md")
    except SourceError as error:
        return f"! {error}\n"
    out = [f"title: {document.title}"] + [f"meta {key}: {document.meta[key]}" for key in sorted(document.meta)]
    for entry in document.entries:
        for block in entry.blocks:
            out.append(f"{block.kind} line {block.line}: " + (" / ".join(block.text.lines) if block.text else ""))
            for item in block.items:
                out.append(f"  item line {item.line}: " + " / ".join(item.text.lines))
                out += [f"    {note.kind} line {note.line}: " + " / ".join(note.text.lines) for note in item.notes]
    return "\n".join(out) + "\n"


def _table(lines: list[str]) -> list[dict]:
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def changes(text: str) -> str:
    """Input: 'table NAME key COLUMN[,COLUMN]', then '--- old' and '+++ new', each followed by CSV rows."""
    header, _, body = text.partition("\n")
    _, name, _, key = header.split()
    old_part, _, new_part = body.partition("+++ new\n")
    old, new = _table(old_part.removeprefix("--- old\n").splitlines()), _table(new_part.splitlines())
    columns = list(dict.fromkeys([*(old[0] if old else {}), *(new[0] if new else {})]))
    schema = Schema({name: key.split(",")}, {name: columns})
    diff = diff_sides(side_of("old", {name: old}, schema), side_of("new", {name: new}, schema))
    out = [f"{SIGNS[change.kind]} {describe(change)}" for table in diff.tables for change in table.rows]
    return "\n".join(out or ["(no changes)"]) + "\n"


@pytest.mark.parametrize("text, expected", cases("table_recovery.md"))
def test_table_recovery(text, expected):
    assert recovered(text) == expected


@pytest.mark.parametrize("text, expected", cases("heading_alignment.md"))
def test_heading_alignment(text, expected):
    assert aligned(text) == expected


@pytest.mark.parametrize("text, expected", cases("keyed_diff.md"))
def test_keyed_diff(text, expected):
    assert changes(text) == expected


@pytest.mark.parametrize("text, expected", cases("front_matter.md"))
def test_front_matter(text, expected):
    assert read_page(text) == expected


@pytest.mark.parametrize("before", ["", "tags:\n  - a\n  - b\n", "note: |\n   ...\n"])
def test_front_matter_read_from_the_head_is_the_whole_pages(before):
    """The front matter rule reads only the page's head up to a line that may close it; lines that look like a
    fence but are not make it read on, and what follows the fence never changes the front matter."""
    page = "---\ntitle: T\n" + before + "---\n# Title\n\n---\nText.\n"
    meta, body, offset = docfx.split_front_matter(page, "fixture.md")
    assert meta == yaml.safe_load(("title: T\n" + before).rstrip("\n")) and body.startswith("# Title\n")
    assert offset == page[:page.index("# Title")].count("\n")


@pytest.mark.parametrize("text, expected", cases("alerts.md"))
def test_alerts(text, expected):
    assert read_page(FRONT_MATTER + text) == expected
