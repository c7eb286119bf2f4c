"""A finding: one inconsistency a person should look at, with a stable id.

A finding is a typed record: its kind (the check family), severity and cause are enums, and where it is — the
table, the row's key, the column, and the languages of its two values — are fields set by the check that made
it. Readers (the site, the export) use those fields; `location` is only the text the stable id is made from.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable

from ..tables.base import Field, Resource, Row


class Kind(str, Enum):
    """The family of checks a finding comes from: the part of its `check` before '/'."""
    STRUCTURE = "structure"
    CONTENT = "content"
    VALUES = "values"
    CELLS = "cells"
    EXTRACTION = "extraction"
    TERMINOLOGY = "terminology"
    ARTEFACTS = "artefacts"
    MEANING = "meaning"
    DOCUMENTS = "documents"


class Severity(str, Enum):
    ERROR = "error"        # a value a reader would act on differs
    WARNING = "warning"    # content or wording a reader may miss or misread
    INFO = "info"          # cosmetic or expected


class Cause(str, Enum):
    TRANSLATION = "translation"          # the translation differs from the original it was made from
    SOURCE_CHANGED = "source-changed"    # a later revision of the original says what the translation says
    UPSTREAM = "upstream"                # within the original documents
    NONE = ""                            # not decided yet (skew.py decides for translation findings)


SEVERITIES = tuple(s.value for s in Severity)
CAUSES = tuple(c.value for c in Cause)
SEVERITY_ORDER = {s.value: i for i, s in enumerate(Severity)}

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
            Field("revision", "string", "The English revision that explains a source-changed finding"),
            Field("kind", "string", "The family of checks the finding comes from (the part of check before '/')",
                  enum=tuple(k.value for k in Kind)),
            Field("table", "string", "The table the finding is about (empty when it is about no one table)"),
            Field("key", "object", "The key of the row it is about, as {column: value} without doc and lang "
                                   "(empty when it is about no one row)"),
            Field("column", "string", "The column it is about (empty for a whole row)"),
            Field("lang_a", "string", "Language of value_a"),
            Field("lang_b", "string", "Language of value_b (for a finding within the original documents, the "
                                      "original's language too)")),
    primary_key=("id",),
)

@dataclass
class Finding:
    check: str
    severity: Severity
    location: str
    message: str
    docs: tuple[str, ...] = ()
    entry: str = ""
    value_a: str = ""
    value_b: str = ""
    cause: Cause = Cause.NONE
    revision: str = ""
    table: str = ""
    key: dict[str, object] = field(default_factory=dict)
    column: str = ""
    lang_a: str = ""
    lang_b: str = ""
    # For a translation finding: does an English revision's tables state what the translation states?
    explained_by: Callable[[dict], bool] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.severity, self.cause = Severity(self.severity), Cause(self.cause)
        self.kind   # an unknown family fails here, where the finding is made

    @property
    def kind(self) -> Kind:
        return Kind(self.check.split("/", 1)[0])

    @property
    def id(self) -> str:
        return re.sub(r"[^a-z0-9/:._-]+", "-", f"{self.check}:{self.location}".lower()).strip("-")

    def row(self) -> Row:
        return {"id": self.id, "severity": self.severity.value, "check": self.check, "docs": ";".join(self.docs),
                "location": self.location, "entry": self.entry, "value_a": self.value_a, "value_b": self.value_b,
                "message": self.message, "cause": self.cause.value, "revision": self.revision,
                "kind": self.kind.value, "table": self.table, "key": dict(self.key), "column": self.column,
                "lang_a": self.lang_a, "lang_b": self.lang_b}


def unique_row_ids(rows: list[Row]) -> list[Row]:
    """The findings' rows (Finding.row) with ids made unique, in place: a second finding at the same place gets a
    suffix from its message."""
    seen = set()
    for row in rows:
        if row["id"] in seen:
            row["id"] = f"{row['id']}~{hashlib.sha1(row['message'].encode()).hexdigest()[:6]}"
        seen.add(row["id"])
    return rows
