"""Broken updates: the build fails with the coverage message, and the previous tables and site stay as they were."""
from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SOURCES
from extract.coverage import Acceptance, gate

ENGLISH = "en/support-overview.md"
DUTCH = "nl/support-overview.txt"


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build(folder: Path, sources: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extract", "build", "--sources", str(sources),
                           "--data", str(folder / "content" / "data"), "--output", str(folder / "output"),
                           "--state", str(folder / "state.json"), *extra],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "ATLAS_CACHE": str(folder / "cache")})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A site built from the real sources: the 'previous' tables and site every broken update must keep."""
    folder = tmp_path_factory.mktemp("gate")
    result = build(folder, SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


def truncated(text: str) -> str:
    """The page cut to its first 40 % of lines, at a heading (as a failed download or bad merge leaves it)."""
    lines = text.split("\n")
    cut = int(len(lines) * 0.4)
    while not lines[cut].startswith("#"):
        cut -= 1
    return "\n".join(lines[:cut]) + "\n"


def random_text(_: str) -> str:
    generator = random.Random(11)
    return "".join(generator.choice("abcdefghijklmnop qrstuvwxyz\n.,") for _ in range(200_000))


def empty_manifest(text: str) -> str:
    return re.sub(r"documents:\n.*?\n(?=# Earlier)", "documents: []\n\n", text, flags=re.S)


BROKEN = {
    "truncated English page": (ENGLISH, truncated, "support-overview (en): response_times 15 → 0 rows"),
    "random text as the English page": (ENGLISH, random_text, "support-overview (en): no FAQ entries"),
    "empty manifest": ("manifest.yaml", empty_manifest, "the manifest lists no documents"),
    "one-line Dutch scrape": (DUTCH, lambda _: "Ondersteuning voor Microsoft Power Platform\n",
                              "support-overview (nl): the translation aligns 0 of the 42 entries"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_update_fails_the_build_and_keeps_the_previous_tables_and_site(built, tmp_path, case):
    name, breaks, message = BROKEN[case]
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    path = sources / name
    path.write_text(breaks(path.read_text()))
    before = tree_hash(built / "content" / "data"), tree_hash(built / "output")
    result = build(built, sources)
    assert result.returncode == 1, result.stdout + result.stderr
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: coverage dropped:")
    assert (tree_hash(built / "content" / "data"), tree_hash(built / "output")) == before
    assert not [p for p in (built / "content").iterdir() if p.name.startswith(".")]


def test_check_reports_the_drop_against_the_tables(built, tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    page = sources / ENGLISH
    page.write_text(truncated(page.read_text()))
    result = subprocess.run([sys.executable, "-m", "extract", "check", "--tables", str(built / "content" / "data"),
                             "--sources", str(sources)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert "coverage FAILED: support-overview (en): response_times 15 → 0 rows" in result.stdout
    assert "coverage drops" in result.stdout.strip().splitlines()[-1]


def test_an_intended_removal_is_accepted_explicitly(tmp_path):
    data = tmp_path / "data"
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    subprocess.run([sys.executable, "-m", "extract", "run", "--sources", str(sources), "--out", str(data)],
                   check=True, capture_output=True, cwd=ROOT)
    page = sources / "en" / "21vianet-support.md"
    text = page.read_text()
    start = text.index("\n## Billing and subscription management support")
    page.write_text(text[:start] + text[text.index("\n## ", start + 1):])
    run = [sys.executable, "-m", "extract", "run", "--sources", str(sources), "--out", str(data)]
    refused = subprocess.run(run, capture_output=True, text=True, cwd=ROOT)
    assert refused.returncode == 1 and "21vianet-support (en): faq 7 → 6 rows" in refused.stderr, refused.stderr
    accepted = subprocess.run(run + ["--accept-drop", "21vianet-support:en:*"], capture_output=True, text=True, cwd=ROOT)
    assert accepted.returncode == 0, accepted.stderr
    assert "accepted (accepted on the command line)" in accepted.stderr


def test_acceptance_patterns_and_the_gate_without_reference():
    rule = Acceptance("support-overview:nl:*", "the Dutch page was withdrawn")
    assert rule.matches("support-overview", "nl", "faq") and not rule.matches("support-overview", "en", "faq")
    assert Acceptance("*", "everything").matches("a", "b", "c")

    class Manifest:
        documents = ()

        def originals(self):
            return []
    failures, allowed = gate(None, {"documents": []}, {}, Manifest(), [])
    assert failures == ["the manifest lists no documents: there would be nothing to publish"] and allowed == []
