"""sitemap.xml: every page in every language, with hreflang alternates."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr


def write_sitemap(settings: dict, pages: list) -> None:
    """After the pages are written (AtlasGenerator.generate_output): list them; SITEMAP_BASE is the address the site
    is served from."""
    base = settings.get("SITEMAP_BASE", "http://127.0.0.1:8000").rstrip("/") + "/"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page in sorted(pages, key=lambda p: p.url):
        lines.append(f"  <url><loc>{base}{page.url}</loc>")
        for alt in sorted([page, *page.translations], key=lambda p: p.lang):
            lines.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(alt.lang)} href={quoteattr(base + alt.url)}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    Path(settings["OUTPUT_PATH"], "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")
