"""The table writer: streams its rows, writes the same bytes every time (gzip included), and read_rows gives the
rows back from every format a tables folder can hold."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from extract.errors import SourceError
from extract.manifest import load_manifest
from extract.tables.base import RAW_MATERIAL, SPREADSHEET, Field, Resource
from extract import writer
from extract.pipeline import table_digests
from extract.writer import JSON, column_rows, read_rows, write_file, write_tables
from conftest import SOURCES

FIELDS = (Field("id", "string", "id", required=True), Field("n", "integer", "n"), Field("ok", "boolean", "ok"),
          Field("key", "object", "key"))
SHEET = Resource("sheet", "Sheet", "A table people open in a spreadsheet", FIELDS, ("id",), formats=SPREADSHEET)
RAW = Resource("raw", "Raw", "Raw material", FIELDS, ("id",), formats=RAW_MATERIAL)


def make_rows(count: int) -> list[dict]:
    return [{"id": f"r{i}", "n": i, "ok": i % 2 == 0, "key": {"k": f"ü{i}"}} for i in range(count)]


class Streamed:
    """A re-iterable that makes its rows anew on each pass and cannot be measured or indexed, as a table
    streamed from disk: the writer may only iterate it."""

    def __init__(self, count: int):
        self.count, self.passes = count, 0

    def __iter__(self):
        self.passes += 1
        return iter(make_rows(self.count))


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def write(folder: Path, tables) -> dict[str, bytes]:
    write_tables(folder, load_manifest(SOURCES), tables, [SHEET, RAW])
    return files(folder)


@pytest.mark.parametrize("count", [0, 1, 1500])   # empty, one row, more rows than one written chunk
def test_a_streamed_table_gives_the_same_bytes_as_a_list(tmp_path, count):
    streamed = {"sheet": Streamed(count), "raw": Streamed(count)}
    assert write(tmp_path / "a", streamed) == write(tmp_path / "b", {"sheet": make_rows(count), "raw": make_rows(count)})
    assert streamed["sheet"].passes == 2 and streamed["raw"].passes == 1   # once per file written


def test_two_writes_are_byte_identical_gzip_included(tmp_path):
    first = write(tmp_path / "a", {"sheet": make_rows(50), "raw": make_rows(50)})
    second = write(tmp_path / "b", {"sheet": make_rows(50), "raw": make_rows(50)})
    assert first == second and sorted(first) == ["datapackage.json", "raw.json.gz", "sheet.csv", "sheet.json.gz"]
    header = first["raw.json.gz"][:10]
    assert header[4:8] == b"\0\0\0\0" and not header[3] & 0x08   # no time stamp, no file name in the gzip header


def test_an_unchanged_table_keeps_its_timestamp(tmp_path):
    out = tmp_path / "data"
    write(out, {"sheet": make_rows(5), "raw": make_rows(5)})
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    write(out, {"sheet": make_rows(5), "raw": make_rows(6)})
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert after["sheet.csv"] == stamps["sheet.csv"] and after["sheet.json.gz"] == stamps["sheet.json.gz"]
    assert after["raw.json.gz"] != stamps["raw.json.gz"]


def test_a_table_whose_rows_made_the_file_there_is_not_written_again_unless_the_file_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(writer.cache, "CACHE_DIR", tmp_path / "cache")
    out, tables = tmp_path / "data", {"sheet": make_rows(5), "raw": make_rows(5)}
    digests = table_digests(tables)
    write_tables(out, load_manifest(SOURCES), tables, [SHEET, RAW], digests)
    written = files(out)
    encoded = []
    monkeypatch.setattr(writer, "write_json", lambda handle, resource, rows: encoded.append(resource.name))

    def write_again(digests: dict[str, str]) -> None:
        encoded.clear()
        write_tables(out, load_manifest(SOURCES), {"sheet": Streamed(5), "raw": Streamed(5)}, [SHEET, RAW], digests)

    write_again(digests)
    assert encoded == [] and files(out) == written   # same rows' digest: the files are linked, not made again
    write_again({**digests, "raw": "other rows"})
    assert encoded == ["raw"]   # another digest: written (by the stubbed encoder here)
    monkeypatch.undo()
    monkeypatch.setattr(writer.cache, "CACHE_DIR", tmp_path / "cache")
    write_tables(out, load_manifest(SOURCES), tables, [SHEET, RAW], digests)
    assert files(out) == written
    (out / "sheet.csv").write_text("edited by hand\n")   # the file no longer is what its rows made
    write_tables(out, load_manifest(SOURCES), tables, [SHEET, RAW], digests)
    assert files(out) == written


def test_read_rows_round_trips_every_format(tmp_path):
    rows = make_rows(3)
    write(tmp_path / "data", {"sheet": rows, "raw": rows})
    assert read_rows(tmp_path / "data", "sheet") == rows == read_rows(tmp_path / "data", "raw")
    plain = tmp_path / "plain"   # a folder of plain JSON, as tables were written before json.gz
    plain.mkdir()
    write_file(plain / "raw.json", JSON, RAW, rows)
    assert read_rows(plain, "raw") == rows
    package = json.loads((tmp_path / "data" / "datapackage.json").read_text())
    for resource in package["resources"]:
        resource["json"] = f"{resource['name']}.json"
    (plain / "datapackage.json").write_text(json.dumps(package))
    assert read_rows(plain, "raw") == rows


def test_read_rows_refuses_a_bomb_and_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr("extract.writer.MAX_TABLE_BYTES", 1000)
    (tmp_path / "raw.json.gz").write_bytes(gzip.compress(b"[" + b" " * 2000 + b"]"))
    with pytest.raises(SourceError, match="unpacks to more than"):
        read_rows(tmp_path, "raw")
    with pytest.raises(SourceError, match="file not found"):
        read_rows(tmp_path, "missing")


LAYOUTS = {b"[]\n": [], b'[{"a": 1},\n{"b": [1, {"c": 2}]}]\n': [{"a": 1}, {"b": [1, {"c": 2}]}],
           json.dumps([{"a": 1}, {"b": 2}], indent=1).encode(): [{"a": 1}, {"b": 2}],   # hand-made layouts
           json.dumps([{"a": 1}, {"b": 2}]).encode(): [{"a": 1}, {"b": 2}], b"[\n]": []}


@pytest.mark.parametrize("data", LAYOUTS)
@pytest.mark.parametrize("compressed", [False, True])
def test_read_rows_reads_the_writers_layout_and_any_other(tmp_path, data, compressed):
    name = "t.json.gz" if compressed else "t.json"
    (tmp_path / name).write_bytes(gzip.compress(data) if compressed else data)
    assert read_rows(tmp_path, "t") == LAYOUTS[data]


@pytest.mark.parametrize("data", [b"[,\n{}]", b'[{"a": 1},\n]', b'[{"a": 1},\n{"b": 2}', b"[1,\n2]", b'{"a": 1}',
                                  b"[{}]x", b"[{},\n,\n{}]"])
def test_read_rows_refuses_what_is_not_a_list_of_rows(tmp_path, data):
    (tmp_path / "t.json.gz").write_bytes(gzip.compress(data))
    with pytest.raises(SourceError, match="t.json.gz"):
        read_rows(tmp_path, "t")


COLUMNS = ("a", "b", "class")   # 'class': any column name, not only a Python identifier
# What msgspec refuses and the standard library reads (NaN, a lone surrogate), rows with other and missing columns.
MIXED = (b'[{"a": 1, "z": {"deep": [1, 2]}},\n{"b": "x", "class": null},\n{"a": NaN}]\n',
         b'[{"a": "\\ud800", "b": 2},\n{"class": [1]}]\n')


@pytest.mark.parametrize("data", [*LAYOUTS, *MIXED])
@pytest.mark.parametrize("compressed", [False, True])
def test_column_rows_give_the_columns_of_the_rows_read_rows_gives(tmp_path, data, compressed):
    """In the writer's layout or any other, with what only the standard library reads (NaN, lone surrogates): each
    row's values of the columns, None where it has none, as read_rows gives the rows."""
    name = "t.json.gz" if compressed else "t.json"
    (tmp_path / name).write_bytes(gzip.compress(data) if compressed else data)
    expected = [tuple(row.get(c) for c in COLUMNS) for row in read_rows(tmp_path, "t")]
    got = column_rows((tmp_path / name).read_bytes(), name, str(tmp_path / name), COLUMNS)
    assert repr(got) == repr(expected)   # repr: NaN equals NaN


@pytest.mark.parametrize("data", [b"[1,\n2]", b'{"a": 1}', b'[{"a": 1},\n]', b"[{}]x"])
def test_column_rows_refuse_what_read_rows_refuses(tmp_path, data):
    (tmp_path / "t.json.gz").write_bytes(gzip.compress(data))
    with pytest.raises(SourceError, match="t.json.gz"):
        column_rows((tmp_path / "t.json.gz").read_bytes(), "t.json.gz", str(tmp_path / "t.json.gz"), COLUMNS)
