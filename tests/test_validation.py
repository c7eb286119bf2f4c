"""The check's validation of every row against its Table Schema: the same errors whether the tables are checked in
one process or on worker processes, a chunk of rows at a time or whole, and reused from the last check only while
nothing a table's errors are made from has changed."""
from __future__ import annotations

import gzip
import json
import shutil

import pytest

from extract import validation, writer
from extract.check import COVERED
from extract.errors import SourceError
from extract.validation import Memo, validate, workers
from conftest import change_table, run_cli


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """The bundled tables, extracted once; each test works on its own copy."""
    out = tmp_path_factory.mktemp("validation") / "data"
    assert run_cli("run", "--out", str(out)).returncode == 0
    return out


@pytest.fixture
def copy(data, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(data, target)
    return target


def break_rows(folder) -> None:
    """Rows that break their schema in every way the check names, one of them far down the table."""
    def edit(rows):
        rows[0]["severity"] = "severity-x"                         # not in the enum
        rows[1]["line"] = "twelve"                                 # not an integer
        rows[2]["doc"] = ""                                        # required
        rows[3] = {k: rows[3][k] for k in reversed(rows[3])}        # columns out of order
        rows[-1] = dict(rows[-2])                                  # primary key twice, at the end
        rows[5]["plan"] = ["a", "list"]                            # a list in a key column
        return rows
    change_table(folder, "response_times", edit)


def checked(folder, parallel: bool, monkeypatch, read_bytes: int | None = None):
    """validate() as `run_check` calls it, in one process or on workers, reading `read_bytes` at a time."""
    monkeypatch.setattr(validation, "PARALLEL_BYTES", 0 if parallel else 1 << 40)
    if read_bytes:
        monkeypatch.setattr(writer, "READ_BYTES", read_bytes)
    with workers(folder) as submit:
        return validate(folder, COVERED, submit)


def test_workers_and_chunks_give_the_errors_and_rows_of_one_process(copy, monkeypatch):
    break_rows(copy)
    errors, side = checked(copy, False, monkeypatch)
    where = copy / "response_times.json.gz"
    assert f"{where}: row 1: severity 'severity-x' is not one of" in errors[0]
    assert any(f"{where}: row 2: line 'twelve' is not of type integer" == e for e in errors)
    assert any(f"{where}: row 3: doc is required" == e for e in errors)
    assert any(e.startswith(f"{where}: row 4: columns ['") for e in errors)
    assert any(e.startswith(f"{where}: row 6: plan ['a', 'list'] is not of type string") for e in errors)
    assert "is not unique" in errors[-1]
    for parallel, read_bytes in ((True, None), (False, 4096), (True, 4096)):
        assert checked(copy, parallel, monkeypatch, read_bytes) == (errors, side), (parallel, read_bytes)
    assert set(side.tables) == set(COVERED) and set(side.tables["faq"][0]) == set(COVERED["faq"])


def test_a_duplicate_key_in_another_chunk_is_named_at_its_row(copy, monkeypatch):
    def edit(rows):
        rows[-1] = dict(rows[0])
        return rows
    change_table(copy, "faq", edit)
    count = len(writer.read_rows(copy, "faq"))
    errors, _ = checked(copy, True, monkeypatch, read_bytes=2048)
    assert errors == [f"{copy / 'faq.json.gz'}: row {count}: primary key "
                      f"{ {k: writer.read_rows(copy, 'faq')[0][k] for k in ('lang', 'doc', 'id')} } is not unique"]


def test_an_unreadable_table_fails_with_the_first_bad_file_in_package_order(copy, monkeypatch):
    (copy / "faq.json.gz").write_bytes(gzip.compress(b"[{"))
    (copy / "findings.json.gz").write_bytes(b"not gzip")
    for parallel in (False, True):
        with pytest.raises(SourceError, match="faq.json.gz"):
            checked(copy, parallel, monkeypatch)


def test_a_table_that_leaves_the_writers_layout_is_read_whole_once(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "READ_BYTES", 64)
    rows = [{"n": i, "text": "x" * 40} for i in range(20)]
    text = ",\n".join(json.dumps(r) for r in rows[:10]) + ",\n" + json.dumps(rows[10:], indent=1)[1:-1]
    data = gzip.compress(f"[{text}]\n".encode())
    assert writer.rows_from_bytes(data, "t.json.gz", "t") == rows
    assert len(list(writer.row_chunks(data, "t.json.gz", "t"))) > 2


def test_the_memo_reuses_row_errors_only_while_the_table_is_unchanged(copy, monkeypatch, tmp_path):
    break_rows(copy)
    memo = Memo(tmp_path / "state.checked.json")
    with workers(copy) as submit:
        errors, _ = validate(copy, COVERED, submit, memo)
    recorded = json.loads(memo.path.read_text())["tables"]
    assert len(recorded) == len(json.loads((copy / "datapackage.json").read_text())["resources"])

    calls = []
    monkeypatch.setattr(validation.RowChecker, "add", lambda self, rows: calls.append(self.where))
    assert validate(copy, COVERED, memo=memo)[0] == errors and calls == []   # every table reused
    (copy / "findings.csv").unlink()                                         # files are looked at every time
    assert validate(copy, COVERED, memo=memo)[0] == errors + [f"{copy / 'findings.csv'}: missing"]
    change_table(copy, "documents", lambda rows: rows[:-1])
    validate(copy, COVERED, memo=memo)
    assert calls == [str(copy / "documents.json.gz")]                        # only the changed table again
    calls.clear()
    validate(copy, COVERED, memo=Memo(memo.path, reuse=False))
    assert set(calls) == {str(copy / f"{name}.json.gz") for name in recorded if writer.read_rows(copy, name)}


def test_a_damaged_memo_is_ignored(copy, tmp_path):
    memo = Memo(tmp_path / "state.checked.json")
    memo.path.write_text('{"faq": 3')
    assert validate(copy, COVERED, memo=memo)[0] == []
    memo.path.write_text('{"descriptor": ["digest", []], "tables": {"faq": ["digest", "not a list"]}}')
    assert validate(copy, COVERED, memo=memo)[0] == []
    assert Memo(memo.path).load()[1]   # written afresh
