"""What the theme reads of a rendered page (plugins/atlas_site/html.py page_facts): its visible section headings
for "on this page" and whether it uses a component class, read as a stream of parser events. It must read what
lxml's tree and XPath read, which it replaced to keep the largest pages' trees out of memory."""
from __future__ import annotations

import pytest
from lxml import html as lxml_html

from conftest import ROOT
from plugins.atlas_site.html import page_facts
from plugins.atlas_site.site import stylesheet_classes

CLASSES = frozenset({"tables", "notice"})


def from_tree(html: str, classes: frozenset[str]) -> tuple[list[tuple[str, str]], bool]:
    """The same facts from lxml's whole tree: the XPath the stream reader stands for."""
    tree = lxml_html.document_fromstring(html)
    headings = [(h.get("id"), " ".join(t.strip() for t in h.xpath(".//text()[not(ancestor::code)]") if t.strip()))
                for h in tree.xpath("//h2[@id][not(ancestor::*[@hidden])]")]
    return headings, any(not classes.isdisjoint(v.split()) for v in tree.xpath("//@class"))


@pytest.mark.parametrize("html, headings, has_class", [
    ('<h2 id="a">Plans <code>plans</code></h2><p class="other">x</p>', [("a", "Plans")], False),
    ('<h2 id="a">AT&amp;T &lt;b&gt;</h2>', [("a", "AT&T <b>")], False),   # one text node, though parsed in pieces
    ('<div hidden><section><h2 id="a">shown by script</h2></section></div><h2 id="b">B</h2>', [("b", "B")], False),
    ('<h2 id="a" hidden>own attribute</h2>', [("a", "own attribute")], False),   # only ancestors hide it
    ('<h2 id="a"><span>one</span>two<!-- note -->three</h2>', [("a", "one two three")], False),
    ('<h2>no anchor</h2><h2 id="">empty</h2>', [("", "empty")], False),
    ('<table class="scroll tables"><tr><td>x</td></tr></table>', [], True),
])
def test_headings_and_classes(html, headings, has_class):
    facts = page_facts(html, CLASSES)
    assert (facts.outline(), facts.has_class) == (headings, has_class) == from_tree(html, CLASSES)


def test_every_built_page_reads_as_its_tree_does(site):
    classes = stylesheet_classes(str(ROOT / "theme" / "static" / "css" / "components.css"))
    pages = [p for p in sorted(site.rglob("*.html")) if "pagefind" not in p.parts]
    assert len(pages) > 50
    for path in pages:
        html = path.read_text(encoding="utf-8")
        facts = page_facts(html, classes)
        assert (facts.outline(), facts.has_class) == from_tree(html, classes), path
