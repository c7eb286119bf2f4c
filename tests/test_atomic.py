"""Interruptions and failures: the tables and the site are always entirely old or entirely new.

Extraction and the site stage are killed (SIGKILL) at random moments in a bounded loop of subprocesses,
alternating between two versions of the sources; after every kill each folder must hash to one of the two
complete versions, and the next run cleans what the killed one left. A write failure on one file, a failing
site stage, a corrupt state file and (where the machine allows mounting one) a full disk are tried too.
"""
from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SOURCES
from extract import atomic
from extract.pipeline import ALL_RESOURCES, extract
from extract.writer import write_tables
from test_coverage_gate import tree_hash

# Kills per stage: enough to land in the write and the swap on a loaded machine, few enough to keep the
# whole file near a minute (the delays below are bounded by a run's own duration).
EXTRACT_KILLS = 10
SITE_KILLS = 4


def command(kind: str, folder: Path, sources: Path) -> list[str]:
    data = folder / "content" / "data"
    if kind == "run":
        return [sys.executable, "-m", "extract", "run", "--sources", str(sources), "--out", str(data)]
    return [sys.executable, "-m", "extract", "build", "--force", "--report-only", "--sources", str(sources),
            "--data", str(data), "--output", str(folder / "output"), "--state", str(folder / "state.json")]


def run(kind: str, folder: Path, sources: Path) -> None:
    result = subprocess.run(command(kind, folder, sources), capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "ATLAS_CACHE": str(folder / "cache")})
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """Two versions of the sources (a response time changed) and the complete tables and site of each."""
    base = tmp_path_factory.mktemp("versions")
    new = base / "sources-new"
    shutil.copytree(SOURCES, new)
    page = new / "en" / "support-overview.md"
    page.write_text(page.read_text().replace("Subscription: < 8 hours", "Subscription: < 9 hours", 1))
    hashes = {}
    for name, sources in (("old", SOURCES), ("new", new)):
        folder = base / name
        run("build", folder, sources)
        hashes[name] = (tree_hash(folder / "content" / "data"), tree_hash(folder / "output"))
    assert hashes["old"][0] != hashes["new"][0] and hashes["old"][1] != hashes["new"][1]
    return {"old": SOURCES, "new": new}, hashes


def kill_at_random(kind: str, folder: Path, sources: Path, generator: random.Random, longest: float) -> None:
    process = subprocess.Popen(command(kind, folder, sources), cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, "ATLAS_CACHE": str(folder / "cache")},
                               start_new_session=True)
    time.sleep(generator.uniform(0.05, longest))
    try:
        os.killpg(process.pid, signal.SIGKILL)   # the command and its Pelican / Pagefind children
    except ProcessLookupError:
        pass
    process.wait(timeout=60)


def assert_whole(folder: Path, hashes: dict, site: bool) -> None:
    data = tree_hash(folder / "content" / "data")
    assert data in (hashes["old"][0], hashes["new"][0]), "the tables are a mix of two versions"
    if site:
        output = tree_hash(folder / "output")
        assert output in (hashes["old"][1], hashes["new"][1]), "the site is a mix of two versions"


@pytest.mark.parametrize("kind, kills", [("run", EXTRACT_KILLS), ("build", SITE_KILLS)])
def test_killed_runs_leave_the_old_or_the_new_version(versions, tmp_path, kind, kills):
    sources, hashes = versions
    folder = tmp_path / "work"
    run("build", folder, sources["old"])
    started = time.perf_counter()
    run(kind, folder, sources["new"])
    longest = (time.perf_counter() - started) * 1.2
    generator = random.Random(kind)
    for trial in range(kills):
        kill_at_random(kind, folder, sources["old" if trial % 2 else "new"], generator, longest)
        assert_whole(folder, hashes, site=kind == "build")
    run(kind, folder, sources["old"])   # the next run recovers and cleans
    assert_whole(folder, hashes, site=kind == "build")
    leftovers = [p.name for p in [*folder.iterdir(), *(folder / "content").iterdir()] if p.name.startswith(".")]
    assert leftovers == []


def test_a_write_failure_on_one_file_keeps_the_previous_set(tmp_path, monkeypatch):
    monkeypatch.setattr("extract.pipeline.cache.CACHE_DIR", tmp_path / "cache")
    manifest, tables = extract(SOURCES)
    out = tmp_path / "data"
    write_tables(out, manifest, tables, list(ALL_RESOURCES))
    before = tree_hash(out)
    changed = {**tables, "faq": list(tables["faq"])[:-1]}
    real = Path.open

    def failing(self, mode="r", *args, **kwargs):
        if self.name == "response_times.json.gz" and "w" in mode:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, mode, *args, **kwargs)
    monkeypatch.setattr(Path, "open", failing)
    with pytest.raises(PermissionError):
        write_tables(out, manifest, changed, list(ALL_RESOURCES))
    assert tree_hash(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_interrupted_swap_is_undone_by_the_next_run(tmp_path):
    target = tmp_path / "data"
    target.mkdir()
    (target / "a.json").write_text("old")
    # A run killed between its two renames: the target is gone, the old set waits beside it.
    target.rename(tmp_path / ".data.old")
    (tmp_path / ".data.new-x1").mkdir()
    atomic.recover(target)
    assert (target / "a.json").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_a_failing_site_stage_keeps_the_previous_site(versions, tmp_path):
    sources, hashes = versions
    folder = tmp_path / "work"
    run("build", folder, sources["old"])
    (folder / "content" / "data" / "plans.json.gz").write_text("[{")   # Pelican's plugin cannot read it
    result = subprocess.run([sys.executable, "-m", "extract", "build", "--only", "site", "--data",
                             str(folder / "content" / "data"), "--output", str(folder / "output"), "--state",
                             str(folder / "state.json"), "--sources", str(sources["old"])],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("error: pelican (site stage): failed, the previous site is kept") and "Traceback" not in result.stderr
    assert tree_hash(folder / "output") == hashes["old"][1]
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_failing_translator_exports_fail_the_site_stage_and_keep_the_previous_site(versions, tmp_path):
    """The exports are made in a process of their own beside Pelican (plugins/atlas_site): their failure is the site
    stage's, with their one-line error, and nothing of the new site is published."""
    sources, hashes = versions
    folder = tmp_path / "work"
    run("build", folder, sources["old"])
    with gzip.open(folder / "content" / "data" / "blocks.json.gz", "wb") as broken:   # only the exports read it
        broken.write(b"[{")
    result = subprocess.run([sys.executable, "-m", "extract", "build", "--only", "site", "--force", "--data",
                             str(folder / "content" / "data"), "--output", str(folder / "output"), "--state",
                             str(folder / "state.json"), "--sources", str(sources["old"])],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2, result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("error: pelican (site stage): failed, the previous site is kept: ") and \
        "translator exports failed: error: " in line and "blocks.json.gz:line 1: not valid JSON" in line, line
    assert tree_hash(folder / "output") == hashes["old"][1]
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_a_corrupt_state_file_is_ignored_with_a_warning(versions, tmp_path):
    sources, _ = versions
    folder = tmp_path / "work"
    run("build", folder, sources["old"])
    state = folder / "state.json"
    state.write_text(state.read_text()[:20])
    result = subprocess.run(command("build", folder, sources["old"])[:-1] + [str(state)], capture_output=True,
                            text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr and "state.json: ignored" in result.stderr
    assert json.loads(state.read_text())["site"]


@pytest.fixture
def small_disk(tmp_path):
    """A 2.4 MB tmpfs: room for one table set (1.3 MB) and not for two. Needs the right to mount."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root and mount(8); the full-disk case is not tried here")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2400k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()}); the full-disk case is not tried")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_disk_is_a_one_line_error_and_keeps_the_previous_tables(small_disk, versions, tmp_path):
    sources, _ = versions
    data = small_disk / "data"
    first = subprocess.run([sys.executable, "-m", "extract", "run", "--sources", str(sources["old"]), "--out", str(data)],
                           capture_output=True, text=True, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    before = tree_hash(data)
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(0, free - 200_000))
    result = subprocess.run([sys.executable, "-m", "extract", "run", "--sources", str(sources["new"]), "--out", str(data)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("error:") and "no space left on the device" in lines[-1] and "Traceback" not in result.stderr
    assert tree_hash(data) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["data", "filler"]


def test_temporaries_of_killed_runs_are_removed_and_fresh_ones_kept(tmp_path):
    old, fresh = tmp_path / ".state.json.x1.tmp", tmp_path / ".state.json.x2.tmp"
    old.write_text("{")
    fresh.write_text("{")
    long_ago = time.time() - 2 * atomic.STALE_TEMPORARY_S
    os.utime(old, (long_ago, long_ago))
    atomic.clean_temporaries(tmp_path)
    assert not old.exists() and fresh.exists()   # a run may be writing the fresh one right now


def test_a_file_written_in_pieces_is_replaced_whole_or_not_at_all(tmp_path):
    """atomic.replacing (the site's instant answers, written an answer at a time): an error half-way keeps the
    previous file, and a file linked from the previous site is replaced, never written into."""
    previous, target = tmp_path / "previous.json", tmp_path / "site" / "answers.json"
    previous.write_text("old")
    target.parent.mkdir()
    os.link(previous, target)
    with pytest.raises(RuntimeError):
        with atomic.replacing(target, sync=False) as out:
            out.write(b"half")
            raise RuntimeError("a row the answers cannot read")
    assert target.read_text() == "old" and sorted(p.name for p in target.parent.iterdir()) == ["answers.json"]
    with atomic.replacing(target, sync=False) as out:
        out.write(b"new")
    assert target.read_text() == "new" and previous.read_text() == "old"
