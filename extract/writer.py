"""Write the tables: JSON for every resource, CSV for those people open in a spreadsheet, and a Frictionless
datapackage.json that says which files each table has (Resource.formats).

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
from typing import Iterator

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


def json_bytes(resource: Resource, rows: list[Row]) -> bytes:
    """A JSON list with one row per line: CPython's C encoder does each row (`indent` would bypass it, and
    triples the writing time), while a change in the committed tables stays one changed line per row. Rows
    are encoded one by one and joined as bytes, so the file is not held as text and as bytes at once."""
    names = [f.name for f in resource.fields]
    encode = json.JSONEncoder(ensure_ascii=False).encode
    return b"[" + b",\n".join(encode({name: row.get(name) for name in names}).encode("utf-8") for row in rows) + b"]\n"


def to_json(resource: Resource, rows: list[Row]) -> str:
    return json_bytes(resource, rows).decode("utf-8")


def datapackage(manifest: Manifest, resources: list[Resource]) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "support-atlas",
        "title": "Support Atlas: Dynamics 365 and Power Platform support policy as tables",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0 (source documents by Microsoft)"}],
        "sources": [{"title": f"{d.title} ({d.lang})", "path": d.url} for d in manifest.documents],
        "resources": [resource_descriptor(r) for r in resources],
    }


MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}


def resource_descriptor(resource: Resource) -> dict:
    """`path` is the table's first file (CSV where there is one), `json` its JSON file, `formats` all its files."""
    first = resource.formats[0]
    return {"name": resource.name, "path": f"{resource.name}.{first}", "profile": "tabular-data-resource",
            "format": first, "mediatype": MEDIA_TYPES[first], "encoding": "utf-8", "title": resource.title,
            "description": resource.description, "json": f"{resource.name}.json", "formats": list(resource.formats),
            "schema": resource.schema()}


def csv_bytes(resource: Resource, rows: list[Row]) -> bytes:
    return to_csv(resource, rows).encode("utf-8")


RENDER = {"csv": csv_bytes, "json": json_bytes}


def render_tables(manifest: Manifest, tables: dict[str, list[Row]],
                  resources: list[Resource]) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of the whole table set, in name order, one file at a time: only one file's bytes
    are held at once, however large the corpus."""
    files = {f"{r.name}.{fmt}": (r, fmt) for r in resources for fmt in r.formats}
    files["datapackage.json"] = (None, "")
    for name in sorted(files):
        resource, fmt = files[name]
        if resource is None:
            yield name, (json.dumps(datapackage(manifest, resources), ensure_ascii=False, indent=1) + "\n").encode()
        else:
            yield name, RENDER[fmt](resource, tables.get(resource.name, []))


class _Unchanged(Exception):
    """Every file came out as it was: the staged copy is dropped and the table set is left alone."""


def write_tables(out: Path, manifest: Manifest, tables: dict[str, list[Row]], resources: list[Resource]) -> None:
    """Replace the table set in `out` as a whole (see atomic.py); unchanged bytes replace nothing."""
    previous_names = sorted(p.name for p in out.iterdir()) if out.is_dir() else None
    try:
        with replace_folder(out) as staging:
            changed, names = False, []
            for name, data in render_tables(manifest, tables, resources):
                names.append(name)
                path = staging / name
                path.write_bytes(data)
                previous = out / name
                if previous.is_file() and previous.stat().st_size == len(data) and previous.read_bytes() == data:
                    stat = previous.stat()   # unchanged: keep its timestamp
                    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
                else:
                    changed = True
            if not changed and names == previous_names:
                raise _Unchanged
    except _Unchanged:
        pass
