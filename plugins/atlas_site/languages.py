"""The site's languages: those of the manifest, read from the `documents` table, named by Babel.

No language is written into the code: the original's language is the documents table's `original_lang` of an
original, the others follow in the table's order. A
language's name comes from Babel's locale data (CLDR), in the reader's language or in its own.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from babel import Locale, UnknownLocaleError

from extract.tables.base import source_lang

from . import catalog

log = logging.getLogger(__name__)


def languages(documents: list[dict]) -> list[str]:
    """Every language of the manifest, the original's first (documents.original_lang), then the translations in
    the table's order."""
    langs = list(dict.fromkeys(row["lang"] for row in documents))
    original = source_lang({"documents": documents})
    return [original, *(lang for lang in langs if lang != original)] if original else langs


def original_language(documents: list[dict]) -> str:
    """The language the original documents are written in (the first of `languages`)."""
    found = languages(documents)
    if not found:
        raise ValueError("the documents table is empty: no language to build the site in")
    return found[0]


@lru_cache(maxsize=None)
def language_name(code: str, reader: str) -> str:
    """The language's name in the reader's language (in its own language for a switcher, see own_name);
    a code Babel does not know is shown as written. Kept per pair: the findings name their languages tens of
    thousands of times on a large site, and Babel looks a name up anew each time."""
    try:
        return Locale.parse(code).get_display_name(reader) or code
    except (ValueError, UnknownLocaleError):
        return code


def own_name(code: str) -> str:
    """The language's name in that language, as a switcher shows it."""
    return language_name(code, code)


def check_catalogs(langs: list[str], original: str) -> list[str]:
    """Languages without an interface catalog, each reported once in the build log: their pages show the
    interface strings of the original's language (the catalog's source strings)."""
    missing = [lang for lang in langs if lang != original and not catalog.has_catalog(lang)]
    for lang in missing:
        log.warning("no interface catalog for language '%s' (%s): its pages show the interface strings in '%s'",
                    lang, catalog.catalog_path(lang), original)
    return missing
