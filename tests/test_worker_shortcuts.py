"""The parse workers' faster forms of plain rules give what the plain rules give (issue 16: worker CPU per pair)."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from extract.tables.base import of

values = st.sampled_from(["en", "nl", "page-0", "page-1", "", None, 0, 1, True])
columns = st.sampled_from(["lang", "doc", "kind", "ordinal"])
rows = st.lists(st.dictionaries(columns, values, max_size=4), max_size=12)


@settings(max_examples=300, deadline=None)
@given(rows, st.dictionaries(columns, values, max_size=3))
def test_of_filters_as_every_column_tested_per_row(table, match):
    expected = [r for r in table if all(r.get(k) == v for k, v in match.items())]
    assert of({"t": table}, "t", **match) == expected
    assert of({}, "t", **match) == []
