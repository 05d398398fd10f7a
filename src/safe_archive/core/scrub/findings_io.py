"""Findings files: what ``detect`` reads and writes, and what ``import --findings`` checks.

A detect input is a stream of ``(id, ScrubInput)`` items: JSON lines / text lines
(:func:`read_lines`) or an export read by the same importers ``import`` uses
(:func:`read_corpus`, ids ``platform:source_id``, the text exactly as the archive will store it).

A findings file is JSON lines, one per input, in input order::

    {"id": "twitter:123", "sha256": "<hex of the UTF-8 text>", "scrubber": "<scrubber_version>",
     "findings": [{"start", "end", "entity_type", "score", "source"}], "redacted": "..."}

It holds no original text (``redacted`` is the redacted text; ``import`` ignores it). Every
reader here streams: memory stays bounded by a batch, whatever the file size.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from safe_archive.core.errors import RecordError, SafeArchiveError
from safe_archive.core.importers import ImportOptions
from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput

Item = tuple["str | None", ScrubInput]  # (id, input)
PART_GLOB = "part-*.jsonl"


class FindingsMismatch(SafeArchiveError):
    """A findings file that does not belong to these posts or this scrubber."""


def read_lines(lines: Iterable[str], source: str = "stdin") -> Iterator[Item]:
    """Plain text or JSON lines (``{"id", "text", "author", "mentions"}``), one item per line."""
    from safe_archive.core.scrub.detect import parse_detect_input

    for n, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        item_id: str | None = None
        if line.lstrip().startswith("{"):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                obj = None
            if isinstance(obj, dict):
                raw_id = obj.get("id")
                if raw_id is not None and not isinstance(raw_id, (str, int)):
                    raise RecordError(source, n, "'id' must be a string or an integer")
                item_id = None if raw_id is None else str(raw_id)
                try:
                    yield item_id, parse_detect_input(obj, n)
                except RecordError as exc:
                    raise RecordError(source, n, exc.problem) from None
                continue
        yield item_id, parse_detect_input(line, n)


def post_key(platform: str, source_id: str) -> str:
    return f"{platform}:{source_id}"


@dataclass(slots=True)
class CorpusStats:
    posts: int = 0
    skipped: int = 0  # bad records (named on stderr by the CLI)
    excluded: int = 0  # private posts and other exclusions, as import would


def read_corpus(path: Path, fmt: str | None = None, options: ImportOptions | None = None,
                stats: CorpusStats | None = None) -> Iterator[Item]:
    """The posts ``safe-archive import`` would store from ``path`` (same importer, same
    options, the same record checks), with ids ``platform:source_id``."""
    from safe_archive.core import importers
    from safe_archive.core.importers.records import unstorable
    from safe_archive.core.importers import Excluded, ImportContext
    from safe_archive.core.model import Post

    stats = stats if stats is not None else CorpusStats()
    importer_cls = importers.get(fmt) if fmt else importers.detect(path)
    ctx = ImportContext(options=options or ImportOptions())
    for item in importer_cls().read(path, ctx):
        if isinstance(item, Post):
            if unstorable(item) is not None:
                stats.skipped += 1
                continue
            stats.posts += 1
            yield post_key(item.platform, item.source_id), ScrubInput.from_post(item)
        elif isinstance(item, RecordError):
            stats.skipped += 1
        elif isinstance(item, Excluded):
            stats.excluded += 1


def known_from(items: Iterable[Item]) -> KnownIdentifiers:
    """Every author's and mentioned account's handle and name, as the archive collects them
    (looked for in every post)."""
    handles: set[str] = set()
    names: set[str] = set()
    for _id, inp in items:
        handles.update(inp.handles())
        names.update(inp.names())
    return KnownIdentifiers.build(handles, names)


def known_digest(known: KnownIdentifiers) -> str:
    """A hash of the known identifiers that is the same in every process (a frozenset's repr
    is not: string hashing is randomised per process)."""
    import hashlib

    body = json.dumps([sorted(known.handles), sorted(known.names), sorted(known.terms)])
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def record(item_id: str | None, inp: ScrubInput, found: list[Any], version: str) -> dict[str, Any]:
    """The findings record of one input (without ``redacted``)."""
    from safe_archive.core.scrub.batch_api import finding_to_json, text_sha256

    return {"id": item_id, "sha256": text_sha256(inp.text), "scrubber": version,
            "findings": [finding_to_json(f) for f in found]}


def dumps(rec: dict[str, Any]) -> str:
    return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------- reading findings back
def iter_findings(path: Path) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """(file name, line number, record) from a findings file, or from a folder of partition
    files (``part-*.jsonl``, in name order)."""
    files = sorted(path.glob(PART_GLOB)) if path.is_dir() else [path]
    if path.is_dir() and not files:
        raise FindingsMismatch(f"{path}: no {PART_GLOB} files in this folder")
    for file in files:
        with open(file, encoding="utf-8") as fh:
            yield from _records(file.name, fh)


def _records(name: str, fh: TextIO) -> Iterator[tuple[str, int, dict[str, Any]]]:
    for n, line in enumerate(fh, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            raise FindingsMismatch(f"{name} line {n}: not JSON (truncated file?)") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("id"), str) or not isinstance(rec.get("findings"), list):
            raise FindingsMismatch(f"{name} line {n}: not a findings record (needs id, sha256, scrubber, findings)")
        yield name, n, rec


class FindingsLookup:
    """Findings records by post id, read from the file as far as needed. When the file is in
    the order the posts come in (``detect --corpus`` writes it so) memory stays at a few
    records; records asked for out of order are held until asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._it = iter_findings(path)
        self._held: dict[str, tuple[str, int, dict[str, Any]]] = {}

    def take(self, post_id: str) -> tuple[str, int, dict[str, Any]] | None:
        found = self._held.pop(post_id, None)
        if found is not None:
            return found
        for name, n, rec in self._it:
            if rec["id"] == post_id:
                return name, n, rec
            if rec["id"] in self._held:
                raise FindingsMismatch(f"{name} line {n}: post {rec['id']} appears twice")
            self._held[rec["id"]] = (name, n, rec)
        return None

    def leftover(self) -> Iterator[tuple[str, int, dict[str, Any]]]:
        """Records never asked for."""
        yield from self._held.values()
        yield from self._it


def checked_findings(post_id: str, text: str, entry: tuple[str, int, dict[str, Any]] | None,
                     version: str, source: str) -> list[Any]:
    """The findings of one post from its record, after checking that the record is for this
    post, this text and this scrubber; FindingsMismatch naming the post otherwise."""
    from safe_archive.core.scrub.batch_api import finding_from_json, text_sha256

    if entry is None:
        raise FindingsMismatch(f"post {post_id}: no findings for it in {source}; "
                               "run detect on the same export")
    name, n, rec = entry
    where = f"post {post_id} ({name} line {n})"
    if rec.get("sha256") != text_sha256(text):
        raise FindingsMismatch(f"{where}: the text differs from the text the findings were computed on "
                               "(another version of the export?)")
    if rec.get("scrubber") != version:
        got = str(rec.get("scrubber"))
        what = ("a different scrub policy" if got.split(".p")[0] == version.split(".p")[0]
                else "a different scrubber (version, models or settings)")
        raise FindingsMismatch(f"{where}: computed with {what}: {got}, this archive needs {version}")
    try:
        return [finding_from_json(f, text) for f in rec["findings"]]
    except ValueError as exc:
        raise FindingsMismatch(f"{where}: {exc}") from None
