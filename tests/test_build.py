"""The incremental build: skipped stages, the parse cache, parallel parsing, progress, benchmark corpora."""
import io
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from extract import build as build_module, pipeline
from extract.bench import Workspace, change_one_document, edit_without_data_change, first_translation, make_corpus
from extract.build import Layout, run_build
from extract.errors import SourceError
from extract.progress import Progress


def build(folder: Path, sources: Path, *extra: str) -> dict:
    env = {**os.environ, "ATLAS_CACHE": str(folder / "cache")}
    result = subprocess.run([sys.executable, "-m", "extract", "build", "--json", "--report-only",
                             "--sources", str(sources), "--data", str(folder / "content" / "data"),
                             "--output", str(folder / "output"), "--state", str(folder / "state.json"), *extra],
                            capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])["timings"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    return folder, make_corpus(folder, 3)


def test_second_build_skips_every_stage_and_a_change_reruns_them(corpus):
    folder, sources = corpus
    first = build(folder, sources)
    assert all(first[s] is not None for s in ("extract", "check", "site", "index"))
    assert (folder / "output" / "docs" / "page-2" / "index.html").exists()
    # A row of another document links to that document's own page, where the anchor exists.
    hours = (folder / "output" / "business-hours" / "index.html").read_text()
    anchor = "what-hours-are-considered-local-business-hours-for-support-v2"
    assert f'href="../docs/page-2/#{anchor}"' in hours
    assert f'id="{anchor}"' in (folder / "output" / "docs" / "page-2" / "index.html").read_text()
    data = folder / "content" / "data"
    stamps = {p.name: p.stat().st_mtime_ns for p in data.iterdir()}
    assert build(folder, sources) == {"extract": None, "check": None, "site": None, "index": None}
    cached = set((folder / "cache" / "extract").iterdir())
    published = {p.name: p.stat().st_ino for p in (folder / "output" / "data").iterdir()}
    page = sources / "nl" / "page-1.txt"
    page.write_text(page.read_text().replace("ProDirect: < 2 uur", "ProDirect: < 3 uur"))
    third = build(folder, sources)
    assert all(third[s] is not None for s in ("extract", "check", "site", "index"))
    # Only the changed pair was parsed again: one new cache entry.
    assert len(set((folder / "cache" / "extract").iterdir()) - cached) == 1
    # Tables whose bytes did not change kept their timestamps; the response times did change.
    after = {p.name: p.stat().st_mtime_ns for p in data.iterdir()}
    assert after["documents.csv"] == stamps["documents.csv"]
    assert after["response_times.csv"] != stamps["response_times.csv"]
    # The new site shares the unchanged tables with the previous one instead of copying them again, and
    # publishes the changed ones as they are now; none is a link to content/data (edited there, it would change
    # the published site).
    now = folder / "output" / "data"
    assert (now / "documents.csv").stat().st_ino == published["documents.csv"]
    assert (now / "response_times.csv").read_bytes() == (data / "response_times.csv").read_bytes()
    assert all(not (now / p.name).samefile(p) for p in data.iterdir())


def test_a_rebuild_never_writes_into_the_published_site_and_shares_its_unchanged_pages(tmp_path):
    """The new site starts from links to the published one's files (extract/build.py prepopulate): what is written
    again must become a new file, or the published site would change before the swap (and a failed or killed
    build would leave it a mix); what stays as it was stays one file, so removing the old site frees little."""
    sources = make_corpus(tmp_path, 2)
    build(tmp_path, sources)
    output, snapshot = tmp_path / "output", tmp_path / "snapshot"
    published = {}
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        rel = path.relative_to(output)
        (snapshot / rel).parent.mkdir(parents=True, exist_ok=True)
        os.link(path, snapshot / rel)   # keeps the published file itself, whatever the rebuild does to its name
        published[rel] = path.read_bytes()
    page = sources / "nl" / "page-1.txt"
    page.write_text(page.read_text().replace("ProDirect: < 2 uur", "ProDirect: < 3 uur"))
    assert build(tmp_path, sources)["site"] is not None
    assert {rel: (snapshot / rel).read_bytes() for rel in published} == published
    before, after = (json.loads((folder / ".atlas-pages.json").read_text()) for folder in (snapshot, output))
    kept = [rel for rel in published if str(rel) in after and before.get(str(rel)) == after[str(rel)]]
    changed = [rel for rel in published if rel.name == "index.html" and (output / rel).is_file() and
               (output / rel).read_bytes() != published[rel]]
    assert kept and changed, "the change should rewrite some pages and leave others"
    assert not (output / build_module.STAGING_READY).exists()
    assert all((output / rel).samefile(snapshot / rel) for rel in kept)
    assert not any((output / rel).samefile(snapshot / rel) for rel in changed)


def test_pelican_writes_nothing_until_the_build_has_filled_the_new_site(tmp_path):
    """The build links the previous site into the new one while Pelican reads the tables (ATLAS_STAGING_READY): the
    site plugin writes no page before the build says the folder is ready, then removes the sign and renders."""
    output, ready = tmp_path / "site", tmp_path / "site" / build_module.STAGING_READY
    pelican = subprocess.Popen([sys.executable, "-m", "pelican", "content", "-o", str(output), "-s", "pelican.conf.py",
                                "-q", "-e", f'ATLAS_STAGING_READY="{build_module.STAGING_READY}"'], cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while not (output / "data").is_dir() and time.monotonic() < deadline:   # the exports: the tables are read
            time.sleep(0.05)
        time.sleep(3)   # more than the bundled site takes to render
        assert pelican.poll() is None and (output / "data").is_dir()
        assert not list(output.rglob("index.html"))
        ready.touch()
        assert pelican.wait(timeout=120) == 0
    finally:
        pelican.kill()
    assert (output / "index.html").is_file() and not ready.exists()


def page(lang: str, text: str) -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head><title>{text}</title></head><body><main><h1>{text}</h1>' \
           f"<p>{text} support response times</p></main></body></html>"


def test_search_index_is_made_per_language_and_again_only_for_a_changed_language(tmp_path):
    """Each language is indexed in a run of its own, again only when its pages changed, and the merged
    bundle is the one a single Pagefind run over every page writes."""
    from extract.indexing import ENTRY, entry_bytes, index_languages

    site = tmp_path / "site"
    pages = {"index.html": page("en", "Premier"), "plans/a/index.html": page("en", "Unified"),
             "nl/index.html": page("nl", "Ondersteuning"), "nl/plans/a/index.html": page("nl", "Responstijden")}
    for rel, html in pages.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(html)

    def pagefind(source: Path, bundle: Path) -> None:
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(bundle),
                        "--silent"], check=True)

    def bundle_of_one_run() -> dict[str, bytes]:
        whole = tmp_path / "whole"
        pagefind(site, whole)
        (whole / ENTRY).write_text(entry_bytes(json.loads((whole / ENTRY).read_text())))
        return {str(p.relative_to(whole)): p.read_bytes() for p in sorted(whole.rglob("*")) if p.is_file()}

    def bundle() -> dict[str, bytes]:
        folder = site / "pagefind"
        return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    assert index_languages(site, pagefind, force=True) == ["en", "nl"]
    assert index_languages(site, pagefind, force=False) == []
    (site / "nl" / "plans" / "a" / "index.html").write_text(page("nl", "Bedrijfsuren"))
    assert index_languages(site, pagefind, force=False) == ["nl"]
    assert bundle() == bundle_of_one_run()
    assert not (site / ".pagefind-runs").exists()
    for rel in ("nl/index.html", "nl/plans/a/index.html"):   # a language without pages leaves the index
        (site / rel).unlink()
    assert index_languages(site, pagefind, force=False) == []
    assert list(json.loads((site / "pagefind" / ENTRY).read_text())["languages"]) == ["en"]
    assert not [name for name in bundle() if name.split("/")[-1].startswith(("nl_", "pagefind.nl_", "wasm.nl"))]


def test_parallel_and_serial_parsing_give_the_same_tables(corpus, monkeypatch, tmp_path):
    _, sources = corpus
    monkeypatch.setenv("ATLAS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(pipeline.cache, "CACHE_DIR", tmp_path / "cache" / "extract")
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    parallel = {name: list(rows) for name, rows in pipeline.extract(sources)[1].items()}
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10_000)
    monkeypatch.setattr(pipeline.cache, "CACHE_DIR", tmp_path / "other-cache")
    serial = {name: list(rows) for name, rows in pipeline.extract(sources)[1].items()}
    assert parallel == serial


def test_benchmark_copies_extract_and_align_like_the_original(corpus, monkeypatch, tmp_path):
    _, sources = corpus
    monkeypatch.setattr(pipeline.cache, "CACHE_DIR", tmp_path / "cache")
    tables = pipeline.extract(sources)[1]
    times = [r for r in tables["response_times"] if r["lang"] == "nl"]
    assert len(times) == 3 * 15
    assert len({(r["doc"], r["max_minutes"]) for r in times if r["plan"] == "subscription" and r["severity"] == "severity-b"}) == 3
    assert sum(r["matched"] for r in tables["faq"] if r["lang"] == "nl") == 3 * 42   # every Dutch answer matched


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_line_on_a_terminal_only():
    shown = Terminal()
    progress = Progress("documents", 200, stream=shown)
    for _ in range(200):
        progress.advance()
    progress.done()
    assert "documents: 200/200" in shown.getvalue() and "s left" in shown.getvalue()
    piped = io.StringIO()
    quiet = Progress("documents", 200, stream=piped)
    quiet.advance()
    quiet.done()
    assert piped.getvalue() == ""
    short = Terminal()
    Progress("documents", 10, stream=short).advance()
    assert short.getvalue() == ""


def test_a_rebuild_after_an_edit_and_after_a_changed_value_gives_the_tables_of_a_full_build(tmp_path, monkeypatch):
    """The benchmark's two rebuild cases, each followed by a --force build of the same sources in a fresh folder
    with a cache of its own: every table file byte for byte the same (rows read from the cache, tables left as
    they were by their rows' digest, a changed group built in a worker)."""
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pipeline, "WORKERS", 2)
    ws = Workspace(tmp_path / "rebuilt")
    doc = first_translation(make_corpus(ws.folder, 3))

    def extract_stage(workspace: Workspace, force: bool) -> dict[str, str]:
        monkeypatch.setattr(pipeline.cache, "CACHE_DIR", workspace.cache / "extract")
        layout = Layout(workspace.sources, workspace.data, workspace.output, workspace.state)
        run_build(layout, force=force, quiet=True, only="extract", gate=False)
        return workspace.tables()

    def full_build_of_the_same_sources(name: str) -> dict[str, str]:
        fresh = Workspace(tmp_path / name)
        shutil.copytree(ws.sources, fresh.sources)
        return extract_stage(fresh, force=True)

    first = extract_stage(ws, force=True)
    edit_without_data_change(ws, doc)
    assert extract_stage(ws, force=False) == first == full_build_of_the_same_sources("edited")
    change_one_document(ws, doc)
    changed = extract_stage(ws, force=False)
    assert changed == full_build_of_the_same_sources("changed")
    assert changed["response_times.csv"] != first["response_times.csv"]
    (ws.data / "response_times.csv").write_text("edited by hand\n")   # kept only while it is what its rows made
    edit_without_data_change(ws, doc)
    assert extract_stage(ws, force=False) == changed


def test_the_build_reports_each_stages_processor_time_its_worker_processes_included(tmp_path, monkeypatch):
    """The benchmark says why extraction misses its budget from the work it did on every core: a stage's processor
    time counts the parse workers it started, which the main process's own time leaves out."""
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pipeline, "WORKERS", 2)
    ws = Workspace(tmp_path / "cpu")
    make_corpus(ws.folder, 3)
    monkeypatch.setattr(pipeline.cache, "CACHE_DIR", ws.cache / "extract")
    cpu: dict[str, float] = {}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run_build(Layout(ws.sources, ws.data, ws.output, ws.state), force=True, quiet=True, only="extract", gate=False,
              cpu=cpu)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    assert set(cpu) == {"extract"}
    assert workers > 0 and cpu["extract"] > workers


def test_a_site_plugin_that_cannot_be_imported_fails_the_build_and_keeps_the_published_site(tmp_path):
    """Pelican logs a plugin it cannot import and goes on without it: the site would lose every data page and the
    build would still succeed. The site stage runs Pelican with errors fatal, so the previous site stays."""
    ws = Workspace(tmp_path / "site")
    shutil.copytree(ROOT / "sources", ws.sources)
    layout = Layout(ws.sources, ws.data, ws.output, ws.state)
    run_build(layout, quiet=True)
    published = {p: p.read_bytes() for p in sorted(ws.output.rglob("*.html"))}
    root = tmp_path / "broken-root"
    root.mkdir()
    for name in ("theme", "pelican.conf.py"):
        (root / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "plugins", root / "plugins", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "plugins" / "atlas_site" / "__init__.py").write_text('raise ImportError("a missing dependency")\n')
    with pytest.raises(SourceError, match="pelican .*previous site is kept: Cannot load plugin `atlas_site`"):
        run_build(Layout(ws.sources, ws.data, ws.output, ws.state, root=root), quiet=True, only="site")
    assert {p: p.read_bytes() for p in sorted(ws.output.rglob("*.html"))} == published


def processes_naming(folder: Path) -> list[str]:
    """Command lines of the running processes that name a path under `folder`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if entry.name.isdigit() and str(folder) in argv:
            found.append(argv.replace("\0", " "))
    return found


def test_a_check_that_fails_while_pelican_renders_stops_it_and_keeps_the_published_site(tmp_path, monkeypatch):
    """The check runs while Pelican renders the same tables (build.py). When it fails, Pelican and the exports
    process it started are stopped, the published site stays as it was, and no staging folder is left."""
    ws = Workspace(tmp_path / "gate")
    doc = first_translation(make_corpus(ws.folder, 2))
    monkeypatch.setattr(pipeline.cache, "CACHE_DIR", ws.cache / "extract")
    layout = Layout(ws.sources, ws.data, ws.output, ws.state)
    # The copies repeat the original's errors under new ids: the gate passes them only when told to report alone.
    run_build(layout, quiet=True, gate=False)
    published = {p: p.read_bytes() for p in sorted(ws.output.rglob("*")) if p.is_file()}
    change_one_document(ws, doc)
    started = []
    real_start = build_module.start_tool
    monkeypatch.setattr(build_module, "start_tool", lambda args, what, cwd=None: started.append(what) or
                        real_start(args, what, cwd))
    with pytest.raises(SystemExit):
        run_build(layout, quiet=True)
    assert started == ["pelican (site stage)"]   # Pelican was rendering when the check failed; Pagefind never ran
    assert json.loads(ws.state.read_text())["extract"]   # extracted; then the check failed and the site was not kept
    assert {p: p.read_bytes() for p in sorted(ws.output.rglob("*")) if p.is_file()} == published
    assert [p.name for p in ws.output.parent.iterdir() if p.name.startswith(".")] == []
    assert processes_naming(ws.folder) == []


def test_a_build_stopped_with_sigterm_ends_pelican_and_its_exports_and_keeps_the_published_site(tmp_path):
    """SIGTERM (a CI timeout, `kill`) to the build while Pelican renders: the build exits 143, no process it started
    is left (Pelican runs in a process group of its own, with the exports it starts), and the site is as it was."""
    ws = Workspace(tmp_path / "term")
    doc = first_translation(make_corpus(ws.folder, 3))
    command = [sys.executable, "-m", "extract", "build", "--report-only", "--sources", str(ws.sources), "--data",
               str(ws.data), "--output", str(ws.output), "--state", str(ws.state)]
    env = {**os.environ, "ATLAS_CACHE": str(ws.cache)}
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
    published = {p: p.read_bytes() for p in sorted(ws.output.rglob("*")) if p.is_file()}
    change_one_document(ws, doc)
    build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while not any("-m pelican" in argv for argv in processes_naming(ws.folder)):
        assert build.poll() is None and time.monotonic() < deadline, "Pelican never started"
        time.sleep(0.05)
    build.send_signal(signal.SIGTERM)
    assert build.wait(timeout=60) == 143, build.stderr.read()
    assert processes_naming(ws.folder) == []
    assert {p: p.read_bytes() for p in sorted(ws.output.rglob("*")) if p.is_file()} == published
    assert [p.name for p in ws.folder.iterdir() if p.name.startswith(".")] == []
