"""Incremental page writing (.atlas-pages.json, the setting ATLAS_REUSE): a rebuild into the previous site writes
only the pages that read a changed row, removes pages that no longer exist, and equals a full build byte for byte."""
from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import change_table
from test_site_languages import copy_project

from extract.writer import gzip_member
from plugins.atlas_site.reuse import (TableChanges, file_digest, line_changes, load_ledger, may_differ, read_key,
                                     write_ledger)

# A rebuild as extract/build.py runs it: into a copy of the previous site, which also gives the exports' parts.
REUSE = ["-e", "ATLAS_REUSE=true", "DELETE_OUTPUT_DIRECTORY=false", 'ATLAS_PREVIOUS="previous"']


def pelican(work: Path, output: str, *extra: str) -> None:
    subprocess.run([sys.executable, "-m", "pelican", "content", "-o", output, "-s", "pelican.conf.py", "-q", *extra],
                   cwd=work, check=True, capture_output=True, text=True)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stamps(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("index.html")}


def change_rows(data: Path, table: str, change) -> None:
    change_table(data, table, change)


def test_a_changed_row_rewrites_only_the_pages_that_read_it(tmp_path):
    """Nothing changed: nothing is written. One value of one row (the Dutch Premier severity A response time):
    only pages that read the Dutch response times, or a value made from them that changed (the home page's
    overview), not the English home or the FAQ; of the plan pages only Premier's, though every plan page's deadline
    calculator lists the severities of every response time (its choices did not change)."""
    def slower(rows):
        row = next(r for r in rows if r["lang"] == "nl" and r["plan"] == "premier" and r["severity"] == "severity-a")
        row["max_minutes"] += 60
        return rows

    def nothing_written_when_nothing_changed():
        shutil.copytree(tmp_path / "previous", tmp_path / "same", copy_function=shutil.copy2)
        before = stamps(tmp_path / "same")
        pelican(tmp_path, "same", *REUSE)
        assert stamps(tmp_path / "same") == before
    ledger, rewritten, _ = rebuild_after(tmp_path, "response_times", slower, first=nothing_written_when_nothing_changed)
    assert set(ledger) == {name for name in files(tmp_path / "previous") if name.endswith("index.html")} | \
        {"data/answers.en.json", "data/answers.nl.json"}
    made_from_times = (["overview", "nl"], ["deadline", "nl"])
    readers = sorted(k for k, v in ledger.items() if any(r[:2] == ["rows", "response_times"] and ["lang", "nl"] in r[2]
                                                         or r in made_from_times for r in v["reads"]))
    assert rewritten and set(rewritten) <= set(readers), rewritten
    assert "nl/index.html" in rewritten and "index.html" not in rewritten and "nl/faq/index.html" not in rewritten
    assert [page for page in rewritten if "/plans/" in page] == ["nl/plans/premier/index.html"]
    assert len(rewritten) < len(ledger) / 5


def test_a_change_to_one_languages_rows_rewrites_only_that_languages_instant_answers(tmp_path):
    """The instant answers are kept as pages are: a Dutch response time rewrites data/answers.nl.json (which
    states it), and the English file stays the previous build's, the same file; both equal a full build's."""
    def slower(rows):
        row = next(r for r in rows if r["lang"] == "nl" and r["plan"] == "premier" and r["severity"] == "severity-a")
        row["max_minutes"] += 60
        return rows

    copy_project(tmp_path)
    pelican(tmp_path, "previous")
    change_rows(tmp_path / "content" / "data", "response_times", slower)
    reused = tmp_path / "reused"
    pelican(tmp_path, "reused", "-e", "ATLAS_REUSE=true", 'ATLAS_PREVIOUS="previous"')
    pelican(tmp_path, "full")
    answers = {lang: f"data/answers.{lang}.json" for lang in ("en", "nl")}
    for name in answers.values():
        assert (reused / name).read_bytes() == (tmp_path / "full" / name).read_bytes()
    assert (reused / answers["en"]).samefile(tmp_path / "previous" / answers["en"])
    assert not (reused / answers["nl"]).samefile(tmp_path / "previous" / answers["nl"])
    assert (reused / answers["nl"]).read_bytes() != (tmp_path / "previous" / answers["nl"]).read_bytes()


def test_a_renamed_plan_is_renamed_on_every_page_that_names_it(tmp_path):
    """A glossary label is one of the columns a language's names are made from: they are made again, and the
    pages that name the plan are rewritten as a full build makes them (rebuild_after compares every file)."""
    def renamed(rows):
        row = next(r for r in rows if r["lang"] == "nl" and r["category"] == "plans" and r["term"] == "premier")
        row["label"] = "Premier-steunpakket"
        return rows

    _, rewritten, differ = rebuild_after(tmp_path, "glossary", renamed)
    assert differ and set(differ) <= set(rewritten)


def test_pages_that_no_longer_exist_are_removed(tmp_path):
    copy_project(tmp_path)
    pelican(tmp_path, "previous")
    change_rows(tmp_path / "content" / "data", "plans", lambda rows: [r for r in rows if r["plan"] != "premier"])
    shutil.copytree(tmp_path / "previous", tmp_path / "reused", copy_function=shutil.copy2)
    pelican(tmp_path, "reused", *REUSE)
    pelican(tmp_path, "full")
    assert not (tmp_path / "reused" / "plans" / "premier").exists()
    assert files(tmp_path / "reused") == files(tmp_path / "full")


def matches(read: list, row: dict) -> bool:
    """Whether a recorded table query (["rows", table, [[column, value], ...]]) returns the row."""
    return all(row.get(column) == value for column, value in read[2])


def rebuild_after(tmp_path: Path, table: str, change, first=None) -> tuple[dict, list[str], set[str]]:
    """The previous build's ledger, the pages a reusing rebuild wrote after `change` to one table, and the pages
    whose bytes differ; the rebuilt site must equal a full build's, byte for byte. `first` runs on the previous
    build before the change."""
    copy_project(tmp_path)
    pelican(tmp_path, "previous")
    if first:
        first()
    ledger = json.loads((tmp_path / "previous" / ".atlas-pages.json").read_text())
    change_rows(tmp_path / "content" / "data", table, change)
    shutil.copytree(tmp_path / "previous", tmp_path / "reused", copy_function=shutil.copy2)
    before = stamps(tmp_path / "reused")
    pelican(tmp_path, "reused", *REUSE)
    pelican(tmp_path, "full")
    assert files(tmp_path / "reused") == files(tmp_path / "full")
    rewritten = sorted(k for k, t in stamps(tmp_path / "reused").items() if t != before[k])
    old, new = files(tmp_path / "previous"), files(tmp_path / "full")
    return ledger, rewritten, {k for k in new if k.endswith("index.html") and old.get(k) != new[k]}


def test_a_changed_answer_rewrites_only_the_pages_that_read_its_row(tmp_path):
    """A Dutch answer's text: the pages that read its row, not the other pages of the language that name its
    question or list the document's findings."""
    changed = {}

    def reworded(rows):
        row = next(r for r in rows if r["lang"] == "nl" and r["kind"] == "question" and r["section_id"])
        row["answer"] += "<p>Nieuwe zin.</p>"
        changed.update(row)
        return rows
    ledger, rewritten, differ = rebuild_after(tmp_path, "faq", reworded)
    readers = {k for k, v in ledger.items() if any(r[:2] == ["rows", "faq"] and matches(r, changed) for r in v["reads"])}
    assert differ and differ <= set(rewritten) <= readers, (rewritten, readers)
    assert not {"index.html", "nl/index.html", "compare/index.html", "nl/compare/index.html"} & set(rewritten), rewritten
    assert len(rewritten) < len(ledger) / 10, rewritten


def test_a_search_word_rewrites_only_the_pages_with_its_answer(tmp_path):
    """The hidden search words are read per page (the words of its headings), not as one table every page reads."""
    def added(rows):
        first = next(r for r in rows if r["lang"] == "nl" and r["targets"].startswith("entry:"))
        return rows + [{**first, "term": "zoekwoordtest", "targets": first["targets"].split(";")[0]}]
    ledger, rewritten, differ = rebuild_after(tmp_path, "search_terms", added)
    assert rewritten and set(rewritten) == differ, (rewritten, differ)
    assert all("zoekwoordtest" in (tmp_path / "reused" / k).read_text() for k in rewritten)


def table_file(path: Path, rows: list[dict]) -> Path:
    """A table file in the writer's layout: one row per line."""
    path.write_bytes(gzip.compress(("[" + ",\n".join(json.dumps(r) for r in rows) + "]\n").encode()))
    return path


def changed_lines(old: Path, new: Path) -> list[bytes] | None:
    """The lines of two versions of a table that are in one of them only, old then new (None: not known)."""
    changes = line_changes(old, new)
    return None if changes is None else changes.lines()


def member_file(path: Path, segments: list[list[dict]]) -> Path:
    """A table file as the writer makes a large table: a gzip member per segment, and for '[', each ',\\n' and ']\\n'."""
    texts = [b"[", *[piece for i, rows in enumerate(segments)
                     for piece in ([b",\n"] if i else []) + [",\n".join(json.dumps(r) for r in rows).encode()]], b"]\n"]
    path.write_bytes(b"".join(gzip_member(text) for text in texts))
    return path


SEGMENT_CASES = {   # an edit of a table of three segments (a document's rows in one language each)
    "a value changed": lambda segs: [segs[0], [dict(segs[1][0], max_minutes=99), *segs[1][1:]], segs[2]],
    "a row added": lambda segs: [segs[0], segs[1] + [{"doc": "d9", "lang": "nl", "max_minutes": 9}], segs[2]],
    "a segment removed": lambda segs: [segs[0], segs[2]],
    "segments reordered": lambda segs: [segs[1], segs[0], segs[2]],
    "a row repeated": lambda segs: [segs[0], segs[1] + segs[0][:1], segs[2]],
    "nothing changed": lambda segs: segs,
}


def segment_changes(tmp_path: Path, case: str) -> tuple[list, list, list]:
    """Three segments of rows, the case's edit of them, and the line changes between the two as a table of a gzip
    member per segment and as one stream."""
    segments = [[{"doc": f"d{i}", "lang": "nl", "max_minutes": i * 10 + j} for j in range(3)] for i in range(3)]
    edited = SEGMENT_CASES[case](segments)
    members = line_changes(member_file(tmp_path / "old.json.gz", segments),
                           member_file(tmp_path / "new.json.gz", edited))
    stream = line_changes(table_file(tmp_path / "old-stream.json.gz", [r for seg in segments for r in seg]),
                          table_file(tmp_path / "new-stream.json.gz", [r for seg in edited for r in seg]))
    return segments, edited, [members, stream]


@pytest.mark.parametrize("case", SEGMENT_CASES)
def test_a_table_of_gzip_members_gives_the_changed_rows_a_single_stream_gives(tmp_path, case):
    """A large table's file is a gzip member per segment: members common to both versions are compared whole and
    only the others split into rows, with the same result as comparing every line of one stream."""
    segments, edited, changes = segment_changes(tmp_path, case)
    members, stream = (None if found is None else found.lines() for found in changes)
    if case == "a row repeated":
        # One stream finds the repeat (None); members find the repeated row in the new member only: queries on it
        # are re-read, which is all the repeat can change.
        assert stream is None and [json.loads(line) for line in members] == segments[0][:1]
    else:
        assert members == stream
        assert (members is None) == (case == "segments reordered")
    # What a rebuild relies on: a query no changed row matches has the same rows in the same order in both.
    if members is not None:
        touched = {json.loads(line)["doc"] for line in members}
        for doc in {r["doc"] for seg in segments + edited for r in seg} - touched:
            assert [r for seg in segments for r in seg if r["doc"] == doc] == \
                [r for seg in edited for r in seg if r["doc"] == doc]


@pytest.mark.parametrize("case", SEGMENT_CASES)
def test_rows_replaced_in_place_are_paired_in_members_as_in_one_stream(tmp_path, case):
    """The pairs of a row and the row that replaced it at its place (what a value made from some columns is
    compared on) are the same whether a table is a gzip member per segment or one stream; an edit that adds,
    removes or moves rows pairs none."""
    segments, edited, changes = segment_changes(tmp_path, case)
    replaced = [None if found is None else found.replaced() for found in changes]
    if case == "a value changed":
        pair = (json.dumps(segments[1][0]).encode(), json.dumps(edited[1][0]).encode())
        assert replaced == [[pair], [pair]]
    elif case == "nothing changed":
        assert replaced == [[], []]
    else:
        assert replaced == [None, None]


def test_a_cut_short_or_damaged_gzip_table_makes_every_query_re_read(tmp_path):
    rows = [[{"doc": "d1", "lang": "nl", "max_minutes": 1}], [{"doc": "d2", "lang": "nl", "max_minutes": 2}]]
    old = member_file(tmp_path / "old.json.gz", rows)
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(old.read_bytes()[:-5])
    assert changed_lines(old, cut) is None
    damaged = tmp_path / "damaged.json.gz"
    data = bytearray(old.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    assert changed_lines(old, damaged) is None


def test_changed_rows_are_the_lines_of_one_version_only(tmp_path):
    """What a rebuild re-reads: only queries that a row found in one version of a table only can match; rows
    moved relative to each other, repeated, or a file in another layout make every query on the table re-read."""
    rows = [{"doc": f"d{i}", "lang": lang, "max_minutes": i} for i in range(3) for lang in ("en", "nl")]
    old = table_file(tmp_path / "old.json.gz", rows)
    edited = [dict(r, max_minutes=99) if (r["doc"], r["lang"]) == ("d1", "nl") else r for r in rows]
    new = table_file(tmp_path / "new.json.gz", edited)
    assert [json.loads(line) for line in changed_lines(old, new)] == [rows[3], edited[3]]
    assert changed_lines(old, table_file(tmp_path / "moved.json.gz", rows[1:] + rows[:1])) is None
    assert changed_lines(old, table_file(tmp_path / "twice.json.gz", rows + rows[:1])) is None
    (tmp_path / "pretty.json").write_text(json.dumps(rows, indent=2))
    assert changed_lines(old, tmp_path / "pretty.json") is None

    (tmp_path / "previous").mkdir()
    (tmp_path / "previous" / "t.json.gz").write_bytes(old.read_bytes())
    (tmp_path / "t.json.gz").write_bytes(new.read_bytes())
    digests = {"t": file_digest(tmp_path / "t.json.gz")}
    changes = TableChanges(tmp_path, tmp_path / "previous", {"t": "t.json.gz"}, digests, {"t": file_digest(old)})
    assert changes.touches("t", {"doc": "d1", "lang": "nl"}) and changes.touches("t", {"lang": "nl"})
    assert changes.touches("t", {})
    assert not changes.touches("t", {"doc": "d1", "lang": "en"}) and not changes.touches("t", {"doc": "d2"})
    # The previous site's copy is not the table the previous record was made from: nothing is known.
    unknown = TableChanges(tmp_path, tmp_path / "previous", {"t": "t.json.gz"}, digests, {"t": "other"})
    assert unknown.touches("t", {"doc": "d2"})
    same = TableChanges(tmp_path, tmp_path / "previous", {"t": "t.json.gz"}, digests, dict(digests))
    assert not same.touches("t", {})


def test_the_ledger_reads_back_as_written_and_a_damaged_one_is_no_ledger(tmp_path):
    """Reads are kept as the JSON text they were written as; a ledger that is missing, cut short or of another shape
    is no ledger (every page is written again)."""
    pages = {"a/index.html": {"fingerprint": "f1", "reads": [read_key(["rows", "faq", [["doc", "d1"]]]),
                                                            read_key(["names", "nl"])]},
             "index.html": {"fingerprint": "f2", "reads": []}}
    write_ledger(tmp_path, pages)
    assert load_ledger(tmp_path) == pages
    text = (tmp_path / ".atlas-pages.json").read_text()
    for damaged in (text[:-3], '{"index.html": {"fingerprint": "f2", "reads": "x"}}', "[]"):
        (tmp_path / ".atlas-pages.json").write_text(damaged)
        assert load_ledger(tmp_path) == {}
    (tmp_path / ".atlas-pages.json").unlink()
    assert load_ledger(tmp_path) == {}


def test_values_made_from_unchanged_tables_keep_their_previous_hash(tmp_path):
    """A page's hidden search words are made from the vocabulary and the revisions only: a rebuild in which neither
    changed keeps their hash without making them again. A document's finding counts change with its findings
    only; the corpus's with any finding."""
    (tmp_path / "previous").mkdir()
    tables = {"search_terms": [{"lang": "en", "term": "ticket", "targets": "entry:a"}],
              "revision_changes": [{"doc": "d1", "table": "faq", "column": "question", "key": "a", "old": "Q"}],
              "findings": [{"id": f"f{i}", "docs": f"d{i}", "severity": "warning"} for i in range(3)]}
    edited = {**tables, "findings": [dict(f, severity="error") if f["docs"] == "d1" else f for f in tables["findings"]]}
    files = {name: f"{name}.json.gz" for name in tables}
    for name in tables:
        table_file(tmp_path / "previous" / files[name], tables[name])
        table_file(tmp_path / files[name], edited[name])
    digests = {name: file_digest(tmp_path / file) for name, file in files.items()}
    before = {name: file_digest(tmp_path / "previous" / file) for name, file in files.items()}
    changes = TableChanges(tmp_path, tmp_path / "previous", files, digests, before)
    assert not may_differ(read_key(["terms", "en", "faq/about", ["a"]]), changes)
    assert may_differ(read_key(["status-counts", "d1"]), changes) and may_differ(read_key(["status", "d1"]), changes)
    assert not may_differ(read_key(["status-counts", "d2"]), changes)
    assert may_differ(read_key(["status-counts", None]), changes)
    assert may_differ(read_key(["names", "en"]), changes)   # its tables are not in the previous record
    (tmp_path / files["search_terms"]).write_bytes(b"")     # unreadable now: whatever reads it may have changed
    unknown = TableChanges(tmp_path, tmp_path / "previous", files, {**digests, "search_terms": "x"}, before)
    assert may_differ(read_key(["terms", "en", "faq/about", ["a"]]), unknown)


NAME_TABLES = {
    "documents": [{"lang": lang, "doc": "d1", "original_lang": "en", "entries": 2} for lang in ("en", "nl")],
    "glossary": [{"lang": "nl", "category": "plans", "term": "premier", "label": "Premier"}],
    "faq": [{"id": entry, "lang": lang, "question": f"{entry} {lang}?", "answer": "< 2 hours", "matched": True}
            for entry in ("a", "b") for lang in ("en", "nl")],
}


def names_change(tmp_path: Path, edit) -> bool:
    """Whether a language's names may differ after `edit` (table -> its rows, edited) of the tables they read."""
    previous = tmp_path / "previous"
    shutil.rmtree(previous, ignore_errors=True)
    previous.mkdir()
    files = {name: f"{name}.json.gz" for name in NAME_TABLES}
    for name, rows in NAME_TABLES.items():
        table_file(previous / files[name], rows)
        table_file(tmp_path / files[name], edit(name, [dict(r) for r in rows]))
    digests = {name: file_digest(tmp_path / file) for name, file in files.items()}
    before = {name: file_digest(previous / file) for name, file in files.items()}
    return may_differ(read_key(["names", "nl"]), TableChanges(tmp_path, previous, files, digests, before))


def test_names_are_made_again_only_when_a_column_they_are_made_from_changes(tmp_path):
    """A language's names come from some columns of the documents, glossary and FAQ (NAME_COLUMNS): an answer
    or a document's entry count changed in place leaves them; a question, a label, a row added, removed or moved,
    or a column a row no longer has, makes them again."""
    def answer_and_count(name, rows):
        for row in rows:
            row.update({"faq": {"answer": "< 3 hours"}, "documents": {"entries": 3}}.get(name, {}))
        return rows

    def edit(table, change):
        return lambda name, rows: change(rows) if name == table else rows

    assert not names_change(tmp_path, lambda name, rows: rows)
    assert not names_change(tmp_path, answer_and_count)
    assert names_change(tmp_path, edit("faq", lambda rows: [dict(rows[0], question="a en, again?")] + rows[1:]))
    assert names_change(tmp_path, edit("glossary", lambda rows: [dict(rows[0], label="Premier Support")]))
    assert names_change(tmp_path, edit("faq", lambda rows: [dict(rows[0], matched=1)] + rows[1:]))   # 1 == True
    assert names_change(tmp_path, edit("faq", lambda rows: rows[:-1]))
    assert names_change(tmp_path, edit("faq", lambda rows: rows + [dict(rows[0], id="c")]))
    assert names_change(tmp_path, edit("faq", lambda rows: rows[2:] + rows[:2]))
    assert names_change(tmp_path, edit("faq", lambda rows: [{k: v for k, v in rows[0].items() if k != "matched"}]
                                       + rows[1:]))


def test_a_ledger_whose_reads_are_not_utf8_is_no_ledger(tmp_path):
    (tmp_path / ".atlas-pages.json").write_bytes(b'{"index.html":{"fingerprint":"f","reads":["\xff"]}}')
    assert load_ledger(tmp_path) == {}
