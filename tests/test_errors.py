"""Bad input: one line naming the file and the place, exit 2, previous tables untouched."""
import gzip
import shutil

import pytest

from conftest import SOURCES, run_cli


@pytest.fixture
def sources(tmp_path):
    copy = tmp_path / "sources"
    shutil.copytree(SOURCES, copy, ignore=shutil.ignore_patterns("revisions"))
    return copy


def run_into(sources, out):
    return run_cli("run", "--sources", str(sources), "--out", str(out))


def assert_clean_failure(result, *needles):
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_failed_extraction_leaves_previous_tables_intact(sources, tmp_path):
    out = tmp_path / "data"
    assert run_into(sources, out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    (sources / "nl" / "support-overview.txt").write_bytes(b"\xff\xfe broken")
    assert_clean_failure(run_into(sources, out), "support-overview.txt", "line 1", "not UTF-8")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_missing_source_file(sources, tmp_path):
    (sources / "en" / "21vianet-support.md").unlink()
    assert_clean_failure(run_into(sources, tmp_path / "o"), "21vianet-support.md", "missing", "manifest.yaml")


def test_empty_file(sources, tmp_path):
    (sources / "en" / "21vianet-support.md").write_text("  \n")
    assert_clean_failure(run_into(sources, tmp_path / "o"), "21vianet-support.md", "empty")


def test_binary_file(sources, tmp_path):
    (sources / "en" / "cloud-powered-support-lcs.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert_clean_failure(run_into(sources, tmp_path / "o"), "cloud-powered-support-lcs.md", "binary")


def test_truncated_html_table(sources, tmp_path):
    path = sources / "en" / "support-overview.md"
    text = path.read_text()
    cut = text.index("</table>")
    path.write_text(text[:cut])
    line = text[:text.index('<table style="width:100%">')].count("\n") + 1
    assert_clean_failure(run_into(sources, tmp_path / "o"), "support-overview.md", f"line {line}", "truncated table")


def test_truncated_pipe_table_row(sources, tmp_path):
    path = sources / "en" / "support-overview.md"
    text = path.read_text()
    row = "|Japan     | 9 AM - 5:30 PM <br />local time        | Monday through Friday        | Weekends and holidays         |"
    assert row in text
    path.write_text(text.replace(row, "|Japan     | 9 AM - 5:30 PM"))
    line = text[:text.index(row)].count("\n") + 1
    assert_clean_failure(run_into(sources, tmp_path / "o"), f"line {line}", "truncated table row")


def test_manifest_with_unknown_format(sources, tmp_path):
    manifest = sources / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("format: plain-text", "format: word-document"))
    assert_clean_failure(run_into(sources, tmp_path / "o"), "manifest.yaml", "documents[1].format", "unknown format")


def test_doc_command_rejects_plain_text_without_original(tmp_path):
    assert_clean_failure(run_cli("doc", "sources/nl/support-overview.txt", "--lang", "nl"), "--translation-of")


# --- every command: expected failures are one line and exit 2, never a traceback -------------------------------

def assert_one_line(result, *needles):
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines and lines[-1].startswith("error:"), result.stderr
    for needle in needles:
        assert needle in lines[-1], lines[-1]


@pytest.mark.parametrize("old, new, place", [
    ("documents:\n", "documents: 5\nx:\n", "'documents' list"),
    ("  - id: support-overview\n    lang: en", "  - id: 42\n    lang: en", "documents[0].id"),
    ("  - id: support-overview\n    lang: en", "  - id: [a]\n    lang: en", "documents[0].id"),
    ("    title: Support overview\n", "    title: {a: 1}\n", "documents[0].title"),
    ("    license: CC-BY-4.0\n\n  - id: support-overview\n    lang: nl",
     "    license: [1]\n\n  - id: support-overview\n    lang: nl", "documents[0].license"),
    ("    translates: support-overview\n", "    translates: [x]\n", "documents[1].translates"),
    ("    upstream:\n      url: https://learn.microsoft.com/nl-nl", "    upstream: 7\n    x:\n      url: https://l",
     "documents[1].upstream"),
    ("revisions:\n  support-overview: revisions/support-overview", "revisions: [1, 2]", "revisions"),
    ("revisions:\n  support-overview: revisions/support-overview", "revisions:\n  support-overview: ../../etc",
     "revisions.support-overview"),
])
def test_manifest_fields_of_the_wrong_type(sources, tmp_path, old, new, place):
    manifest = sources / "manifest.yaml"
    text = manifest.read_text()
    assert old in text
    manifest.write_text(text.replace(old, new, 1))
    assert_one_line(run_into(sources, tmp_path / "o"), "manifest.yaml", place)


def test_a_yaml_alias_in_the_manifest_is_refused(sources, tmp_path):
    manifest = sources / "manifest.yaml"
    manifest.write_text("x: &a [1, 2]\ny: *a\n" + manifest.read_text())
    assert_one_line(run_into(sources, tmp_path / "o"), "manifest.yaml", "aliases")


def test_unwritable_and_malformed_paths(sources, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert_one_line(run_into(sources, blocker / "data"), "a-file")
    assert_one_line(run_cli("diff", "content/data", "content/data", "--output", str(blocker / "x" / "d.md")), "a-file")
    assert_one_line(run_cli("doc", str(tmp_path), "--lang", "en"), "is a directory")
    assert_one_line(run_cli("build", "--sources", str(sources), "--data", str(blocker / "data"), "--output",
                            str(tmp_path / "out"), "--state", str(tmp_path / "s.json")), "a-file")


def test_a_malformed_data_package(tmp_path):
    data = tmp_path / "data"
    shutil.copytree("content/data", data)
    (data / "datapackage.json").write_text('{"resources": [')
    assert_one_line(run_cli("diff", "content/data", str(data)), "datapackage.json", "not valid JSON")
    (data / "datapackage.json").write_text('{"resources": [{"name": 3}]}')
    assert_one_line(run_cli("diff", "content/data", str(data)), "datapackage.json", "resources[0]")
    shutil.copy("content/data/datapackage.json", data / "datapackage.json")
    (data / "faq.json.gz").write_bytes(gzip.compress(b"[{"))
    assert_one_line(run_cli("diff", "content/data", str(data)), "faq.json.gz", "not valid JSON")
    assert_one_line(run_cli("check", "--tables", str(data)), "faq.json.gz")
    (data / "faq.json.gz").write_text("[{}]")   # not compressed
    assert_one_line(run_cli("diff", "content/data", str(data)), "faq.json.gz", "not a gzip file")
    (data / "faq.json.gz").write_bytes(gzip.compress(b"[1]"))
    assert_one_line(run_cli("check", "--tables", str(data)), "faq.json.gz", "list of rows")
    (data / "datapackage.json").write_text('{"resources": [{"name": "x", "path": "../../../etc/passwd", '
                                           '"schema": {"fields": []}}]}')
    assert_one_line(run_cli("check", "--tables", str(data)), "resources[0].path", "must be relative")
    (data / "datapackage.json").write_text('{"resources": [')
    assert_one_line(run_cli("check", "--tables", str(data)), "datapackage.json", "not valid JSON")
    missing = run_cli("check", "--tables", str(tmp_path / "nothing-here"))   # a failed check, reported as such
    assert missing.returncode == 1 and "datapackage.json: missing" in missing.stdout and "Traceback" not in missing.stderr


def test_deadline_out_of_range_or_without_tables(tmp_path):
    args = ["deadline", "--plan", "premier", "--severity", "severity-a", "--region", "emea"]
    assert_one_line(run_cli(*args, "--at", "9999-12-31T23:00:00+00:00"), "9999")
    assert_one_line(run_cli(*args, "--at", "yesterday"), "--at")
    assert_one_line(run_cli(*args, "--tables", str(tmp_path)), "response_times.json")
    (tmp_path / "response_times.json").write_text('{"a": 1}')
    assert_one_line(run_cli(*args, "--tables", str(tmp_path)), "response_times.json", "list of rows")


def test_history_and_bench_with_bad_arguments(tmp_path):
    assert_one_line(run_cli("history", str(tmp_path / "missing.md"), str(tmp_path / "other.md")), "missing.md")
    assert_one_line(run_cli("bench", "--sizes", "ten"), "--sizes")


def test_a_bug_still_shows_its_traceback_with_a_request_to_report_it(capsys, monkeypatch):
    from extract import cli

    def broken(args):
        raise ZeroDivisionError("a bug")
    monkeypatch.setattr(cli, "cmd_doc", broken)
    parser = cli.parser
    monkeypatch.setattr(cli, "parser", lambda: (p := parser(), p._subparsers._group_actions[0].choices["doc"]
                                                .set_defaults(func=broken))[0])
    assert cli.main(["doc", "x.md", "--lang", "en"]) == 70
    err = capsys.readouterr().err
    assert "Traceback" in err and "ZeroDivisionError" in err and "please report it" in err
