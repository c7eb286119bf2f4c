"""`python -m extract build`: extract -> check -> Pelican -> Pagefind, skipping what has not changed.

Each stage has a fingerprint of its inputs (file contents, and the code that
runs it); a stage whose fingerprint matches the last successful run, and
whose output exists, is skipped. Inside a stage, unchanged sources are not
parsed again (cache.py), so a one-document change re-parses one document.
Stage timings are returned for the benchmark.

Nothing half-made is published: the site is rendered and indexed in a
sibling folder, which replaces output/ only when Pelican and Pagefind both
succeeded (atomic.py); the state file is replaced whole, and a corrupt one is
ignored with a warning (every stage then runs).
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import atomic, cache
from .check import run_check
from .coverage import enforce
from .errors import SourceError
from .pipeline import ALL_RESOURCES, extract
from .writer import write_tables

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Layout:
    sources: Path
    data: Path
    output: Path
    state: Path
    root: Path = ROOT

    @classmethod
    def default(cls) -> "Layout":
        return cls(ROOT / "sources", ROOT / "content" / "data", ROOT / "output", cache.CACHE_DIR.parent / "build-state.json")


def fingerprint(*paths: Path, extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for base in paths:
        files = sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if base.is_dir() else [base]
        for path in files:
            digest.update(str(path.relative_to(base.parent)).encode())
            digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def load_state(path: Path) -> dict[str, str]:
    """The fingerprints of the last successful stages; a missing or corrupt file means 'run everything'."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        print(f"warning: {path}: ignored, cannot be read ({exc}); every stage runs", file=sys.stderr)
        return {}
    if not isinstance(state, dict) or not all(isinstance(v, str) for v in state.values()):
        print(f"warning: {path}: ignored, not a build state; every stage runs", file=sys.stderr)
        return {}
    return state


def save_state(path: Path, state: dict[str, str]) -> None:
    atomic.write_file(path, json.dumps(state, indent=1, sort_keys=True) + "\n")


def run_tool(args: list[str], what: str, cwd: Path | None = None) -> None:
    """Run Pelican or Pagefind; a failure is a one-line error with the tool's own last words."""
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if result.returncode:
        said = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        detail = said[-1].strip() if said else f"exit status {result.returncode}"
        raise SourceError(what, "", f"failed, the previous site is kept: {detail}")
    if result.stderr.strip():
        print(result.stderr.rstrip(), file=sys.stderr)


def normalise_pagefind(site: Path) -> None:
    """Pagefind writes the languages of pagefind-entry.json in hash-map order: sort them, for identical bytes."""
    entry = site / "pagefind" / "pagefind-entry.json"
    if entry.exists():
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def run_build(layout: Layout, force: bool = False, quiet: bool = False, only: str | None = None,
              gate: bool = True, accept: list[str] | None = None) -> dict[str, float | None]:
    """Run the stages; returns seconds per stage (None for a skipped stage). Raises SystemExit on failure.

    gate=False reports findings without failing on new errors (the benchmark's synthetic corpora repeat the
    real documents' defects under new ids)."""
    atomic.clean_temporaries(layout.state.parent, f".{layout.state.name}.*.tmp")
    atomic.clean_temporaries(cache.CACHE_DIR)
    state = load_state(layout.state)
    timings: dict[str, float | None] = {}
    site_code = [layout.root / "theme", layout.root / "plugins", layout.root / "pelican.conf.py"]

    def stage(name: str, inputs: str, output: Path, action) -> None:
        if only and name != only:
            return
        if not force and state.get(name) == inputs and output.exists():
            timings[name] = None
            if not quiet:
                print(f"{name}: unchanged, skipped")
            return
        started = time.perf_counter()
        action()
        timings[name] = time.perf_counter() - started
        state[name] = inputs
        save_state(layout.state, state)

    def do_extract() -> None:
        manifest, tables = extract(layout.sources, progress=not quiet)
        if gate:   # before anything is replaced: a broken update keeps the previous tables and site
            enforce(layout.data, manifest, tables, accept)
        write_tables(layout.data, manifest, tables, list(ALL_RESOURCES))

    def do_check() -> None:
        # The tables were just written from these sources, so the stale gate would compare them with themselves.
        if run_check(layout.data, layout.sources, stale_gate=False, quiet=quiet) != 0 and gate:
            raise SystemExit(1)

    def render(staging: Path) -> None:
        run_tool([sys.executable, "-m", "pelican", str(layout.data.parent), "-o", str(staging),
                  "-s", str(layout.root / "pelican.conf.py"), "-q", "-e", f"ATLAS_DATA={json.dumps(str(layout.data))}"],
                 "pelican (site stage)", cwd=layout.root)

    def index(staging: Path) -> None:
        run_tool([sys.executable, "-m", "pagefind", "--site", str(staging), "--silent"], "pagefind (index stage)")
        normalise_pagefind(staging)

    indexed: list[float] = []   # seconds Pagefind took inside the site stage

    def do_site() -> None:
        """Render, and index in the same staging folder: output/ changes only when both succeed."""
        with atomic.replace_folder(layout.output) as staging:
            render(staging)
            if only != "site":
                started = time.perf_counter()
                index(staging)
                indexed.append(time.perf_counter() - started)

    def do_index() -> None:
        """Index the published pages again (the site stage was skipped or run alone): a copy, then swapped."""
        with atomic.replace_folder(layout.output) as staging:
            shutil.copytree(layout.output, staging, dirs_exist_ok=True)
            index(staging)

    stage("extract", fingerprint(layout.sources, extra=cache.code_version()), layout.data / "datapackage.json", do_extract)
    tables = fingerprint(layout.data)
    stage("check", fingerprint(layout.root / "extract" / "baseline.yaml", extra=tables + cache.code_version()),
          layout.data / "findings.json", do_check)
    # The site also runs extractor code (names of rows and values, the exports, the calendar): render again when it changes.
    site_inputs = fingerprint(*site_code, extra=tables + cache.code_version())
    stage("site", site_inputs, layout.output / "index.html", do_site)
    if indexed:   # indexed inside the site stage, before the swap
        timings["site"] -= indexed[0]
        timings["index"] = indexed[0]
        state["index"] = "pagefind:" + site_inputs
        save_state(layout.state, state)
        return timings
    # The pages are what the site stage made from its inputs: index again exactly when those changed.
    stage("index", "pagefind:" + state.get("site", ""), layout.output / "pagefind" / "pagefind-entry.json", do_index)
    return timings
