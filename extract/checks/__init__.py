"""Consistency checks: read the tables, return findings.

`run_checks(tables, history)` is the whole stage: translation checks for every
translated document (translation.py), checks across and within documents
(documents.py), then the version-skew pass, which tells a translation error
from a change of the English source (skew.py).
"""
from __future__ import annotations

from . import documents, translation
from .common import Tables, original_langs, originals
from .finding import SEVERITY_ORDER, Finding, unique_ids
from .skew import assign_causes


def by_document(tables: Tables) -> dict[str, Tables]:
    """The tables split by document in one pass, so per-document checks stay linear in the corpus."""
    split: dict[str, Tables] = {}
    for name, rows in tables.items():
        for row in rows:
            if "doc" in row:
                split.setdefault(row["doc"], {}).setdefault(name, []).append(row)
    return split


def _between(findings: list[Finding], lang_a: str, lang_b: str) -> list[Finding]:
    """Translation findings compare the original (value_a) with the translation (value_b)."""
    for f in findings:
        f.lang_a, f.lang_b = f.lang_a or lang_a, f.lang_b or lang_b
    return findings


def find(tables: Tables) -> list[Finding]:
    findings: list[Finding] = []
    per_doc = by_document(tables)
    original = original_langs(tables)
    for doc, lang in translation.translated_docs(tables):
        for check in (translation.structure, translation.content, translation.sentence_changes,
                      translation.values, translation.cells,
                      translation.notes, translation.artefacts, translation.meaning):
            findings.extend(_between(check(per_doc.get(doc, {}), doc, lang), original.get(doc, ""), lang))
    for lang in sorted({lang for _, lang in translation.translated_docs(tables)}):
        source = next(original.get(doc, "") for doc, other in translation.translated_docs(tables) if other == lang)
        findings.extend(_between(translation.terminology(tables, lang), source, lang))
    for check in (documents.commitments, documents.same_number, documents.region_hours, documents.ui_labels,
                  documents.copied_rows, documents.links, documents.contradictions,
                  documents.ambiguous_zones, documents.commitment_kinds):
        findings.extend(check(tables))
    for note in originals(tables, "extraction_notes"):
        severity = "error" if note["kind"] == "conflict" else "info"
        findings.append(Finding(f"extraction/{note['kind']}", severity, f"note:{note['doc']}:{note['lang']}:{note['id']}",
                                f"{note['message']} (line {note['line']}).", (note["doc"],), note["entry"],
                                cause="upstream", table="extraction_notes", key={"id": note["id"]},
                                lang_a=note["lang"], lang_b=note["lang"]))
    return findings


def run_checks(tables: Tables, history: list[tuple[str, Tables]]) -> list[dict]:
    """Findings as rows of the `findings` resource, sorted by severity and id."""
    findings = assign_causes(find(tables), history)
    rows = unique_ids(findings)
    return sorted(rows, key=lambda r: (SEVERITY_ORDER[r["severity"]], r["id"]))
