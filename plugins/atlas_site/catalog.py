"""Interface strings through gettext catalogs (theme/translations/<lang>/LC_MESSAGES/messages.po).

The catalogs are read with Babel. Templates call `_()`; the gettext function
installed in the Jinja environments picks the catalog of the page being
rendered (`lang` in the template context), so one environment serves every
language.
"""
from __future__ import annotations

import gettext as stdlib_gettext
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import pass_context

TRANSLATIONS = Path(__file__).resolve().parents[2] / "theme" / "translations"


def catalog_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def has_catalog(lang: str) -> bool:
    return catalog_path(lang).exists()


@lru_cache(maxsize=None)
def translations(lang: str) -> stdlib_gettext.NullTranslations:
    """The language's catalog as standard gettext translations, so plural forms follow the catalog's
    Plural-Forms rule (compiled in memory: no .mo files to keep in step with the .po). A language without a
    catalog gets the source strings (the site.languages module reports it in the build log)."""
    path = catalog_path(lang)
    if not path.exists():
        return stdlib_gettext.NullTranslations()
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, po)
    compiled.seek(0)
    return stdlib_gettext.GNUTranslations(compiled)


def N_(message: str) -> str:
    """Mark a string for the catalog where it is defined; it is translated where it is shown."""
    return message


def translate(lang: str, message: str, **values) -> str:
    text = translations(lang).gettext(message)
    return text % values if values else text


def translate_plural(lang: str, singular: str, plural: str, n: int, **values) -> str:
    """The form of the message for n in the language (`num` is n, as in Jinja's i18n extension)."""
    return translations(lang).ngettext(singular, plural, n) % {"num": n, **values}


def context_lang(context) -> str:
    page = context.get("page")
    return context.get("lang") or getattr(page, "lang", None) or context["DEFAULT_LANG"]


@pass_context
def gettext(context, message: str, **values) -> str:
    return translate(context_lang(context), message, **values)


@pass_context
def ngettext(context, singular: str, plural: str, n: int, **values) -> str:
    return translate_plural(context_lang(context), singular, plural, n, **values)


def extract_tables(fileobj, keywords, comment_tags, options):
    """Babel extractor (babel.cfg): the data package's table titles and descriptions and every column's
    description, so the data page shows them in the page's language while datapackage.json keeps the source strings."""
    from extract.pipeline import ALL_RESOURCES
    for resource in ALL_RESOURCES:
        for text in (resource.title, resource.description, *(f.description for f in resource.fields)):
            yield 0, "gettext", text, [f"datapackage.json: {resource.name}"]


def install(env) -> None:
    """Give a Jinja environment `_()` that follows the page's language."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
