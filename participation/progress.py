"""A progress bar for the long-running commands, drawn on standard error.

It is told each item (or batch of items) as it is done; off when the output is not a
terminal, so logs stay clean.
"""

from __future__ import annotations

import sys
import time

WIDTH = 30


class Progress:
    def __init__(self, total: int, *, enabled: bool = True) -> None:
        self.total, self.enabled = max(total, 1), enabled
        self.count, self.shown_at = 0, 0.0

    def advance(self, n: int = 1) -> None:
        """``n`` more items are done: one row of an export, a batch of a bulk load."""
        self.count += n
        now = time.monotonic()
        if self.enabled and now - self.shown_at > 0.1:
            self.shown_at = now
            self._draw(min(self.count, self.total))

    def done(self) -> None:
        if self.enabled:
            self._draw(self.total)
            sys.stderr.write("\n")

    def _draw(self, count: int) -> None:
        filled = WIDTH * count // self.total
        bar = "#" * filled + "-" * (WIDTH - filled)
        sys.stderr.write(f"\r[{bar}] {count}/{self.total}")
        sys.stderr.flush()
