"""A progress line on stderr for long runs: done, rate, time left. Silent when stderr is not a terminal."""
from __future__ import annotations

import sys
import time

MIN_ITEMS = 100   # shorter runs finish before a progress line would help


class Progress:
    def __init__(self, what: str, total: int, stream=None):
        self.what, self.total, self.count = what, total, 0
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.active = total >= MIN_ITEMS and self.stream.isatty()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.count / elapsed
        left = (self.total - self.count) / rate if rate else 0
        return f"{self.what}: {self.count}/{self.total}, {rate:.1f}/s, {left:.0f} s left"

    def advance(self, n: int = 1) -> None:
        self.count += n
        if self.active:
            self.stream.write("\r" + self.line().ljust(60))
            self.stream.flush()

    def done(self) -> None:
        if self.active:
            self.stream.write("\r" + self.line().ljust(60) + "\n")
            self.stream.flush()
