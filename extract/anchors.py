"""Heading anchors and slugs, the language-independent keys of the tables."""
from __future__ import annotations

import re
import unicodedata


def docfx_anchor(heading: str) -> str:
    """The anchor DocFX / learn.microsoft.com gives a heading.

    Lower-case, punctuation dropped, spaces to hyphens; letters with accents
    are kept, as on the published pages.
    """
    text = heading.strip().lower()
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"\s", "-", text).strip("-") or "section"


def slugify(label: str) -> str:
    """An ASCII slug for a label: 'Unified Core' -> 'unified-core'."""
    text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text.lower())
    return text.strip("-") or "x"
