"""The source manifest: which documents exist, in which language and format.

The extractor reads nothing under sources/ that the manifest does not name,
so adding a document or a language is a file plus an entry here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import SourceError, read_text

FORMATS = ("docfx-markdown", "plain-text")


@dataclass(frozen=True)
class SourceDoc:
    id: str
    lang: str
    path: Path
    format: str
    title: str = ""
    translates: str | None = None
    upstream: dict = field(default_factory=dict, hash=False, compare=False)
    license: str = ""

    @property
    def url(self) -> str:
        """Published URL, the base for resolving relative links."""
        return self.upstream.get("url", "")


@dataclass(frozen=True)
class Manifest:
    path: Path
    documents: tuple[SourceDoc, ...]
    revisions: dict

    def originals(self) -> list[SourceDoc]:
        return [d for d in self.documents if not d.translates]

    def translations_of(self, doc: SourceDoc) -> list[SourceDoc]:
        return [d for d in self.documents if d.translates == doc.id]


def load_manifest(sources: Path) -> Manifest:
    """Load and validate sources/manifest.yaml; every problem is a SourceError."""
    path = sources / "manifest.yaml"
    try:
        data = yaml.safe_load(read_text(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"line {mark.line + 1}" if mark else ""
        raise SourceError(path, place, f"invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise SourceError(path, "", "expected a mapping with a 'documents' list")
    docs = []
    for i, entry in enumerate(data["documents"]):
        place = f"documents[{i}]"
        if not isinstance(entry, dict):
            raise SourceError(path, place, "expected a mapping")
        for key in ("id", "lang", "path", "format"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise SourceError(path, place, f"missing '{key}'")
        if entry["format"] not in FORMATS:
            raise SourceError(path, f"{place}.format",
                              f"unknown format '{entry['format']}' (known: {', '.join(FORMATS)})")
        docs.append(SourceDoc(
            id=entry["id"], lang=entry["lang"], path=sources / entry["path"],
            format=entry["format"], title=entry.get("title", ""),
            translates=entry.get("translates"), upstream=entry.get("upstream") or {},
            license=entry.get("license", ""),
        ))
    keys = [(d.id, d.lang) for d in docs]
    for key in keys:
        if keys.count(key) > 1:
            raise SourceError(path, "", f"document {key[0]!r} in {key[1]!r} listed twice")
    for i, d in enumerate(docs):
        if not d.path.is_file():
            raise SourceError(d.path, "", f"missing, but listed in {path.name} as documents[{i}]: "
                                          "restore the file or remove its entry")
    originals = {d.id for d in docs if not d.translates}
    for i, d in enumerate(docs):
        if d.translates and d.translates not in originals:
            raise SourceError(path, f"documents[{i}].translates", f"unknown document '{d.translates}'")
    return Manifest(path=path, documents=tuple(docs), revisions=data.get("revisions") or {})
