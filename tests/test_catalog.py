"""Interface strings: every string in the templates is in the catalog, and translated into Dutch."""
import subprocess
import sys

from babel.messages.pofile import read_po

from conftest import ROOT

TRANSLATIONS = ROOT / "theme" / "translations"


def ids(path):
    with path.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def test_catalog_template_is_up_to_date(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "N_",
                    "-k", "t", "-k", "translate:2", "-k", "translate_plural:2,3", "--no-location", "--omit-header", "-o", str(fresh), "."],
                   cwd=ROOT, check=True, capture_output=True)
    assert ids(fresh) == ids(TRANSLATIONS / "messages.pot"), "run `make translations`"


def test_every_string_has_a_dutch_translation():
    with (TRANSLATIONS / "nl" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and not m.string]
    assert not missing
    assert ids(TRANSLATIONS / "messages.pot") <= {m.id for m in catalog if m.id}


def test_templates_hold_no_untranslated_interface_text():
    """Visible English text in templates must go through _() (text between tags, outside {{ }} and {% %})."""
    import re
    offenders = []
    for path in [*(ROOT / "plugins" / "atlas_site" / "views").glob("*.html"), *(ROOT / "theme" / "templates").glob("*.html")]:
        text = re.sub(r"{%.*?%}|{{.*?}}|<[^>]*>|&[a-z]+;", " ", path.read_text(), flags=re.S)
        words = [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ("CSV", "JSON", "datapackage", "json")]
        if words:
            offenders.append((path.name, words[:5]))
    assert not offenders, offenders


def test_the_third_language_fixture_catalog_translates_every_string():
    """The German UI catalog of the third-language fixture (tests/fixtures/third_language/messages.po) has every
    msgid of the template, each translated, with German plural forms."""
    with (ROOT / "tests" / "fixtures" / "third_language" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    assert str(catalog.locale) == "de" and catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    assert ids(TRANSLATIONS / "messages.pot") <= {m.id for m in catalog if m.id}
    untranslated = [m.id for m in catalog if m.id and not (all(m.string) if isinstance(m.id, tuple) else m.string)]
    assert not untranslated
    same = [m.id for m in catalog if isinstance(m.id, str) and m.string == m.id and " " in m.id]
    assert len(same) < 5, same   # a copy of the English text is no translation
