"""Wall time and peak memory of a command's whole process tree, per kind of process (for `make bench`).

Why not `resource.getrusage(RUSAGE_CHILDREN)`: it reports the largest single descendant, so it misses processes
that run at the same time (the extractor's parse workers beside the main process), and it cannot tell Pelican
from Pagefind when one build runs both. Instead a thread reads /proc while the command runs: every process of the
tree, its kind (Pelican, Pagefind, Hugo, other Python), its resident memory now and its own high-water mark.
Linux only (the project's machines are Debian).

The peak of a kind is the larger of (a) the most memory its processes held together at one sample and (b) the
highest high-water mark of any one of them (exact for one process, up to its last sample before it exits). A group
of kinds that run at the same time as one stage (Pelican and the translator exports it starts) has a peak the
same way, over the processes of all its kinds.
"""
from __future__ import annotations

import os
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
# Often enough for stages whose memory grows over seconds, rare enough to cost little: a scan of /proc takes a few
# milliseconds, so sampling costs well under 5 % of one core.
SAMPLE_SECONDS = 0.1
# Kinds of process by how they were started; everything else is counted under its executable's name.
PYTHON_MODULES = ("pelican", "pagefind")          # `python -m <module>`: the module names the kind
EXECUTABLE_KINDS = ("pagefind", "hugo")           # binaries (pagefind's Python wrapper execs pagefind_extended)
# `python -m extract <command>` runs of their own kind: the translator exports, which the site plugin starts
# beside Pelican's rendering.
EXTRACT_COMMANDS = ("exports",)
# Kinds whose processes are one stage, measured together as well: the site stage is Pelican and its exports.
GROUPS = {"site": ("pelican", "exports")}


@dataclass
class Measured:
    """A finished command: seconds, output and memory peaks in MB per kind of process."""
    seconds: float
    returncode: int
    stdout: str
    stderr: str
    peak_mb: dict[str, float] = field(default_factory=dict)
    peak_mb_at_mark: dict[str, float] = field(default_factory=dict)   # the peaks when the mark file first existed


def kind_of(argv: list[str]) -> str:
    """'pelican', 'pagefind', 'hugo', 'exports', 'python' or the executable's name, from a process's command line."""
    if not argv:
        return "other"
    exe = os.path.basename(argv[0])
    module = argv[argv.index("-m") + 1:argv.index("-m") + 3] if "-m" in argv else []
    if module[:1] and module[0] in PYTHON_MODULES:
        return module[0]
    if module[:1] == ["extract"] and module[1:] and module[1] in EXTRACT_COMMANDS:
        return module[1]
    for name in EXECUTABLE_KINDS:
        if exe.startswith(name):
            return name
    return "python" if exe.startswith("python") else exe


def _children() -> dict[int, list[int]]:
    """Parent pid -> child pids, for every process now (field 4 of /proc/<pid>/stat)."""
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir(PROC):
        if entry.name.isdigit():
            try:
                stat = (PROC / entry.name / "stat").read_text()
            except OSError:        # the process ended while we looked
                continue
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            tree[ppid].append(int(entry.name))
    return tree


def _memory_kb(pid: int) -> tuple[int, int] | None:
    """(resident now, high-water mark) in kB, or None once the process is gone."""
    try:
        lines = (PROC / str(pid) / "status").read_text().splitlines()
    except OSError:
        return None
    values = {line.split(":")[0]: int(line.split()[1]) for line in lines if line.startswith(("VmRSS:", "VmHWM:"))}
    return (values["VmRSS"], values["VmHWM"]) if "VmRSS" in values else None   # a zombie has no memory lines


def _argv(pid: int) -> list[str]:
    try:
        return [a for a in (PROC / str(pid) / "cmdline").read_bytes().decode(errors="replace").split("\0") if a]
    except OSError:
        return []


class TreeWatch:
    """Samples the process tree under `root` on a thread until stop()."""

    def __init__(self, root: int, mark: Path | None = None):
        self.root, self.mark = root, mark
        self.together_kb: dict[str, int] = defaultdict(int)    # kind -> most kB held at once
        self.hwm_kb: dict[int, tuple[str, int]] = {}            # pid -> (kind, high-water mark)
        self.at_mark: dict[str, float] | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(SAMPLE_SECONDS):
                return

    def sample(self) -> None:
        """One look at the tree. When the mark has just appeared, the peaks until then are those of the processes
        seen before this look (their high-water marks read now): a stage that started since, right after the
        mark was written, is not counted in them."""
        tree, now = _children(), defaultdict(int)
        together_before, seen_before = dict(self.together_kb), set(self.hwm_kb)
        todo = [self.root]
        while todo:
            pid = todo.pop()
            todo.extend(tree.get(pid, ()))
            memory = _memory_kb(pid)
            if memory is None:
                continue
            kind = kind_of(_argv(pid))
            now[kind] += memory[0]
            self.hwm_kb[pid] = (kind, max(memory[1], self.hwm_kb.get(pid, (kind, 0))[1]))
        for group, kinds in GROUPS.items():
            if any(kind in now for kind in kinds):
                now[group] = sum(now.get(kind, 0) for kind in kinds)
        for kind, kb in now.items():
            self.together_kb[kind] = max(self.together_kb[kind], kb)
        if self.at_mark is None and self.mark is not None and self.mark.exists():
            self.at_mark = _peaks(together_before, [self.hwm_kb[pid] for pid in seen_before])

    def peaks_mb(self) -> dict[str, float]:
        return _peaks(self.together_kb, list(self.hwm_kb.values()))


def _peaks(together_kb: dict[str, int], high_water: list[tuple[str, int]]) -> dict[str, float]:
    """MB per kind (and group): the most held together at one sample, or one process's high-water mark."""
    peaks = dict(together_kb)
    for kind, kb in high_water:
        for name in [kind, *(group for group, kinds in GROUPS.items() if kind in kinds)]:
            peaks[name] = max(peaks.get(name, 0), kb)
    return {kind: kb / 1024 for kind, kb in sorted(peaks.items())}


def run(cmd: list[str], cwd: Path, env: dict[str, str], mark: Path | None = None) -> Measured:
    """Run cmd to the end, timing it and sampling its process tree's memory. `mark`: a file whose first
    appearance splits the run in two (e.g. the build state written after the first stage)."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watch = TreeWatch(process.pid, mark)
    watch.start()
    try:
        stdout, stderr = process.communicate()
    finally:
        watch.stop()
    seconds = time.perf_counter() - started
    return Measured(seconds, process.returncode, stdout, stderr, watch.peaks_mb(), watch.at_mark or {})
