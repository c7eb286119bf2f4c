"""Every row's `line` is the line of its own row, item or cell: that source line holds its label or value."""
import re

import pytest
import yaml

from conftest import SOURCES

# Per table: the columns whose text the row's own source line must contain (any one of them).
# Labels are "as written" columns; a value column stands in where a row has no label of its own.
WITNESSES = {
    "response_times": ("statement",),
    "business_hours": ("region_label", "hours_label"),
    "support_languages": ("availability",),
    "request_portals": ("product_label",),
    "contact_portals": ("product_label",),
    "licensing_support": ("channel_label",),
    "lcs_entitlements": ("benefit_label",),
    "commitments": ("statement",),
    "china_contacts": ("phone_label",),
    "links": ("text",),
    "ui_labels": ("label",),
    "blocks": ("text",),
}
# Rows for words inside a statement (a link, a bold label, a block's text) point at the line where the
# statement starts; their words may wrap onto its continuation lines (up to the next blank line).
INLINE = {"links", "ui_labels", "blocks"}


def _fold(text: str) -> str:
    """Markup, entities and spacing removed: the words as a reader sees them."""
    text = re.sub(r"\*|\\|\[|\]\([^)]*\)", "", text)
    text = re.sub(r"</?[a-zA-Z][^>]*>|&nbsp;", " ", text)
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.fixture(scope="module")
def source_lines():
    manifest = yaml.safe_load((SOURCES / "manifest.yaml").read_text())
    return {(d["id"], d["lang"]): (SOURCES / d["path"]).read_text().split("\n") for d in manifest["documents"]}


def _witness(row: dict, columns: tuple[str, ...]) -> list[str]:
    out = []
    for column in columns:
        value = str(row.get(column) or "")
        if column in ("text", "statement", "availability", "hours_label"):
            value = value.split("\n")[0][:40]   # the start of a sentence or cell is on its first line
        if value:
            out.append(_fold(value))
    return out


@pytest.mark.parametrize("table", sorted(WITNESSES))
def test_every_row_line_holds_its_label_or_value(tables, source_lines, table):
    wrong = []
    for row in tables[table]:
        lines = source_lines.get((row["doc"], row["lang"]))
        if lines is None or not row.get("line"):
            wrong.append((row, "no line"))
            continue
        start = row["line"] - 1
        end = start + 1
        whole_table = table == "blocks" and row["kind"] == "table"
        while table in INLINE and end < len(lines) and lines[end].strip() and (whole_table or not lines[
                end].lstrip().startswith(("-", "|", "#", ">", "<", "1.", "•"))):
            end += 1
        text = _fold(" ".join(lines[start:end]))
        witnesses = _witness(row, WITNESSES[table])
        if table == "blocks" and row["kind"] == "table":
            witnesses = [_fold(next(c for c in re.split(r"\s*\|\s*|\n", row["text"]) if c.strip()))]
        if witnesses and not any(w[:40] in text for w in witnesses):
            wrong.append((row["lang"], row["line"], witnesses, text[:80]))
    assert not wrong, f"{len(wrong)} of {len(tables[table])} rows: {wrong[:5]}"
