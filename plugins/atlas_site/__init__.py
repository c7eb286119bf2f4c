"""Pelican plugin that builds the Support Atlas site from the tables in content/data.

site.py     which pages exist in which language, and renders each from its view (views/)
html.py     answer Markdown to sanitised HTML, plan names linked
catalog.py  interface strings from the gettext catalogs in theme/translations
sitemap.py  sitemap.xml with language alternates
vocabulary.py  the hidden search words of each answer (search_terms and old questions)
answers.py  data/answers.<lang>.json, the instant answers of the search box
publish.py  data/: the tables, published with the site
(and data/deadline.json for the in-browser deadline calculator, see extract/deadline.py, and the translator
exports data/support-atlas.en-<lang>.xlf / .tmx, see extract/export.py)
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from pelican import signals

from extract.export import write_exports

from . import catalog
from .answers import write_answers
from .publish import publish_data
from .site import build_pages, load_tables, write_calendar
from .told import language_name
from .sitemap import write_sitemap

_PAGES: list = []


def _remember(generator) -> None:
    build_pages(generator)
    _PAGES[:] = [*generator.pages, *generator.translations]


def _install_gettext(generator) -> None:
    catalog.install(generator.env)
    generator.env.globals["language_name"] = language_name


def _finish(pelican) -> None:
    """After writing: the tables, the sitemap, the calendar data for this year and the next, the instant
    answers, the translator exports (last, after the site's tables are let go: the exports read tables of
    their own, and the two together were the site stage's peak memory)."""
    pelican.atlas_pages = list(_PAGES)
    publish_data(Path(pelican.settings.get("ATLAS_DATA", "content/data")).resolve(), Path(pelican.settings["OUTPUT_PATH"]))
    write_sitemap(pelican)
    year = date.today().year
    write_calendar(pelican.settings, [year, year + 1])
    write_answers(pelican.settings)
    load_tables.cache_clear()
    write_exports(Path(pelican.settings.get("ATLAS_DATA", "content/data")).resolve(),
                  Path(pelican.settings["OUTPUT_PATH"]) / "data")


def register() -> None:
    signals.generator_init.connect(_install_gettext)
    signals.page_generator_finalized.connect(_remember)
    signals.finalized.connect(_finish)
