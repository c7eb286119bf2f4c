"""Pelican settings for the Support Atlas site (built from content/data by plugins/atlas_site)."""

SITENAME = "Support Atlas"
SITEURL = ""
PATH = "content"
PAGE_PATHS = []          # every page is made from the tables by plugins/atlas_site
ARTICLE_PATHS = []
STATIC_PATHS = []         # the tables are published by the plugin (plugins/atlas_site/publish.py)
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["atlas_site"]
ATLAS_DATA = "content/data"

# Every value a theme template prints is escaped (titles and headings come from the source documents and are
# text, even when they look like markup); the page body is rendered by plugins/atlas_site with its own escaping
# and sanitising, and reaches the template as Markup.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}

TIMEZONE = "UTC"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
PAGE_TRANSLATION_ID = "slug"

# Only the pages made from the tables: no blog machinery.
DIRECT_TEMPLATES = []
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
RELATIVE_URLS = True
DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False

# The site's languages are those of the manifest (the documents table, see plugins/atlas_site/languages.py); the
# original's is DEFAULT_LANG, at the site's root, set by the plugin from the data. Interface strings are in
# theme/translations/<code>/LC_MESSAGES/messages.po.
# Address the site is served from, for the absolute URLs sitemap.xml needs.
SITEMAP_BASE = "http://127.0.0.1:8000"
UPSTREAM = [
    ("Support overview", "https://learn.microsoft.com/power-platform/admin/support-overview"),
    ("Ondersteuningsoverzicht", "https://learn.microsoft.com/nl-nl/power-platform/admin/support-overview"),
    ("Manage Finance and Operations support experiences",
     "https://learn.microsoft.com/dynamics365/fin-ops-core/dev-itpro/lifecycle-services/cloud-powered-support-lcs"),
    ("Support for customer engagement apps operated by 21Vianet in China",
     "https://learn.microsoft.com/power-platform/admin/21vianet-support"),
]
