"""The baseline: findings accepted by a person, each with a reason.

A finding in the baseline does not fail the build; an error that is not in it
does. Baseline entries that no longer occur are reported as stale, so the
file does not silently outlive the defects it describes.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import SourceError, read_text
from ..limits import load_yaml

BASELINE_PATH = Path(__file__).resolve().parent.parent / "baseline.yaml"


@dataclass(frozen=True)
class Accepted:
    id: str
    reason: str


def load_baseline(path: Path = BASELINE_PATH) -> dict[str, Accepted]:
    try:
        data = load_yaml(read_text(path)) or {}
    except yaml.YAMLError as exc:
        raise SourceError(path, "", f"invalid YAML: {exc}") from None
    entries = data.get("accepted") or []
    out = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("id") or not entry.get("reason"):
            raise SourceError(path, f"accepted[{i}]", "each entry needs an 'id' and a 'reason'")
        out[entry["id"]] = Accepted(entry["id"], entry["reason"])
    return out
