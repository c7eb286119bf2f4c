"""The Pelican generator of the site's pages (registered through `signals.get_generators`, as Pelican's own
generators and its sitemap plugin are).

generate_context  reads the tables, makes the site map (site.py) and a SitePage per page, the view model the
                  theme's page.html renders (title, breadcrumbs, switcher);
generate_output   renders each page's view into its SitePage (body, outline) and writes it with Pelican's writer,
                  one page at a time (a page's HTML is dropped once written), then each language's instant answers
                  (answers.py), sitemap.xml and .atlas-pages.json.

With the setting ATLAS_REUSE (extract/build.py sets it when it builds into a copy of the previous site), a page
whose inputs are unchanged (reuse.py) is neither rendered nor written, and the files of pages that no longer
exist are removed. A language's instant answers are kept the same way: a change to one language's rows rewrites
that language's file only.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

from markupsafe import Markup
from pelican.generators import Generator

from extract.atomic import link_or_copy

from . import catalog, exports
from .answers import answers_file, answers_spec, write_answers
from .catalog import N_
from .languages import check_catalogs, language_name, own_name
from .html import page_facts
from .site import (OUTLINE_MIN_HEADINGS, PAGE_KEY, Renderer, Spec, group_of, load_tables, site_pages,
                   plan_limit, status_limit, stylesheet_classes, without_indentation)
from .publish import DATA_FOLDER
from .reuse import (Fingerprints, ReadLog, TableChanges, load_ledger, load_reads, remove_pages, table_digests,
                    write_ledger, write_reads)
from .sitemap import write_sitemap

log = logging.getLogger(__name__)
T = TypeVar("T")

# The theme's template every page is rendered with.
PAGE_TEMPLATE = "page"
# The switcher's note for a language the page is not in (the reader's language, a name in it).
MISSING = N_("This page is not available in %(language)s.")


@dataclass(frozen=True)
class LanguageChoice:
    """One language in the switcher: its own name, and the page in it, or (the page missing there) its home page
    and a note in the reader's language that says so."""
    code: str
    name: str
    current: bool
    home: str            # that language's home page, from the site root (its folder of the site)
    url: str = ""        # the same page in that language, from the site root (when it is there)
    missing: str = ""    # the note that the page is not in that language ("" when it is)


@dataclass
class SitePage:
    """A page as the theme renders it (page.html): every value is made here, the template only prints them."""
    slug: str
    lang: str
    url: str
    title: str
    content: Markup | None   # the rendered body while it is written (generate_output), else None
    view: str
    group: str
    crumbs: list[dict]
    outline: list[tuple[str, str]] = field(default_factory=list)
    components: bool = False
    audience: str = ""
    template: str = PAGE_TEMPLATE
    translations: list["SitePage"] = field(default_factory=list)
    languages: list[LanguageChoice] = field(default_factory=list)
    search_languages: list[str] = field(default_factory=list)   # the other languages' names, for the search option
    search_index: list[list[str]] = field(default_factory=list)  # [code, name] of every language, the original's first
    spec: Spec | None = None   # the page to render when it is written; None once written, or when unchanged

    @property
    def save_as(self) -> str:
        return f"{self.url}index.html"


JSON_IN_PAGES = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}


class AtlasGenerator(Generator):
    """Every page of the site, made from the tables in ATLAS_DATA."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        catalog.install(self.env)
        # JSON in attributes (the search box's strings and languages) as short as it stays valid and HTML-safe:
        # every page carries it, within the page-weight budget. Jinja's tojson still escapes < > & '.
        self.env.policies["json.dumps_kwargs"] = JSON_IN_PAGES
        self.pages: list[SitePage] = []
        self.ledger: dict[str, dict] = {}     # this build's page files -> fingerprint and reads
        self.previous: dict[str, dict] = {}   # the previous build's, when reusing (until each page is decided)
        self.previous_files: set[str] = set()  # its files, to remove those of pages that are gone
        self.before_site: Path | None = None  # the previous build's site (ATLAS_PREVIOUS, else the output folder)
        self.answers_reused: dict[str, bool] = {}   # language -> whether its answers file is the previous build's

    def data_folder(self) -> str:
        return str(Path(self.settings.get("ATLAS_DATA", "content/data")).resolve())

    def generate_context(self) -> None:
        """The site map, and a SitePage per page with what every other page needs of it (its URL, title and
        language, for the switchers and the sitemap); its view is rendered when it is written (generate_output),
        so no more than one page's HTML is held at a time."""
        # The exports read the tables only: they are made meanwhile, on the other core (after Pelican has emptied
        # the output folder, where a setting says so).
        exports.start(self.settings, Path(self.data_folder()))
        tables = load_tables(self.data_folder())
        langs, specs = site_pages(self.data_folder(), status_limit(self.settings),
                                  plan_limit(self.settings))
        check_catalogs(langs, langs[0])
        self.env.globals["language_name"] = language_name
        self.reads = ReadLog(tables)
        self.renderer = renderer = Renderer(self.reads, self.settings, specs)
        output, data = Path(self.output_path), Path(self.data_folder())
        self.table_digests = table_digests(data, tables.data.files)
        reusing, previous_site = self.settings.get("ATLAS_REUSE"), self.settings.get("ATLAS_PREVIOUS")
        # The previous build's site: its records (extract/build.py does not copy them into the new one) and its pages
        # (linked into the output folder while this reads the tables); the output folder itself when none is named.
        self.before_site = before_site = Path(previous_site) if previous_site else output
        record = load_reads(before_site) if reusing and previous_site else {}
        changes = TableChanges(data, Path(previous_site) / DATA_FOLDER, tables.data.files, self.table_digests,
                               record.get("tables", {})) if record else None
        fingerprints = Fingerprints(tables, self.settings, specs, renderer, Path(__file__).resolve().parents[2],
                                    previous=record, changes=changes)
        del record
        self.fingerprints = fingerprints
        self.previous = load_ledger(before_site) if reusing else {}
        self.pages = []
        for spec in specs:
            if not PAGE_KEY.fullmatch(spec.key):
                raise ValueError(f"page key '{spec.key}' ({spec.lang}) is not a slug: ids must be letters, digits "
                                 "and hyphens (the extractor should have refused it)")
            unchanged = self.reusable(renderer.url(spec.key, spec.lang) + "index.html", spec)
            group = group_of(spec.key)
            self.pages.append(SitePage(
                slug=spec.key, lang=spec.lang, url=renderer.url(spec.key, spec.lang),
                title=catalog.translate(spec.lang, spec.title), content=None, view=spec.view, group=group,
                crumbs=renderer.crumbs(spec),
                # Only customer pages carry Pagefind's audience filter (base.html): with one filter value its
                # index is byte-identical between builds (several values are written in hash order).
                audience="maintainer" if group == "maintainers" else "customer",
                spec=None if unchanged else spec))
        self.answers_reused = {lang: self.reusable(answers_file(lang), answers_spec(lang)) for lang in langs}
        fingerprints.forget_previous()
        # The previous ledger's reads are let go: a reused page's entry is in this build's ledger, the others are
        # made again (at N = 1000, tens of megabytes while every page is rendered after a code change).
        self.previous_files, self.previous = set(self.previous), {}
        link_languages(self.pages, langs, renderer)

    def reusable(self, save_as: str, spec: Spec) -> bool:
        """Whether the previous build's file of a page (or of a language's answers) stays: it is there, and what it
        was made from reads the same on these tables (then it goes into this build's ledger as it was)."""
        before = self.previous.get(save_as)
        if before and (self.before_site / save_as).is_file() and \
                self.fingerprints.page(spec, before["reads"]) == before["fingerprint"]:
            self.ledger[save_as] = before
            return True
        return False

    def recorded(self, save_as: str, spec: Spec, make: Callable[[], T]) -> T:
        """What `make` makes of a page (or of a language's answers), and what it read of the tables into this
        build's ledger under the file's name."""
        self.reads.start()
        try:
            made = make()
        finally:
            read = self.reads.stop()
        self.ledger[save_as] = {"fingerprint": self.fingerprints.page(spec, read), "reads": read}
        return made

    def render(self, page: "SitePage", components: frozenset[str]) -> None:
        """The page's view rendered into it (its body, outline and whether it needs components.css), and what it
        read into this build's ledger."""
        spec = page.spec
        html = without_indentation(self.recorded(page.save_as, spec, lambda: self.renderer.render(spec)))
        facts = page_facts(html, components)
        headings = facts.outline() if spec.key != "home" else []
        # The body is markup the views already escaped and sanitised; the theme autoescapes everything else.
        page.content = Markup(html)
        page.outline = headings if len(headings) >= OUTLINE_MIN_HEADINGS else []
        page.components = facts.has_class

    def generate_output(self, writer) -> None:
        template = self.get_template(PAGE_TEMPLATE)
        components = stylesheet_classes(str(Path(self.settings["THEME"]) / "static" / "css" / "components.css"))
        written = 0
        for page in self.pages:
            if page.spec is None:
                continue
            self.render(page, components)
            # The previous site's page may be hard-linked here (extract/build.py prepopulate): a new file, so
            # that the published site is never written into.
            (Path(self.output_path) / page.save_as).unlink(missing_ok=True)
            writer.write_file(page.save_as, template, self.context, page=page,
                              relative_urls=self.settings["RELATIVE_URLS"], url=page.url)
            page.content, page.spec = None, None   # written: its HTML is not kept
            written += 1
        output = Path(self.output_path)
        # After the pages: a full build's translator exports, made meanwhile in a process of their own, are done by
        # then, and their memory is not added to that of the answers' rows.
        self.write_answer_files(output)
        gone = sorted(self.previous_files - set(self.ledger))
        remove_pages(output, gone)
        write_sitemap(self.settings, self.pages)
        write_ledger(output, self.ledger)
        write_reads(output, self.fingerprints.record(self.ledger, self.table_digests))
        # The tables are let go before the data files are made (the plugin's `finalized`: the exports read their own).
        self.reads = self.renderer = self.fingerprints = None
        if self.settings.get("ATLAS_REUSE"):
            log.info("atlas pages: %d written, %d unchanged, %d removed", written, len(self.pages) - written,
                     len(gone))

    def write_answer_files(self, output: Path) -> None:
        """Each language's instant answers: the previous build's file where it is reusable (linked from the
        previous site when that is another folder), else made, with what it read into the ledger."""
        for lang, reused in self.answers_reused.items():
            save_as = answers_file(lang)
            target = output / save_as
            if not reused:
                self.recorded(save_as, answers_spec(lang),
                              lambda: write_answers(target, self.reads, self.renderer, lang))
            elif self.before_site.resolve() != output.resolve():
                target.unlink(missing_ok=True)
                link_or_copy(self.before_site / save_as, target)


def link_languages(pages: list[SitePage], langs: list[str], renderer: Renderer) -> None:
    """Each page's translations (the same key in the other languages, in the manifest's order) and its switcher
    (page.html): every language of the manifest, the page's own in bold (not on a phone, where the header has no
    room), the others linked; a language the page is missing in links its home page, muted, with the note for
    screen readers and as the link's title."""
    by_key: dict[str, dict[str, SitePage]] = {}
    for page in pages:
        by_key.setdefault(page.slug, {})[page.lang] = page
    for page in pages:
        same = by_key[page.slug]
        page.translations = [same[lang] for lang in langs if lang in same and lang != page.lang]
        page.languages = [
            LanguageChoice(code, own_name(code), code == page.lang, renderer.url("home", code), url=same[code].url)
            if code in same else
            LanguageChoice(code, own_name(code), False, renderer.url("home", code),
                           missing=catalog.translate(page.lang, MISSING, language=language_name(code, page.lang)))
            for code in langs]
        page.search_languages = [language_name(code, page.lang) for code in langs if code != page.lang]
        page.search_index = [[code, language_name(code, page.lang)] for code in langs]
