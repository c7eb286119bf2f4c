"""The coverage gate: a source update must not silently shrink what the site publishes.

A broken update (a page cut short, random text, a one-line scrape) still
extracts, just into fewer rows. So before new tables replace the published
ones, and in `extract check`, the new tables are compared with a reference
(the tables in content/data, i.e. what is committed and published):

- per document, language and table, rows lost: "support-overview (en): response_times 30 → 0 rows";
- a document of the manifest with no FAQ entries (no heading was recognised);
- a translation whose entries align to almost none of its original's.

An intended removal is accepted explicitly, for one run with
`--accept-drop DOC:LANG:TABLE` or for good with an entry (and a reason) in
extract/coverage.yaml; `*` matches any document, language or table.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

import yaml

from .errors import SourceError, read_text
from .limits import load_yaml
from .tables.base import Row

COVERAGE_PATH = Path(__file__).resolve().parent / "coverage.yaml"

# Tables whose shrinking is no loss of content: fewer findings or extraction notes is a better translation,
# and revision_changes describes the shipped revision history, not the page.
EXEMPT = frozenset({"findings", "extraction_notes", "revision_changes"})

# A translation must align at least this share of its original's entries. The Dutch scrape aligns 41 of 42;
# under a half, the scrape is truncated or of another page, and its site would be mostly "not translated".
MIN_ALIGNED_SHARE = 0.5

# Keys listed in a message, at most: enough to recognise what went, short enough for one line.
SHOWN_KEYS = 3
# Failures printed, at most: a manifest emptied by mistake loses every table of every document.
SHOWN_FAILURES = 12


@dataclass(frozen=True)
class Acceptance:
    pattern: str   # DOC:LANG:TABLE, each part may be '*'
    reason: str

    def matches(self, doc: str, lang: str, table: str) -> bool:
        parts = (self.pattern.split(":") + ["*", "*"])[:3]
        return all(fnmatchcase(value, part) for value, part in zip((doc, lang, table), parts))


def load_acceptances(path: Path = COVERAGE_PATH) -> list[Acceptance]:
    """The removals accepted in extract/coverage.yaml, each with its reason."""
    if not path.exists():
        return []
    try:
        data = load_yaml(read_text(path)) or {}
    except yaml.YAMLError as exc:
        raise SourceError(path, "", f"invalid YAML: {getattr(exc, 'problem', exc)}") from None
    entries = data.get("accepted") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise SourceError(path, "", "expected a mapping with an 'accepted' list")
    out = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("drop"), str) or not isinstance(entry.get("reason"), str) \
                or not entry["reason"].strip():
            raise SourceError(path, f"accepted[{i}]", "each entry needs a 'drop' (DOC:LANG:TABLE) and a 'reason'")
        out.append(Acceptance(entry["drop"], entry["reason"]))
    return out


def _groups(rows: list[Row]) -> dict[tuple[str, str], list[Row]]:
    """Rows by (doc, lang); '*' for a table without that column."""
    out: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        out.setdefault((str(row.get("doc") or "*"), str(row.get("lang") or "*")), []).append(row)
    return out


def _key(row: Row, key: list[str]) -> str:
    return "/".join(str(row.get(k, "")) for k in key if k not in ("doc", "lang"))


def drops(reference: dict[str, list[Row]], new: dict[str, list[Row]], keys: dict[str, list[str]]) -> list[tuple[str, str, str, str]]:
    """(doc, lang, table, message) for every group of rows that shrank from reference to new."""
    out = []
    for table in sorted(set(reference) - EXEMPT):
        before, after = _groups(reference[table]), _groups(new.get(table, []))
        for (doc, lang), old_rows in sorted(before.items()):
            new_rows = after.get((doc, lang), [])
            if len(new_rows) >= len(old_rows):
                continue
            lost = sorted({_key(r, keys.get(table, [])) for r in old_rows} - {_key(r, keys.get(table, [])) for r in new_rows})
            shown = ", ".join(lost[:SHOWN_KEYS]) + (f" and {len(lost) - SHOWN_KEYS} more" if len(lost) > SHOWN_KEYS else "")
            out.append((doc, lang, table, f"{doc} ({lang}): {table} {len(old_rows)} → {len(new_rows)} rows"
                                          + (f" (gone: {shown})" if shown else "")))
    return sorted(out)


def structural_problems(new: dict[str, list[Row]], translations: list[tuple[str, str, str]]) -> list[tuple[str, str, str, str]]:
    """(doc, lang, table, message) for documents without FAQ entries and translations that barely align."""
    out = []
    if not new.get("documents"):
        out.append(("*", "*", "documents", "the manifest lists no documents: there would be nothing to publish"))
    faq = _groups(new.get("faq", []))
    for row in new.get("documents", []):
        doc, lang = row["doc"], row["lang"]
        entries = [r for r in faq.get((doc, lang), []) if r.get("kind") != "intro"]
        if not entries:
            out.append((doc, lang, "faq", f"{doc} ({lang}): no FAQ entries (no question or section heading was "
                                          "recognised in the page)"))
    for doc, lang, original_lang in translations:
        promised = [r for r in faq.get((doc, original_lang), []) if r.get("kind") != "intro"]
        aligned = [r for r in faq.get((doc, lang), []) if r.get("matched") and r.get("kind") != "intro"]
        if promised and len(aligned) < MIN_ALIGNED_SHARE * len(promised):
            out.append((doc, lang, "faq", f"{doc} ({lang}): the translation aligns {len(aligned)} of the "
                                          f"{len(promised)} entries of its original (at least "
                                          f"{MIN_ALIGNED_SHARE:.0%} are expected)"))
    return out


def translations_of(manifest) -> list[tuple[str, str, str]]:
    """(doc, lang, the original's lang) of every translation in the manifest."""
    originals = {d.id: d.lang for d in manifest.originals()}
    return [(d.id, d.lang, originals[d.translates]) for d in manifest.documents if d.translates]


def gate(reference: dict[str, list[Row]] | None, new: dict[str, list[Row]], keys: dict[str, list[str]],
         manifest, accepted: list[Acceptance]) -> tuple[list[str], list[str]]:
    """(failures, accepted drops with their reasons), one line each."""
    problems = structural_problems(new, translations_of(manifest)) + (drops(reference, new, keys) if reference else [])
    failures, allowed = [], []
    for doc, lang, table, message in problems:
        reason = next((a.reason for a in accepted if a.matches(doc, lang, table)), None)
        if reason is None:
            failures.append(message)
        else:
            allowed.append(f"{message}: accepted ({reason})")
    return failures, allowed


def report(failures: list[str], allowed: list[str]) -> list[str]:
    """The lines `extract check`, `run` and `build` print."""
    lines = [f"coverage: {line}" for line in allowed]
    lines += [f"coverage FAILED: {line}" for line in failures[:SHOWN_FAILURES]]
    if len(failures) > SHOWN_FAILURES:
        lines.append(f"coverage FAILED: and {len(failures) - SHOWN_FAILURES} more drops")
    if failures:
        lines.append("coverage: if the removal is intended, accept it with --accept-drop DOC:LANG:TABLE or an "
                     "entry with a reason in extract/coverage.yaml (see the README)")
    return lines


def reference_of(folder: Path) -> dict[str, list[Row]] | None:
    """The tables now in `folder` (what new tables would replace), or None when there are none to compare with."""
    from .diff import load_folder
    if not (folder / "datapackage.json").exists():
        return None
    try:
        return load_folder(folder).tables
    except SourceError as exc:   # a damaged table set must not block its own repair; the structure checks still run
        print(f"warning: the tables now in {folder} cannot be read ({exc}); coverage is not compared with them",
              file=sys.stderr)
        return None


def evaluate(reference: dict[str, list[Row]] | None, new: dict[str, list[Row]], manifest,
             accept: list[str] | None = None) -> tuple[list[str], list[str]]:
    """(failures, the lines to print): the gate with extract/coverage.yaml and the command line's --accept-drop."""
    from .pipeline import PRIMARY_KEYS
    accepted = load_acceptances() + [Acceptance(p, "accepted on the command line") for p in accept or []]
    failures, allowed = gate(reference, new, PRIMARY_KEYS, manifest, accepted)
    return failures, report(failures, allowed)


def enforce(folder: Path, manifest, new: dict[str, list[Row]], accept: list[str] | None = None) -> None:
    """Before new tables replace those in `folder`: print the gate's lines, raise CoverageError on a drop."""
    failures, lines = evaluate(reference_of(folder), new, manifest, accept)
    for line in lines:
        print(line, file=sys.stderr)
    if failures:
        raise CoverageError(failures)


class CoverageError(Exception):
    """The new tables publish less than the reference; the lines were printed already."""

    def __init__(self, failures: list[str]):
        self.failures = failures
        super().__init__(f"coverage dropped: {failures[0]}" + (f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""))
