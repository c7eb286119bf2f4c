"""View models: what a view shows, computed in Python from the tables; the views (views/*.html) only render them.

Each function takes the tables (read through the renderer's reader, so incremental builds see what a page read)
and the page's language, and returns plain rows and values in the order they are shown.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from babel import Locale

from . import catalog
from .catalog import N_
from .told import long_date
from extract.checks.finding import Cause, Severity
from extract.deadline import REPRESENTATIVE
from extract.diff_report import line as change_line, merge
from extract.labels import TABLE_NAMES, Names

# The comparison's rows, cheapest plan first, as the support overview's plan table orders them; a plan not named
# here has no column of comparable facts and is left out of the comparison (it keeps its own page).
COMPARE_ORDER = ("subscription", "professional-direct", "premier", "unified", "unified-core", "unified-advanced",
                 "unified-performance", "software-assurance", "advantage", "advanced-support-for-partners")
# The product whose portal the comparison shows, and the one whose portal marks on-premises support.
FILING_PRODUCT = "dynamics-365-and-power-platform"
ON_PREMISES_PRODUCT = "customer-engagement-on-premises"
# "Severity A answered within 1 hour, around the clock": the severities that count as the top one, and the hour.
TOP_SEVERITIES = ("severity-a", "critical")
FAST_MINUTES = 60


@dataclass
class ComparedPlan:
    """A row of the comparison: the plan, its response time per severity ((label, row or None), in the columns'
    order), the portal to file with, what the chooser filters on, and the first entry that says how to buy it."""
    plan: dict
    times: list[tuple[str, dict | None]]
    portal: dict | None
    fast: bool
    onprem: bool
    how_to_buy_entry: str = ""


@dataclass
class Comparison:
    severities: list[tuple[str, str]]                 # (key, label) in the response-time table's order
    plans: list[ComparedPlan] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)    # "n plans shown." for 0..all, for the chooser's status
    stated_twice: bool = False                        # a cell states two times: the legend is shown


def plan_portals(tables, lang: str, plan: dict, product: str | None = None) -> list[dict]:
    """request_portals rows for the plan or its family (optionally of one product), in the table's order."""
    match = {"product": product} if product else {}
    return [r for r in tables.rows("request_portals", lang=lang, **match) if r["plan"] in (plan["plan"], plan["family"])]


def comparison(tables, lang: str) -> Comparison:
    times = tables.rows("response_times", lang=lang)
    labels = {r["severity"]: r["severity_label"] for r in times}
    view = Comparison(severities=list(labels.items()), stated_twice=any(r["stated_minutes"] for r in times))
    for slug in COMPARE_ORDER:
        for plan in tables.rows("plans", lang=lang, plan=slug):
            mine = tables.rows("response_times", lang=lang, plan=slug)
            by_severity = {r["severity"]: r for r in mine}
            portals = plan_portals(tables, lang, plan, FILING_PRODUCT)
            view.plans.append(ComparedPlan(
                plan, [(label, by_severity.get(key)) for key, label in labels.items()], portals[0] if portals else None,
                fast=any(r["severity"] in TOP_SEVERITIES and r["around_the_clock"] and r["max_minutes"] is not None
                         and r["max_minutes"] <= FAST_MINUTES for r in mine),
                onprem=bool(plan_portals(tables, lang, plan, ON_PREMISES_PRODUCT)),
                how_to_buy_entry=next(iter(_split(plan["how_to_buy_entries"], LIST_SEPARATOR)), "")))
    count = len(tables.rows("plans", lang=lang))
    view.shown = [catalog.translate_plural(lang, "%(num)s plan shown.", "%(num)s plans shown.", n)
                  for n in range(count + 1)]
    return view


# The translation status page: one section per severity, most serious first (the enum's order), each with its heading
# and the count the page's summary links to it with.
SEVERITY_HEADINGS = {Severity.ERROR: N_("Errors"), Severity.WARNING: N_("Warnings"), Severity.INFO: N_("Information")}


def severity_count(lang: str, severity: Severity, n: int) -> str:
    """"3 errors": the summary's count of a severity's findings, in the language's plural form."""
    if severity is Severity.ERROR:
        return catalog.translate_plural(lang, "%(num)s error", "%(num)s errors", n)
    if severity is Severity.WARNING:
        return catalog.translate_plural(lang, "%(num)s warning", "%(num)s warnings", n)
    return catalog.translate_plural(lang, "%(num)s for information", "%(num)s for information", n)


@dataclass
class StatusRow:
    """A finding as the status page lists it: the row's anchor (an id without '/' and ':'), the document it links
    to (the first it names), and its cause in words."""
    finding: dict
    anchor: str
    doc: str
    cause: str


@dataclass
class SeveritySection:
    key: str
    heading: str
    count: str
    rows: list[StatusRow]


def finding_anchor(finding: dict) -> str:
    """The status page's anchor of a finding: its id with the characters an id attribute's readers trip on replaced."""
    return finding["id"].replace("/", "-").replace(":", "-")


def cause_text(lang: str, finding: dict) -> str:
    """Why a finding exists, in words: the original changed (and when), the originals disagree, or the translation."""
    if finding["cause"] == Cause.SOURCE_CHANGED:
        return catalog.translate(lang, "Original changed (%(date)s)", date=long_date(finding["revision"], lang))
    if finding["cause"] == Cause.UPSTREAM:
        return catalog.translate(lang, "Original documents")
    return catalog.translate(lang, "Translation")


def status_doc(finding: dict) -> str:
    """The document a finding is listed under (and links to): the first its `docs` names ("" for none)."""
    return finding["docs"].split(";")[0]


def translation_status(tables, lang: str) -> list[SeveritySection]:
    """Every finding grouped by severity (in the findings table's order within each), with their counts."""
    return status_sections(tables.rows("findings"), lang)


def status_sections(findings: list[dict], lang: str, counts: list[int] | None = None) -> list[SeveritySection]:
    """The findings grouped by severity, most serious first, with their counts: those listed, or `counts` (per
    severity, SEVERITY_HEADINGS' order) where the findings listed are not all there are (a split status's summary
    counts every finding and lists those of no document)."""
    sections = []
    for n, (severity, heading) in enumerate(SEVERITY_HEADINGS.items()):
        rows = [StatusRow(f, finding_anchor(f), status_doc(f), cause_text(lang, f))
                for f in findings if f["severity"] == severity]
        sections.append(SeveritySection(severity.value, catalog.translate(lang, heading),
                                        severity_count(lang, severity, len(rows) if counts is None else counts[n]),
                                        rows))
    return sections


def severity_counts(severities: Iterable[str]) -> list[int]:
    """The number of findings of each severity (given the findings' severities), in SEVERITY_HEADINGS' order."""
    order = {severity.value: n for n, severity in enumerate(SEVERITY_HEADINGS)}
    counts = [0] * len(order)
    for severity in severities:
        counts[order[severity]] += 1
    return counts


def title_in(titles: dict[str, str], lang: str, original: str, default: str) -> tuple[str, str]:
    """A document's title (language -> title) in the page's language, else in the original's (else `default`), and
    the language it is in."""
    title_lang = lang if lang in titles else original
    return titles.get(title_lang, default), title_lang


@dataclass
class DocumentStatus:
    """A row of the split status page's summary: a document with findings, its status page, its title (in the
    page's language, else the original's: title_lang) and its number of findings per severity (SEVERITY_HEADINGS'
    order)."""
    doc: str
    page: str
    title: str
    title_lang: str
    counts: list[int]


@dataclass
class StatusSummary:
    """The split status page: the corpus's counts and the findings of no document (sections), and the documents."""
    sections: list[SeveritySection]
    documents: list[DocumentStatus]


def status_summary(tables, lang: str, original: str, pages: dict[str, str], counts: Callable[[str], list[int]],
                   totals: list[int], unlisted: list[dict]) -> StatusSummary:
    """A page of the summary of a status split per document (pages: the documents it lists -> their status pages, in
    the documents' order; counts: a document's findings per severity; totals: the corpus's), listing the findings
    `unlisted` on no document's page (the first page's: those of no document)."""
    documents = []
    for doc, page in pages.items():
        title, title_lang = title_in({r["lang"]: r["title"] for r in tables.rows("documents", doc=doc)}, lang,
                                     original, doc)
        documents.append(DocumentStatus(doc, page, title, title_lang, counts(doc)))
    return StatusSummary(status_sections(unlisted, lang, totals), documents)


@dataclass
class DeadlineForm:
    """The deadline calculator's choices: plans that state response times per severity, the severities (as the
    response-time table first names them), and the regions with the country whose holidays stand for the region
    (its name in the page's language, or "" when the region has none)."""
    plans: list[tuple[str, str]]
    severities: list[tuple[str, str]]
    regions: list[tuple[str, str, str]]


def deadline_form(tables, lang: str) -> DeadlineForm:
    territories = Locale.parse(lang).territories
    regions: dict[str, tuple[str, str, str]] = {}   # a region once, as the first document that states its hours names it
    for r in tables.rows("business_hours", lang=lang):
        country = REPRESENTATIVE.get(r["region"], (None, None))[0]
        regions.setdefault(r["region"], (r["region"], r["region_label"],
                                         territories.get(country, country) if country else ""))
    severities: dict[str, str] = {}
    for r in tables.rows("response_times", lang=lang):
        severities.setdefault(r["severity"], r["severity_label"])
    return DeadlineForm(plans=[(p["plan"], p["label"]) for p in tables.rows("plans", lang=lang) if p["severities"]],
                        severities=list(severities.items()), regions=list(regions.values()))


# The tables whose changed row is an FAQ entry: a change to one links to the entry's answer.
ENTRY_TABLES = ("faq", "commitments")


@dataclass(frozen=True)
class Revision:
    """One side of a revision step: the revision's name ('2021-06-08_0d07a8da'), date and upstream link."""
    name: str
    date: str
    url: str

    @property
    def commit(self) -> str:
        """What the page calls the revision: its commit ('0d07a8da'), or the whole name when it names none."""
        return self.name.partition("_")[2] or self.name


@dataclass
class TableChanges:
    table_id: str
    table: str     # the table's name in the page's language
    count: int


@dataclass
class RevisionStep:
    """A pair of revisions of a document (older → newer) and a readable line per change, in the tables' order."""
    id: str
    doc: str
    bundled: bool
    older: Revision
    newer: Revision
    lines: list = field(default_factory=list)

    def tables(self) -> list[TableChanges]:
        """The number of changes per table, in the order the lines name the tables."""
        counts: dict[str, TableChanges] = {}
        for line in self.lines:
            counts.setdefault(line.table_id, TableChanges(line.table_id, line.table, 0)).count += 1
        return list(counts.values())


def revision_groups(tables, names: Names) -> list[RevisionStep]:
    """Per pair of revisions (newest first) its dates, upstream links and a readable line per change
    (revision_changes rows told with the reader's names)."""
    keys = tables.primary_keys()
    order = list(TABLE_NAMES)
    steps: dict[tuple, RevisionStep] = {}
    for record in tables.rows("revision_changes"):
        step = steps.setdefault((record["doc"], record["from_revision"], record["to_revision"]), RevisionStep(
            record["to_revision"], record["doc"], record["to_bundled"],
            Revision(record["from_revision"], record["from_date"], record["from_url"]),
            Revision(record["to_revision"], record["to_date"], record["to_url"])))
        told = change_line(record, names, keys)
        if told:
            step.lines.append(told)
    for step in steps.values():
        step.lines = merge(sorted(step.lines, key=lambda item: order.index(item.table_id)
                                  if item.table_id in order else len(order)))
    return sorted(steps.values(), key=lambda s: s.newer.date, reverse=True)


@dataclass
class ShownLine:
    line: object
    linked: bool    # the changed row is an FAQ entry the document still answers: the line links to it


@dataclass
class RevisionPage:
    """A page of one revision step's changes: the lines it shows and the tables they are in (for the filter), in
    the tables' order with their names."""
    step: RevisionStep
    lines: list[ShownLine]
    tables: list[tuple[str, str]]


def revision_page(tables, steps: list[RevisionStep], revision: dict) -> list[RevisionPage]:
    """The revision step a page shows (revision: its doc, id and the (start, end) of its lines)."""
    pages = []
    for step in steps:
        if step.doc != revision["doc"] or step.id != revision["id"]:
            continue
        start, end = revision["lines"]
        shown = step.lines[start:end]
        present = {line.table_id: line.table for line in shown}
        pages.append(RevisionPage(step, [ShownLine(line, bool(
            line.entry and line.table_id in ENTRY_TABLES and tables.exists("faq", doc=step.doc, id=line.entry)))
            for line in shown], [(t, present[t]) for t in TABLE_NAMES if t in present]))
    return pages


@dataclass
class Notice:
    """A translation note on a page: its text, the finding's anchor on the status page, and, on a translation's page,
    the entry of the original's answer to read instead ("" when the original has no answer for it: the note then
    points to the status page)."""
    text: str
    anchor: str
    source_entry: str = ""
    doc: str = ""   # the document the status pages list the finding under (status_doc): where the note links


def notice(tables, finding: dict, text: str, lang: str, original: str) -> Notice:
    entry = ""
    if lang != original and finding["entry"] and \
            tables.exists("faq", lang=original, doc=status_doc(finding), id=finding["entry"]):
        entry = finding["entry"]
    return Notice(text, finding_anchor(finding), entry, status_doc(finding))


# How the plans table joins a cell's several values (names, entries; extract/tables/plans.py).
LIST_SEPARATOR = ";"


@dataclass
class PlanPage:
    """What a plan's page shows about the plan as a whole: its other names and its Lifecycle Services identifiers (the
    plan's or its family's, stated in the original only)."""
    names: list[str]
    lcs_identifiers: list[dict]


def _split(value: str, separator: str) -> list[str]:
    return value.split(separator) if value else []


def plan_page(tables, lang: str, original: str, plan: dict) -> PlanPage:
    return PlanPage(
        names=_split(plan["names"], LIST_SEPARATOR),
        lcs_identifiers=[r for r in tables.rows("lcs_entitlements", lang=original)
                         if r["plan"] in (plan["plan"], plan["family"])])


@dataclass
class StatedTime:
    """A response time on a plan page and the id of its row there: its severity, or '<severity>-<doc>' where a document
    before it on the page states a time for the same severity (ids are unique on a page)."""
    row: dict
    anchor: str


@dataclass
class PlanStatements:
    """What some documents state about a plan in the page's language, document by document: its response times
    (and whether a cell states two, for the legend), where to file (the plan's portals, then its family's) and whether
    its services are included, and how to buy it (each sentence once, as the plans table's how_to_buy has them, and
    a claim per entry that says so: the sources)."""
    times: list[StatedTime] = field(default_factory=list)
    portals: list[dict] = field(default_factory=list)
    advisory: list[dict] = field(default_factory=list)
    onsite: list[dict] = field(default_factory=list)
    buying: list[dict] = field(default_factory=list)

    @property
    def stated_twice(self) -> bool:
        return any(t.row["stated_minutes"] for t in self.times)

    @property
    def how_to_buy(self) -> list[str]:
        return list(dict.fromkeys(c["statement"] for c in self.buying))

    @property
    def how_to_buy_sources(self) -> list[dict]:
        first: dict[tuple[str, str], dict] = {}
        for claim in self.buying:
            first.setdefault((claim["doc"], claim["entry"]), claim)
        return list(first.values())


# The plan_claims a plan page shows, by claim (the others name the plan, or say what holds for every plan).
ADVISORY, ONSITE, HOW_TO_BUY = "advisory-services", "onsite-support", "how-to-buy"
SHOWN_CLAIMS = (ADVISORY, ONSITE, HOW_TO_BUY)


def portal_plans(plan: dict) -> tuple[str, ...]:
    """The plans whose portals a plan's page shows: its own, then its family's (where it has another)."""
    return (plan["plan"], plan["family"]) if plan["family"] and plan["family"] != plan["plan"] else (plan["plan"],)


def plan_statements(tables, lang: str, plan: dict, docs: list[str]) -> PlanStatements:
    """The statements of these documents about the plan, each read by a query that names the document, so that a page
    depends on the rows of the documents it shows and no others."""
    said, seen = PlanStatements(), set()
    claims = {ADVISORY: said.advisory, ONSITE: said.onsite, HOW_TO_BUY: said.buying}
    for doc in docs:
        for row in tables.rows("response_times", lang=lang, plan=plan["plan"], doc=doc):
            said.times.append(StatedTime(row, row["severity"] if row["severity"] not in seen
                                         else f"{row['severity']}-{doc}"))
            seen.add(row["severity"])
        for name in portal_plans(plan):
            said.portals += tables.rows("request_portals", lang=lang, plan=name, doc=doc)
        for claim in tables.rows("plan_claims", lang=lang, plan=plan["plan"], doc=doc):
            if claim["claim"] in claims:
                claims[claim["claim"]].append(claim)
    return said


@dataclass
class ListedDocument:
    """A document in a split plan page's list: the first of its answers about the plan (a row's doc and entry, for the
    view's source link), and its title in the page's language, else the original's (title_lang)."""
    source: dict[str, str]
    title: str
    title_lang: str


def listed_documents(tables, lang: str, original: str, listed: list[list[str]]) -> list[ListedDocument]:
    """The documents ([doc, entry] each) with their titles, in the given order."""
    return [ListedDocument({"doc": doc, "entry": entry},
                           *title_in({r["lang"]: r["title"] for r in tables.rows("documents", doc=doc)},
                                     lang, original, doc)) for doc, entry in listed]


@dataclass
class ResponseGroup:
    """Plans that state times for the same severities: the columns of one small table, and its rows (the plan and
    its times by severity)."""
    severities: list[tuple[str, str]]
    plans: list[tuple[dict, dict[str, dict]]] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        return [label for _, label in self.severities]


@dataclass
class ResponseOverview:
    groups: list[ResponseGroup]
    stated_twice: bool     # a cell states two times and no single one: the legend is shown


def response_overview(tables, lang: str) -> ResponseOverview:
    """The home page's initial response times: plans grouped by the severities they state, in the plans' order."""
    times = tables.rows("response_times", lang=lang)
    groups: dict[tuple, ResponseGroup] = {}
    for plan in tables.rows("plans", lang=lang):
        mine = {t["severity"]: t for t in times if t["plan"] == plan["plan"]}
        if not mine:
            continue
        severities = tuple((key, t["severity_label"]) for key, t in mine.items())
        groups.setdefault(severities, ResponseGroup(list(severities))).plans.append((plan, mine))
    return ResponseOverview(list(groups.values()),
                            stated_twice=any(r["max_minutes"] is None and r["stated_minutes"] for r in times))
