"""`python -m extract build`: extract -> check -> Pelican -> Pagefind, skipping what has not changed; the check
runs while Pelican renders (it reads the tables only), and the new site is swapped in only when both succeeded.

Each stage has a fingerprint of its inputs (file contents, and the code that
runs it); a stage whose fingerprint matches the last successful run, and
whose output exists, is skipped. Inside a stage, unchanged sources are not
extracted again (cache.py), so a one-document change re-extracts one document group.
Stage timings are returned for the benchmark.

Nothing half-made is published: the site is rendered and indexed in a
sibling folder, which replaces output/ only when Pelican and Pagefind both
succeeded (atomic.py); the state file is replaced whole, and a corrupt one is
ignored with a warning (every stage then runs).

A rebuild starts from the previous site (`--force` never does): the sibling
folder gets the previous search index and published tables as hard links
(only ever replaced, never written into, so the published site cannot change
under its readers), and, when the site plugin records what each page was
made from (.atlas-pages.json), links to the pages, which Pelican then
rewrites only where their rows changed (ATLAS_REUSE). The folder is filled
while Pelican reads the tables; Pelican writes once it is (STAGING_READY). Pagefind indexes each
language's pages in shards, a run each, and only the shards whose pages
changed (indexing.py).
"""
from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pagefind_bin

from . import atomic, cache
from .atomic import link_or_copy
from .check import run_check
from .coverage import enforce
from .errors import SourceError
from .indexing import INDEX_RECORD, PAGEFIND, index_languages
from .manifest import Manifest
from .pipeline import ALL_RESOURCES, extract, table_digests
from .tables.base import JSON_GZ
from .validation import Memo
from .writer import write_tables

ROOT = Path(__file__).resolve().parent.parent
# Folders and records of the built site.
DATA = "data"                       # the tables, published by the site plugin (plugins/atlas_site/publish.py)
PAGES_RECORD = ".atlas-pages.json"  # the site plugin's page -> fingerprint of what it was made from
READS_RECORD = ".atlas-reads.json"  # the site plugin's hash of every read of those pages
# Made in the new site once it holds the previous one's files (prepopulate), which happens while Pelican reads the
# tables: the site plugin waits for it before anything is written (plugins/atlas_site/__init__.py), then removes it.
STAGING_READY = ".atlas-staging-ready"
PAGE_FILE = "index.html"            # every page of the site is a folder's index.html


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

    @property
    def checked(self) -> Path:
        """The check stage's record of each table's results (validation.Memo), beside the build state."""
        return self.state.with_name(f"{self.state.stem}.checked.json")


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


# Pelican logs a plugin it cannot import, or a page it cannot write, as an error and goes on, exiting 0 with a site
# that lacks them: errors are made fatal (so the previous site is kept), and are logged one line each (no -q: it
# would hide them from the fatal check, which sees only what is logged).
PELICAN_LOGGING = ("--fatal", "errors", "--log-handler", "plain")


@dataclass
class Running:
    """Pelican or Pagefind started (start_tool), its output kept in files until it ends (a pipe nobody reads while
    the build does other work would stop it once full)."""
    process: subprocess.Popen
    what: str
    out: IO[bytes]
    err: IO[bytes]

    def wait(self) -> None:
        """Its end, and that of any process it left in its group; a failure is a one-line error with what the tool
        said first on stderr (its own account of the error, before any traceback), else its last words."""
        os.waitid(os.P_PID, self.process.pid, os.WEXITED | os.WNOWAIT)   # ended, not yet reaped: its group id is
        self._end_group()                                                # still its own
        code = self.process.wait()
        stdout, stderr = (self._read(f) for f in (self.out, self.err))
        if code:
            told = [line for line in stderr.splitlines() if line.strip()]
            said = told[:1] or [line for line in stdout.splitlines() if line.strip()][-1:]
            detail = said[0].strip() if said else f"exit status {code}"
            raise SourceError(self.what, "", f"failed, the previous site is kept: {detail}")
        if stderr.strip():
            print(stderr.rstrip(), file=sys.stderr)

    def stop(self) -> None:
        """Stopped with every process it started (its own process group: Pelican's exports process too)."""
        if self.process.returncode is None:   # not reaped: the group id is still its own
            self._end_group()
            self.process.wait()
        for file in (self.out, self.err):
            file.close()

    def _end_group(self) -> None:
        """Every process of its group killed: a tool killed hard (out of memory) leaves what it started running."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    @staticmethod
    def _read(file: IO[bytes]) -> str:
        file.seek(0)
        text = file.read().decode("utf-8", errors="replace")
        file.close()
        return text


def start_tool(args: list[str], what: str, cwd: Path | None = None) -> Running:
    """Start Pelican or Pagefind in a process group of its own (Running.stop ends it and what it started)."""
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    return Running(subprocess.Popen(args, cwd=cwd, stdout=out, stderr=err, start_new_session=True), what, out, err)


def run_tool(args: list[str], what: str, cwd: Path | None = None) -> None:
    """Run Pelican or Pagefind to its end (Running.wait)."""
    running = start_tool(args, what, cwd)
    try:
        running.wait()
    finally:
        running.stop()


def prepopulate(previous: Path, staging: Path, tables: Path, pages: bool, generated_data: bool,
                records: bool = True) -> None:
    """Start the new site from the previous one. Files whose writers replace them, never write into them, are
    hard-linked: the search index, the tables still published as they are and, when `pages`, the pages (the site
    plugin removes a page's file before writing it). Linking matters beyond the copy: removing the previous
    site after the swap then frees only what changed. Other files, which Pelican writes into (theme files, the
    site map), are copied when `pages`; files the plugin makes under data/ (exports, answers) when
    `generated_data`; the plugin's records of the pages only when `records`: a render reads the previous site's
    and writes its own (71 MB at N = 1000, copied for nothing)."""
    for path in sorted(previous.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(previous)
        top = rel.parts[0]
        if not records and len(rel.parts) == 1 and rel.name in (PAGES_RECORD, READS_RECORD):
            continue
        if top == PAGEFIND or rel.name == INDEX_RECORD and len(rel.parts) == 1 or \
                top == DATA and tables.joinpath(*rel.parts[1:]).is_file() or pages and rel.name == PAGE_FILE:
            link_or_copy(path, staging / rel)
        elif (pages and (top != DATA or rel.name == PAGE_FILE)) or (generated_data and top == DATA):
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, staging / rel)


def cpu_seconds() -> float:
    """Processor time (user and system) of this process and of its children that have ended: a stage's
    difference is the work it did on every core, its extractor workers, Pelican and Pagefind included."""
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                 resource.getrusage(resource.RUSAGE_CHILDREN)))


def run_build(layout: Layout, force: bool = False, quiet: bool = False, only: str | None = None,
              gate: bool = True, accept: list[str] | None = None,
              cpu: dict[str, float] | None = None) -> dict[str, float | None]:
    """Run the stages; returns seconds per stage (None for a skipped stage). Raises SystemExit on failure.
    `cpu`, when given, receives each stage's processor seconds (cpu_seconds; the site stage's include its index).

    gate=False reports findings without failing on new errors (the benchmark's synthetic corpora repeat the
    real documents' defects under new ids)."""
    for record in (layout.state, layout.checked):
        atomic.clean_temporaries(record.parent, f".{record.name}.*.tmp")
    atomic.clean_temporaries(cache.CACHE_DIR, "**/*.tmp")
    state = load_state(layout.state)
    timings: dict[str, float | None] = {}
    site_code = [layout.root / "theme", layout.root / "plugins", layout.root / "pelican.conf.py"]

    def skipped(name: str, inputs: str, output: Path) -> bool:
        """Another stage runs alone, or this one's inputs are those of its last run and its output is there."""
        return bool(only and name != only) or (not force and state.get(name) == inputs and output.exists())

    def stage(name: str, inputs: str, output: Path, action) -> None:
        if only and name != only:
            return
        if skipped(name, inputs, output):
            timings[name] = None
            if not quiet:
                print(f"{name}: unchanged, skipped")
            return
        started, processor = time.perf_counter(), cpu_seconds()
        action()
        timings[name] = time.perf_counter() - started
        if cpu is not None:
            cpu[name] = cpu_seconds() - processor
        state[name] = inputs
        save_state(layout.state, state)

    extracted: list[Manifest] = []   # the manifest the extract stage read: the check stage's, in the same build

    def do_extract() -> None:
        manifest, tables = extract(layout.sources, progress=not quiet)
        extracted.append(manifest)
        if gate:   # before anything is replaced: a broken update keeps the previous tables and site
            enforce(layout.data, manifest, tables, accept)
        write_tables(layout.data, manifest, tables, list(ALL_RESOURCES), table_digests(tables))

    def do_check() -> None:
        # The tables were just written from these sources, so the stale gate would compare them with themselves.
        # Tables unchanged since the last check keep their row errors (Memo); a forced build checks every one.
        memo = Memo(layout.checked, reuse=not force)
        if run_check(layout.data, layout.sources, stale_gate=False, quiet=quiet, memo=memo,
                     manifest=extracted[-1] if extracted else None) != 0 and gate:
            raise SystemExit(1)

    def render(staging: Path, reuse: bool, start: Path | None, alongside: Callable[[], None]) -> None:
        """Pelican renders into staging while `alongside` runs here; a failure of `alongside` stops Pelican, and
        Pelican's is reported once `alongside` is done. With a previous site (start), staging is filled from it
        meanwhile: Pelican reads the tables and the previous site's records first, and writes only once staging
        is ready (STAGING_READY), so the seconds of linking thousands of files overlap its own."""
        # The staging folder is new, and holds what it reuses of the previous site: Pelican must not empty it.
        # The previous site itself (start) gives the parts of the translator exports whose documents are unchanged.
        settings = [f"ATLAS_DATA={json.dumps(str(layout.data))}", "DELETE_OUTPUT_DIRECTORY=false"] + \
            (["ATLAS_REUSE=true"] if reuse else []) + \
            ([f"ATLAS_PREVIOUS={json.dumps(str(start))}", f"ATLAS_STAGING_READY={json.dumps(STAGING_READY)}"]
             if start else [])
        pelican = start_tool([sys.executable, "-m", "pelican", str(layout.data.parent), "-o", str(staging),
                              "-s", str(layout.root / "pelican.conf.py"), *PELICAN_LOGGING, "-e", *settings],
                             "pelican (site stage)", cwd=layout.root)
        try:
            if start is not None:
                prepopulate(start, staging, layout.data, pages=reuse, generated_data=False, records=False)
                (staging / STAGING_READY).touch()
            alongside()
            pelican.wait()
        finally:
            pelican.stop()

    def run_pagefind(site: Path, bundle: Path) -> None:
        # Pagefind's own executable: its Python wrapper (`python -m pagefind`) costs a Python start per shard.
        run_tool([str(pagefind_bin.get_executable()), "--site", str(site), "--output-path", str(bundle), "--silent"],
                 "pagefind (index stage)")

    def index(staging: Path) -> None:
        languages = index_languages(staging, run_pagefind, force)
        if not quiet:
            print(f"index: {', '.join(languages) or 'no language'} indexed")

    def previous() -> Path | None:
        """The published site to start from, unless this is a full build."""
        return None if force or not (layout.output / "index.html").is_file() else layout.output

    indexed: list[float] = []   # seconds Pagefind took inside the site stage

    def do_site(alongside: Callable[[], None] = lambda: None) -> None:
        """Render, and index in the same staging folder: output/ changes only when both succeed, and `alongside`
        (the check stage, run while Pelican renders) too."""
        start = previous()
        with atomic.replace_folder(layout.output) as staging:
            reuse = start is not None and (start / PAGES_RECORD).is_file()
            render(staging, reuse, start, alongside)
            if only != "site":
                started = time.perf_counter()
                index(staging)
                indexed.append(time.perf_counter() - started)

    def do_index() -> None:
        """Index the published pages again (the site stage was skipped or run alone), in a copy that is swapped in."""
        with atomic.replace_folder(layout.output) as staging:
            if layout.output.is_dir():
                prepopulate(layout.output, staging, layout.data, pages=True, generated_data=True)
            index(staging)

    stage("extract", fingerprint(layout.sources, extra=cache.code_version()), layout.data / "datapackage.json", do_extract)
    tables = fingerprint(layout.data)
    check_inputs = fingerprint(layout.root / "extract" / "baseline.yaml", extra=tables + cache.code_version())
    checked = layout.data / f"findings.{JSON_GZ}"
    # The site also runs extractor code (names of rows and values, the exports, the calendar): render again when it changes.
    site_inputs = fingerprint(*site_code, extra=tables + cache.code_version())
    site = layout.output / "index.html"

    def check() -> None:
        stage("check", check_inputs, checked, do_check)

    if skipped("check", check_inputs, checked) or skipped("site", site_inputs, site):
        check()
        stage("site", site_inputs, site, do_site)
    else:
        # The check reads the tables only: it runs while Pelican renders them (on another core). The new site is
        # swapped in only after both succeeded, so a failed check still keeps the previous site. The site stage's
        # seconds are its own, the check's overlapping them; its processor time is without the check's.
        stage("site", site_inputs, site, lambda: do_site(alongside=check))
        if cpu is not None and "site" in cpu and "check" in cpu:
            cpu["site"] -= cpu["check"]
    if indexed:   # indexed inside the site stage, before the swap
        timings["site"] -= indexed[0]
        timings["index"] = indexed[0]
        state["index"] = "pagefind:" + site_inputs
        save_state(layout.state, state)
        return timings
    # The pages are what the site stage made from its inputs: index again exactly when those changed.
    stage("index", "pagefind:" + state.get("site", ""), layout.output / "pagefind" / "pagefind-entry.json", do_index)
    return timings
