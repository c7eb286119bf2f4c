"""sitemap.xml: every page in every language, with hreflang alternates."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr


def write_sitemap(pelican) -> None:
    """finalized: list the generated pages; SITEMAP_BASE is the address the site is served from."""
    settings = pelican.settings
    base = settings.get("SITEMAP_BASE", "http://127.0.0.1:8000").rstrip("/") + "/"
    pages = getattr(pelican, "atlas_pages", [])
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page in sorted(pages, key=lambda p: p.url):
        lines.append(f"  <url><loc>{base}{page.url}</loc>")
        for alt in sorted([page, *page.translations], key=lambda p: p.lang):
            lines.append(f'    <xhtml:link rel="alternate" hreflang={quoteattr(alt.lang)} href={quoteattr(base + alt.url)}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    Path(settings["OUTPUT_PATH"], "sitemap.xml").write_text("\n".join(lines) + "\n", encoding="utf-8")
