"""response_times: initial response time per severity and plan, from the severity table.

A cell line such as "Unified Core/Advanced: < 1 hour, around the clock" states
one commitment for two plans, so it becomes two rows.
"""
from __future__ import annotations

import re

from ..glossary import load_glossary
from ..normalize import around_the_clock, parse_durations
from .base import LANG, Context, Field, Resource, Row, header_columns, provenance, provenance_fields, tables_of_kind

SEVERITIES = ("critical", "severity-a", "severity-b", "standard", "severity-c")
PLANS = ("subscription", "professional-direct", "premier", "unified-core", "unified-advanced", "unified-performance")

RESOURCE = Resource(
    name="response_times",
    title="Initial response times",
    description="Maximum initial response time per severity and support plan, as stated in the severity table.",
    fields=(
        LANG,
        Field("severity", "string", "Severity slug", enum=SEVERITIES),
        Field("severity_label", "string", "Severity as written"),
        Field("impact", "string", "Business impact as written (first line of the situation cell)"),
        Field("situation", "string", "Description of the customer's situation as written (rest of the cell)"),
        Field("plan", "string", "Support plan slug", enum=PLANS),
        Field("plan_label", "string", "Plan label as written in the cell line (may name several plans)"),
        Field("max_minutes", "integer", "Maximum initial response time in minutes; empty when the text states conflicting values"),
        Field("stated_minutes", "string", "When the text states this cell more than once with different times: each time in minutes, in the order written, ';'-separated (max_minutes is then empty)"),
        Field("around_the_clock", "boolean", "True when the time counts around the clock, false when business hours only"),
        Field("statement", "string", "The cell line as written"),
        *provenance_fields(),
    ),
    primary_key=("lang", "doc", "severity", "plan"),
)


def expand_plan_label(label: str) -> list[str]:
    """'Unified Core/Advanced' -> ['Unified Core', 'Unified Advanced']; 'ProDirect' -> ['ProDirect']."""
    parts = [p.strip() for p in label.split("/") if p.strip()]
    if len(parts) < 2:
        return parts
    head = parts[0].split()
    prefix = " ".join(head[:-1])
    out = [parts[0]]
    for part in parts[1:]:
        out.append(f"{prefix} {part}".strip() if prefix and len(part.split()) == 1 else part)
    return out


def parse_response_line(line: str, lang: str) -> tuple[str, list[str], int | None, bool] | None:
    """(label, plan slugs, minutes, around the clock) of 'Label: < N unit[, around the clock]'."""
    m = re.match(r"^\s*(?P<label>[^:]{2,60}):\s*(?P<rest>.+)$", line)
    if not m:
        return None
    gloss = load_glossary()
    label = m.group("label").strip()
    slugs = [gloss.lookup("plans", name, lang) or gloss.lookup("plans", name) for name in expand_plan_label(label)]
    durations = parse_durations(m.group("rest"), lang)
    minutes = durations[0].minutes if len(durations) == 1 else None
    return label, [s for s in slugs if s], minutes, around_the_clock(m.group("rest"), lang)


def build(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    for doc, entry, table, en_table in tables_of_kind(ctx, "response-times"):
        cols = header_columns(en_table.rows[0], ctx.glossary)
        sev_col = cols.index("severity") if "severity" in cols else 0
        sit_col = cols.index("situation") if "situation" in cols else 1
        rt_col = cols.index("response-time") if "response-time" in cols else len(cols) - 1
        seen: dict[tuple[str, str], Row] = {}
        for r, row in enumerate(table.rows[1:], start=1):
            if len(row) <= rt_col:
                continue
            en_row = en_table.rows[r]
            sev_label = row[sev_col].plain
            severity = ctx.glossary.lookup("severities", sev_label, doc.lang)
            if severity is None:
                severity = ctx.glossary.lookup("severities", en_row[sev_col].plain, doc.original_lang)
                ctx.note(doc, entry, table.row_line(r), "unrecognised",
                         f"severity label '{sev_label}' is not in the glossary; keyed by its original row")
            if severity is None:
                ctx.note(doc, entry, table.row_line(r), "unrecognised", f"severity '{en_row[sev_col].plain}' is unknown")
                continue
            situation_lines = row[sit_col].text.lines if len(row) > sit_col else []
            impact = situation_lines[0] if situation_lines else ""
            situation = " ".join(situation_lines[1:])
            cell = row[rt_col]
            for k, line in enumerate(cell.text.lines):
                parsed = parse_response_line(line, doc.lang)
                if not parsed or not parsed[1]:
                    if line.strip():
                        ctx.note(doc, entry, cell.line_of(k), "unrecognised",
                                 f"{severity}: cannot read a plan and time from '{line}'")
                    continue
                label, plans, minutes, atc = parsed
                for plan in plans:
                    key = (severity, plan)
                    new = {"lang": doc.lang, "severity": severity, "severity_label": sev_label, "impact": impact,
                           "situation": situation,
                           "plan": plan, "plan_label": label, "max_minutes": minutes, "stated_minutes": "",
                           "around_the_clock": atc,
                           "statement": line, **provenance(doc, entry, cell.line_of(k))}
                    if key in seen:
                        old = seen[key]
                        if (old["max_minutes"], old["around_the_clock"]) != (minutes, atc):
                            ctx.note(doc, entry, cell.line_of(k), "conflict",
                                     f"{severity} / {plan}: stated twice with different values: "
                                     f"'{old['statement']}' and '{line}'")
                            stated = old["stated_minutes"].split(";") if old["stated_minutes"] else [old["max_minutes"]]
                            old["stated_minutes"] = ";".join(str(m) for m in (*stated, minutes) if m is not None)
                            old["max_minutes"] = None
                            old["statement"] = f"{old['statement']} | {line}"
                        continue
                    seen[key] = new
                    rows.append(new)
    return rows
