"""Pelican settings for the Support Atlas site (built from content/data by plugins/atlas_reader)."""

SITENAME = "Support Atlas"
SITEURL = ""
PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []
STATIC_PATHS = ["data"]
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["atlas_reader"]
ATLAS_DATA = "content/data"

DEFAULT_LANG = "en"
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

LANGUAGES = {"en": "English", "nl": "Nederlands"}
UPSTREAM = [
    ("Support overview", "https://learn.microsoft.com/power-platform/admin/support-overview"),
    ("Ondersteuningsoverzicht", "https://learn.microsoft.com/nl-nl/power-platform/admin/support-overview"),
    ("Manage Finance and Operations support experiences",
     "https://learn.microsoft.com/dynamics365/fin-ops-core/dev-itpro/lifecycle-services/cloud-powered-support-lcs"),
    ("Support for customer engagement apps operated by 21Vianet in China",
     "https://learn.microsoft.com/power-platform/admin/21vianet-support"),
]

# Interface strings per language (to move to gettext catalogs with the full site).
ATLAS_STRINGS = {
    "en": {
        "contents": "Questions", "permalink": "Link to this question", "no_answer": "No answer in this language.",
        "unmatched": "This entry has no counterpart in the other language.",
        "intro": "The Dynamics 365 and Power Platform support policy as checked, structured tables.",
        "faq": "Support overview FAQ", "faq_url": "faq/", "response_times": "Initial response times",
        "severity": "Severity", "plan": "Plan", "max_time": "Within", "around_the_clock": "Around the clock",
        "yes": "yes", "no": "no (business hours)", "unclear": "unclear in the source",
        "skip": "Skip to content", "language": "Language", "search": "Search",
        "attribution": "Content from Microsoft documentation, licensed under",
        "sources": "Sources", "other_lang": "Nederlands", "missing": "(not translated)",
        "changes": "What changed", "changes_url": "changes/",
        "changes_intro": "Changes in the facts of the English support overview between the revisions we have, newest first.",
        "changes_caption": "Changes in revision", "table": "Table", "change": "Change", "row": "Row", "what": "What",
        "change_added": "added", "change_removed": "removed", "change_changed": "changed", "change_renamed": "renamed",
        "change_column_added": "column added", "change_column_removed": "column removed",
    },
    "nl": {
        "contents": "Vragen", "permalink": "Link naar deze vraag", "no_answer": "Geen antwoord in deze taal.",
        "unmatched": "Deze vraag heeft geen tegenhanger in de andere taal.",
        "intro": "Het ondersteuningsbeleid van Dynamics 365 en Power Platform als gecontroleerde tabellen.",
        "faq": "Veelgestelde vragen over ondersteuning", "faq_url": "../nl/faq/", "response_times": "Initiële reactietijden",
        "severity": "Ernst", "plan": "Plan", "max_time": "Binnen", "around_the_clock": "Dag en nacht",
        "yes": "ja", "no": "nee (kantooruren)", "unclear": "onduidelijk in de bron",
        "skip": "Naar de inhoud", "language": "Taal", "search": "Zoeken",
        "attribution": "Inhoud uit de documentatie van Microsoft, gelicentieerd onder",
        "sources": "Bronnen", "other_lang": "English", "missing": "(niet vertaald)",
        "changes": "Wat is er veranderd", "changes_url": "../nl/changes/",
        "changes_intro": "Wijzigingen in de feiten van het Engelse ondersteuningsoverzicht tussen de revisies die we hebben, nieuwste eerst.",
        "changes_caption": "Wijzigingen in revisie", "table": "Tabel", "change": "Wijziging", "row": "Rij", "what": "Wat",
        "change_added": "toegevoegd", "change_removed": "verwijderd", "change_changed": "gewijzigd",
        "change_renamed": "hernoemd", "change_column_added": "kolom toegevoegd", "change_column_removed": "kolom verwijderd",
    },
}
