"""Shared fixtures: tables extracted from the bundled sources, and a real built site."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
REVISIONS = SOURCES / "revisions" / "support-overview"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extract", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="session")
def tables(tmp_path_factory) -> dict[str, list[dict]]:
    """Every table, extracted afresh from sources/ by the real command."""
    out = tmp_path_factory.mktemp("data")
    result = run_cli("run", "--out", str(out))
    assert result.returncode == 0, result.stderr
    package = json.loads((out / "datapackage.json").read_text())
    return {r["name"]: json.loads((out / r["json"]).read_text()) for r in package["resources"]}


def rows(tables, name, **match):
    return [r for r in tables[name] if all(r.get(k) == v for k, v in match.items())]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site built by real Pelican and indexed by real Pagefind, in a temporary folder."""
    work = tmp_path_factory.mktemp("site")
    for name in ("content", "theme", "plugins", "sources", "extract", "pelican.conf.py"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, work / name)
    assert run_cli("run", "--out", "content/data", cwd=work).returncode == 0
    subprocess.run([sys.executable, "-m", "pelican", "content", "-o", "output", "-s", "pelican.conf.py", "-q"],
                   cwd=work, check=True)
    subprocess.run([sys.executable, "-m", "pagefind", "--site", "output", "--silent"], cwd=work, check=True)
    return work / "output"


def pytest_terminal_summary(terminalreporter):
    """Report the mutation detection rate (see test_mutations.py)."""
    from test_mutations import MUTATIONS, RESULTS
    if RESULTS:
        detected = sum(ok for _, ok in RESULTS)
        terminalreporter.write_line(f"mutation detection: {detected}/{len(RESULTS)} classes detected "
                                    f"({100 * detected // len(RESULTS)}%) of {len(MUTATIONS)} defined")
        for name, ok in RESULTS:
            if not ok:
                terminalreporter.write_line(f"  missed: {name}")
