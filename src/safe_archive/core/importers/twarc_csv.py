"""twarc-csv output (``twarc2 csv``): one tweet per row, nested fields as JSON inside cells.

With twarc-csv's default ``merge_retweets`` a retweet's text is already the original's. The
row is rebuilt into the v2 shape and converted by tweet_v2, so offsets and ``&amp;`` get the
same treatment as JSON input (entities index the escaped text).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from safe_archive.core.errors import ImportError_, RecordError
from safe_archive.core.importers.base import ImportContext, Importer, ImportItem, register
from safe_archive.core.importers.csvstream import csv_header, csv_rows
from safe_archive.core.importers.records import guarded, text_or_none
from safe_archive.core.importers.tweet_v2 import post_from_v2
from safe_archive.core.model import Post

MARKERS = ("__twarc.retrieved_at", "referenced_tweets.replied_to.id", "author.username")


def _json_cell(value: Any) -> Any:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return json.loads(value)
    except ValueError:
        raise ValueError("a JSON cell is damaged") from None


def row_to_v2(row: Mapping[str, Any]) -> dict[str, Any]:
    refs = []
    for kind in ("replied_to", "retweeted", "quoted"):
        ref = text_or_none(row.get(f"referenced_tweets.{kind}.id"))
        if ref:
            refs.append({"type": kind, "id": ref})
    entities = {
        key: _json_cell(row.get(f"entities.{key}")) or []
        for key in ("mentions", "urls", "hashtags", "cashtags")
    }
    media = _json_cell(row.get("attachments.media")) or []
    history = _json_cell(row.get("edit_history_tweet_ids"))
    return {
        "id": row.get("id"),
        "text": row.get("text"),
        "author_id": row.get("author_id") or None,
        "author": {
            "username": row.get("author.username"),
            "name": row.get("author.name"),
            "protected": str(row.get("author.protected", "")).lower() == "true",
        },
        "created_at": row.get("created_at"),
        "lang": row.get("lang"),
        "conversation_id": row.get("conversation_id") or None,
        "referenced_tweets": refs,
        "entities": entities,
        "attachments": {"media": media if isinstance(media, list) else []},
        "edit_history_tweet_ids": history if isinstance(history, list) else [],
        "withheld": bool(text_or_none(row.get("withheld.country_codes"))),
    }


def _row_post(row: Mapping[str, Any], label: str) -> Post:
    return post_from_v2(row_to_v2(row), source_file=label)


@register
class TwarcCsvImporter(Importer):
    name = "twarc-csv"
    description = "twarc-csv CSV (`twarc2 csv`): one tweet per row, JSON-encoded entity cells"

    @classmethod
    def sniff(cls, path: Path, head: bytes) -> float:
        if path.is_dir():
            return 0.0
        header = set(csv_header(head))
        return 0.9 if {"id", "text"} <= header and any(m in header for m in MARKERS) else 0.0

    def read(self, path: Path, ctx: ImportContext) -> Iterator[ImportItem]:
        label = path.name
        with ctx.open_binary(path) as raw:
            header, rows = csv_rows(raw, label)
            if not {"id", "text"} <= set(header):
                raise ImportError_(f"{label}: not a twarc-csv file (no id and text columns).")
            for line, row in rows:
                if isinstance(row, Exception):
                    yield RecordError(label, f"line {line}", str(row))
                    continue
                record = text_or_none(row.get("id")) or f"line {line}"
                yield from guarded(label, record, _row_post, row, label)
