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

_UNITS = {
    "minute": 1, "minutes": 1, "min": 1, "mins": 1, "minuten": 1, "minuut": 1,
    "hour": 60, "hours": 60, "hr": 60, "hrs": 60, "uur": 60, "uren": 60,
    "day": 1440, "days": 1440, "dag": 1440, "dagen": 1440,
}
_NUMBER_WORDS = {"one": 1, "two": 2, "four": 4, "eight": 8, "een": 1, "één": 1, "twee": 2, "vier": 4, "acht": 8}
# A match starts at an operator or a number, never in a run of spaces (from which every start would scan to its end).
_DURATION = re.compile(
    r"(?:(?P<op><|≤|<=|within|less than|binnen|minder dan)\s*)?"
    r"(?P<n>\d+|" + "|".join(_NUMBER_WORDS) + r")[\s-]*"
    r"(?P<unit>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")\b"
    r"(?!\s*(?:per|a)\s+(?:dag|day))",  # "24 hours a day" is a span of service, not a duration
    re.I)


@dataclass(frozen=True)
class Duration:
    minutes: int
    text: str


def parse_durations(text: str) -> list[Duration]:
    """Every duration stated in text, in minutes: '< 1 hour' -> 60, '< 30 minuten' -> 30."""
    out = []
    for m in _DURATION.finditer(text):
        n = m.group("n").lower()
        value = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        out.append(Duration(minutes=value * _UNITS[m.group("unit").lower()], text=m.group(0).strip()))
    return out


_CLOCK = r"(?P<{p}h>\d{{1,2}})(?:[:.](?P<{p}m>\d{{2}}))?\s*(?P<{p}s>a\.?m\.?|p\.?m\.?|uur|u\b)?"
_RANGE = re.compile(
    _CLOCK.format(p="a") + r"\s*(?:-|–|—|to|tot|until|till|t/m)\s*" + _CLOCK.format(p="b"), re.I)


@dataclass(frozen=True)
class TimeRange:
    start: str  # HH:MM, 24-hour, as the text states it
    end: str
    text: str


def _clock(hour: str, minute: str | None, suffix: str | None) -> str | None:
    h, m = int(hour), int(minute or 0)
    s = (suffix or "").lower().replace(".", "")
    if s in ("am", "pm"):
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if s == "pm" else 0)
    if not (0 <= h <= 24 and 0 <= m < 60):
        return None
    return f"{h:02d}:{m:02d}"


def parse_time_range(text: str) -> TimeRange | None:
    """The first time-of-day range in text, e.g. '7 AM - 9 PM' or '07:00 - 21:00 uur'.

    A suffix written only after the end ('07:00 - 21:00 uur', '9 - 5 PM') applies
    to both ends only when it is the 24-hour 'uur'; an AM/PM suffix after the end
    with none on the start is taken for the start too only if that keeps start < end.
    """
    for m in _RANGE.finditer(text):
        a_s, b_s = m.group("as"), m.group("bs")
        if not a_s and not b_s and not (m.group("am") or m.group("bm")):
            continue  # bare "5 - 6" is a count, not a time range
        if not a_s and b_s and b_s.lower() in ("uur", "u"):
            a_s = b_s
        start = _clock(m.group("ah"), m.group("am"), a_s)
        end = _clock(m.group("bh"), m.group("bm"), b_s)
        if start and end:
            return TimeRange(start=start, end=end, text=m.group(0).strip())
    return None


_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-−])\s*(\d{1,2})(?::?(\d{2}))?", re.I)


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
    m = _OFFSET.search(text)
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
    m = _OFFSET.search(text)
    if m:
        sign = "-" if m.group(1) in "-−" else "+"
        return Zone(label=m.group(0), iana=f"UTC{sign}{int(m.group(2)):02d}:{m.group(3) or '00'}", local=False)
    return None


_WEEKDAYS = {
    "mon": ["monday", "maandag"], "tue": ["tuesday", "dinsdag"], "wed": ["wednesday", "woensdag"],
    "thu": ["thursday", "donderdag"], "fri": ["friday", "vrijdag"], "sat": ["saturday", "zaterdag"],
    "sun": ["sunday", "zondag"],
}
_DAY_RANGE = re.compile(r"(\w+day|\w+dag)\s*(?:through|to|until|-|–|t/m|tot en met|tot)\s*(\w+day|\w+dag)", re.I)


def _weekday(word: str) -> str | None:
    w = word.lower()
    return next((k for k, names in _WEEKDAYS.items() if w in names), None)


def parse_days(text: str) -> str | None:
    """Days of service as a canonical range: 'Monday through Friday', 'weekdays', 'Maandag t/m vrijdag' -> 'mon-fri'."""
    m = _DAY_RANGE.search(text)
    if m:
        a, b = _weekday(m.group(1)), _weekday(m.group(2))
        if a and b:
            return f"{a}-{b}"
    if re.search(r"\bweekdays\b|\bwerkdagen\b|\bdoordeweeks", text, re.I):
        return "mon-fri"
    return None


def parse_exclusions(text: str) -> str | None:
    """What is excluded, canonical and sorted: 'Weekends and holidays' -> 'holidays weekends'."""
    found = set()
    if re.search(r"weekend", text, re.I):
        found.add("weekends")
    if re.search(r"holiday|feestdag", text, re.I):
        found.add("holidays")
    return " ".join(sorted(found)) or None


# "work continuously, all day, until the problem is resolved" (21Vianet) is the around-the-clock promise too.
_ATC = re.compile(r"around the clock|all day,? every day|24/7|24x7|continuously,? all day|dag en nacht|"
                  r"de hele dag,? elke dag|24 uur per dag|onafgebroken", re.I)


def around_the_clock(text: str) -> bool:
    return bool(_ATC.search(text))


_PHONE = re.compile(r"\+\d[\d\s().-]{6,}\d")


def parse_phones(text: str) -> list[str]:
    """Phone numbers, normalised to '+' and digits: '+86 400-886-6134' -> '+864008866134'."""
    return ["+" + re.sub(r"\D", "", m.group(0)) for m in _PHONE.finditer(text)]
