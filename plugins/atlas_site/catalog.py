"""Interface strings through gettext catalogs (theme/translations/<lang>/LC_MESSAGES/messages.po).

The catalogs are read with Babel. Templates call `_()`; the gettext function
installed in the Jinja environments picks the catalog of the page being
rendered (`lang` in the template context), so one environment serves every
language.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po
from jinja2 import pass_context

TRANSLATIONS = Path(__file__).resolve().parents[2] / "theme" / "translations"


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string}


def N_(message: str) -> str:
    """Mark a string for the catalog where it is defined; it is translated where it is shown."""
    return message


def translate(lang: str, message: str, **values) -> str:
    text = catalog(lang).get(message, message)
    return text % values if values else text


def context_lang(context) -> str:
    page = context.get("page")
    return context.get("lang") or getattr(page, "lang", None) or context.get("DEFAULT_LANG", "en")


@pass_context
def gettext(context, message: str, **values) -> str:
    return translate(context_lang(context), message, **values)


@pass_context
def ngettext(context, singular: str, plural: str, n: int, **values) -> str:
    return translate(context_lang(context), singular if n == 1 else plural, num=n, **values)


def install(env) -> None:
    """Give a Jinja environment `_()` that follows the page's language."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
