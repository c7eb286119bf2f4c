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


prose = st.lists(st.sampled_from(["**", "Premier", " ", ":", "Select", "Click", "button", "the", ".", "\n", "*",
                                  "Klik op", "knop", "tab", "a", "Unified Support", "  ", "\t"]), max_size=16).map("".join)


@settings(max_examples=400, deadline=None)
@given(prose)
def test_a_lead_is_read_only_where_the_pattern_can_match(text):
    from extract.tables import commitments

    m = commitments._LEAD.match(text)
    assert commitments._lead(text) == (m.group("lead") if m else "")


@settings(max_examples=400, deadline=None)
@given(prose)
def test_ui_labels_skipped_without_bold_as_found_by_scanning_every_sentence(text):
    from extract.sentences import split_sentences
    from extract.tables import blocks

    for lang in ("en", "nl"):
        action, widget = blocks._label_context(lang)
        expected = []
        for sentence in split_sentences(text.replace("\n", " ")):
            previous = ""
            for m in blocks._BOLD.finditer(sentence):
                before, after = sentence[:m.start()], sentence[m.end():]
                if (action and action.search(before)) or (widget and widget.match(after)):
                    expected.append((m.group(1).strip(), previous, blocks._BOLD.sub(r"\1", sentence)))
                    previous = m.group(1).strip()
        assert blocks.ui_labels_in(text, lang) == expected


def _concept_words(lang: str) -> list[str]:
    from extract.wordlists import load_wordlists

    words = load_wordlists()
    return sorted({w for c in words.concepts for w in c.words.get(lang, ()) if w.isascii() and "\\\\" not in w})


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_word_lists_read_together_as_each_list_alone(data):
    from extract.wordlists import load_wordlists

    words = load_wordlists()
    for lang in ("en", "nl"):
        pieces = st.sampled_from([*_concept_words(lang)[:60], " ", "tot 4", ".", "Premier", "x", "-", "uur"])
        text = data.draw(st.lists(pieces, max_size=10).map(" ".join))
        kinds = tuple(f"concept:{c.name}" for c in words.concepts if c.words.get(lang)) + ("brands",)
        assert words.find_each(lang, kinds, text) == [words.find(lang, kind, text) for kind in kinds]


clock_pieces = st.lists(st.sampled_from(["Initial Response Time", "initial response times", "initiële reactietijd",
                                         "initiële responstijden", "Initiële respons tijd", "business hours",
                                         "business-hours", "kantooruren", "kantoor", "Premier", "support", " ", "-",
                                         "initiële", "response", "uren", "s", "en"]), max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(clock_pieces)
def test_a_sentence_skipped_for_the_response_clock_names_not_both_terms(text):
    from extract.glossary import fold
    from extract.tables import plan_claims
    from extract.tables.base import Context
    from extract.wordlists import load_wordlists

    ctx = Context(documents=[], langs=())
    for lang in ("en", "nl"):
        flat = text.replace("-", " ")
        terms = {slug for _, slug, _ in ctx.glossary.find_forms("terms", flat, lang,
                                                                load_wordlists().words(lang, "inflections"))}
        if not plan_claims._may_name_all(ctx, fold(flat), lang, plan_claims.CLOCK_TERMS):
            assert not all(slug in terms for slug in plan_claims.CLOCK_TERMS)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sets(st.text("abcd", min_size=3, max_size=3), max_size=12), min_size=2, max_size=6))
def test_trigram_sets_as_bits_give_the_sets_jaccard(sets):
    from extract import align

    bits = align._as_bits(sets)
    for a, x in zip(sets, bits):
        for b, y in zip(sets, bits):
            expected = len(a & b) / len(a | b) if a and b else 0.0
            assert align._jaccard(x, y) == expected


yaml_lines = st.lists(st.tuples(st.sampled_from(["", " ", "  ", "   ", "\t"]),
                                st.sampled_from(["", "- ", "-", "title: ", "ms.date:", "a_b: ", "key:", "# c ", "#", "? ",
                                                 "- - ", "- k: ", "---", "..."]),
                                st.sampled_from(["", '"Docs | x"', "'it''s'", "'a'", '"a\\"b"', "plain words", "06/08/2021",
                                                 "yes", "null", "~", "1.5", "2021-06-08", "(a) b", "x: y", "*a", "&a b",
                                                 "|", "|#c", ">", "[1, 2]", "{k: v}", "!!str s", "a #c", " ", "é", "%",
                                                 "https://a.b/c?d=e&f=1", "a:b", "a:", "a :b", "a@b ~c", "a::b"])
                                ).map("".join), max_size=8).map("\n".join)


@settings(max_examples=800, deadline=None)
@given(yaml_lines)
def test_yaml_read_through_libyaml_as_through_the_python_loader(text):
    import yaml

    from extract import limits

    def read(load):
        try:
            return ("value", load(text))
        except yaml.YAMLError as exc:
            return ("error", str(exc))

    assert read(limits.load_yaml) == read(lambda t: yaml.load(t, Loader=limits._NoAliasLoader))   # noqa: S506


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
                           max_leaves=12)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.text(max_size=8), json_values, max_size=6))
def test_a_row_encoded_by_the_kept_c_encoder_as_json_encodes_it(row):
    import json

    from extract import writer

    assert writer._ROW_JSON(row) == json.JSONEncoder(ensure_ascii=False).encode(row)
