"""search_terms: the words customers type, per language, and the answers they belong to.

The vocabulary is data: extract/vocabulary/concepts.yaml says where each concept is answered, each
language's extract/languages/<code>/vocabulary.yaml lists the words its customers use for it. This table joins the two, so the
site (hidden, weighted search text on the targets) and the instant answers (names of plans,
severities, regions, products and contact channels) read one table instead of the YAML files.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import SourceError
from ..language import VOCABULARY as LANGUAGE_VOCABULARY, language_dir, read_yaml
from .base import LANG, RAW_MATERIAL, Context, Field, Resource, Row

VOCABULARY = Path(__file__).resolve().parent.parent / "vocabulary"
CONCEPTS = VOCABULARY / "concepts.yaml"
# Concept prefixes that name a glossary term; the rest of the concept is the term's slug.
GLOSSARY_CATEGORIES = ("plans", "severities", "regions", "products")
TARGET_KINDS = ("entry", "page", "plan-section")

RESOURCE = Resource(
    name="search_terms",
    formats=RAW_MATERIAL,
    title="Search vocabulary",
    description="Words customers use for what the documents name otherwise (extract/languages/<code>/vocabulary.yaml), per language, "
                "with the answers they belong to. The site indexes them as hidden weighted text on those answers; "
                "instant answers recognise plans, severities, regions, products and contact channels by them.",
    fields=(LANG,
            Field("concept", "string", "Concept: a slug of extract/vocabulary/concepts.yaml, or <category>/<slug> of a "
                                        "glossary term (plans, severities, regions, products) or contact channel (contacts)"),
            Field("term", "string", "A word or phrase as customers type it"),
            Field("targets", "string", "Where the concept is answered, ';'-separated: entry:<id>, page:<key>[#<anchor>], "
                                       "plan-section:<anchor> (on every plan page)")),
    primary_key=("lang", "concept", "term"),
)


def _load(path: Path) -> dict:
    """concept -> words (or targets) of a vocabulary file; anything else is a SourceError naming the place."""
    data = read_yaml(path)
    for concept, items in data.items():
        if not isinstance(items, list) or not all(isinstance(i, (str, int)) for i in items):
            raise SourceError(path, str(concept), "expected a list of words")
    return {str(k): [str(i) for i in v] for k, v in data.items()}


@lru_cache(maxsize=1)
def concepts() -> dict[str, tuple[str, ...]]:
    """concept -> targets, checked for their form."""
    out = {}
    for concept, targets in _load(CONCEPTS).items():
        for target in targets:
            if target.split(":", 1)[0] not in TARGET_KINDS or ":" not in target:
                raise SourceError(CONCEPTS, concept, f"target '{target}' is not entry:, page: or plan-section:")
        out[concept] = tuple(targets)
    return out


def targets_of(ctx: Context, concept: str, path: Path) -> tuple[str, ...]:
    """The concept's targets; a glossary concept must name a known term (a plan's page is always a target)."""
    known = concepts()
    if "/" in concept and concept.split("/", 1)[0] in GLOSSARY_CATEGORIES:
        category, slug = concept.split("/", 1)
        if ctx.glossary.term(category, slug) is None:
            raise SourceError(path, concept, f"no {category} term '{slug}' in extract/glossary.yaml")
        implied = (f"page:plans/{slug}",) if category == "plans" else ()
        return implied + known.get(concept, ())
    if concept not in known:
        raise SourceError(path, concept, "unknown concept (add it to extract/vocabulary/concepts.yaml)")
    return known[concept]


def build(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for lang in ctx.langs:
        path = language_dir(lang) / LANGUAGE_VOCABULARY
        if not path.exists():
            continue
        for concept, terms in _load(path).items():
            targets = ";".join(targets_of(ctx, concept, path))
            for term in dict.fromkeys(t.strip() for t in terms if t.strip()):
                rows.append({"lang": lang, "concept": concept, "term": term, "targets": targets})
    return rows
