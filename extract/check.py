"""`python -m extract check`: are the tables valid, current, and free of new inconsistencies?

1. Validation: the datapackage.json descriptor with frictionless, and every
   row of every resource against its Table Schema (columns, types, required
   cells, enums, unique primary keys), read once (validate() says why).
2. Stale-table gate: the sources are extracted again into a temporary folder
   and compared file by file with the tables; any difference fails, naming
   the files and printing the keyed table diff, so committed tables never
   drift from committed sources.
3. Coverage gate (coverage.py): the fresh extraction must not lose rows
   of any document and table against the tables, every document needs FAQ
   entries, and a translation must align with its original; an intended
   removal is accepted with --accept-drop or in extract/coverage.yaml.
4. Findings: the `findings` table (written by `extract run` from the
   consistency checks in checks/) is reported grouped by severity and
   document; an error that the baseline (extract/baseline.yaml) does not
   accept fails the check.
"""
from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

from . import coverage, diff_report
from .checks.baseline import load_baseline
from .checks.report import report
from .diff import Side, diff_sides, load_folder
from .manifest import load_manifest
from .pipeline import ALL_RESOURCES, extract
from .writer import same_bytes, write_tables


# Table Schema types -> the Python values the writer makes them from (bool is not an integer here).
TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "integer": (int,), "boolean": (bool,), "number": (int, float),
                                      "object": (dict,), "array": (list,)}
MISSING = (None, "")   # Table Schema's default missing values, as JSON gives them
NoneType = type(None)
UNHASHABLE = ("object", "array")   # JSON objects and lists: their cells cannot go into a set
# What the check reads after validating, without the stale gate (table -> its columns read, None: every column):
# the coverage gate's documents and FAQ entries (which document, language, kind, alignment), and the findings.
COVERED: dict[str, tuple[str, ...] | None] = {"documents": None, "faq": ("doc", "lang", "kind", "matched"),
                                              "findings": None}


def validate(tables: Path, keep: dict[str, tuple[str, ...] | None] | None = None) -> tuple[list[str], Side | None]:
    """Errors of the data package, one line each: its descriptor (Frictionless) and every row against its schema;
    and the tables `keep` names (all when None), for the coverage gate and the findings report.

    The rows are checked once, as each table is read, for what each Table Schema promises: the columns, each
    cell's type, required cells, enums and unique primary keys; a table nothing reads afterwards is let go at
    once, so the check holds one large table at a time. Frictionless re-reading every file, sniffing and
    re-casting each cell took two thirds of the check stage; its full validation of the written files is in the
    tests (test_datapackage.py). A CSV file is the same rows in the same order by the same writer: it must be
    there, with the schema's columns as its header.
    """
    from frictionless import Package

    package_path = tables / "datapackage.json"
    if not package_path.exists():
        return [f"{package_path}: missing (run `make extract`)"], None
    row_errors: list[str] = []
    kept: dict[str, list[dict]] = {}

    def visit(resource: dict, rows: list[dict]) -> None:
        try:
            row_errors.extend(_resource_errors(tables, resource, rows))
        except (KeyError, TypeError, AttributeError):
            pass   # a malformed schema: the descriptor's errors below say what is wrong with it
        name = resource["name"]
        if keep is None or name in keep:
            columns = keep.get(name) if keep else None
            kept[name] = rows if columns is None else [{c: row.get(c) for c in columns} for row in rows]
    # our own reading first: malformed JSON or a path out of the folder is a SourceError
    side = load_folder(tables, (), visit)
    side.tables = kept
    package = json.loads(package_path.read_text(encoding="utf-8"))
    report = Package.validate_descriptor(package)
    errors = [f"{package_path}: {message}" for (message,) in report.flatten(["message"])]
    return errors or row_errors, side


def _resource_errors(tables: Path, resource: dict, rows: list[dict]) -> list[str]:
    fields = resource["schema"]["fields"]
    names = [f["name"] for f in fields]
    where = tables / (resource.get("json") or resource["path"].replace(".csv", ".json"))   # as load_folder reads it
    errors = []
    for fmt in resource.get("formats", ["csv", "json"]):
        path = tables / f"{resource['name']}.{fmt}"
        if not path.is_file():
            errors.append(f"{path}: missing")
        elif fmt == "csv":
            with path.open(encoding="utf-8", newline="") as handle:
                header = next(csv.reader(handle), [])
            if header != names:
                errors.append(f"{path}: header {header} is not the schema's columns {names}")
    if _columns_valid(resource["schema"], names, rows):
        return errors   # the usual case, checked a column at a time; otherwise find and name each bad row
    checks = [(f["name"], TYPES.get(f["type"], (object,)), f["type"], f.get("constraints", {})) for f in fields]
    key = resource["schema"].get("primaryKey", [])
    seen: set[tuple] = set()
    for number, row in enumerate(rows, start=1):
        if list(row) != names:
            errors.append(f"{where}: row {number}: columns {list(row)} are not the schema's {names}")
            continue
        for name, types, type_name, constraints in checks:
            value = row[name]
            if value in MISSING:
                if constraints.get("required"):
                    errors.append(f"{where}: row {number}: {name} is required")
            elif not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
                errors.append(f"{where}: row {number}: {name} {value!r} is not of type {type_name}")
            elif "enum" in constraints and value not in constraints["enum"]:
                errors.append(f"{where}: row {number}: {name} {value!r} is not one of {constraints['enum']}")
        if key:
            values = tuple(row[k] for k in key)
            if values in seen:
                errors.append(f"{where}: row {number}: primary key {dict(zip(key, values))} is not unique")
            seen.add(values)
    return errors


def _columns_valid(schema: dict, names: list[str], rows: list[dict]) -> bool:
    """Whether every row has the schema's columns in order, every cell its column's type and constraints, and
    the primary key is unique: a few C loops per column (the cells' types, a look for missing values) instead
    of a Python loop per cell; only enum columns and the primary key go into sets. False sends the table to
    the row-by-row check, which names each bad row."""
    if not set(map(tuple, rows)) <= {tuple(names)}:
        return False
    columns = dict(zip(names, zip(*(row.values() for row in rows)))) if rows else {name: () for name in names}
    types = {f["name"]: f["type"] for f in schema["fields"]}
    for f in schema["fields"]:
        values, constraints = columns[f["name"]], f.get("constraints", {})
        kinds = set(map(type, values))
        present = kinds - {NoneType}
        if not present <= set(TYPES.get(f["type"], (object,))):
            return False   # bool is its own type: never an integer here
        if constraints.get("required") and (NoneType in kinds or (str in present and "" in values)):
            return False
        if "enum" in constraints and (f["type"] in UNHASHABLE or not set(values) - set(MISSING) <= set(constraints["enum"])):
            return False
    key = schema.get("primaryKey", [])
    if any(types.get(k) in UNHASHABLE for k in key):
        return False
    return not key or len(set(zip(*(columns[k] for k in key)))) == len(rows)


def stale_files(tables: Path, manifest, built) -> tuple[list[str], str]:
    """(table files that differ from a fresh extraction, the keyed diff committed -> fresh)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "data"
        write_tables(fresh, manifest, built, list(ALL_RESOURCES))
        stale = [p.name for p in sorted(fresh.iterdir()) if not same_bytes(p, tables / p.name)]
        if not stale or not (tables / "datapackage.json").exists():
            return stale, ""
        result = diff_sides(load_folder(tables), load_folder(fresh), include_all=True)
        return stale, diff_report.terminal(result, colour=False)


def coverage_lines(tables: Path, sources: Path, fresh, accept: list[str], side: Side | None = None) -> list[str]:
    """The coverage gate's failures: the fresh extraction (if any) against the tables, and the tables themselves."""
    current = side.tables if side else {}
    if fresh:
        manifest, built = fresh
        failures, lines = coverage.evaluate(current, built, manifest, accept)
    else:
        failures, lines = coverage.evaluate(None, current, load_manifest(sources), accept)
    for line in lines:
        print(line)
    return failures


def run_check(tables: Path, sources: Path, use_baseline: bool = True, stale_gate: bool = True,
              quiet: bool = False, accept: list[str] | None = None) -> int:
    # read once: without the stale gate, the coverage gate reads the documents and FAQ, the report the findings
    errors, side = validate(tables, None if stale_gate else COVERED)
    for line in errors:
        print(f"invalid: {line}")
    fresh = extract(sources) if stale_gate else None
    dropped = coverage_lines(tables, sources, fresh, accept or [], side)
    stale, diff = stale_files(tables, *fresh) if fresh else ([], "")
    if stale:
        print(f"stale: {', '.join(stale)} in {tables} are not what the sources give (run `make extract`):")
        print(diff)
    findings = side.tables.get("findings", []) if side else []
    baseline = load_baseline() if use_baseline else {}
    lines, new_errors, stale_baseline = report(findings, baseline)
    if not quiet or new_errors:
        print("\n".join(lines))
    counts = {s: sum(f["severity"] == s for f in findings) for s in ("error", "warning", "info")}
    failed = bool(errors or stale or new_errors or dropped)
    print(f"check {'FAILED' if failed else 'ok'}: {counts['error']} errors ({new_errors} new), "
          f"{counts['warning']} warnings, {counts['info']} info; {len(stale_baseline)} stale baseline entries; "
          f"{len(errors)} validation errors, {len(stale)} stale table files, {len(dropped)} coverage drops")
    return 1 if failed else 0
