"""Pelican reader that turns the extracted tables into pages.

A page stub in content/pages (for example `faq.nl.atlas`) is a few lines of
YAML: which view, language and slug. The reader renders that view from the
tables in content/data (never from the source prose), so Pelican's own
translation machinery (`lang`, slug as translation id, *_LANG_URL) links the
English and Dutch versions. Answer Markdown is rendered with Python-Markdown
and sanitised with nh3 before it reaches a page.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import markdown
import nh3
import yaml
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pelican import signals
from pelican.readers import BaseReader

HERE = Path(__file__).parent
ALLOWED_TAGS = {"p", "br", "a", "strong", "em", "code", "ul", "ol", "li", "blockquote", "table", "thead",
                "tbody", "tr", "th", "td", "sup", "img", "pre"}
ALLOWED_ATTRS = {"a": {"href", "title"}, "td": {"colspan"}, "th": {"colspan", "scope"}, "img": {"src", "alt"}}


def sanitize(html: str) -> str:
    """Source HTML may carry script; only plain formatting reaches a page."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRS, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer")


def render_markdown(text: str) -> str:
    return sanitize(markdown.markdown(text or "", extensions=["sane_lists"]))


@lru_cache(maxsize=8)
def load_tables(data_dir: str) -> dict[str, list[dict]]:
    folder = Path(data_dir)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: json.loads((folder / r["json"]).read_text(encoding="utf-8")) for r in package["resources"]}


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "views"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["markdown"] = render_markdown
    return env


class AtlasReader(BaseReader):
    enabled = True
    file_extensions = ["atlas"]

    def read(self, filename: str):
        spec = yaml.safe_load(Path(filename).read_text(encoding="utf-8")) or {}
        data_dir = self.settings.get("ATLAS_DATA", "content/data")
        tables = load_tables(str(Path(data_dir).resolve()))
        lang = spec.get("lang", self.settings.get("DEFAULT_LANG", "en"))
        view = spec["view"]
        context = {"lang": lang, "tables": tables, "t": self.settings.get("ATLAS_STRINGS", {}).get(lang, {}),
                   "rows": lambda name, **match: [r for r in tables.get(name, []) if r.get("lang") == lang and
                                                   all(r.get(k) == v for k, v in match.items())]}
        content = _env().get_template(f"{view}.html").render(**context)
        metadata = {key: self.process_metadata(key, str(value)) for key, value in spec.items() if key != "view"}
        metadata["template"] = self.process_metadata("template", spec.get("template", "page"))
        return content, metadata


def add_reader(readers) -> None:
    readers.reader_classes["atlas"] = AtlasReader


def register() -> None:
    signals.readers_init.connect(add_reader)
