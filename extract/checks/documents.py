"""Checks across documents and within one document (English), on the tables only.

commitment   a time commitment stated in prose that disagrees with the severity table
same-number  a sentence saying two kinds of support share a phone number when the listed numbers differ
same-process a sentence saying two kinds of support share the online request process when they link different portals
region-hours support hours for a region stated by two documents differently
ambiguous-timezone a time zone written with an offset that holds only part of the year
commitment-kind time commitments of two documents compared by kind, criticality and operator
ui-labels    the same interface label written differently, or the same step named differently
copied-rows  table rows whose descriptive text is a copy of another row's
links        a link named after a known portal that points somewhere else
contradiction a service affirmed for a plan in one place and denied in another of the same document
"""
from __future__ import annotations

from urllib.parse import urlparse

from ..glossary import fold, load_glossary
from ..language import first_kind, kinds
from ..wordlists import load_wordlists
from .common import Row, Tables, by_key, group, of, originals, source_lang
from .finding import Finding

def _at(table: str, row: dict, *key: str, column: str = "") -> dict:
    """Where a finding within the original documents is: the table, the row's key columns and the column; both
    values are in the row's language."""
    return {"table": table, "key": {c: row[c] for c in key}, "column": column, "lang_a": row["lang"],
            "lang_b": row["lang"]}



def commitments(tables: Tables) -> list[Finding]:
    out = []
    times: dict[str, list[tuple[int, Row]]] = {}   # plan -> its response times with their places, in table order
    for i, r in enumerate(originals(tables, "response_times")):
        times.setdefault(r["plan"], []).append((i, r))
    for c in originals(tables, "commitments", kind="initial-response"):
        if not c["plan"]:
            continue
        severities = {slug for slug, words in kinds(c["lang"], "subject_severities") if words.search(c["subject"])}
        plans = c["plan"].split(";")
        stated = [r for _, r in sorted(p for plan in dict.fromkeys(plans) for p in times.get(plan, ()))
                  if r["severity"] in severities and r["max_minutes"]]
        if stated and all(r["max_minutes"] != c["minutes"] for r in stated):
            r = stated[0]
            out.append(Finding("documents/commitment", "error", f"commitments:{c['doc']}:{c['id']}",
                               f"'{c['statement']}' ({c['minutes']} min) disagrees with the severity table: "
                               f"{r['severity_label']}, {r['plan_label']}: {r['max_minutes']} min.",
                               tuple(dict.fromkeys((c["doc"], r["doc"]))), c["entry"], f"{c['minutes']} min",
                               f"{r['max_minutes']} min", cause="upstream", **_at("commitments", c, "id", column="minutes")))
    return out


def same_number(tables: Tables) -> list[Finding]:
    out = []
    rows = originals(tables, "china_contacts")
    phones = group(rows, "doc", "kind")
    for r in rows:
        if not r["same_as"]:
            continue
        others = phones.get((r["doc"], r["same_as"]), [])
        shared = r.get("same_as_what", "phone").split(";")
        portals = {o["portal_url"] for o in others if o.get("portal_url")}
        if "process" in shared and r.get("portal_url") and portals and r["portal_url"] not in portals:
            o = next(o for o in others if o.get("portal_url"))
            out.append(Finding("documents/same-process", "warning", f"china_contacts:{r['kind']}:process",
                               f"'{r['same_as_statement']}' ({r['kind_label']}, line {r['line']}) — but it links "
                               f"{r['portal_url']} for online requests and {o['kind_label']} (line {o['line']}) "
                               f"links {o['portal_url']}.", (r["doc"],), r["entry"], r["portal_url"],
                               o["portal_url"], cause="upstream", **_at("china_contacts", r, "kind", "phone", column="portal_url")))
        if "phone" not in shared:
            continue
        if others and all(o["phone"] != r["phone"] for o in others):
            o = others[0]
            out.append(Finding("documents/same-number", "error", f"china_contacts:{r['kind']}:{r['phone']}",
                               f"'{r['same_as_statement']}' — but {r['kind_label']} lists {r['phone_label']} and "
                               f"{o['kind_label']} lists {o['phone_label']}.", (r["doc"],), r["entry"],
                               r["phone_label"], o["phone_label"], cause="upstream",
                               **_at("china_contacts", r, "kind", "phone", column="phone")))
    return out


def region_hours(tables: Tables) -> list[Finding]:
    """Business hours one document states for a region inside a region another document lists (China in
    Asia-Pacific): the narrower page governs its region, so a difference is information, named in both places."""
    out = []
    gloss = load_glossary()
    rows = originals(tables, "business_hours")
    by_region: dict[str, list[Row]] = {}   # region -> its rows, in table order (every row asks for its wider region)
    for o in rows:
        by_region.setdefault(o["region"], []).append(o)
    for r in rows:
        term = gloss.term("regions", r["region"])
        wider = [o for o in by_region.get(term.part_of, []) if o["doc"] != r["doc"]] if term else []
        for o in wider[:1]:
            if (r["start"], r["end"]) == (o["start"], o["end"]):
                continue
            out.append(Finding("documents/region-hours", "info", f"business_hours:{r['doc']}:{r['region']}",
                               f"{r['doc']} (line {r['line']}) gives business hours in {r['region_label']} as "
                               f"{r['start']}–{r['end']} {r['timezone']}; {o['doc']} (line {o['line']}) gives "
                               f"'{o['region_label']}', which includes it, {o['start']}–{o['end']} {o['timezone']}. "
                               f"The page about the region governs it.", (r["doc"], o["doc"]), r["entry"],
                               f"{r['start']}-{r['end']}", f"{o['start']}-{o['end']}", cause="upstream",
                               **_at("business_hours", r, "region")))
    return out


def ambiguous_zones(tables: Tables) -> list[Finding]:
    """A zone written with a fixed offset that holds only part of the year ('CET (UTC +1)')."""
    out = []
    for r in originals(tables, "business_hours"):
        if r.get("tz_ambiguous"):
            out.append(Finding("documents/ambiguous-timezone", "warning",
                               f"business_hours:{r['doc']}:{r['region']}:tz",
                               f"{r['doc']} (line {r['line']}) gives {r['region_label']} hours in '{r['timezone']}': "
                               f"{r['tz_reason']}. Read as a fixed offset, summer hours would be an hour later.",
                               (r["doc"],), r["entry"], r["timezone"], r["tz"], cause="upstream",
                               **_at("business_hours", r, "region", column="tz")))
    return out


def _topic(row: dict) -> str:
    return first_kind(row["lang"], "label_topics", f"{row['entry']} {row['sentence']}")


def ui_labels(tables: Tables) -> list[Finding]:
    out = []
    rows = originals(tables, "ui_labels")
    spellings = group(rows, "label")
    by_fold: dict[str, list[str]] = {}
    for (label,) in spellings:
        by_fold.setdefault(fold(label), []).append(label)
    for key, labels in sorted(by_fold.items()):
        if len(labels) > 1:
            places = [r for label in labels for r in spellings[(label,)]]
            out.append(Finding("documents/ui-label-case", "info", f"ui_labels:{key}",
                               f"The interface label is written as {' and '.join(repr(x) for x in sorted(labels))}.",
                               tuple(dict.fromkeys(r["doc"] for r in places)), places[0]["entry"],
                               sorted(labels)[0], sorted(labels)[1], cause="upstream",
                               **_at("ui_labels", places[0], "entry", "ordinal", column="label")))
    steps: dict[tuple[str, str], dict[str, dict]] = {}
    for r in rows:
        topic = _topic(r)
        if r["after"] and topic:
            steps.setdefault((fold(r["after"]), topic), {}).setdefault(fold(r["label"]), r)
    for (after, topic), targets in sorted(steps.items()):
        docs = {r["doc"] for r in targets.values()}
        if len(targets) > 1 and len(docs) > 1:
            first, second = list(targets.values())[:2]
            out.append(Finding("documents/ui-label-step", "warning", f"ui_labels:{after}>{topic}",
                               f"After '{first['after']}', the step for a {topic} is called '{first['label']}' in "
                               f"{first['doc']} but '{second['label']}' in {second['doc']}.",
                               (first["doc"], second["doc"]), first["entry"], first["label"], second["label"],
                               cause="upstream", **_at("ui_labels", first, "entry", "ordinal", column="label")))
    return out


def copied_rows(tables: Tables) -> list[Finding]:
    out = []
    for (doc, situation), rows in sorted(group(originals(tables, "response_times"), "doc", "situation").items()):
        impacts = list(dict.fromkeys((r["severity_label"], r["impact"]) for r in rows))
        if situation and len({i for _, i in impacts}) > 1:
            (sa, ia), (sb, ib) = impacts[:2]
            out.append(Finding("documents/copied-row", "warning", f"response_times:{doc}:situation:{sa}:{sb}",
                               f"{sa} ('{ia}') and {sb} ('{ib}') share the same situation text: '{situation}'.",
                               (doc,), rows[0]["entry"], ia, ib, cause="upstream",
                               **_at("response_times", rows[0], "severity", "plan", column="situation")))
    return out


def links(tables: Tables) -> list[Finding]:
    out = []
    gloss = load_glossary()
    for r in originals(tables, "links"):
        slug = gloss.lookup("portals", r["text"])
        term = gloss.term("portals", slug) if slug else None
        if not term or not term.url:
            continue
        host = urlparse(r["url"]).netloc.lower()
        allowed = {urlparse(term.url).netloc.lower(), *term.hosts}
        if host not in allowed:
            out.append(Finding("documents/link-target", "error", f"links:{r['doc']}:{r['entry']}:{r['ordinal']}",
                               f"The link '{r['text']}' points to {r['url']}, not to {term.label(source_lang(tables))} "
                               f"({', '.join(sorted(allowed))}).", (r["doc"],), r["entry"], term.url, r["url"],
                               cause="upstream", **_at("links", r, "entry", "ordinal", column="url")))
    return out


def _place(row: dict) -> str:
    return f"'{row['entry']}' (line {row['line']})"


def contradictions(tables: Tables) -> list[Finding]:
    """What one document says about a plan in one place and contradicts in another: a service included and not
    included; initial response times counted in business hours in prose but around the clock in the severity
    table; two purchase channels that no sentence of the document offers as alternatives.

    Claims inferred by a rule count too (the message says which rule), since a reader of the plan meets both.
    """
    out = [*_clock_contradictions(tables), *_channel_contradictions(tables)]
    claims = [c for c in originals(tables, "plan_claims") if c["value"] in ("included", "not-included")]
    for (doc, plan, claim), rows in sorted(group(claims, "doc", "plan", "claim").items()):
        yes = [r for r in rows if r["value"] == "included"]
        no = [r for r in rows if r["value"] == "not-included"]
        if not yes or not no:
            continue
        a, b = yes[0], no[0]
        how = lambda r: f" ({r['rule_note']})" if r["rule"] else ""  # noqa: E731
        out.append(Finding("documents/contradiction", "warning", f"plan_claims:{doc}:{plan}:{claim}",
                           f"{doc} says {claim.replace('-', ' ')} are included for {plan} at {_place(a)}{how(a)}: "
                           f"'{a['statement'][:120]}', but not included at {_place(b)}{how(b)}: "
                           f"'{b['statement'][:120]}'.", (doc,), a["entry"], "included", "not included",
                           cause="upstream", **_at("plan_claims", a, "plan", "claim", "entry", "position", column="value")))
    return out


def _clock_contradictions(tables: Tables) -> list[Finding]:
    out = []
    times: dict[tuple[str, str], list[Row]] = {}   # (doc, plan) -> its response times, in table order
    for r in originals(tables, "response_times"):
        times.setdefault((r["doc"], r["plan"]), []).append(r)
    for c in originals(tables, "plan_claims", claim="response-clock"):
        if c["channel"] != "business-hours":
            continue
        clock = [r for r in times.get((c["doc"], c["plan"]), []) if r["around_the_clock"]]
        if clock:
            r = clock[0]
            out.append(Finding("documents/contradiction", "warning", f"plan_claims:{c['doc']}:{c['plan']}:response-clock",
                               f"{c['doc']} says at {_place(c)} '{c['statement']}', but its severity table gives "
                               f"'{r['statement']}' ({r['severity_label']}, line {r['line']}) around the clock.",
                               (c["doc"],), c["entry"], "business hours", "around the clock", cause="upstream",
                               **_at("plan_claims", c, "plan", "claim", "entry", "position", column="channel")))
    return out


def _channel_contradictions(tables: Tables) -> list[Finding]:
    out = []
    claims = originals(tables, "plan_claims", claim="how-to-buy")
    alternatives: dict[str, list[set[str]]] = {}   # doc -> the channels each of its sentences offers together
    for c in claims:
        if len(c["channel"].split(";")) > 1:
            alternatives.setdefault(c["doc"], []).append(set(c["channel"].split(";")))
    for (doc, plan), rows in sorted(group([c for c in claims if c["plan"] != "*"], "doc", "plan").items()):
        allowed = alternatives.get(doc, [])
        said = [(c, ch) for c in rows for ch in c["channel"].split(";") if ch]
        clash = next((((a, x), (b, y)) for i, (a, x) in enumerate(said) for b, y in said[i + 1:]
                      if x != y and a["entry"] != b["entry"] and not any({x, y} <= s for s in allowed)), None)
        if clash:
            (a, x), (b, y) = clash
            out.append(Finding("documents/contradiction", "warning", f"plan_claims:{doc}:{plan}:how-to-buy",
                               f"{doc} says to buy {plan} through {x} at {_place(a)}: '{a['statement']}', but through "
                               f"{y} at {_place(b)}: '{b['statement']}'; no sentence offers both.", (doc,), b["entry"],
                               x, y, cause="upstream", **_at("plan_claims", b, "plan", "claim", "entry", "position",
                                                             column="channel")))
    return out


def _operator(tables: Tables, doc: str) -> str:
    title = next((d["title"] for d in originals(tables, "documents", doc=doc)), "")
    return next((name for name in load_wordlists().operators if name.lower() in title.lower()), "Microsoft")


COMPARED_KINDS = ("initial-response", "acknowledgement")


def commitment_kinds(tables: Tables) -> list[Finding]:
    """Time commitments of two documents for equally critical issues that state different times, compared by
    what they commit to (an acknowledgement is not an initial response) and who operates the support: a
    conflict only when both agree, otherwise information with the reason there is none."""
    out = []
    words = load_wordlists()
    rows = [c for c in originals(tables, "commitments") if c["kind"] in COMPARED_KINDS]
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            if a["doc"] == b["doc"] or a["minutes"] == b["minutes"]:
                continue
            level = words.criticality_of(a["subject"])
            if not level or level != words.criticality_of(b["subject"]):
                continue   # critical against non-critical issues: nothing a reader would compare
            op_a, op_b = _operator(tables, a["doc"]), _operator(tables, b["doc"])
            if a["kind"] != b["kind"]:
                reason = (f"no conflict: {a['kind'].replace('-', ' ')} and {b['kind'].replace('-', ' ')} are "
                          f"different commitments")
            elif op_a != op_b:
                reason = f"no conflict: support operated by {op_a} and by {op_b}"
            else:
                reason = "conflict: the same commitment for the same kind of issue and operator"
            conflict = reason.startswith("conflict")
            out.append(Finding("documents/commitment-kind", "warning" if conflict else "info",
                               f"commitments:{a['doc']}:{a['id']}:{b['doc']}:{b['id']}",
                               f"{a['doc']} (line {a['line']}) commits to {a['minutes']} min ({a['kind']}, "
                               f"{a['subject']}, {op_a}): '{a['statement'][:120]}'; {b['doc']} (line {b['line']}) to "
                               f"{b['minutes']} min ({b['kind']}, {b['subject']}, {op_b}): '{b['statement'][:120]}' "
                               f"— {reason}.", (a["doc"], b["doc"]), a["entry"], f"{a['minutes']} min",
                               f"{b['minutes']} min", cause="upstream", **_at("commitments", a, "id", column="minutes")))
    return out
