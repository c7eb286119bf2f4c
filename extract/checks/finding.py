"""A finding: one inconsistency a person should look at, with a stable id."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Callable

from ..tables.base import Field, Resource, Row

SEVERITIES = ("error", "warning", "info")
CAUSES = ("translation", "source-changed", "upstream", "")

RESOURCE = Resource(
    name="findings",
    title="Consistency findings",
    description="Inconsistencies between languages, documents and within documents, found by `python -m extract check`.",
    fields=(Field("id", "string", "Stable id from the check and the keys it concerns"),
            Field("severity", "string", "error: a value a reader would act on differs; warning: content or wording "
                                        "a reader may miss or misread; info: cosmetic or expected", enum=SEVERITIES),
            Field("check", "string", "Which check found it"),
            Field("docs", "string", "Document id(s), ';'-separated"),
            Field("location", "string", "Table and key, or FAQ entry id"),
            Field("entry", "string", "FAQ entry id the finding concerns, for linking"),
            Field("value_a", "string", "English value (or the first document's)"),
            Field("value_b", "string", "Translated value (or the second document's)"),
            Field("message", "string", "What differs, for a person"),
            Field("cause", "string", "translation, source-changed (a later English revision says what the "
                                     "translation says), upstream (within the English documents)", enum=CAUSES),
            Field("revision", "string", "The English revision that explains a source-changed finding")),
    primary_key=("id",),
)

History = list  # [(revision name, tables)] of English revisions, oldest first


@dataclass
class Finding:
    check: str
    severity: str
    location: str
    message: str
    docs: tuple[str, ...] = ()
    entry: str = ""
    value_a: str = ""
    value_b: str = ""
    cause: str = ""
    revision: str = ""
    # For a translation finding: does an English revision's tables state what the translation states?
    explained_by: Callable[[dict], bool] | None = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        return re.sub(r"[^a-z0-9/:._-]+", "-", f"{self.check}:{self.location}".lower()).strip("-")

    def row(self) -> Row:
        return {"id": self.id, "severity": self.severity, "check": self.check, "docs": ";".join(self.docs),
                "location": self.location, "entry": self.entry, "value_a": self.value_a, "value_b": self.value_b,
                "message": self.message, "cause": self.cause, "revision": self.revision}


def unique_ids(findings: list[Finding]) -> list[Row]:
    """Rows with ids made unique: a second finding at the same place gets a suffix from its message."""
    rows, seen = [], set()
    for f in findings:
        row = f.row()
        if row["id"] in seen:
            row["id"] = f"{row['id']}~{hashlib.sha1(f.message.encode()).hexdigest()[:6]}"
        seen.add(row["id"])
        rows.append(row)
    return rows
