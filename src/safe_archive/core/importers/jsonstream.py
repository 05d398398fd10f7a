"""Streaming JSON: big arrays with ijson, JavaScript-wrapped arrays, strict JSON lines.

X archives wrap arrays as ``window.YTD.tweets.part0 = [ ... ]`` (Grailbird:
``Grailbird.data.tweets_2015_01 = [ ... ]``). :func:`js_array_items` skips everything before
the first ``[`` and a trailing ``;`` and streams the items with ijson - it never evaluates
anything. Floats come back as :class:`decimal.Decimal`; ids that are floats are refused later.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

import ijson

from safe_archive.core.errors import ImportError_

JSON_ERRORS: tuple[type[Exception], ...] = (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError)
PREFIX_LIMIT = 4096  # a JS prefix longer than this is not an export file


class _FromArray(io.RawIOBase):
    """The bytes of ``raw`` from its first ``[`` on, without a trailing ``;``."""

    def __init__(self, raw: BinaryIO, label: str) -> None:
        super().__init__()
        self._raw = raw
        self._label = label
        self._pending = b""
        self._started = False
        self._eof = False

    def readable(self) -> bool:
        return True

    def _start(self) -> None:
        head = b""
        while b"[" not in head:
            chunk = self._raw.read(1024)
            if not chunk:
                raise ImportError_(f"{self._label}: no JSON array found in the file.")
            head += chunk
            if len(head) > PREFIX_LIMIT and b"[" not in head:
                raise ImportError_(f"{self._label}: no JSON array near the start of the file.")
        prefix, _, rest = head.partition(b"[")
        if b"{" in prefix or b'"' in prefix.split(b"=")[-1]:
            raise ImportError_(f"{self._label}: not a JavaScript-wrapped JSON array.")
        self._pending = b"[" + rest
        self._started = True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if not self._started:
            self._start()
        want = len(buffer)
        while not self._eof and len(self._pending) < want + 64:
            chunk = self._raw.read(max(want, 65536))
            if not chunk:
                self._eof = True
                self._pending = self._pending.rstrip(b" \t\r\n;")
                break
            self._pending += chunk
        # keep 64 bytes back until EOF so a trailing ';' can be stripped
        take = len(self._pending) if self._eof else max(0, len(self._pending) - 64)
        take = min(take, want)
        buffer[:take] = self._pending[:take]
        self._pending = self._pending[take:]
        return take


MAX_DEPTH = 512  # real exports nest a few dozen levels at most

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)  # a complete JSON string
_STRING_REST = re.compile(rb'[^"\\]*(?:\\.[^"\\]*)*', re.DOTALL)  # a string's body up to its end
_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]|"', re.DOTALL)  # a string, a bracket, an open string
_PAIR = re.compile(rb"[\[{][\]}]")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class _DepthGuard:
    """A binary reader for ijson that refuses JSON nested deeper than :data:`MAX_DEPTH`.

    Why: ijson keeps a prefix string per nesting level, so memory grows with the square of the
    depth: measured here (yajl2_c backend) 252 MiB at 10,000 levels, over 2 GiB at 50,000, and
    a 400 KB file with 200,000 ``[`` got the process killed by the kernel. The guard tracks
    strings and escapes across reads and counts brackets outside strings. Most chunks need only
    C-level work (strings removed with one regex, a bound on the deepest point); an exact scan
    runs only when that bound passes the limit. The bytes before the offending bracket are
    handed to ijson, so the items before it are still read; the next read raises.
    """

    def __init__(self, raw: BinaryIO, label: str) -> None:
        self._raw = raw
        self._label = label
        self._depth = 0
        self._in_string = False
        self._escape = False  # inside a string, the last byte read was an unpaired backslash
        self._offset = 0
        self._error: ImportError_ | None = None

    def read(self, size: int = -1) -> bytes:
        if self._error is not None:
            raise self._error
        data = self._raw.read(size)
        if not data:
            return data
        cut = self._scan(data)
        if cut < len(data):
            self._error = ImportError_(
                f"{self._label}: the JSON is nested more than {MAX_DEPTH} levels deep (at byte "
                f"{self._offset + cut:,}); the records before that point were read, the rest of "
                "the file was not. The file may be malformed or hostile."
            )
            if cut == 0:
                raise self._error
            data = data[:cut]
        self._offset += len(data)
        return data

    def _string_end(self, data: bytes, pos: int) -> int:
        """Inside a string at ``pos``: the index after its closing quote, or -1 if it goes on
        past this chunk (then ``_escape`` tells whether a backslash is pending)."""
        if self._escape:
            self._escape = False
            pos += 1
            if pos >= len(data):
                return -1
        end = _STRING_REST.match(data, pos).end()  # type: ignore[union-attr]
        if end < len(data) and data[end] == 0x22:  # '"'
            self._in_string = False
            return end + 1
        self._escape = end < len(data)  # stopped at a lone backslash, the chunk's last byte
        return -1

    def _scan(self, data: bytes) -> int:
        """Advance the state over ``data``; returns ``len(data)``, or the offset of the bracket
        that goes deeper than the limit."""
        state = (self._depth, self._in_string, self._escape)
        pos = 0
        if self._in_string:
            pos = self._string_end(data, 0)
            if pos < 0:
                return len(data)
        structure = _STRING.sub(b"", data[pos:])
        quote = structure.find(b'"')
        if quote >= 0:  # a string that goes on into the next chunk (every complete one is gone)
            self._in_string = True
            self._string_end(structure, quote + 1)  # only to learn whether an escape is pending
            structure = structure[:quote]
        brackets = structure.translate(None, _NOT_BRACKETS)
        opens = brackets.count(b"[") + brackets.count(b"{")
        end_depth = self._depth + opens - (len(brackets) - opens)
        if self._depth + opens <= MAX_DEPTH:
            self._depth = end_depth
            return len(data)
        # A tighter bound: strip innermost pairs k times until only "closes then opens" is
        # left; the chunk never goes deeper than its start + the opens left + k.
        rounds = 0
        while rounds <= MAX_DEPTH - self._depth:
            reduced = _PAIR.sub(b"", brackets)
            if len(reduced) == len(brackets):
                left_open = len(reduced) - reduced.count(b"]") - reduced.count(b"}")
                if self._depth + left_open + rounds <= MAX_DEPTH:
                    self._depth = end_depth
                    return len(data)
                break
            brackets, rounds = reduced, rounds + 1
        self._depth, self._in_string, self._escape = state
        return self._exact(data)

    def _exact(self, data: bytes) -> int:
        pos = 0
        if self._in_string:
            pos = self._string_end(data, 0)
            if pos < 0:  # pragma: no cover - _scan returned early for this case
                return len(data)
        for match in _TOKEN.finditer(data, pos):
            token = match.group()
            if token == b'"':  # a string that goes on into the next chunk
                self._in_string = True
                self._string_end(data, match.end())
                break
            if token in (b"[", b"{"):
                if self._depth == MAX_DEPTH:
                    return match.start()
                self._depth += 1
            elif token in (b"]", b"}"):
                self._depth -= 1
        return len(data)


def js_array_items(raw: BinaryIO, label: str) -> Iterator[Any]:
    """Items of a (possibly JS-wrapped) top-level JSON array, streamed."""
    stream = io.BufferedReader(_FromArray(raw, label), buffer_size=65536)
    yield from items_at(stream, "item", label)


def items_at(stream: BinaryIO, prefix: str, label: str) -> Iterator[Any]:
    """Stream the values at an ijson ``prefix``; a syntax error is an ImportError_."""
    try:
        yield from ijson.items(_DepthGuard(stream, label), prefix, use_float=False)
    except JSON_ERRORS as exc:
        raise ImportError_(f"{label}: the JSON is damaged or truncated ({_short(exc)}).") from None


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:80]


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def loads_line(line: bytes) -> Any:
    """One JSON line; floats stay exact (Decimal) so float ids can be refused."""
    from decimal import Decimal

    return json.loads(line, parse_float=Decimal, parse_constant=_refuse_constant)


def line_problem(exc: Exception) -> str:
    """Why one JSON line could not be decoded, in words that never quote the line.

    Besides syntax errors, :func:`json.loads` raises ``RecursionError`` on deeply nested values
    (a few hundred thousand ``[`` on one line), ``ValueError`` on integers over Python's
    4,300-digit limit and, here, on ``NaN``/``Infinity``. All of them concern this one line
    only: the caller reports the record and reads on.
    """
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc.msg} at column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "not readable: the JSON is nested too deeply"
    text = str(exc)
    if "digits" in text and "integer" in text:
        return "not readable: a number in it has too many digits"
    if text.endswith("is not valid JSON") and len(text) < 40:  # our own NaN/Infinity message
        return f"not valid JSON ({text})"
    return "not valid JSON"


# What decoding one line can raise besides the syntax error (see :func:`line_problem`).
LINE_ERRORS: tuple[type[Exception], ...] = (ValueError, RecursionError)  # JSONDecodeError, UnicodeDecodeError are ValueErrors


def json_lines(raw: BinaryIO) -> Iterator[tuple[int, Any | Exception]]:
    """``(line number, value or the error)`` for each non-blank line of a JSON Lines stream."""
    for number, line in enumerate(io.BufferedReader(raw), start=1):  # type: ignore[type-var]
        if not line.strip():
            continue
        try:
            yield number, loads_line(line)
        except LINE_ERRORS as exc:
            yield number, ValueError(line_problem(exc))


def first_json_line(head: bytes) -> Any:
    """The first complete JSON line in ``head`` (for sniffing), or ``None``."""
    for line in head.split(b"\n")[:5]:
        line = line.strip()
        if not line:
            continue
        try:
            return loads_line(line)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None
    return None


def json_records(raw: BinaryIO, label: str) -> Iterator[tuple[int, Any | Exception]]:
    """Records of a JSON Lines file, of a JSON array, or of one (pretty-printed) JSON object.

    JSON Lines are read line by line, so one bad line is one bad record. An array or a
    multi-line object is streamed with ijson; damage there stops the file (ImportError_).
    """
    stream = io.BufferedReader(raw, buffer_size=65536)  # type: ignore[type-var]
    head = stream.peek(65536)[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"\xef\xbb\xbf"):
        stream.read(3)
    if head.startswith(b"["):
        for number, value in enumerate(items_at(stream, "item", label), start=1):
            yield number, value
        return
    first = head.split(b"\n", 1)[0].strip()
    complete = False
    if first:
        try:
            loads_line(first)
            complete = True
        except (ValueError, UnicodeDecodeError, RecursionError):
            complete = False
    if complete or not first.startswith(b"{"):
        yield from json_lines(stream)
        return
    try:
        values = ijson.items(_DepthGuard(stream, label), "", use_float=False, multiple_values=True)
        for number, value in enumerate(values, start=1):
            yield number, value
    except JSON_ERRORS as exc:
        raise ImportError_(f"{label}: the JSON is damaged or truncated ({_short(exc)}).") from None


def values_where(stream: BinaryIO, label: str, wanted: Callable[[str], bool]) -> Iterator[tuple[str, Any]]:
    """``(prefix, value)`` for every value whose ijson prefix ``wanted`` accepts, in document
    order, in one streamed pass (e.g. a chat's ``name`` and then each of its messages).

    Only one wanted value is held at a time, so memory is bounded by the largest one; a value
    inside a wanted value is not reported separately."""
    from ijson.common import ObjectBuilder

    try:
        events = ijson.parse(_DepthGuard(stream, label), use_float=False)
        for prefix, event, value in events:
            if event in ("end_map", "end_array", "map_key") or not wanted(prefix):
                continue
            if event not in ("start_map", "start_array"):
                yield prefix, value
                continue
            builder = ObjectBuilder()
            depth = 1
            builder.event(event, value)
            for _inner, event, value in events:
                if event in ("start_map", "start_array"):
                    depth += 1
                elif event in ("end_map", "end_array"):
                    depth -= 1
                    if depth == 0:
                        break
                builder.event(event, value)
            yield prefix, builder.value
    except JSON_ERRORS as exc:
        raise ImportError_(f"{label}: the JSON is damaged or truncated ({_short(exc)}).") from None
