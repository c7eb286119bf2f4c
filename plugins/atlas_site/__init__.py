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
exports.py  the translator exports, made in a process of their own while the pages are rendered
(and data/deadline.json for the in-browser deadline calculator, see extract/deadline.py, and the translator
exports data/support-atlas.<original>-<lang>.xlf / .tmx, see extract/export.py)
"""
from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

from pelican import signals

from . import exports
from .generator import AtlasGenerator
from .languages import original_language
from .publish import publish_data
from .site import load_tables, site_pages, write_calendar


def _data_folder(settings: dict) -> Path:
    return Path(settings.get("ATLAS_DATA", "content/data")).resolve()


def _settings_from_data(pelican) -> None:
    """initialized: the site's default language (at the root, no folder) is the original's, read from the
    documents table, so no language is named in the settings."""
    documents = load_tables(str(_data_folder(pelican.settings))).rows("documents")
    pelican.settings["DEFAULT_LANG"] = original_language(documents)


def _generators(pelican):
    return AtlasGenerator


# How often the plugin looks whether the build has filled the output folder (ATLAS_STAGING_READY): the filling takes
# about a second at N = 1000, and Pelican reads the tables for several more before it would write.
STAGING_POLL_S = 0.01


def _await_staging(generators) -> None:
    """all_generators_finalized (after every generator read what it needs, before anything is written): with the
    setting ATLAS_STAGING_READY (a file name), wait until extract/build.py has filled the output folder from the
    previous site and made that file there, then remove it. Until then nothing may be written: the build links the
    previous site's files into the folder meanwhile, and a page written before its old file was linked would be
    replaced by it."""
    settings = generators[0].settings
    name = settings.get("ATLAS_STAGING_READY")
    if not name:
        return
    ready, build = Path(settings["OUTPUT_PATH"]) / name, os.getppid()
    while not ready.exists():
        if os.getppid() != build:   # the build ended (this process was handed to another parent): nobody will fill it
            raise SystemExit(f"{ready}: the build that fills the output folder has ended")
        time.sleep(STAGING_POLL_S)
    ready.unlink()


def _finish(pelican) -> None:
    """finalized: the data files beside the pages: the tables and the calendar data for this year and the next (the
    instant answers are written with the pages, generator.py); then the translator exports, made meanwhile
    (exports.py), are waited for."""
    data, output = _data_folder(pelican.settings), Path(pelican.settings["OUTPUT_PATH"])
    publish_data(data, output)
    year = date.today().year
    write_calendar(pelican.settings, [year, year + 1])
    load_tables.cache_clear()
    site_pages.cache_clear()
    exports.wait(pelican.settings)


def register() -> None:
    signals.initialized.connect(_settings_from_data)
    signals.get_generators.connect(_generators)
    signals.all_generators_finalized.connect(_await_staging)
    signals.finalized.connect(_finish)
