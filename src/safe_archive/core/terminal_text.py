"""Archive text shown on a terminal must not drive the terminal.

A post can carry escape sequences: OSC 52 writes the clipboard, OSC 0/2 sets the window title,
CSI 2J clears the screen, and bidi overrides (U+202E …) make text read differently from what it
is. Printed as they are, an imported post controls the reader's terminal — also through a pipe
into ``less -R`` or a log that is ``cat``-ed later.

:func:`for_terminal` shows every such character visibly instead: C0 controls as ``\\x1b``,
DEL, C1 controls, bidi controls and the Unicode line/paragraph separators as ``\\u009b``.
Nothing else changes (backslashes in text stay as they are, so ``\\x1b`` typed in a post looks
the same as an escaped ESC; nothing executes either way).

:class:`SanitizingWriter` wraps a text stream (the CLI's stdout and stderr) and applies the same
to everything written except newline, tab and carriage return, which the CLI itself uses
between fields and for its progress line; places that print archive text call
:func:`for_terminal` first, so an archive's newlines and tabs cannot forge lines or columns.
The escapes it writes (``\\uNNNN`` for everything ``json.dumps`` leaves raw) are valid inside JSON
strings, so ``--json`` output stays valid JSON and decodes to the original text.
"""

from __future__ import annotations

import io
from typing import Any, TextIO

# Bidi embedding/override/isolate controls and marks, the Arabic letter mark, and the Unicode
# line and paragraph separators (which some terminals and editors treat as line breaks).
_BIDI_AND_SEPARATORS = [0x061C, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]


def _table(keep: str) -> dict[int, str]:
    table: dict[int, str] = {c: f"\\x{c:02x}" for c in range(0x20)}
    table.update({c: f"\\u{c:04x}" for c in (0x7F, *range(0x80, 0xA0), *_BIDI_AND_SEPARATORS)})
    for ch in keep:
        table.pop(ord(ch), None)
    return table


_ALL = _table("")
_STREAM = _table("\n\t\r")
_MULTILINE = _table("\n")


def for_terminal(text: object, *, multiline: bool = False) -> str:
    """``text`` with every control, escape introducer and bidi control shown visibly.
    ``multiline`` keeps newlines (for a block of text on lines of its own)."""
    return str(text).translate(_MULTILINE if multiline else _ALL)


def has_controls(text: str) -> bool:
    return text != text.translate(_ALL)


class SanitizingWriter(io.TextIOBase):
    """A text stream that escapes controls (except newline, tab, carriage return) before
    passing text on. ``isatty``, ``encoding`` and ``fileno`` are those of the wrapped stream."""

    def __init__(self, inner: TextIO) -> None:
        super().__init__()
        self.inner = inner

    def write(self, text: Any) -> int:
        if not isinstance(text, str):  # click probes text streams with write(b"")
            raise TypeError("SanitizingWriter takes str")
        self.inner.write(text.translate(_STREAM))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.inner, "errors", None)
