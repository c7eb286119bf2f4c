"""Recover the cells of a table that a plain-text scrape flattened into lines.

The scraper wrote each table row as its cells joined by spaces; a line break
inside a cell became a new line, and a cell after a multi-line cell starts a
new line too; empty cells vanish, and a row of only empty cells leaves a line
of non-breaking spaces. We replay exactly that on the English table (same
shape: the translation keeps rows, columns and in-cell breaks), which predicts
how many lines the translated table must have and which cells share each line.

When the line count matches, every line is assigned to its cells; a line that
holds several cells is split at word boundaries, choosing the split whose
pieces agree best with the English cells (glossary terms in the same cell,
the same kind of value, similar length). A split that is the only possible
one, or clearly better than the next, is 'high' confidence, otherwise 'low';
when the lines do not match the English shape the row is not recovered at
all. Nothing is invented: a cell we cannot place stays empty and is reported.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from .glossary import fold, load_glossary
from .model import Cell, Table, Text
from .normalize import parse_days, parse_durations, parse_time_range
from .plaintext import RawLine

Slot = tuple[int, int, int]  # (row, cell, line within the cell); cell -1 = a row of empty cells
MAX_SPLITS = 20000


@dataclass
class Recovery:
    table: Table
    problems: list[tuple[int, str]]  # (line number, what could not be recovered)


def flatten_template(table: Table) -> list[list[Slot]]:
    """The lines a scraper makes of this table, each a list of the cell lines it joins."""
    lines: list[list[Slot]] = []
    for r, row in enumerate(table.rows):
        filled = [(c, [ln for ln in cell.text.lines if ln]) for c, cell in enumerate(row)]
        filled = [(c, cl) for c, cl in filled if cl]
        if not filled:
            lines.append([(r, -1, 0)])
            continue
        current: list[Slot] | None = None
        after_break = True
        for c, cell_lines in filled:
            for k in range(len(cell_lines)):
                if k == 0 and current is not None and not after_break:
                    current.append((r, c, k))
                else:
                    current = [(r, c, k)]
                    lines.append(current)
            after_break = len(cell_lines) > 1
    return lines


_FOOTNOTE = re.compile(r"^\*+$")


def _candidates(words: list[str]) -> list[int]:
    """Word indexes where a new cell may start: a capital, digit or bracket after a word
    that does not end a list item (comma) or join words ('/', '-')."""
    out = []
    for i in range(1, len(words)):
        prev, word = words[i - 1], words[i]
        if prev.endswith((",", "/", "-", "&")) or _FOOTNOTE.match(word):
            continue
        if _FOOTNOTE.match(prev) or word[0].isupper() or word[0].isdigit() or word[0] in "<(€$+":
            out.append(i)
    return out


@lru_cache(maxsize=4096)
def _features(text: str, lang: str) -> set[str]:
    feats = set()
    if parse_time_range(text, lang):
        feats.add("time-range")
    if parse_durations(text, lang):
        feats.add("duration")
    if parse_days(text, lang):
        feats.add("days")
    return frozenset(feats)


@lru_cache(maxsize=4096)
def _terms(text: str, lang: str | None) -> set[tuple[str, str]]:
    gloss = load_glossary()
    found = set()
    for category in ("plans", "severities", "regions", "languages", "portals", "products", "channels", "columns"):
        for _, slug, _ in gloss.find_all(category, text, lang):
            found.add((category, slug))
    return frozenset(found)


@lru_cache(maxsize=4096)
def _exact_term(piece: str, lang: str) -> bool:
    """The piece is exactly one glossary label (a header or a name cell)."""
    gloss = load_glossary()
    return any(gloss.lookup(category, piece, lang) for category in
               ("plans", "severities", "regions", "products", "channels", "columns", "portals"))


def _proper_nouns(english: list[str]) -> set[str]:
    """Words the English writes with a capital inside a sentence: names that do not start a cell."""
    words = set()
    for text in english:
        tokens = text.split()
        words.update(t.strip(".,()") for prev, t in zip(tokens, tokens[1:])
                     if t[:1].isupper() and not prev.endswith((".", ":", "?")))
    return words


@dataclass(frozen=True)
class _English:
    """What the scoring reads from the original's cells: the same for every candidate split of a line."""
    cells: list[str]
    terms: list[frozenset]
    features: list[frozenset]
    words: list[set[str]]      # capitalised words and numbers of each cell
    names: set[str]

    @classmethod
    def of(cls, english: list[str], original: str) -> "_English":
        return cls(english, [_terms(e, original) for e in english], [_features(e, original) for e in english],
                   [{w for w in re.findall(r"\w+", e) if w[0].isupper() or w.isdigit()} for e in english],
                   _proper_nouns(english))


@lru_cache(maxsize=4096)
def _words(piece: str) -> frozenset[str]:
    """The words of a candidate cell (the same piece comes back in many of a line's candidate splits)."""
    return frozenset(re.findall(r"\w+", piece))


def _score(pieces: list[str], en: _English, lang: str) -> float:
    """How well a split's pieces agree with the English cells (higher is better)."""
    nl_terms = [_terms(p, lang) for p in pieces]
    score = 0.0
    for i, piece in enumerate(pieces[:len(en.cells)]):
        score -= abs(math.log((len(piece) + 6) / (1.15 * len(en.cells[i]) + 6)))
        score += 2.0 * len(en.terms[i] & nl_terms[i])
        missing = en.terms[i] - nl_terms[i]   # the English cell's terms this piece lacks: found in another piece?
        others = set().union(*(nl_terms[j] for j in range(len(pieces)) if j != i)) \
            if missing and len(pieces) > 1 else set()
        score -= 1.0 * len(missing & others)
        score += 1.0 * len(en.features[i] & _features(piece, lang))
        score += 0.3 * len(en.words[i] & _words(piece))
        if _exact_term(piece, lang):
            score += 1.0
        if piece.count("(") != piece.count(")"):
            score -= 1.5
        if i and piece.split()[0].strip(".,()") in en.names:
            score -= 0.75
    return score


def split_line(text: str, english: list[str], lang: str, original: str) -> tuple[list[str], bool]:
    """Split one scraped line into len(english) cells (the original's, in `original`); (pieces, confident)."""
    k = len(english)
    words = text.split()
    if k == 1:
        return [text.strip()], True
    if len(words) < k:
        return [], False
    cands = _candidates(words)
    if len(cands) < k - 1:
        cands = list(range(1, len(words)))
    if math.comb(len(cands), k - 1) > MAX_SPLITS:
        return [], False
    scored, en = [], _English.of(english, original)
    for cut in combinations(cands, k - 1):
        bounds = (0, *cut, len(words))
        pieces = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
        scored.append((_score(pieces, en, lang), pieces))
    scored.sort(key=lambda s: -s[0])
    confident = len(scored) == 1 or scored[0][0] - scored[1][0] >= 1.0
    return scored[0][1], confident


def _cell_text(pieces: list[str]) -> Text:
    """A recovered cell; footnote stars the scrape left beside the text become the marker."""
    lines, footnote = [], ""
    for piece in pieces:
        words = piece.split()
        while words and _FOOTNOTE.match(words[-1]):
            footnote = footnote or words.pop()
        while words and _FOOTNOTE.match(words[0]):
            footnote = footnote or words.pop(0)
        lines.append(" ".join(words))
    text = Text.of("\n".join(lines))
    text.footnote = footnote
    return text


def recover_table(english: Table, lines: list[RawLine], lang: str, original: str) -> Recovery:
    """Rebuild a flattened table in the shape of the original's table (written in `original`)."""
    template = flatten_template(english)
    problems: list[tuple[int, str]] = []
    pieces: dict[tuple[int, int], list[str]] = {}
    at: dict[tuple[int, int], list[int]] = {}       # (row, cell) -> the scrape line of each piece
    row_lines: list[int] = [0] * len(english.rows)
    row_conf = ["high"] * len(english.rows)
    if len(template) != len(lines):
        first = lines[0].number if lines else 0
        problems.append((first, f"table has {len(lines)} lines where the English table's shape gives "
                                f"{len(template)}; its cells were not recovered"))
        row_conf = ["none"] * len(english.rows)
    else:
        for slots, line in zip(template, lines):
            row_lines[slots[0][0]] = row_lines[slots[0][0]] or line.number
            cells = [s for s in slots if s[1] >= 0]
            if not cells:
                continue
            en_texts = [english.rows[r].__getitem__(c).text.lines[k] for r, c, k in cells]
            parts, confident = split_line(line.text, en_texts, lang, original)
            row = cells[0][0]
            if not parts:
                row_conf[row] = "none"
                problems.append((line.number, f"could not split '{line.text[:60]}' into {len(cells)} cells"))
                continue
            if not confident:
                row_conf[row] = "low" if row_conf[row] == "high" else row_conf[row]
                problems.append((line.number, f"split of '{line.text[:60]}' into {len(cells)} cells is uncertain"))
            for (r, c, _), part in zip(cells, parts):
                pieces.setdefault((r, c), []).append(part)
                at.setdefault((r, c), []).append(line.number)
    rows = []
    for r, en_row in enumerate(english.rows):
        rows.append([Cell(text=_cell_text(pieces.get((r, c), [])), colspan=cell.colspan, header=cell.header,
                          line=at.get((r, c), [row_lines[r]])[0], lines_at=at.get((r, c), []))
                     for c, cell in enumerate(en_row)])
    return Recovery(table=Table(rows=rows, line=lines[0].number if lines else 0, confidence=row_conf,
                                row_lines=row_lines), problems=problems)
