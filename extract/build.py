"""`python -m extract build`: extract -> check -> Pelican -> Pagefind, skipping what has not changed.

Each stage has a fingerprint of its inputs (file contents, and the code that
runs it); a stage whose fingerprint matches the last successful run, and
whose output exists, is skipped. Inside a stage, unchanged sources are not
parsed again (cache.py), so a one-document change re-parses one document.
Stage timings are returned for the benchmark.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import cache
from .check import run_check
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


def run_build(layout: Layout, force: bool = False, quiet: bool = False, only: str | None = None,
              gate: bool = True) -> dict[str, float | None]:
    """Run the stages; returns seconds per stage (None for a skipped stage). Raises SystemExit on failure.

    gate=False reports findings without failing on new errors (the benchmark's synthetic corpora repeat the
    real documents' defects under new ids)."""
    state = json.loads(layout.state.read_text()) if layout.state.exists() else {}
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
        layout.state.parent.mkdir(parents=True, exist_ok=True)
        layout.state.write_text(json.dumps(state, indent=1))

    def do_extract() -> None:
        manifest, tables = extract(layout.sources, progress=not quiet)
        write_tables(layout.data, manifest, tables, list(ALL_RESOURCES))

    def do_check() -> None:
        # The tables were just written from these sources, so the stale gate would compare them with themselves.
        if run_check(layout.data, layout.sources, stale_gate=False, quiet=quiet) != 0 and gate:
            raise SystemExit(1)

    def do_site() -> None:
        subprocess.run([sys.executable, "-m", "pelican", str(layout.data.parent), "-o", str(layout.output),
                        "-s", str(layout.root / "pelican.conf.py"), "-q", "-e", f'ATLAS_DATA="{layout.data}"'],
                       check=True, cwd=layout.root)

    def do_index() -> None:
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(layout.output), "--silent"], check=True)

    stage("extract", fingerprint(layout.sources, extra=cache.code_version()), layout.data / "datapackage.json", do_extract)
    tables = fingerprint(layout.data)
    stage("check", fingerprint(layout.root / "extract" / "baseline.yaml", extra=tables + cache.code_version()),
          layout.data / "findings.json", do_check)
    # The site also runs extractor code (names of rows and values, the exports, the calendar): render again when it changes.
    stage("site", fingerprint(*site_code, extra=tables + cache.code_version()), layout.output / "index.html", do_site)
    # The pages are what the site stage made from its inputs: index again exactly when those changed.
    stage("index", "pagefind:" + state.get("site", ""), layout.output / "pagefind" / "pagefind-entry.json", do_index)
    return timings
