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
from .languages import language_name
from extract.labels import Names


# --- findings told in the reader's language -------------------------------------------------------------
# The `message` column is English, for maintainers. A reader gets a sentence from the catalog, per kind of finding
# (the exact check, else its family "cells/", "content/", ...), with its values named and written in the reader's
# language: the row and column of a cell, "de hele dag", "< 2 uur". A finding's table, row key, column and the
# languages of its two values are fields of the findings table; every sentence may name the two languages as
# %(a_lang)s and %(b_lang)s. A new kind of finding is one entry in TOLD.

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
    """How one kind of finding is told: a catalog message and the values it names (beside the two languages)."""
    message: str
    values: Callable[[dict, "Names", str], dict] = lambda finding, names, lang: {}   # noqa: E731


def _languages(finding: dict, lang: str) -> dict:
    """The names of the languages of the finding's two values, in the reader's language."""
    return {"a_lang": language_name(finding["lang_a"], lang), "b_lang": language_name(finding["lang_b"], lang)}


def _quoted(values: str, value_lang: str, lang: str) -> Markup:
    """‘value’ (several: ‘a’, ‘b’) as written, marked with its language when it is not the page's."""
    text = Markup(", ").join(Markup("‘%s’") % v for v in values.split(";"))
    return Markup('<span lang="%s">%s</span>') % (value_lang, text) if value_lang != lang else text


def _ab(finding: dict, names: Names, lang: str) -> dict:
    """The two values as written, each marked with its language (for a finding within the original documents,
    both are the original's)."""
    return {"a": _quoted(finding["value_a"], finding["lang_a"], lang),
            "b": _quoted(finding["value_b"], finding["lang_b"], lang)}


def _cell(finding: dict, names: Names, lang: str) -> dict:
    """'EMEA', 'end time', '18:00', '06:00'; a cell the translation states twice names each value."""
    table, key, column = finding["table"], finding["key"], finding["column"]
    translated = next(iter(names.tables.rows(table, lang=finding["lang_b"], doc=finding["docs"], **key)), {})
    stated = [v for v in str(translated.get(f"stated_{column.split('_')[-1]}", "") or "").split(";") if v]
    b = names.value(column, finding["value_b"])
    if len(stated) > 1:
        b = catalog.translate(lang, "stated twice: %(values)s", values=_and(lang, [names.value(column, v) for v in stated]))
    return {"row": names.row(table, key), "column": names.column(column), "a": names.value(column, finding["value_a"]),
            "b": b}


def _and(lang: str, items: list[str]) -> str:
    """'A and B', 'A, B and C' in the language."""
    return items[0] if len(items) == 1 else catalog.translate(
        lang, "%(first)s and %(last)s", first=", ".join(items[:-1]), last=items[-1])


def _blocks(finding: dict, names: Names, lang: str) -> dict:
    counted = KIND_COUNTS.get(finding["check"].split("/", 1)[1])
    count = lambda n: counted(lang, int(n)) if counted and str(n).isdigit() else n  # noqa: E731
    return {"a": count(finding["value_a"]), "b": count(finding["value_b"])}


def _stray(finding: dict, names: Names, lang: str) -> dict:
    return {"words": _quoted(finding["value_b"], finding["lang_b"], lang)}


TOLD: dict[str, Told] = {
    "cells/": Told(N_("%(row)s: %(column)s %(a)s (%(a_lang)s) — %(b)s (%(b_lang)s)."), _cell),
    "structure/empty-answer": Told(N_("The %(b_lang)s translation has no answer to this question.")),
    "structure/missing-entry": Told(N_("This question is missing from the %(b_lang)s translation.")),
    "structure/missing-section": Told(N_("This section is missing from the %(b_lang)s translation.")),
    "structure/extra-entry": Told(N_("This text in the %(b_lang)s translation has no counterpart in the %(a_lang)s source.")),
    "structure/missing-heading": Told(N_("The %(b_lang)s translation gives this answer without its question heading.")),
    "meaning/": Told(N_("The %(b_lang)s translation changes what this sentence promises: a qualifier, restriction or subject is in only one of the two languages.")),
    "meaning/product-name": Told(N_("The %(b_lang)s translation names a different product here: %(a)s in %(a_lang)s, %(b)s in %(b_lang)s."), _ab),
    "documents/contradiction": Told(N_("The %(a_lang)s documentation says two different things here: %(a)s in one place, %(b)s in another."), _ab),
    "documents/ambiguous-timezone": Told(N_("The time zone %(a)s is ambiguous in summer: it names a zone with daylight saving and a fixed offset. We read it as the zone, with daylight saving."), _ab),
    "documents/same-process": Told(N_("The page says two kinds of support share the same request process, but links different portals.")),
    "documents/commitment-kind": Told(N_("Two documents state different times for critical issues; they commit to different things (an acknowledgement is not an initial response), so they do not conflict.")),
    "content/sentence": Told(N_("A sentence appears in only one of the two languages.")),
    "content/": Told(N_("The %(a_lang)s source has %(a)s here, the %(b_lang)s translation %(b)s."), _blocks),
    "values/": Told(N_("A number, time or other value differs between the %(a_lang)s source and the %(b_lang)s translation: %(a)s and %(b)s."), _ab),
    "terminology/avoid": Told(N_("%(a)s is translated as %(b)s, a rendering to avoid."), _ab),
    "terminology/untranslated-name": Told(N_("The name %(a)s stays in %(a_lang)s in some places and is translated elsewhere: %(b)s."), _ab),
    "terminology/translated-name": Told(N_("The name %(a)s is translated as %(b)s; names usually stay as they are in %(a_lang)s."), _ab),
    "terminology/": Told(N_("%(a)s is translated in several ways: %(b)s."), _ab),
    "extraction/include": Told(N_("A part of the %(a_lang)s page that is included from another file is not on this site.")),
    "extraction/table-recovery": Told(N_("The cells of this table were recovered from the %(b_lang)s page with some doubt; please check them.")),
    "extraction/": Told(N_("Part of this text could not be matched with the %(a_lang)s source with confidence.")),
    "documents/same-number": Told(N_("The %(a_lang)s documents say two kinds of support share a phone number, but give two numbers: %(a)s and %(b)s."), _ab),
    "documents/copied-row": Told(N_("Two rows of the severity table have the same description: %(a)s and %(b)s."), _ab),
    "documents/ui-label-step": Told(N_("The %(a_lang)s documents name the same step differently: %(a)s and %(b)s."), _ab),
    "documents/ui-label-case": Told(N_("An interface label is written in two ways: %(a)s and %(b)s."), _ab),
    "documents/region-hours": Told(N_("The %(a_lang)s documents give different support hours: %(a)s and %(b)s."), _ab),
    "documents/": Told(N_("The %(a_lang)s documents contradict each other: %(a)s and %(b)s."), _ab),
    "artefacts/stray-words": Told(N_("Words outside any sentence, left over from the page: %(words)s."), _stray),
    "artefacts/": Told(N_("The %(b_lang)s text has a leftover of the web page here.")),
}
# A kind nobody has told yet: a sentence in the reader's language, and the maintainers' message after it.
UNTOLD = Told(N_("A difference the checks found; the details, as the maintainers read them:"))
# The language the maintainers' messages are written in (extract/checks write them).
MESSAGE_LANG = "en"


def _row(finding: dict, names: Names, lang: str) -> dict:
    """A row one language states and the other does not: its name, and the language that has it."""
    present = finding["lang_a"] if finding["value_b"] in ("", "(none)") else finding["lang_b"]
    return {"row": names.row(finding["table"], finding["key"]), "present": language_name(present, lang)}


# A table row only one language states (a cell finding without a column).
ROW_IN_ONE_LANGUAGE = Told(N_("%(row)s: only the text in %(present)s states this row."), _row)


def told(finding: dict) -> Told:
    check = finding["check"]
    if finding["kind"] == "cells" and not finding["column"]:
        return ROW_IN_ONE_LANGUAGE
    return TOLD.get(check) or TOLD.get(f"{finding['kind']}/") or UNTOLD


def describe(finding: dict, lang: str, names: Names) -> Markup:
    """A finding told in the reader's language (HTML: values from another language are marked as such)."""
    kind = told(finding)
    values = {**_languages(finding, lang), **kind.values(finding, names, lang)}
    text = Markup(escape(catalog.translate(lang, kind.message))) % values
    if kind is UNTOLD:
        text += Markup(' <span lang="%s">%s</span>') % (MESSAGE_LANG, finding["message"])
    if finding["cause"] == "source-changed":
        text += " " + catalog.translate(lang, "The %(a_lang)s page changed after our copy (revision of %(date)s); the "
                                              "translation follows the newer text.",
                                        date=long_date(finding["revision"], lang), a_lang=values["a_lang"])
    return text


def long_date(value: str, lang: str) -> str:
    """'23 maart 2022' for '2022-03-23', or for a revision named '2022-03-23_1e079e73'."""
    try:
        return format_date(date.fromisoformat(value[:10]), "long", locale=lang)
    except ValueError:
        return value
