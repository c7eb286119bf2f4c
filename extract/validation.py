"""Every row of every table against its Table Schema: the check's validation, on both cores, in bounded memory.

What each Table Schema promises is checked as the table is read: the columns in order, each cell's type, required
cells, enums and unique primary keys. (Frictionless re-reading every file, sniffing and re-casting each cell took
two thirds of the check stage; its full validation of the written files is in the tests, test_datapackage.py.)

- A table is read a chunk of rows at a time (writer.row_chunks); what stays is its primary keys and the columns
  a later check reads, so a process holds one chunk of a large table, not the table.
- Tables are checked in worker processes when there is enough to share (`workers`); results are taken in the
  package's order, so the errors, and the first failure when a file cannot be read, are those of a check that
  reads one table after another.
- A table's row errors are reused from the last check (Memo) when everything they are made from is unchanged:
  the bytes of its file, its entry in datapackage.json, where it is, and the checker's code. The files' presence
  and CSV headers are looked at every time.
"""
from __future__ import annotations

import csv
import gc
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable, Iterator, Protocol

import msgspec

from . import atomic, cache
from .diff import Entry, Side, package_entries, read_package
from .errors import SourceError
from .limits import inside
from .writer import read_bytes, row_chunks

# Table Schema types -> the Python values the writer makes them from (bool is not an integer here).
TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "integer": (int,), "boolean": (bool,), "number": (int, float),
                                      "object": (dict,), "array": (list,)}
MISSING = (None, "")   # Table Schema's default missing values, as JSON gives them
MISSING_SET = frozenset(MISSING)
NoneType = type(None)
# Below this many bytes of table files, starting worker processes costs more than sharing the work saves
# (the bundled tables, 1.5 MB, are checked in a third of a second in one process).
PARALLEL_BYTES = 4 * 1024 * 1024
WORKERS = 2   # at most; the machine's cores bound it too. Each holds a chunk of a table and its primary keys.


Known = tuple[str, list[str]]   # (the digest of everything some errors were made from, those errors)


# --- a table's schema, made once -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    name: str
    type_name: str
    types: tuple[type, ...]                # the Python types its present values may have
    required: bool
    enum: object                           # the schema's enum as written (for messages), None when there is none
    enum_set: frozenset | None             # the same as a set, when its values can go into one

    @classmethod
    def of(cls, field: dict) -> "Column":
        constraints = field.get("constraints", {})
        enum = constraints["enum"] if "enum" in constraints else None
        try:
            enum_set = frozenset(enum) if enum is not None and field["type"] not in ("object", "array") else None
        except TypeError:   # lists or objects among the enum's values: compared one by one
            enum_set = None
        return cls(field["name"], field["type"], TYPES.get(field["type"], (object,)), bool(constraints.get("required")),
                   enum, enum_set)


@dataclass(frozen=True)
class TableSchema:
    names: tuple[str, ...]
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    key_at: tuple[int, ...]                # the key columns' places among the columns

    @classmethod
    def of(cls, schema: dict) -> "TableSchema":
        """Raises KeyError, TypeError, AttributeError or ValueError for a schema that is not one (Frictionless's
        check of the descriptor names what is wrong with it)."""
        columns = tuple(Column.of(f) for f in schema["fields"])
        names = tuple(c.name for c in columns)
        key = tuple(schema.get("primaryKey", []))
        return cls(names, columns, key, tuple(names.index(k) for k in key))


# --- checking rows ---------------------------------------------------------------------------------------------

class RowChecker:
    """The schema errors of one table's rows, one line each, fed a chunk of rows at a time in the table's order.

    A chunk is first checked a column at a time (a few C loops per column: the cells' types, a look for missing
    values, enums and keys through sets); only a chunk that fails is gone through row by row to name each bad
    row, so the errors are those of a row-by-row check of the whole table."""

    def __init__(self, schema: TableSchema, where: str):
        self.schema, self.where = schema, where
        self.seen: set[tuple] = set()      # the primary keys so far
        self.count = 0                     # rows so far
        self.errors: list[str] = []

    def add(self, rows: list[dict]) -> None:
        if not self._all_valid(rows):
            self._name_errors(rows)
        self.count += len(rows)

    def _all_valid(self, rows: list[dict]) -> bool:
        schema = self.schema
        if not set(map(tuple, rows)) <= {schema.names}:
            return False
        columns = list(zip(*map(dict.values, rows)))   # the rows' values, a column at a time
        for column, values in zip(schema.columns, columns):
            kinds = set(map(type, values))
            if not kinds - {NoneType} <= set(column.types):
                return False   # bool is its own type: never an integer here
            if column.required and (NoneType in kinds or (str in kinds and "" in values)):
                return False
            if column.enum is not None and (column.enum_set is None or not set(values) - MISSING_SET <= column.enum_set):
                return False
        if not schema.key:
            return True
        try:
            keys = set(zip(*(columns[i] for i in schema.key_at)))
        except TypeError:   # a list or an object in a key column
            return False
        if len(keys) != len(rows) or not self.seen.isdisjoint(keys):
            return False
        self.seen |= keys
        return True

    def _name_errors(self, rows: list[dict]) -> None:
        schema, where, errors = self.schema, self.where, self.errors
        for number, row in enumerate(rows, start=self.count + 1):
            if tuple(row) != schema.names:
                errors.append(f"{where}: row {number}: columns {list(row)} are not the schema's {list(schema.names)}")
                continue
            for column in schema.columns:
                value = row[column.name]
                if value in MISSING:
                    if column.required:
                        errors.append(f"{where}: row {number}: {column.name} is required")
                elif not isinstance(value, column.types) or (isinstance(value, bool) and bool not in column.types):
                    errors.append(f"{where}: row {number}: {column.name} {value!r} is not of type {column.type_name}")
                elif column.enum is not None and value not in column.enum:
                    errors.append(f"{where}: row {number}: {column.name} {value!r} is not one of {column.enum}")
            if schema.key:
                values = tuple(row[k] for k in schema.key)
                try:
                    duplicate = values in self.seen
                except TypeError:   # a list or an object in a key column (named above unless its type allows it)
                    continue
                if duplicate:
                    errors.append(f"{where}: row {number}: primary key {dict(zip(schema.key, values))} is not unique")
                self.seen.add(values)


# --- one table -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TableTask:
    folder: Path
    entry: Entry
    keep: bool                             # whether its rows are wanted back
    columns: tuple[str, ...] | None        # which of their columns (None: all)
    known: Known | None                    # the last check's (digest, row errors) of this table, to reuse
    version: str                           # the checker's libraries (Memo.version), part of the digest


@dataclass
class TableResult:
    file_errors: list[str]                 # its files: looked at every time
    row_errors: list[str]                  # its rows: reused while `digest` is unchanged (Memo)
    rows: list[dict] | None                # the rows kept, None when not asked for
    digest: str                            # what its row errors were made from

    @property
    def errors(self) -> list[str]:
        return self.file_errors + self.row_errors


def check_table(task: TableTask) -> TableResult:
    """One table's errors (its files, then its rows) and the rows asked for; an unreadable file is a SourceError."""
    with collector_paused():
        return _check_table(task)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a table is read: rows are JSON values, which hold no reference cycles,
    and collecting while hundreds of thousands of them are made and dropped cost a fifth of the check."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _check_table(task: TableTask) -> TableResult:
    folder, entry = task.folder, task.entry
    data = read_bytes(inside(folder, entry.path, folder / "datapackage.json", entry.path))
    where = str(folder / entry.path)
    found = cache.key(task.version, where, json.dumps(entry.resource, sort_keys=True), data)
    reused = task.known[1] if task.known and task.known[0] == found else None
    try:
        schema = TableSchema.of(entry.resource["schema"])
        files = file_errors(folder, entry)
    except (KeyError, TypeError, AttributeError, ValueError):
        schema, files = None, []   # a malformed schema: the descriptor's errors say what is wrong with it
    checker = RowChecker(schema, where) if schema and reused is None else None
    kept: list[dict] | None = [] if task.keep else None
    if checker or kept is not None:
        for rows in row_chunks(data, entry.path, f"{folder}/{entry.path}"):
            if checker:
                checker.add(rows)
            if kept is not None:
                kept += rows if task.columns is None else [{c: row.get(c) for c in task.columns} for row in rows]
    row_errors = checker.errors if checker else (reused if schema else [])
    return TableResult(files, row_errors, kept, found)


def file_errors(folder: Path, entry: Entry) -> list[str]:
    """Each of the table's files must be there; a CSV file, with the schema's columns as its header (it is the same
    rows in the same order by the same writer as the JSON file, whose rows are checked)."""
    resource, errors = entry.resource, []
    for fmt in resource.get("formats", ["csv", "json"]):
        path = folder / f"{resource['name']}.{fmt}"
        if not path.is_file():
            errors.append(f"{path}: missing")
        elif fmt == "csv":
            with path.open(encoding="utf-8", newline="") as handle:
                header = next(csv.reader(handle), [])
            if header != entry.columns:
                errors.append(f"{path}: header {header} is not the schema's columns {entry.columns}")
    return errors


# --- where the work runs ---------------------------------------------------------------------------------------

class Pending(Protocol):
    def result(self): ...


Submit = Callable[..., Pending]


class Later:
    """A call made when its result is asked for: a worker pool's future, without the pool."""

    def __init__(self, fn: Callable, *args):
        self.fn, self.args = fn, args

    def result(self):
        return self.fn(*self.args)


@contextmanager
def workers(tables: Path) -> Iterator[Submit]:
    """`submit(fn, *args)` for the check's independent pieces of work: to worker processes when the tables are large
    enough to share, else run one by one here when each result is asked for."""
    processes = min(os.cpu_count() or 1, WORKERS)
    if processes < 2 or folder_bytes(tables) < PARALLEL_BYTES:
        yield Later
        return
    pool = ProcessPoolExecutor(max_workers=processes)
    try:
        yield pool.submit
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def folder_bytes(folder: Path) -> int:
    try:
        return sum(e.stat().st_size for e in os.scandir(folder) if e.is_file())
    except OSError:   # no folder: nothing to share (the check says the package is missing)
        return 0


# --- the last check's results ----------------------------------------------------------------------------------

@dataclass
class Memo:
    """The last check's errors of the descriptor and of each table's rows, each with the digest of what it was
    made from, in a file beside the build state: what has the same digest now is not checked again. Not a cache
    that can go stale: a digest covers every input of its errors (the file's bytes, the table's entry, where it
    is, the checker's code and libraries)."""
    path: Path
    reuse: bool = True                     # False: check everything afresh (a forced build), and record the results

    @property
    def version(self) -> str:
        return f"msgspec {msgspec.__version__} python {sys.version}"   # the checker's code: cache.key adds it

    def load(self) -> tuple[Known | None, dict[str, Known]]:
        """(the descriptor's, each table's), as recorded; nothing when there is no record or it is damaged."""
        if not self.reuse:
            return None, {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            descriptor = _known(data["descriptor"])
            tables = {name: _known(entry) for name, entry in data["tables"].items()}
        except (OSError, ValueError, TypeError, AttributeError, KeyError):   # every table is checked
            return None, {}
        return descriptor, tables

    def save(self, descriptor: Known, tables: dict[str, Known]) -> None:
        atomic.write_file(self.path, json.dumps({"descriptor": descriptor, "tables": tables},
                                                ensure_ascii=False, indent=0, sort_keys=True) + "\n")


def _known(entry) -> Known:
    found, errors = entry
    if not isinstance(found, str) or not isinstance(errors, list) or not all(isinstance(e, str) for e in errors):
        raise ValueError("not a recorded result")
    return found, errors


# --- the whole package -----------------------------------------------------------------------------------------

def validate(tables: Path, keep: dict[str, tuple[str, ...] | None] | None, submit: Submit = Later,
             memo: Memo | None = None) -> tuple[list[str], Side | None]:
    """Errors of the data package, one line each: its descriptor (Frictionless) and every row against its schema;
    and the tables `keep` names (all when None; table -> the columns kept, None: all), for the coverage gate and
    the findings report. A file that cannot be read, or a malformed package, is a SourceError."""
    package_path = tables / "datapackage.json"
    if not package_path.exists():
        return [f"{package_path}: missing (run `make extract`)"], None
    package = read_package(tables)
    entries, failure = [], None
    try:
        entries += package_entries(str(tables), package, tables)
    except SourceError as exc:   # raised after the tables before it are read, as a reader one by one would
        failure = exc
    known_descriptor, known = memo.load() if memo else (None, {})
    version = memo.version if memo else ""
    tasks = [TableTask(tables, e, keep is None or e.name in keep, keep.get(e.name) if keep else None,
                       known.get(e.name), version) for e in entries]
    pending: dict[str, Pending] = {}
    for task in sorted(tasks, key=lambda t: -_size(tables / t.entry.path)):   # the largest first: a shorter tail
        pending[task.entry.name] = submit(check_table, task)
    descriptor = descriptor_errors(package_path, known_descriptor, version)   # meanwhile, here
    results = {e.name: pending[e.name].result() for e in entries}
    if failure:
        raise failure
    if memo:
        memo.save(descriptor, {name: (r.digest, r.row_errors) for name, r in results.items()})
    row_errors = [line for result in results.values() for line in result.errors]
    side = Side(str(tables), {name: r.rows for name, r in results.items() if r.rows is not None},
                {e.name: e.key for e in entries}, {e.name: e.columns for e in entries})
    return descriptor[1] or row_errors, side


def descriptor_errors(package_path: Path, known: Known | None, version: str) -> Known:
    """Frictionless's errors of the package's descriptor (as it reads it), reused while its text is unchanged."""
    text = package_path.read_text(encoding="utf-8")
    libraries = " ".join(f"{name} {metadata.version(name)}" for name in ("frictionless", "jsonschema"))
    found = cache.key(version, libraries, str(package_path), text)
    if known and known[0] == found:
        return known
    from frictionless import Package   # imported only here, once the workers have started: they need none of it

    report = Package.validate_descriptor(json.loads(text))
    return found, [f"{package_path}: {message}" for (message,) in report.flatten(["message"])]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
