"""Command line: `python -m extract run | doc | check | diff | history | build | bench | deadline`.

Bad input and the failures a machine can have (unreadable or unwritable
files, a full disk, a malformed data package) end in one line on stderr,
naming the file and the place, and exit status 2; nothing is written. A
coverage drop fails with status 1, like a failed check. Anything else is a
bug: its traceback is shown, with a request to report it.
"""
from __future__ import annotations

import argparse
import errno
import json
import resource
import signal
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path

from . import deadline, diff_report, export
from .build import Layout, run_build
from .check import run_check
from .diff import diff_sides, load_side, revision_date
from .coverage import CoverageError, enforce
from .errors import SourceError
from .pipeline import ALL_RESOURCES, RESOURCES, document_side, extract, extract_document
from .writer import read_rows, to_json, write_tables

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = ROOT / "sources"
DEFAULT_OUT = ROOT / "content" / "data"


def cmd_run(args: argparse.Namespace) -> int:
    manifest, tables = extract(Path(args.sources), progress=True)
    enforce(Path(args.out), manifest, tables, args.accept_drop)
    write_tables(Path(args.out), manifest, tables, list(ALL_RESOURCES))
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in tables.items())
    print(f"extracted {len(manifest.documents)} documents into {args.out}: {counts}")
    return 0


def cmd_doc(args: argparse.Namespace) -> int:
    """Extract one document (any page or revision) and print its tables."""
    tables = extract_document(Path(args.path), args.lang,
                              Path(args.translation_of) if args.translation_of else None, args.original_lang)
    lang = args.lang or tables["documents"][-1]["lang"]   # the page's own language (its original's comes first)
    mine = {r.name: [row for row in tables[r.name] if row.get("lang", lang) == lang] for r, _ in RESOURCES}
    if args.json:
        print("{" + ",\n".join(f'"{r.name}": ' + to_json(r, mine[r.name]).rstrip() for r, _ in RESOURCES) + "}")
    else:
        for resource, _ in RESOURCES:
            print(f"{resource.name}: {len(mine[resource.name])} rows")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """Compare two versions of the tables; exit 1 when they differ."""
    old, new = load_side(args.old, ROOT, document_side), load_side(args.new, ROOT, document_side)
    result = diff_sides(old, new, include_all=args.all)
    emit(render(result, args.format), args.output)
    return 1 if result.changed else 0


def cmd_history(args: argparse.Namespace) -> int:
    """The changes between consecutive revisions of one page, as one timeline."""
    revisions = sorted((Path(p) for p in args.files), key=revision_date)
    if len(revisions) < 2:
        raise SourceError(args.files[0] if args.files else "history", "", "history needs at least two revisions")
    sides = [load_side(str(p), ROOT, document_side) for p in revisions]
    diffs = [diff_sides(a, b, include_all=args.all) for a, b in zip(sides, sides[1:])]
    if args.format == "json":
        emit("[" + ",\n".join(diff_report.as_json(d) for d in diffs) + "]", args.output)
    else:
        emit("\n\n".join(render(d, args.format) for d in diffs), args.output)
    return 1 if any(d.changed for d in diffs) else 0


def render(result, fmt: str) -> str:
    if fmt == "terminal":
        return diff_report.terminal(result, colour=sys.stdout.isatty())
    return {"markdown": diff_report.markdown, "json": diff_report.as_json, "html": diff_report.as_html}[fmt](result)


def emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    else:
        print(text)


def cmd_deadline(args: argparse.Namespace) -> int:
    """The latest expected first contact for a request filed now (or --at)."""
    # documents: which rows are originals
    tables = {name: read_rows(Path(args.tables), name) for name in ("response_times", "business_hours", "documents")}
    try:
        at = datetime.fromisoformat(args.at) if args.at else datetime.now(timezone.utc).astimezone()
        result = deadline.compute(tables, args.plan, args.severity, args.region, at)
    except (ValueError, OverflowError) as exc:   # DeadlineError, a date that does not parse or leaves the calendar
        print(f"error: --at {args.at or 'now'}: {exc}", file=sys.stderr)
        return 2
    except (KeyError, TypeError) as exc:   # rows without the columns the calculator reads
        raise SourceError(args.tables, "", f"response_times/business_hours rows lack a column ({exc})") from None
    own = result.customer_deadline
    print(f"Latest expected first contact: {result.deadline:%A %Y-%m-%d %H:%M %Z} ({result.deadline.isoformat()})"
          + (f"; your time: {own:%A %Y-%m-%d %H:%M %Z}" if own else ""))
    for step in result.steps:
        print(f"  - {step}")
    if result.country:
        print(f"  Public holidays: those of {result.country}, the representative country of '{result.region}'.")
    else:
        print(f"  Public holidays: none known for '{result.region}' (no representative country).")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Extract, check, render and index, skipping stages whose inputs did not change."""
    # Stopped with SIGTERM (a CI timeout, `kill`), a build ends as an interrupted one does: the process groups of
    # Pelican and Pagefind are ended with it and nothing half-made is published.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    layout = Layout.default()
    if args.sources:
        layout = Layout(Path(args.sources), Path(args.data), Path(args.output), Path(args.state))
    cpu: dict[str, float] = {}
    timings = run_build(layout, force=args.force, only=args.only, quiet=args.json, gate=not args.report_only,
                        accept=args.accept_drop, cpu=cpu)
    if args.json:   # for the benchmark: seconds and processor seconds per stage, the peak memory of the build
        peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        print(json.dumps({"timings": timings, "cpu": cpu, "peak_kb": peak}))
        return 0
    done = ", ".join(f"{k} {v:.1f} s" if v is not None else f"{k} skipped" for k, v in timings.items())
    print(f"built: {done}")
    return 0


def cmd_exports(args: argparse.Namespace) -> int:
    """Every translator export into a folder (the site's data/ files): the site plugin runs this as a process of its
    own, beside Pelican's rendering of the pages."""
    previous = (Path(args.previous), Path(args.previous_record)) if args.previous and args.previous_record else None
    export.write_exports(Path(args.tables), Path(args.folder), record=Path(args.record) if args.record else None,
                         previous=previous)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """The aligned segments with their findings, for a translation tool."""
    data = export.export(Path(args.tables), args.format, args.lang)
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview the site, rebuilding on every change and reloading the open page."""
    from .serve import serve
    return serve(ROOT, args.bind, args.port, build_first=not args.no_build)


def cmd_bench(args: argparse.Namespace) -> int:
    """Measure the build on synthetic corpora and the built site in Chromium; write BENCHMARKS.md."""
    from .bench import bench
    try:
        sizes = [int(n) for n in args.sizes.split(",")]
    except ValueError:
        raise SourceError("--sizes", "", f"'{args.sizes}' is not a comma-separated list of whole numbers") from None
    bench(sizes, Path(args.output))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the tables, gate stale ones, report findings against the baseline."""
    return run_check(Path(args.tables), Path(args.sources), use_baseline=not args.no_baseline, accept=args.accept_drop)


def add_diff_output(command: argparse.ArgumentParser) -> None:
    """The output options `diff` and `history` share."""
    command.add_argument("--format", choices=("terminal", "markdown", "json", "html"), default="terminal",
                         help="output format (default: terminal, coloured when stdout is a terminal)")
    command.add_argument("--all", action="store_true", help="also diff blocks, links, ui_labels and glossary")
    command.add_argument("--output", help="write to this file instead of stdout")


def add_accept_drop(command: argparse.ArgumentParser) -> None:
    """The coverage gate's escape hatch that `run`, `check` and `build` share."""
    command.add_argument("--accept-drop", action="append", default=[], metavar="DOC:LANG:TABLE",
                         help="accept that these rows go, this once (each part may be '*'); for good, add an entry "
                              "with a reason to extract/coverage.yaml")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m extract", description="Support Atlas: extract and check the support-policy tables.")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="extract every document of the manifest into tables",
                         description="Extract all documents named in SOURCES/manifest.yaml into CSV, JSON and datapackage.json.")
    run.add_argument("--sources", default=str(DEFAULT_SOURCES), help="folder with manifest.yaml (default: sources/)")
    run.add_argument("--out", default=str(DEFAULT_OUT), help="folder to write the tables to (default: content/data/)")
    add_accept_drop(run)
    run.set_defaults(func=cmd_run)
    doc = sub.add_parser("doc", help="extract one document and print its tables",
                         description="Extract one page or revision; a plain-text translation needs --translation-of.")
    doc.add_argument("path", help="a DocFX Markdown (.md) or plain-text (.txt) page")
    doc.add_argument("--lang", help="language of the page, e.g. en or nl (default: the manifest's for the file)")
    doc.add_argument("--translation-of", metavar="PATH", help="the DocFX page this one translates")
    doc.add_argument("--original-lang", metavar="LANG", help="language of the --translation-of page (default: "
                                                             "the manifest's for that file)")
    doc.add_argument("--json", action="store_true", help="print the tables as JSON instead of row counts")
    doc.set_defaults(func=cmd_doc)
    check = sub.add_parser("check", help="validate the tables, gate stale tables, report consistency findings",
                           description="Validate the data package, fail when the tables are not what the sources "
                                       "give, and report the consistency findings; an error not accepted in "
                                       "extract/baseline.yaml fails.")
    check.add_argument("--tables", default=str(DEFAULT_OUT), help="tables folder (default: content/data/)")
    check.add_argument("--sources", default=str(DEFAULT_SOURCES), help="sources folder (default: sources/)")
    check.add_argument("--no-baseline", action="store_true", help="report every finding as new: any error fails")
    add_accept_drop(check)
    check.set_defaults(func=cmd_check)
    diff = sub.add_parser("diff", help="keyed diff of two versions of the tables (exit 1 when they differ)",
                          description="Compare tables row by row on their primary keys. OLD and NEW are each a "
                                      "tables folder, a git revision of this repository, or a source document.")
    diff.add_argument("old", help="tables folder, git revision (e.g. HEAD~1) or source document")
    diff.add_argument("new", help="tables folder, git revision or source document")
    add_diff_output(diff)
    diff.set_defaults(func=cmd_diff)
    history = sub.add_parser("history", help="timeline of the table changes across revisions of one page",
                             description="Diff consecutive revisions (sorted by date) of one page.")
    history.add_argument("files", nargs="+", help="revisions of one page (DocFX Markdown)")
    add_diff_output(history)
    history.set_defaults(func=cmd_history)
    build = sub.add_parser("build", help="extract, check, render and index, skipping unchanged stages",
                           description="The whole build into output/; stages whose inputs are unchanged are skipped.")
    build.add_argument("--force", action="store_true", help="run every stage")
    build.add_argument("--only", choices=("extract", "check", "site", "index"), help="run just this stage")
    build.add_argument("--sources", help=argparse.SUPPRESS)   # the benchmark builds corpora elsewhere
    build.add_argument("--data", help=argparse.SUPPRESS)
    build.add_argument("--output", help=argparse.SUPPRESS)
    build.add_argument("--state", help=argparse.SUPPRESS)
    build.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    build.add_argument("--report-only", action="store_true", help=argparse.SUPPRESS)
    add_accept_drop(build)
    build.set_defaults(func=cmd_build)
    ex = sub.add_parser("export", help="the English/translated segments for translation tools (XLIFF or TMX)",
                        description="Write every document's aligned English/translated segments as XLIFF 1.2, each "
                                    "finding a note on its segment, or the reusable pairs as a TMX translation memory.")
    ex.add_argument("--format", choices=tuple(export.FORMATS), required=True, help="xliff or tmx")
    ex.add_argument("--lang", help="target language (default: the only translated one, e.g. nl)")
    ex.add_argument("--tables", default=str(DEFAULT_OUT), help="tables folder (default: content/data/)")
    ex.add_argument("--output", help="write to this file instead of stdout")
    ex.set_defaults(func=cmd_export)
    exs = sub.add_parser("exports", help="every translator export (XLIFF and TMX, per translated language) into a folder",
                         description="Write support-atlas.<original>-<lang>.xlf and .tmx for every translated language "
                                     "into FOLDER, as the site's data/ folder has them.")
    exs.add_argument("folder", help="folder to write the files into")
    exs.add_argument("--tables", default=str(DEFAULT_OUT), help="tables folder (default: content/data/)")
    exs.add_argument("--record", help="write what each document's part of each file was made from here (JSON)")
    exs.add_argument("--previous", help="a previous build's export folder: parts made from the same inputs or "
                                        "segments are copied from its files (with --previous-record, that build's "
                                        "--record)")
    exs.add_argument("--previous-record", help="the --record the previous build wrote")
    exs.set_defaults(func=cmd_exports)
    sv = sub.add_parser("serve", help="preview the site; rebuild on every change and reload the open page",
                        description="Build, serve output/ on BIND:PORT, watch sources/, theme/, plugins/ and extract/, "
                                    "rebuild incrementally on a change and reload the open page; a failed rebuild "
                                    "shows its error and the last good site stays served.")
    sv.add_argument("--bind", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    sv.add_argument("--no-build", action="store_true", help="serve output/ as it is until the first change")
    sv.set_defaults(func=cmd_serve)
    bn = sub.add_parser("bench", help="benchmark the build on 1 to 1000 document pairs; write BENCHMARKS.md",
                        description="Time and measure every stage on synthetic corpora, rebuilds, the plain Pelican "
                                    "yardstick and the reader-side budgets; results go to BENCHMARKS.md.")
    bn.add_argument("--sizes", default="1,10,100,1000", help="comma-separated corpus sizes (default: 1,10,100,1000)")
    bn.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"), help="report file (default: BENCHMARKS.md)")
    bn.set_defaults(func=cmd_bench)
    dl = sub.add_parser("deadline", help="latest expected first contact for a support request",
                        description="Compute by when Microsoft Support should contact you, from the response-time "
                                    "and business-hours tables, with the reasoning.")
    dl.add_argument("--plan", required=True, help="plan slug, e.g. subscription, professional-direct, premier")
    dl.add_argument("--severity", required=True, help="severity slug, e.g. severity-a, severity-b, critical")
    dl.add_argument("--region", required=True, help="region slug: asia-pacific, japan, emea, north-america, other")
    dl.add_argument("--at", help="when the request is filed, ISO 8601 with an offset (default: now)")
    dl.add_argument("--tables", default=str(DEFAULT_OUT), help="tables folder (default: content/data/)")
    dl.set_defaults(func=cmd_deadline)
    return p


REPORT_BUG = ("this is a bug in Support Atlas, not a problem with your input: please report it with the "
              "command you ran and the traceback above")


def os_error_line(exc: OSError) -> str:
    """One line for an I/O failure: the file, then what the system said (a full disk named as such)."""
    where = exc.filename or ""
    if exc.filename2:
        where = f"{where} -> {exc.filename2}"
    what = "no space left on the device (disk full)" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    return f"{where}: {what}" if where else what


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except CoverageError as exc:
        print(f"error: {exc}; nothing was replaced", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("interrupted: nothing half-written is kept", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"error: {os_error_line(exc)}", file=sys.stderr)
        return 2
    except RecursionError:
        print("error: input nested too deeply to process (see 'Limits on input' in the README)", file=sys.stderr)
        return 2
    except Exception:   # noqa: BLE001 - a bug: show everything, and say so
        traceback.print_exc()
        print(f"error: {REPORT_BUG}", file=sys.stderr)
        return 70
