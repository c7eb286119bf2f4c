"""Give a plain-text translation the structure of the page it translates.

Steps, each a function below:
1. heading candidates: single-line blocks that read like a question or a title;
2. align them with the English sections and questions (global sequence
   alignment: order is kept by translators, words are not), so a Dutch
   question gets its English counterpart's id; what aligns with nothing is
   kept and marked unmatched;
3. turn each Dutch entry's raw blocks into model blocks (lists, notes,
   footnotes, paragraphs), recovering tables in the English tables' shape.
Everything uncertain is returned as a problem, never silently guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .anchors import docfx_anchor
from .glossary import fold, load_glossary
from .model import Block, Document, Entry, ListItem, Table, Text
from .plaintext import RawBlock, RawLine, Scrape, note_markers
from .sentences import split_sentences
from .table_recovery import recover_table

GAP_EN = -0.6      # an English heading with no Dutch counterpart
GAP_NL_Q = -0.6    # a Dutch question with no English counterpart


@dataclass
class Problem:
    line: int
    entry_id: str
    message: str
    kind: str = "table-recovery"   # or "unmatched", "empty-answer" (the extraction_notes kinds)


@dataclass
class _Heading:
    kind: str          # "section" or "question"
    text: str
    entry: Entry | None = None
    section_id: str = ""
    block: int = -1    # index of the Dutch block


def heading_candidates(blocks: list[RawBlock], lang: str) -> list[tuple[int, _Heading]]:
    """Translated blocks that may be a heading: one plain line, not a sentence ending in '.' or ':', not a note
    marker of the language."""
    markers = note_markers(lang)
    out = []
    for i, block in enumerate(blocks):
        if not block.single:
            continue
        text = block.lines[0].text
        if len(text) > 300 or text.endswith((".", ":", ";", ",")) or text in markers:
            continue
        kind = "question" if text.endswith("?") else "section"
        out.append((i, _Heading(kind=kind, text=text, block=i)))
    return out


def english_headings(doc: Document) -> list[_Heading]:
    out: list[_Heading] = []
    section = None
    for entry in doc.entries:
        if entry.kind == "intro":
            continue
        if entry.section_id and entry.section_id != section:
            section = entry.section_id
            own = entry if entry.kind == "section" and entry.id == entry.section_id else None
            out.append(_Heading("section", entry.section, entry=own, section_id=section))
            if own:
                continue
        out.append(_Heading(entry.kind if entry.kind == "question" else "section", entry.heading,
                            entry=entry, section_id=entry.section_id))
    return out


def _trigrams(text: str) -> set[str]:
    words = [w for w in re.findall(r"\w+", fold(text)) if len(w) >= 3]
    return {w[i:i + 3] for w in words for i in range(len(w) - 2)}


def _to_original(text: str, lang: str, original: str) -> str:
    """Replace the translation's glossary renderings with the original language's labels."""
    out = fold(text)
    for label, english in _renderings(lang, original):
        if label in out:
            out = out.replace(label, english)
    return out


@lru_cache(maxsize=None)
def _renderings(lang: str, original: str) -> tuple[tuple[str, str], ...]:
    """(folded label in `lang`, folded first label in `original`) of every glossary term that has both, in
    glossary order: folded once per language pair instead of once per heading."""
    return tuple((fold(label), fold(en[0])) for term in load_glossary().terms
                 if (en := term.labels.get(original)) for label in term.labels.get(lang, ()))


def _as_bits(gram_sets: list[set[str]]) -> list[int]:
    """Each set of trigrams as an int with one bit per trigram (numbered across all the sets): the alignment
    compares every pair of headings, and an int's & and bit_count count what two sets share in C, a few machine
    words at a time, instead of hashing every trigram of the smaller set."""
    number: dict[str, int] = {}
    return [sum(1 << number.setdefault(g, len(number)) for g in grams) for grams in gram_sets]


def _jaccard(a: int, b: int) -> float:
    """|a & b| / |a | b| of two sets as bits (_as_bits); 0 when either is empty. The union's size is counted,
    not built."""
    if not a or not b:
        return 0.0
    shared = (a & b).bit_count()
    return shared / (a.bit_count() + b.bit_count() - shared)


ORIGINAL, TRANSLATION, MATCH = "original", "translation", "match"   # the moves of the alignment


def align_headings(en: list[_Heading], nl: list[_Heading], lang: str, original: str) -> dict[int, int]:
    """Map translated candidate index -> original heading index by global alignment."""
    n, m = len(en), len(nl)
    grams = _as_bits([_trigrams(h.text) for h in en] + [_trigrams(_to_original(h.text, lang, original)) for h in nl])
    en_grams, nl_grams = grams[:n], grams[n:]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    back = [[""] * (m + 1) for _ in range(n + 1)]
    # Read once per translated heading instead of once per cell of the table (n x m cells, n + m headings).
    gaps = [GAP_NL_Q if h.kind == "question" else 0.0 for h in nl]
    kinds = [h.kind for h in nl]

    for i in range(1, n + 1):
        score[i][0], back[i][0] = score[i - 1][0] + GAP_EN, ORIGINAL
    for j in range(1, m + 1):
        score[0][j], back[0][j] = score[0][j - 1] + gaps[j - 1], TRANSLATION
    for i in range(1, n + 1):
        above, row, moves, kind, e_grams = score[i - 1], score[i], back[i], en[i - 1].kind, en_grams[i - 1]
        for j in range(1, m + 1):
            # The first best of (in this order): an original heading left alone, a translated one left alone, a match.
            best, move = above[j] + GAP_EN, ORIGINAL
            if (value := row[j - 1] + gaps[j - 1]) > best:
                best, move = value, TRANSLATION
            if kind == kinds[j - 1]:
                sim = _jaccard(e_grams, nl_grams[j - 1])
                if (value := above[j - 1] + 0.5 + 3.0 * sim) > best:
                    best, move = value, MATCH
            row[j], moves[j] = best, move
    pairs: dict[int, int] = {}
    i, j = n, m
    while i > 0 or j > 0:
        move = back[i][j]
        if move == MATCH:
            pairs[j - 1] = i - 1
            i, j = i - 1, j - 1
        elif move == ORIGINAL:
            i -= 1
        else:
            j -= 1
    return pairs


def _list_items(lines: list[RawLine]) -> list[ListItem]:
    items: list[ListItem] = []
    stack: list[tuple[int, list[ListItem]]] = [(-1, items)]
    for line in lines:
        item = ListItem(text=Text.of(line.text), line=line.number)
        while len(stack) > 1 and stack[-1][0] >= line.depth:
            stack.pop()
        stack[-1][1].append(item)
        stack.append((line.depth, item.children))
    return items


def _runs(block: RawBlock) -> list[tuple[str, list[RawLine]]]:
    """Split a raw block into runs of list lines and of other lines."""
    runs: list[tuple[str, list[RawLine]]] = []
    for line in block.lines:
        kind = "list" if line.kind in ("bullet", "numbered") else "plain"
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(line)
        else:
            runs.append((kind, [line]))
    return runs


def translate_blocks(raw: list[RawBlock], english: Entry | None, lang: str,
                     problems: list[Problem], entry_id: str, original: str) -> list[Block]:
    """Model blocks for one translated entry, tables recovered in the shape of the original's (in `original`)."""
    en_tables: list[Table] = [b.table for b in (english.blocks if english else []) if b.kind == "table" and b.table]
    blocks: list[Block] = []
    markers = note_markers(lang)
    note_next = False
    for rb in raw:
        if rb.single and rb.lines[0].text in markers:
            note_next = True
            continue
        runs = _runs(rb)
        for kind, lines in runs:
            number = lines[0].number
            if kind == "list":
                blocks.append(Block("list", items=_list_items(lines), ordered=lines[0].kind == "numbered", line=number))
            elif note_next:
                blocks.append(Block("note", text=Text.of("\n".join(ln.text for ln in lines)), line=number))
                note_next = False
            elif all(ln.text.startswith("*") for ln in lines):
                text = Text.of("\n".join(ln.text for ln in lines))
                text.footnote = lines[0].text.split()[0]
                blocks.append(Block("footnotes", text=text, line=number))
            elif len(lines) > 1 or lines[0].kind == "empty-row" or (len(runs) > 1 and en_tables):
                if en_tables:
                    recovery = recover_table(en_tables.pop(0), lines, lang, original)
                    problems.extend(Problem(n, entry_id, msg) for n, msg in recovery.problems)
                    blocks.append(Block("table", table=recovery.table, line=number))
                else:
                    problems.append(Problem(number, entry_id,
                                            f"{len(lines)} lines look like a table but the English entry has none left"))
                    blocks.extend(Block("paragraph", text=Text.of(ln.text), line=ln.number) for ln in lines)
            else:
                blocks.append(Block("paragraph", text=Text.of(lines[0].text), line=number))
    for table in en_tables:
        problems.append(Problem(english.line if english else 0, entry_id,
                                f"English table at line {table.line} has no counterpart in this language", "unmatched"))
    return blocks


def _sentences(entry: Entry) -> int:
    return sum(len(split_sentences(b.text.plain)) for b in entry.blocks if b.text) + \
        sum(1 for b in entry.blocks if b.kind == "list" for _ in b.items)


def pair_headless_answers(english: Document, entries: list[Entry]) -> None:
    """Translated text with no heading (before the first heading) that stands exactly where one English entry
    has no counterpart is that entry's answer with its heading lost, not extra text plus a missing question.

    Both gaps must be the only ones between the same two aligned neighbours, and the texts must be of the same
    shape (block kinds, sentence count within one); otherwise nothing is paired.
    """
    matched = {e.id for e in entries if e.matched}
    position = {e.id: i for i, e in enumerate(entries) if e.matched}
    for k, en_entry in enumerate(english.entries):
        if en_entry.id in matched or en_entry.kind == "intro" or not en_entry.blocks:
            continue
        before = [e.id for e in english.entries[:k] if e.id in matched]
        after = [e.id for e in english.entries[k + 1:] if e.id in matched]
        lo = position[before[-1]] if before else -1
        hi = position[after[0]] if after else len(entries)
        english_gap = [e for e in english.entries[english.entries.index(english.entry(before[-1])) + 1 if before else 0:
                                                  english.entries.index(english.entry(after[0])) if after else None]
                       if e.id not in matched and e.blocks and e.kind != "intro"]
        headless = [entries[i] for i in range(lo + 1, hi) if not entries[i].matched and entries[i].kind == "intro"]
        if len(english_gap) != 1 or len(headless) != 1:
            continue
        found = headless[0]
        if [b.kind for b in found.blocks] != [b.kind for b in en_entry.blocks] or \
                abs(_sentences(found) - _sentences(en_entry)) > 1:
            continue
        sections = {e.section_id: e.section for e in entries if e.matched and e.section_id}
        found.id, found.kind, found.heading, found.anchor = en_entry.id, en_entry.kind, "", ""
        found.section_id, found.section, found.matched = en_entry.section_id, sections.get(en_entry.section_id, ""), True
        found.line = found.blocks[0].line   # the answer's first line: there is no heading line
        matched.add(en_entry.id)   # reported by the structure check as a missing heading (faq question "")


def align_translation(english: Document, scrape: Scrape, *, path: str) -> tuple[Document, list[Problem]]:
    """Build the translated Document with English ids, and the problems met."""
    lang = scrape.lang
    blocks = scrape.blocks
    problems: list[Problem] = []
    title = blocks[0].lines[0].text if blocks and blocks[0].single else ""
    body_start = 1 if title else 0
    candidates = [c for c in heading_candidates(blocks, lang) if c[0] >= body_start]
    en_heads = english_headings(english)
    pairs = align_headings(en_heads, [h for _, h in candidates], lang, english.lang)

    starts: dict[int, tuple[_Heading | None, _Heading]] = {}
    for j, (index, head) in enumerate(candidates):
        if j in pairs:
            starts[index] = (en_heads[pairs[j]], head)
        elif head.kind == "question":
            starts[index] = (None, head)

    entries: list[Entry] = []
    section_id, section = "", ""
    current: tuple[Entry, Entry | None] | None = None
    pending: list[RawBlock] = []

    def close() -> None:
        if current is None:
            return
        entry, en_entry = current
        entry.blocks = translate_blocks(pending, en_entry, lang, problems, entry.id, english.lang)
        if not entry.blocks and en_entry and en_entry.blocks:
            problems.append(Problem(entry.line, entry.id, "answer is empty", "empty-answer"))

    intro_en = next((e for e in english.entries if e.kind == "intro"), None)
    current = (Entry(id=intro_en.id if intro_en else "intro", kind="intro", heading=title, anchor="",
                     section_id="", section="", line=blocks[0].number if blocks else 1,
                     matched=intro_en is not None), intro_en)
    entries.append(current[0])
    for index in range(body_start, len(blocks)):
        if index not in starts:
            pending.append(blocks[index])
            continue
        en_head, head = starts[index]
        line = blocks[index].number
        if en_head is not None and en_head.kind == "section" and en_head.entry is None:
            section_id, section = en_head.section_id, head.text
            continue
        close()
        pending = []
        if en_head is not None and en_head.kind == "section" and en_head.entry is not None and \
                en_head.entry.id == en_head.section_id:
            section_id, section = en_head.section_id, head.text
        en_entry = en_head.entry if en_head else None
        entry_id = en_entry.id if en_entry else docfx_anchor(head.text)
        if en_entry is None:
            problems.append(Problem(line, entry_id, f"'{head.text[:70]}' has no English counterpart", "unmatched"))
        entry = Entry(id=entry_id, kind=en_entry.kind if en_entry else head.kind, heading=head.text,
                      anchor=docfx_anchor(head.text), section_id=section_id, section=section,
                      line=line, matched=en_entry is not None)
        entries.append(entry)
        current = (entry, en_entry)
    close()
    if not entries[0].blocks:
        entries.pop(0)
    pair_headless_answers(english, entries)
    matched_ids = {e.id for e in entries if e.matched}
    for en_entry in english.entries:
        if en_entry.id not in matched_ids:
            problems.append(Problem(0, en_entry.id, f"English '{en_entry.heading[:70]}' has no counterpart", "unmatched"))
    return Document(doc=english.doc, lang=lang, path=path, title=title, meta={}, entries=entries), problems
