"""The site map: which pages exist in which language, their URLs, and how each is rendered.

Every page is made from the tables in content/data: one page per view and
language, plus one page per support plan. A page exists in a language only
when the tables have rows for it in that language; Pelican's translation
machinery (same slug = same translation id) links the languages.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from babel import Locale
from jinja2 import Environment, FileSystemLoader, select_autoescape

from . import catalog
from .catalog import N_
from extract.deadline import REPRESENTATIVE, calendar_data

from .html import answer_html
from .vocabulary import HiddenTerms

VIEWS = Path(__file__).parent / "views"
MAIN_DOC = "support-overview"
# Pages of documents other than the FAQ, by document id.
DOC_PAGES = {"cloud-powered-support-lcs": "lifecycle-services", "21vianet-support": "china"}
# Table-backed topic pages: page key -> (view, table whose rows it shows, title msgid)
TOPICS = {
    "business-hours": ("business_hours", "business_hours", N_("Business hours")),
    "support-languages": ("support_languages", "support_languages", N_("Support languages")),
    "request-portals": ("request_portals", "request_portals", N_("Where to file a support request")),
    "licensing": ("licensing", "licensing_support", N_("Licensing support")),
}
# Pages for maintainers, not customers: out of the default search (a filter), searchable on purpose.
MAINTAINER_VIEWS = ("status", "changes", "data")
STATIC = {
    "home": ("home", N_("Support Atlas")),
    "faq": ("faq_index", N_("Support overview FAQ")),
    "compare": ("compare", N_("Compare support plans")),
    "translation-status": ("status", N_("Translation status")),
    "data": ("data", N_("Data")),
    "changes": ("changes", N_("What changed")),
}
DOCS = {"lifecycle-services": ("doc", "cloud-powered-support-lcs", N_("Lifecycle Services support")),
        "china": ("doc", "21vianet-support", N_("21Vianet support in China"))}


@dataclass
class Spec:
    key: str
    view: str
    lang: str
    title: str
    extra: dict = field(default_factory=dict)


class Tables:
    """Read access to content/data, by table and language."""

    def __init__(self, folder: Path):
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        self.package = package
        self.data = {r["name"]: json.loads((folder / r["json"]).read_text(encoding="utf-8"))
                     for r in package["resources"]}
        self._indexes: dict[tuple, dict[tuple, list[dict]]] = {}

    def rows(self, name: str, **match) -> list[dict]:
        """Rows whose columns equal the given values; an index per (table, columns) keeps lookups constant-time,
        which matters when thousands of documents are rendered."""
        if not match:
            return self.data.get(name, [])
        columns = tuple(sorted(match))
        index = self._indexes.get((name, columns))
        if index is None:
            index = {}
            for row in self.data.get(name, []):
                index.setdefault(tuple(row.get(c) for c in columns), []).append(row)
            self._indexes[(name, columns)] = index
        return index.get(tuple(match[c] for c in columns), [])

    def langs(self, name: str, **match) -> list[str]:
        return list(dict.fromkeys(r["lang"] for r in self.rows(name, **match)))


@lru_cache(maxsize=4)
def load_tables(folder: str) -> Tables:
    return Tables(Path(folder))


def path_of(key: str, lang: str, default_lang: str) -> str:
    """URL path of a page from the site root, e.g. 'nl/plans/premier/'."""
    base = "" if key == "home" else f"{key}/"
    return base if lang == default_lang else f"{lang}/{base}"


def relative(from_path: str, to_path: str) -> str:
    """A link from one page's URL path to another's, so the site works from any folder."""
    depth = len(PurePosixPath(from_path).parts) if from_path else 0
    return "../" * depth + to_path or "./"


def page_of(doc: str) -> str:
    """The page key a document's entries are on (a finding about no one document, e.g. terminology: the FAQ)."""
    return "faq" if doc in (MAIN_DOC, "") else DOC_PAGES.get(doc, f"docs/{doc}")


def site_map(tables: Tables, langs: list[str]) -> list[Spec]:
    specs = []
    site_langs = [l for l in langs if l in tables.langs("documents")]
    faq_langs = [l for l in langs if l in tables.langs("faq", doc=MAIN_DOC)]
    for key, (view, title) in STATIC.items():
        specs += [Spec(key, view, lang, title) for lang in (faq_langs if key == "faq" else site_langs)]
    for lang in faq_langs:   # the FAQ index above, and a page per section of the support overview
        for section_id, title in dict.fromkeys((r["section_id"], r["section"]) for r in tables.rows("faq", doc=MAIN_DOC, lang=lang)
                                               if r["section_id"]):
            specs.append(Spec(f"faq/{section_id}", "faq", lang, title, {"doc": MAIN_DOC, "section": section_id}))
    for key, (view, table, title) in TOPICS.items():
        specs += [Spec(key, view, lang, title) for lang in langs if lang in tables.langs(table)]
    for key, (view, doc, title) in DOCS.items():
        specs += [Spec(key, view, lang, title, {"doc": doc}) for lang in langs if lang in tables.langs("faq", doc=doc)]
    for row in tables.rows("documents"):   # any other document gets its own FAQ page
        if row["doc"] != MAIN_DOC and row["doc"] not in DOC_PAGES and row["lang"] in langs:
            specs.append(Spec(f"docs/{row['doc']}", "faq", row["lang"], row["title"], {"doc": row["doc"]}))
    for plan in dict.fromkeys(r["plan"] for r in tables.rows("plans")):
        for row in tables.rows("plans", plan=plan):
            if row["lang"] in langs:
                specs.append(Spec(f"plans/{plan}", "plan", row["lang"], row["label"], {"plan": row}))
    return specs


class Renderer:
    """Renders a Spec's view with the helpers every view uses."""

    def __init__(self, tables: Tables, settings: dict, specs: list[Spec]):
        self.tables = tables
        self.settings = settings
        self.default = settings.get("DEFAULT_LANG", "en")
        self.available = {(s.key, s.lang) for s in specs}
        self.titles = {(s.key, s.lang): s.title for s in specs}
        self.sections = {r["id"]: r["section_id"] for r in tables.rows("faq", doc=MAIN_DOC) if r["section_id"]}
        self.env = Environment(loader=FileSystemLoader(VIEWS), autoescape=select_autoescape(["html"]),
                               trim_blocks=True, lstrip_blocks=True)
        catalog.install(self.env)
        self.hidden_terms = HiddenTerms(tables, self.default)

    def url(self, key: str, lang: str) -> str:
        return path_of(key, lang, self.default)

    def target(self, key: str, lang: str, anchor: str = "") -> str:
        """Path from the site root of a page (and anchor) in a language, or in the default language when the
        page does not exist in that one; an FAQ answer lives on its section's page."""
        if key == "faq" and anchor:
            section = self.sections.get(anchor)
            key = f"faq/{section}" if section else key
        if (key, lang) not in self.available:
            lang = self.default
        return self.url(key, lang) + (f"#{anchor}" if anchor else "")

    def render(self, spec: Spec) -> str:
        here = self.url(spec.key, spec.lang)
        lang = spec.lang
        tables = self.tables

        def link(key: str, anchor: str = "", in_lang: str | None = None) -> str:
            path, _, fragment = self.target(key, in_lang or lang, anchor).partition("#")
            return relative(here, path) + (f"#{fragment}" if fragment else "")

        def asset(path: str) -> str:
            """A file of the site outside the language folders (data downloads)."""
            return relative(here, path)

        def entry_link(doc: str, entry: str) -> str:
            """The entry's answer in this language if it has one there, else in the language that has it."""
            found = [r["lang"] for r in tables.rows("faq", doc=doc, id=entry)]
            return link(page_of(doc), entry, lang if lang in found or not found else found[0])

        def source(row: dict) -> str:
            """Link to the FAQ answer or document section a row comes from."""
            return link(page_of(row.get("doc", MAIN_DOC)), row.get("entry") or row.get("id", ""))

        plan_names = self.plan_names(lang, here)

        def answer(md: str) -> str:
            return answer_html(md, plan_names)

        def notices(entry: str = "", table: str = "", key: str = "", doc: str = MAIN_DOC) -> list[dict]:
            return [{**f, "text": describe(f, lang)} for f in self.notices(doc, entry, table, key)]

        template = self.env.get_template(f"{spec.view}.html")
        def title_of(key: str) -> str:
            return catalog.translate(lang, self.titles.get((key, lang)) or self.titles.get((key, self.default), key))

        html = template.render(
            lang=lang, spec=spec, page_key=spec.key, tables=tables, available=self.available,
            default_lang=self.default, languages=self.settings.get("LANGUAGES", {}),
            rows=lambda name, **m: tables.rows(name, lang=lang, **m),
            link=link, asset=asset, source=source, entry_link=entry_link, title_of=title_of,
            answer=answer, notices=notices, describe=describe, representatives=REPRESENTATIVE,
            language_name=lambda code: language_name(code, lang),
            country_name=lambda code: Locale.parse(lang).territories.get(code, code),
            upstream={d["doc"]: d["url"] for d in tables.rows("documents", lang=lang)},
            **spec.extra)
        return self.hidden_terms.place(html, lang, spec.key)

    def plan_names(self, lang: str, here: str) -> list[tuple[str, str]]:
        """(name as written, link) of plans with a page, longest first; generic one-word names are left out."""
        out = {}
        for row in self.tables.rows("plans", lang=lang):
            for name in row["names"].split(";"):
                if name and (" " in name or name in ("ProDirect", "Premier")) and "/" not in name:
                    out.setdefault(name, relative(here, self.url(f"plans/{row['plan']}", lang)))
        return sorted(out.items(), key=lambda item: -len(item[0]))

    def notices(self, doc: str, entry: str, table: str, key: str) -> list[dict]:
        """Translation findings about an answer (entry) or a table cell (table and row key) of a document."""
        if entry:
            candidates = self.tables.rows("findings", entry=entry)
        else:   # a cell finding's location is "<table>:<doc>:<row key>:<column>"
            candidates = [f for f in self.tables.rows("findings", check=f"cells/{table}")
                          if f["location"].split(":")[2] == key]
        return [f for f in candidates if f["severity"] != "info" and f["cause"] != "upstream"
                and doc in f["docs"].split(";")]


# Language names in the reader's language (the switcher uses each language's own name).
LANGUAGE_NAMES = {"en": N_("English"), "nl": N_("Dutch")}


def language_name(code: str, lang: str) -> str:
    return catalog.translate(lang, LANGUAGE_NAMES.get(code, code))


# Words of the revision_changes table shown on the "what changed" page (listed here for the catalog).
CHANGE_WORDS = (N_("added"), N_("removed"), N_("changed"), N_("renamed"), N_("column-added"), N_("column-removed"),
                N_("question changed"), N_("answer changed"), N_("question and answer changed"),
                N_("key changed, values the same"))
COLUMN_NAMES = {"max_minutes": N_("maximum response time"), "around_the_clock": N_("around the clock"), "start": N_("start time"),
                "end": N_("end time"), "tz": N_("time zone"), "days": N_("days"), "exclusions": N_("exclusions"), "hours": N_("hours"),
                "portal": N_("portal")}
KIND_NAMES = {"item": N_("list items"), "note": N_("notes"), "footnote": N_("footnotes"), "paragraph": N_("paragraphs"),
              "table": N_("tables"), "sentence": N_("sentences")}


def describe(finding: dict, lang: str) -> str:
    """A finding told in the reader's language (the `message` column is English, for maintainers)."""
    check = finding["check"]
    t = lambda msg, **v: catalog.translate(lang, msg, **v)  # noqa: E731
    if check.startswith("cells/"):
        column = finding["location"].rsplit(":", 1)[-1]
        what = t(COLUMN_NAMES.get(column, "value"))
        text = t("%(what)s is %(a)s in the English source and %(b)s in the Dutch translation.",
                 what=what, a=finding["value_a"], b=finding["value_b"])
    elif check == "structure/empty-answer":
        text = t("The Dutch translation has no answer to this question.")
    elif check == "structure/missing-entry":
        text = t("This question is missing from the Dutch translation.")
    elif check == "structure/extra-entry":
        text = t("This text in the Dutch translation has no counterpart in the English source.")
    elif check.startswith("content/"):
        kind = check.split("/", 1)[1]
        text = t("The English source has %(a)s %(kind)s here, the Dutch translation %(b)s.",
                 a=finding["value_a"], b=finding["value_b"], kind=t(KIND_NAMES.get(kind, kind)))
        if kind == "sentence":
            text = t("A sentence appears in only one of the two languages.")
    elif check.startswith("values/"):
        text = t("A number, time or other value differs between the English source and the Dutch translation.")
    elif check.startswith("terminology/"):
        text = t("A term is rendered inconsistently in the Dutch translation: %(a)s as %(b)s.",
                 a=finding["value_a"], b=finding["value_b"].replace(";", ", "))
    elif check.startswith("extraction/"):
        text = t("Part of this text could not be matched with the English source with confidence.")
    else:
        text = finding["message"]
    if finding["cause"] == "source-changed":
        text += " " + t("The English page changed after our copy (revision %(rev)s); the translation follows "
                        "the newer text.", rev=finding["revision"])
    return text


def write_calendar(settings: dict, years: list[int]) -> None:
    """data/deadline.json: what the in-browser deadline calculator needs, from the tables and holidays."""
    tables = load_tables(str(Path(settings.get("ATLAS_DATA", "content/data")).resolve()))
    out = Path(settings["OUTPUT_PATH"]) / "data" / "deadline.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(calendar_data(tables.data, years), ensure_ascii=False), encoding="utf-8")


def build_pages(generator) -> None:
    """page_generator_finalized: add a Pelican Page per Spec, languages linked as translations."""
    from pelican.contents import Page
    from pelican.utils import process_translations

    settings = generator.settings
    tables = load_tables(str(Path(settings.get("ATLAS_DATA", "content/data")).resolve()))
    langs = list(settings.get("LANGUAGES", {settings["DEFAULT_LANG"]: ""}))
    specs = site_map(tables, langs)
    renderer = Renderer(tables, settings, specs)
    pages = []
    for spec in specs:
        path = renderer.url(spec.key, spec.lang)
        metadata = {"title": catalog.translate(spec.lang, spec.title), "lang": spec.lang, "slug": spec.key,
                    "url": path, "save_as": f"{path}index.html", "template": "page", "view": spec.view,
                    "audience": "maintainer" if spec.view in MAINTAINER_VIEWS else "customer"}
        source = os.path.join(settings["PATH"], "generated", f"{spec.key}.{spec.lang}.html")
        pages.append(Page(renderer.render(spec), metadata=metadata, settings=settings, source_path=source,
                          context=generator.context))
    origs, translations = process_translations(pages, translation_id="slug")
    generator.pages.extend(origs)
    generator.translations.extend(translations)
    generator._update_context(("pages",))
