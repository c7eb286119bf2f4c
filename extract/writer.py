"""Write the tables, and read them back: per table a gzip-compressed JSON file (what the site, the checks, the
diff and programs read) and, for the tables people open in a spreadsheet, a CSV file; and a Frictionless
datapackage.json that says which files each table has (Resource.formats).

Deterministic (same input, same bytes: no timestamps, not even gzip's, a fixed compression level, fixed column
and row order, '\\n' line ends) and atomic: the whole set is written into a sibling folder and swapped in with
one step (atomic.py), so readers and interrupted runs see the old set or the new set, never a mix. A table whose
bytes did not change keeps its timestamp; when nothing changed, nothing is replaced. Each file is written as its
rows come (a table may be a re-iterable that streams its rows from disk): no file is ever held whole in memory.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import hashlib
import os
import zlib
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Iterable

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
MEDIA_TYPES = {CSV: "text/csv", JSON: "application/json"}
PACKAGE = "datapackage.json"
TABLE_FILES = "tables"   # the cache's kind of entry: a table file's sha256 under the digest of the rows that made it


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):   # a Table Schema object: JSON text in CSV
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return str(value)


def write_csv(handle: IO[str], resource: Resource, rows: Iterable[Row]) -> None:
    names = [f.name for f in resource.fields]
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([cell(row.get(name)) for name in names] for row in rows)


def write_json(handle: IO[bytes], resource: Resource, rows: Iterable[Row]) -> None:
    """A JSON list with one row per line: CPython's C encoder does each row (`indent` would bypass it, and
    triples the writing time), while a change in a table stays one changed line per row. Rows are encoded and
    written CHUNK_ROWS at a time."""
    names = [f.name for f in resource.fields]
    encode = json.JSONEncoder(ensure_ascii=False).encode
    handle.write(b"[")
    separator, chunk = b"", []
    for row in rows:
        chunk.append(encode({name: row.get(name) for name in names}).encode("utf-8"))
        if len(chunk) == CHUNK_ROWS:
            handle.write(separator + b",\n".join(chunk))
            separator, chunk = b",\n", []
    if chunk:
        handle.write(separator + b",\n".join(chunk))
    handle.write(b"]\n")


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

    `tables[name]` is any re-iterable of rows: it is iterated once per file written, never measured or indexed.
    `digests[name]`, where given, is a digest of the table's rows (equal digests: equal rows); a table whose
    files in `out` are what those rows make is not written again (reuse_previous). Files are made WRITERS at a
    time: zlib and the file system release the interpreter, so one table compresses while another is encoded."""
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
        if reuse_previous(out / name, path, digests.get(resource.name)):
            return False
        write_file(path, fmt, resource, tables.get(resource.name, ()))
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
    of rows, or unpacks to more than MAX_TABLE_BYTES, is a SourceError naming `where`.

    A file in the writer's layout (one row per line) is read a line at a time, so a large table is never held
    unpacked and as text beside its rows; any other JSON (a hand-edited table) is read whole."""
    try:
        with (gzip.GzipFile(fileobj=io.BytesIO(data)) if name.endswith(".gz") else io.BytesIO(data)) as handle:
            rows = _rows_by_line(handle, where)
            if rows is None:
                handle.seek(0)
                rows = _rows_whole(handle.read(MAX_TABLE_BYTES + 1), where)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise SourceError(where, "", f"not a gzip file ({exc})") from None
    return rows


def _too_large(where: str) -> SourceError:
    return SourceError(where, "", f"unpacks to more than the limit of {MAX_TABLE_BYTES:,} bytes")


def _rows_by_line(handle: IO[bytes], where: str) -> list[dict] | None:
    """The rows of a file in the writer's layout ('[' row ',\\n' row ... ']\\n'), or None for any other layout.

    Unpacked READ_BYTES at a time and parsed up to the last row separator of what has arrived: a row is one
    line (JSON escapes the line ends in strings), so a cut at ',\\n' in any other layout leaves brackets open
    and that layout fails to parse here, then is read whole."""
    rows: list[dict] = []
    pending, size, first = b"", 0, True
    while block := handle.read(READ_BYTES):
        size += len(block)
        if size > MAX_TABLE_BYTES:
            raise _too_large(where)
        if first:
            if not block.startswith(b"["):
                return None
            block, first = block[1:], False
        pending += block
        cut = pending.rfind(b",\n")
        if cut >= 0:
            if not _parse_rows(pending[:cut], rows):
                return None
            pending = pending[cut + 2:]
    pending = pending.rstrip()
    if first or not pending.endswith(b"]"):
        return None
    if pending == b"]" and not rows:   # '[]': no rows
        return rows
    return rows if _parse_rows(pending[:-1], rows) else None


def _parse_rows(piece: bytes, rows: list[dict]) -> bool:
    """Parse rows joined by ',\\n' onto `rows`; False when they are not JSON objects (or there are none)."""
    if not piece.strip():
        return False
    try:
        chunk = json.loads(b"[" + piece + b"]")
    except ValueError:
        return False
    if not set(map(type, chunk)) <= {dict}:
        return False
    rows += chunk
    return True


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
