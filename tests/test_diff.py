"""Table diffs: real revision pairs, renames, reordering, formats, exit codes, bad input."""
import json
import shutil

import pytest

from conftest import REVISIONS, ROOT, change_table, run_cli

R = {p.stem[:10]: p for p in sorted(REVISIONS.glob("*.md"))}


def diff_json(old, new, *extra):
    result = run_cli("diff", str(old), str(new), "--format", "json", *extra)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, {t["table"]: t for t in json.loads(result.stdout)["tables"]}


def rows_of(table, change):
    return [r for r in table["rows"] if r["change"] == change]


def test_business_hours_become_a_table():
    status, tables = diff_json(R["2020-12-04"], R["2021-01-12"])
    assert status == 1
    hours = tables["business_hours"]
    assert {r["key"]["region"] for r in rows_of(hours, "added")} == {"asia-pacific", "emea"}
    changed = {r["key"]["region"]: {c["column"]: (c["old"], c["new"]) for c in r["cells"]} for r in rows_of(hours, "changed")}
    assert set(changed) == {"japan", "north-america", "other"}
    assert changed["other"]["region_label"] == ("most countries and regions", "All others unless stated otherwise")
    assert changed["japan"]["timezone"] == ("", "local time")
    assert "start" not in changed["japan"] and "end" not in changed["japan"]   # same hours, now in a table


def test_licensing_support_table_appears():
    _, tables = diff_json(R["2020-06-04"], R["2020-12-04"])
    added = {r["key"]["channel"]: r["values"]["portal"] for r in rows_of(tables["licensing_support"], "added")}
    assert added == {"direct-online": "microsoft-365-admin-center", "volume-licensing": "vlsc", "csp": "partner"}


def test_request_portal_rows_change():
    _, tables = diff_json(R["2021-01-12"], R["2021-03-17"])
    portals = tables["request_portals"]
    renamed = {(r["old_key"]["product"], r["key"]["product"]) for r in rows_of(portals, "renamed")}
    assert renamed == {("customer-engagement-apps", "dynamics-365-and-power-platform"),
                       ("dynamics", "customer-engagement-on-premises")}
    assert {r["key"]["product"] for r in rows_of(portals, "removed")} == {"finance-and-operations"}
    _, tables = diff_json(R["2021-03-17"], R["2022-03-23"])
    added = rows_of(tables["request_portals"], "added")
    assert len(added) == 18   # three products whose one cell spans all six plan columns of the two header rows
    assert {r["key"]["product"] for r in added} == {"finance", "supply-chain-management", "commerce"}
    assert {r["values"]["portal"] for r in added} == {"lifecycle-services"}


def test_response_time_wording_changes_but_values_do_not():
    _, tables = diff_json(R["2021-01-12"], R["2021-03-17"])
    for row in rows_of(tables["response_times"], "changed"):
        assert {c["column"] for c in row["cells"]} == {"statement"}
        assert "24/7" in row["cells"][0]["old"] and "around the clock" in row["cells"][0]["new"]


def test_reworded_question_is_a_rename_and_answer_edit_is_a_change():
    _, tables = diff_json(R["2020-06-04"], R["2020-12-04"])
    faq = tables["faq"]
    renamed = {r["old_key"]["id"]: r for r in rows_of(faq, "renamed")}
    who = renamed["who-can-submit-a-support-request"]
    assert who["key"]["id"] == "who-can-submit-a-support-request-in-the-power-platform-admin-center"
    assert who["note"] == "question changed"
    answers = [r for r in rows_of(faq, "changed") if r["note"] == "answer changed"]
    assert answers and all({c["column"] for c in r["cells"]} >= {"answer"} for r in answers)


def test_identical_inputs_give_no_difference_and_exit_zero():
    result = run_cli("diff", str(R["2022-07-15"]), str(R["2022-07-15"]))
    assert result.returncode == 0
    assert result.stdout.strip().endswith("no differences")
    assert len(result.stdout.strip().splitlines()) == 1


@pytest.fixture
def two_folders(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    assert run_cli("run", "--out", str(old)).returncode == 0
    shutil.copytree(old, new)
    return old, new


def edit(folder, table, change):
    change_table(folder, table, change)


def test_reordered_table_is_no_change(two_folders):
    old, new = two_folders
    edit(new, "response_times", lambda rows: rows[::-1])
    edit(new, "faq", lambda rows: sorted(rows, key=lambda r: r["id"]))
    result = run_cli("diff", str(old), str(new))
    assert result.returncode == 0, result.stdout


def test_renamed_key_is_a_rename_not_remove_and_add(two_folders):
    old, new = two_folders
    def rename(rows):
        for r in rows:
            if r["region"] == "other":
                r["region"] = "rest-of-world"
        return rows
    edit(new, "business_hours", rename)
    status, tables = diff_json(old, new)
    assert status == 1
    hours = tables["business_hours"]
    assert [r["change"] for r in hours["rows"]] == ["renamed", "renamed"]
    assert {(r["old_key"]["region"], r["key"]["region"]) for r in hours["rows"]} == {("other", "rest-of-world")}


def test_changed_cell_shows_old_and_new_in_every_format(two_folders, tmp_path):
    old, new = two_folders
    def later(rows):
        next(r for r in rows if (r["lang"], r["region"]) == ("en", "emea"))["end"] = "17:00"
        return rows
    edit(new, "business_hours", later)
    terminal = run_cli("diff", str(old), str(new))
    assert terminal.returncode == 1
    lines = terminal.stdout.splitlines()
    assert lines[0].endswith("business_hours: 1 changed")
    assert "  ~ en/support-overview/emea: end: 18:00 -> 17:00" in lines
    assert "\x1b[" not in terminal.stdout   # no colour when not a terminal
    md = run_cli("diff", str(old), str(new), "--format", "markdown").stdout
    assert "- Business hours · EMEA: end time 18:00 → 17:00" in md
    page = tmp_path / "diff.html"
    assert run_cli("diff", str(old), str(new), "--format", "html", "--output", str(page)).returncode == 1
    html = page.read_text()
    assert "<table" in html and "18:00-&gt;17:00" in html


def test_git_revision_side_reads_committed_tables():
    result = run_cli("diff", "HEAD", "HEAD")
    assert result.returncode == 0, result.stderr
    assert "no differences" in result.stdout


@pytest.mark.parametrize("arg,message", [
    ("tests", "no tables"),
    ("no-such-revision-0123", "neither a tables folder"),
])
def test_bad_side_is_a_one_line_error(arg, message):
    result = run_cli("diff", arg, "content/data")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def test_binary_file_is_a_one_line_error(tmp_path):
    binary = tmp_path / "page.md"
    binary.write_bytes(b"\x00\x01\x02binary")
    result = run_cli("diff", str(binary), str(R["2022-07-15"]))
    assert result.returncode == 2
    assert "binary" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_history_prints_a_timeline_in_date_order():
    files = [str(p) for p in reversed(list(R.values()))]   # given out of order
    result = run_cli("history", *files)
    assert result.returncode == 1
    summaries = [line for line in result.stdout.splitlines() if " -> " in line and ".md:" in line]
    assert [s.split(".md")[0][-19:-9] for s in summaries] == list(R)[:-1]


def test_revision_changes_table_feeds_the_site(tables):
    changes = tables["revision_changes"]
    assert {(c["from_revision"], c["to_revision"]) for c in changes} >= {
        ("2020-12-04_5adbabdd", "2021-01-12_4deb81b7"), ("2021-03-17_e51c24ad", "2021-06-08_0d07a8da")}
    licensing = [c for c in changes if c["table"] == "licensing_support" and c["change"] == "added"]
    assert {c["to_revision"] for c in licensing} == {"2020-12-04_5adbabdd"}


def test_revisions_are_named_by_date_and_commit_with_their_upstream_page(tables):
    changes = tables["revision_changes"]
    assert "current" not in {c["from_revision"] for c in changes} | {c["to_revision"] for c in changes}
    bundled = {c["to_revision"] for c in changes if c["to_bundled"]}
    assert bundled == {"2021-06-08_0d07a8da"}   # the copy in sources/, named as sources/manifest.yaml dates it
    first = next(c for c in changes if c["to_revision"] == "2020-06-04_b21c7738")
    assert first["to_url"] == ("https://github.com/MicrosoftDocs/power-platform/blob/b21c7738/"
                               "power-platform/admin/support-overview.md")
    assert first["from_date"] == "2019-06-21" and first["from_url"].endswith("/blob/c45d39c6/power-platform/admin/support-overview.md")


def test_markdown_reads_as_sentences_with_plain_text_word_changes():
    md = run_cli("diff", str(R["2021-03-17"]), str(ROOT / "sources" / "en" / "support-overview.md"), "--format", "markdown").stdout
    lines = [line for line in md.splitlines() if line.startswith("- ")]
    assert "- Where to file a support request · Dynamics 365 Finance · Software Assurance: added" in lines
    answer = next(line for line in lines if line.startswith("- FAQ · Where should I go to file a support request?: answer:"))
    assert "<ins>" in answer and "Lifecycle Services" in answer
    assert not any(tag in md for tag in ("<tr", "<td", "[-", "{+", "](", "**Finance"))   # no source markup
    assert not any("software-assurance" in line or "en/support-overview" in line for line in lines)   # rows by name
