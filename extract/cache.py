"""A content-hash cache of each document group's extraction (its rows encoded as the table files hold them, the
rows the main process reads, and its pair checks) and of the revisions' tables, so unchanged sources are not
extracted again.

A cache key is the hash of the inputs (file bytes) and of the extractor's own
code and glossary, so editing the extractor invalidates everything it made.
Entries are pickles under cache/extract/ (not committed); a corrupt or
unreadable entry is treated as a miss. The writer also remembers there, under tables/, which table file each
table's rows made (writer.reuse_previous).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

CACHE_DIR = Path(os.environ.get("ATLAS_CACHE", Path(__file__).resolve().parent.parent / "cache")) / "extract"


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of every module and data file of the extractor."""
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for path in sorted([*here.rglob("*.py"), *here.rglob("*.yaml")]):
        digest.update(path.relative_to(here).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key(*parts: bytes | str) -> str:
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def _path(k: str, kind: str) -> Path:
    """An entry's file: kinds other than the groups' and revisions' live in a folder of their own."""
    return CACHE_DIR / kind / f"{k}.pickle"


def has(k: str, kind: str = "") -> bool:
    """Whether an entry is stored under k (it may still turn out unreadable: load says)."""
    return _path(k, kind).is_file()


def load(k: str, kind: str = ""):
    try:
        with _path(k, kind).open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


def store(k: str, value, kind: str = "") -> None:
    store_pickled(k, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), kind)


def store_pickled(k: str, data: bytes, kind: str = "") -> None:
    """Store a value already pickled (load reads it back)."""
    path = _path(k, kind)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        pass   # a cache that cannot be written only costs time
