"""Durations in the unit the documents use, in the reader's language.

The tables keep response times in minutes (one unit to compare and compute with); the documents state them
as "< 2 hours" or "< 30 minutes". A whole number of hours is shown in hours, anything else in minutes, with
the catalog's plural forms ("< 1 hour", "< 2 uur").
"""
from __future__ import annotations

from . import catalog

MINUTES_PER_HOUR = 60


def duration_text(minutes: int, lang: str) -> str:
    """'2 hours' for 120, '30 minutes' for 30, in the language's words and plural forms."""
    if minutes and minutes % MINUTES_PER_HOUR == 0:
        hours = minutes // MINUTES_PER_HOUR
        return catalog.translate_plural(lang, "%(num)s hour", "%(num)s hours", hours)
    return catalog.translate_plural(lang, "%(num)s minute", "%(num)s minutes", minutes)


def response_time_text(minutes: int | None, lang: str) -> str | None:
    """'< 2 hours' as the documents write an initial response time; None when the source is unclear."""
    if minutes is None:
        return None
    return catalog.translate(lang, "< %(duration)s", duration=duration_text(minutes, lang))
