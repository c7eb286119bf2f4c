"""Weekdays and time-zone offsets: the shortcut for texts without their words changes no reading."""
from hypothesis import given, settings, strategies as st

from extract import normalize
from extract.normalize import matchers, parse_days, parse_offset

pieces = st.lists(st.sampled_from(["Monday", "FRIDAY", "fr", "ıday", "ſunday", "İ", "through", " - ", "–", "to",
                                  "weekdays", "Maandag", "vrijdag", "t/m", "werkdagen", "doordeweekse", "GMT",
                                  "utc", "+", "8", ":30", " ", "a", "é"]), max_size=8).map("".join)


def days_without_shortcut(text: str, lang: str) -> str | None:
    words = matchers(lang)
    m = words.day_range.search(text)
    if m:
        return f"{words.weekdays[normalize.fold(m.group(1))]}-{words.weekdays[normalize.fold(m.group(2))]}"
    return "mon-fri" if words.workdays.search(text) else None


@settings(max_examples=600, deadline=None)
@given(pieces)
def test_days_and_offsets_read_as_by_the_patterns_alone(text):
    for lang in ("en", "nl"):
        assert parse_days(text, lang) == days_without_shortcut(text, lang)
    m = normalize._OFFSET.search(text)
    assert (parse_offset(text) is None) == (m is None)


def test_may_contain():
    assert not normalize.may_contain("Open on weekends", ("monday", "weekdays"))
    assert normalize.may_contain("Open WEEKDAYS", ("monday", "weekdays"))
    assert normalize.may_contain("Open on ſunday", ("sunday",))   # not ASCII: left to the pattern
    assert normalize.may_contain("anything", None)                # a regular expression among the words
