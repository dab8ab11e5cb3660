"""A one-line progress display on stderr, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.start = time.monotonic()
        self._shown = False

    def update(self, message: str) -> None:
        if not self.enabled:
            return
        elapsed = time.monotonic() - self.start
        self.stream.write(f"\r\x1b[2K{message} ({elapsed:.1f}s)")
        self.stream.flush()
        self._shown = True

    def done(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._shown = False


def warn(message: str) -> None:
    """One line on stderr that does not stop the run."""
    print(f"fixer: warning: {message}", file=sys.stderr)
