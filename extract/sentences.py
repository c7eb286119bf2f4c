"""Sentences of a text: shared by alignment (sentence counts), the table builders and the checks."""
from __future__ import annotations

import re

# A sentence ends at . ! or ? followed by space and what starts a sentence (a capital, a digit, a quote, a bracket).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def split_sentences(text: str) -> list[str]:
    return [p.strip() for p in SENTENCE_END.split(text.strip()) if p.strip()]
