"""`python -m extract check`: are the tables valid, current, and free of new inconsistencies?

1. Validation: the datapackage.json descriptor with frictionless, and every
   row of every resource against its Table Schema (columns, types, required
   cells, enums, unique primary keys), each table read once, on both cores
   for large tables (validation.py).
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

import tempfile
from pathlib import Path

from . import coverage, diff_report
from .checks.baseline import load_baseline
from .checks.report import report
from .diff import Side, diff_sides, load_folder
from .manifest import Manifest, load_manifest
from .pipeline import ALL_RESOURCES, extract
from .validation import Memo, validate, workers
from .writer import same_bytes, write_tables


# What the check reads after validating, without the stale gate (table -> its columns read, None: every column):
# the coverage gate's documents and FAQ entries (which document, language, kind, alignment), and the findings.
COVERED: dict[str, tuple[str, ...] | None] = {"documents": None, "faq": ("doc", "lang", "kind", "matched"),
                                              "findings": None}


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


def coverage_lines(fresh, accept: list[str], side: Side | None, manifest: Manifest | None) -> list[str]:
    """The coverage gate's failures: the fresh extraction (if any) against the tables, else the tables themselves
    against the manifest."""
    current = side.tables if side else {}
    if fresh:
        manifest, built = fresh
        failures, lines = coverage.evaluate(current, built, manifest, accept)
    else:
        failures, lines = coverage.evaluate(None, current, manifest, accept)
    for line in lines:
        print(line)
    return failures


def run_check(tables: Path, sources: Path, use_baseline: bool = True, stale_gate: bool = True,
              quiet: bool = False, accept: list[str] | None = None, memo: Memo | None = None,
              manifest: Manifest | None = None) -> int:
    """0 when the tables pass, 1 when they do not. `memo` keeps each table's row errors for the next check;
    `manifest` is the sources' manifest when the caller has just read it (the build, after extracting)."""
    with workers(tables) as submit:
        reading = None if stale_gate or manifest else submit(load_manifest, sources)
        # read once: without the stale gate, the coverage gate reads the documents and FAQ, the report the findings
        errors, side = validate(tables, None if stale_gate else COVERED, submit, memo)
    for line in errors:
        print(f"invalid: {line}")
    fresh = extract(sources) if stale_gate else None
    dropped = coverage_lines(fresh, accept or [], side, reading.result() if reading else manifest)
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
