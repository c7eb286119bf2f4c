"""The search index in shards (extract/indexing.py): a shard is indexed again only when its pages changed, a page
keeps its shard, and the search merges a language's shards and ranks across them.

The bundled site is one shard per language (its bundle is the one a single Pagefind run writes: test_build.py);
here the shards are forced small (ATLAS_SHARD_PAGES) so that even the bundled site has several per language.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SOURCES, serve
from extract.bench import TOP1_REQUIRED
from extract.indexing import (ENTRY, INDEX_RECORD, SHARDS_KEY, group_of, groups_of, index_languages, jump_hash,
                              pages_by_language, shards_of)
from extract.search_quality import LANGUAGES, evaluate, report

FORCED_SHARD_PAGES = 20   # about three shards per language of the bundled site


def page(lang: str, text: str) -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head><title>{text}</title></head><body><main><h1>{text}</h1>' \
           f"<p>{text} support response times</p></main></body></html>"


def pagefind(source: Path, bundle: Path) -> None:
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(bundle), "--silent"],
                   check=True)


def files(folder: Path) -> dict[str, int]:
    """Each file's inode: a file left as it was keeps it (the index stage replaces files, never writes into them)."""
    return {str(p.relative_to(folder)): p.stat().st_ino for p in sorted(folder.rglob("*")) if p.is_file()}


# --- shards on disk -------------------------------------------------------------------------------------------

def test_a_page_keeps_its_shard_when_pages_are_added():
    """Groups hash into shards consistently: growing from 4 to 5 shards moves about a fifth of the groups, all
    of them into the new shard; a document's pages share a group, in every language."""
    keys = range(2000)
    before, after = [jump_hash(k, 4) for k in keys], [jump_hash(k, 5) for k in keys]
    moved = [k for k in keys if before[k] != after[k]]
    assert all(after[k] == 4 for k in moved) and 0.1 < len(moved) / len(keys) < 0.3
    assert group_of(Path("docs/page-7/using-support-v7/index.html"), "en") == "docs/page-7"
    assert group_of(Path("nl/docs/page-7/index.html"), "nl") == "docs/page-7"
    assert group_of(Path("nl/index.html"), "nl") == group_of(Path("index.html"), "en") == ""
    pages = [Path(f"docs/page-{i}/{section}/index.html") for i in range(30) for section in ("a", "b")]
    grown = pages + [Path(f"docs/page-{i}/a/index.html") for i in range(30, 40)]
    shard = {rel: s.key for s in shards_of("en", pages, 10) for rel in s.pages}
    shard_grown = {rel: s.key for s in shards_of("en", grown, 10) for rel in s.pages}
    assert all(shard[Path(f"docs/page-{i}/a/index.html")] == shard[Path(f"docs/page-{i}/b/index.html")] for i in range(30))
    stayed = [rel for rel in pages if shard_grown[rel] == shard[rel]]
    assert len(stayed) / len(pages) > 0.7   # 6 shards to 7: only the groups that move to the new one move


def test_a_group_larger_than_a_shard_is_split_one_folder_deeper():
    """A page per document under one folder (a plan's page per document) would make one group, and one shard, of
    every document: a group of more pages than a shard holds is split by its next folder, and spreads."""
    plan = [Path("plans/premier/index.html")] + [Path(f"plans/premier/page-{i}/index.html") for i in range(30)]
    docs = [Path(f"docs/page-{i}/{section}/index.html") for i in range(5) for section in ("a", "b")]
    groups = groups_of("en", plan + docs, 10)
    assert groups[Path("plans/premier/index.html")] == "plans/premier"
    assert groups[Path("plans/premier/page-7/index.html")] == "plans/premier/page-7"
    assert groups[Path("docs/page-3/a/index.html")] == groups[Path("docs/page-3/b/index.html")] == "docs/page-3"
    shards = shards_of("en", plan + docs, 10)
    assert len(shards) == 5 and max(len(s.pages) for s in shards) < len(plan)
    assert groups_of("en", docs, 10) == {rel: group_of(rel, "en") for rel in docs}   # small groups as they were


def test_a_changed_page_reindexes_only_its_shard(tmp_path):
    """With shards of two pages, a change to one page runs Pagefind once, for that page's shard; the other shards'
    files stay as they were; a shard whose pages are gone leaves the index and the entry's list of shards."""
    site = tmp_path / "site"
    pages = {"index.html": page("en", "Home")} | \
        {f"docs/doc-{i}/index.html": page("en", f"Document{i} answer") for i in range(6)} | \
        {"nl/index.html": page("nl", "Ondersteuning")}
    for rel, html in pages.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(html)
    runs: list[set[str]] = []

    def counted(source: Path, bundle: Path) -> None:
        runs.append({str(p.relative_to(source)) for p in source.rglob("*.html")})
        pagefind(source, bundle)

    assert index_languages(site, counted, force=True, size=2) == ["en", "nl"]
    record = json.loads((site / INDEX_RECORD).read_text())
    en = sorted(name for name in record if name.startswith("en-"))
    assert len(en) >= 3 and len(runs) == len(record)
    entry = json.loads((site / "pagefind" / ENTRY).read_text())
    further = entry[SHARDS_KEY]["en"]
    assert "nl" not in entry[SHARDS_KEY] and len(further) == len(en) - 1
    for folder in further:   # a further shard is an index of its own, without the search's scripts
        shard = site / "pagefind" / folder
        assert list(json.loads((shard / ENTRY).read_text())["languages"]) == ["en"]
        assert not list(shard.glob("*.js")) and not list(shard.glob("wasm.*"))

    before, runs[:] = files(site / "pagefind"), []
    assert index_languages(site, counted, force=False, size=2) == [] and runs == []
    changed = "docs/doc-3/index.html"
    (site / changed).write_text(page("en", "Document3 changed answer"))
    assert index_languages(site, counted, force=False, size=2) == ["en"]
    assert len(runs) == 1 and changed in runs[0] and len(runs[0]) < 7   # its shard, not all 7 English pages
    owner = next(name for name, known in json.loads((site / INDEX_RECORD).read_text()).items()
                 if known["pages"] != record[name]["pages"])
    after = files(site / "pagefind")
    replaced = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
    folder = record[owner]["folder"]
    assert replaced and all(name.startswith(f"{folder}/") for name in replaced) if folder else \
        not any(name.startswith("shard/") for name in replaced)

    for rel in [r for r in runs[0] if r.startswith("docs/")]:   # the shard's document pages are removed
        (site / rel).unlink()
    index_languages(site, counted, force=False, size=2)
    record = json.loads((site / INDEX_RECORD).read_text())
    entry = json.loads((site / "pagefind" / ENTRY).read_text())
    listed = {f"shard/{name}/" for name in record if record[name]["folder"]}
    assert set(entry.get(SHARDS_KEY, {}).get("en", [])) == listed
    assert {p.name for p in (site / "pagefind" / "shard").iterdir()} == {name for name in record if record[name]["folder"]}


# --- the search across shards, in Chromium ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def sharded(tmp_path_factory) -> Path:
    """The bundled site built as `make build` builds it, with small shards."""
    folder = tmp_path_factory.mktemp("sharded")
    env = {**os.environ, "ATLAS_SHARD_PAGES": str(FORCED_SHARD_PAGES), "ATLAS_CACHE": str(folder / "cache")}
    result = subprocess.run([sys.executable, "-m", "extract", "build", "--force", "--sources", str(SOURCES),
                             "--data", str(folder / "data"), "--output", str(folder / "output"),
                             "--state", str(folder / "state.json")], capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder


def address(rel: Path) -> str:
    """A page's address on the site, as search results link to it (without the answer's anchor)."""
    return "/" if rel.parent == Path(".") else f"/{rel.parent}/"


def test_search_finds_and_ranks_answers_across_shards(sharded, browser):
    """Every language's pages are in several shards; the query sets (tests/search) find their answers on pages of
    different shards, with the first result right as often as the gate asks of one bundle."""
    output = sharded / "output"
    shard_of = {address(rel): shard.name for lang, pages in pages_by_language(output).items()
                for shard in shards_of(lang, pages, FORCED_SHARD_PAGES) for rel in shard.pages}
    entry = json.loads((output / "pagefind" / ENTRY).read_text())
    for lang in LANGUAGES:
        assert len(entry[SHARDS_KEY][lang]) >= 2
        assert all((output / "pagefind" / folder / ENTRY).is_file() for folder in entry[SHARDS_KEY][lang])
    base, stop = serve(output)
    try:
        scores = evaluate(browser, base, sharded / "data")
    finally:
        stop()
    for lang, score in scores.items():
        assert score.share(1) >= TOP1_REQUIRED, report(scores)
        answered = {shard_of[o.links[0].split("#")[0]] for o in score.outcomes if o.rank == 1}
        assert len(answered) >= 2, answered
