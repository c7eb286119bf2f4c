"""Translator exports: the aligned English/translated segments as XLIFF 1.2 and as a TMX translation memory.

A translator fixes the Dutch in a translation tool (OmegaT, Trados, memoQ, Weblate), not on the site. The
segments come from the tables only: every FAQ question or section title (`faq`) and every paragraph, list item, note, footnote
and table (`blocks`) of each document, paired with the translation's segment of the same entry, kind and
ordinal. Where the two languages have a different number of segments of a kind in an entry, ordinals do not
pair with confidence, so those segments get no target (the `content/*` finding on them says why).

Each finding about a document sits as a note on the segment it concerns: the block its key names, the
entry's table for a table cell, else the entry's question. A finding about text with no English counterpart
(for example a Dutch-only introduction) has no segment to sit on; it stays on the translation-status page.

The files are written with translate-toolkit's storage classes, so what a tool imports is what
translate-toolkit writes and reads back (tests/test_export.py round-trips both).
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from translate.misc.xml_helpers import safely_set_text
from translate.storage import tmx, xliff
from translate.storage.base import validate_xml_id

from .errors import SourceError
from .tables.base import source_lang
from .writer import read_rows

QUESTION = "question"
TITLED = ("question", "section")   # FAQ rows whose `question` is a title to translate (an intro has none)
BLOCK_KINDS = ("paragraph", "item", "note", "footnote", "table")
# A translation a finding of this severity calls wrong is not offered for reuse in the translation memory.
UNREUSABLE = "error"


XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"


class Xliff12Unit(xliff.xliffunit):
    namespace = XLIFF_12


class Xliff12File(xliff.xlifffile):
    """translate-toolkit's XLIFF store declaring version 1.2, the version OmegaT, Trados, memoQ and Weblate
    all import (translate-toolkit reads 1.1 and 1.2 alike; its default skeleton says 1.1)."""
    XMLskeleton = """<?xml version="1.0" ?>
<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'>
<file original='NoName' source-language='en' datatype='plaintext'>
<body>
</body>
</file>
</xliff>"""
    namespace = XLIFF_12
    UnitClass = Xliff12Unit


@dataclass
class Segment:
    """One translatable unit: an English text and, where it pairs with confidence, its translation."""
    id: str                 # "<entry>/question" or "<entry>/<kind>-<ordinal>", unique within a document
    doc: str
    entry: str
    kind: str
    ordinal: int
    source: str
    target: str = ""
    line: int = 0
    notes: list[dict] = field(default_factory=list)   # findings (rows of the findings table)

    @property
    def reusable(self) -> bool:
        return bool(self.target) and not any(f["severity"] == UNREUSABLE for f in self.notes)


def read_tables(folder: Path, names: tuple[str, ...] = ("documents", "faq", "blocks", "findings")) -> dict[str, list[dict]]:
    return {name: read_rows(folder, name) for name in names}


def target_languages(tables: dict[str, list[dict]]) -> list[str]:
    return sorted({r["lang"] for r in tables["documents"]} - {source_lang(tables)})


def segments(tables: dict[str, list[dict]], lang: str) -> dict[str, list[Segment]]:
    """Every document's English segments, in reading order, with the `lang` text where it pairs.

    Rows are grouped by document and entry once: looking them up per document would grow with the square of
    the corpus."""
    out: dict[str, list[Segment]] = {}
    source = source_lang(tables)
    docs = list(dict.fromkeys(r["doc"] for r in tables["documents"] if r["lang"] == source))
    questions = {(r["doc"], r["id"]): r for r in tables["faq"] if r["lang"] == lang and r["matched"]}
    entries: dict[str, list[dict]] = defaultdict(list)
    for r in tables["faq"]:
        if r["lang"] == source:
            entries[r["doc"]].append(r)
    blocks: dict[tuple[str, str, str], dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for r in tables["blocks"]:
        if r["lang"] in (source, lang):
            blocks[(r["doc"], r["entry"], r["kind"])][r["lang"]].append(r)
    for doc in docs:
        doc_segments = []
        for entry in entries.get(doc, []):
            if entry["kind"] in TITLED and entry["question"]:
                other = questions.get((doc, entry["id"]))
                doc_segments.append(Segment(f"{entry['id']}/{QUESTION}", doc, entry["id"], QUESTION, 1,
                                            entry["question"], other["question"] if other else "", entry["line"]))
            for kind in BLOCK_KINDS:
                by_lang = blocks.get((doc, entry["id"], kind), {})
                english = sorted(by_lang.get(source, []), key=lambda b: b["ordinal"])
                translated = sorted(by_lang.get(lang, []), key=lambda b: b["ordinal"])
                paired = len(english) == len(translated)
                for i, block in enumerate(english):
                    target = translated[i]["text"] if paired else ""
                    doc_segments.append(Segment(f"{entry['id']}/{kind}-{block['ordinal']}", doc, entry["id"], kind,
                                                block["ordinal"], block["text"], target, block["line"]))
        out[doc] = sorted(doc_segments, key=lambda s: s.line)
    attach_findings(out, tables["findings"])
    return out


# Findings whose segment is the entry's table: a cell compared across languages, a table split with doubt.
TABLE_CHECKS = ("cells/", "extraction/table-recovery")


def segment_of(finding: dict, candidates: list[Segment]) -> Segment | None:
    """The segment a finding concerns, among its entry's segments: the block a finding about the blocks table
    names (its key's kind and ordinal), the entry's table for a table cell, else the entry's question (else its
    first segment)."""
    if not candidates:
        return None
    kind, ordinal = QUESTION, None
    if finding["check"].startswith(TABLE_CHECKS):
        kind = "table"
    elif finding["table"] == "blocks" and finding["key"].get("kind") in BLOCK_KINDS:
        kind, ordinal = finding["key"]["kind"], finding["key"].get("ordinal")
    of_kind = [s for s in candidates if s.kind == kind]
    exact = [s for s in of_kind if s.ordinal == ordinal]
    questions = [s for s in candidates if s.kind == QUESTION]
    return (exact or of_kind or questions or candidates)[0]


def attach_findings(by_doc: dict[str, list[Segment]], findings: list[dict]) -> None:
    """Each finding on the segment it concerns, in every document it names; a finding naming no document
    (terminology) concerns its entry wherever that entry is. Findings are grouped by document once (scanning
    every finding per document would grow with the square of the corpus), and keep the table's order."""
    about: dict[str, list[int]] = defaultdict(list)
    anywhere: list[int] = []
    for i, finding in enumerate(findings):
        if not finding["docs"]:
            anywhere.append(i)
        for doc in dict.fromkeys(finding["docs"].split(";")) if finding["docs"] else ():
            about[doc].append(i)
    for doc, doc_segments in by_doc.items():
        by_entry: dict[str, list[Segment]] = defaultdict(list)
        for s in doc_segments:
            by_entry[s.entry].append(s)
        for i in heapq.merge(about.get(doc, []), anywhere):
            target = segment_of(findings[i], by_entry.get(findings[i]["entry"], []))
            if target:
                target.notes.append(findings[i])


def note_text(finding: dict) -> str:
    """A finding as a translator's note: severity, check and the maintainers' message (English, like the source)."""
    cause = f" (cause: {finding['cause']}" + (f", revision {finding['revision']})" if finding["revision"] else ")")
    return f"{finding['severity']} {finding['check']}: {finding['message']}{cause} [{finding['id']}]"


XML_NS = "http://www.w3.org/XML/1998/namespace"


def _element(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    """A child element; text goes through translate-toolkit's `safely_set_text` (which drops the characters XML
    cannot hold), as its storage classes do."""
    node = etree.SubElement(parent, tag, attributes)
    if text is not None:
        safely_set_text(node, text)
    return node


def xliff_unit(body: etree._Element, s: Segment, doc: str) -> None:
    """One trans-unit, shaped exactly as translate-toolkit's xliffunit makes it (source, target with its state,
    developer notes, the location group; approved="yes", or "no" with needs-review when a finding concerns it).
    Built with lxml directly: the storage class's per-unit bookkeeping was most of a large site's build time."""
    ns = f"{{{XLIFF_12}}}"
    unit = _element(body, ns + "trans-unit")
    unit.set(f"{{{XML_NS}}}space", "preserve")
    ident = s.id.replace(xliff.ID_SEPARATOR, xliff.ID_SEPARATOR_SAFE)
    validate_xml_id(ident)   # what setid checks: no character XML forbids in an attribute
    unit.set("id", ident)
    _element(unit, ns + "source", s.source)
    if s.target:
        review = bool(s.notes)
        unit.set("approved", "no" if review else "yes")
        _element(unit, ns + "target", s.target, state="needs-review-translation" if review else "translated")
    for finding in s.notes:
        if text := note_text(finding).strip():
            _element(unit, ns + "note", text).set("from", "developer")
    group = _element(unit, ns + "context-group", name="", purpose="location")
    _element(group, ns + "context", doc).set("context-type", "sourcefile")
    _element(group, ns + "context", str(s.line)).set("context-type", "linenumber")


def to_xliff(by_doc: dict[str, list[Segment]], lang: str, source: str) -> bytes:
    """One <file> per document; a segment with a finding is marked for review so tools flag it. The store (its
    skeleton and serialisation) is translate-toolkit's; the units are built by xliff_unit."""
    store = Xliff12File(sourcelanguage=source, targetlanguage=lang)
    for doc, doc_segments in by_doc.items():
        store.switchfile(doc, createifmissing=True)
        for s in doc_segments:
            xliff_unit(store.body, s, doc)
    return bytes(store)


def tmx_unit(body: etree._Element, s: Segment, source: str, lang: str) -> None:
    """One <tu> as translate-toolkit's tmxfile.addtranslation makes it: the findings as one note, then the two
    language variants."""
    tu = _element(body, "tu", srclang=source)
    if comment := "; ".join(note_text(f) for f in s.notes):
        _element(tu, "note", comment.strip())
    for code, text in ((source, s.source), (lang, s.target)):
        tuv = _element(tu, "tuv")
        tuv.set(f"{{{XML_NS}}}lang", code)
        _element(tuv, "seg", text)


def to_tmx(by_doc: dict[str, list[Segment]], lang: str, source: str) -> bytes:
    """Every pair a translator can reuse; a pair a finding of severity `error` calls wrong is left out."""
    store = tmx.tmxfile(sourcelanguage=source, targetlanguage=lang)
    body = next(store.document.getroot().iterchildren("body"))
    for doc_segments in by_doc.values():
        for s in doc_segments:
            if s.reusable:
                tmx_unit(body, s, source, lang)
    return bytes(store)


FORMATS = {"xliff": (to_xliff, "xlf"), "tmx": (to_tmx, "tmx")}


def export(tables_folder: Path, fmt: str, lang: str | None = None) -> bytes:
    tables = read_tables(tables_folder)
    langs = target_languages(tables)
    if lang is None:
        if not langs:
            raise SourceError(tables_folder, "", "no translated document to export")
        lang = langs[0]
    elif lang not in langs:
        raise SourceError(tables_folder, "", f"no document in language '{lang}' (have: {', '.join(langs) or 'none'})")
    writer, _ = FORMATS[fmt]
    return writer(segments(tables, lang), lang, source_lang(tables))


def file_name(fmt: str, lang: str, source: str) -> str:
    """Name of an export in the site's data folder, e.g. support-atlas.en-nl.xlf (source: the originals'
    language)."""
    return f"support-atlas.{source}-{lang}.{FORMATS[fmt][1]}"


def write_exports(tables_folder: Path, out_dir: Path) -> list[Path]:
    """Every format for every translated language into out_dir (the site's data/ folder, at build time)."""
    tables = read_tables(tables_folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    source = source_lang(tables)
    for lang in target_languages(tables):
        by_doc = segments(tables, lang)
        for fmt, (writer, _) in FORMATS.items():
            path = out_dir / file_name(fmt, lang, source)
            path.write_bytes(writer(by_doc, lang, source))
            written.append(path)
    return written
