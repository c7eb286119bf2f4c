"""Typed, locale-aware readings of the values the documents state.

Generic checkers compare digits; these compare meaning. "8 AM to 6 PM",
"08:00 - 18:00 uur" and "8 uur tot 18 uur" are the same range, while
"8 uur tot 6 uur" is not, although its digits match the English.
Each function returns None when the text holds no such value: callers record
that rather than guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .glossary import fold, load_glossary
from .language import Language, first_chars, load_language

# Signs that mean the same in every language; the words around them are each language's (words.yaml).
BOUND_SIGNS = ("<=", "<", "≤")
DASHES = ("-", "–", "—")
# A duration starts at a sign or a word character: checked first, a position in a long run of spaces or
# punctuation is passed over at once instead of trying every number word of the language there. Where the
# language's bound and number words all start with a plain letter, only those letters and digits start one.
SIGN_STARTS = re.escape("".join(sorted({s[0] for s in BOUND_SIGNS})))
DURATION_START = "(?=[" + SIGN_STARTS + r"\w])"
WORD_START = r"(?=\w)"
# Readings of the same text are asked for by several tables and checks (a sentence's durations by the
# commitments, its table row and the translation check): each language remembers its latest ones, within
# the process only.
TEXT_MEMO = 4096


def _any(words, boundary: bool = True) -> str:
    """One alternation of words, longest first; an entry is a regular expression, matched on whole words when
    `boundary` is set."""
    words = sorted(dict.fromkeys(words), key=len, reverse=True)
    return "(?:" + "|".join(rf"(?<!\w){w}(?!\w)" if boundary else w for w in words) + ")" if words else "(?!)"


def _literal(words) -> list[str]:
    return [re.escape(w) for w in words]


def _starts(*entry_lists, also: str = "") -> str | None:
    """A lookahead for the first characters of the entries (language.first_chars), with `also` (a character
    class body); None when some entry's first character is not a plain one, or nothing can start a match."""
    parts = [first_chars(entries) for entries in entry_lists]
    return None if None in parts or not (also or any(parts)) else "(?=[" + also + "".join(parts) + "])"


def _optional_dots(word: str) -> str:
    """'a.m.' also as 'am', 'a.m', 'am.'."""
    return re.escape(word).replace(r"\.", r"\.?")


def _plain(words) -> tuple[str, ...] | None:
    """Words as may_contain compares them (lower case); None when one is a regular expression."""
    words = tuple(words)
    return None if any(set(w) & set(".^$*+?{}[]\\|()") for w in words) else tuple(w.lower() for w in words)


def may_contain(text: str, words: tuple[str, ...] | None) -> bool:
    """False only where a case-insensitive pattern that needs one of these plain words cannot match the text:
    a text of ASCII characters that has none of them in lower case. Most texts are such, and a test of a few
    words is cheaper than trying the pattern at every position. Other texts are left to the pattern: ignoring
    case, it also equates a few letters lower() does not ('ſ' with 's', 'İ' with 'i')."""
    if words is None or not text.isascii():
        return True
    lowered = text.lower()
    return any(word in lowered for word in words)


@dataclass(frozen=True, eq=False)
class Matchers:
    """The patterns of one language, compiled once (matchers(lang) is cached). Compared by identity: the
    readings remembered for a language (TEXT_MEMO) are keyed by its Matchers, so they go with them."""
    numbers: dict[str, float]
    units: dict[str, int]
    duration: re.Pattern
    has_unit: re.Pattern            # a unit word, which every duration ends with: most texts have none
    time_range: re.Pattern
    hour_suffixes: frozenset[str]
    am: frozenset[str]
    pm: frozenset[str]
    weekdays: dict[str, str]
    day_range: re.Pattern
    workdays: re.Pattern
    day_words: tuple[str, ...] | None   # words day_range or workdays cannot match without (see may_contain)
    exclusions: tuple[tuple[str, re.Pattern], ...]
    around_the_clock: re.Pattern


def _build(lang: Language) -> Matchers:
    numbers = {fold(k): float(v) for k, v in {**lang.mapping("numbers"), **lang.mapping("fractions")}.items()}
    units = {fold(k): int(v) for k, v in lang.mapping("units").items()}
    clock = lang.mapping("clock")
    am, pm, suffixes = (tuple(clock.get(k) or ()) for k in ("am", "pm", "hour_suffix"))
    # A match starts at an operator or a number, never in a run of spaces (from which every start would scan to
    # its end).
    bounds, number_words, unit_words = lang.words("duration_bound"), _literal(numbers), _literal(units)
    duration = re.compile(
        (_starts(bounds, number_words, also=SIGN_STARTS + r"\d") or DURATION_START) + r"(?:(?P<op>" + "|".join(_literal(BOUND_SIGNS)) + "|" + _any(lang.words("duration_bound"), False) + r")\s*)?"
        r"(?P<n>\d+|" + _any(_literal(numbers), False) + r")[\s-]*"
        r"(?P<unit>" + _any(_literal(units), False) + r")\b"
        r"(?!\s*" + _any(lang.words("span_of_day"), False) + r"\b)",
        re.I)
    suffix = "|".join(sorted([_optional_dots(w) for w in am + pm] + [re.escape(w) + r"\b" for w in suffixes],
                             key=len, reverse=True)) or "(?!)"
    one = r"(?P<{p}h>\d{{1,2}})(?:[:.](?P<{p}m>\d{{2}}))?\s*(?P<{p}s>" + suffix.replace("{", "{{").replace("}", "}}") + ")?"
    between = "|".join(_literal(DASHES)) + "|" + _any(lang.words("time_range"), False)
    time_range = re.compile(one.format(p="a") + r"\s*(?:" + between + r")\s*" + one.format(p="b"), re.I)
    weekdays = {fold(name): day for day, names in lang.mapping("weekdays").items() for name in names}
    workdays = lang.words("workdays")
    day = "(" + _any(_literal(weekdays), False) + ")"
    day_range = re.compile(r"\b" + (_starts(_literal(weekdays)) or "") + rf"{day}\s*(?:" + "|".join(_literal(DASHES)) + "|" +
                           _any(lang.words("weekday_range"), False) + rf")\s*{day}\b", re.I)
    return Matchers(
        numbers=numbers, units=units, duration=duration,
        has_unit=re.compile((_starts(unit_words) or "") + _any(unit_words, False) + r"\b", re.I),
        time_range=time_range,
        hour_suffixes=frozenset(fold(s) for s in suffixes),
        am=frozenset(fold(w).replace(".", "") for w in am), pm=frozenset(fold(w).replace(".", "") for w in pm),
        weekdays=weekdays, day_range=day_range, workdays=re.compile(
            (_starts(workdays) or WORD_START) + _any(workdays), re.I),
        day_words=_plain((*weekdays, *workdays)),
        exclusions=tuple((name, re.compile(_any(stems, False), re.I))
                         for name, stems in lang.mapping("exclusions").items()),
        around_the_clock=re.compile(WORD_START + _any(lang.words("around_the_clock"), False), re.I))


@lru_cache(maxsize=None)
def matchers(lang: str) -> Matchers:
    return _build(load_language(lang))


@dataclass(frozen=True)
class Duration:
    minutes: int
    text: str


def parse_durations(text: str, lang: str) -> list[Duration]:
    """Every duration stated in text, in minutes: '< 1 hour' -> 60, '< 30 minuten' -> 30."""
    return list(_durations(text, matchers(lang)))


@lru_cache(maxsize=TEXT_MEMO)
def _durations(text: str, words: Matchers) -> tuple[Duration, ...]:
    if not words.has_unit.search(text):
        return ()
    out = []
    for m in words.duration.finditer(text):
        n = fold(m.group("n"))
        value = int(n) if n.isdigit() else words.numbers[re.sub(r"\s+", " ", n)]
        out.append(Duration(minutes=int(value * words.units[fold(m.group("unit"))]), text=m.group(0).strip()))
    return tuple(out)



@dataclass(frozen=True)
class TimeRange:
    start: str  # HH:MM, 24-hour, as the text states it
    end: str
    text: str


def _clock(hour: str, minute: str | None, suffix: str | None, words: Matchers) -> str | None:
    h, m = int(hour), int(minute or 0)
    s = fold(suffix or "").replace(".", "")
    if s in words.am or s in words.pm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if s in words.pm else 0)
    if not (0 <= h <= 24 and 0 <= m < 60):
        return None
    return f"{h:02d}:{m:02d}"


def parse_time_range(text: str, lang: str) -> TimeRange | None:
    """The first time-of-day range in text, e.g. '7 AM - 9 PM' or '07:00 - 21:00 uur'.

    A suffix written only after the end ('07:00 - 21:00 uur', '9 - 5 PM') applies
    to both ends only when it is a 24-hour marker such as 'uur' (the language's clock.hour_suffix).
    """
    words = matchers(lang)
    for m in words.time_range.finditer(text):
        a_s, b_s = m.group("as"), m.group("bs")
        if not a_s and not b_s and not (m.group("am") or m.group("bm")):
            continue  # bare "5 - 6" is a count, not a time range
        if not a_s and b_s and fold(b_s) in words.hour_suffixes:
            a_s = b_s
        start = _clock(m.group("ah"), m.group("am"), a_s, words)
        end = _clock(m.group("bh"), m.group("bm"), b_s, words)
        if start and end:
            return TimeRange(start=start, end=end, text=m.group(0).strip())
    return None


_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?", re.I)
_OFFSET_WORDS = ("gmt", "utc")   # one of which every _OFFSET match has (may_contain)


def _offset(text: str) -> re.Match | None:
    return _OFFSET.search(text) if may_contain(text, _OFFSET_WORDS) else None


@dataclass(frozen=True)
class Zone:
    label: str  # as written
    iana: str   # IANA zone, "UTC+08:00" for a fixed offset, "" for the customer's local time
    local: bool


@lru_cache(maxsize=1)
def _zone_labels() -> list[tuple[str, str, str]]:
    """(label, folded label, zone) of the glossary's time zones, in glossary order."""
    return [(label, fold(label), term.slug) for term in load_glossary().category("timezones")
            for labels in term.labels.values() for label in labels]


def parse_offset(text: str) -> int | None:
    """An offset written as 'UTC +1' or 'GMT+8', in minutes east of UTC; None when there is none."""
    m = _offset(text)
    if not m:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    return -minutes if m.group(1) in "-−" else minutes


def parse_timezone(text: str) -> Zone | None:
    """A time zone named in text: 'GMT+8', 'CET (UTC +1)', 'Pacific time', 'lokale tijd'."""
    folded = fold(text)
    for label, folded_label, zone in _zone_labels():
        if folded_label in folded:
            return Zone(label=label, iana=zone, local=zone == "")
    m = _offset(text)
    if m:
        sign = "-" if m.group(1) in "-−" else "+"
        return Zone(label=m.group(0), iana=f"UTC{sign}{int(m.group(2)):02d}:{m.group(3) or '00'}", local=False)
    return None


def parse_days(text: str, lang: str) -> str | None:
    """Days of service as a canonical range: 'Monday through Friday', 'weekdays', 'Maandag t/m vrijdag' -> 'mon-fri'."""
    words = matchers(lang)
    if not may_contain(text, words.day_words):
        return None
    m = words.day_range.search(text)
    if m:
        return f"{words.weekdays[fold(m.group(1))]}-{words.weekdays[fold(m.group(2))]}"
    if words.workdays.search(text):
        return "mon-fri"
    return None


def parse_exclusions(text: str, lang: str) -> str | None:
    """What is excluded, canonical and sorted: 'Weekends and holidays' -> 'holidays weekends'."""
    found = {name for name, pattern in matchers(lang).exclusions if pattern.search(text)}
    return " ".join(sorted(found)) or None


def around_the_clock(text: str, lang: str) -> bool:
    """'around the clock', 'all day, every day', '24/7' and the like (the language's around_the_clock)."""
    return bool(matchers(lang).around_the_clock.search(text))


_PHONE = re.compile(r"\+\d[\d\s().-]{6,}\d")


def parse_phones(text: str) -> list[str]:
    """Phone numbers, normalised to '+' and digits: '+86 400-886-6134' -> '+864008866134'."""
    return ["+" + re.sub(r"\D", "", m.group(0)) for m in _PHONE.finditer(text)]
