"""What a rebuild takes from the cache instead of making again: the tables across document groups (the glossary,
the findings across documents) under the digests of the groups' parts they read, and parsed YAML under its text.
A change that reaches those parts makes them again; either way the tables are those of a build without a cache."""
import re
from pathlib import Path

import pytest
import yaml

from extract import limits, pipeline
from extract.bench import make_corpus
from extract.manifest import load_manifest
from extract.tables import glossary_table, plan_claims

from test_extract_groups import tables_of, whole_corpus_tables


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.cache, "CACHE_DIR", tmp_path / "cache")
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10_000)   # in this process, so that calls can be watched
    return make_corpus(tmp_path / "corpus", 3)


def translation_of_copy_0(sources: Path):
    return next(d for d in load_manifest(sources).documents if d.translates)


def watch(monkeypatch) -> list[str]:
    """Record when a group's packed part is unpacked, the glossary's uses merged, the plan claims made and the
    checks across documents run."""
    calls: list[str] = []
    merge, claims, corpus = glossary_table.merge_uses, plan_claims.claims, pipeline.corpus_findings
    value = pipeline.Packed.value
    monkeypatch.setattr(pipeline.Packed, "value", lambda self: calls.append("unpacked") or value(self))
    monkeypatch.setattr(glossary_table, "merge_uses", lambda *a: calls.append("glossary") or merge(*a))
    monkeypatch.setattr(plan_claims, "claims", lambda *a: calls.append("claims") or claims(*a))
    monkeypatch.setattr(pipeline, "corpus_findings", lambda *a: calls.append("corpus") or corpus(*a))
    return calls


def test_a_changed_response_time_takes_the_glossary_plan_claims_and_checks_across_documents_from_the_cache(corpus, monkeypatch):
    before = tables_of(corpus)
    translation = translation_of_copy_0(corpus)
    row = next(r for r in before["response_times"] if r["doc"] == translation.id and r["lang"] == translation.lang
               and r["max_minutes"])
    lines = translation.path.read_text(encoding="utf-8").split("\n")
    number = re.search(r"\d+", lines[row["line"] - 1])
    lines[row["line"] - 1] = (lines[row["line"] - 1][:number.start()] + str(int(number.group()) + 1)
                              + lines[row["line"] - 1][number.end():])
    translation.path.write_text("\n".join(lines), encoding="utf-8")
    calls = watch(monkeypatch)
    after = tables_of(corpus)
    # A translation's time: no term use, statement about plans or original's row changed. Only the rebuilt group's
    # parts are unpacked (as it comes, as in a full build); the other groups' stay packed.
    assert calls.count("unpacked") == len(pipeline.FOLDS) and calls.count("glossary") == 1
    assert "claims" not in calls and "corpus" not in calls
    assert after["response_times"] != before["response_times"]
    monkeypatch.undo()
    assert after == whole_corpus_tables(corpus)


def test_a_change_that_reaches_the_glossary_and_the_originals_makes_them_again(corpus, monkeypatch):
    before = tables_of(corpus)
    manifest = load_manifest(corpus)
    original = manifest.originals()[0]
    translation = manifest.translations_of(original)[0]
    for source, term in ((original, "Dynamics"), (translation, "Dynamics")):
        text = source.path.read_text(encoding="utf-8")
        assert term in text
        source.path.write_text(text.replace(term, "Dynamix"), encoding="utf-8")
    calls = watch(monkeypatch)
    after = tables_of(corpus)
    assert "glossary" in calls and "corpus" in calls
    assert after["glossary"] != before["glossary"]
    monkeypatch.undo()
    assert after == whole_corpus_tables(corpus)


def test_an_unchanged_rebuild_equals_a_full_one_in_every_byte_of_its_tables(corpus, tmp_path, monkeypatch):
    from extract.writer import write_tables

    def written(out: Path) -> dict[str, bytes]:
        manifest, tables = pipeline.extract(corpus)
        write_tables(out, manifest, tables, list(pipeline.ALL_RESOURCES), pipeline.table_digests(tables))
        return {p.name: p.read_bytes() for p in sorted(out.iterdir())}

    first = written(tmp_path / "first")
    again = written(tmp_path / "again")   # every group and table across groups from the cache
    monkeypatch.setattr(pipeline.cache, "CACHE_DIR", tmp_path / "fresh-cache")
    assert first == again == written(tmp_path / "fresh")


LONG_YAML = "\n".join(f"key{i}: [a, b, 'c{i}']" for i in range(limits.PARSED_FROM // 10))


def test_a_long_yaml_text_is_parsed_once_and_then_read_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(limits.cache, "CACHE_DIR", tmp_path / "cache")
    assert len(LONG_YAML) >= limits.PARSED_FROM
    parsed = limits.load_yaml(LONG_YAML)
    assert parsed == yaml.safe_load(LONG_YAML)

    def no_parse(text):
        raise AssertionError("parsed again")
    monkeypatch.setattr(limits, "_parse_yaml", no_parse)
    assert limits.load_yaml(LONG_YAML) == parsed
    with pytest.raises(AssertionError):   # another text is parsed
        limits.load_yaml(LONG_YAML + "\nmore: 1")


def test_a_long_yaml_text_with_an_alias_is_refused_every_time(tmp_path, monkeypatch):
    monkeypatch.setattr(limits.cache, "CACHE_DIR", tmp_path / "cache")
    text = LONG_YAML + "\nfirst: &a [1, 2]\nsecond: *a\n"
    for _ in range(2):
        with pytest.raises(yaml.YAMLError, match="aliases"):
            limits.load_yaml(text)


def test_a_part_with_sets_has_one_digest_whatever_the_process_hash_order(tmp_path):
    """Sets iterate in an order that changes with each process's string hashing: a group built again in another
    process (a rebuild, after a full build in workers) must give the same digest to the same statements."""
    import subprocess
    import sys
    code = ("from extract.pipeline import Packed; "
            "value = {'en': ([{'plan': 'x'}], {'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'}, ('a', 1))}; "
            "print(Packed.of(value, has_sets=True).digest.hex())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": str(seed), "PATH": "/usr/bin:/bin"},
                              cwd=Path(__file__).resolve().parent.parent).stdout for seed in range(1, 6)}
    assert len(digests) == 1
