"""Findings told in the reader's language, and the language names and dates they use.

The findings table's `message` column is English, for maintainers; pages tell each finding from a catalog
sentence per kind (see TOLD), with its values named in the reader's words.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from babel.dates import format_date
from markupsafe import Markup, escape

from . import catalog
from .catalog import N_
from extract.labels import Names


# Language names in the reader's language (the switcher uses each language's own name).
LANGUAGE_NAMES = {"en": N_("English"), "nl": N_("Dutch")}


def language_name(code: str, lang: str) -> str:
    return catalog.translate(lang, LANGUAGE_NAMES.get(code, code))


# --- findings told in the reader's language -------------------------------------------------------------
# The `message` column is English, for maintainers. A reader gets a sentence from the catalog, per kind of finding
# (the exact check, else its family "cells/", "content/", ...), with its values named and written in the reader's
# language: the row and column of a cell, "de hele dag", "< 2 uur". A new kind of finding is one entry in TOLD.

# "2 footnotes" in the reader's language, per kind of answer block (literal calls, so the catalog has the plurals).
KIND_COUNTS: dict[str, Callable[[str, int], str]] = {
    "item": lambda lang, n: catalog.translate_plural(lang, "%(num)s list item", "%(num)s list items", n),
    "note": lambda lang, n: catalog.translate_plural(lang, "%(num)s note", "%(num)s notes", n),
    "footnote": lambda lang, n: catalog.translate_plural(lang, "%(num)s footnote", "%(num)s footnotes", n),
    "paragraph": lambda lang, n: catalog.translate_plural(lang, "%(num)s paragraph", "%(num)s paragraphs", n),
    "table": lambda lang, n: catalog.translate_plural(lang, "%(num)s table", "%(num)s tables", n),
}


@dataclass(frozen=True)
class Told:
    """How one kind of finding is told: a catalog message and the values it names."""
    message: str
    values: Callable[[dict, "Names", str], dict] = lambda finding, names, lang: {}   # noqa: E731


def _quoted(values: str, value_lang: str, lang: str) -> Markup:
    """‘value’ (several: ‘a’, ‘b’) as written, marked with its language when it is not the page's."""
    text = Markup(", ").join(Markup("‘%s’") % v for v in values.split(";"))
    return Markup('<span lang="%s">%s</span>') % (value_lang, text) if value_lang != lang else text


def _ab(finding: dict, names: Names, lang: str) -> dict:
    """The two values as written: the first from the English text, the second from the translation (or, for a
    finding within the English documents, from the other English text)."""
    b_lang = "en" if finding["cause"] == "upstream" else names.other
    return {"a": _quoted(finding["value_a"], "en", lang), "b": _quoted(finding["value_b"], b_lang, lang)}


def cell_parts(finding: dict, tables: "Tables") -> tuple[str, str, dict, str]:
    """(table, doc, key columns and values, column) of a cell finding: its location is
    '<table>:<doc>:<row key, '/'-joined>:<column>', the key in the table's primary-key order."""
    table, doc, key, *column = finding["location"].split(":", 3)
    columns = [c for c in tables.primary_keys().get(table, []) if c not in ("lang", "doc")]
    return table, doc, dict(zip(columns, key.split("/"))), column[0] if column else ""   # no column: a whole row


def _cell(finding: dict, names: Names, lang: str) -> dict:
    """'EMEA', 'end time', '18:00', '06:00', the languages; a cell the translation states twice names each value."""
    tables = names.tables
    table, doc, key, column = cell_parts(finding, tables)
    translated = next(iter(tables.rows(table, lang=names.other, doc=doc, **key)), {})
    stated = [v for v in str(translated.get(f"stated_{column.split('_')[-1]}", "") or "").split(";") if v]
    b = names.value(column, finding["value_b"])
    if len(stated) > 1:
        b = catalog.translate(lang, "stated twice: %(values)s", values=_and(lang, [names.value(column, v) for v in stated]))
    return {"row": names.row(table, key), "column": names.column(column), "a": names.value(column, finding["value_a"]),
            "b": b, "a_lang": language_name("en", lang), "b_lang": language_name(names.other, lang)}


def _and(lang: str, items: list[str]) -> str:
    """'A and B', 'A, B and C' in the language."""
    return items[0] if len(items) == 1 else catalog.translate(
        lang, "%(first)s and %(last)s", first=", ".join(items[:-1]), last=items[-1])


def _blocks(finding: dict, names: Names, lang: str) -> dict:
    counted = KIND_COUNTS.get(finding["check"].split("/", 1)[1])
    count = lambda n: counted(lang, int(n)) if counted and str(n).isdigit() else n  # noqa: E731
    return {"a": count(finding["value_a"]), "b": count(finding["value_b"]), "b_lang": language_name(names.other, lang)}


def _stray(finding: dict, names: Names, lang: str) -> dict:
    return {"words": _quoted(finding["location"].rsplit(":", 1)[-1], names.other, lang)}


TOLD: dict[str, Told] = {
    "cells/": Told(N_("%(row)s: %(column)s %(a)s (%(a_lang)s) — %(b)s (%(b_lang)s)."), _cell),
    "structure/empty-answer": Told(N_("The Dutch translation has no answer to this question.")),
    "structure/missing-entry": Told(N_("This question is missing from the Dutch translation.")),
    "structure/missing-section": Told(N_("This section is missing from the Dutch translation.")),
    "structure/extra-entry": Told(N_("This text in the Dutch translation has no counterpart in the English source.")),
    "structure/missing-heading": Told(N_("The Dutch translation gives this answer without its question heading.")),
    "meaning/": Told(N_("The Dutch translation changes what this sentence promises: a qualifier, restriction or subject is in only one of the two languages.")),
    "meaning/product-name": Told(N_("The Dutch translation names a different product here: %(a)s in English, %(b)s in Dutch."), _ab),
    "documents/contradiction": Told(N_("The English documentation says two different things here: %(a)s in one place, %(b)s in another."), _ab),
    "documents/ambiguous-timezone": Told(N_("The time zone %(a)s is ambiguous in summer: it names a zone with daylight saving and a fixed offset. We read it as the zone, with daylight saving."), _ab),
    "documents/same-process": Told(N_("The page says two kinds of support share the same request process, but links different portals.")),
    "documents/commitment-kind": Told(N_("Two documents state different times for critical issues; they commit to different things (an acknowledgement is not an initial response), so they do not conflict.")),
    "content/sentence": Told(N_("A sentence appears in only one of the two languages.")),
    "content/": Told(N_("The English source has %(a)s here, the %(b_lang)s translation %(b)s."), _blocks),
    "values/": Told(N_("A number, time or other value differs between the English source and the Dutch translation: %(a)s and %(b)s."), _ab),
    "terminology/avoid": Told(N_("%(a)s is translated as %(b)s, a rendering to avoid."), _ab),
    "terminology/untranslated-name": Told(N_("The name %(a)s stays English in some places and is translated elsewhere: %(b)s."), _ab),
    "terminology/translated-name": Told(N_("The name %(a)s is translated as %(b)s; names usually stay in English."), _ab),
    "terminology/": Told(N_("%(a)s is translated in several ways: %(b)s."), _ab),
    "extraction/include": Told(N_("A part of the English page that is included from another file is not on this site.")),
    "extraction/table-recovery": Told(N_("The cells of this table were recovered from the Dutch page with some doubt; please check them.")),
    "extraction/": Told(N_("Part of this text could not be matched with the English source with confidence.")),
    "documents/same-number": Told(N_("The English documents say two kinds of support share a phone number, but give two numbers: %(a)s and %(b)s."), _ab),
    "documents/copied-row": Told(N_("Two rows of the severity table have the same description: %(a)s and %(b)s."), _ab),
    "documents/ui-label-step": Told(N_("The English documents name the same step differently: %(a)s and %(b)s."), _ab),
    "documents/ui-label-case": Told(N_("An interface label is written in two ways: %(a)s and %(b)s."), _ab),
    "documents/region-hours": Told(N_("The English documents give different support hours: %(a)s and %(b)s."), _ab),
    "documents/": Told(N_("The English documents contradict each other: %(a)s and %(b)s."), _ab),
    "artefacts/stray-words": Told(N_("Words outside any sentence, left over from the page: %(words)s."), _stray),
    "artefacts/": Told(N_("The Dutch text has a leftover of the web page here.")),
}
# A kind nobody has told yet: a sentence in the reader's language, and the maintainers' English message after it.
UNTOLD = Told(N_("A difference the checks found; the details are in English:"))


def _row(finding: dict, names: Names, lang: str) -> dict:
    """A row one language states and the other does not: its name, and the language that has it."""
    table, doc, key, _column = cell_parts(finding, names.tables)
    present = "en" if finding["value_b"] in ("", "(none)") else names.other
    return {"row": names.row(table, key), "present": language_name(present, lang)}


# A table row only one language states (a cell finding without a column).
ROW_IN_ONE_LANGUAGE = Told(N_("%(row)s: only the text in %(present)s states this row."), _row)


def told(finding: dict, tables: "Tables") -> Told:
    check = finding["check"]
    if check.startswith("cells/") and not cell_parts(finding, tables)[3]:
        return ROW_IN_ONE_LANGUAGE
    return TOLD.get(check) or TOLD.get(check.split("/", 1)[0] + "/") or UNTOLD


def describe(finding: dict, lang: str, names: Names) -> Markup:
    """A finding told in the reader's language (HTML: values from another language are marked as such)."""
    kind = told(finding, names.tables)
    text = Markup(escape(catalog.translate(lang, kind.message))) % kind.values(finding, names, lang)
    if kind is UNTOLD:
        text += Markup(' <span lang="en">%s</span>') % finding["message"]
    if finding["cause"] == "source-changed":
        text += " " + catalog.translate(lang, "The English page changed after our copy (revision of %(date)s); the "
                                              "translation follows the newer text.", date=long_date(finding["revision"], lang))
    return text


def long_date(value: str, lang: str) -> str:
    """'23 maart 2022' for '2022-03-23', or for a revision named '2022-03-23_1e079e73'."""
    try:
        return format_date(date.fromisoformat(value[:10]), "long", locale=lang)
    except ValueError:
        return value
