"""Consistency checks: read the tables, return findings.

`run_checks(tables, history)` is the whole stage: translation checks for every
translated document (translation.py), checks across and within documents
(documents.py), then the version-skew pass, which tells a translation error
from a change of the English source (skew.py).

The stage comes in two parts so the extractor can run the first per document group, beside building that
group's tables: `pair_findings` (one document's translations against its original, on that document's tables),
`row_findings` (checks of one row at a time) and `corpus_findings` (terminology per language, checks across documents, extraction notes); `finish` gives the
findings their unique ids and order.
"""
from __future__ import annotations

from . import documents, translation
from .common import Tables, original_langs, originals
from .finding import SEVERITY_ORDER, Finding, unique_row_ids
from .skew import assign_causes

PAIR_CHECKS = (translation.structure, translation.content, translation.sentence_changes, translation.values,
               translation.cells, translation.notes, translation.artefacts, translation.meaning)
CORPUS_CHECKS = (documents.commitments, documents.same_number, documents.region_hours, documents.ui_labels,
                 documents.copied_rows, documents.contradictions, documents.ambiguous_zones,
                 documents.commitment_kinds)
# Checks of the originals that look at one row at a time: they run per document group, so the rows they read
# need not be kept for the checks across documents. Their findings' ids are one per row, so where in the list
# they come does not change any id (unique_row_ids) or the order (finish sorts).
ROW_CHECKS = (documents.links,)


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


def pair_findings(tables: Tables, doc: str, lang: str, history: list[tuple[str, Tables]]) -> list[Finding]:
    """A translation (doc, lang) against its original, on the document's tables, with causes assigned."""
    original = original_langs(tables).get(doc, "")
    findings: list[Finding] = []
    for check in PAIR_CHECKS:
        findings.extend(_between(check(tables, doc, lang), original, lang))
    return assign_causes(findings, history)


def row_findings(tables: Tables) -> list[Finding]:
    """The ROW_CHECKS on some documents' tables (one group's, or all)."""
    return [finding for check in ROW_CHECKS for finding in check(tables)]


def corpus_findings(tables: Tables, translated: list[tuple[str, str]], history: list[tuple[str, Tables]]) -> list[Finding]:
    """Terminology per translated language, checks across and within the originals, the extraction notes.

    `translated`: (doc, lang) of every translated document, sorted. The checks read the glossary, the
    extraction notes and the originals' rows of the other tables (translations' rows may be left out)."""
    findings: list[Finding] = []
    original = original_langs(tables)
    for lang in sorted({lang for _, lang in translated}):
        source = next(original.get(doc, "") for doc, other in translated if other == lang)
        findings.extend(_between(translation.terminology(tables, lang), source, lang))
    for check in CORPUS_CHECKS:
        findings.extend(check(tables))
    for note in originals(tables, "extraction_notes"):
        severity = "error" if note["kind"] == "conflict" else "info"
        findings.append(Finding(f"extraction/{note['kind']}", severity, f"note:{note['doc']}:{note['lang']}:{note['id']}",
                                f"{note['message']} (line {note['line']}).", (note["doc"],), note["entry"],
                                cause="upstream", table="extraction_notes", key={"id": note["id"]},
                                lang_a=note["lang"], lang_b=note["lang"]))
    return assign_causes(findings, history)


def finish(findings: list[Finding]) -> list[dict]:
    """Findings as rows of the `findings` resource (pair findings first, in (doc, lang) order), sorted by
    severity and id."""
    return finish_rows([f.row() for f in findings])


def finish_rows(rows: list[dict]) -> list[dict]:
    """finish, of the findings' rows (Finding.row): a cached document group keeps its findings as rows."""
    return sorted(unique_row_ids(rows), key=lambda r: (SEVERITY_ORDER[r["severity"]], r["id"]))


def run_checks(tables: Tables, history: list[tuple[str, Tables]]) -> list[dict]:
    """Findings as rows of the `findings` resource, sorted by severity and id."""
    per_doc = by_document(tables)
    translated = translation.translated_docs(tables)
    findings: list[Finding] = []
    for doc, lang in translated:
        findings.extend(pair_findings(per_doc.get(doc, {}), doc, lang, history))
    return finish(findings + row_findings(tables) + corpus_findings(tables, translated, history))
