"""The search index: Pagefind over the built site, in shards, again only for the shards whose pages changed.

Pagefind has no incremental mode: a run indexes every page it is given. So each language's pages are split into
shards, each indexed by a Pagefind run of its own, and a shard is indexed again only when its pages changed (a
digest of their bytes, recorded in .atlas-index.json). The search merges a language's shards in the browser
(Pagefind's `mergeIndex`, theme/static/js/search-ui.js).

- A page's shard depends on its own path, so it stays where it is when other pages come and go: its group
  (the first two folders of its path below the language's folder: a document's pages, `docs/page-7/...`, stay
  together; `plans/premier`, `translation-status` are groups of their own; a group of more pages than a shard
  holds is split one folder deeper, `plans/premier/page-7`) is hashed into the language's shards with a
  consistent hash, so when the number of shards grows only the groups that move to the new shard move.
- The number of shards grows with the language's pages: one per SHARD_PAGES pages. A site of up to SHARD_PAGES
  pages per language (the bundled one) has one shard per language, and its bundle is exactly the one a single
  Pagefind run over the whole site writes.
- A language's first shard is its primary index, in pagefind/ beside Pagefind's scripts and the other languages'
  first shards (pagefind-entry.json lists them all, as one run writes it). Every further shard is a bundle of
  its own in pagefind/shard/<lang>-<n>/ (its entry, metadata, index, filter and fragment files; the scripts and
  WebAssembly come from pagefind/), and the primary entry lists them under `atlas_shards`, which Pagefind ignores
  and the search reads.
- Shards are indexed in parallel runs (Pagefind mostly uses one core per run); each holds a part of a language, so
  two runs together need less memory than one run of the whole language.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

from . import atomic
from .atomic import link_or_copy
from .errors import SourceError

# Folders and records of the built site.
PAGEFIND = "pagefind"
INDEX_RECORD = ".atlas-index.json"  # shard -> digest of the pages its index was made from, and where its files are
ENTRY = "pagefind-entry.json"
SHARDS_KEY = "atlas_shards"         # the primary entry's list of each language's further shards (folders under pagefind/)
SHARD_FOLDER = "shard"              # pagefind/shard/<lang>-<n>/: a further shard's bundle
RUNS = ".pagefind-runs"             # the site's scratch folder for Pagefind runs, removed after them
# The language Pagefind files a page under: its <html lang>, in the page's first bytes.
HTML_LANG = re.compile(rb"<html\b[^>]*?\blang=[\"']?([\w-]+)", re.I)
HEAD_BYTES = 2048
NO_LANG = "unknown"                 # Pagefind's name for pages without one
# Pages per shard. Large enough that the bundled site (about 60 pages per language) is one bundle per language,
# as a single Pagefind run writes it (a first query loads one entry, metadata and index chunk per shard); small
# enough that a one-document change at N = 1000 (about 1050 pages per language, 11 shards) indexes a few shards of
# each language instead of all its pages. ATLAS_SHARD_PAGES overrides it (the tests force small shards).
SHARD_PAGES = 100
SHARD_PAGES_VARIABLE = "ATLAS_SHARD_PAGES"
# A page larger than this is a shard of its own. The site's largest pages sum up every document (the translation
# status, a plan's page, a topic's table: several MB each at N = 1000) and change with any document's rows; in a
# shard with other pages, each such change would index those again. The bundled site's largest page is 40 KB.
LARGE_PAGE_BYTES = 500_000
GROUP_DEPTH = 2                     # a page's group: this many folders of its path below its language's folder
PARALLEL_RUNS = 2                   # Pagefind runs at once (the machine's cores, at most)

Runner = Callable[[Path, Path], None]   # run Pagefind over a site folder into a bundle folder


@dataclass(frozen=True)
class Shard:
    """A part of one language's pages, indexed by one Pagefind run."""
    lang: str
    key: str        # its number among the language's shards, or "p" and a digest of its path for a large page's own
    pages: tuple[Path, ...]
    primary: bool   # its language's first shard: its files go into pagefind/ itself

    @property
    def name(self) -> str:
        return f"{self.lang}-{self.key}"

    @property
    def folder(self) -> str:
        """Where its bundle is, from pagefind/ ("" for the primary)."""
        return "" if self.primary else f"{SHARD_FOLDER}/{self.name}"


def shard_pages() -> int:
    """Pages per shard: SHARD_PAGES, or ATLAS_SHARD_PAGES when set (a positive whole number)."""
    value = os.environ.get(SHARD_PAGES_VARIABLE, "")
    if not value:
        return SHARD_PAGES
    if not value.isdigit() or int(value) < 1:
        raise SourceError(SHARD_PAGES_VARIABLE, "", f"must be a positive whole number of pages, not {value!r}")
    return int(value)


def pages_by_language(site: Path) -> dict[str, list[Path]]:
    """The site's HTML pages by the language Pagefind files them under."""
    out: dict[str, list[Path]] = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site)
        if rel.parts[0] == PAGEFIND or rel.parts[0].startswith("."):
            continue
        with path.open("rb") as handle:
            found = HTML_LANG.search(handle.read(HEAD_BYTES))
        out.setdefault(found.group(1).decode().lower() if found else NO_LANG, []).append(rel)
    return out


def group_of(rel: Path, lang: str, depth: int = GROUP_DEPTH) -> str:
    """The pages that share a shard: the first `depth` folders below the language's folder (a language other
    than the site's first has its pages in a folder named by its code)."""
    parts = rel.parent.parts
    if parts and parts[0].lower() == lang:
        parts = parts[1:]
    return "/".join(parts[:depth])


def groups_of(lang: str, pages: list[Path], size: int) -> dict[Path, str]:
    """Each page's group: group_of's, and one folder deeper for the pages of a group of more than `size` pages
    (a shard's worth), as often as that holds: a page per document under one folder (`plans/premier/page-7/`)
    then spreads over the shards by document, so one document's change re-indexes a shard, not all of them."""
    depth = {rel: GROUP_DEPTH for rel in pages}
    while True:
        groups = {rel: group_of(rel, lang, depth[rel]) for rel in pages}
        counts = Counter(groups.values())
        deeper = [rel for rel in pages
                  if counts[groups[rel]] > size and group_of(rel, lang, depth[rel] + 1) != groups[rel]]
        if not deeper:
            return groups
        for rel in deeper:
            depth[rel] += 1


def jump_hash(key: int, buckets: int) -> int:
    """Lamping and Veach's jump consistent hash: a bucket in range(buckets) that changes, when buckets grows by
    one, for only one key in buckets + 1."""
    bucket, jump = -1, 0
    while jump < buckets:
        bucket = jump
        key = (key * 2862933555777941757 + 1) % 2 ** 64
        jump = int((bucket + 1) * (1 << 31) / ((key >> 33) + 1))
    return bucket


def digest_number(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def shards_of(lang: str, pages: list[Path], size: int, large: frozenset[Path] = frozenset()) -> list[Shard]:
    """A language's pages in shards of about `size` pages (their groups hashed), the empty ones left out, and each
    large page in a shard of its own; the first of them is the language's primary index."""
    small = [rel for rel in pages if rel not in large]
    count = max(1, math.ceil(len(small) / size))
    groups = groups_of(lang, small, size)
    parts: dict[int, list[Path]] = {}
    for rel in small:
        parts.setdefault(jump_hash(digest_number(groups[rel]), count), []).append(rel)
    keyed = [(str(number), tuple(parts[number])) for number in sorted(parts)] + \
        sorted((f"p{digest_number(str(rel)):016x}", (rel,)) for rel in pages if rel in large)
    return [Shard(lang, key, part, primary=i == 0) for i, (key, part) in enumerate(keyed)]


def pagefind_version() -> str:
    return " ".join(f"{name} {metadata.version(name)}" for name in ("pagefind", "pagefind_bin"))


def pages_digest(site: Path, pages: tuple[Path, ...] | list[Path], version: str) -> str:
    digest = hashlib.sha256(version.encode())
    for rel in pages:
        digest.update(str(rel).encode() + b"\0" + (site / rel).read_bytes() + b"\0")
    return digest.hexdigest()


def language_files(bundle: Path, keys: list[str]) -> list[Path]:
    """The files of a bundle that belong to the given Pagefind languages (named after them)."""
    out = []
    for key in keys:
        for sub in ("fragment", "index", "filter"):
            out += sorted((bundle / sub).glob(f"{key}_*"))
        out += sorted(bundle.glob(f"pagefind.{key}_*.pf_meta")) + sorted(bundle.glob(f"wasm.{key}.pagefind"))
    return out


def entry_bytes(entry: dict) -> str:
    """pagefind-entry.json with its languages sorted (Pagefind writes them in hash-map order), for identical bytes."""
    return json.dumps(entry, sort_keys=True, separators=(",", ":"))


def index_languages(site: Path, run_pagefind: Runner, force: bool, size: int | None = None) -> list[str]:
    """Index each shard whose pages changed since the recorded index (all with force) in a Pagefind run of its own,
    over a folder of links to its pages, and put its files in place under site/pagefind. Returns the languages
    with a shard indexed."""
    bundle, record_path = site / PAGEFIND, site / INDEX_RECORD
    try:
        record = {} if force else json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    entry_path = bundle / ENTRY
    if not record:   # nothing known about the files there: start the bundle afresh
        shutil.rmtree(bundle, ignore_errors=True)
    entry = json.loads(entry_path.read_text(encoding="utf-8")) if entry_path.exists() else {}
    version = pagefind_version()
    size = size or shard_pages()
    groups = pages_by_language(site)
    sizes = {rel: (site / rel).stat().st_size for pages in groups.values() for rel in pages}
    large = frozenset(rel for rel, nbytes in sizes.items() if nbytes > LARGE_PAGE_BYTES)
    shards = [shard for lang, pages in groups.items() for shard in shards_of(lang, pages, size, large)]
    digests = {s.name: pages_digest(site, s.pages, f"{version}\0{s.folder}") for s in shards}

    def current(shard: Shard) -> bool:
        known = record.get(shard.name, {})
        if known.get("pages") != digests[shard.name] or known.get("folder") != shard.folder:
            return False
        if shard.primary:   # its files are in pagefind/ itself, listed in the entry under its languages
            return all(k in entry.get("languages", {}) for k in known["bundle"])
        return (bundle / shard.folder / ENTRY).is_file()

    def uninstall(name: str) -> None:
        """Remove a recorded shard's files (before its new ones are put in place, or when it is gone)."""
        known = record.pop(name)
        if known.get("folder"):
            shutil.rmtree(bundle / known["folder"], ignore_errors=True)
            return
        for path in language_files(bundle, known["bundle"]):
            path.unlink()
        for key in known["bundle"]:
            entry.get("languages", {}).pop(key, None)

    def install(shard: Shard, out: Path) -> None:
        nonlocal entry
        made = json.loads((out / ENTRY).read_text(encoding="utf-8"))
        keys = sorted(made["languages"])
        if shard.primary:
            files = [p for p in sorted(out.rglob("*")) if p.is_file() and p.name != ENTRY]
            entry = {**entry, **made, "languages": {**entry.get("languages", {}), **made["languages"]}}
        else:   # the search and its WebAssembly come from pagefind/: the shard needs its index files only
            files = [p for p in language_files(out, keys) if not p.name.startswith("wasm.")]
            atomic.write_file(bundle / shard.folder / ENTRY, entry_bytes(made))
        for path in files:
            target = bundle / shard.folder / path.relative_to(out)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)   # replaces the name: a file shared with the previous site stays as it was
        record[shard.name] = {"pages": digests[shard.name], "folder": shard.folder, "bundle": keys}

    def run(shard: Shard) -> Path:
        farm, out = work / shard.name / "site", work / shard.name / "bundle"
        for rel in shard.pages:
            link_or_copy(site / rel, farm / rel)
        run_pagefind(farm, out)
        return out

    stale = [s for s in shards if not current(s)]
    gone = sorted((set(record) - set(digests)) | {s.name for s in stale if s.name in record})
    work = site / RUNS
    try:
        # The largest shards first: a run's time follows its pages' bytes, and a large page's shard (the translation
        # status, several MB at N = 1000) started last would run alone while the other runs have finished.
        largest_first = sorted(stale, key=lambda s: -sum(sizes[rel] for rel in s.pages))
        with ThreadPoolExecutor(max_workers=max(1, min(PARALLEL_RUNS, os.cpu_count() or 1))) as pool:
            made = dict(zip(largest_first, pool.map(run, largest_first)))   # a failed run raises here, before anything is replaced
        for name in gone:   # first: a language's primary files may now come from another of its shards
            uninstall(name)
        for shard in stale:
            install(shard, made[shard])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    further = {lang: [f"{s.folder}/" for s in shards if s.lang == lang and not s.primary]
               for lang in sorted({s.lang for s in shards})}
    listed = {**{k: v for k, v in entry.items() if k != SHARDS_KEY},
              **({SHARDS_KEY: {k: v for k, v in further.items() if v}} if any(further.values()) else {})}
    if stale or gone or listed != entry or not entry_path.exists():
        entry_path.unlink(missing_ok=True)
        atomic.write_file(entry_path, entry_bytes(listed))
    record_path.unlink(missing_ok=True)
    atomic.write_file(record_path, json.dumps(record, indent=1, sort_keys=True) + "\n")
    return sorted({s.lang for s in stale})
