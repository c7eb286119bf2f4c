"""Keyed, semantic diffs of the tables: what changed in the data between two versions.

A side is a tables folder, a git revision of this repository (its committed
tables) or a source document (extracted on the fly). Each table is aligned on
the primary key its datapackage.json declares, with daff; rows are then
reported as added, removed, changed (each cell old -> new) or renamed (the key
changed, the values did not; for the FAQ, a question reworded with the same
answer). Provenance columns that move whenever text above them moves (line,
position, entry, anchor) are not data and are not compared.
"""
from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Collection, Iterable, Iterator

import daff

from .docfx import split_front_matter
from .errors import MAX_TABLE_BYTES, SourceError, decode_text, read_text
from .limits import inside
from .writer import read_bytes, rows_from_bytes

if TYPE_CHECKING:   # only the type: the diff runs without the table builders
    from .tables.base import Resource

DEFAULT_SKIP = ("blocks", "links", "ui_labels", "glossary")   # raw material of the checks, not facts
VOLATILE = ("line", "position", "entry", "anchor", "how_to_buy_entries")
FAQ_VOLATILE = ("line", "position")


@dataclass(frozen=True)
class Schema:
    """What the diff knows of the tables: each table's primary key (rows are aligned on it) and columns."""
    keys: dict[str, list[str]]
    columns: dict[str, list[str]]

    @classmethod
    def of(cls, resources: Iterable[Resource]) -> "Schema":
        resources = list(resources)
        return cls({r.name: list(r.primary_key) for r in resources}, {r.name: [f.name for f in r.fields] for r in resources})


@dataclass
class Side:
    label: str
    tables: dict[str, list[dict]]
    keys: dict[str, list[str]]
    columns: dict[str, list[str]]


@dataclass
class CellChange:
    column: str
    old: object
    new: object


@dataclass
class RowChange:
    kind: str                      # added, removed, changed, renamed
    key: dict
    old_key: dict | None = None    # for renamed
    cells: list[CellChange] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    note: str = ""


@dataclass
class TableDiff:
    table: str
    added_columns: list[str] = field(default_factory=list)
    removed_columns: list[str] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)
    daff_table: object = None      # daff's highlighter table, for HTML

    def count(self, kind: str) -> int:
        return sum(r.kind == kind for r in self.rows)

    @property
    def changed(self) -> bool:
        return bool(self.rows or self.added_columns or self.removed_columns)


@dataclass
class Diff:
    old: str
    new: str
    tables: list[TableDiff]
    sides: tuple[Side, Side] | None = None   # what was compared, to name rows and read keys with

    @property
    def changed(self) -> bool:
        return any(t.changed for t in self.tables)


# --- loading a side ---------------------------------------------------------

def _json(text: str, where: str):
    try:
        return json.loads(text)
    except ValueError as exc:
        raise SourceError(where, f"line {getattr(exc, 'lineno', 1)}", f"not valid JSON: {getattr(exc, 'msg', exc)}") from None


@dataclass(frozen=True)
class Entry:
    """One table of a datapackage.json, as its resource entry describes it."""
    name: str
    path: str            # its machine-readable file, relative to the package's folder
    key: list[str]
    columns: list[str]
    resource: dict       # the entry itself


def package_entries(label: str, package, base: Path) -> Iterator[Entry]:
    """The tables a datapackage.json lists, in its order; a malformed package, entry or a path out of its folder
    is a SourceError, raised when that entry is reached."""
    where = f"{label}/datapackage.json"
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        raise SourceError(where, "", "expected a data package with a 'resources' list")
    for i, resource in enumerate(resources):
        place = f"resources[{i}]"
        try:
            name = resource["name"]
            path = resource.get("json") or resource["path"].replace(".csv", ".json")
            fields = resource["schema"]["fields"]
            key = resource["schema"].get("primaryKey", [])
            assert isinstance(name, str) and isinstance(path, str) and isinstance(key, list)
            names = [f["name"] for f in fields]
        except (KeyError, TypeError, AttributeError, AssertionError):
            raise SourceError(where, place, "expected 'name', 'path' (or 'json') and a 'schema' with 'fields'") from None
        inside(base, path, where, f"{place}.path")   # the package's own folder, nothing beyond
        yield Entry(name, path, key, names, resource)


def _from_package(label: str, package, read, base: Path, keep: Collection[str] | None = None) -> Side:
    """The tables a datapackage.json lists; a malformed package or a path out of its folder is a SourceError.

    Only the tables `keep` names (all when None) stay in the side, so a reader that needs a few tables never
    holds them all."""
    tables, keys, columns = {}, {}, {}
    for entry in package_entries(label, package, base):
        rows = rows_from_bytes(read(entry.path), entry.path, f"{label}/{entry.path}")   # JSON, or gzip-compressed JSON
        if keep is None or entry.name in keep:
            tables[entry.name] = rows
        keys[entry.name], columns[entry.name] = entry.key, entry.columns
    return Side(label, tables, keys, columns)


def read_package(path: Path) -> dict:
    """A tables folder's datapackage.json; a missing or malformed one is a SourceError."""
    package = path / "datapackage.json"
    if not package.exists():
        raise SourceError(path, "", "folder has no tables (no datapackage.json)")
    return _json(read_text(package, MAX_TABLE_BYTES), str(package))


def load_folder(path: Path, keep: Collection[str] | None = None) -> Side:
    package = path / "datapackage.json"
    return _from_package(str(path), read_package(path), lambda p: read_bytes(inside(path, p, package, p)), path, keep)


def load_git(rev: str, repo: Path, data: str = "content/data") -> Side:
    def show(path: str) -> bytes:
        result = subprocess.run(["git", "-C", str(repo), "show", f"{rev}:{data}/{path}"], capture_output=True)
        if result.returncode:
            raise SourceError(rev, "", f"git revision has no {data}/{path}")
        return result.stdout
    package = _json(decode_text(show("datapackage.json"), f"{rev}:{data}/datapackage.json"), f"{rev}:{data}/datapackage.json")
    return _from_package(f"{rev} ({data})", package, show, Path(data))


def revision_date(path: Path) -> str:
    """A revision's date: the YYYY-MM-DD its file name starts with, else its front matter ms.date."""
    if re.match(r"\d{4}-\d{2}-\d{2}", path.name):
        return path.name[:10]
    meta, _, _ = split_front_matter(read_text(path), str(path))
    m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", str(meta.get("ms.date", "")))
    return f"{m.group(3)}-{int(m.group(1)):02d}-{int(m.group(2)):02d}" if m else ""


def is_git_revision(rev: str, repo: Path) -> bool:
    result = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
                            capture_output=True)
    return result.returncode == 0


def load_side(spec: str, repo: Path, load_document: Callable[[Path], Side]) -> Side:
    """A tables folder, a source document file (its tables made by `load_document`, which the caller brings so
    the diff needs no extractor), or a git revision of the repository."""
    path = Path(spec)
    if path.is_dir():
        return load_folder(path)
    if path.is_file():
        return load_document(path)
    if is_git_revision(spec, repo):
        return load_git(spec, repo)
    raise SourceError(spec, "", "neither a tables folder, a source document nor a git revision of this repository")


# --- comparing ----------------------------------------------------------------

def _comparable(table: str, columns: list[str], key: list[str]) -> list[str]:
    volatile = FAQ_VOLATILE if table == "faq" else VOLATILE
    return [c for c in columns if c not in key and c not in volatile]


def _hilite(old_rows, new_rows, old_cols, new_cols, key) -> tuple[object, object]:
    """daff's keyed alignment and highlighter table of two row lists."""
    def view(rows, cols):
        return daff.PythonTableView([list(cols)] + [["" if r.get(c) is None else str(r.get(c)) for c in cols]
                                                    for r in rows])
    flags = daff.CompareFlags()
    for k in key:
        flags.addPrimaryKey(k)
    flags.ordered = False
    alignment = daff.compareTables(view(old_rows, old_cols), view(new_rows, new_cols), flags).align()
    out = daff.PythonTableView([])
    table_diff = daff.TableDiff(alignment, flags)
    table_diff.hilite(out)
    return out, table_diff


def diff_table(name: str, old: Side, new: Side) -> TableDiff:
    old_rows, new_rows = old.tables.get(name, []), new.tables.get(name, [])
    key = new.keys.get(name) or old.keys.get(name) or []
    old_cols, new_cols = old.columns.get(name, []), new.columns.get(name, [])
    result = TableDiff(name, [c for c in new_cols if c not in old_cols and name in old.tables],
                       [c for c in old_cols if c not in new_cols and name in new.tables])
    shared = [c for c in _comparable(name, new_cols, key) if c in old_cols]
    hilite, _ = _hilite(old_rows, new_rows, [c for c in old_cols if c in key or c in shared],
                        [c for c in new_cols if c in key or c in shared], key)
    result.daff_table = hilite
    def skey(row: dict) -> tuple:
        return tuple("" if row.get(k) is None else str(row.get(k)) for k in key)
    old_by, new_by = {skey(r): r for r in old_rows}, {skey(r): r for r in new_rows}
    cols: list[str] | None = None
    for r in range(hilite.height):
        marker = hilite.getCell(0, r)
        cells = [hilite.getCell(c, r) for c in range(1, hilite.width)]
        if marker == "@@":
            cols = cells
            continue
        if cols is None or marker not in ("+++", "---", "->"):
            continue
        k = tuple("" if v is None else str(v) for v in (dict(zip(cols, cells)).get(c) for c in key))
        if marker == "+++":
            row = new_by[k]
            result.rows.append(RowChange("added", {c: row.get(c) for c in key}, values=row))
        elif marker == "---":
            row = old_by[k]
            result.rows.append(RowChange("removed", {c: row.get(c) for c in key}, values=row))
        else:
            a, b = old_by[k], new_by[k]
            changes = [CellChange(c, a.get(c), b.get(c)) for c in shared if a.get(c) != b.get(c)]
            if changes:
                touched = {c.column for c in changes} & {"question", "answer"}
                note = " and ".join(x for x in ("question", "answer") if x in touched) + " changed" \
                    if name == "faq" and touched else ""
                result.rows.append(RowChange("changed", {c: b.get(c) for c in key}, cells=changes, note=note, values=b))
    _pair_renames(result, name, key, shared)
    return result


def _pair_renames(result: TableDiff, name: str, key: list[str], shared: list[str]) -> None:
    """A removed and an added row with the same values are one row whose key changed."""
    labels = {f"{k}_label" for k in key}   # a key's label changes with the key
    identity = ["lang", "doc", "answer"] if name == "faq" else [c for c in shared if c not in labels]
    removed = [r for r in result.rows if r.kind == "removed"]
    added = [r for r in result.rows if r.kind == "added"]
    for gone in removed:
        sig = tuple(gone.values.get(c) for c in identity)
        match = next((a for a in added if tuple(a.values.get(c) for c in identity) == sig), None)
        if match is None or (name == "faq" and not gone.values.get("answer")):
            continue
        added.remove(match)
        result.rows.remove(match)
        gone.kind, gone.old_key, gone.key = "renamed", gone.key, match.key
        gone.cells = [CellChange(c, gone.values.get(c), match.values.get(c)) for c in shared + key
                      if gone.values.get(c) != match.values.get(c) and c not in key]
        gone.note = "question changed" if name == "faq" else "key changed, values the same"
        gone.values = match.values


def side_of(label: str, tables: dict[str, list[dict]], schema: Schema) -> Side:
    """A side from tables built in memory, with the schema they were built to."""
    return Side(label, tables, schema.keys, schema.columns)


def diff_sides(old: Side, new: Side, include_all: bool = False) -> Diff:
    names = list(dict.fromkeys([*new.tables, *old.tables]))
    if not include_all:
        names = [n for n in names if n not in DEFAULT_SKIP]
    return Diff(old.label, new.label, [diff_table(n, old, new) for n in names], (old, new))
