"""The one error type the extractor raises on bad input.

Every message names the file and the place in it, so a user can go straight
to the problem; the command line prints it as a single line.
"""
from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """Bad input: a missing, unreadable, binary or malformed source or manifest."""

    def __init__(self, path: Path | str, place: str, message: str):
        self.path = str(path)
        self.place = place
        self.message = message
        super().__init__(str(self))

    def __reduce__(self):
        """Rebuilt from its parts when it crosses from a worker process."""
        return (SourceError, (self.path, self.place, self.message))

    def __str__(self) -> str:
        where = f"{self.path}:{self.place}" if self.place else self.path
        return f"{where}: {self.message}"


# A source file is at most this many bytes. The largest real page is 32 KB; 2 MB is 60 times that, and keeps
# the worst case of the parsers (about a second per MB) well inside a build. Only this much is ever read.
MAX_SOURCE_BYTES = 2 * 1024 * 1024


# A table file (JSON or CSV of the data package) is at most this many bytes: the 1000-document benchmark
# corpus writes tables of about 50 MB, a quarter of this.
MAX_TABLE_BYTES = 200 * 1024 * 1024


def read_limited(path: Path, limit: int, limits_note: str = "") -> bytes:
    """A file's bytes, at most `limit` of them: a missing, unreadable or larger file is a SourceError naming it."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise SourceError(path, "", "file not found") from None
    except IsADirectoryError:
        raise SourceError(path, "", "is a directory, expected a file") from None
    except OSError as exc:
        raise SourceError(path, "", f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise SourceError(path, "", f"file is larger than the limit of {limit:,} bytes{limits_note}")
    return data


def read_text(path: Path, limit: int = MAX_SOURCE_BYTES) -> str:
    """Read a source file as UTF-8 text, rejecting what is not a text document or is larger than `limit`."""
    return decode_text(read_limited(path, limit, " (see 'Limits on input' in the README)"), path)


def decode_text(data: bytes, path: Path | str) -> str:
    """Decode bytes as UTF-8 text; binary or empty content is an error."""
    if b"\x00" in data[:8192]:
        raise SourceError(path, "", "binary file (NUL byte), expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(path, f"line {line}", f"not UTF-8 (byte 0x{data[exc.start]:02x})") from None
    if not text.strip():
        raise SourceError(path, "", "file is empty")
    return text.replace("\r\n", "\n").replace("\r", "\n")
