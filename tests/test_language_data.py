"""No language's words in code: every word the extractor and the checks match lives in a language's folder
(extract/languages/<code>/), and no code names a language by its code.

`words_in_code(folders)` scans the string constants of the Python code in the given folders for the words
and phrases of every language's data files (words.yaml, glossary labels) and for quoted language codes.
Left out, because they are not matched against a document's text: docstrings; the maintainers' messages
(f-strings, and interface strings marked for translation with _() / N_() / ngettext); and canonical keys
(table columns and their enumerated values, glossary categories and slugs, the keys of the language data).
ALLOWED lists the few other constants that coincide with a word but are no language, each with its reason.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

from extract.language import GLOSSARY, LANGUAGES_DIR, WORDS
from extract.wordlists import WORDLISTS_PATH

ROOT = Path(__file__).resolve().parent.parent
THIRD_LANGUAGE = ROOT / "tests" / "fixtures" / "third_language" / "extract" / "languages"
SCANNED = ("extract", "plugins")
LANGUAGE_FOLDERS = (LANGUAGES_DIR, THIRD_LANGUAGE)

# Constants that are a canonical key or a technical name, not a word of a language: (file, constant) -> reason.
ALLOWED: dict[tuple[str, str], str] = {
    ("*", "none"): "the confidence level of a recovered table row (table_recovery), not the word",
    ("extract/bench.py", "response"): "a Playwright event name",
    ("extract/validation.py", "number"): "a Table Schema field type (the validator's type table)",
    ("plugins/atlas_site/site.py", "number"): "a Table Schema field type (the data page's type names)",
    ("plugins/atlas_site/answers.py", "response"): "an instant answer's kind (search-ui.js reads it)",
    ("plugins/atlas_site/answers.py", "contact"): "an instant answer's kind and key (search-ui.js reads it)",
    ("plugins/atlas_site/html.py", "link"): "the HTML element <link> (void elements)",
    ("plugins/atlas_site/html.py", "Element | None"): "a type annotation",
    ("plugins/atlas_site/told.py", "en"): "MESSAGE_LANG: the findings' maintainer messages are written in the code's "
                                          "language, so pages mark them with it",
    ("extract/export.py", "no"): "XLIFF 1.2's approved=\"no\" (a unit that needs review), as translate-toolkit writes it",
    ("extract/export.py", "from"): "XLIFF 1.2's <note from=...> attribute name",
    ("extract/checks/common.py", "no"): "how a boolean value is shown in the maintainers' report, beside 'yes'",
}


def language_codes() -> set[str]:
    return {p.name for folder in LANGUAGE_FOLDERS for p in folder.iterdir() if (p / WORDS).is_file()}


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def language_words() -> dict[str, str]:
    """folded word or phrase -> the data file it comes from, for every language (words and glossary labels)."""
    out = {}
    for folder in LANGUAGE_FOLDERS:
        for code in sorted(p.name for p in folder.iterdir() if p.is_dir()):
            for name in (WORDS, GLOSSARY):
                path = folder / code / name
                if not path.is_file():
                    continue
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
                if name == WORDS:   # the keys of mappings are canonical (mon, weekends, acknowledgement)
                    values = [s for k, v in data.items() if k not in NOT_WORDS for s in _strings(v)]
                    values += [k for k in ("numbers", "fractions", "units")
                               for k in (data.get(k) or {})]
                else:
                    values = _strings(data)
                for word in values:
                    folded = _fold(word)
                    if re.search(r"[^\W\d_]{2,}", folded):   # a word, not a sign or a number ('<', '24/7')
                        out.setdefault(folded, "/".join(path.parts[-4:]))
    return out


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _pieces(constant: str) -> set[str]:
    """The constant, and each alternative of it if it is a regular expression ('acknowledg|bevestig')."""
    pieces = {constant}
    if "|" in constant:
        pieces |= set(re.split(r"\|", re.sub(r"\(\?[:!=<]*|[()^$?*+\\]|\\[bswd]", " ", constant)))
    return {_fold(p) for p in pieces if p.strip()}


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and \
                    isinstance(first.value.value, str):
                out.add(id(first.value))
    return out


# Calls whose text arguments are messages for people (interface strings, findings, schema titles), not matched.
MESSAGE_CALLS = {"_", "N_", "ngettext", "gettext", "translate", "translate_plural", "Finding"}
MESSAGE_KEYWORDS = {"title", "description", "help"}
NOT_WORDS = ("inflections",)   # word endings ('en', 'em'), not words


def canonical_keys() -> set[str]:
    """Keys that are the same in every language: table columns and enumerated values, glossary categories and
    slugs, the keys of the language data and of the shared word lists."""
    from extract.glossary import load_glossary
    from extract.pipeline import ALL_RESOURCES
    keys = {r.name for r in ALL_RESOURCES}
    keys |= {f.name for r in ALL_RESOURCES for f in r.fields} | {v for r in ALL_RESOURCES for f in r.fields
                                                                 for v in f.enum}
    keys |= {t.category for t in load_glossary().terms} | {t.slug for t in load_glossary().terms}
    for folder in LANGUAGE_FOLDERS:
        for path in folder.glob(f"*/{WORDS}"):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            keys |= set(data) | {str(k) for v in data.values() if isinstance(v, dict) for k in v}
    shared = yaml.safe_load(WORDLISTS_PATH.read_text(encoding="utf-8"))
    keys |= set(shared) | set(shared.get("meaning") or {}) | set(shared.get("criticality") or ())
    return {_fold(k) for k in keys}


def _messages(tree: ast.AST) -> set[int]:
    """Constants that are the maintainers' or readers' text: parts of f-strings, arguments of _() and N_()."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            out |= {id(v) for v in ast.walk(node)}
        elif isinstance(node, ast.Call):
            if getattr(node.func, "id", getattr(node.func, "attr", "")) in MESSAGE_CALLS:
                out |= {id(v) for a in node.args for v in ast.walk(a)}
            out |= {id(v) for k in node.keywords if k.arg in MESSAGE_KEYWORDS for v in ast.walk(k.value)}
    return out


def words_in_code(folders=SCANNED) -> list[tuple[str, int, str, str]]:
    """(file, line, constant, why) of every string constant in the folders' Python code that is a language's
    word or phrase, or a language code, unless ALLOWED."""
    words = language_words()
    keys = canonical_keys()
    codes = language_codes()
    found = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = str(path.relative_to(ROOT))
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skip = _docstrings(tree) | _messages(tree)
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skip:
                    continue
                if (rel, node.value) in ALLOWED or ("*", node.value) in ALLOWED or \
                        (_fold(node.value) in keys and node.value not in codes):
                    continue
                if node.value in codes:
                    found.append((rel, node.lineno, node.value, "a language code"))
                    continue
                hits = sorted(p for p in _pieces(node.value) if p in words)
                if hits:
                    found.append((rel, node.lineno, node.value, f"'{hits[0]}' is in {words[hits[0]]}"))
    return found


def test_no_language_words_or_codes_in_code():
    found = words_in_code()
    assert not found, "\n".join(f"{f}:{n}: {c!r}: {why}" for f, n, c, why in found)


def test_the_scanner_finds_a_word_a_phrase_and_a_code(tmp_path, monkeypatch):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "m.py").write_text('"""Docstrings may say kantooruren."""\n'
                                           'A = "kantooruren"\nB = r"acknowledg|bevestig"\nC = "nl"\nD = "row id"\n')
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    monkeypatch.setattr(__import__(__name__), "LANGUAGE_FOLDERS", (LANGUAGES_DIR,))
    found = {(c, why.split(" is in ")[0]) for _, _, c, why in words_in_code(("pkg",))}
    assert found == {("kantooruren", "'kantooruren'"), ("acknowledg|bevestig", "'acknowledg'"), ("nl", "a language code")}


def test_every_allowed_constant_is_still_there_and_has_a_reason():
    for (file, constant), reason in ALLOWED.items():
        assert reason.strip()
        files = [ROOT / file] if file != "*" else [p for folder in SCANNED for p in (ROOT / folder).rglob("*.py")]
        assert any(constant in ast.literal_eval(repr(p.read_text(encoding="utf-8"))) or
                   repr(constant)[1:-1] in p.read_text(encoding="utf-8") for p in files), (file, constant)
