"""The source manifest: which documents exist, in which language and format.

The extractor reads nothing under sources/ that the manifest does not name,
so adding a document or a language is a file plus an entry here.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property
from enum import Enum
from pathlib import Path

import yaml

from .errors import SourceError, read_text
from .language import check_languages
from .limits import ID_PATTERN, LANG_PATTERN, inside, load_yaml
from .urls import is_safe_url

FORMATS = ("docfx-markdown", "plain-text")


class Role(str, Enum):
    """What a document is for, which decides the tables the extractor makes from it (not its id)."""
    SUPPORT_FAQ = "support-faq"                  # questions and answers on support plans, times, portals
    LIFECYCLE_SERVICES = "lifecycle-services"    # how plans are linked and used in Lifecycle Services
    REGIONAL_OPERATOR = "regional-operator"      # support run by a local operator (21Vianet in China)


@dataclass(frozen=True)
class SourceDoc:
    id: str
    lang: str
    path: Path
    format: str
    role: Role
    page: str
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
        return self._translations.get(doc.id, [])

    @cached_property
    def _translations(self) -> dict[str, list[SourceDoc]]:
        """Original id -> its translations in manifest order, found once (not once per original: N^2 at N pairs)."""
        found: dict[str, list[SourceDoc]] = {}
        for d in self.documents:
            if d.translates:
                found.setdefault(d.translates, []).append(d)
        return found


def _text(entry: dict, key: str, path: Path, place: str, required: bool = False) -> str:
    """A string field of a manifest entry ('' when absent and optional); any other type is an error."""
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value):
        raise SourceError(path, f"{place}.{key}", "missing" if value in (None, "") else
                          f"expected text, found {type(value).__name__}")
    return value


def _slug(value: str, pattern, path: Path, place: str, what: str) -> str:
    if not pattern.fullmatch(value):
        raise SourceError(path, place, f"{what} '{value}' is not allowed: use lower-case letters, digits and "
                                       "single hyphens (it becomes part of file names and URLs)")
    return value


def load_manifest(sources: Path) -> Manifest:
    """Load and validate sources/manifest.yaml; every problem is a SourceError."""
    path = sources / "manifest.yaml"
    try:
        data = load_yaml(read_text(path))
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
        doc_id = _slug(_text(entry, "id", path, place, required=True), ID_PATTERN, path, f"{place}.id", "id")
        lang = _slug(_text(entry, "lang", path, place, required=True), LANG_PATTERN, path, f"{place}.lang", "language")
        fmt = _text(entry, "format", path, place, required=True)
        if fmt not in FORMATS:
            raise SourceError(path, f"{place}.format", f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
        source = inside(sources, _text(entry, "path", path, place, required=True), path, f"{place}.path")
        translates = _text(entry, "translates", path, place) or None
        role_name = _text(entry, "role", path, place, required=not translates)
        if role_name and role_name not in {r.value for r in Role}:
            raise SourceError(path, f"{place}.role", f"unknown role '{role_name}' (known: "
                                                     f"{', '.join(r.value for r in Role)})")
        page = _text(entry, "page", path, place)
        if page:
            _slug(page.replace("/", "-"), ID_PATTERN, path, f"{place}.page", "page")
        upstream = entry.get("upstream") or {}
        if not isinstance(upstream, dict):
            raise SourceError(path, f"{place}.upstream", f"expected a mapping, found {type(upstream).__name__}")
        url = upstream.get("url", "")
        if not isinstance(url, str) or (url and not is_safe_url(url, relative=False)):
            raise SourceError(path, f"{place}.upstream.url", f"'{url}' is not an http or https address")
        docs.append(SourceDoc(
            id=doc_id, lang=lang, path=source, format=fmt, role=Role(role_name) if role_name else None,
            page=page or f"docs/{doc_id}", title=_text(entry, "title", path, place),
            translates=translates, upstream=upstream, license=_text(entry, "license", path, place),
        ))
    listed = Counter((d.id, d.lang) for d in docs)
    for key in listed:   # in manifest order
        if listed[key] > 1:
            raise SourceError(path, "", f"document {key[0]!r} in {key[1]!r} listed twice")
    for i, d in enumerate(docs):
        if not d.path.is_file():
            raise SourceError(d.path, "", f"missing, but listed in {path.name} as documents[{i}]: "
                                          "restore the file or remove its entry")
    check_languages(path, [d.lang for d in docs])
    originals = {d.id for d in docs if not d.translates}
    for i, d in enumerate(docs):
        if d.translates and d.translates not in originals:
            raise SourceError(path, f"documents[{i}].translates", f"unknown document '{d.translates}'")
    # A translation is for what its original is for, on the same page.
    of = {d.id: d for d in docs if not d.translates}
    docs = [replace(d, role=of[d.translates].role, page=of[d.translates].page) if d.translates else d for d in docs]
    revisions = data.get("revisions") or {}
    if not isinstance(revisions, dict):
        raise SourceError(path, "revisions", f"expected a mapping, found {type(revisions).__name__}")
    for doc_id, folder in revisions.items():
        if not isinstance(folder, str) or not folder:
            raise SourceError(path, f"revisions.{doc_id}", "expected a folder name")
        inside(sources, folder, path, f"revisions.{doc_id}")
    return Manifest(path=path, documents=tuple(docs), revisions=revisions)


DEFAULT_SOURCES = Path(__file__).resolve().parent.parent / "sources"


def find_source(path: Path, sources: Path = DEFAULT_SOURCES) -> SourceDoc | None:
    """The manifest entry a file belongs to: the document itself, or the original whose revisions folder holds
    it; None when the manifest names neither (or there is no manifest)."""
    if not (sources / "manifest.yaml").is_file():
        return None
    manifest = load_manifest(sources)
    target = path.resolve()
    for doc in manifest.documents:
        if doc.path.resolve() == target:
            return doc
    for doc in manifest.originals():
        folder = manifest.revisions.get(doc.id)
        if folder and (sources / folder).resolve() == target.parent:
            return doc
    return None
