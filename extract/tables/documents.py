"""documents: the source documents, each language's title and published address."""
from __future__ import annotations

from .base import LANG, Context, Field, Resource, Row

RESOURCE = Resource(
    name="documents",
    title="Source documents",
    description="Each source document in each language: its title and the published page upstream links point to.",
    fields=(LANG,
            Field("doc", "string", "Document id (sources/manifest.yaml)"),
            Field("role", "string", "What the document is for (manifest `role`): support-faq, lifecycle-services "
                                    "or regional-operator", enum=("support-faq", "lifecycle-services", "regional-operator")),
            Field("page", "string", "The site page its entries are on (manifest `page`)"),
            Field("original_lang", "string", "Language of the original this document translates (its own "
                                             "language for an original)"),
            Field("title", "string", "Title as written in this language"),
            Field("url", "string", "Published page; an entry's upstream link is this URL plus '#' and its anchor"),
            Field("entries", "integer", "Number of entries (questions and sections)")),
    primary_key=("lang", "doc"),
)


def build(ctx: Context) -> list[Row]:
    return [{"lang": d.lang, "doc": d.doc, "role": d.role, "page": d.page,
             "original_lang": d.original_lang or d.lang, "title": d.title, "url": d.url, "entries": len(d.entries)}
            for d in ctx.documents]
