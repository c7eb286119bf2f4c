"""Which link targets may reach a page: the one URL allow-list of the project.

Source text is untrusted; a `javascript:` or `data:` address in a manifest,
a table cell or a link would run or show whatever it carries. Only web
addresses (http, https), mail addresses and relative links pass.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https", "mailto")
# Characters browsers drop or fold inside a scheme ('java\\tscript:'), so they must not hide one.
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")


def is_safe_url(url: str, relative: bool = True) -> bool:
    """True for http(s) and mailto addresses, and (when `relative`) for links without a scheme."""
    folded = _IGNORED.sub("", url or "")
    try:
        parts = urlsplit(folded)
    except ValueError:
        return False
    if parts.scheme:
        return parts.scheme.lower() in SAFE_SCHEMES and (parts.scheme.lower() == "mailto" or bool(parts.netloc))
    if folded.startswith("//"):   # protocol-relative: another site
        return False
    return relative


def safe_url(url: str) -> str:
    """The address itself when it is safe, else '' (the views show the label without a link)."""
    return url if url and is_safe_url(url) else ""
