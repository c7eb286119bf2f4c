"""Write the tables: CSV + JSON per resource and a Frictionless datapackage.json.

Deterministic (same input, same bytes: no timestamps, fixed column and row
order, '\\n' line ends) and atomic: the whole set is written into a sibling
folder and swapped in with one step (atomic.py), so readers and interrupted
runs see the old set or the new set, never a mix. A table whose bytes did not
change keeps its timestamp; when nothing changed, nothing is replaced.
"""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from .atomic import replace_folder
from .manifest import Manifest
from .tables.base import Resource, Row


# A CSV cell starting with one of these is run as a formula by spreadsheet programs ('=HYPERLINK(…)',
# '+cmd|…', '@SUM(…)'); OWASP's rule: prefix such a text cell with a single quote. JSON keeps the value as it is.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):   # a Table Schema object: JSON text in CSV
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return str(value)


def to_csv(resource: Resource, rows: list[Row]) -> str:
    buf = io.StringIO()
    names = [f.name for f in resource.fields]
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([cell(row.get(name)) for name in names])
    return buf.getvalue()


def to_json(resource: Resource, rows: list[Row]) -> str:
    names = [f.name for f in resource.fields]
    ordered = [{name: row.get(name) for name in names} for row in rows]
    return json.dumps(ordered, ensure_ascii=False, indent=1) + "\n"


def datapackage(manifest: Manifest, resources: list[Resource]) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "support-atlas",
        "title": "Support Atlas: Dynamics 365 and Power Platform support policy as tables",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0 (source documents by Microsoft)"}],
        "sources": [{"title": f"{d.title} ({d.lang})", "path": d.url} for d in manifest.documents],
        "resources": [{
            "name": r.name, "path": f"{r.name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "title": r.title, "description": r.description,
            "json": f"{r.name}.json", "schema": r.schema(),
        } for r in resources],
    }


def render_tables(manifest: Manifest, tables: dict[str, list[Row]], resources: list[Resource]) -> dict[str, bytes]:
    """File name -> bytes of the whole table set."""
    files = {}
    for resource in resources:
        rows = tables.get(resource.name, [])
        files[f"{resource.name}.csv"] = to_csv(resource, rows).encode("utf-8")
        files[f"{resource.name}.json"] = to_json(resource, rows).encode("utf-8")
    files["datapackage.json"] = (json.dumps(datapackage(manifest, resources), ensure_ascii=False, indent=1)
                                 + "\n").encode("utf-8")
    return files


def write_tables(out: Path, manifest: Manifest, tables: dict[str, list[Row]], resources: list[Resource]) -> None:
    """Replace the table set in `out` as a whole (see atomic.py); unchanged bytes replace nothing."""
    files = render_tables(manifest, tables, resources)
    if out.is_dir() and sorted(p.name for p in out.iterdir()) == sorted(files) \
            and all((out / name).read_bytes() == data for name, data in files.items()):
        return
    with replace_folder(out) as staging:
        for name, data in sorted(files.items()):
            path = staging / name
            path.write_bytes(data)
            previous = out / name
            if previous.is_file() and previous.read_bytes() == data:   # unchanged: keep its timestamp
                stat = previous.stat()
                os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
