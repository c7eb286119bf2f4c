"""Answer Markdown to page HTML (plugins/atlas_site/html.py): sanitised, plan names linked once, tables boxed."""
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "plugins"))
from atlas_site.html import answer_html  # noqa: E402

PLANS = [("Professional Direct", "../plans/prodirect/"), ("Premier", "../plans/premier/")]


def test_a_plan_name_is_linked_at_its_first_mention_only_and_never_in_code_headings_or_links():
    html = answer_html("`Premier` and [Premier](https://example.com/) then Premier, Premier again and "
                       "Professional Direct.", PLANS)
    assert html == ('<p><code>Premier</code> and <a href="https://example.com/" rel="noopener noreferrer">Premier</a>'
                    ' then <a href="../plans/premier/">Premier</a>, Premier again and '
                    '<a href="../plans/prodirect/">Professional Direct</a>.</p>')


def test_a_table_scrolls_in_a_box_named_after_its_columns():
    html = answer_html('<table>\n<tr><th scope="col">Plan</th><th scope="col">Premier &amp; co</th></tr>\n'
                       "<tr><td>a</td><td>b</td></tr>\n</table>", [], "Table: %(columns)s")
    assert html.startswith('<div aria-label="Table: Plan, Premier &amp; co" class="scroll" role="region" '
                           'tabindex="0"><table>')
    assert html.endswith("</tbody></table></div>")


def test_script_handlers_and_images_do_not_survive_and_markup_in_text_stays_text():
    html = answer_html('<script>alert(1)</script><b onclick="x">Premier</b> 1 < 2 & "quoted" '
                       '![logo](https://example.com/a.png)<br>next', PLANS)
    assert "<script" not in html and "onclick" not in html and "<img" not in html
    assert '<a href="https://example.com/a.png" rel="noopener noreferrer">[logo]</a>' in html
    assert '1 &lt; 2 &amp; "quoted"' in html and "<br/>next" in html


def test_an_attribute_with_double_quotes_is_written_in_single_quotes_and_blank_runs_are_one_newline():
    html = answer_html('<a href="https://example.com/" title=\'say "hi"\'>t</a>\n\n\n\nPremier', PLANS)
    assert "title='say \"hi\"'" in html
    assert "\n\n" not in html
