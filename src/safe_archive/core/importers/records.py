"""Small, strict helpers every format importer shares: ids, lookups, record guards.

Exports are untrusted input: any field can be missing, of the wrong type or hostile. These
helpers turn such surprises into :class:`ValueError` with a short message (never post text),
which importers turn into :class:`~safe_archive.core.errors.RecordError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from safe_archive.core.errors import RecordError
from safe_archive.core.importers.base import Excluded, ImportItem, Notice, Relation
from safe_archive.core.importers.timeparse import parse_time
from safe_archive.core.model import Post

T = TypeVar("T")

# Exceptions a malformed record (not a malformed file) can raise inside a converter.
RECORD_PROBLEMS: tuple[type[Exception], ...] = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    RecursionError,
)

# C0 controls (and DEL) except tab, newline and carriage return: NUL and friends end up in
# exports, terminals and other tools that truncate or misrender them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_controls(text: str) -> str:
    """``text`` with C0 control characters (not tab/newline/CR) replaced by a space: a space,
    not nothing, so offsets found at import (entities, facets) stay right."""
    return _CONTROL.sub(" ", text) if _CONTROL.search(text) else text


_SCIENTIFIC = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")
JS_SAFE_INT = 2**53  # ids above this were probably rounded by a JavaScript tool


def as_id(value: Any, what: str = "id") -> str | None:
    """A platform id as a string; refuse floats and JS-unsafe numbers (precision lost)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"{what} is a boolean, not an id")
    if isinstance(value, (float, Decimal)):
        raise ValueError(f"{what} is a floating-point number (precision lost); export ids as strings")
    if isinstance(value, int):
        if abs(value) > JS_SAFE_INT:
            raise ValueError(
                f"{what} is a number above 2^53 and may have been rounded; use the string id (id_str)"
            )
        return str(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if len(text) > 512:
            raise ValueError(f"{what} is implausibly long")
        if _SCIENTIFIC.match(text):
            raise ValueError(f"{what} was turned into a rounded number ({text}) by a spreadsheet; export ids as text")
        return text
    raise ValueError(f"{what} has an unexpected type ({type(value).__name__})")


def require_id(value: Any, what: str = "id") -> str:
    result = as_id(value, what)
    if result is None:
        raise ValueError(f"no {what}")
    return result


def dig(obj: Any, *path: str | int) -> Any:
    """``obj[p0][p1]...`` or ``None`` when any step is missing or of the wrong type."""
    for step in path:
        if isinstance(step, int):
            if not isinstance(obj, list) or not -len(obj) <= step < len(obj):
                return None
            obj = obj[step]
        else:
            if not isinstance(obj, dict):
                return None
            obj = obj.get(step)
    return obj


def text_or_none(value: Any) -> str | None:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    return None


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def time_field(value: Any, what: str = "created time") -> Any:
    """Parse a time field; a bad value is a record problem, a missing one is ``None``."""
    if isinstance(value, Decimal):
        value = float(value)
    try:
        return parse_time(value)
    except (ValueError, OverflowError, OSError) as exc:
        raise ValueError(f"{what}: {exc}") from None


def guarded(source: str, record: str | int, convert: Callable[..., Any], *args: Any) -> Iterator[ImportItem]:
    """``convert(*args)`` for one record; a malformed record becomes a RecordError, never a crash.

    ``convert`` returns one item or an iterable of items; it runs to completion inside the
    ``try`` so errors surface here, not later in the consumer.
    """
    try:
        result = convert(*args)
        produced = [result] if isinstance(result, (Post, Excluded, RecordError, Relation, Notice)) else list(result)
    except RECORD_PROBLEMS as exc:
        problem = str(exc) if isinstance(exc, ValueError) and str(exc) else None
        yield RecordError(source, record, problem or f"malformed record ({type(exc).__name__})")
        return
    yield from produced


# One post's text at most (a 300-page book). Longer texts are refused as a bad record: scrubbing
# scales with length (measured ~6 minutes for 1,000,000 characters on the 2-core dev machine).
MAX_POST_CHARS = 1_000_000

_SURROGATE = re.compile("[\ud800-\udfff]")


def unstorable(post: Post) -> str | None:
    """Why SQLite would refuse this post (it must be valid UTF-8), or None.

    JSON escapes like "\\ud83d" without their pair decode to lone surrogates, which cannot be
    encoded; without this check one such record raised UnicodeEncodeError mid-batch and
    aborted the whole import."""
    if len(post.text) > MAX_POST_CHARS:
        return (
            f"text is {len(post.text):,} characters, over the limit of {MAX_POST_CHARS:,} for one post "
            "(scrubbing it would take very long); split it into parts and import those"
        )
    for name in ("text", "source_id", "platform", "author_handle", "author_name", "author_id", "reply_to", "lang", "kind"):
        value = getattr(post, name, None)
        if isinstance(value, str) and _SURROGATE.search(value):
            return f"{name.replace('_', ' ')} contains invalid Unicode (an unpaired surrogate escape); fix the file and import again"
    return None
