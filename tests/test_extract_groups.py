"""Extraction per document group: a group's rows and pair checks are made in a worker and cached per group; the
tables across groups are made from the groups' summaries. Every way of running it gives the same tables."""
import re
from pathlib import Path

import pytest

from extract import history, pipeline
from extract.bench import make_corpus
from extract.checks import run_checks
from extract.manifest import load_manifest
from extract.tables import build_tables
from extract.tables.base import Context


def tables_of(sources: Path) -> dict[str, list]:
    return {name: list(rows) for name, rows in pipeline.extract(sources)[1].items()}


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("groups"), 3)


@pytest.fixture
def cache_dir(monkeypatch, tmp_path):
    folder = tmp_path / "cache"
    monkeypatch.setattr(pipeline.cache, "CACHE_DIR", folder)
    return folder


def whole_corpus_tables(sources: Path) -> dict[str, list]:
    """The tables as one context of every parsed document makes them (the checks on all tables at once)."""
    manifest = load_manifest(sources)
    documents, notes = [], []
    for original in manifest.originals():
        docs, found = pipeline.parse_group(original, manifest.translations_of(original))
        documents += docs
        notes += found
    tables = build_tables(Context(documents=documents, langs=tuple(dict.fromkeys(d.lang for d in documents)),
                                  notes=notes))
    revisions = history.history(manifest, sources, tables)
    tables["findings"] = run_checks(tables, revisions.newer)
    tables["revision_changes"] = revisions.changes
    return tables


def test_groups_merged_equal_the_tables_of_the_whole_corpus_at_once(sources, cache_dir):
    assert tables_of(sources) == whole_corpus_tables(sources)


def test_one_and_two_workers_give_the_same_tables(sources, cache_dir, monkeypatch, tmp_path):
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pipeline, "WORKERS", 2)
    two = tables_of(sources)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10_000)
    monkeypatch.setattr(pipeline.cache, "CACHE_DIR", tmp_path / "other-cache")
    assert tables_of(sources) == two


def test_a_cached_run_gives_the_tables_of_an_uncached_one_without_building_a_group(sources, cache_dir, monkeypatch):
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10_000)   # in this process, so the builder can be watched
    uncached = tables_of(sources)
    assert list(cache_dir.glob("*.pickle"))

    def no_build(*args):
        raise AssertionError("a group was built though its sources did not change")
    monkeypatch.setattr(pipeline, "build_group", no_build)
    assert tables_of(sources) == uncached


def test_a_changed_response_time_rebuilds_its_group_only_and_changes_only_its_rows(tmp_path, cache_dir, monkeypatch):
    sources = make_corpus(tmp_path / "corpus", 3)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10_000)
    before = tables_of(sources)
    manifest = load_manifest(sources)
    translation = next(d for d in manifest.documents if d.translates)
    row = next(r for r in before["response_times"] if r["doc"] == translation.id and r["lang"] == translation.lang
               and r["max_minutes"])
    lines = translation.path.read_text(encoding="utf-8").split("\n")
    at = row["line"] - 1
    number = re.search(r"\d+", lines[at])
    lines[at] = lines[at][:number.start()] + str(int(number.group()) + 1) + lines[at][number.end():]
    translation.path.write_text("\n".join(lines), encoding="utf-8")

    built = []
    real = pipeline.build_group
    monkeypatch.setattr(pipeline, "build_group", lambda original, *rest: built.append(original.id) or
                        real(original, *rest))
    after = tables_of(sources)
    assert built == [translation.translates]
    assert after == whole_corpus_tables(sources)
    for name in ("response_times", "faq", "blocks", "business_hours", "request_portals"):
        changed = [r for r in after[name] if r not in before[name]] + [r for r in before[name] if r not in after[name]]
        assert all(r["doc"] == translation.id and r["lang"] == translation.lang for r in changed), name
        assert (name == "response_times") <= bool(changed)
    assert len(after["response_times"]) == len(before["response_times"])
