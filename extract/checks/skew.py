"""Version skew: was a difference caused by the translation, or by a change of the English page?

The Dutch page was translated from a later revision of the English page than
the one in sources/. For each translation finding, the English revisions
newer than our English copy (oldest first) are asked, through their tables,
whether they say what the translation says; the first that does is named as
the cause (`source-changed`), otherwise the cause is `translation`.
"""
from __future__ import annotations

from .common import Tables
from .finding import Cause, Finding


def assign_causes(findings: list[Finding], history: list[tuple[str, Tables]]) -> list[Finding]:
    for finding in findings:
        if finding.cause is not Cause.NONE:
            continue
        finding.cause = Cause.TRANSLATION
        if finding.explained_by is None:
            continue
        for name, tables in history:
            if finding.explained_by(tables):
                finding.cause, finding.revision = Cause.SOURCE_CHANGED, name
                break
    return findings
