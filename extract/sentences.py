"""Sentences of a text: shared by alignment (sentence counts), the table builders and the checks."""
from __future__ import annotations

import re
from functools import lru_cache

# A sentence ends at . ! or ? followed by space and what starts a sentence (a capital, a digit, a quote, a bracket).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")

# The same block's text is split by the aligner, the blocks table, several builders and the checks (about four
# times each within a document): the most recent splits are remembered within the process. Bounded, so a large
# corpus does not grow it; the key is the whole text.
SENTENCE_MEMO = 4096


def split_sentences(text: str) -> list[str]:
    return list(_split(text))


@lru_cache(maxsize=SENTENCE_MEMO)
def _split(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in SENTENCE_END.split(text.strip()) if p.strip())
