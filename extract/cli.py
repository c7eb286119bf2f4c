"""Command line: `python -m extract run | doc | check`.

Bad input ends in one line on stderr, naming the file and the place, and exit
status 2; nothing is written.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .check import run_check
from .docfx import parse_docfx
from .errors import SourceError, read_text
from .manifest import SourceDoc, load_manifest
from .pipeline import ALL_RESOURCES, RESOURCES, build_tables, extract, parse_translation
from .tables.base import Context, Note
from .writer import to_json, write_tables

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = ROOT / "sources"
DEFAULT_OUT = ROOT / "content" / "data"


def cmd_run(args: argparse.Namespace) -> int:
    manifest, tables = extract(Path(args.sources))
    write_tables(Path(args.out), manifest, tables, list(ALL_RESOURCES))
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in tables.items())
    print(f"extracted {len(manifest.documents)} documents into {args.out}: {counts}")
    return 0


def _single(path: Path, lang: str, fmt: str, doc_id: str) -> SourceDoc:
    return SourceDoc(id=doc_id, lang=lang, path=path, format=fmt)


def cmd_doc(args: argparse.Namespace) -> int:
    """Extract one document (any page or revision) and print its tables."""
    path = Path(args.path)
    doc_id = path.stem.split("_")[0] if "_" in path.stem else path.stem
    if args.translation_of:
        original_src = _single(Path(args.translation_of), "en", "docfx-markdown", doc_id)
        original = parse_docfx(read_text(original_src.path), doc=doc_id, lang="en", path=str(original_src.path))
        fmt = "plain-text" if path.suffix == ".txt" else "docfx-markdown"
        notes: list[Note] = []
        translated = parse_translation(_single(path, args.lang, fmt, doc_id), original, notes)
        ctx = Context(documents=[original, translated], langs=("en", args.lang), notes=notes)
    else:
        if path.suffix == ".txt":
            raise SourceError(path, "", "a plain-text page needs --translation-of ORIGINAL.md to align with")
        document = parse_docfx(read_text(path), doc=doc_id, lang=args.lang, path=str(path))
        ctx = Context(documents=[document], langs=(args.lang,),
                      notes=[Note(args.lang, doc_id, i.entry_id, i.line, "include",
                                  f"[!INCLUDE] '{i.target}' cannot be resolved here") for i in document.includes])
    tables = build_tables(ctx)
    if args.json:
        print("{" + ",\n".join(f'"{r.name}": ' + to_json(r, [row for row in tables[r.name] if row.get("lang", args.lang) == args.lang]).rstrip()
                               for r, _ in RESOURCES) + "}")
    else:
        for resource, _ in RESOURCES:
            rows = [row for row in tables[resource.name] if row.get("lang", args.lang) == args.lang]
            print(f"{resource.name}: {len(rows)} rows")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the tables, gate stale ones, report findings against the baseline."""
    return run_check(Path(args.tables), Path(args.sources), use_baseline=not args.no_baseline)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m extract", description="Support Atlas: extract and check the support-policy tables.")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="extract every document of the manifest into tables",
                         description="Extract all documents named in SOURCES/manifest.yaml into CSV, JSON and datapackage.json.")
    run.add_argument("--sources", default=str(DEFAULT_SOURCES), help="folder with manifest.yaml (default: sources/)")
    run.add_argument("--out", default=str(DEFAULT_OUT), help="folder to write the tables to (default: content/data/)")
    run.set_defaults(func=cmd_run)
    doc = sub.add_parser("doc", help="extract one document and print its tables",
                         description="Extract one page or revision; a plain-text translation needs --translation-of.")
    doc.add_argument("path", help="a DocFX Markdown (.md) or plain-text (.txt) page")
    doc.add_argument("--lang", required=True, help="language of the page, e.g. en or nl")
    doc.add_argument("--translation-of", metavar="PATH", help="the English DocFX page this one translates")
    doc.add_argument("--json", action="store_true", help="print the tables as JSON instead of row counts")
    doc.set_defaults(func=cmd_doc)
    check = sub.add_parser("check", help="validate the tables, gate stale tables, report consistency findings",
                           description="Validate the data package, fail when the tables are not what the sources "
                                       "give, and report the consistency findings; an error not accepted in "
                                       "extract/baseline.yaml fails.")
    check.add_argument("--tables", default=str(DEFAULT_OUT), help="tables folder (default: content/data/)")
    check.add_argument("--sources", default=str(DEFAULT_SOURCES), help="sources folder (default: sources/)")
    check.add_argument("--no-baseline", action="store_true", help="report every finding as new: any error fails")
    check.set_defaults(func=cmd_check)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
