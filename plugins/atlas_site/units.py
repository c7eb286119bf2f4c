"""Durations in the unit the documents use, in the reader's language.

The tables keep response times in minutes (one unit to compare and compute with); the documents state them
as "< 2 hours" or "< 30 minutes". `extract.labels.duration_text` chooses the unit; the catalog's plural forms
give the words ("< 1 hour", "< 2 uur").
"""
from __future__ import annotations

from functools import partial

from extract.labels import duration_text

from . import catalog


def response_time_text(minutes: int | None, lang: str) -> str | None:
    """'< 2 hours' as the documents write an initial response time; None when the source is unclear."""
    if minutes is None:
        return None
    words = duration_text(minutes, partial(catalog.translate_plural, lang))
    return catalog.translate(lang, "< %(duration)s", duration=words)
