"""Parse the timestamp shapes exports use into timezone-aware UTC datetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_NUMERIC = re.compile(r"^-?\d+(\.\d+)?$")
# Twitter's "Wed Oct 10 20:19:24 +0000 2018", parsed without strptime (it is slow and this
# shape is in every tweet of an archive).
_TWITTER = re.compile(r"^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) \+0000 (\d{4})$")
_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}


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
        return datetime.fromtimestamp(number, tz=UTC)
    if not isinstance(value, str):
        raise ValueError("not a time")
    text = value.strip()
    fast = _TWITTER.match(text)
    if fast and fast.group(1) in _MONTHS:
        month = _MONTHS[fast.group(1)]
        day, hour, minute, second, year = (int(fast.group(i)) for i in (2, 3, 4, 5, 6))
        try:
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        except ValueError:
            raise ValueError("unrecognised time format") from None
    for attempt in (_iso, _twitter, _grailbird, _rfc2822):
        parsed = attempt(text)
        if parsed is not None:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
            return parsed.astimezone(UTC)
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
