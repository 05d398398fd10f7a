"""Generic CSV and JSON Lines files from research tools and spreadsheets.

Columns are found by name (``text``/``body``/``full_text``…, ``id``, ``author``…, ``created_at``…)
or mapped explicitly with ``--map text=body,id=post_id``. Records without an id get a content id.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from safe_archive.core.errors import ImportError_, RecordError
from safe_archive.core.importers.base import ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.csvstream import csv_rows
from safe_archive.core.importers.jsonstream import LINE_ERRORS, line_problem
from safe_archive.core.importers.records import RECORD_PROBLEMS
from safe_archive.core.importers.timeparse import parse_time
from safe_archive.core.model import Post

# Our field -> column names we recognise (lower-case, first match wins).
COLUMN_ALIASES: Mapping[str, tuple[str, ...]] = {
    "text": ("text", "full_text", "body", "content", "message", "post", "tweet", "selftext", "story"),
    "id": ("id", "id_str", "post_id", "tweet_id", "status_id", "source_id", "uuid", "uri"),
    "author": (
        "author_handle", "author", "username", "screen_name", "user_screen_name", "handle",
        "user", "user_name", "author.username",
    ),
    "author_name": ("author_name", "name", "display_name", "user_display_name", "author.name"),
    "author_id": ("author_id", "user_id", "author.id"),
    "created_at": (
        "created_at", "created", "date", "timestamp", "time", "datetime", "created_utc", "published",
    ),
    "lang": ("lang", "language"),
    "reply_to": ("in_reply_to_id", "reply_to", "in_reply_to_status_id", "parent_id"),
    "platform": ("platform", "source_platform"),
}

FIELDS = tuple(COLUMN_ALIASES)


def resolve_columns(columns: list[str], column_map: Mapping[str, str]) -> dict[str, str]:
    """Map our fields to the file's columns; explicit ``column_map`` entries win."""
    unknown = set(column_map) - set(FIELDS)
    if unknown:
        raise ImportError_(
            f"--map names unknown field(s) {', '.join(sorted(unknown))}; "
            f"known fields: {', '.join(FIELDS)}."
        )
    by_lower = {c.strip().lower(): c for c in columns}
    resolved: dict[str, str] = {}
    for our, theirs in column_map.items():
        if theirs not in columns and theirs.lower() not in by_lower:
            raise ImportError_(f"--map {our}={theirs}: the file has no column {theirs!r}.")
        resolved[our] = theirs if theirs in columns else by_lower[theirs.lower()]
    _add_aliases(resolved, by_lower)
    if "text" not in resolved:
        raise ImportError_(NO_TEXT + " Name it with --map text=COLUMN.")
    return resolved


NO_TEXT = "no text column found (looked for: " + ", ".join(COLUMN_ALIASES["text"]) + ")."


def _add_aliases(resolved: dict[str, str], by_lower: Mapping[str, str]) -> None:
    """Our fields not resolved yet, from the columns (lower-case name -> column) by alias."""
    for our, aliases in COLUMN_ALIASES.items():
        if our in resolved:
            continue
        for alias in aliases:
            if alias in by_lower:
                resolved[our] = by_lower[alias]
                break


def _get(row: Mapping[str, Any], column: str) -> Any:
    if column in row:
        return row[column]
    value: Any = row
    for part in column.split("."):  # dotted paths into nested JSON
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _as_id(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        raise ValueError("id is a floating-point number (precision lost); export ids as strings")
    return str(value).strip()


def post_from_row(
    row: Mapping[str, Any], columns: Mapping[str, str], source: str, platform: str
) -> Post:
    text = _get(row, columns["text"])
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty or missing text")

    def col(name: str) -> Any:
        return _get(row, columns[name]) if name in columns else None

    author = col("author")
    if isinstance(author, Mapping):  # {"username": ..., "name": ...}
        author_name = author.get("name")
        author = author.get("username") or author.get("handle") or author.get("screen_name")
    else:
        author_name = col("author_name")
    source_id = _as_id(col("id"))
    author_s = str(author).strip().lstrip("@") if author not in (None, "") else None
    if source_id is None:
        source_id = Post.content_id(author_s, text)
    try:
        created = parse_time(col("created_at"))
    except ValueError as exc:
        raise ValueError(f"created time: {exc}") from None
    return Post(
        platform=str(col("platform") or platform),
        source_id=source_id,
        text=text,
        author_handle=author_s,
        author_name=str(author_name) if author_name else None,
        author_id=_as_id(col("author_id")),
        created_at=created,
        reply_to=_as_id(col("reply_to")),
        lang=str(col("lang")) if col("lang") else None,
        source_file=source,
    )


@register
class CsvImporter(Importer):
    name = "csv"
    description = "CSV with a text column (id, author, created_at detected or --map'ped)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir() or not head:
            return 0.0
        suffix = path.suffix.lower()
        if suffix in (".csv", ".tsv"):
            return 0.3  # specific CSV importers (twarc-csv, Reddit, 4CAT) score higher
        return 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        source = path.name
        platform = ctx.options.platform or "generic"
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
        with ctx.open_binary(path) as raw:
            header, rows = csv_rows(raw, source, dialect)
            columns = resolve_columns(header, ctx.options.column_map)
            for line, row in rows:
                if isinstance(row, Exception):
                    yield RecordError(source, f"line {line}", str(row))
                    continue
                try:
                    yield post_from_row(row, columns, source, platform)
                except (ValueError, TypeError) as exc:
                    yield RecordError(source, f"line {line}", str(exc))


@register
class JsonlImporter(Importer):
    name = "jsonl"
    description = "JSON Lines with a text field (id, author, created_at detected or --map'ped)"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir() or not head.lstrip().startswith(b"{"):
            return 0.0
        return 0.3 if path.suffix.lower() in (".jsonl", ".ndjson", ".json", ".txt") else 0.1

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        source = path.name
        platform = ctx.options.platform or "generic"
        columns: dict[str, str] | None = None
        # JSON Lines records need not share their fields: each key set is resolved once (the
        # --map entries, checked against the first record, win in all)
        explicit: dict[str, str] = {}
        by_keys: dict[tuple[object, ...], dict[str, str] | None] = {}
        first_keys: tuple[object, ...] = ()
        with ctx.open_binary(path) as raw:
            for number, line in enumerate(io.BufferedReader(raw), start=1):  # type: ignore[type-var]
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except LINE_ERRORS as exc:
                    if columns is None and line.strip() in (b"{", b"[", b"\xef\xbb\xbf{", b"\xef\xbb\xbf["):
                        raise ImportError_(NOT_JSON_LINES.format(source=source)) from None
                    # Syntax errors, and also RecursionError (deep nesting) and ValueError (an
                    # integer over 4,300 digits): one bad line, not a bad file; read on.
                    yield RecordError(source, f"line {number}", line_problem(exc))
                    continue
                if not isinstance(record, dict):
                    yield RecordError(source, f"line {number}", "not a JSON object")
                    continue
                if columns is None:
                    try:
                        columns = resolve_columns(_flat_keys(record), ctx.options.column_map)
                    except ImportError_ as exc:
                        nested = _nested_list(record)
                        if nested is not None and not ctx.options.column_map:
                            raise ImportError_(NESTED.format(source=source, key=nested)) from None
                        raise ImportError_(f"{source}, line {number}: {exc}") from None
                    explicit = {k: v for k, v in columns.items() if k in ctx.options.column_map}
                    first_keys = _signature(record)
                    by_keys[first_keys] = columns
                    cols: dict[str, str] | None = columns
                else:
                    keys = _signature(record)
                    if keys == first_keys:
                        cols = columns
                    else:
                        try:
                            cols = by_keys[keys]
                        except KeyError:
                            if len(by_keys) >= _MAX_KEY_SETS:  # records keyed by ids, say
                                by_keys.clear()
                            cols = by_keys[keys] = _record_columns(record, explicit)
                if cols is None:
                    yield RecordError(source, f"line {number}", NO_TEXT)
                    continue
                try:
                    post = post_from_row(record, cols, source, platform)
                except (ValueError, TypeError) as exc:
                    yield RecordError(source, f"line {number}", str(exc))
                except RECORD_PROBLEMS as exc:  # e.g. RecursionError: str() of a deeply nested id
                    yield RecordError(source, f"line {number}", f"malformed record ({type(exc).__name__})")
                else:
                    yield post


NOT_JSON_LINES = (
    "{source}: one JSON document spread over several lines, not JSON Lines (one post per line), and "
    "not an export format SafeArchive knows. See docs/formats.md for the exports it reads (choose one "
    "with --format), or convert the file to one JSON object per post per line."
)
NESTED = (
    "{source}: its posts are nested inside the records (under {key!r}), which the generic JSON Lines "
    "reader cannot turn into posts. If it is a platform's export, see docs/formats.md for the exports "
    "SafeArchive reads (choose one with --format); otherwise write one JSON object per post per line."
)


def _nested_list(record: Mapping[str, Any]) -> str | None:
    """The first key holding a list of objects (records nested inside a record), or None."""
    for key, value in record.items():
        if isinstance(value, list) and value and isinstance(value[0], Mapping):
            return str(key)[:40]
    return None


_MAX_KEY_SETS = 256


def _signature(record: Mapping[str, Any]) -> tuple[object, ...]:
    """A record's key set as column resolution sees it: its keys, and the keys of the objects
    in it (dotted paths such as ``author.username``)."""
    keys = tuple(record)
    for value in record.values():
        if isinstance(value, dict):
            return (*keys, *((k, tuple(v)) for k, v in record.items() if isinstance(v, dict)))
    return keys


def _record_columns(record: Mapping[str, Any], explicit: Mapping[str, str]) -> dict[str, str] | None:
    """The columns of one record (the --map entries first), or None without a text field."""
    resolved = dict(explicit)
    _add_aliases(resolved, {c.strip().lower(): c for c in _flat_keys(record)})
    return resolved if "text" in resolved else None


def _flat_keys(record: Mapping[str, Any], prefix: str = "") -> list[str]:
    keys: list[str] = []
    for key, value in record.items():
        keys.append(prefix + key)
        if isinstance(value, Mapping) and not prefix:
            keys.extend(_flat_keys(value, prefix=f"{key}."))
    return keys
