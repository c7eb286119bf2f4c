"""output/data: the tables of content/data, published with the site so it is self-contained.

The tables are most of a large site's bytes. A table the previous site already
published is not copied again: extract/build.py links the previous site's file
into the new site, and it stays when it has the size and modification time of
the table in content/data (the writer keeps the timestamp of a table whose bytes
did not change). Any other table is copied, never linked to content/data: a table
edited there in place must not change the published site behind its back.
A file is replaced (removed, then written), never written into, so a file the new
site shares with the previous one never changes under the previous site's readers.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

DATA_FOLDER = "data"


def same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def publish_data(source: Path, output: Path) -> None:
    """Every file of the table folder under output/data, copied unless the published one is the same."""
    target = output / DATA_FOLDER
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        published = target / path.relative_to(source)
        if published.is_file() and same_file(published.stat(), path.stat()):
            continue
        published.parent.mkdir(parents=True, exist_ok=True)
        published.unlink(missing_ok=True)
        shutil.copy2(path, published)
