"""Pelican plugin that builds the Support Atlas site from the tables in content/data.

generator.py  the Pelican generator of every page (signals.get_generators), and sitemap.xml after them
site.py     which pages exist in which language, and renders each from its view (views/)
languages.py  the site's languages, from the documents table, named by Babel
html.py     answer Markdown to sanitised HTML, plan names linked
catalog.py  interface strings from the gettext catalogs in theme/translations
sitemap.py  sitemap.xml with language alternates
vocabulary.py  the hidden search words of each answer (search_terms and old questions)
answers.py  data/answers.<lang>.json, the instant answers of the search box
publish.py  data/: the tables, published with the site
(and data/deadline.json for the in-browser deadline calculator, see extract/deadline.py, and the translator
exports data/support-atlas.<original>-<lang>.xlf / .tmx, see extract/export.py, made by `python -m extract exports`
in a process of its own while the pages are rendered)
"""
from __future__ import annotations

import atexit
import subprocess
import sys
from datetime import date
from pathlib import Path

from pelican import signals

from .answers import write_answers
from .generator import AtlasGenerator
from .languages import original_language
from .publish import DATA_FOLDER, publish_data
from .site import load_tables, site_pages, write_calendar


# What each document's part of the translator exports was made from (extract/export.py): with the setting
# ATLAS_PREVIOUS (the previous site, which extract/build.py sets when it rebuilds), unchanged parts are copied from it.
EXPORTS_RECORD = ".atlas-exports.json"


# The repository's root: `python -m extract` runs from there.
ROOT = Path(__file__).resolve().parents[2]
# The exports process of each Pelican run (by the Pelican object's id), from `initialized` to `finalized`.
_EXPORTS: dict[int, subprocess.Popen] = {}


def _data_folder(settings: dict) -> Path:
    return Path(settings.get("ATLAS_DATA", "content/data")).resolve()


def _settings_from_data(pelican) -> None:
    """initialized: the site's default language (at the root, no folder) is the original's, read from the
    documents table, so no language is named in the settings."""
    documents = load_tables(str(_data_folder(pelican.settings))).rows("documents")
    pelican.settings["DEFAULT_LANG"] = original_language(documents)


def _start_exports(pelican) -> None:
    """initialized: the translator exports (extract/export.py) are made by `python -m extract exports` in a process
    of their own while Pelican renders the pages. They read only the tables, which are final before Pelican starts,
    and write only their own files under data/; made after the pages, in this process, they were a quarter of a
    one-document rebuild's site stage. A Pelican that fails before `finalized` stops them (atexit)."""
    output = Path(pelican.settings["OUTPUT_PATH"])
    command = [sys.executable, "-m", "extract", "exports", str(output / DATA_FOLDER),
               "--tables", str(_data_folder(pelican.settings)), "--record", str(output / EXPORTS_RECORD)]
    previous = pelican.settings.get("ATLAS_PREVIOUS")
    if previous:
        command += ["--previous", str(Path(previous) / DATA_FOLDER),
                    "--previous-record", str(Path(previous) / EXPORTS_RECORD)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _EXPORTS[id(pelican)] = process
    atexit.register(_stop, process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()


def _wait_for_exports(pelican) -> None:
    """The exports process done; its failure is the site stage's, with the process's own one-line error."""
    process = _EXPORTS.pop(id(pelican))
    _, told = process.communicate()
    if process.returncode:
        said = [line.strip() for line in told.splitlines() if line.strip()]
        raise RuntimeError(f"translator exports failed: {said[-1] if said else f'exit status {process.returncode}'}")


def _generators(pelican):
    return AtlasGenerator


def _finish(pelican) -> None:
    """finalized: the data files beside the pages: the tables, the calendar data for this year and the next, the
    instant answers; then the translator exports, made meanwhile (_start_exports), are waited for."""
    data, output = _data_folder(pelican.settings), Path(pelican.settings["OUTPUT_PATH"])
    publish_data(data, output)
    year = date.today().year
    write_calendar(pelican.settings, [year, year + 1])
    write_answers(pelican.settings)
    load_tables.cache_clear()
    site_pages.cache_clear()
    _wait_for_exports(pelican)


def register() -> None:
    signals.initialized.connect(_settings_from_data)
    signals.initialized.connect(_start_exports)
    signals.get_generators.connect(_generators)
    signals.finalized.connect(_finish)
