"""The extraction pipeline, read one way: parse -> align -> tables -> history -> check (the callers write).

parse      DocFX Markdown (docfx.py) and plain-text scrapes (plaintext.py), per original and its translations
align      a scrape's headings and blocks matched to its original's entries (align.py)
tables     every table builder, in the order of RESOURCES, on the same parsed documents (tables/)
history    the shipped revisions of each original, built and diffed into revision_changes (history.py)
check      findings on the tables and the revisions newer than the bundled copy (checks/)

A corpus runs per document group (an original and its translations): parse, align, the group's rows of the
per-group tables and its translations' checks in a worker (build_group); then, in the main process, the tables
and checks across groups from the groups' rows and summaries (extract).

Each stage imports only the stages before it; nothing imports this module but its callers (cli, build, check).
"""
from __future__ import annotations

import dataclasses
import gc
import hashlib
import multiprocessing
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from . import cache, history as revision_history
from .align import align_translation
from .checks import by_document, corpus_findings, finish_rows, pair_findings, row_findings
from .checks.finding import RESOURCE as FINDINGS, Finding
from .checks.translation import translated_docs
from .diff import Schema, Side, side_of
from .docfx import parse_docfx
from .errors import SourceError, read_text
from .manifest import Manifest, SourceDoc, find_source, load_manifest
from .model import Document
from .plaintext import read_scrape
from .progress import Progress
from .tables import RESOURCES, Tables, build_tables, glossary_table, in_lang_order, notes as notes_table, plan_claims, plans, search_terms
from .tables.base import Context, Note, Resource, Row
from .writer import Segment, Segmented, encode_segment, segment_rows

ALL_RESOURCES: tuple[Resource, ...] = (*(r for r, _ in RESOURCES), FINDINGS, revision_history.RESOURCE)
PRIMARY_KEYS: dict[str, list[str]] = {r.name: list(r.primary_key) for r in ALL_RESOURCES}
SCHEMA = Schema.of(ALL_RESOURCES)
__all__ = ["ALL_RESOURCES", "PRIMARY_KEYS", "RESOURCES", "SCHEMA", "build_tables", "extract", "extract_document",
           "table_digests"]


def parse_original(source: SourceDoc) -> Document:
    if source.format != "docfx-markdown":
        raise SourceError(source.path, "", f"format '{source.format}' needs a 'translates' document to align with")
    document = parse_docfx(read_text(source.path), doc=source.id, lang=source.lang, path=str(source.path),
                           base_url=source.url)
    document.url, document.role, document.page = source.url, source.role.value if source.role else "", source.page
    document.original_lang = source.lang
    return document


def parse_translation(source: SourceDoc, original: Document, notes: list[Note]) -> Document:
    """A translation: DocFX parsed directly; a plain-text scrape aligned with its original."""
    if source.format == "docfx-markdown":
        document = parse_original(source)
        document.original_lang = original.lang
        return document
    scrape = read_scrape(read_text(source.path), source.lang, str(source.path))
    document, problems = align_translation(original, scrape, path=str(source.path))
    document.url, document.role, document.page = source.url, source.role.value if source.role else "", source.page
    document.original_lang = original.lang
    notes.extend(Note(source.lang, source.id, p.entry_id, p.line, p.kind, p.message) for p in problems)
    return document


def parse_group(original_source: SourceDoc, translations: list[SourceDoc]) -> tuple[list[Document], list[Note]]:
    """One original and its translations, parsed (translations aligned with the original)."""
    notes: list[Note] = []
    original = parse_original(original_source)
    translated = [parse_translation(t, original, notes) for t in translations]
    matched = {e.id for t in translated for e in t.entries if e.matched}
    for entry in original.entries:
        entry.matched = entry.id in matched
    for inc in original.includes:
        notes.append(Note(original.lang, original.doc, inc.entry_id, inc.line, "include",
                          f"[!INCLUDE] '{inc.target}' cannot be resolved here; left out of the answer"))
    return [original, *translated], notes


# Tables made from the documents of all groups at once (they merge what every group says); every other table's
# rows come from one document group alone and are built beside the group's parsing, in a worker.
AGGREGATES = (plan_claims.RESOURCE.name, plans.RESOURCE.name, glossary_table.RESOURCE.name,
              search_terms.RESOURCE.name, notes_table.RESOURCE.name)
PER_GROUP = tuple((resource, build) for resource, build in RESOURCES if resource.name not in AGGREGATES)
# Tables the main process keeps whole: the plans table and the plans a claim can range over are made from them.
PLAN_SOURCES = (*plan_claims.PLAN_TABLES, plan_claims.RESOURCE.name)
# Tables whose originals' rows the checks across documents read (translations' rows are not kept for them).
CHECKED = ("documents", "response_times", "commitments", "china_contacts", "business_hours", "ui_labels")
# A cached group's result carries every per-group table's rows encoded (segments), the PLAN_SOURCES' rows as rows
# and the originals' CHECKED rows packed (pack_group), so the bulk (blocks, faq, links) is never unpickled in the
# main process.


@dataclass
class GroupResult:
    """What one document group contributes: its rows of the per-group tables, and small summaries for the
    tables and checks made across groups. Rows, never parsed documents, leave the worker."""
    langs: tuple[str, ...]                          # its documents' languages, in document order
    rows: dict[str, dict[str, list[Row]]]           # table -> language -> rows, in document order (PLAN_SOURCES once packed)
    notes: list[tuple[int, Row]]                    # (stage that noted it: 0 parsing, else builder number, row)
    statements: dict[str, plan_claims.Statements]   # language -> what its documents state about plans (empty once packed)
    uses: glossary_table.TermUses                   # (empty once packed)
    findings: list[tuple[tuple[str, str], list[Finding]]]   # (doc, lang) of a translation -> its pair findings (empty once packed)
    row_findings: list[Finding]                             # of the checks that read one row at a time (empty once packed)
    # table -> language -> its rows as written in the table's files (encode_group; none for a language without rows)
    segments: dict[str, dict[str, Segment]] = field(default_factory=dict)
    # part -> its pickle (pack_group: `statements`, `uses` and the originals' CHECKED rows move here once the
    # result is cached)
    packed: dict[str, Packed] = field(default_factory=dict)
    # pack_group: `findings` and `row_findings` as the findings table's rows (Finding.row), made once
    finding_rows: list[tuple[tuple[str, str], list[Row]]] = field(default_factory=list)
    row_finding_rows: list[Row] = field(default_factory=list)
    fresh: bool = False   # built in this run (cached_group), not read from the cache


def build_group(original: SourceDoc, translations: list[SourceDoc], source_lang: str,
                history: list[tuple[str, Tables]]) -> GroupResult:
    """Parse a group, build its rows of every per-group table, run its translations' pair checks."""
    documents, parse_notes = parse_group(original, translations)
    langs = tuple(dict.fromkeys(d.lang for d in documents))
    ctx = Context(documents=documents, langs=langs, source=source_lang)
    rows: dict[str, dict[str, list[Row]]] = {}
    notes = [(0, note.row()) for note in parse_notes]
    for stage, (resource, build) in enumerate(PER_GROUP, start=1):
        before = len(ctx.notes)
        built = build(ctx)
        ctx.built[resource.name] = built
        notes += [(stage, note.row()) for note in ctx.notes[before:]]
        by_lang = rows.setdefault(resource.name, {})
        for row in built:
            by_lang.setdefault(row["lang"], []).append(row)
    tables = dict(ctx.built)
    tables[notes_table.RESOURCE.name] = notes_table.rows_of(row for _, row in notes)
    per_doc = by_document(tables)
    findings = [((doc, lang), pair_findings(per_doc.get(doc, {}), doc, lang, history))
                for doc, lang in translated_docs(tables)]
    for _, found in findings:
        for finding in found:
            finding.explained_by = None   # asked already (causes assigned); a function is not sent back
    return GroupResult(langs, rows, notes, {lang: plan_claims.statements(ctx, lang) for lang in langs},
                       glossary_table.term_uses(ctx), findings, row_findings(tables))


# Set in each worker (and in the main process for a serial run): the revisions the pair checks ask.
_history: list[tuple[str, Tables]] = []


# A worker's groups allocate many objects (tokens, rows, findings) that reference counting frees when the group
# is done; with the default first-generation threshold (700 net allocations) the collector ran about twelve
# times per group, walking the young objects each time, for about 5 % of a worker's CPU (N = 50, gc.callbacks).
# With this threshold it runs a few times per hundred groups; what it finds then is the same.
WORKER_GC_THRESHOLD = 50_000


def _init_worker(history: list[tuple[str, Tables]]) -> None:
    """Set the revisions the pair checks ask; in a worker process, also its collector (_worker_gc)."""
    global _history
    _history = history
    if multiprocessing.parent_process() is not None:
        _worker_gc()


def _worker_gc() -> None:
    """What a worker holds when it starts (modules, language data, the revisions) lives as long as it does: moved
    out of the collector's way (gc.freeze) instead of being walked again by every full collection; and the first
    generation collected less often (WORKER_GC_THRESHOLD). Only in workers: the main process (a serial run,
    `extract serve`) keeps the default collector."""
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


Group = tuple[SourceDoc, list[SourceDoc], str]   # an original, its translations, the originals' language


T = TypeVar("T")


@dataclass(frozen=True)
class Packed:
    """A part of a group's result kept as its pickle. The main process unpacks it only when a table across groups
    that reads it is made again: that table is remembered (memoized) under the digests of the parts it was made
    from, so a rebuild that changed one group does not unpack the other groups' parts when the change did not
    reach them. Equal pickles are equal values; equal values may pickle differently, which only costs a miss."""
    data: bytes
    digest: bytes   # SHA-256 of data, or of its value's in_fixed_order

    @classmethod
    def of(cls, value: Any, has_sets: bool = False) -> "Packed":
        """`has_sets`: the value holds sets, whose order (and so their pickle) changes from process to process
        (string hashing is randomized per process): digested in_fixed_order, so that a group built again in
        another process gives the same digest."""
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        fixed = pickle.dumps(in_fixed_order(value), protocol=pickle.HIGHEST_PROTOCOL) if has_sets else data
        return cls(data, hashlib.sha256(fixed).digest())

    def value(self) -> Any:
        return pickle.loads(self.data)


def in_fixed_order(value: Any) -> Any:
    """A stand-in for value whose pickle does not depend on the order of its sets: each set (at any depth of
    dicts, lists, tuples and dataclasses) as a tuple of its members' stand-ins in the order of their reprs."""
    if isinstance(value, (set, frozenset)):
        return ("set", *sorted((in_fixed_order(v) for v in value), key=repr))
    if isinstance(value, dict):
        return {k: in_fixed_order(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, *(in_fixed_order(v) for v in value)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__qualname__, *(in_fixed_order(getattr(value, f.name)) for f in dataclasses.fields(value))]
    return value


# The parts of a group's result that travel packed: what its documents state about plans (for plan_claims), the
# glossary's term uses, and the originals' rows of the CHECKED tables (what the checks across documents read).
STATEMENTS, USES, CHECKED_ROWS = "statements", "uses", "checked"


def pack_group(result: GroupResult) -> None:
    """Move the parts only tables across groups read (STATEMENTS, USES, CHECKED_ROWS) into result.packed, keep
    as rows only what the plans are made from (PLAN_SOURCES), and the findings as the rows they become (every
    rebuild reads those)."""
    original = result.langs[0] if result.langs else ""
    checked: dict[str, list[Row]] = {}
    for name, by_lang in result.rows.items():
        for lang, rows in by_lang.items():
            if name in CHECKED and (lang == original or name == "documents"):
                checked.setdefault(name, []).extend(rows)
    result.packed = {STATEMENTS: Packed.of(result.statements, has_sets=True), USES: Packed.of(result.uses),
                     CHECKED_ROWS: Packed.of(checked)}
    result.statements, result.uses = {}, {}
    result.rows = {name: by_lang for name, by_lang in result.rows.items() if name in PLAN_SOURCES}
    result.finding_rows = [(pair, [f.row() for f in found]) for pair, found in result.findings]
    result.row_finding_rows = [f.row() for f in result.row_findings]
    result.findings, result.row_findings = [], []


def group_key(group: Group, history_key: str) -> str:
    """A group's cache key: its sources' bytes and manifest fields, the newer revisions, the originals' language
    and the extractor (cache.code_version)."""
    original, translations, source_lang = group
    inputs = [original, *translations]
    return cache.key("group", source_lang, history_key,
                     *(f"{s!r}|{s.url}" for s in inputs),   # every manifest field of the group's documents
                     *(read_text(s.path).encode() for s in inputs))


def cached_group(k: str) -> GroupResult | None:
    """A group's result from the cache under key k, if it is there and readable."""
    hit = cache.load(k)
    return hit if isinstance(hit, GroupResult) else None


def built_group(group: Group, k: str) -> bytes:
    """A group's result built, encoded, pickled once: those bytes are both its cache entry (under key k) and what
    a worker sends the main process (the executor then only copies bytes; pickling the result for each of the
    two took about 2 % of a worker's CPU). Read back with pickle.loads, equal rows pickle to equal bytes again (a
    new string and a shared one pickle differently), which table_digests relies on to leave unchanged tables
    alone."""
    result = build_group(*group, _history)
    result.segments = encode_group(result.rows)
    pack_group(result)
    data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    cache.store_pickled(k, data)
    return data


def arrived(data: bytes) -> GroupResult:
    """A result built in this run, from the bytes built_group made, marked fresh (the cache's copy of the same bytes
    is not: what the cache gives back was built in an earlier run)."""
    result = pickle.loads(data)
    result.fresh = True
    return result


PER_GROUP_RESOURCES = {resource.name: resource for resource, _ in PER_GROUP}
# Per-group tables written a gzip member per group and language (writer.OPEN): their rows are whole answers and
# blocks (about 100 KB of JSON per document at N = 1000, 300 MB in all, most of the tables' text), so a group's
# member is large enough to compress nearly as well as one stream (the two files grow about 9 %), and a rebuild
# joins bytes instead of encoding and compressing them again. The other per-group tables are small and repeat
# from group to group: one stream compresses them many times better.
MEMBER_TABLES = ("blocks", "faq")


def encode_group(rows: dict[str, dict[str, list[Row]]]) -> dict[str, dict[str, Segment]]:
    """A group's rows encoded as its segments of the per-group tables' files: in the worker that built them (so
    encoding uses every core), once (the segments are cached with the group's result)."""
    encoded: dict[str, dict[str, Segment]] = {}
    for name, by_lang in rows.items():
        for lang, lang_rows in by_lang.items():
            segment = encode_segment(PER_GROUP_RESOURCES[name], lang_rows, member=name in MEMBER_TABLES)
            if segment is not None:
                encoded.setdefault(name, {})[lang] = segment
    return encoded


PARALLEL_FROM = 8   # documents; below this, starting worker processes costs more than it saves
WORKERS = 4         # at most; the machine's cores bound it too


def group_results(manifest: Manifest, history: list[tuple[str, Tables]],
                  progress: Progress | None = None) -> Iterator[GroupResult]:
    """Every document group's result, in manifest order. Groups in the cache are read here; the others are built
    in workers when there are many (sending a cached group through a worker would unpickle it there and pickle
    it again for this process), else here.

    The workers start as soon as PARALLEL_FROM groups are known to be missing, and each later missing group is
    handed to them as its key is made: hashing the sources (about 1 ms per group) no longer keeps both cores
    waiting before the first group is built."""
    originals = manifest.originals()
    source_lang = originals[0].lang if originals else ""
    groups: list[Group] = [(source, manifest.translations_of(source), source_lang) for source in originals]
    history_key = revisions_key(history)
    _init_worker(history)   # for the groups built in this process
    workers = min(os.cpu_count() or 1, WORKERS)
    keys: list[str] = []
    missing: list[int] = []
    with ExitStack() as stack:
        pool: ProcessPoolExecutor | None = None
        building: dict[int, Future[bytes]] = {}
        for at, group in enumerate(groups):
            k = group_key(group, history_key)
            keys.append(k)
            if cache.has(k):
                continue
            missing.append(at)
            if pool is None and len(missing) >= PARALLEL_FROM and workers > 1:
                pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                                               initargs=(history,)))
                building = {m: pool.submit(built_group, groups[m], keys[m]) for m in missing}
            elif pool is not None:
                building[at] = pool.submit(built_group, group, k)
        for at, (group, k) in enumerate(zip(groups, keys)):
            if at in building:
                yield arrived(building.pop(at).result())   # popped: a result is not kept once merged
            else:
                result = cached_group(k)
                yield result if result is not None else arrived(built_group(group, k))
            if progress:
                progress.advance()


def revisions_key(history: list[tuple[str, Tables]]) -> str:
    """A key of the revisions the checks ask (part of every cache key of what the checks made)."""
    return cache.key(*(pickle.dumps(h, protocol=pickle.HIGHEST_PROTOCOL) for h in history))


class Spool:
    """An unnamed temporary file that segments' bytes are appended to and read back from (by several writer
    threads at once: each read names its place). Removed when the last table spooled there is dropped."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="atlas-extract-")
        self.size = 0

    def append(self, data: bytes) -> tuple[int, int]:
        """Where data now is: (offset, length)."""
        self.file.write(data)
        place = (self.size, len(data))
        self.size += len(data)
        return place

    def read(self, place: tuple[int, int]) -> bytes:
        offset, length = place
        if length == 0:
            return b""
        return os.pread(self.file.fileno(), length, offset)

    def flush(self) -> None:
        self.file.flush()


class SpooledTable(Segmented):
    """A per-group table's segments, spooled to disk per language as its groups come in: re-iterable (each
    iteration reads the spool anew; rows are decoded from the segments' JSON, as a reader of the file gets them),
    in the tables' order (grouped by language, in document order)."""

    def __init__(self, spool: Spool, name: str):
        self.spool, self.name = spool, name
        self.members = name in MEMBER_TABLES
        # lang -> per segment: where its json and csv are, its rows, its sha
        self.places: dict[str, list[tuple[tuple[int, int], tuple[int, int], int, bytes]]] = {}
        self.hashes: dict[str, hashlib._Hash] = {}   # per language, of the segments spooled: see digest
        self.count = 0

    def add(self, lang: str, segment: Segment) -> None:
        self.places.setdefault(lang, []).append(
            (self.spool.append(segment.json), self.spool.append(segment.csv), segment.count, segment.sha))
        self.hashes.setdefault(lang, hashlib.sha256()).update(segment.sha)
        self.count += segment.count

    def ordered(self, langs: tuple[str, ...]) -> None:
        """Put the languages in the corpus's order (of first appearance)."""
        self.places = {lang: self.places[lang] for lang in sorted(self.places, key=langs.index)}

    def __iter__(self) -> Iterator[Row]:
        for segment in self.segments():
            yield from segment_rows(segment, self.members)

    def segments(self) -> Iterator[Segment]:
        self.spool.flush()
        for places in self.places.values():
            for json_place, csv_place, count, sha in places:
                yield Segment(self.spool.read(json_place), self.spool.read(csv_place), count, sha)

    def digest(self) -> str:
        """A digest of the segments' bytes in their order, language by language (of their SHA-256s): the files'
        bytes follow from them."""
        digest = hashlib.sha256()
        for lang in self.places:
            digest.update(f"{lang}\0{self.hashes[lang].hexdigest()}\0".encode())
        return digest.hexdigest()

    def __len__(self) -> int:
        return self.count


@dataclass
class Merged:
    """What the main process keeps of the groups: the per-group tables spooled, the summaries in memory."""
    spool: Spool
    langs: tuple[str, ...] = ()
    spooled: dict[str, SpooledTable] = field(default_factory=dict)
    kept: dict[str, list[Row]] = field(default_factory=dict)      # PLAN_SOURCES, whole
    packed: dict[str, list[Packed]] = field(default_factory=dict)  # part -> each group's, in manifest order
    notes: list[tuple[int, Row]] = field(default_factory=list)
    finding_rows: list[tuple[tuple[str, str], list[Row]]] = field(default_factory=list)
    row_finding_rows: list[Row] = field(default_factory=list)
    folded: dict[str, Any] = field(default_factory=dict)   # part -> the fold (FOLDS) of the first groups' parts,
    folds: dict[str, int] = field(default_factory=dict)    # part -> of how many (see fold)

    def add(self, result: GroupResult) -> None:
        self.langs = tuple(dict.fromkeys((*self.langs, *result.langs)))
        for name, segments in result.segments.items():
            table = self.spooled.setdefault(name, SpooledTable(self.spool, name))
            for lang, segment in segments.items():
                table.add(lang, segment)
        for name, by_lang in result.rows.items():
            if name in PLAN_SOURCES:
                for rows in by_lang.values():
                    self.kept.setdefault(name, []).extend(rows)
        for part, packed in result.packed.items():
            groups = self.packed.setdefault(part, [])
            groups.append(packed)
            if result.fresh and self.folds.get(part, 0) == len(groups) - 1:
                self.fold(part)   # while the workers build the next groups: a full build's tail stays short
                groups[-1] = Packed(b"", packed.digest)   # folded: its pickle is not read again, nor kept
        self.notes += result.notes
        self.finding_rows += result.finding_rows
        self.row_finding_rows += result.row_finding_rows

    def digest(self, part: str) -> bytes:
        """A digest of every group's packed `part`, in manifest order."""
        digest = hashlib.sha256()
        for packed in self.packed.get(part, []):
            digest.update(packed.digest)
        return digest.digest()

    def fold(self, part: str) -> Any:
        """Every group's `part` so far, folded in manifest order (FOLDS). Groups built in this run are folded as
        they come (add), up to the first one read from the cache; the others only when this is asked, which a
        table across groups remembered under the parts' digests (memoized) does not."""
        groups = self.packed.get(part, [])
        start, fold = FOLDS[part]
        folded = self.folded.setdefault(part, start())
        for packed in groups[self.folds.get(part, 0):]:
            fold(folded, packed.value())
        self.folds[part] = len(groups)
        return folded


def _extend(total: dict[str, list[Row]], part: dict[str, list[Row]]) -> None:
    for name, rows in part.items():
        total.setdefault(name, []).extend(rows)


# How each packed part folds: (what it starts from, adding a later group's part to it).
# STATEMENTS: every group's, in a list; USES: the glossary's term uses, merged; CHECKED_ROWS: the CHECKED tables'
# rows of every group's original (all documents' rows of `documents`), joined.
FOLDS: dict[str, tuple[Callable[[], Any], Callable[[Any, Any], None]]] = {
    STATEMENTS: (list, list.append), USES: (dict, lambda total, part: glossary_table.merge_uses(total, part)),
    CHECKED_ROWS: (dict, _extend)}


# The cache's kind of entry for a table made across groups, under the digests of what it was made from (memoized).
AGGREGATE_ENTRIES = "aggregates"


def memoized(k: str, make: Callable[[], T]) -> T:
    """What make() gives, remembered under cache key k, which must cover every input of make() (the parts'
    digests, the languages, the revisions asked, and, through cache.key, the extractor's code). A value is given
    as pickled and read back either way, so a hit and a miss give equal values that pickle alike."""
    hit = cache.load(k, AGGREGATE_ENTRIES)
    if hit is not None:
        return hit
    data = pickle.dumps(make(), protocol=pickle.HIGHEST_PROTOCOL)
    cache.store_pickled(k, data, AGGREGATE_ENTRIES)
    return pickle.loads(data)


class Aggregate(list):
    """A table made across groups: its rows, and the digest of their pickle (made once: a memo key and
    table_digests both read it)."""

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(pickle.dumps(list(self), protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def plan_claims_of(merged: Merged, built: Tables, langs: tuple[str, ...]) -> list[Row]:
    """The plan_claims table: per language, from every group's statements and the plans the tables name."""
    def claims(lang: str, plans: list[str]) -> list[Row]:
        return plan_claims.claims([s[lang] for s in merged.fold(STATEMENTS) if lang in s], plans)

    rows: list[Row] = []
    for lang in langs:
        plans = plan_claims.known_plans(built, lang)
        rows += memoized(cache.key("plan-claims", lang, merged.digest(STATEMENTS),
                                   pickle.dumps(plans, protocol=pickle.HIGHEST_PROTOCOL)),
                         lambda: claims(lang, plans))
    return rows


def extract(sources: Path, progress: bool = False) -> tuple[Manifest, dict[str, Iterable[Row]]]:
    """All tables of the manifest's documents, with the consistency findings and the revision changes.

    Each document group (an original and its translations) is parsed, built into its rows and checked against
    itself in a worker (group_results); the main process spools those rows to a temporary folder and makes the
    tables across groups (plan claims, plans, glossary, search terms, notes) and the checks across documents.
    The per-group tables come back as re-iterables that read the spool (it lives as long as they do).

    A translation made from a later English revision than our copy differs from it where the source
    changed: the checks get the revisions newer than the copy to tell that apart.
    """
    manifest = load_manifest(sources)
    revisions = revision_history.revisions_of(manifest, sources)
    newer = revision_history.newer_revisions(manifest, revisions)
    counter = Progress("documents", len(manifest.originals())) if progress else None
    history_key = revisions_key(newer)
    merged = Merged(Spool())
    for result in group_results(manifest, newer, counter):
        merged.add(result)
    if counter:
        counter.done()
    langs = merged.langs
    for table in merged.spooled.values():
        table.ordered(langs)
    ctx = Context(documents=[], langs=langs, built={name: in_lang_order(rows, langs) for name, rows in merged.kept.items()},
                  source=manifest.originals()[0].lang if manifest.originals() else "")
    claims = plan_claims_of(merged, ctx.built, langs)
    ctx.built[plan_claims.RESOURCE.name] = claims
    notes = in_lang_order(notes_table.rows_of(row for _, row in sorted(merged.notes, key=lambda n: n[0])), langs)
    glossary = memoized(cache.key("glossary", merged.digest(USES), *langs, "\0", ctx.source_lang),
                        lambda: in_lang_order(glossary_table.rows_of(merged.fold(USES), langs, ctx.source_lang,
                                                                     ctx.glossary), langs))
    aggregates = {name: Aggregate(rows) for name, rows in (
        (plan_claims.RESOURCE.name, claims),
        (plans.RESOURCE.name, in_lang_order(plans.build(ctx), langs)),
        (glossary_table.RESOURCE.name, glossary),
        (search_terms.RESOURCE.name, in_lang_order(search_terms.build(ctx), langs)),
        (notes_table.RESOURCE.name, notes))}
    tables: dict[str, Iterable[Row]] = {resource.name: aggregates[resource.name] if resource.name in aggregates
                                        else merged.spooled.get(resource.name, []) for resource, _ in RESOURCES}
    across = (plan_claims.RESOURCE.name, glossary_table.RESOURCE.name, notes_table.RESOURCE.name)

    def checked() -> dict[str, list[Row]]:
        return {**{name: in_lang_order(rows, langs) for name, rows in merged.fold(CHECKED_ROWS).items()},
                **{name: aggregates[name] for name in across}}
    translated = sorted(pair for pair, _ in merged.finding_rows)
    found = [row for _, rows in sorted(merged.finding_rows, key=lambda p: p[0]) for row in rows]
    changes = revision_history.history(manifest, sources, tables, revisions).changes
    corpus = memoized(cache.key("corpus-findings", merged.digest(CHECKED_ROWS), *langs, "\0",
                                *(aggregates[name].digest for name in across), history_key,
                                pickle.dumps(translated, protocol=pickle.HIGHEST_PROTOCOL)),
                      lambda: [f.row() for f in corpus_findings(checked(), translated, newer)])
    tables[FINDINGS.name] = finish_rows(found + merged.row_finding_rows + corpus)
    tables[revision_history.RESOURCE.name] = changes
    return manifest, tables


def table_digests(tables: dict[str, Iterable[Row]]) -> dict[str, str]:
    """A digest of each table's content, for write_tables to leave alone a table whose content made the file
    already there: of a spooled table's segments, or of the rows pickled (equal pickles, equal rows; equal rows
    may still pickle differently, which only costs a write). A table of gzip members needs none: its files are
    its segments' bytes joined."""
    return {name: rows.digest() if isinstance(rows, SpooledTable) else rows.digest if isinstance(rows, Aggregate)
            else hashlib.sha256(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
            for name, rows in tables.items() if isinstance(rows, (SpooledTable, list))}


def document_id(path: Path) -> str:
    """A page's id: its file name, or for a dated revision (2021-01-12_4deb81b7.md) its folder's name."""
    if re.match(r"\d{4}-\d{2}-\d{2}_", path.name):
        return path.parent.name
    return path.stem


def extract_document(path: Path, lang: str | None = None, translation_of: Path | None = None,
                     original_lang: str | None = None) -> dict[str, list]:
    """Tables of one page or revision (and, for a translation, of the page it translates).

    A language not given is the manifest's for the file (sources/manifest.yaml: the document, or the original
    whose revisions folder holds it); so is what the document is for (its role).
    """
    doc_id = document_id(path)
    notes: list[Note] = []
    entry = find_source(path)
    lang = lang or (entry.lang if entry else None)
    if lang is None:
        raise SourceError(path, "", "not in sources/manifest.yaml: give its language (--lang)")
    if translation_of:
        original_entry = find_source(translation_of)
        original_lang = original_lang or (original_entry.lang if original_entry else None)
        if original_lang is None:
            raise SourceError(translation_of, "", "not in sources/manifest.yaml: give its language (--original-lang)")
        original = parse_docfx(read_text(translation_of), doc=doc_id, lang=original_lang, path=str(translation_of))
        role = original_entry.role if original_entry else None
        original.role = role.value if role else ""
        fmt = "plain-text" if path.suffix == ".txt" else "docfx-markdown"
        source = SourceDoc(id=doc_id, lang=lang, path=path, format=fmt, role=role, page="")
        documents = [original, parse_translation(source, original, notes)]
    else:
        if path.suffix == ".txt":
            raise SourceError(path, "", "a plain-text page needs --translation-of ORIGINAL.md to align with")
        document = parse_docfx(read_text(path), doc=doc_id, lang=lang, path=str(path))
        document.role = entry.role.value if entry and entry.role else ""
        documents = [document]
        notes = [Note(lang, doc_id, i.entry_id, i.line, "include", f"[!INCLUDE] '{i.target}' cannot be resolved here")
                 for i in document.includes]
    langs = tuple(dict.fromkeys(d.lang for d in documents))
    return build_tables(Context(documents=documents, langs=langs, notes=notes))


def document_side(path: Path) -> Side:
    """One page or revision as a side of `extract diff` (its tables, on the extractor's schema)."""
    return side_of(str(path), extract_document(path), SCHEMA)
