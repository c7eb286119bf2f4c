"""The large per-group tables (blocks, faq) are written as one gzip member per document group and language: any
gzip reader reads the file as one JSON text, the same as one stream would hold; a --force build and a rebuild
give the same bytes; a changed group changes only its own members."""
from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

import pytest

from extract import pipeline
from extract.bench import Workspace, change_one_document, first_translation, make_corpus
from extract.manifest import load_manifest
from extract.tables.base import RAW_MATERIAL, SPREADSHEET, Field, Resource
from extract.writer import (CLOSE, OPEN, SEPARATOR, Segmented, encode_segment, gzip_member, read_rows,
                            to_csv, to_json, write_tables)
from conftest import SOURCES

FIELDS = (Field("id", "string", "id", required=True), Field("n", "integer", "n"), Field("text", "string", "text"))
SHEET = Resource("sheet", "Sheet", "A table people open in a spreadsheet", FIELDS, ("id",), formats=SPREADSHEET)
RAW = Resource("raw", "Raw", "Raw material", FIELDS, ("id",), formats=RAW_MATERIAL)


def members(data: bytes) -> list[bytes]:
    """The gzip members of a file, each as its compressed bytes."""
    found = []
    while data:
        unpack = zlib.decompressobj(wbits=31)   # one gzip member
        unpack.decompress(data)
        assert unpack.eof, "a member ends inside the file"
        size = len(data) - len(unpack.unused_data)
        found.append(data[:size])
        data = data[size:]
    return found


class Groups(Segmented):
    """Rows in runs (as a document group's), encoded as the worker encodes them."""

    def __init__(self, resource: Resource, runs: list[list[dict]], members: bool):
        self.members = members
        self.runs = [encode_segment(resource, run, member=members) for run in runs]

    def segments(self):
        return iter([s for s in self.runs if s is not None])

    def digest(self) -> str:
        return "".join(s.sha.hex() for s in self.segments())


def runs_of(count: int, size: int) -> list[list[dict]]:
    rows = [{"id": f"r{i}", "n": i, "text": f"=ü {i}\nline"} for i in range(count)]
    return [rows[at:at + size] for at in range(0, count, size)] + [[]]   # and a group without rows


@pytest.mark.parametrize("count", [0, 1, 7, 1500])
@pytest.mark.parametrize("as_members", [True, False])
def test_a_segmented_table_reads_back_equal_and_unpacks_to_the_text_of_one_stream(tmp_path, count, as_members):
    runs = runs_of(count, 4)
    rows = [row for run in runs for row in run]
    write_tables(tmp_path, load_manifest(SOURCES),
                 {"sheet": Groups(SHEET, runs, as_members), "raw": Groups(RAW, runs, as_members)}, [SHEET, RAW])
    for name, resource in (("sheet", SHEET), ("raw", RAW)):
        assert read_rows(tmp_path, name) == rows
        packed = (tmp_path / f"{name}.json.gz").read_bytes()
        assert gzip.decompress(packed).decode() == to_json(resource, rows)   # what zcat, pandas and gzip read
        assert json.loads(gzip.decompress(packed)) == rows
        groups = sum(1 for run in runs if run)
        # OPEN, each group's member with a SEPARATOR between two, CLOSE; or one stream
        assert len(members(packed)) == (2 + groups + max(groups - 1, 0) if as_members else 1)
    assert (tmp_path / "sheet.csv").read_text(encoding="utf-8") == to_csv(SHEET, rows)


def test_a_table_of_members_is_the_members_of_its_parts():
    segment = encode_segment(RAW, [{"id": "a", "n": 1, "text": "x"}], member=True)
    assert (segment.json, segment.csv, segment.count) == (gzip_member(b'{"id": "a", "n": 1, "text": "x"}'), b"", 1)
    assert gzip.decompress(gzip_member(OPEN) + segment.json + gzip_member(SEPARATOR) + segment.json
                           + gzip_member(CLOSE)) == b'[{"id": "a", "n": 1, "text": "x"},\n{"id": "a", "n": 1, "text": "x"}]\n'
    assert encode_segment(RAW, [], member=True) is None


def test_a_changed_document_changes_only_its_groups_members_and_a_rebuild_equals_a_full_build(tmp_path, monkeypatch):
    """The benchmark's change in copy 0's translation: extracted again from the cache (one group built), blocks and
    faq keep every member but those of that group's changed language, and equal a build without a cache."""
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10_000)
    folder = tmp_path / "corpus"
    sources = make_corpus(folder, 3)
    doc = first_translation(sources)

    def extract(out: Path, cache: Path) -> dict[str, bytes]:
        monkeypatch.setattr(pipeline.cache, "CACHE_DIR", cache)
        manifest, tables = pipeline.extract(sources)
        write_tables(out, manifest, tables, list(pipeline.ALL_RESOURCES), pipeline.table_digests(tables))
        return {name: (out / f"{name}.json.gz").read_bytes() for name in pipeline.MEMBER_TABLES}

    workspace = Workspace(folder)
    before = extract(workspace.data, tmp_path / "cache")   # the tables the change is found in
    change_one_document(workspace, doc)
    after = extract(tmp_path / "after", tmp_path / "cache")
    assert after == extract(tmp_path / "fresh", tmp_path / "fresh-cache")
    for name in pipeline.MEMBER_TABLES:
        old, new = members(before[name]), members(after[name])
        assert len(old) == len(new) > 3 * 2 * 2   # OPEN, CLOSE, and per group and language a member and a separator
        changed = [at for at, (a, b) in enumerate(zip(old, new)) if a != b]
        assert len(changed) <= 1, f"{name}: members {changed} changed"
        texts = [zlib.decompress(m, wbits=31) for m in new]
        assert all(doc.id in texts[at].decode() and f'"lang": "{doc.lang}"' in texts[at].decode() for at in changed)
    assert after["faq"] != before["faq"] or after["blocks"] != before["blocks"]
