"""The check report: findings grouped by severity and document, a one-line summary last."""
from __future__ import annotations

from .baseline import Accepted
from .finding import SEVERITIES

SEVERITY_ORDER = SEVERITIES


def report(findings: list[dict], baseline: dict[str, Accepted]) -> tuple[list[str], int, list[str]]:
    """(report lines, number of new errors, stale baseline ids)."""
    lines: list[str] = []
    new_errors = 0
    for severity in SEVERITY_ORDER:
        group = [f for f in findings if f["severity"] == severity]
        if not group:
            continue
        lines.append(f"{severity.upper()}S ({len(group)})")
        by_doc: dict[str, list[dict]] = {}   # grouped once: scanning the group per document grows with N²
        for f in group:
            by_doc.setdefault(f["docs"], []).append(f)
        for doc in sorted(by_doc):
            lines.append(f"  {doc or '(all documents)'}")
            for f in by_doc[doc]:
                accepted = f["id"] in baseline
                if severity == "error" and not accepted:
                    new_errors += 1
                mark = "accepted" if accepted else "NEW"
                cause = f" [{f['cause']}{': ' + f['revision'] if f['revision'] else ''}]" if f["cause"] else ""
                lines.append(f"    {mark:8} {f['message']}{cause}")
                lines.append(f"             id: {f['id']}")
    ids = {f["id"] for f in findings}
    stale = sorted(i for i in baseline if i not in ids)
    for i in stale:
        lines.append(f"stale baseline entry (no longer found): {i}")
    return lines, new_errors, stale
