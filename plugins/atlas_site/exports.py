"""The translator exports (data/support-atlas.<original>-<lang>.xlf / .tmx, extract/export.py), made by
`python -m extract exports` in a process of their own while Pelican renders the pages.

They read only the tables, which are final before Pelican starts, and write only their own files under data/;
made after the pages in Pelican's process, they were a quarter of a one-document rebuild's site stage. The process
starts when the site's generator starts (after Pelican has emptied the output folder, where a setting says so) and
is waited for when Pelican has written the pages (`finalized`); its failure is the site stage's, with its one-line
error. A Pelican that ends before that stops it (atexit); extract/build.py runs Pelican in a process group of its
own and ends the group with it.
"""
from __future__ import annotations

import atexit
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from .publish import DATA_FOLDER

# What each document's part of the exports was made from (extract/export.py): with the setting ATLAS_PREVIOUS (the
# previous site, which extract/build.py sets when it rebuilds), unchanged parts are copied from it.
EXPORTS_RECORD = ".atlas-exports.json"
# The repository's root: `python -m extract` runs from there.
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Exporting:
    process: subprocess.Popen
    told: IO[str]   # its standard error, in a file (a pipe nobody reads until the end could fill and stall it)


# The exports process of each output folder, from the generator's start to `finalized`.
_RUNNING: dict[str, Exporting] = {}


def start(settings: dict, tables: Path) -> None:
    """Start making the exports of `tables` into the output folder's data/."""
    output = Path(settings["OUTPUT_PATH"])
    command = [sys.executable, "-m", "extract", "exports", str(output / DATA_FOLDER), "--tables", str(tables),
               "--record", str(output / EXPORTS_RECORD)]
    previous = settings.get("ATLAS_PREVIOUS")
    if previous:
        command += ["--previous", str(Path(previous) / DATA_FOLDER),
                    "--previous-record", str(Path(previous) / EXPORTS_RECORD)]
    told = tempfile.TemporaryFile("w+", encoding="utf-8")
    running = Exporting(subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=told), told)
    _RUNNING[str(output)] = running
    atexit.register(_stop, running)


def wait(settings: dict) -> None:
    """The exports process done; RuntimeError with its own last words when it failed."""
    running = _RUNNING.pop(str(Path(settings["OUTPUT_PATH"])))
    code = running.process.wait()
    running.told.seek(0)
    said = [line.strip() for line in running.told.read().splitlines() if line.strip()]
    running.told.close()
    if code:
        raise RuntimeError(f"translator exports failed: {said[-1] if said else f'exit status {code}'}")


def _stop(running: Exporting) -> None:
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()
