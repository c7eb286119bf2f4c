"""A glossary match inside a longer match of another category is found by the sweep as by comparing pairs."""
from hypothesis import given, settings, strategies as st

from extract.tables.glossary_table import _nested

span = st.one_of(st.just((-1, -1)), st.tuples(st.integers(0, 6), st.integers(1, 5)).map(lambda p: (p[0], p[0] + p[1])))
spans = st.lists(st.tuples(span, st.sampled_from("abc")).map(lambda p: (*p[0], p[1], "slug", "label")), max_size=9)


def pairwise(found) -> set[int]:
    """The definition: inside a longer span of another category (spans not in the text, start -1, take no part)."""
    return {i for i, (start, end, category, _, _) in enumerate(found)
            if start >= 0 and any(s <= start and end <= e and e - s > end - start and c != category
                                  for s, e, c, _, _ in found if s >= 0)}


@settings(max_examples=400, deadline=None)
@given(spans)
def test_the_sweep_finds_what_comparing_every_pair_finds(found):
    assert _nested(found) == pairwise(found)


def test_a_name_inside_a_longer_name_of_another_category():
    found = [(0, 15, "plans", "premier", "Premier Support"), (0, 28, "terms", "psfp", "Premier Support for Partners"),
             (8, 15, "terms", "support", "Support"), (30, 37, "plans", "unified", "Unified")]
    assert _nested(found) == {0, 2}
