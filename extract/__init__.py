"""Support Atlas extractor: source documents -> typed tables with provenance.

Stages, one module each: manifest (what to read), docfx / plaintext (parse),
align + table_recovery (give a scrape the English structure), tables/ (one
builder per table family), writer (deterministic, atomic output), check
(validation and the stale-table gate), cli (the commands).
"""
