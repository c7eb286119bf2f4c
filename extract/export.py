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

import contextlib
import hashlib
import heapq
import io
import json
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

import msgspec
from lxml import etree
from translate.misc.xml_helpers import safely_set_text
from translate.storage import tmx, xliff
from translate.storage.base import validate_xml_id

from .cache import code_version
from .errors import SourceError
from .tables.base import source_lang
from .writer import UNIT_ERRORS, machine_file, read_bytes, read_rows, row_chunks, table_units, unit_texts

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


# The columns the exports read of each table. The rest (an answer's Markdown, anchors, a block's sentences) is most of
# a large corpus's bytes: a table is read, cut to these columns, and let go before the next is read.
EXPORT_COLUMNS = {
    "documents": ("doc", "lang", "original_lang"),
    "faq": ("doc", "id", "lang", "kind", "question", "matched", "line"),
    "blocks": ("doc", "entry", "lang", "kind", "ordinal", "text", "line"),
    "findings": ("id", "severity", "check", "docs", "entry", "table", "key", "message", "cause", "revision"),
}


# Values up to this length (codes, ids, languages: what rows repeat) are held once per table, however many rows have them.
SHARED_VALUE_CHARS = 64
# Tables whose rows are held as CompactRow tuples, not dicts: the FAQ and the blocks are nearly all of a large
# corpus's rows, and as dicts they were most of the exports' memory (N = 1000: 200 of 233 MB).
COMPACT = ("faq", "blocks")


class CompactRow(tuple):
    """A row's values in its table's EXPORT_COLUMNS order, read by column name as a dict is (row["text"])."""
    __slots__ = ()
    positions: dict[str, int] = {}

    def __getitem__(self, column: str):
        return tuple.__getitem__(self, self.positions[column])


def compact_rows(name: str, columns: tuple[str, ...]) -> type[CompactRow]:
    return type(f"{name.title()}Row", (CompactRow,), {"__slots__": (),
                                                      "positions": {c: i for i, c in enumerate(columns)}})


def _of_documents(name: str, row: dict, docs: set[str]) -> bool:
    """Whether a row is needed to make the parts of `docs`: theirs, and the findings naming no document (they
    concern their entry in every document)."""
    if name == "findings":
        return not row["docs"] or any(doc in docs for doc in row["docs"].split(";"))
    return name == "documents" or row["doc"] in docs


def read_export_tables(folder: Path, docs: set[str] | None = None,
                       inputs: PartInputs | None = None) -> dict[str, list]:
    """The tables the exports are made from, each row with only the columns they read (EXPORT_COLUMNS); the large
    ones as CompactRow tuples. With `docs`, only what the parts of those documents are made from (and every
    document's row); with `inputs` too, only the members of PART_TABLES that hold their rows are read.

    A table is cut a chunk of its file at a time (writer.row_chunks), so its whole rows are never all held at
    once: read whole and then cut, a large corpus's tables were the site stage's peak memory."""
    tables = {}
    for name, columns in EXPORT_COLUMNS.items():
        path = machine_file(folder, name)
        shared: dict[str, str] = {}
        if docs is not None and inputs is not None and name in PART_TABLES:
            chunks = _documents_rows(path, sorted({span for doc in docs for span in inputs.units.get((name, doc), ())}))
        else:
            chunks = row_chunks(read_bytes(path), path.name, str(path))
        values = ([shared.setdefault(v, v) if type(v) is str and len(v) <= SHARED_VALUE_CHARS else v
                   for c in columns for v in (row[c],)]
                  for chunk in chunks for row in chunk if docs is None or _of_documents(name, row, docs))
        if name in COMPACT:
            row_type = compact_rows(name, columns)
            tables[name] = [row_type(row) for row in values]
        else:
            tables[name] = [dict(zip(columns, row)) for row in values]
    return tables


# The tables whose rows a document's parts are made from, besides the findings. Their files are gzip members of a
# document group's rows in one language (extract/writer.py), so what each document's rows are made of is known from
# the members that hold them, without parsing the rows.
PART_TABLES = ("faq", "blocks")


class _DocLang(msgspec.Struct):
    """The two columns of a row that say whose it is (msgspec skips the others without making them)."""
    doc: str = ""
    lang: str = ""


_DOC_LANGS = msgspec.json.Decoder(list[_DocLang])


@dataclass
class PartInputs:
    """What each document's part of an export is made from, as digests: of the gzip members holding its rows in
    PART_TABLES in each language, of the findings naming it, and of the findings naming no document (they concern
    their entry in every document). Equal digests: equal rows, so the part of the previous build can be copied
    without the document's rows being read (a one-document change reads that document's)."""
    tables: dict[tuple[str, str, str], bytes]   # (table, doc, lang) -> digest of the members with its rows
    findings: dict[str, bytes]                  # doc -> digest of the findings naming it
    anywhere: bytes
    units: dict[tuple[str, str], list[tuple[int, int]]]   # (table, doc) -> where in its file the members with its rows are

    def key(self, doc: str, source: str, lang: str) -> str:
        made_from = [doc.encode(), source.encode(), lang.encode(), self.findings.get(doc, b""), self.anywhere]
        made_from += [self.tables.get((name, doc, code), b"") for name in PART_TABLES for code in (source, lang)]
        return hashlib.sha256(b"\0".join(made_from)).hexdigest()


def _unit_rows(body: bytes, decode):
    return decode(body if body.startswith(b"[") else b"[" + body + b"]")


def _documents_rows(path: Path, spans: list[tuple[int, int]]) -> Iterator[list[dict]]:
    """The rows of the units of a table file at `spans` (PartInputs.units): the others are not read."""
    for text in unit_texts(path, spans):
        yield _unit_rows(text.strip(), msgspec.json.decode)


def part_inputs(folder: Path) -> PartInputs | None:
    """The PartInputs of the tables in `folder`; None when a file cannot be read so (its error is then the one the
    rows' reading gives)."""
    def hasher():
        return hashlib.blake2b(digest_size=16)
    tables: dict[tuple[str, str, str], Any] = defaultdict(hasher)
    findings: dict[str, Any] = defaultdict(hasher)
    anywhere = hasher()
    units: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    try:
        for name in PART_TABLES:
            for start, end, text in table_units(machine_file(folder, name)):
                body = text.strip()
                if b"{" not in body:
                    continue
                unit = hashlib.blake2b(text, digest_size=16).digest()
                for doc, lang in dict.fromkeys((r.doc, r.lang) for r in _unit_rows(body, _DOC_LANGS.decode)):
                    tables[(name, doc, lang)].update(unit)
                    if not units[(name, doc)] or units[(name, doc)][-1] != (start, end):
                        units[(name, doc)].append((start, end))
        path, before = machine_file(folder, "findings"), 0   # findings naming no document so far
        for chunk in row_chunks(read_bytes(path), path.name, str(path)):
            for row in chunk:
                text = msgspec.json.encode(row)
                for doc in dict.fromkeys(row["docs"].split(";")) if row.get("docs") else ():
                    # with how many findings of no document come before it: the notes of a segment keep the table's order
                    findings[doc].update(b"%d\0" % before + text)
                if not row.get("docs"):
                    anywhere.update(text)
                    before += 1
    except (*UNIT_ERRORS, KeyError, TypeError, SourceError):   # a row without `docs`, a findings file row_chunks refuses
        return None
    return PartInputs({k: h.digest() for k, h in tables.items()}, {k: h.digest() for k, h in findings.items()},
                      anywhere.digest(), dict(units))


def target_languages(tables: dict[str, list[dict]]) -> list[str]:
    return sorted({r["lang"] for r in tables["documents"]} - {source_lang(tables)})


def segments(tables: dict[str, list[dict]], lang: str) -> Iterator[tuple[str, list[Segment]]]:
    """Each document's English segments, in reading order, with the `lang` text where it pairs and the findings
    about them, one document at a time (the exports write a document's part and let it go).

    Rows are grouped by document and entry once: looking them up per document would grow with the square of
    the corpus."""
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
    findings = FindingsByDoc(tables["findings"])
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
        doc_segments.sort(key=lambda s: s.line)
        findings.attach(doc, doc_segments)
        yield doc, doc_segments


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


class FindingsByDoc:
    """Each finding on the segment it concerns, in every document it names; a finding naming no document
    (terminology) concerns its entry wherever that entry is. Findings are grouped by document once (scanning
    every finding per document would grow with the square of the corpus), and keep the table's order."""

    def __init__(self, findings: list[dict]):
        self.findings = findings
        self.about: dict[str, list[int]] = defaultdict(list)
        self.anywhere: list[int] = []
        for i, finding in enumerate(findings):
            if not finding["docs"]:
                self.anywhere.append(i)
            for doc in dict.fromkeys(finding["docs"].split(";")) if finding["docs"] else ():
                self.about[doc].append(i)

    def attach(self, doc: str, doc_segments: list[Segment]) -> None:
        by_entry: dict[str, list[Segment]] = defaultdict(list)
        for s in doc_segments:
            by_entry[s.entry].append(s)
        for i in heapq.merge(self.about.get(doc, []), self.anywhere):
            target = segment_of(self.findings[i], by_entry.get(self.findings[i]["entry"], []))
            if target:
                target.notes.append(self.findings[i])


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


class StreamedStore:
    """A translate-toolkit store written one document at a time: the store holds one document's elements,
    translate-toolkit serialises it, the part from the first element's `opening` to the last one's `closing` is
    written and the elements are dropped. The parts join with the whitespace the store puts before its first
    element (what it puts between two), so the file is byte for byte the whole store's serialisation, without
    a large corpus's whole tree and text in memory at once."""
    opening = b""
    closing = b""

    def __init__(self, out: BinaryIO, store, container: etree._Element, previous: PreviousFile | None = None):
        self.out, self.store, self.container = out, store, container
        self.tail: bytes | None = None   # what follows the last element, once one was written
        self.previous = previous
        self.parts: dict[str, list[int]] = {}   # part key -> [offset, length] of what add() wrote
        self.inputs: dict[str, list] = {}       # PartInputs key -> [part key, whether it followed the file's head]

    def add(self, doc: str, doc_segments: list[Segment] | None, inputs: str = "") -> None:
        """A document's part of the file: the same bytes of the previous build's file when that part was made from
        the same inputs (PartInputs.key) or from equal segments, at the same place (after the file's head, or as its
        head); else made from its segments. Segments None: the document's rows were not read, as its inputs said
        its part could be copied; NotRead when it cannot."""
        started = self.tail is not None
        known = self.previous.inputs.get(inputs) if self.previous and inputs else None
        if known and known[1] == started and known[0] in self.previous.parts:
            key = known[0]
        elif doc_segments is None:
            raise NotRead(doc)
        else:
            key = part_key(doc, doc_segments, started)
        start = self.out.tell()
        reused = self.previous.part(key) if self.previous else None
        if reused is None:
            self.make(doc, doc_segments)
        elif reused:
            self.out.write(reused)
            self.tail = self.previous.tail
            self._drop()   # what the store holds unwritten (its skeleton's first <file>), as after make and flush
        self.parts[key] = [start, self.out.tell() - start]
        if inputs:
            self.inputs[inputs] = [key, started]

    def make(self, doc: str, doc_segments: list[Segment]) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        """Write the elements the container holds now, and drop them."""
        if not len(self.container):
            return
        text = bytes(self.store)
        start, end = text.index(self.opening), text.rindex(self.closing) + len(self.closing)
        head = text[:start]
        self.out.write(head if self.tail is None else head[len(head.rstrip()):])
        self.out.write(text[start:end])
        self.tail = text[end:]
        self._drop()

    def _drop(self) -> None:
        """The elements the container holds, dropped: the store holds one part's elements at a time. A part copied
        from the previous file drops them too, or the next part made would reuse the skeleton's first <file>
        (translate-toolkit renames it for the first document made) and serialise its attributes in another order."""
        for child in list(self.container):
            self.container.remove(child)

    def close(self) -> None:
        """The end of the file (the whole store, empty, when nothing was written)."""
        self.out.write(bytes(self.store) if self.tail is None else self.tail)


class XliffWriter(StreamedStore):
    """One <file> per document; a segment with a finding is marked for review so tools flag it. The store (its
    skeleton and serialisation) is translate-toolkit's; the units are built by xliff_unit."""
    opening, closing = b"<file", b"</file>"

    def __init__(self, out: BinaryIO, lang: str, source: str, previous: PreviousFile | None = None):
        store = Xliff12File(sourcelanguage=source, targetlanguage=lang)
        super().__init__(out, store, store.document.getroot(), previous)
        self.lang, self.source = lang, source

    def make(self, doc: str, doc_segments: list[Segment]) -> None:
        """The document's <file>, made as the store's switchfile makes it (the skeleton's file renamed for the first
        document, a new one after it), with the languages given: the store would read them from its first file."""
        node = self.store.createfilenode(doc, self.source, self.lang)
        if node.getparent() is None:
            self.container.append(node)
        body = self.store.getbodynode(node, createifmissing=True)
        for s in doc_segments:
            xliff_unit(body, s, doc)
        self.flush()


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


class TmxWriter(StreamedStore):
    """Every pair a translator can reuse; a pair a finding of severity `error` calls wrong is left out."""
    opening, closing = b"<tu", b"</tu>"

    def __init__(self, out: BinaryIO, lang: str, source: str, previous: PreviousFile | None = None):
        store = tmx.tmxfile(sourcelanguage=source, targetlanguage=lang)
        super().__init__(out, store, next(store.document.getroot().iterchildren("body")), previous)
        self.lang, self.source = lang, source

    def make(self, doc: str, doc_segments: list[Segment]) -> None:
        for s in doc_segments:
            if s.reusable:
                tmx_unit(self.container, s, self.source, self.lang)
        self.flush()


FORMATS = {"xliff": (XliffWriter, "xlf"), "tmx": (TmxWriter, "tmx")}


def part_key(doc: str, doc_segments: list[Segment], started: bool) -> str:
    """What a document's part of an export is made from: the document, its segments with their notes, and whether
    it follows the file's head (the first part written carries the head)."""
    made_from = [doc, started, [[s.id, s.entry, s.kind, s.ordinal, s.source, s.target, s.line, s.notes]
                                for s in doc_segments]]
    return hashlib.sha256(json.dumps(made_from, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def export_version(fmt: str, lang: str, source: str) -> str:
    """What every part of an export file depends on besides its document: the format, the languages, and the code
    that writes it (the extractor's modules, translate-toolkit)."""
    return "\0".join((fmt, lang, source, code_version(), metadata.version("translate-toolkit")))


class NotRead(Exception):
    """A document's part could not be copied as its inputs said, and its rows were not read."""


@dataclass
class PreviousFile:
    """An export file of the previous build, and the parts its record says it holds."""
    path: Path
    parts: dict[str, list[int]]
    tail: bytes
    inputs: dict[str, list] = field(default_factory=dict)   # StreamedStore.inputs of that build

    def part(self, key: str) -> bytes | None:
        """The bytes of the part made from `key`, or None when the previous file has none."""
        if key not in self.parts:
            return None
        offset, length = self.parts[key]
        with self.path.open("rb") as handle:
            handle.seek(offset)
            return handle.read(length)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def previous_files(folder: Path | None, record: dict, versions: dict[str, str]) -> dict[str, PreviousFile]:
    """The previous build's export files that can give parts to the new ones: recorded with the same version, and
    still the bytes they had when written."""
    out = {}
    for name, entry in record.items() if folder else ():
        path = folder / name
        try:
            if entry["version"] == versions.get(name) and file_digest(path) == entry["sha256"]:
                out[name] = PreviousFile(path, entry["parts"], entry["tail"].encode(), entry.get("inputs", {}))
        except (OSError, KeyError, TypeError, AttributeError):
            continue
    return out


def write_export(outs: dict[str, BinaryIO], tables: dict[str, list[dict]], lang: str,
                 previous: dict[str, PreviousFile] | None = None, inputs: PartInputs | None = None,
                 read: set[str] | None = None) -> dict[str, StreamedStore]:
    """The exports of one language, each format to its file, made one document at a time (a document's part taken
    from `previous`, per format, where it was made from the same inputs or segments). `read`: the documents whose
    rows `tables` holds (None: every document's)."""
    source = source_lang(tables)
    writers = {fmt: FORMATS[fmt][0](out, lang, source, (previous or {}).get(fmt)) for fmt, out in outs.items()}
    for doc, doc_segments in segments(tables, lang):
        key = inputs.key(doc, source, lang) if inputs else ""
        for writer in writers.values():
            writer.add(doc, doc_segments if read is None or doc in read else None, key)
    for writer in writers.values():
        writer.close()
    return writers


def export(tables_folder: Path, fmt: str, lang: str | None = None) -> bytes:
    tables = read_export_tables(tables_folder)
    langs = target_languages(tables)
    if lang is None:
        if not langs:
            raise SourceError(tables_folder, "", "no translated document to export")
        lang = langs[0]
    elif lang not in langs:
        raise SourceError(tables_folder, "", f"no document in language '{lang}' (have: {', '.join(langs) or 'none'})")
    out = io.BytesIO()
    write_export({fmt: out}, tables, lang)
    return out.getvalue()


def file_name(fmt: str, lang: str, source: str) -> str:
    """Name of an export in the site's data folder, e.g. support-atlas.en-nl.xlf (source: the originals'
    language)."""
    return f"support-atlas.{source}-{lang}.{FORMATS[fmt][1]}"


def write_exports(tables_folder: Path, out_dir: Path, record: Path | None = None,
                  previous: tuple[Path, Path] | None = None) -> list[Path]:
    """Every format for every translated language into out_dir (the site's data/ folder, at build time).

    With `record`, what each document's part of each file was made from is written there (JSON); with `previous`
    (a previous build's exports folder and its record), a part made from the same segments is copied from the
    previous file instead of being made again. Only the rows of the documents whose parts cannot be copied by their
    inputs (PartInputs) are read: a one-document change reads and remakes that document's parts."""
    inputs = part_inputs(tables_folder)
    documents = [{c: row[c] for c in EXPORT_COLUMNS["documents"]} for row in read_rows(tables_folder, "documents")]
    source = source_lang({"documents": documents})
    langs = target_languages({"documents": documents})
    record_before = _read_record(previous[1]) if previous else {}
    names = {lang: {fmt: file_name(fmt, lang, source) for fmt in FORMATS} for lang in langs}
    versions = {name: export_version(fmt, lang, source) for lang in langs for fmt, name in names[lang].items()}
    found = previous_files(previous[0] if previous else None, record_before, versions)
    before = {lang: {fmt: found[name] for fmt, name in names[lang].items() if name in found} for lang in langs}
    needed = None if inputs is None else \
        {row["doc"] for row in documents if not copyable(row["doc"], source, inputs, before)}
    tables = read_export_tables(tables_folder, docs=needed, inputs=inputs)
    out_dir.mkdir(parents=True, exist_ok=True)
    written, kept = [], {}
    for lang in langs:
        old = before[lang]
        try:
            writers = _write_language(out_dir, names[lang], tables, lang, old, inputs, needed)
        except NotRead:   # a part to copy follows another head than when it was made (a part before it emptied)
            tables, needed = read_export_tables(tables_folder), None
            writers = _write_language(out_dir, names[lang], tables, lang, old, inputs, needed)
        for fmt, name in names[lang].items():
            kept[name] = {"version": versions[name], "sha256": file_digest(out_dir / name), "parts": writers[fmt].parts,
                          "tail": (writers[fmt].tail or b"").decode(), "inputs": writers[fmt].inputs}
            written.append(out_dir / name)
    if record:
        record.write_text(json.dumps(kept, sort_keys=True), encoding="utf-8")
    return written


def copyable(doc: str, source: str, inputs: PartInputs, previous: dict[str, dict[str, PreviousFile]]) -> bool:
    """Whether every part of a document, in every language's files (lang -> format -> previous file), was made from
    the inputs it has now: its rows need not be read."""
    return all(fmt in old and inputs.key(doc, source, lang) in old[fmt].inputs
               for lang, old in previous.items() for fmt in FORMATS)


def _write_language(out_dir: Path, names: dict[str, str], tables: dict[str, list], lang: str,
                    old: dict[str, PreviousFile], inputs: PartInputs | None,
                    read: set[str] | None) -> dict[str, StreamedStore]:
    """One language's files, written beside and then renamed: the previous file (even at the same place) stays
    whole while parts are copied from it."""
    with contextlib.ExitStack() as opened:
        writers = write_export({fmt: opened.enter_context((out_dir / f".{name}.tmp").open("wb"))
                                for fmt, name in names.items()}, tables, lang, old, inputs, read)
    for name in names.values():
        os.replace(out_dir / f".{name}.tmp", out_dir / name)
    return writers


def _read_record(path: Path) -> dict:
    """A previous build's record of its export parts; nothing when there is none or it is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
