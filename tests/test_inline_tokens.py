"""Inline Markdown converts from markdown-it's tokens exactly as from the HTML it would render."""
from hypothesis import given, settings, strategies as st

from extract.docfx import _MD
from extract.inline import html_to_text, tokens_to_text

BASE = "https://learn.microsoft.com/power-platform/admin/support-overview"


def both(markdown: str):
    inline = next(t for t in _MD.parse(markdown) if t.type == "inline")
    html = _MD.renderer.renderInline(inline.children or [], _MD.options, {})
    return tokens_to_text(inline.children or [], BASE), html_to_text(html, BASE)


def test_links_emphasis_code_and_breaks_convert_from_tokens():
    fast, slow = both("Use the **[Power Platform admin center](../admin/x.md#y)** or *`pac` &amp; the\n"
                      "CLI*  \nnext line [mail](mailto:a@b.c) & 1 < 2")
    assert fast is not None and fast == slow
    assert fast.lines == ["Use the Power Platform admin center or pac & the CLI", "next line mail & 1 < 2"]
    assert fast.links[0].url == "https://learn.microsoft.com/power-platform/admin/x#y"


def test_raw_inline_html_and_images_take_the_html_converter():
    assert both("Premier<sup>*</sup> support")[0] is None
    assert both("![logo](img.png) text")[0] is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab *_`[]()\n\\&<>#!-.:/", max_size=40))
def test_any_inline_text_gives_the_same_text_either_way(text):
    tokens = [t for t in _MD.parse("x " + text) if t.type == "inline"]
    for inline in tokens:
        fast = tokens_to_text(inline.children or [], BASE)
        if fast is not None:
            assert fast == html_to_text(_MD.renderer.renderInline(inline.children or [], _MD.options, {}), BASE)


def test_a_raw_line_break_converts_from_tokens():
    fast, slow = both("Premier:<br />*4 hours*<BR>next<br/>**a<br>b** [x<br />y](a.md)")
    assert fast is not None and fast == slow
    assert fast.lines == ["Premier:", "4 hours", "next", "a", "b x y"]   # a link's text is one line


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "*", "**", "_", "`", "[", "](u)", "\n", "<br />", "<br>", "<BR/>",
                                 "<br/ >", "<br class=x>", "</br>", "&amp;", "<", ">"]), max_size=14))
def test_text_with_line_breaks_gives_the_same_text_either_way(parts):
    for inline in (t for t in _MD.parse("x " + "".join(parts)) if t.type == "inline"):
        fast = tokens_to_text(inline.children or [], BASE)
        if fast is not None:
            assert fast == html_to_text(_MD.renderer.renderInline(inline.children or [], _MD.options, {}), BASE)
