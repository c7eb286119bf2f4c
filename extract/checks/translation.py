"""Checks of a translation against the English page it translates, on the tables only.

structure  every entry and section paired; questions or answers in one language only
content    paragraphs, bullets, notes, footnotes present in one language only
values     numbers, URLs, e-mail addresses (translate-toolkit), and typed times, durations, weekdays,
           time zones and phone numbers, per paired block; a sentence added or dropped in a block
cells      every cell of the fact tables compared on its canonical value
notes      what the extractor recorded as uncertain, conflicting or unrecovered
terminology  a term rendered several ways, a name that should stay untranslated, a rendering to avoid
artefacts  words the scrape left behind: doubled words, stray names outside a sentence
meaning    a qualifier, restriction or subject, or a product name, in one language's sentence only

Each finding gets `explained_by`: a test of whether an English revision's
tables say what the translation says (see skew.py).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from translate.filters.checks import FilterFailure, StandardChecker

from ..glossary import fold, load_glossary
from ..sentences import split_sentences
from ..wordlists import load_wordlists
from ..normalize import parse_days, parse_durations, parse_phones, parse_time_range, parse_timezone
from .common import Tables, by_key, group, of, original_lang, original_langs, show, source_lang
from .finding import Finding

_CHECKER = StandardChecker()
KIND_NAMES = {"item": "list items", "note": "notes", "footnote": "footnotes", "paragraph": "paragraphs",
              "table": "tables"}


def _count(n: int, kind: str) -> str:
    """'1 footnote', '2 footnotes' (the maintainers' English message; the site tells it through the catalog)."""
    return f"{n} {KIND_NAMES[kind][:-1] if n == 1 else KIND_NAMES[kind]}"

# Fact tables compared cell by cell: key columns, compared columns, what a reader would act on.
CELL_TABLES = {
    "response_times": (("severity", "plan"), ("max_minutes", "around_the_clock")),
    "business_hours": (("region",), ("start", "end", "tz", "days", "exclusions")),
    "support_languages": (("language", "region"), ("hours",)),
    "request_portals": (("product", "plan"), ("portal",)),
    "contact_portals": (("product", "portal"), ()),
    "licensing_support": (("channel",), ("portal",)),
}


def _block_key(row: dict) -> dict:
    """A blocks row's key without doc and lang."""
    return {"entry": row["entry"], "kind": row["kind"], "ordinal": row["ordinal"]}


def translated_docs(tables: Tables) -> list[tuple[str, str]]:
    """(doc, lang) of every translated document."""
    langs = original_langs(tables)
    return sorted({(r["doc"], r["lang"]) for r in tables.get("faq", []) if r["lang"] != langs.get(r["doc"])})


def structure(tables: Tables, doc: str, lang: str) -> list[Finding]:
    out = []
    en = by_key(of(tables, "faq", doc=doc, lang=original_lang(tables, doc)), ("id",))
    tr = by_key(of(tables, "faq", doc=doc, lang=lang), ("id",))
    for (entry_id,), row in en.items():
        if (entry_id,) not in tr and row["kind"] != "intro":
            out.append(Finding("structure/missing-entry", "warning", f"faq:{doc}:{entry_id}",
                               f"'{row['question']}' has no counterpart in the {lang} page.", (doc,), entry_id,
                               row["question"], "", table="faq", key={"id": entry_id},
                               explained_by=lambda rev, i=entry_id: not of(rev, "faq", id=i)))
        elif (entry_id,) in tr and row["answer"] and not tr[(entry_id,)]["answer"]:
            out.append(Finding("structure/empty-answer", "warning", f"faq:{doc}:{entry_id}",
                               f"'{tr[(entry_id,)]['question']}' has no answer in the {lang} page.", (doc,),
                               entry_id, row["answer"][:200], "", table="faq", key={"id": entry_id}, column="answer",
                               explained_by=lambda rev, i=entry_id: any(not r["answer"] for r in of(rev, "faq", id=i))))
    for (entry_id,), row in tr.items():
        english = en.get((entry_id,))
        if row["matched"] and english and english["question"] and not row["question"]:
            out.append(Finding("structure/missing-heading", "warning", f"faq:{doc}:{lang}:{entry_id}:heading",
                               f"The {lang} page answers '{english['question']}' (English line {english['line']}) "
                               f"at line {row['line']} without its heading.", (doc,), entry_id,
                               english["question"], "", table="faq", key={"id": entry_id}, column="question",
                               explained_by=lambda rev, i=entry_id: any(
                                   not r["question"] for r in of(rev, "faq", id=i))))
        if not row["matched"]:
            out.append(Finding("structure/extra-entry", "warning", f"faq:{doc}:{lang}:{entry_id}",
                               f"The {lang} page has content with no English counterpart: "
                               f"'{(row['answer'] if row['kind'] == 'intro' else row['question'])[:90]}'.",
                               (doc,), entry_id, "",
                               (row["answer"] or row["question"])[:200], table="faq", key={"id": entry_id}))
    en_sections = {r["section_id"]: r["section"] for r in en.values() if r["section_id"]}
    tr_sections = {r["section_id"] for r in tr.values() if r["section_id"]}
    for sid, title in en_sections.items():
        if sid not in tr_sections:
            out.append(Finding("structure/missing-section", "warning", f"section:{doc}:{sid}",
                               f"Section '{title}' has no counterpart in the {lang} page.", (doc,), "", title, "",
                               table="faq", key={"section_id": sid}, column="section"))
    return out


def content(tables: Tables, doc: str, lang: str) -> list[Finding]:
    out = []
    tr_faq = by_key(of(tables, "faq", doc=doc, lang=lang), ("id",))
    en_blocks = group(of(tables, "blocks", doc=doc, lang=original_lang(tables, doc)), "entry", "kind")
    tr_blocks = group(of(tables, "blocks", doc=doc, lang=lang), "entry", "kind")
    for (entry_id, kind) in sorted(set(en_blocks) | set(tr_blocks)):
        row = tr_faq.get((entry_id,))
        if not row or not row["matched"] or not row["answer"]:
            continue  # reported by structure
        a, b = en_blocks.get((entry_id, kind), []), tr_blocks.get((entry_id, kind), [])
        if len(a) == len(b):
            continue
        extra = b[len(a):] if len(b) > len(a) else a[len(b):]
        where = lang if len(b) > len(a) else "English"
        sample = extra[0]["text"][:120]
        out.append(Finding(f"content/{kind}", "warning", f"blocks:{doc}:{entry_id}:{kind}",
                           f"{_count(len(a), kind)} in English, {len(b)} in {lang}; "
                           f"only in {where}: '{sample}'.", (doc,), entry_id, str(len(a)), str(len(b)),
                           table="blocks", key={"entry": entry_id, "kind": kind},
                           explained_by=lambda rev, e=entry_id, k=kind, n=len(b): len(of(rev, "blocks", entry=e, kind=k)) == n))
    return out


# How far (in average English sentences) a block's length may stray from the page's usual
# translated/English ratio before a changed sentence count means a sentence was added or dropped.
SENTENCE_SHARE = 0.8


def _typed(text: str, lang: str) -> dict[str, list]:
    """Typed values of a text in `lang`, and its other numbers once times and durations are taken out."""
    rest = text
    spans = []
    while (span := parse_time_range(rest, lang)) is not None:
        spans.append((span.start, span.end))
        rest = rest.replace(span.text, " ", 1)
    found = parse_durations(rest, lang)
    for d in found:
        rest = rest.replace(d.text, " ", 1)
    zone, days = parse_timezone(text), parse_days(text, lang)
    return {"time ranges": sorted(spans), "durations": sorted(d.minutes for d in found),
            "phone numbers": sorted(parse_phones(text)), "weekdays": [days] if days else [],
            "time zones": [zone.iana] if zone else [], "rest": rest}


def _pairs(tables: Tables, doc: str, lang: str):
    """Paired English and translated prose blocks, in entries whose block counts agree (else: see content)."""
    en_blocks = group(of(tables, "blocks", doc=doc, lang=original_lang(tables, doc)), "entry", "kind")
    tr_blocks = group(of(tables, "blocks", doc=doc, lang=lang), "entry", "kind")
    for key, en_rows in sorted(en_blocks.items()):
        tr_rows = tr_blocks.get(key, [])
        if key[1] != "table" and len(en_rows) == len(tr_rows):
            yield from zip(en_rows, tr_rows)


def sentence_changes(tables: Tables, doc: str, lang: str) -> list[Finding]:
    """A sentence in one language only: sentence counts differ and the block's length strays from the
    page's usual translated/English length ratio by most of an average sentence."""
    pairs = [(a, b) for a, b in _pairs(tables, doc, lang) if a["text"]]
    if not pairs:
        return []
    usual = sorted(len(b["text"]) / len(a["text"]) for a, b in pairs)[len(pairs) // 2]
    out = []
    for a, b in pairs:
        drift = (len(b["text"]) / len(a["text"]) - usual) * a["sentences"]   # in average English sentences
        if (drift >= SENTENCE_SHARE and b["sentences"] > a["sentences"]) or \
                (drift <= -SENTENCE_SHARE and b["sentences"] < a["sentences"]):
            where = lang if drift > 0 else "English"
            out.append(Finding("content/sentence", "warning", f"blocks:{doc}:{a['entry']}:{a['kind']}:{a['ordinal']}",
                               f"{KIND_NAMES[a['kind']][:-1].capitalize()} {a['ordinal']} has {a['sentences']} "
                               f"sentences in English and {b['sentences']} in {lang}: a sentence appears only in "
                               f"{where}.", (doc,), a["entry"], a["text"][:200], b["text"][:200],
                               table="blocks", key=_block_key(a), column="text"))
    return out


# translate-toolkit's generic checks, each with what a text pair must have for it to find something to compare:
# digits in the English text (the numbers compared are the English's, decoration.getnumbers), a URL's start
# ('http', 'www.', 'ftp:', decoration.geturls), an e-mail address's '@' (decoration.getemails). Without it the
# check passes whatever it is run on, so it is not run: its scan of every block pair (the e-mail pattern
# backtracks at every word) found nothing in most of them.
_URL_STARTS = ("http", "www.", "ftp:")
GENERIC_CHECKS = (
    ("numbers", _CHECKER.numbers, lambda en, tr: any(map(str.isdigit, en))),
    ("urls", _CHECKER.urls, lambda en, tr: any(start in text for text in (en, tr) for start in _URL_STARTS)),
    ("emails", _CHECKER.emails, lambda en, tr: "@" in en or "@" in tr),
)


def values(tables: Tables, doc: str, lang: str) -> list[Finding]:
    out = []
    for a, b in _pairs(tables, doc, lang):
        ta, tb = _typed(a["text"], original_lang(tables, doc)), _typed(b["text"], lang)
        where = f"{KIND_NAMES[a['kind']][:-1]} {a['ordinal']}"
        location = f"blocks:{doc}:{a['entry']}:{a['kind']}:{a['ordinal']}"
        for name in ("time ranges", "durations", "phone numbers", "weekdays", "time zones"):
            if ta[name] != tb[name]:
                out.append(Finding(f"values/{name.replace(' ', '-')}", "error", location,
                                   f"{name.capitalize()} differ in {where}: English {ta[name]}, {lang} {tb[name]}.",
                                   (doc,), a["entry"], a["text"][:200], b["text"][:200],
                                   table="blocks", key=_block_key(a), column="text"))
        for name, check, comparable in GENERIC_CHECKS:
            if not comparable(ta["rest"], tb["rest"]):
                continue
            try:
                check(ta["rest"], tb["rest"])
            except FilterFailure as exc:
                out.append(Finding(f"values/{name}", "warning", location,
                                   f"{exc} in {where}: English '{a['text'][:80]}…', {lang} '{b['text'][:80]}…'.",
                                   (doc,), a["entry"], a["text"][:200], b["text"][:200],
                                   table="blocks", key=_block_key(a), column="text"))
    return out


def cells(tables: Tables, doc: str, lang: str) -> list[Finding]:
    out = []
    for table, (key, compared) in CELL_TABLES.items():
        en = by_key(of(tables, table, doc=doc, lang=original_lang(tables, doc)), key)
        tr = by_key(of(tables, table, doc=doc, lang=lang), key)
        for k in sorted(set(en) | set(tr), key=str):
            a, b = en.get(k), tr.get(k)
            label = "/".join(map(str, k))
            location = f"{table}:{doc}:{label}"
            entry = (a or b)["entry"]
            if a is None or b is None:
                present = "English" if a else lang
                out.append(Finding(f"cells/{table}", "error" if a else "warning", location,
                                   f"{table.replace('_', ' ')} {label} is stated only in {present}.", (doc,), entry,
                                   show(a and a.get(compared[0]) if compared else a is not None),
                                   show(b and b.get(compared[0]) if compared else b is not None),
                                   table=table, key=dict(zip(key, k)),
                                   explained_by=lambda rev, t=table, kk=k, ky=key, present=b is not None:
                                       (kk in by_key(of(rev, t), ky)) == present))
                continue
            for column in compared:
                if a[column] != b[column]:
                    out.append(Finding(f"cells/{table}", "error", f"{location}:{column}",
                                       f"{table.replace('_', ' ')} {label}: {column} is {show(a[column])} in English "
                                       f"but {show(b[column])} in {lang} ('{b.get('statement') or b.get('hours_label') or b.get('portal_label') or b.get('availability') or ''}').",
                                       (doc,), entry, show(a[column]), show(b[column]),
                                       table=table, key=dict(zip(key, k)), column=column,
                                       explained_by=lambda rev, t=table, kk=k, ky=key, c=column, v=b[column]:
                                           by_key(of(rev, t), ky).get(kk, {}).get(c, object()) == v))
    return out


def notes(tables: Tables, doc: str, lang: str) -> list[Finding]:
    out = []
    for note in of(tables, "extraction_notes", doc=doc, lang=lang):
        if note["kind"] in ("unmatched", "empty-answer", "conflict"):
            continue  # structure and cells report these from the faq and fact tables
        severity = {"conflict": "error", "unrecognised": "warning"}.get(note["kind"], "info")
        if note["kind"] == "table-recovery" and "not recovered" in note["message"]:
            severity = "warning"
        out.append(Finding(f"extraction/{note['kind']}", severity, f"note:{doc}:{lang}:{note['id']}",
                           f"{note['message']} (line {note['line']}).", (doc,), note["entry"], "", "",
                           table="extraction_notes", key={"id": note["id"]}))
    return out


def _distinct(renderings: list[str]) -> set[str]:
    """Distinct renderings, a short form dropped where a longer one contains it ('Abonnement (inbegrepen)')."""
    folded = {fold(r) for r in renderings if r}
    return {f for f in folded if not any(f != g and f in g for g in folded)}


def terminology(tables: Tables, lang: str) -> list[Finding]:
    out = []
    gloss = load_glossary()
    original = source_lang(tables)
    english_seen = {(r["category"], r["term"]): r["renderings"].split(";") for r in of(tables, "glossary", lang=original)}
    for row in of(tables, "glossary", lang=lang):
        term = gloss.term(row["category"], row["term"])
        if term is None or not row["renderings"] or row["category"] == "columns":
            continue
        seen = row["renderings"].split(";")
        where = dict(zip(seen, (row.get("rendering_entries") or "").split(";")))
        english = {fold(x) for x in term.labels.get(original, ())}
        location = f"glossary:{lang}:{row['category']}:{row['term']}"
        place = {"table": "glossary", "key": {"category": row["category"], "term": row["term"]}, "column": "renderings"}
        entry = row["entries"].split(";")[0]
        avoid = [s for s in seen if s in term.avoid.get(lang, ())]
        kept = [s for s in seen if s not in avoid]
        translated = [s for s in kept if fold(s) not in english]
        preferred = fold(term.label(lang))
        if avoid:   # linked to where the rendering to avoid is used
            out.append(Finding("terminology/avoid", "warning", location,
                               f"'{row['english']}' is rendered as '{avoid[0]}' (in '{where.get(avoid[0], entry)}'), "
                               f"a rendering to avoid.", entry=where.get(avoid[0]) or entry,
                               value_a=row["english"], value_b=";".join(avoid), **place))
        if term.keep and translated and len(translated) < len(kept):
            out.append(Finding("terminology/untranslated-name", "warning", location,
                               f"The name '{row['english']}' is kept in English in some places but translated "
                               f"elsewhere ({', '.join(kept)}; translated in '{where.get(translated[0], entry)}').",
                               entry=where.get(translated[0]) or entry, value_a=row["english"],
                               value_b=";".join(kept), **place))
        elif term.keep and kept and len(translated) == len(kept):
            out.append(Finding("terminology/translated-name", "info", location,
                               f"The name '{row['english']}' is translated as {', '.join(kept)}; names usually stay "
                               f"in English.", entry=where.get(kept[0]) or entry, value_a=row["english"],
                               value_b=";".join(kept), **place))
        elif len(_distinct(kept)) > max(1, len(_distinct(english_seen.get((row["category"], row["term"]), [])))):
            suffixes = load_wordlists().words(lang, "inflections")
            same = lambda x: any(fold(x) + e == preferred or fold(x) == preferred + e for e in ("", *suffixes))  # noqa: E731
            other = next((s for s in kept if not same(s)), kept[0])   # linked to a rendering other than the usual one
            out.append(Finding("terminology/variants", "warning", location,
                               f"'{row['english']}' is rendered in several ways: {', '.join(kept)} "
                               f"('{other}' in '{where.get(other, entry)}').",
                               entry=where.get(other) or entry, value_a=row["english"], value_b=";".join(kept), **place))
    return out


_STRAY_END = re.compile(r"[.!?]\s+((?:[A-Z][\w-]*\s*){1,3})$")
_STRAY_MID = re.compile(r"(?:^|[.!?:]\s+)([A-Z][\w-]+)\s+([A-Z][a-z]+)\b")
_WORD = re.compile(r"[\w-]+")


def _strays(text: str, english_words: Callable[[], set[str]], english_text: str) -> list[tuple[str, int]]:
    """(token, position) of names left outside a sentence: after the final stop, or before a sentence's first word.
    `english_words` gives the English entry's words, asked only for a text with a candidate (few have one)."""
    found = []
    m = _STRAY_END.search(text)
    if m and all(w.lower() in english_words() for w in m.group(1).split()):
        found.append((m.group(1).strip(), m.start(1)))
    for mid in _STRAY_MID.finditer(text):
        first, second = mid.group(1), mid.group(2)
        if first.lower() in english_words() and f"{first} {second}".lower() not in english_text \
                and not any(pos <= mid.start(1) < pos + len(tok) for tok, pos in found):
            found.append((first, mid.start(1)))
    return found


def artefacts(tables: Tables, doc: str, lang: str) -> list[Finding]:
    out = []
    english: dict[str, str] = {}
    for r in of(tables, "faq", doc=doc, lang=original_lang(tables, doc)):
        english[r["id"]] = fold(r["question"])
    for r in of(tables, "blocks", doc=doc, lang=original_lang(tables, doc)):
        english[r["entry"]] = english.get(r["entry"], "") + " " + fold(r["text"])
    texts = [(f"blocks:{doc}:{lang}:{r['entry']}:{r['kind']}:{r['ordinal']}", r["entry"], r["text"],
              {"table": "blocks", "key": _block_key(r), "column": "text"})
             for r in of(tables, "blocks", doc=doc, lang=lang)]
    texts += [(f"faq:{doc}:{lang}:{r['id']}:question", r["id"], r["question"],
               {"table": "faq", "key": {"id": r["id"]}, "column": "question"})
              for r in of(tables, "faq", doc=doc, lang=lang) if r["kind"] == "question"]
    english_words: dict[str, set[str]] = {}   # per entry: an entry's blocks all read the same English words

    def words_of(entry: str, english_text: str) -> Callable[[], set[str]]:
        def words() -> set[str]:
            if entry not in english_words:
                english_words[entry] = set(_WORD.findall(english_text))
            return english_words[entry]
        return words

    for location, entry, text, place in texts:
        english_text = english.get(entry, "")
        strays = _strays(text, words_of(entry, english_text), english_text)
        for token, pos in strays:
            out.append(Finding("artefacts/stray-words", "info", f"{location}:{token}",
                               f"'{token}' stands outside any sentence in the {lang} text, a leftover of the page: "
                               f"'…{text[max(0, pos - 50):pos + len(token) + 30]}…'.", (doc,), entry, "", token, **place))
        if strays:
            continue
        try:
            _CHECKER.doublewords(english_text, text)
        except FilterFailure as exc:
            out.append(Finding("artefacts/double-word", "info", location, f"{exc} in '{text[:80]}…'.",
                               (doc,), entry, "", text[:200], **place))
    return out


# A sentence pair is plausible when its translated/English length ratio lies in this band (Dutch runs about
# 10-30 % longer than English); outside it, the sentences are compared as whole blocks instead.
PLAUSIBLE_RATIO = (0.6, 2.0)


def _meaning_pairs(tables: Tables, doc: str, lang: str):
    """Paired blocks for the meaning check: by ordinal within an entry and kind, also when one language has
    more blocks of the kind (a later bullet added), as long as each pair's lengths are plausible."""
    en_blocks = group(of(tables, "blocks", doc=doc, lang=original_lang(tables, doc)), "entry", "kind")
    tr_blocks = group(of(tables, "blocks", doc=doc, lang=lang), "entry", "kind")
    for key, en_rows in sorted(en_blocks.items()):
        if key[1] == "table":
            continue
        for a, b in zip(en_rows, tr_blocks.get(key, [])):
            if a["text"] and b["text"] and PLAUSIBLE_RATIO[0] <= len(b["text"]) / len(a["text"]) <= PLAUSIBLE_RATIO[1]:
                yield a, b


def _sentence_pairs(a: dict, b: dict) -> list[tuple[int, str, str]]:
    """(n, English, translated) sentences of two paired blocks: one to one when both have as many and every
    pair is plausible (length, numbers), else the blocks whole (n = 0). Blocks with a sentence in one language
    only are left to the content check: their words would differ for that reason alone."""
    en, tr = split_sentences(a["text"]), split_sentences(b["text"])
    if len(en) != len(tr):
        return []
    pairs = list(zip(en, tr))
    if all(PLAUSIBLE_RATIO[0] <= len(t) / max(len(e), 1) <= PLAUSIBLE_RATIO[1] and
                                  re.findall(r"\d+", e) == re.findall(r"\d+", t) for e, t in pairs):
        return [(n, e, t) for n, (e, t) in enumerate(pairs, start=1)]
    return [(0, a["text"], b["text"])]


def _without_shared_names(en: str, tr: str, original: str) -> tuple[str, str]:
    """Both sentences without the glossary names they both write as is ('Technical Account Manager'): a word
    inside a name is part of the name, not a qualifier."""
    terms, plans = load_glossary().find_each(("terms", "plans"), en, original)
    for _, _, label in terms + plans:
        if label in en and label in tr:
            en, tr = en.replace(label, " "), tr.replace(label, " ")
    return en, tr


def meaning(tables: Tables, doc: str, lang: str) -> list[Finding]:
    """A translation that changes what a sentence promises without changing a number: a qualifier
    ('technical', 'best effort') or a restriction ('only', 'in English') present in one language only, by the
    concept word lists of extract/wordlists.yaml, on paired sentences; or a product name replaced or dropped."""
    words = load_wordlists()
    original = original_lang(tables, doc)
    # the concepts the language has words for (without, nothing to compare yet), and their lists' keys
    concepts = [concept for concept in words.concepts if concept.words.get(lang)]
    keys = tuple(f"concept:{concept.name}" for concept in concepts)
    brand = {fold(b): b for b in words.brands}
    out = []
    for a, b in _meaning_pairs(tables, doc, lang):
        for n, en_full, tr_full in _sentence_pairs(a, b):
            en, tr = _without_shared_names(en_full, tr_full, original)
            changed = [(concept, key, said_en, said_tr) for concept, key, said_en, said_tr in
                       zip(concepts, keys, words.find_each(original, keys, en), words.find_each(lang, keys, tr))
                       if bool(said_en) != bool(said_tr)]
            names_en = {brand.get(m, m) for _, m in words.find(original, "brands", en_full)}
            names_tr = {brand.get(m, m) for _, m in words.find(lang, "brands", tr_full)}
            gone, new = sorted(names_en - names_tr), sorted(names_tr - names_en)
            if not changed and not gone:
                continue   # most sentences: no finding to word
            place = f"{KIND_NAMES[a['kind']][:-1]} {a['ordinal']}" + (f", sentence {n}" if n else "")
            quoted = f"English (line {a['line']}) '{en_full[:160]}', {lang} (line {b['line']}) '{tr_full[:160]}'"
            location = f"blocks:{doc}:{a['entry']}:{a['kind']}:{a['ordinal']}:{n}"
            for concept, key, said_en, said_tr in changed:
                word = (said_en or said_tr)[0][1]
                change = (f"changed the subject ('{word}' in English only)" if concept.kind == "subject" else
                          f"{'dropped' if said_en else 'added'} the {concept.kind} '{word}'")
                out.append(Finding(
                    f"meaning/{concept.kind}", "warning", f"{location}:{concept.name}",
                    f"The {lang} translation {change} in {place}: {quoted}.", (doc,), a["entry"], en_full[:200],
                    tr_full[:200], table="blocks", key=_block_key(a), column="text",
                    explained_by=lambda rev, e=a["entry"], k=a["kind"], o=a["ordinal"], key=key, has=bool(said_tr):
                        any(bool(words.find(original, key, r["text"])) == has
                            for r in of(rev, "blocks", entry=e, kind=k, ordinal=o))))
            if gone:
                what = f"replaced {', '.join(gone)} with {', '.join(new)}" if new else f"dropped {', '.join(gone)}"
                out.append(Finding(
                    "meaning/product-name", "warning", f"{location}:names",
                    f"The {lang} translation {what} in {place}: {quoted}.", (doc,), a["entry"], ";".join(gone),
                    ";".join(new), table="blocks", key=_block_key(a), column="text",
                    explained_by=lambda rev, e=a["entry"], k=a["kind"], o=a["ordinal"], g=gone[0]:
                        any(fold(g) not in fold(r["text"]) for r in of(rev, "blocks", entry=e, kind=k, ordinal=o))))
    return out
