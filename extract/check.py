"""`python -m extract check`: are the tables valid, current, and free of new inconsistencies?

1. Validation: every resource of datapackage.json against its Table Schema
   (types, required keys, enums, unique primary keys) with frictionless.
2. Stale-table gate: the sources are extracted again into a temporary folder
   and compared file by file with the tables; any difference fails, naming
   the files, so committed tables never drift from committed sources.
3. Findings: the `findings` table (written by `extract run` from the
   consistency checks in checks/) is reported grouped by severity and
   document; an error that the baseline (extract/baseline.yaml) does not
   accept fails the check.
"""
from __future__ import annotations

import difflib
import json
import sys
import tempfile
from pathlib import Path

from .checks.baseline import load_baseline
from .checks.report import report
from .pipeline import ALL_RESOURCES, extract
from .writer import write_tables


def validate(tables: Path) -> list[str]:
    """Frictionless validation errors of the data package, one line each."""
    from frictionless import Package, system

    package_path = tables / "datapackage.json"
    if not package_path.exists():
        return [f"{package_path}: missing (run `make extract`)"]
    with system.use_context(trusted=True):
        report = Package(str(package_path)).validate()
    errors = []
    for task in report.tasks:
        for error in task.errors:
            errors.append(f"{tables / (task.name + '.csv')}: {error.message}")
    return errors


def stale_files(tables: Path, sources: Path) -> list[tuple[str, str]]:
    """(file, unified diff) for every table file that differs from a fresh extraction."""
    manifest, built = extract(sources)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "data"
        write_tables(fresh, manifest, built, list(ALL_RESOURCES))
        out = []
        for path in sorted(fresh.iterdir()):
            if path.suffix != ".csv" and path.name != "datapackage.json":
                continue
            committed = tables / path.name
            old = committed.read_text(encoding="utf-8") if committed.exists() else ""
            new = path.read_text(encoding="utf-8")
            if old != new:
                diff = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                    f"committed/{path.name}", f"sources/{path.name}", n=0))
                out.append((path.name, diff))
        return out


def run_check(tables: Path, sources: Path, use_baseline: bool = True) -> int:
    errors = validate(tables)
    for line in errors:
        print(f"invalid: {line}")
    stale = stale_files(tables, sources)
    for name, diff in stale:
        print(f"stale: {tables / name} is not what the sources give:")
        sys.stdout.write(diff[:4000])
    findings_path = tables / "findings.json"
    findings = json.loads(findings_path.read_text(encoding="utf-8")) if findings_path.exists() else []
    baseline = load_baseline() if use_baseline else {}
    lines, new_errors, stale_baseline = report(findings, baseline)
    print("\n".join(lines))
    counts = {s: sum(f["severity"] == s for f in findings) for s in ("error", "warning", "info")}
    failed = bool(errors or stale or new_errors)
    print(f"check {'FAILED' if failed else 'ok'}: {counts['error']} errors ({new_errors} new), "
          f"{counts['warning']} warnings, {counts['info']} info; {len(stale_baseline)} stale baseline entries; "
          f"{len(errors)} validation errors, {len(stale)} stale table files")
    return 1 if failed else 0
