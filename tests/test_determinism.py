"""Two builds of the same input give byte-identical tables and site (Pagefind's files included)."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT, SOURCES
from test_coverage_gate import tree_hash


def test_two_builds_are_byte_identical(tmp_path):
    hashes = []
    for seed, locale in (("1", "C.UTF-8"), ("2", "en_US.UTF-8")):
        folder = tmp_path / f"build-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": locale, "ATLAS_CACHE": str(folder / "cache")}
        result = subprocess.run([sys.executable, "-m", "extract", "build", "--force", "--sources", str(SOURCES),
                                 "--data", str(folder / "content" / "data"), "--output", str(folder / "output"),
                                 "--state", str(folder / "state.json")], capture_output=True, text=True, cwd=ROOT, env=env)
        assert result.returncode == 0, result.stderr
        assert (folder / "output" / "pagefind" / "pagefind-entry.json").exists()
        hashes.append((tree_hash(folder / "content" / "data"), tree_hash(folder / "output")))
    assert hashes[0] == hashes[1]
    assert hashes[0][0] == tree_hash(ROOT / "content" / "data"), "the committed tables are what a build makes"
