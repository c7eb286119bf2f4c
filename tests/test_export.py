"""Translator exports: XLIFF and TMX written by translate-toolkit and read back by it."""
import gzip
import io
import json
import shutil
from collections import Counter
from itertools import groupby

import pytest
from translate.storage import tmx, xliff

from conftest import ROOT, change_table, rows, run_cli
from extract import export
from extract.errors import SourceError
from extract.writer import CLOSE, OPEN, SEPARATOR, gzip_member, machine_file, read_rows

DOC = "support-overview"
EMEA_ENTRY = "what-hours-are-considered-local-business-hours-for-support"
LANGUAGES_ENTRY = "for-which-languages-does-microsoft-provide-support"


@pytest.fixture(scope="module")
def exported(tmp_path_factory, tables):
    out = tmp_path_factory.mktemp("export")
    for fmt in ("xliff", "tmx"):
        result = run_cli("export", "--format", fmt, "--tables", str(ROOT / "content" / "data"), "--output",
                         str(out / fmt))
        assert result.returncode == 0, result.stderr
    return xliff.xlifffile.parsestring((out / "xliff").read_bytes()), tmx.tmxfile.parsestring((out / "tmx").read_bytes())


def unit_id(unit) -> str:
    return unit.xmlelement.get("id")


def by_file(store) -> dict[str, dict[str, object]]:
    """{document: {segment id: unit}} of an XLIFF store read back."""
    out: dict[str, dict[str, object]] = {}
    for unit in store.units:
        doc = next(unit.xmlelement.iterancestors(store.namespaced("file"))).get("original")
        out.setdefault(doc, {})[unit_id(unit)] = unit
    return out


def expected_segments(tables, doc) -> Counter:
    """Every English title and block of a document: what a translator has to translate."""
    entries = {r["id"] for r in rows(tables, "faq", doc=doc, lang="en")}
    titles = sum(1 for r in rows(tables, "faq", doc=doc, lang="en") if r["kind"] in ("question", "section") and r["question"])
    blocks = sum(1 for r in rows(tables, "blocks", doc=doc, lang="en") if r["entry"] in entries)
    return titles + blocks


def test_xliff_has_every_segment_of_every_document_and_is_version_1_2(exported, tables):
    store, _ = exported
    files = by_file(store)
    assert list(files) == [r["doc"] for r in rows(tables, "documents", lang="en")]
    for doc, units in files.items():
        assert len(units) == expected_segments(tables, doc), doc
    assert store.namespace == "urn:oasis:names:tc:xliff:document:1.2"
    assert store.document.getroot().get("version") == "1.2"
    assert store.gettargetlanguage() == "nl" and store.getsourcelanguage() == "en"


def test_paired_segments_carry_the_dutch_text(exported, tables):
    files = by_file(exported[0])
    overview = files[DOC]
    for r in rows(tables, "faq", doc=DOC, lang="nl", matched=True):
        if r["kind"] == "question":
            assert (overview[f"{r['id']}/question"].target or "") == r["question"]   # a lost heading: no target
    english_only = files["21vianet-support"]
    assert all(not u.target for u in english_only.values())   # no Dutch page: nothing to pair with


def test_every_finding_is_one_note_on_the_segment_it_concerns(exported, tables):
    files = by_file(exported[0])
    notes = Counter()
    for doc, units in files.items():
        for sid, unit in units.items():
            for line in filter(None, unit.getnotes("developer").split("\n")):
                notes[line.rsplit("[", 1)[1].rstrip("]")] += 1
    findings = tables["findings"]
    segment_entries = {(r["doc"], r["id"]) for r in tables["faq"] if r["lang"] == "en"}
    # A finding sits in each of its documents that has its entry (one naming no document: any document).
    placeable = [f for f in findings for doc in files
                 if (doc in f["docs"].split(";") or not f["docs"]) and (doc, f["entry"]) in segment_entries]
    assert notes == Counter(f["id"] for f in placeable)
    assert set(notes.values()) == {1} and len(notes) >= len(findings) - 1   # only the Dutch-only intro has no segment
    overview = files[DOC]
    emea = next(f for f in findings if f["check"] == "cells/business_hours" and ":emea:" in f["location"])
    assert emea["id"] in overview[f"{EMEA_ENTRY}/table-1"].getnotes()
    japanese = next(f for f in findings if f["check"] == "cells/support_languages" and "japanese" in f["location"])
    assert japanese["id"] in overview[f"{LANGUAGES_ENTRY}/table-1"].getnotes()
    footnote = next(f for f in findings if f["check"] == "content/footnote")
    assert footnote["id"] in overview[f"{footnote['entry']}/footnote-1"].getnotes()
    # A segment with a finding is marked for review, so a tool lists it first.
    assert overview[f"{EMEA_ENTRY}/table-1"].xmlelement.find(exported[0].namespaced("target")).get("state") \
        == "needs-review-translation"


def test_tmx_holds_the_reusable_pairs(exported, tables):
    store, memory = exported
    units = [u for u in by_file(store)[DOC].values()]
    wrong = {unit_id(u) for u in units if u.target and any(n.startswith("error ") for n in u.getnotes().split("\n"))}
    reusable = [u for u in units if u.target and unit_id(u) not in wrong]
    assert len(memory.units) == len(reusable) > 100
    pairs = {(u.source, u.target) for u in memory.units}
    assert all((u.source, u.target) in pairs for u in reusable)
    assert wrong and not any((u.source, u.target) in pairs for u in units if unit_id(u) in wrong)


def test_export_of_an_unknown_language_is_a_one_line_error():
    result = run_cli("export", "--format", "tmx", "--lang", "de")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no document in language 'de'" in result.stderr


def test_the_site_offers_the_exports_on_the_data_page(site):
    for name in ("support-atlas.en-nl.xlf", "support-atlas.en-nl.tmx"):
        assert (site / "data" / name).stat().st_size > 1000
        for page in ("data/index.html", "nl/data/index.html"):
            assert f"data/{name}" in (site / page).read_text(), page


def whole_store(by_doc: list[tuple[str, list]], fmt: str, lang: str = "nl", source: str = "en") -> bytes:
    """The export as translate-toolkit serialises a store holding every document at once (what the streamed
    writers must equal, byte for byte)."""
    if fmt == "xliff":
        store = export.Xliff12File(sourcelanguage=source, targetlanguage=lang)
        for doc, doc_segments in by_doc:
            store.switchfile(doc, createifmissing=True)
            for s in doc_segments:
                export.xliff_unit(store.body, s, doc)
        return bytes(store)
    store = tmx.tmxfile(sourcelanguage=source, targetlanguage=lang)
    body = next(store.document.getroot().iterchildren("body"))
    for _, doc_segments in by_doc:
        for s in doc_segments:
            if s.reusable:
                export.tmx_unit(body, s, source, lang)
    return bytes(store)


def streamed(by_doc: list[tuple[str, list]], fmt: str, lang: str = "nl", source: str = "en") -> bytes:
    out = io.BytesIO()
    writer = export.FORMATS[fmt][0](out, lang, source)
    for doc, doc_segments in by_doc:
        writer.add(doc, doc_segments)
    writer.close()
    return out.getvalue()


@pytest.mark.parametrize("fmt", tuple(export.FORMATS))
def test_exports_written_a_document_at_a_time_equal_the_whole_store(fmt):
    """The writers hold one document's units at a time; the file is still translate-toolkit's serialisation of the
    whole store: for the bundled tables, one document, a document without segments, and none at all."""
    by_doc = list(export.segments(export.read_export_tables(ROOT / "content" / "data"), "nl"))
    empty = ("no-segments", [])
    unreusable = ("untranslated", [export.Segment("e/question", "untranslated", "e", "question", 1, "Only English")])
    for case in (by_doc, by_doc[:1], [empty, *by_doc[:2], ("no-segments-2", [])], [unreusable], [empty], []):
        assert streamed(case, fmt) == whole_store(case, fmt), [doc for doc, _ in case]


def test_a_rebuild_copies_the_parts_of_unchanged_documents_and_remakes_the_changed_one(tmp_path):
    """With the previous build's exports and record, a document whose segments are unchanged gets its part copied
    from the previous file (a byte marked there shows it), a changed document's part is made again, and the files
    equal a build from nothing."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "content" / "data", data)
    before, after, fresh = tmp_path / "before", tmp_path / "after", tmp_path / "fresh"
    export.write_exports(data, before, record=tmp_path / "before.json")
    xlf = export.file_name("xliff", "nl", "en")
    record = json.loads((tmp_path / "before.json").read_text())[xlf]
    offset, length = sorted(record["parts"].values())[-1]   # the last document's part
    path = before / xlf
    text = path.read_bytes()
    at = text.index(b"<source>", offset) + len(b"<source>")
    path.write_bytes(text[:at] + b"#" + text[at + 1:])
    record_file = json.loads((tmp_path / "before.json").read_text())
    record_file[xlf]["sha256"] = export.file_digest(path)   # the record says the file holds the mark
    (tmp_path / "before.json").write_text(json.dumps(record_file))

    def reworded(rows):
        row = next(r for r in rows if r["lang"] == "nl" and r["doc"] == DOC and r["kind"] == "question")
        row["question"] += " (herzien)"
        return rows
    change_table(data, "faq", reworded)
    export.write_exports(data, after, record=tmp_path / "after.json", previous=(before, tmp_path / "before.json"))
    export.write_exports(data, fresh)
    new = (after / xlf).read_bytes()
    assert new.count(b"#") == text.count(b"#") + 1 and b"(herzien)" in new   # the mark copied, the change made
    assert new.replace(b">#", b">" + text[at:at + 1]) == (fresh / xlf).read_bytes()
    tmx_name = export.file_name("tmx", "nl", "en")
    assert (after / tmx_name).read_bytes() == (fresh / tmx_name).read_bytes()


def change_members(folder, name, change) -> None:
    """Rewrite a table of gzip members with `change(rows)` as the writer lays it out: a member per run of one
    document's rows in one language, and for '[', each ',\\n' and ']\\n'."""
    rows = change(read_rows(folder, name))
    runs = [list(run) for _, run in groupby(rows, key=lambda r: (r["doc"], r["lang"]))]
    texts = [OPEN, *[piece for i, run in enumerate(runs) for piece in ([SEPARATOR] if i else []) +
                     [SEPARATOR.join(json.dumps(r, ensure_ascii=False).encode() for r in run)]], CLOSE]
    machine_file(folder, name).write_bytes(b"".join(gzip_member(text) for text in texts))


def test_a_rebuild_reads_only_the_rows_of_the_documents_whose_inputs_changed(tmp_path, monkeypatch):
    """Each part's inputs (the gzip members holding its document's rows, the findings naming it) are recorded: a
    rebuild reads the rows of the documents whose inputs changed only, and its files equal a build from nothing.
    A rebuild with nothing changed reads no document's rows."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "content" / "data", data)
    before, after, fresh = tmp_path / "before", tmp_path / "after", tmp_path / "fresh"
    export.write_exports(data, before, record=tmp_path / "before.json")
    asked = []
    real = export.read_export_tables
    monkeypatch.setattr(export, "read_export_tables", lambda folder, docs=None, inputs=None: asked.append(docs) or
                        real(folder, docs, inputs))
    export.write_exports(data, after, record=tmp_path / "after.json", previous=(before, tmp_path / "before.json"))
    assert asked == [set()]
    assert {p.name: p.read_bytes() for p in after.iterdir()} == {p.name: p.read_bytes() for p in before.iterdir()}

    def reworded(rows):
        row = next(r for r in rows if r["lang"] == "nl" and r["doc"] == DOC and r["kind"] == "question")
        row["question"] += " (herzien)"
        return rows
    change_members(data, "faq", reworded)
    asked.clear()
    export.write_exports(data, after, record=tmp_path / "after.json", previous=(before, tmp_path / "before.json"))
    assert asked == [{DOC}]
    monkeypatch.setattr(export, "read_export_tables", real)
    export.write_exports(data, fresh)
    assert {p.name: p.read_bytes() for p in after.iterdir()} == {p.name: p.read_bytes() for p in fresh.iterdir()}
    assert b"(herzien)" in (after / export.file_name("xliff", "nl", "en")).read_bytes()


def test_a_part_whose_rows_were_not_read_and_cannot_be_copied_is_said_so():
    """A part recorded as following the file's head cannot be copied as the file's head: without the document's
    rows that is NotRead, and write_exports then reads every row."""
    previous = export.PreviousFile(ROOT / "README.md", {"p": [0, 1]}, b"", {"inputs-key": ["p", True]})
    writer = export.TmxWriter(io.BytesIO(), "nl", "en", previous)
    with pytest.raises(export.NotRead):
        writer.add(DOC, None, "inputs-key")


def test_a_rebuild_that_copies_the_first_parts_and_remakes_the_last_equals_a_build_from_nothing(tmp_path):
    """The first part copied and a later one made: the made part is serialised as in a build from nothing (the
    store's skeleton <file>, which translate-toolkit gives the first document it makes, is not reused for it)."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "content" / "data", data)
    before, after, fresh = tmp_path / "before", tmp_path / "after", tmp_path / "fresh"
    export.write_exports(data, before, record=tmp_path / "before.json")
    last = [r["doc"] for r in read_rows(data, "documents") if r["lang"] == "en"][-1]

    def retitled(rows):
        row = next(r for r in rows if r["lang"] == "en" and r["doc"] == last and r["kind"] in export.TITLED)
        row["question"] += " (revised)"
        return rows
    change_members(data, "faq", retitled)
    export.write_exports(data, after, record=tmp_path / "after.json", previous=(before, tmp_path / "before.json"))
    export.write_exports(data, fresh)
    assert {p.name: p.read_bytes() for p in after.iterdir()} == {p.name: p.read_bytes() for p in fresh.iterdir()}


@pytest.mark.parametrize("damage", [b"", b"[{"])
def test_a_damaged_table_is_the_readers_error_not_an_export_without_its_rows(tmp_path, damage):
    """A table file that is empty or cut short has no inputs to copy parts by: the rows are read as always, and the
    reader's error names the file (an empty file gave exports without the FAQ's rows before)."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "content" / "data", data)
    export.write_exports(data, tmp_path / "before", record=tmp_path / "before.json")
    (data / "faq.json.gz").write_bytes(gzip.compress(damage, mtime=0) if damage else b"")
    assert export.part_inputs(data) is None
    with pytest.raises(SourceError, match="faq.json.gz"):
        export.write_exports(data, tmp_path / "after", previous=(tmp_path / "before", tmp_path / "before.json"))
