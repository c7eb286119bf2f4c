"""Shared fixtures: tables extracted from the bundled sources, and a real built site."""
from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extract.writer import machine_file, read_rows

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
    return all_tables(out)


def all_tables(folder: Path) -> dict[str, list[dict]]:
    """Every table of a tables folder, read as the site and the checks read it."""
    package = json.loads((folder / "datapackage.json").read_text())
    return {r["name"]: read_rows(folder, r["name"]) for r in package["resources"]}


def change_table(folder: Path, name: str, change) -> None:
    """Rewrite a table's machine-readable file with `change(rows)`, in its format (gzip where it is compressed):
    a hand edit of the tables, without the writer (which would also rewrite its CSV)."""
    path = machine_file(folder, name)
    data = json.dumps(change(read_rows(folder, name)), ensure_ascii=False).encode()
    path.write_bytes(gzip.compress(data, mtime=0) if path.name.endswith(".gz") else data)


def rows(tables, name, **match):
    return [r for r in tables[name] if all(r.get(k) == v for k, v in match.items())]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site built by real Pelican and indexed by real Pagefind, in a temporary folder."""
    return build_site(tmp_path_factory.mktemp("site"))


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def serve(folder: Path):
    """A static file server for a built site on a free loopback port; returns (base URL, stop)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd.shutdown


@pytest.fixture(scope="session")
def server(site):
    base, stop = serve(site)
    yield base
    stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that fails its test on any script error or console error."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors


# The FAQ answer about initial response times, the one most tests look for.
FAQ_RESPONSE = "what-is-initial-response-time-and-how-quickly-can-i-expect-to-hear-back-from-someone-after-submitting-my-support-request"


def build_site(work: Path, sources: Path | None = None, accept_drops: tuple[str, ...] = ()) -> Path:
    """Extract (from `sources` if given), render with Pelican and index with Pagefind, in `work`; a test that
    removes rows on purpose names them in `accept_drops` (DOC:LANG:TABLE), as a maintainer would."""
    for name in ("content", "theme", "plugins", "sources", "extract", "pelican.conf.py"):
        src = ROOT / name
        if not (work / name).exists():
            (shutil.copytree if src.is_dir() else shutil.copy)(src, work / name)
    args = ["run", "--out", "content/data"] + (["--sources", str(sources)] if sources else [])
    args += [arg for drop in accept_drops for arg in ("--accept-drop", drop)]
    result = run_cli(*args, cwd=work)
    assert result.returncode == 0, result.stderr
    subprocess.run([sys.executable, "-m", "pelican", "content", "-o", "output", "-s", "pelican.conf.py", "-q"],
                   cwd=work, check=True, capture_output=True)
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
