"""Write the tables, and read them back: per table a gzip-compressed JSON file (what the site, the checks, the
diff and programs read) and, for the tables people open in a spreadsheet, a CSV file; and a Frictionless
datapackage.json that says which files each table has (Resource.formats).

Deterministic (same input, same bytes: no timestamps, not even gzip's, a fixed compression level, fixed column
and row order, '\\n' line ends) and atomic: the whole set is written into a sibling folder and swapped in with
one step (atomic.py), so readers and interrupted runs see the old set or the new set, never a mix. A table whose
bytes did not change keeps its timestamp; when nothing changed, nothing is replaced. Each file is written as its
rows come (a table may be a re-iterable that streams its rows from disk, or a Segmented table whose rows come
encoded already, see OPEN): no file is ever held whole in memory.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import hashlib
import os
import zlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from json.encoder import c_make_encoder, encode_basestring
from pathlib import Path
from typing import IO, TYPE_CHECKING, Callable, Iterable, Iterator

import msgspec
from isal import igzip, isal_zlib

from . import cache
from .atomic import link_or_copy, replace_folder
from .errors import MAX_TABLE_BYTES, SourceError, read_limited
from .limits import inside

from .tables.base import CSV, JSON, JSON_GZ, Resource, Row

if TYPE_CHECKING:
    from .manifest import Manifest


# A CSV cell starting with one of these is run as a formula by spreadsheet programs ('=HYPERLINK(…)',
# '+cmd|…', '@SUM(…)'); OWASP's rule: prefix such a text cell with a single quote. JSON keeps the value as it is.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# zlib's default level: at N = 1000 level 9 makes the tables 1 % smaller for 60 % more compressing time, and
# level 1 makes them 27 % larger. Fixed, so the same rows give the same bytes.
GZIP_LEVEL = 6
# Rows encoded and handed to the file (and to zlib) at once: few write calls, a bounded buffer at any size.
CHUNK_ROWS = 512
# Machine-readable formats, preferred first (read_rows reads whichever the package names; plain JSON is what
# tables written before the compressed format have).
MACHINE_FORMATS = (JSON_GZ, JSON)
WRITERS = 2   # files made at once (threads): one compresses (no interpreter lock) while another is encoded
READ_BYTES = 1 << 20   # a table is unpacked and parsed this much at a time
_DECODE = msgspec.json.Decoder().decode   # JSON to Python values, as json.loads gives them
MEDIA_TYPES = {CSV: "text/csv", JSON: "application/json"}
PACKAGE = "datapackage.json"
TABLE_FILES = "tables"   # the cache's kind of entry: a table file's sha256 under the digest of the rows that made it


# A table made of segments (runs of rows encoded where they were built: a document group's rows in one language) is
# written without encoding a row: its CSV file is the header and the segments' lines, its JSON text is OPEN, the
# segments' texts with SEPARATOR between them (each segment joins its own rows with it), CLOSE, as write_json
# writes it. A table of large segments (`members`) comes compressed too: its .json.gz file is a series of gzip
# members (RFC 1952: a gzip file is one or more members, and every gzip reader unpacks them as one stream), one per
# segment and one for each OPEN, SEPARATOR and CLOSE, so the file is made by joining bytes. The others' text is
# compressed as one stream (the same bytes as write_file's): their segments are small, and their rows repeat
# from group to group, which one stream compresses far better than a member per group.
OPEN, SEPARATOR, CLOSE = b"[", b",\n", b"]\n"


def gzip_member(data: bytes) -> bytes:
    """A gzip member of data as the writer makes every one: level GZIP_LEVEL, time 0 and no file name in its header."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


@lru_cache(maxsize=None)
def _constant_member(text: bytes) -> bytes:
    return gzip_member(text)


@dataclass(frozen=True)
class Segment:
    """A run of a table's rows, encoded once as each of the table's files holds it."""
    json: bytes   # the rows' JSON texts joined by SEPARATOR; in a table of `members`, a gzip member of that text
    csv: bytes    # the rows' CSV lines (UTF-8; empty when the table has no CSV file)
    count: int    # rows
    sha: bytes    # SHA-256 of json and csv (made with them, so that a digest of a table's segments hashes no text)


def encode_segment(resource: Resource, rows: list[Row], member: bool) -> Segment | None:
    """Rows as a segment of `resource`'s files (None when there are none), their JSON text compressed as a gzip
    member when `member`. Runs where the rows are built (a parse worker), so the main process only joins bytes
    (and compresses the small tables); a rebuild reuses the segments of unchanged groups."""
    if not rows:
        return None
    encode = row_encoder(resource)
    text = SEPARATOR.join([encode(row) for row in rows])
    lines = b""
    if CSV in resource.formats:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(csv_cells(resource, rows))
        lines = buffer.getvalue().encode("utf-8")
    packed = gzip_member(text) if member else text
    sha = hashlib.sha256(b"%d\0" % len(packed))
    sha.update(packed)
    sha.update(lines)
    return Segment(packed, lines, len(rows), sha.digest())


def segment_rows(segment: Segment, members: bool) -> list[Row]:
    """A segment's rows, as a reader of the table's file gets them (json.loads's values)."""
    text = OPEN + (gzip.decompress(segment.json) if members else segment.json) + CLOSE
    try:
        return _DECODE(text)
    except ValueError:   # what msgspec refuses and the standard library reads (NaN, lone surrogates)
        return json.loads(text)


class Segmented(ABC):
    """A table given as its segments, in the table's order: write_tables joins their bytes."""
    members: bool   # whether each segment's JSON is a gzip member (see OPEN)

    @abstractmethod
    def segments(self) -> Iterator[Segment]:
        """The segments (called once per file written)."""

    @abstractmethod
    def digest(self) -> str:
        """A digest of the segments' bytes (equal digests: equal files)."""


def write_segments(path: Path, fmt: str, resource: Resource, segments: Iterable[Segment], members: bool) -> None:
    """One file of a segmented table: the CSV header and the segments' lines; the JSON text OPEN, the segments'
    texts with SEPARATOR's between them, CLOSE, as one gzip stream; or, for a table of `members`, the gzip members
    of OPEN, the segments with SEPARATOR's between them, CLOSE. Either unpacks to what write_json writes."""
    if fmt == JSON_GZ and not members:
        with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=GZIP_LEVEL,
                                                   mtime=0) as packed:
            _join(packed, segments, OPEN, SEPARATOR, CLOSE)
        return
    with path.open("wb") as raw:
        if fmt == CSV:
            raw.write(to_csv(resource, ()).encode("utf-8"))   # the header
            for segment in segments:
                raw.write(segment.csv)
            return
        if fmt != JSON_GZ:
            raise ValueError(f"{path.name}: a segmented table is written as {CSV} or {JSON_GZ}, not {fmt}")
        _join(raw, segments, *(_constant_member(piece) for piece in (OPEN, SEPARATOR, CLOSE)))


def _join(handle: IO[bytes], segments: Iterable[Segment], opening: bytes, separator: bytes, closing: bytes) -> None:
    """The segments' JSON between opening and closing, separator between each two."""
    handle.write(opening)
    between = b""
    for segment in segments:
        handle.write(between + segment.json)
        between = separator
    handle.write(closing)


def _row_json() -> Callable[[dict], str]:
    """json.JSONEncoder(ensure_ascii=False).encode, for the rows and the objects in their CSV cells: the encoder in C
    that encode makes anew for every value (with the default separators, float and string forms), made once.
    Without the circular reference check, which a row or a cell (values read from text) never needs."""
    if c_make_encoder is None:
        return json.JSONEncoder(ensure_ascii=False).encode
    encoder = c_make_encoder(None, json.JSONEncoder().default, encode_basestring, None, ": ", ", ", False, False,
                             True)
    return lambda value: "".join(encoder(value, 0))


_ROW_JSON = _row_json()


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):   # a Table Schema object: JSON text in CSV
        return _ROW_JSON(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return str(value)


def csv_cells(resource: Resource, rows: Iterable[Row]) -> Iterator[list[str]]:
    """Each row's CSV cells, in the resource's column order: a text that cannot start a formula is its own cell
    (most cells; tested here without a call of `cell`), any other value as `cell` writes it."""
    names = [f.name for f in resource.fields]
    return ([value if type(value) is str and not value.startswith(FORMULA_PREFIXES) else cell(value)
             for value in map(row.get, names)] for row in rows)


def row_encoder(resource: Resource) -> Callable[[Row], bytes]:
    """A row's JSON text (UTF-8) as the table files hold it: the resource's columns in order, missing ones null."""
    names = [f.name for f in resource.fields]
    return lambda row: _ROW_JSON({name: row.get(name) for name in names}).encode("utf-8")


def write_csv(handle: IO[str], resource: Resource, rows: Iterable[Row]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow([f.name for f in resource.fields])
    writer.writerows(csv_cells(resource, rows))


def write_json(handle: IO[bytes], resource: Resource, rows: Iterable[Row]) -> None:
    """A JSON list with one row per line: CPython's C encoder does each row (`indent` would bypass it, and
    triples the writing time), while a change in a table stays one changed line per row. Rows are encoded and
    written CHUNK_ROWS at a time."""
    encode = row_encoder(resource)
    handle.write(OPEN)
    separator, chunk = b"", []
    for row in rows:
        chunk.append(encode(row))
        if len(chunk) == CHUNK_ROWS:
            handle.write(separator + SEPARATOR.join(chunk))
            separator, chunk = SEPARATOR, []
    if chunk:
        handle.write(separator + SEPARATOR.join(chunk))
    handle.write(CLOSE)


def to_csv(resource: Resource, rows: Iterable[Row]) -> str:
    buf = io.StringIO()
    write_csv(buf, resource, rows)
    return buf.getvalue()


def to_json(resource: Resource, rows: Iterable[Row]) -> str:
    buf = io.BytesIO()
    write_json(buf, resource, rows)
    return buf.getvalue().decode("utf-8")


def write_file(path: Path, fmt: str, resource: Resource, rows: Iterable[Row]) -> None:
    """One file of a table, streamed to disk. gzip: no file name and time 0 in the header, a fixed level."""
    if fmt == CSV:
        with path.open("w", encoding="utf-8", newline="") as text:
            write_csv(text, resource, rows)
        return
    with path.open("wb") as raw:
        if fmt == JSON_GZ:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=GZIP_LEVEL, mtime=0) as packed:
                write_json(packed, resource, rows)
        else:
            write_json(raw, resource, rows)


def machine_format(resource: Resource) -> str:
    return next(f for f in resource.formats if f in MACHINE_FORMATS)


def datapackage(manifest: Manifest, resources: list[Resource]) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "support-atlas",
        "title": "Support Atlas: Dynamics 365 and Power Platform support policy as tables",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0 (source documents by Microsoft)"}],
        "sources": [{"title": f"{d.title} ({d.lang})", "path": d.url} for d in manifest.documents],
        "resources": [resource_descriptor(r) for r in resources],
    }


def resource_descriptor(resource: Resource) -> dict:
    """`path` is the table's first file (CSV where there is one; `compression` says when it is gzip), `json` its
    machine-readable JSON file, `formats` all its files."""
    first = resource.formats[0]
    fmt, _, compression = first.partition(".")
    descriptor = {"name": resource.name, "path": f"{resource.name}.{first}", "profile": "tabular-data-resource",
                  "format": fmt, "mediatype": MEDIA_TYPES[fmt], "encoding": "utf-8"}
    if compression:
        descriptor["compression"] = compression
    return {**descriptor, "title": resource.title, "description": resource.description,
            "json": f"{resource.name}.{machine_format(resource)}", "formats": list(resource.formats),
            "schema": resource.schema()}


def package_bytes(manifest: Manifest, resources: list[Resource]) -> bytes:
    return (json.dumps(datapackage(manifest, resources), ensure_ascii=False, indent=1) + "\n").encode()


def same_bytes(a: Path, b: Path, chunk: int = 1 << 20) -> bool:
    """Whether two files hold the same bytes, read a chunk at a time."""
    if not b.is_file() or a.stat().st_size != b.stat().st_size:
        return False
    with a.open("rb") as x, b.open("rb") as y:
        while True:
            left, right = x.read(chunk), y.read(chunk)
            if left != right:
                return False
            if not left:
                return True


class _Unchanged(Exception):
    """Every file came out as it was: the staged copy is dropped and the table set is left alone."""


def file_sha(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def made_key(name: str, rows_digest: str) -> str:
    """The cache key of what file `name` holds when made from rows of this digest (by this code: cache.key
    covers the extractor's code, so the writer's and the tables' schemas)."""
    return cache.key("table-file", name, rows_digest)


def reuse_previous(previous: Path, staged: Path, rows_digest: str | None) -> bool:
    """Link the previous file into the new set when it is the file these rows make: the cache remembers the
    sha256 of the file each rows' digest made, and the previous file must have that sha256 (so a file changed
    by hand, or made from other rows, is written again). Encoding and compressing a large table costs far more
    than reading it once."""
    if rows_digest is None or not previous.is_file():
        return False
    made = cache.load(made_key(previous.name, rows_digest), TABLE_FILES)
    if not isinstance(made, str) or made != file_sha(previous):
        return False
    link_or_copy(previous, staged)   # its bytes and timestamp: a table set's files are replaced, never written into
    return True


def write_tables(out: Path, manifest: Manifest, tables: dict[str, Iterable[Row]], resources: list[Resource],
                 digests: Mapping[str, str] | None = None) -> None:
    """Replace the table set in `out` as a whole (see atomic.py); unchanged bytes replace nothing.

    `tables[name]` is any re-iterable of rows: it is iterated once per file written, never measured or indexed;
    a Segmented table is written from its segments' bytes (write_segments). `digests[name]`, where given, is a
    digest of the table's rows or segments (equal digests: equal files); a table whose files in `out` are what
    they make is not written again (reuse_previous), except a table of gzip members, which is joined again (no
    dearer than reading the previous file to check it). Files are made WRITERS at a time: zlib and the file
    system release the interpreter, so one table compresses while another is encoded."""
    previous_names = sorted(p.name for p in out.iterdir()) if out.is_dir() else None
    files = {f"{r.name}.{fmt}": (r, fmt) for r in resources for fmt in r.formats}
    files[PACKAGE] = (None, "")
    digests = digests or {}

    def make(staging: Path, name: str) -> bool:
        """Make file `name` in staging; False when the previous one is linked there instead."""
        resource, fmt = files[name]
        path = staging / name
        if resource is None:
            path.write_bytes(package_bytes(manifest, resources))
            return True
        rows = tables.get(resource.name, ())
        segmented = isinstance(rows, Segmented)
        if segmented and rows.members:   # joining bytes costs about what comparing them with the previous file does
            write_segments(path, fmt, resource, rows.segments(), members=True)
            return True
        if reuse_previous(out / name, path, digests.get(resource.name)):
            return False
        if segmented:
            write_segments(path, fmt, resource, rows.segments(), members=False)
        else:
            write_file(path, fmt, resource, rows)
        if resource.name in digests:
            cache.store(made_key(name, digests[resource.name]), file_sha(path), TABLE_FILES)
        return True

    try:
        with replace_folder(out) as staging, ThreadPoolExecutor(WRITERS) as pool:
            names = sorted(files)
            made = [name for name, written in zip(names, pool.map(lambda name: make(staging, name), names)) if written]
            changed = [name for name in made if not kept_as_it_was(staging / name, out / name)]
            if not changed and names == previous_names:
                raise _Unchanged
    except _Unchanged:
        pass


def kept_as_it_was(path: Path, previous: Path) -> bool:
    """Whether a file came out with the previous one's bytes; it then gets the previous one's timestamp."""
    if not same_bytes(path, previous):
        return False
    stat = previous.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return True


# --- reading ------------------------------------------------------------------

def rows_from_bytes(data: bytes, name: str, where: str) -> list[dict]:
    """The rows of a table file's bytes (gzip-compressed when `name` ends in .gz); a file that is not a JSON list
    of rows, or unpacks to more than MAX_TABLE_BYTES, is a SourceError naming `where`."""
    return list(chain.from_iterable(row_chunks(data, name, where)))


def row_chunks(data: bytes, name: str, where: str, parse: RowParser | None = None) -> Iterator[list]:
    """The rows of a table file's bytes, a chunk at a time, so that a reader that needs each row once (the
    check) never holds a large table whole; errors as rows_from_bytes. `parse` (column_parser) parses the writer's
    layout instead of _parse_rows; a file in another layout gives dicts whatever the parser.

    A file in the writer's layout (one row per line) is unpacked and parsed READ_BYTES at a time; any other JSON
    (a hand-edited table) is read whole, as one chunk. A file that leaves the writer's layout after some chunks is
    read whole too, and only its rows after those already given are given: a row's JSON text fixes where it ends,
    so the rows of the parsed part are the first rows of the whole."""
    given = 0
    try:
        with _unpacked(data, name) as handle:
            try:
                for chunk in _chunks_by_line(handle, where, parse or _parse_rows):
                    given += len(chunk)
                    yield chunk
                return
            except _OtherLayout:
                handle.seek(0)
                rows = _rows_whole(handle.read(MAX_TABLE_BYTES + 1), where)
    except (gzip.BadGzipFile, EOFError, zlib.error, isal_zlib.error) as exc:
        raise SourceError(where, "", f"not a gzip file ({exc})") from None
    if rows[given:]:
        yield rows[given:]


# A gzip file is read and inflated this much at a time while its members are found: the file is never held whole,
# and a member's end carries at most this much input over to the next member.
INFLATE_FEED = 1 << 16
GZIP_WBITS = 31   # zlib's window bits for the gzip format


def gzip_members(handle: IO[bytes]) -> Iterator[tuple[int, int, bytes]]:
    """(start, end, text) of each member of a gzip file (RFC 1952: one or more members in a row), read a feed at a
    time. The writer makes a large table a member per segment (a document group's rows in one language); EOFError
    when the last member is cut short."""
    pending, offset = handle.read(INFLATE_FEED), 0   # offset: where `pending` starts in the file
    while pending:
        inflate, parts, start = isal_zlib.decompressobj(GZIP_WBITS), [], offset
        while True:
            parts.append(inflate.decompress(pending))
            if inflate.eof:
                rest = inflate.unused_data
                offset += len(pending) - len(rest)
                pending = rest or handle.read(INFLATE_FEED)
                break
            offset += len(pending)
            pending = handle.read(INFLATE_FEED)
            if not pending:
                raise EOFError("a gzip member is cut short")
        yield start, offset, b"".join(parts)


# What table_units and unit_texts raise on a file that cannot be read so (gzip.BadGzipFile is an OSError): a
# reader that finds a shortcut in the units falls back to reading the rows, whose reader names the problem.
UNIT_ERRORS = (OSError, ValueError, EOFError, isal_zlib.error)


def table_units(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """(start, end, text) of a table file's units: each gzip member of a .gz file (a segment's rows, or the writer's
    '[', ',\\n' and ']\\n'), or the whole of a plain file. Read a member at a time; a ValueError (what row_chunks
    would refuse too) when more than MAX_TABLE_BYTES are read or unpacked, or the text does not start with '[' and
    end with ']'; EOFError and the gzip errors as they come."""
    size, first, last = 0, None, b""
    with path.open("rb") as handle:
        if path.name.endswith(".gz"):
            units = gzip_members(handle)
        else:
            text = handle.read(MAX_TABLE_BYTES + 1)
            units = iter([(0, len(text), text)])
        for start, end, text in units:
            size += len(text)
            if size > MAX_TABLE_BYTES:
                raise ValueError(f"{path}: more than {MAX_TABLE_BYTES} bytes")
            first = text.lstrip()[:1] if first is None else first
            last = text.rstrip()[-1:] or last
            yield start, end, text
    if (first, last) != (b"[", b"]"):
        raise ValueError(f"{path}: not a JSON list of rows")


def unit_texts(path: Path, spans: Iterable[tuple[int, int]]) -> Iterator[bytes]:
    """The texts of a table file's units at these (start, end) spans (table_units'), read again a unit at a time."""
    with path.open("rb") as handle:
        for start, end in spans:
            handle.seek(start)
            data = handle.read(end - start)
            yield igzip.decompress(data) if path.name.endswith(".gz") else data


def _unpacked(data: bytes, name: str) -> IO[bytes]:
    """A table file's text as a file: a .gz one unpacked by ISA-L's gzip reader (igzip; the standard library's is
    three times slower, and unpacking was a third of reading a large table)."""
    return igzip.IGzipFile(fileobj=io.BytesIO(data)) if name.endswith(".gz") else io.BytesIO(data)


class _OtherLayout(Exception):
    """The file is not in the writer's layout (from the point where the layout reader noticed)."""


def _too_large(where: str) -> SourceError:
    return SourceError(where, "", f"unpacks to more than the limit of {MAX_TABLE_BYTES:,} bytes")


def _chunks_by_line(handle: IO[bytes], where: str, parse: RowParser) -> Iterator[list]:
    """The rows of a file in the writer's layout ('[' row ',\\n' row ... ']\\n'), a chunk at a time; raises
    _OtherLayout for any other layout.

    Unpacked READ_BYTES at a time and parsed up to the last row separator of what has arrived: a row is one
    line (JSON escapes the line ends in strings), so a cut at ',\\n' in any other layout leaves brackets open
    and that layout fails to parse here, then is read whole. The buffer keeps the file's '[' in front, and the
    cut's ',' becomes ']', so each chunk is parsed where it is, without copying it."""
    buffer, size, any_rows = bytearray(), 0, False
    while block := handle.read(READ_BYTES):
        size += len(block)
        if size > MAX_TABLE_BYTES:
            raise _too_large(where)
        if not buffer and not block.startswith(b"["):
            raise _OtherLayout
        buffer += block
        cut = buffer.rfind(b",\n")
        if cut > 0:
            buffer[cut:cut + 1] = b"]"
            yield parse(buffer, cut + 1)
            del buffer[1:cut + 2]   # '[' and the rows after the cut
            any_rows = True
    end = len(buffer.rstrip())
    if not buffer or buffer[end - 1:end] != b"]":
        raise _OtherLayout
    if end == 2 and not any_rows:   # '[]': no rows
        return
    yield parse(buffer, end)


def _parse_rows(buffer: bytearray, end: int) -> list[dict]:
    """The rows in buffer[:end], a JSON list; _OtherLayout when they are not JSON objects (or there are none).

    msgspec parses (about twice as fast as the standard library); what it refuses and the standard library reads
    (NaN, Infinity, lone surrogates) is parsed by the standard library, so every file reads as json.loads reads it."""
    with memoryview(buffer) as whole, whole[:end] as text:
        try:
            rows = _DECODE(text)
        except ValueError:   # msgspec.DecodeError, or UnicodeDecodeError
            try:
                rows = json.loads(bytes(text))
            except ValueError:
                raise _OtherLayout from None
    if not rows or not set(map(type, rows)) <= {dict}:
        raise _OtherLayout
    return rows


# Parses the rows in buffer[:end] (a JSON list): _parse_rows, or a column_parser.
RowParser = Callable[[bytearray, int], list]


def column_parser(columns: tuple[str, ...]) -> RowParser:
    """A parser of the writer's layout that gives each row as the tuple of these columns' values (None where the
    row has none), for a reader that needs a few columns of a large table: msgspec decodes the rows into a struct of
    those fields only, skipping the others' values without making them (about six times as fast as decoding whole
    rows at N = 1000). Rows it refuses (not objects, or what only the standard library reads) are given as
    _parse_rows gives them, dicts, for column_rows to reduce, so every file gives the values json.loads gives."""
    fields = {f"c{n}": column for n, column in enumerate(columns)}   # any column name, not only identifiers
    row_type = msgspec.defstruct("Columns", [(field, object, None) for field in fields], rename=fields)
    decode, astuple = msgspec.json.Decoder(list[row_type]).decode, msgspec.structs.astuple

    def parse(buffer: bytearray, end: int) -> list[tuple] | list[dict]:
        with memoryview(buffer) as whole, whole[:end] as text:
            try:
                rows = decode(text)
            except ValueError:   # msgspec.ValidationError or DecodeError
                rows = None
        if rows:   # none: _parse_rows says what that means here
            return [astuple(row) for row in rows]
        return _parse_rows(buffer, end)
    return parse


def column_rows(data: bytes, name: str, where: str, columns: tuple[str, ...]) -> list[tuple]:
    """Each row of a table file's bytes as the tuple of these columns' values (None where it has none), in order;
    errors as rows_from_bytes. The rows column_parser leaves whole (and those of a file in another layout) are
    reduced here."""
    parse = column_parser(columns)
    return [row if type(row) is tuple else tuple(row.get(c) for c in columns)
            for chunk in row_chunks(data, name, where, parse) for row in chunk]


def _rows_whole(data: bytes, where: str) -> list[dict]:
    if len(data) > MAX_TABLE_BYTES:
        raise _too_large(where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(where, "", f"not UTF-8 (byte 0x{data[exc.start]:02x})") from None
    try:
        rows = json.loads(text)
    except ValueError as exc:
        raise SourceError(where, f"line {getattr(exc, 'lineno', 1)}",
                          f"not valid JSON: {getattr(exc, 'msg', exc)}") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise SourceError(where, "", "expected a JSON list of rows")
    return rows


def read_bytes(path: Path, limit: int = MAX_TABLE_BYTES) -> bytes:
    """A table file's bytes, refused past the tables' size limit."""
    return read_limited(path, limit)


@lru_cache(maxsize=8)
def _machine_files(package: Path, size: int, mtime_ns: int) -> dict[str, str]:
    """Table name -> its machine-readable file, from a datapackage.json (keyed on its size and time: re-read
    when it is replaced)."""
    try:
        resources = json.loads(read_bytes(package))["resources"]
        return {r["name"]: r.get("json") or r["path"].replace(".csv", ".json") for r in resources}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise SourceError(package, "", "expected a data package with a 'resources' list of named tables") from None


def machine_file(folder: Path, name: str) -> Path:
    """The machine-readable file of table `name`: the one datapackage.json names, kept inside the folder; in a
    folder of bare table files without a package, name.json.gz or else name.json."""
    package = folder / PACKAGE
    if not package.is_file():
        bare = [folder / f"{name}.{fmt}" for fmt in MACHINE_FORMATS]
        return next((p for p in bare if p.is_file()), bare[-1])   # the last: read_bytes says it is not there
    stat = package.stat()
    files = _machine_files(package, stat.st_size, stat.st_mtime_ns)
    if name not in files:
        raise SourceError(package, "", f"no table '{name}'")
    return inside(folder, files[name], package, f"{name}.json")


def read_rows(folder: Path, name: str) -> list[dict]:
    """The rows of table `name` in a tables folder (compressed JSON, or plain JSON in older folders)."""
    path = machine_file(folder, name)
    return rows_from_bytes(read_bytes(path), path.name, str(path))
