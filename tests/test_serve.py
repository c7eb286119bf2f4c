"""`make serve`: a real server on 127.0.0.1 that rebuilds after an edit and reloads the open page."""
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from conftest import ROOT

# Bounded waits, generous for a shared two-core machine: the first build runs every stage in a fresh copy.
START_SECONDS = 300
REBUILD_SECONDS = 240
EMEA_HOURS = "8 AM to 6 PM <br />CET (UTC +1)"


class Server:
    """`python -m extract serve --port 0` in a copy of the project, its output read line by line."""

    def __init__(self, work):
        env = {**os.environ, "ATLAS_CACHE": str(work / "cache")}
        self.process = subprocess.Popen([sys.executable, "-m", "extract", "serve", "--port", "0"], cwd=work, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stdout], daemon=True).start()
        self.url = self.wait_for(r"serving (http://127\.0\.0\.1:\d+/)", START_SECONDS).group(1)

    def wait_for(self, pattern: str, seconds: float) -> re.Match:
        deadline = time.monotonic() + seconds
        seen = []
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            seen.append(line)
            if match := re.search(pattern, line):
                return match
        pytest.fail(f"no {pattern!r} from the server within {seconds} s; it printed: {''.join(seen)[-2000:]}")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def project(tmp_path):
    work = tmp_path / "project"
    work.mkdir()
    for name in ("content", "theme", "plugins", "sources", "extract", "pelican.conf.py"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, work / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, work / name)
    return work


def emea_hours(page_html: str) -> str:
    row = re.search(r'<tr id="emea">.*?</tr>', page_html, re.S).group(0)
    return re.search(r"\d\d:\d\d–\d\d:\d\d", row).group(0)


def test_an_edit_is_rebuilt_and_the_open_page_reloads_and_a_failure_keeps_the_last_good_site(project, browser):
    server = Server(project)
    try:
        assert emea_hours(server.get("business-hours/")) == "08:00–18:00"
        page = browser.new_page()
        page.goto(server.url + "business-hours/")
        source = project / "sources" / "en" / "support-overview.md"
        source.write_text(source.read_text().replace(EMEA_HOURS, EMEA_HOURS.replace("6 PM", "5 PM")))

        server.wait_for(r"^rebuilt", REBUILD_SECONDS)
        assert emea_hours(server.get("business-hours/")) == "08:00–17:00"
        expect(page.locator("#emea")).to_contain_text("08:00–17:00", timeout=30_000)   # reloaded by itself

        dutch = project / "sources" / "nl" / "support-overview.txt"
        dutch.rename(dutch.with_suffix(".moved"))
        error = server.wait_for(r"^rebuild failed: (.+)$", REBUILD_SECONDS).group(1)
        assert "support-overview.txt" in error and "\n" not in error
        expect(page.locator("[data-serve-error]")).to_contain_text("support-overview.txt", timeout=30_000)
        assert emea_hours(server.get("business-hours/")) == "08:00–17:00"   # the last good site

        dutch.with_suffix(".moved").rename(dutch)
        server.wait_for(r"^rebuilt", REBUILD_SECONDS)
        expect(page.locator("[data-serve-error]")).to_have_count(0, timeout=30_000)   # reloaded: no banner
        page.close()
    finally:
        server.stop()
