"""`python -m extract check`: are the tables valid, current, and free of new inconsistencies?

1. Validation: every resource of datapackage.json against its Table Schema
   (types, required keys, enums, unique primary keys) with frictionless.
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

import json
import tempfile
from pathlib import Path

from . import coverage, diff_report
from .checks.baseline import load_baseline
from .checks.report import report
from .diff import diff_sides, load_folder
from .manifest import load_manifest
from .pipeline import ALL_RESOURCES, extract
from .writer import write_tables


def validate(tables: Path) -> list[str]:
    """Frictionless validation errors of the data package, one line each."""
    from frictionless import Package, system

    from frictionless import FrictionlessException

    package_path = tables / "datapackage.json"
    if not package_path.exists():
        return [f"{package_path}: missing (run `make extract`)"]
    load_folder(tables)   # our own reading first: malformed JSON or a path out of the folder is a SourceError
    try:
        with system.use_context(trusted=True):   # trusted: the paths were checked just above
            report = Package(str(package_path)).validate()
    except FrictionlessException as exc:
        return [f"{package_path}: {exc.error.message}"]
    errors = []
    for task in report.tasks:
        for error in task.errors:
            errors.append(f"{tables / (task.name + '.csv')}: {error.message}")
    return errors


def stale_files(tables: Path, manifest, built) -> tuple[list[str], str]:
    """(table files that differ from a fresh extraction, the keyed diff committed -> fresh)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "data"
        write_tables(fresh, manifest, built, list(ALL_RESOURCES))
        stale = [p.name for p in sorted(fresh.iterdir())
                 if not (tables / p.name).exists() or (tables / p.name).read_bytes() != p.read_bytes()]
        if not stale or not (tables / "datapackage.json").exists():
            return stale, ""
        result = diff_sides(load_folder(tables), load_folder(fresh), include_all=True)
        return stale, diff_report.terminal(result, colour=False)


def coverage_lines(tables: Path, sources: Path, fresh, accept: list[str]) -> list[str]:
    """The coverage gate's failures: the fresh extraction (if any) against the tables, and the tables themselves."""
    current = load_folder(tables).tables if (tables / "datapackage.json").exists() else {}
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
    errors = validate(tables)
    for line in errors:
        print(f"invalid: {line}")
    fresh = extract(sources) if stale_gate else None
    dropped = coverage_lines(tables, sources, fresh, accept or [])
    stale, diff = stale_files(tables, *fresh) if fresh else ([], "")
    if stale:
        print(f"stale: {', '.join(stale)} in {tables} are not what the sources give (run `make extract`):")
        print(diff)
    findings_path = tables / "findings.json"
    findings = json.loads(findings_path.read_text(encoding="utf-8")) if findings_path.exists() else []
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
