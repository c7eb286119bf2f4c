"""`python -m extract bench` / `make bench`: how the build scales, next to stock Pelican and Hugo, and what a
reader downloads. Results, with every budget met or missed, go to BENCHMARKS.md.

Corpus: for N document pairs (N = 1, 10, 100, 1000 by default) the bundled support FAQ (its original and each
translation, as sources/manifest.yaml lists them) is copied N times. Every copy has its own question ids (a
variant number on every question, in every language) and its own response times (each time stated after "<"
shifted by the same amount in every language), so nothing can be deduplicated.

Cases, each a whole `python -m extract build` process, as `make build` runs it:
- full build: `build --force` from nothing (no tables, site, build state or parse cache);
- check alone (`--only check --force`), for the check stage's own memory;
- nothing changed: `build` again;
- one source edited, nothing in the data changed: a space doubled in one translated page; the tables must keep
  every byte (asserted);
- one document changed: one response time changed in that translated page; that page's response_times rows must
  change (asserted).
Up to N = 10 every case runs three times on a fresh corpus and the median is reported; from N = 100 once, to
keep `make bench` within 15 minutes.

Yardsticks on the same pages with the same text: the baseline corpus has one Markdown file per HTML page the
full build wrote, whose body is the visible text of that page's <main> (one paragraph per run of text). Stock
Pelican (default settings and theme) and Hugo (when installed, with a minimal layout) build it in the same run.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import yaml

from . import proctree
from .build import Layout
from .export import read_tables

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("extract", "check", "site", "index")
STAGE_NAMES = {"extract": "extract", "check": "check", "site": "Pelican", "index": "Pagefind"}
PYTHON_STAGES = ("extract", "check", "site")
CORPUS_ROLE = "support-faq"     # the document copied N times (and its translations)

# Budgets (issue 16). Per-pair, memory, size and rebuild budgets apply at BUDGET_N pairs.
BUDGET_N = 1000
BUDGET_RATIO_PELICAN = 3.0      # full build at most this many times stock Pelican on the same pages
BUDGET_EXTRACT_MS = 25.0        # per document pair, on all cores
BUDGET_CHECK_MS = 5.0           # per document pair
BUDGET_STAGE_MB = 600           # peak of each Python stage's processes
PAGEFIND_SHARE = 0.5            # Pagefind's peak: within the machine with room to spare (half its memory)
BUDGET_TABLES_MB = 150
BUDGET_REBUILD_SHARE = 0.10     # a one-document change (and an edit that changes no data) under 10 % of a full build
BUDGET_UNCHANGED_SHARE = 0.25   # a rebuild with nothing changed under a quarter of a full build
BUDGET_BENCH_MIN = 15           # `make bench` with N up to 1000, from a fresh clone
BUDGET_BUILD_S = 5.0            # `make build` of the bundled corpus
BUDGET_PAGE_KB = 50
BUDGET_INDEX_KB = 150
BUDGET_RESULTS_MS = 100
LATE_QUERIES_MAX = 3            # queries without results in time after which the search of a large site is not tried further
TOP1_REQUIRED = 0.9             # share of customer queries whose first result is the answer (tests/test_search.py too)
LINEAR_SPREAD = 2.0             # cost per added pair may vary this much between sizes and still count as linear

REPEAT_UP_TO = 10               # sizes up to this run every case REPEATS times (medians); larger ones once, so that
                                # N = 1, 10, 100, 1000 fit in BUDGET_BENCH_MIN
REPEATS = 3
MB = 1024 * 1024
MANIFEST_WIDTH = 1 << 16        # no folded lines in the corpus's manifest: one line per field, as a maintainer writes it


# --- corpus -------------------------------------------------------------------------------------

def _shift_times(text: str, i: int) -> str:
    """Make every stated response time ("< 4 hours") of copy i its own, the same way in every language."""
    return re.sub(r"(<\s?)(\d+)\b", lambda m: f"{m.group(1)}{int(m.group(2)) + i % 7}", text)


def markdown_copy(text: str, i: int) -> str:
    """DocFX Markdown: every question heading gets variant number i."""
    text = re.sub(r"^(#{2,3} .*?)(\?)?\s*$", lambda m: f"{m.group(1)} v{i}{m.group(2) or ''}", text, flags=re.M)
    return _shift_times(text, i)


def plain_text_copy(text: str, i: int) -> str:
    """Plain-text scrape: every question (a line alone between blank lines, ending in '?') gets variant number i."""
    lines, out = text.split("\n"), []
    for n, line in enumerate(lines):
        alone = line.strip() and (n == 0 or not lines[n - 1].strip()) and (n + 1 == len(lines) or not lines[n + 1].strip())
        if alone and line.rstrip().endswith("?") and not line.lstrip().startswith("•"):
            line = line.rstrip()[:-1] + f" v{i}?"
        out.append(line)
    return _shift_times("\n".join(out), i)


COPIES = {"docfx-markdown": markdown_copy, "plain-text": plain_text_copy}


@dataclass(frozen=True)
class Doc:
    id: str
    lang: str
    path: str


def bundled_documents() -> list[dict]:
    """The bundled FAQ original and its translations, as the manifest lists them."""
    docs = yaml.safe_load((ROOT / "sources" / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    original = next(d for d in docs if d.get("role") == CORPUS_ROLE)
    return [original] + [d for d in docs if d.get("translates") == original["id"]]


def make_corpus(folder: Path, n: int) -> Path:
    """sources/ with n copies of the FAQ in every language, and their manifest."""
    sources = folder / "sources"
    if sources.exists():
        shutil.rmtree(sources)
    entries = []
    for i in range(n):
        for doc in bundled_documents():
            text = (ROOT / "sources" / doc["path"]).read_text(encoding="utf-8")
            path = f"{doc['lang']}/page-{i}{Path(doc['path']).suffix}"
            (sources / path).parent.mkdir(parents=True, exist_ok=True)
            (sources / path).write_text(COPIES[doc["format"]](text, i), encoding="utf-8")
            entry = {k: v for k, v in doc.items() if k not in ("page", "title")} | {"id": f"page-{i}", "path": path}
            if "translates" in doc:
                entry["translates"] = f"page-{i}"
            entries.append(entry)
    manifest = yaml.safe_dump({"documents": entries}, sort_keys=False, allow_unicode=True, width=MANIFEST_WIDTH)
    (sources / "manifest.yaml").write_text(manifest, encoding="utf-8")   # block style, as a maintainer writes one
    return sources


def first_translation(sources: Path) -> Doc:
    """The translated page of copy 0: the one the rebuild cases edit."""
    entries = yaml.safe_load((sources / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    edited = next(e for e in entries if "translates" in e)
    return Doc(edited["id"], edited["lang"], edited["path"])


# --- one workspace: a corpus and its build ------------------------------------------------------

@dataclass
class BuildRun:
    seconds: float
    timings: dict[str, float | None]      # seconds per stage as the build reports them; None = skipped
    peak_mb: dict[str, float]              # per kind of process (python, pelican, pagefind)
    peak_mb_at_mark: dict[str, float]      # the same when the build state was first written (extract done)
    cpu: dict[str, float] = field(default_factory=dict)   # processor seconds per stage that ran, on all cores

    def ran(self) -> list[str]:
        return [s for s in STAGES if self.timings.get(s) is not None]


@dataclass
class Workspace:
    folder: Path

    @property
    def sources(self) -> Path:
        return self.folder / "sources"

    @property
    def data(self) -> Path:
        return self.folder / "content" / "data"

    @property
    def output(self) -> Path:
        return self.folder / "output"

    @property
    def state(self) -> Path:
        return self.folder / "build-state.json"

    @property
    def cache(self) -> Path:
        return self.folder / "cache"

    def reset(self) -> None:
        """Nothing built yet: no tables, site, build state (the check's record too) or parse cache."""
        for path in (self.data, self.output, self.cache):
            shutil.rmtree(path, ignore_errors=True)
        for record in (self.state, Layout(self.sources, self.data, self.output, self.state).checked):
            record.unlink(missing_ok=True)

    def build(self, *flags: str) -> BuildRun:
        """`python -m extract build` on this workspace in its own process, as `make build` runs it."""
        cmd = [sys.executable, "-m", "extract", "build", "--json", "--report-only", "--sources", str(self.sources),
               "--data", str(self.data), "--output", str(self.output), "--state", str(self.state), *flags]
        done = proctree.run(cmd, ROOT, {**os.environ, "ATLAS_CACHE": str(self.cache)}, mark=self.state)
        if done.returncode:
            raise SystemExit(f"bench: build {' '.join(flags)} in {self.folder} failed:\n"
                             f"{done.stdout[-2000:]}{done.stderr[-2000:]}")
        report = json.loads(done.stdout.strip().splitlines()[-1])
        return BuildRun(done.seconds, report["timings"], done.peak_mb, done.peak_mb_at_mark, report.get("cpu", {}))

    def tables(self) -> dict[str, str]:
        """Every table file's digest: equal exactly when the tables kept every byte."""
        return {str(p.relative_to(self.data)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(self.data.rglob("*")) if p.is_file()}

    def tables_mb(self) -> float:
        return sum(p.stat().st_size for p in self.data.rglob("*") if p.is_file()) / MB

    def response_rows(self, doc: Doc) -> list[dict]:
        rows = read_tables(self.data, ("response_times",))["response_times"]
        return [r for r in rows if r["doc"] == doc.id and r["lang"] == doc.lang]

    def pages(self) -> list[Path]:
        """Every HTML page the build wrote."""
        return sorted(self.output.rglob("*.html"))

    def page_stamps(self) -> dict[str, tuple[int, str]]:
        """Every page's modification time and digest: which pages a rebuild wrote, and which it changed."""
        return {str(p.relative_to(self.output)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
                for p in self.pages()}


def _cited_line(ws: Workspace, doc: Doc) -> tuple[Path, list[str], int]:
    """The source lines of doc and the index of the line its first response_times row cites."""
    rows = ws.response_rows(doc)
    if not rows:
        raise SystemExit(f"bench: {doc.path} has no response_times row; the rebuild cases have nothing to edit")
    path = ws.sources / doc.path
    lines = path.read_text(encoding="utf-8").split("\n")
    return path, lines, int(rows[0]["line"]) - 1


def edit_without_data_change(ws: Workspace, doc: Doc) -> None:
    """Double a space on a line of doc that the tables cite: the source's bytes change, its data must not."""
    path, lines, at = _cited_line(ws, doc)
    lines[at] = lines[at].replace(" ", "  ", 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def change_one_document(ws: Workspace, doc: Doc) -> str:
    """Change the response time stated on the line doc's first response_times row cites (one hour more, say):
    a real change of data in one translated page. Returns the line as it now reads."""
    path, lines, at = _cited_line(ws, doc)
    stated = re.search(r"(<\s?)(\d+)", lines[at]) or re.search(r"()(\d+)", lines[at])
    if not stated:
        raise SystemExit(f"bench: {doc.path}:{at + 1}: no number to change")
    lines[at] = lines[at][:stated.start(2)] + str(int(stated.group(2)) + 1) + lines[at][stated.end(2):]
    path.write_text("\n".join(lines), encoding="utf-8")
    return lines[at]


# --- yardsticks: the same pages with the same text -----------------------------------------------

@dataclass
class Page:
    title: str
    paragraphs: list[str]


def page_text(path: Path) -> Page:
    """A built page's title and the visible text of its <main> (its <body> if it has none), one run per paragraph."""
    tree = lxml.html.parse(str(path))
    root = tree.getroot()
    main = root.find(".//main")
    main = main if main is not None else root.find("body")
    for hidden in main.xpath(".//script | .//style | .//template"):
        hidden.drop_tree()
    paragraphs = [" ".join(t.split()) for t in main.itertext() if t.strip()]
    return Page(" ".join((root.findtext(".//title") or path.parent.name).split()), paragraphs)


def baseline_corpus(folder: Path, pages: list[Path]) -> int:
    """One Markdown file per built page, with that page's text, for Pelican and for Hugo. Returns the characters
    of text written (the build's pages hold the same)."""
    pelican = folder / "pelican" / "content" / "pages"
    hugo = folder / "hugo" / "content"
    for target in (folder / "pelican", folder / "hugo"):
        shutil.rmtree(target, ignore_errors=True)
    pelican.mkdir(parents=True)
    hugo.mkdir(parents=True)
    chars = 0
    for k, path in enumerate(pages):
        page = page_text(path)
        body = "\n\n".join(page.paragraphs) + "\n"
        chars += sum(len(p) for p in page.paragraphs)
        (pelican / f"page-{k}.md").write_text(f"Title: {page.title}\nSlug: page-{k}\n\n{body}", encoding="utf-8")
        (hugo / f"page-{k}.md").write_text(json.dumps({"title": page.title}) + "\n\n" + body, encoding="utf-8")
    # Stock Pelican, but without listing every page in every page's menu (output quadratic in the pages; the
    # atlas's menus have a fixed size).
    (folder / "pelican" / "pelicanconf.py").write_text("DISPLAY_PAGES_ON_MENU = False\n", encoding="utf-8")
    layouts = folder / "hugo" / "layouts" / "_default"
    layouts.mkdir(parents=True)
    shell = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{{{ .Title }}}}</title></head>'
             '<body><main>{}</main></body></html>\n')
    (layouts / "single.html").write_text(shell.format("{{ .Content }}"), encoding="utf-8")
    (layouts / "list.html").write_text(shell.format("<h1>{{ .Title }}</h1>"), encoding="utf-8")
    (folder / "hugo" / "hugo.toml").write_text('baseURL = "http://127.0.0.1/"\ntitle = "Baseline"\n', encoding="utf-8")
    return chars


def stock_pelican(folder: Path) -> tuple[float, int]:
    """Seconds for stock Pelican to build the baseline corpus, and the pages it wrote from it."""
    site = folder / "pelican"
    shutil.rmtree(site / "output", ignore_errors=True)
    done = proctree.run([sys.executable, "-m", "pelican", "content", "-o", "output", "-s", "pelicanconf.py", "-q"],
                        site, dict(os.environ))
    if done.returncode:
        raise SystemExit(f"bench: stock Pelican failed:\n{done.stderr[-2000:]}")
    return done.seconds, len(list((site / "output" / "pages").glob("page-*.html")))


def hugo_binary() -> str | None:
    return shutil.which("hugo")


def hugo(folder: Path) -> tuple[float, int]:
    """Seconds for Hugo to build the baseline corpus, and the pages it wrote from it."""
    site = folder / "hugo"
    shutil.rmtree(site / "public", ignore_errors=True)
    done = proctree.run([hugo_binary(), "--quiet", "--source", str(site), "--destination", str(site / "public")],
                        site, dict(os.environ))
    if done.returncode:
        raise SystemExit(f"bench: hugo failed:\n{done.stderr[-2000:]}")
    return done.seconds, len(list((site / "public").glob("page-*/index.html")))


# --- one corpus size ----------------------------------------------------------------------------

@dataclass
class Evidence:
    """Digests of the edited source and of the tables around the rebuild cases, and the edited page's
    response_times rows before and after its change: what shows that each case did what it says."""
    source: list[str]                  # the edited source: before, after the edit, after the change
    tables: list[dict[str, str]]       # every table file: before, after the edit, after the change
    rows_before: list[dict]
    rows_after: list[dict]
    pages_written: int = 0             # pages the one-document change wrote again (new modification time)
    pages_changed: int = 0             # ... of which the bytes changed


@dataclass
class Cases:
    """The build cases of one repetition."""
    full: BuildRun
    check_alone: BuildRun
    unchanged: BuildRun
    edited: BuildRun
    changed: BuildRun
    pages: list[Path]         # the HTML pages of the full build
    tables_mb: float          # the tables it wrote, on disk
    doc: Doc                  # the translated page the rebuild cases edit
    changed_line: str         # its changed line, as it now reads
    evidence: Evidence


@dataclass
class Repetition:
    cases: Cases
    pelican_s: float
    hugo_s: float | None


@dataclass
class SizeResult:
    n: int
    repeats: list[Repetition]
    text_mb: float
    search: LargeSearch | None = None   # measured on the largest size's site

    def median(self, pick) -> float:
        return statistics.median(pick(r) for r in self.repeats)

    @property
    def last(self) -> Cases:
        return self.repeats[-1].cases

    @property
    def tables_mb(self) -> float:
        return self.last.tables_mb

    @property
    def pages(self) -> int:
        return len(self.last.pages)

    @property
    def full(self) -> float:
        return self.median(lambda r: r.cases.full.seconds)

    def rebuild(self, case: str) -> float:
        """Median seconds of a rebuild case: unchanged, edited or changed."""
        return self.median(lambda r: getattr(r.cases, case).seconds)

    def stage(self, name: str) -> float:
        return self.median(lambda r: r.cases.full.timings.get(name) or 0.0)

    def per_pair_ms(self, name: str) -> float:
        """A stage's seconds per pair. The check's are those of the check run alone (`--only check`): in a full
        build it runs while Pelican renders, sharing the cores, and its time there is not its own."""
        if name == "check":
            return self.median(lambda r: r.cases.check_alone.timings.get("check") or 0.0) / self.n * 1000
        return self.stage(name) / self.n * 1000

    def cpu_per_pair_ms(self, name: str) -> float | None:
        """Processor time of a stage of the full build per pair, on all cores (None when the build did not say)."""
        if any(name not in r.cases.full.cpu for r in self.repeats):
            return None
        return self.median(lambda r: r.cases.full.cpu[name]) / self.n * 1000

    def peak_mb(self, stage: str) -> float:
        """The stage's peak memory, the largest of the repetitions."""
        def pick(c: Cases) -> float:
            if stage == "extract":   # the build's Python processes until extraction is done
                return c.full.peak_mb_at_mark.get("python", c.full.peak_mb.get("python", 0.0))
            if stage == "check":
                return c.check_alone.peak_mb.get("python", 0.0)
            # the site stage: Pelican and the translator exports it runs beside the pages, together (proctree.GROUPS)
            return c.full.peak_mb.get({"site": "site", "index": "pagefind"}[stage], 0.0)
        return max(pick(r.cases) for r in self.repeats)

    @property
    def pelican(self) -> float:
        return self.median(lambda r: r.pelican_s)

    @property
    def hugo(self) -> float | None:
        return self.median(lambda r: r.hugo_s) if self.repeats[0].hugo_s is not None else None


def repetitions(n: int) -> int:
    return REPEATS if n <= REPEAT_UP_TO else 1


def run_cases(ws: Workspace, n: int) -> Cases:
    """Every build case once, on a fresh corpus of n pairs; fails unless each case did what it says."""
    ws.reset()
    doc = first_translation(make_corpus(ws.folder, n))
    source = ws.sources / doc.path

    def digest() -> str:
        return hashlib.sha256(source.read_bytes()).hexdigest()

    full = ws.build("--force")
    pages, tables_mb = ws.pages(), ws.tables_mb()
    check_alone = ws.build("--force", "--only", "check")
    unchanged = ws.build()
    evidence = Evidence([digest()], [ws.tables()], ws.response_rows(doc), [])
    edit_without_data_change(ws, doc)
    edited = ws.build()
    evidence.source.append(digest())
    evidence.tables.append(ws.tables())
    stamps = ws.page_stamps()
    line = change_one_document(ws, doc)
    changed = ws.build()
    evidence.source.append(digest())
    evidence.tables.append(ws.tables())
    evidence.rows_after = ws.response_rows(doc)
    after = ws.page_stamps()
    evidence.pages_written = sum(1 for page, (stamp, _) in after.items() if stamps.get(page, (None,))[0] != stamp)
    evidence.pages_changed = sum(1 for page, (_, sha) in after.items() if stamps.get(page, (0, None))[1] != sha)
    if unchanged.ran():
        raise SystemExit(f"bench: N = {n}: a rebuild with nothing changed ran {', '.join(unchanged.ran())}")
    if evidence.tables[1] != evidence.tables[0]:
        raise SystemExit(f"bench: N = {n}: doubling a space in {doc.path} changed the tables; that case would "
                         "not measure an edit without a change of data")
    if evidence.rows_after == evidence.rows_before:
        raise SystemExit(f"bench: N = {n}: changing '{line}' in {doc.path} left its response_times rows as they "
                         "were; that case would not measure a change")
    return Cases(full, check_alone, unchanged, edited, changed, pages, tables_mb, doc, line, evidence)


def run_yardsticks(folder: Path, pages: int) -> tuple[float, float | None]:
    """Stock Pelican and Hugo (when installed) on the baseline corpus; fails unless each wrote `pages` pages."""
    pelican_s, pelican_pages = stock_pelican(folder)
    hugo_s, hugo_pages = hugo(folder) if hugo_binary() else (None, pages)
    if pelican_pages != pages or hugo_pages != pages:
        raise SystemExit(f"bench: the build wrote {pages} pages, stock Pelican {pelican_pages}, Hugo {hugo_pages}: "
                         "the yardsticks would not build the same pages")
    return pelican_s, hugo_s


def bench_size(n: int, work: Path, search: bool = False) -> SizeResult:
    """Every case at n pairs, the yardsticks on the same pages and, with search, the search on that site."""
    ws = Workspace(work / f"n{n}")
    ws.folder.mkdir()
    repeats, text_chars = [], 0
    for k in range(repetitions(n)):
        cases = run_cases(ws, n)
        if k == 0:   # the same pages every time: one baseline corpus
            text_chars = baseline_corpus(ws.folder, cases.pages)
        repeats.append(Repetition(cases, *run_yardsticks(ws.folder, len(cases.pages))))
    result = SizeResult(n, repeats, text_chars / MB, large_search(ws.output, ws.data) if search else None)
    shutil.rmtree(ws.folder)
    return result


# --- the reader's side --------------------------------------------------------------------------

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def served(output: Path) -> Iterator[str]:
    """A local HTTP server over a built site, as a reader reaches it; yields its base URL. Its request log (a line
    per request, on stderr) goes nowhere: in a pipe nobody reads, the log fills the pipe's buffer after some 690
    requests and the server then stops answering (at N = 1000 the English queries made about 570, and every Dutch
    query that followed waited out its timeout). Its stdout has the one line that names its port."""
    server = subprocess.Popen([sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory",
                               str(output)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(re.search(r"port (\d+)", server.stdout.readline()).group(1))
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait()


class Transfers:
    """The bytes of every response a page received, by URL."""

    def __init__(self, page):
        self.responses: list = []
        page.on("response", self.received)

    def received(self, response) -> None:
        self.responses.append(response)

    def sizes(self) -> dict[str, int]:
        return {r.url: self.body_bytes(r) if r.ok else 0 for r in list(self.responses)}

    @staticmethod
    def body_bytes(response) -> int:
        """A response's body bytes; as the network counted them when the browser no longer holds the body (a large
        site's responses do not all stay in its inspector cache; the local server sends them uncompressed)."""
        from playwright.sync_api import Error as PlaywrightError
        try:
            return len(response.body())
        except PlaywrightError:
            return response.request.sizes()["responseBodySize"]

    def index_kb_since(self, before: set[str]) -> float:
        """KB of Pagefind index (not its script or style) received since the URLs in before."""
        return sum(b for u, b in self.sizes().items()
                   if u not in before and "/pagefind/" in u and not u.endswith((".js", ".css"))) / 1024


def reader_side(output: Path, data: Path) -> dict:
    """Bytes of the largest FAQ page before search, the index bytes of a first query, the time to results, and
    how well the search finds the answers of the query sets (tests/search/)."""
    faq = {r["page"] for r in read_tables(data, ("documents",))["documents"] if r.get("role") == CORPUS_ROLE}
    pages = sorted((p for p in output.rglob("index.html") if set(p.relative_to(output).parts) & faq),
                   key=lambda p: p.stat().st_size)
    largest = "/" + str(pages[-1].parent.relative_to(output)) + "/"
    lang = lxml.html.parse(str(pages[-1])).getroot().get("lang", "")
    with served(output) as base:
        return {**_measure(base, largest, lang, data), "page": largest}


def _measure(base: str, largest_faq_page: str, lang: str, data: Path) -> dict:
    from playwright.sync_api import sync_playwright

    from .search_quality import LANGUAGES, evaluate, load_queries, search
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        transfers = Transfers(page)
        page.goto(f"{base}{largest_faq_page}", wait_until="networkidle")
        own = {u: b for u, b in transfers.sizes().items() if "/pagefind/" not in u}
        blocking = page.evaluate("""() => [...document.querySelectorAll('head script:not([defer]):not([async]), head link[rel=stylesheet]:not([media=print])')]
            .map(e => e.src || e.href).filter(u => new URL(u).origin !== location.origin)""")
        page.wait_for_selector("#search-input")
        before = set(transfers.sizes())
        search(page, load_queries(lang if lang in LANGUAGES else LANGUAGES[0])[0].text)   # a customer's first query
        index = transfers.index_kb_since(before)
        quality = evaluate(browser, base, data)   # every query of the sets: top-1, top-3, MRR, time to results
        browser.close()
    return {"page_kb": sum(own.values()) / 1024, "page_files": len(own), "blocking": blocking,
            "index_kb": index, "results_ms": max(s.median_ms for s in quality.values()), "search": quality}


@dataclass
class LargeSearch:
    """Search on a corpus's site, per language: what its first query transfers and how fast results come."""
    index_kb: dict[str, float] = field(default_factory=dict)    # index received by the language's first query
    median_ms: dict[str, float] = field(default_factory=dict)   # time to results over the language's query set
    late: dict[str, int] = field(default_factory=dict)          # queries without results within RESULTS_TIMEOUT_MS
    tried: dict[str, int] = field(default_factory=dict)         # queries typed (LATE_QUERIES_MAX late ones stop it)
    failed: dict[str, str] = field(default_factory=dict)        # a language the browser could not measure, and why


def large_search(output: Path, data: Path) -> LargeSearch:
    """The query sets typed into a corpus's site. Only the speed and the bytes are meant: the corpus's copies of the
    FAQ answer the same questions many times over, so which copy comes first says nothing about quality. A query
    without results in time counts at the time it was given; a language the browser fails on is reported as such."""
    from playwright.sync_api import Error as PlaywrightError, TimeoutError as PlaywrightTimeout, sync_playwright

    from .search_quality import LANGUAGES, RESULTS_TIMEOUT_MS, Targets, load_queries, search
    default = Targets(data).default
    found = LargeSearch()

    def timed(page, text: str) -> float | None:
        """Milliseconds to results; None (counted late) when none came in time."""
        try:
            return search(page, text)[1]
        except PlaywrightTimeout:
            found.late[lang] = found.late.get(lang, 0) + 1
            return None

    with served(output) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for lang in LANGUAGES:
            page = browser.new_page()
            try:
                transfers = Transfers(page)
                page.goto(f"{base}/{'' if lang == default else lang + '/'}", wait_until="networkidle")
                before = set(transfers.sizes())
                queries = load_queries(lang)
                times = [timed(page, queries[0].text)]
                found.index_kb[lang] = transfers.index_kb_since(before)
                for query in queries[1:]:
                    if found.late.get(lang, 0) >= LATE_QUERIES_MAX:   # the search is stuck: the rest would wait too
                        break
                    times.append(timed(page, query.text))
                found.tried[lang] = len(times)
                if found.late.get(lang, 0) < len(times):
                    found.median_ms[lang] = statistics.median(t if t is not None else RESULTS_TIMEOUT_MS for t in times)
            except PlaywrightError as exc:
                found.failed[lang] = str(exc).strip().splitlines()[0]
            page.close()
        browser.close()
    return found


def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    return f"{os.cpu_count()} cores ({cpu}), {memory_mb() / 1024:.0f} GiB memory, {platform.system()} " \
           f"{platform.release()}, Python {platform.python_version()}"


def memory_mb() -> float:
    meminfo = Path("/proc/meminfo")
    lines = meminfo.read_text().splitlines() if meminfo.exists() else []
    return next((int(l.split()[1]) / 1024 for l in lines if l.startswith("MemTotal")), 0.0)


# --- report -------------------------------------------------------------------------------------

@dataclass
class Budget:
    """One budget: what it asks, what was measured, and met / missed / not measured with the margin."""
    name: str
    measured: str
    ok: bool | None            # None: not measured in this run
    margin: str = ""           # how much to spare (met) or over (missed), or why it was not measured

    def row(self) -> str:
        verdict = ("not measured" if self.ok is None else "met" if self.ok else "**missed**")
        return f"| {self.name} | {self.measured} | {verdict}{f' ({self.margin})' if self.margin else ''} |"


def at_most(name: str, value: float, limit: float, unit: str, measured: str = "", fmt: str = ".1f") -> Budget:
    """A 'value at most limit' budget, its margin in the value's unit."""
    spare = limit - value
    return Budget(name, measured or f"{value:{fmt}}{unit}", value <= limit,
                  f"by {abs(spare):{fmt}}{unit}" + (" to spare" if spare >= 0 else ""))


def at_budget_n(name: str, sizes: list[SizeResult], judge) -> Budget:
    """A budget that applies at N = BUDGET_N: judged there; else 'not measured', with the largest N's figure."""
    at = next((r for r in sizes if r.n == BUDGET_N), None)
    found = judge(at or sizes[-1])
    if at is None:
        return Budget(name, f"N = {sizes[-1].n}: {found.measured}", None, f"N = {BUDGET_N} not run")
    found.name = name
    return found


def size_budgets(sizes: list[SizeResult]) -> list[Budget]:
    """The budgets of issue 16, at N = BUDGET_N."""
    nn = f"N = {BUDGET_N}"
    out = [at_budget_n(f"full build at most {BUDGET_RATIO_PELICAN:.0f}× stock Pelican on the same pages ({nn})", sizes,
                       lambda r: at_most("", r.full / r.pelican, BUDGET_RATIO_PELICAN, "×",
                                         f"{r.full / r.pelican:.1f}× ({r.full:.1f} s against {r.pelican:.1f} s, "
                                         f"{r.pages} pages)")),
           at_budget_n(f"extraction at most {BUDGET_EXTRACT_MS:.0f} ms per pair on {os.cpu_count()} cores ({nn})", sizes,
                       lambda r: at_most("", r.per_pair_ms("extract"), BUDGET_EXTRACT_MS, " ms")),
           at_budget_n(f"check at most {BUDGET_CHECK_MS:.0f} ms per pair ({nn})", sizes,
                       lambda r: at_most("", r.per_pair_ms("check"), BUDGET_CHECK_MS, " ms"))]
    out += [at_budget_n(f"peak memory of the {STAGE_NAMES[stage]} stage under {BUDGET_STAGE_MB} MB ({nn})", sizes,
                        lambda r, s=stage: at_most("", r.peak_mb(s), BUDGET_STAGE_MB, " MB", fmt=".0f"))
            for stage in PYTHON_STAGES]
    room = memory_mb() * PAGEFIND_SHARE
    out.append(at_budget_n(f"peak memory of Pagefind within half the machine's memory ({room:.0f} MB, {nn})", sizes,
                           lambda r: at_most("", r.peak_mb("index"), room, " MB", fmt=".0f")))
    out.append(at_budget_n(f"tables on disk under {BUDGET_TABLES_MB} MB ({nn})", sizes,
                           lambda r: at_most("", r.tables_mb, BUDGET_TABLES_MB, " MB")))
    for case, label, share in (("changed", "one document changed", BUDGET_REBUILD_SHARE),
                               ("edited", "one source edited, nothing in the data changed", BUDGET_REBUILD_SHARE),
                               ("unchanged", "nothing changed", BUDGET_UNCHANGED_SHARE)):
        out.append(at_budget_n(f"{label}: rebuild under {share:.0%} of a full build ({nn})", sizes,
                               lambda r, c=case, sh=share: at_most("", r.rebuild(c), r.full * sh, " s",
                                                                   f"{r.rebuild(c):.2f} s of {r.full:.1f} s "
                                                                   f"({r.rebuild(c) / r.full:.1%})")))
    per_pair = [(b.full - a.full) / (b.n - a.n) for a, b in zip(sizes, sizes[1:])]
    if len(per_pair) > 1:
        spread = max(per_pair[1:]) / max(min(per_pair[1:]), 1e-9)   # from N = 1 up, start-up costs dominate
        steps = ", ".join(f"{a.n}→{b.n}: {d * 1000:.0f} ms" for a, b, d in zip(sizes, sizes[1:], per_pair))
        out.append(Budget(f"full build's cost linear in N (the cost of an added pair varies at most "
                          f"{LINEAR_SPREAD:.0f}× from N = {sizes[1].n} up)", f"per added pair {steps}",
                          spread <= LINEAR_SPREAD, f"varies {spread:.1f}×"))
    return out


def budgets(sizes: list[SizeResult], reader: dict, bundled: dict, minutes: float) -> list[Budget]:
    out = [at_most(f"`make build` of the bundled corpus under {BUDGET_BUILD_S:.0f} s", bundled["full"], BUDGET_BUILD_S,
                   " s", f"{bundled['full']:.2f} s (" + ", ".join(f"{STAGE_NAMES[s]} {bundled[s]:.2f}" for s in STAGES)
                   + ")"),
           *size_budgets(sizes)]
    name = f"`make bench` with N up to {BUDGET_N} within {BUDGET_BENCH_MIN} min"
    out.append(at_most(name, minutes, BUDGET_BENCH_MIN, " min") if sizes[-1].n >= BUDGET_N else
               Budget(name, f"{minutes:.1f} min with N up to {sizes[-1].n}", None, f"N = {BUDGET_N} not run"))
    out += [at_most(f"FAQ page's own HTML + CSS + JS before search is used at most {BUDGET_PAGE_KB} KB",
                    reader["page_kb"], BUDGET_PAGE_KB, " KB", f"{reader['page_kb']:.1f} KB in {reader['page_files']} "
                    f"files (the largest FAQ page, `{reader['page']}`)"),
            Budget("no render-blocking resource from elsewhere", str(len(reader["blocking"])), not reader["blocking"],
                   ", ".join(reader["blocking"])),
            at_most(f"first search query transfers at most {BUDGET_INDEX_KB} KB of index", reader["index_kb"],
                    BUDGET_INDEX_KB, " KB"),
            at_most(f"results within {BUDGET_RESULTS_MS} ms of the query once the index is loaded",
                    reader["results_ms"], BUDGET_RESULTS_MS, " ms", f"median {reader['results_ms']:.0f} ms (slower "
                    "language, every query of the sets)", fmt=".0f")]
    for s in reader["search"].values():
        short = TOP1_REQUIRED - s.share(1)
        out.append(Budget(f"search: first result answers at least {TOP1_REQUIRED:.0%} of the {s.lang} queries",
                          f"{s.share(1):.0%}", short <= 0, f"by {abs(short) * 100:.0f} points" + (" to spare" if short <= 0 else "")))
    return out


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def size_tables(sizes: list[SizeResult]) -> list[str]:
    lines = ["## Build time per corpus size", "",
             "Wall time of whole processes (medians where N ran more than once). The stage columns are the full "
             "build's own timings of each stage; Pelican and Pagefind both run in the site stage.", "",
             "| N pairs | runs | pages | text | extract | check | Pelican | Pagefind | full build | stock Pelican "
             "| ratio | Hugo | ratio to Hugo |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in sizes:
        hugo_cells = f"{_s(r.hugo)} | {r.full / r.hugo:.0f}×" if r.hugo else "not installed | –"
        lines.append(f"| {r.n} | {len(r.repeats)} | {r.pages} | {r.text_mb:.1f} MB | "
                     + " | ".join(_s(r.stage(s)) for s in STAGES)
                     + f" | {_s(r.full)} | {_s(r.pelican)} | {r.full / r.pelican:.1f}× | {hugo_cells} |")
    lines += ["", "## Per pair, memory and size", "",
              "Peak memory of each stage's processes (the largest of the runs); the extract stage's includes its "
              "parse workers, Pelican's the translator exports it makes in a process of their own beside the pages "
              "(the two together), Pagefind's is its own processes. The check per pair is the check run alone "
              "(`--only check`): in a full build it runs while Pelican renders.", "",
              "| N pairs | extract per pair | check per pair | extract peak | check peak | Pelican peak (with exports) "
              "| Pagefind peak "
              "| tables on disk |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in sizes:
        lines.append(f"| {r.n} | {r.per_pair_ms('extract'):.1f} ms | {r.per_pair_ms('check'):.1f} ms | "
                     + " | ".join(f"{r.peak_mb(s):.0f} MB" for s in STAGES) + f" | {r.tables_mb:.1f} MB |")
    lines += ["", "## Rebuilds", "",
              "`python -m extract build` without `--force`, as `make build` runs it, after a full build.", "",
              "| N pairs | nothing changed | one source edited, no data changed | stages run | one document changed "
              "| stages run | pages written (changed) | share of the full build |",
              "| ---: | ---: | ---: | --- | ---: | --- | ---: | ---: |"]
    for r in sizes:
        lines.append(f"| {r.n} | {_s(r.rebuild('unchanged'))} | {_s(r.rebuild('edited'))} | "
                     f"{', '.join(r.last.edited.ran()) or 'none'} | {_s(r.rebuild('changed'))} | "
                     f"{', '.join(r.last.changed.ran())} | {r.last.evidence.pages_written} of {r.pages} "
                     f"({r.last.evidence.pages_changed}) | {r.rebuild('changed') / r.full:.0%} |")
    last = sizes[-1]
    lines += ["", f"The one-document change at N = {last.n} makes a line of `{last.last.doc.path}` read "
              f"`{last.last.changed_line.strip()}` (its doubled space is the edit of the case before).", ""]
    return lines


def method() -> list[str]:
    return ["## How these figures are made", "",
            "- **Corpus**: for N pairs, the bundled support FAQ and each of its translations copied N times; every copy "
            "has its own question ids (a variant number on every question, in every language) and its own response "
            "times (every time stated after `<` shifted by the same amount in every language).",
            "- **Full build**: `python -m extract build --force` from nothing (no tables, site, build state or parse "
            "cache), one process. Its stage timings are its own report; the extract stage's memory is the build's "
            "Python processes up to the moment the build state is first written (after extraction).",
            "- **Check alone**: `build --force --only check` after the full build, for the check stage's own memory.",
            "- **Nothing changed**: `build` again. **One source edited, nothing in the data changed**: a space doubled "
            "on a line of copy 0's translation that a response_times row cites; the benchmark fails unless every "
            "table keeps every byte. **One document changed**: the response time stated on that line made one unit "
            "longer; the benchmark fails unless that page's response_times rows change.",
            "- **Baseline corpus**: one Markdown file per HTML page the full build wrote, whose body is the visible "
            "text of that page's `<main>` (one paragraph per run of text; scripts and templates left out). The "
            "benchmark fails unless stock Pelican and Hugo each write one page per file. **Stock Pelican**: default "
            "settings and theme, except that the menu does not list every page on every page "
            "(`DISPLAY_PAGES_ON_MENU = False`: on by default, it makes the output grow with the square of the "
            "pages). **Hugo** (Debian's `hugo`, installed by `make bench` where apt can): default settings, a "
            "minimal layout (title and content).",
            f"- **Repetitions**: every case three times on a fresh corpus up to N = {REPEAT_UP_TO} (medians; memory: "
            f"the largest run), once above, so that N up to {BUDGET_N} fits in {BUDGET_BENCH_MIN} minutes (the "
            "benchmark's own run, timed from its start; installing its tools comes before it, once).",
            f"- **Memory**: each process tree sampled from /proc every {proctree.SAMPLE_SECONDS * 1000:.0f} ms: the "
            "most its processes held at once, and at least the high-water mark of the largest one.",
            ""]


def misses(sizes: list[SizeResult], found: list[Budget]) -> list[str]:
    """The missed budgets again, with where the time of the largest size goes and what its rebuild did."""
    if all(b.ok is not False for b in found):
        return []
    last = sizes[-1]
    shares = ", ".join(f"{STAGE_NAMES[s]} {last.stage(s) / last.full:.0%}" for s in STAGES)
    e, changed = last.last.evidence, last.last.changed
    stages = ", ".join(f"{STAGE_NAMES[s]} {changed.timings[s]:.1f} s" for s in changed.ran())
    return ["## Budgets missed", "",
            *[f"- {b.name}: {b.measured} ({b.margin})" for b in found if b.ok is False], "",
            *extraction_work(last),
            f"Where the full build's time goes at N = {last.n}: {shares}; the rest is starting the processes, "
            "fingerprinting the inputs and swapping the new site in.",
            f"The one-document change at N = {last.n} took {changed.seconds:.1f} s: {stages} (Pelican's time here "
            "includes starting from the previous site and swapping the new one in); the rest is starting the process "
            f"and fingerprinting the inputs. It wrote {e.pages_written} of {last.pages} pages again, "
            f"{e.pages_changed} of them with new content.", ""]


def extraction_work(r: SizeResult) -> list[str]:
    """Why extraction misses its budget, when it does: the work it did (processor time on every core) against
    the time it took. Work spread over every core without a pause is the least wall time it can take."""
    cpu, wall, cores = r.cpu_per_pair_ms("extract"), r.per_pair_ms("extract"), os.cpu_count() or 1
    if cpu is None or wall <= BUDGET_EXTRACT_MS:
        return []
    floor = cpu / cores
    why = ("so the work itself exceeds the budget, however it is spread over the cores" if floor > BUDGET_EXTRACT_MS
           else "so spreading the same work better over the cores could meet the budget")
    return [f"Extraction at N = {r.n} did {cpu:.1f} ms of processor work per pair (workers and main process together); "
            f"on {cores} cores busy without a pause that is {floor:.1f} ms per pair at least, against the "
            f"{BUDGET_EXTRACT_MS:.0f} ms budget: {why}. It took {wall:.1f} ms: the rest is time when one core works "
            "alone (reading the manifest and the cache before the workers start, the aggregates across documents "
            "and writing the tables after they finish).", ""]


def large_search_lines(sizes: list[SizeResult]) -> list[str]:
    """The search's bytes and speed on the largest corpus's site, next to the budgets the published site meets."""
    r = sizes[-1]
    if r.search is None:
        return []
    kb = ", ".join(f"{lang} {v:.1f} KB" for lang, v in r.search.index_kb.items())
    ms = ", ".join(f"{lang} {v:.0f} ms" for lang, v in r.search.median_ms.items())
    late = ", ".join(f"{lang} {n} of {r.search.tried.get(lang, n)} tried" for lang, n in r.search.late.items())
    lines = [f"On the site of the largest corpus (N = {r.n}, {r.pages} pages) the first query of each language's set, "
             f"typed on its home page, transfers {kb or 'nothing measured'} of index (the published site's budget: "
             f"{BUDGET_INDEX_KB} KB); time to results over the queries of the sets it typed, median: {ms or 'not measured'} "
             f"(budget {BUDGET_RESULTS_MS} ms)" + (f"; queries without results in time (counted at that time; "
                                                  f"{LATE_QUERIES_MAX} such stop a language): {late}"
                                                  if late else "")
             + ". Which result comes first is not scored there: the corpus's copies of the FAQ answer every question "
             "N times."]
    lines += [f"The search of {lang} could not be measured there: {why}" for lang, why in r.search.failed.items()]
    return lines + [""]


def search_section(scores: dict, sizes: list[SizeResult]) -> list[str]:
    """Search quality per language on the query sets of tests/search/ (queries typed as customers type them)."""
    lines = ["## Search", "",
             "The query sets in `tests/search/queries.<lang>.yaml` typed into the built site's search box in headless "
             "Chromium; a result is right when it links to one of the answers the query lists. Time to results is from "
             "the last keystroke to the results shown (after the index is loaded: the first query of each language is "
             "included).", "",
             "| language | queries | top-1 | top-3 | MRR | median time to results | slowest |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for s in scores.values():
        lines.append(f"| {s.lang} | {len(s.outcomes)} | {s.share(1):.0%} | {s.share(3):.0%} | {s.mrr:.2f} | "
                     f"{s.median_ms:.0f} ms | {max(o.ms for o in s.outcomes):.0f} ms |")
    wrong = [(s.lang, o) for s in scores.values() for o in s.outcomes if o.rank != 1]
    if wrong:
        lines += ["", "Queries whose first result is not a listed answer (rank of the first right one):", ""]
        lines += [f"- {lang} `{o.query.text}`: {o.rank or 'not in the results'}" for lang, o in wrong]
    return lines + [""] + large_search_lines(sizes)


def report(sizes: list[SizeResult], reader: dict, bundled: dict, minutes: float,
           load: tuple[float, float] = (0.0, 0.0)) -> str:
    found = budgets(sizes, reader, bundled, minutes)
    hugo_note = [] if hugo_binary() else [
        "Hugo is not installed (`apt-get install hugo` was not possible here): no second reference.", ""]
    return "\n".join([
        "# Benchmarks", "",
        f"Written by `make bench` (`python -m extract bench`) on {time.strftime('%Y-%m-%d')}, in {minutes:.1f} min, "
        f"for N = {', '.join(str(r.n) for r in sizes)} document pairs.", "",
        f"Machine: {machine()}; load average {load[0]:.1f} at the start, {load[1]:.1f} at the end (processes "
        "wanting a core: above the core count, other work shared the machine). Figures on a shared machine vary "
        "between runs; the ratio to stock Pelican, measured in the same run, is the steadier number.", "", *hugo_note,
        "## Budgets", "",
        "| budget | measured | verdict |", "| --- | --- | --- |", *[b.row() for b in found], "",
        *size_tables(sizes), *misses(sizes, found), *method(), *search_section(reader["search"], sizes),
        "## How the build stays incremental", "",
        "- `python -m extract build` (what `make build` runs) fingerprints each stage's inputs and skips a stage whose "
        "inputs are unchanged; unchanged tables keep their bytes and timestamps, so an edit that changes no data "
        "stops after extraction.",
        "- Parsed documents are cached by the hash of their bytes and of the extractor's code (`cache/`), so a "
        "one-document change parses one document.", ""])


def bundled_build(work: Path) -> tuple[dict, Workspace]:
    """`build --force` of the bundled sources, REPEATS times (medians per stage); the site stays for the reader's side."""
    ws = Workspace(work / "bundled")
    shutil.copytree(ROOT / "sources", ws.sources)
    runs = []
    for _ in range(REPEATS):
        ws.reset()
        runs.append(ws.build("--force"))
    medians = {s: statistics.median(r.timings[s] or 0.0 for r in runs) for s in STAGES}
    return {**medians, "full": statistics.median(r.seconds for r in runs)}, ws


def bench(sizes: list[int], out: Path) -> None:
    started, load_before = time.perf_counter(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bundled, ws = bundled_build(work)
        results = []
        for n in sizes:
            print(f"bench: N = {n} ({repetitions(n)} run(s)) ...", file=sys.stderr, flush=True)
            r = bench_size(n, work, search=n == max(sizes))
            results.append(r)
            print(f"bench: N = {n}: full {r.full:.1f} s, stock Pelican {r.pelican:.1f} s, one document changed "
                  f"{r.rebuild('changed'):.1f} s ({time.perf_counter() - started:.0f} s so far)",
                  file=sys.stderr, flush=True)
        reader = reader_side(ws.output, ws.data)
    minutes = (time.perf_counter() - started) / 60
    out.write_text(report(results, reader, bundled, minutes, (load_before, os.getloadavg()[0])), encoding="utf-8")
    print(f"bench: wrote {out}", file=sys.stderr)
