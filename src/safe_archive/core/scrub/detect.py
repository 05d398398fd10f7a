"""What ``safe-archive detect`` needs: one input line -> findings + redacted text."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from safe_archive.core.errors import RecordError
from safe_archive.core.model import Mention
from safe_archive.core.scrub.known import EMPTY_KNOWN, KnownIdentifiers, ScrubInput
from safe_archive.core.scrub.policy import DEFAULT_POLICY, Policy
from safe_archive.core.scrub.render import InMemoryLabeler, Labeler, redact
from safe_archive.core.scrub.scrubber import Scrubber


def _mention(raw: Any) -> Mention:
    if isinstance(raw, str):
        return Mention(handle=raw)
    if isinstance(raw, dict):
        return Mention(handle=raw.get("handle"), name=raw.get("name"),
                       user_id=raw.get("id") or raw.get("user_id"))
    raise ValueError("a mention must be a string or an object with handle/name")


def parse_detect_input(item: str | dict[str, Any], line_no: int = 0) -> ScrubInput:
    """A JSON object (``{"text", "author": {"handle","name"}, "mentions": [...]}``), a JSON line
    holding one, or plain text."""
    if isinstance(item, str):
        stripped = item.rstrip("\r\n")
        if stripped.lstrip().startswith("{"):
            try:
                obj = json.loads(stripped)
            except json.JSONDecodeError:
                return ScrubInput(text=stripped)
            return parse_detect_input(obj, line_no)
        return ScrubInput(text=stripped)
    try:
        text = item["text"]
        if not isinstance(text, str):
            raise ValueError("'text' must be a string")
        author = item.get("author") or {}
        if isinstance(author, str):
            author = {"handle": author}
        mentions = tuple(_mention(m) for m in item.get("mentions") or [])
        return ScrubInput(text=text, author_handle=author.get("handle"),
                          author_name=author.get("name"), mentions=mentions)
    except (KeyError, ValueError, AttributeError, TypeError) as exc:
        raise RecordError("stdin", line_no, f"not a detect input ({exc})") from None


def detect(
    item: str | dict[str, Any] | ScrubInput,
    scrubber: Scrubber,
    policy: Policy = DEFAULT_POLICY,
    labeler: Labeler | None = None,
    known: KnownIdentifiers = EMPTY_KNOWN,
) -> dict[str, Any]:
    """``{"findings": [{start,end,entity_type,score,source}], "redacted": "..."}``."""
    inp = item if isinstance(item, ScrubInput) else parse_detect_input(item)
    return detect_many([inp], scrubber, policy, labeler, known)[0]


def detect_many(
    inputs: list[ScrubInput],
    scrubber: Scrubber,
    policy: Policy = DEFAULT_POLICY,
    labeler: Labeler | None = None,
    known: KnownIdentifiers = EMPTY_KNOWN,
) -> list[dict[str, Any]]:
    labeler = labeler or InMemoryLabeler()
    results = scrubber.scrub(inputs, known, policy)
    return [
        {"findings": [f.as_dict() for f in found],
         "redacted": redact(inp.text, found, policy, labeler)}
        for inp, found in zip(inputs, results)
    ]


def detect_lines(
    lines: Iterable[str],
    scrubber: Scrubber,
    policy: Policy = DEFAULT_POLICY,
    batch_size: int = 64,
) -> Iterator[dict[str, Any]]:
    """One output object per input line, in order (batched through the NLP pipeline).
    Pseudonym labels are consistent across the whole stream."""
    labeler = InMemoryLabeler()
    batch: list[ScrubInput] = []
    for n, line in enumerate(lines, start=1):
        batch.append(parse_detect_input(line, n))
        if len(batch) >= batch_size:
            yield from detect_many(batch, scrubber, policy, labeler)
            batch = []
    if batch:
        yield from detect_many(batch, scrubber, policy, labeler)
