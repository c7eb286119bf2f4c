"""The site's tables in memory (plugins/atlas_site/site.py StoredRows): held compactly, read back as the rows
read_rows gives, whatever the file's layout."""
import gzip
import json
import shutil
import sys

from conftest import ROOT
from extract.writer import read_rows

sys.path.insert(0, str(ROOT / "plugins"))
from atlas_site.site import StoredRows, Tables, safe_links  # noqa: E402

DATA = ROOT / "content" / "data"


def table_names() -> list[str]:
    return [r["name"] for r in json.loads((DATA / "datapackage.json").read_text())["resources"]]


def test_every_table_reads_back_as_read_rows_gives_it():
    """Same rows, same columns in the same order, same values (addresses made safe as the site shows them)."""
    for name in table_names():
        expected = [safe_links(row) for row in read_rows(DATA, name)]
        stored = StoredRows.read(DATA, name)
        assert len(stored) == len(expected) and list(stored) == expected, name
        assert [list(row) for row in stored] == [list(row) for row in expected], name
        assert stored[1:3] == expected[1:3] and (not expected or stored[-1] == expected[-1])


def test_a_hand_edited_table_in_another_layout_is_read_whole(tmp_path):
    """A table pretty-printed by hand (not one row a line) is read by read_rows, with the same rows."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    rows = read_rows(data, "plans")
    (data / "plans.json.gz").write_bytes(gzip.compress(json.dumps(rows, indent=2, ensure_ascii=False).encode()))
    assert list(StoredRows.read(data, "plans")) == [safe_links(row) for row in rows]


def test_a_read_row_is_a_new_dict_each_time():
    """A reader that changes a row it was given does not change the table."""
    tables = Tables(DATA)
    first = tables.rows("plans", lang="en")[0]
    first["label"] = "changed"
    assert tables.rows("plans", lang="en")[0]["label"] != "changed"
    assert tables.rows("plans")[0]["label"] != "changed"


def test_a_tables_columns_read_alone_are_the_columns_of_its_rows():
    """LazyTables.columns, from the file (the table not read) or from the table read: each row's values, None where a
    row has none, addresses made safe as the rows the site reads have them."""
    for name in table_names():
        rows = [safe_links(row) for row in read_rows(DATA, name)]
        columns = tuple(dict.fromkeys([*list(dict.fromkeys(c for row in rows[:3] for c in row))[:4], "url", "missing"]))
        expected = [tuple(row.get(c) for c in columns) for row in rows]
        tables = Tables(DATA)
        assert tables.data.columns(name, columns) == expected and name not in tables.data.loaded, name
        tables.data[name]
        assert tables.data.columns(name, columns) == expected, name
        assert tables.langs(name) == list(dict.fromkeys(row["lang"] for row in rows if "lang" in row)), name


def test_a_table_not_in_the_package_has_no_rows_and_asking_reads_nothing():
    tables = Tables(DATA)
    assert "no-such-table" not in tables.data and tables.rows("no-such-table", lang="en") == []
    assert "faq" in tables.data and not tables.data.loaded
