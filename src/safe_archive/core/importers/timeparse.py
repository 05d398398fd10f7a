"""Parse the timestamp shapes exports use into timezone-aware UTC datetimes."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

_NUMERIC = re.compile(r"^-?\d+(\.\d+)?$")


def parse_time(value: object) -> datetime | None:
    """ISO 8601, RFC 2822, Twitter's ``Wed Oct 10 20:19:24 +0000 2018``, or epoch seconds /
    milliseconds (number or numeric string). Naive times are taken as UTC. ``None``/empty -> None.

    Raises ValueError for anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("not a time")
    if isinstance(value, (int, float)) or (isinstance(value, str) and _NUMERIC.match(value.strip())):
        number = float(value)
        if abs(number) > 1e11:  # milliseconds
            number /= 1000.0
        return datetime.fromtimestamp(number, tz=timezone.utc)
    if not isinstance(value, str):
        raise ValueError("not a time")
    text = value.strip()
    for attempt in (_iso, _twitter, _grailbird, _rfc2822):
        parsed = attempt(text)
        if parsed is not None:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=timezone.utc)
            return parsed.astimezone(timezone.utc)
    raise ValueError("unrecognised time format")


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace(" UTC", "+00:00"))
    except ValueError:
        return None


def _twitter(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")
    except ValueError:
        return None


def _grailbird(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        return None


def _rfc2822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
