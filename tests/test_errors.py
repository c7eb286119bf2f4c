"""Bad input: one line naming the file and the place, exit 2, previous tables untouched."""
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
