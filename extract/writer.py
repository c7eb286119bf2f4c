"""Write the tables: CSV + JSON per resource and a Frictionless datapackage.json.

Deterministic (same input, same bytes: no timestamps, fixed column and row
order, '\\n' line ends) and safe: everything is written to a temporary folder
beside the target first, and only then moved into place, file by file and
only where the bytes changed, so a failed run leaves the previous tables as
they were and an unchanged table keeps its timestamp.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from .manifest import Manifest
from .tables.base import Resource, Row


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
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


def write_tables(out: Path, manifest: Manifest, tables: dict[str, list[Row]], resources: list[Resource]) -> None:
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for resource in resources:
            rows = tables.get(resource.name, [])
            (tmp / f"{resource.name}.csv").write_text(to_csv(resource, rows), encoding="utf-8")
            (tmp / f"{resource.name}.json").write_text(to_json(resource, rows), encoding="utf-8")
        package = json.dumps(datapackage(manifest, resources), ensure_ascii=False, indent=1) + "\n"
        (tmp / "datapackage.json").write_text(package, encoding="utf-8")
        os.chmod(tmp, 0o755)
        if not out.exists():
            tmp.rename(out)
            return
        # Replace only the files whose bytes changed, so unchanged tables keep their timestamps.
        for path in sorted(tmp.iterdir()):
            target = out / path.name
            if target.exists() and target.read_bytes() == path.read_bytes():
                continue
            os.replace(path, target)
        shutil.rmtree(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
