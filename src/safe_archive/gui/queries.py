"""Shim over ``archive.read`` (core/store/reads.py) in the shapes the GUI used before; the
GUI is moving to ``archive.read`` itself (issue 14), then this module goes."""

from __future__ import annotations

from dataclasses import dataclass

from safe_archive.core.archive import Archive
from safe_archive.core.store.reads import PostSource as CoreSource


@dataclass(frozen=True, slots=True)
class FindingRow:
    id: int
    start: int  # code points
    end: int
    entity_type: str
    score: float
    source: str
    status: str  # pending | accepted | rejected | manual
    label: str | None


@dataclass(frozen=True, slots=True)
class SidebarData:
    batches: list[tuple[int, str, str, int, str]]  # id, source name, format, imported, status
    collections: list[tuple[int, str, int, str | None]]  # id, name, static post count, dynamic query
    saved_searches: list[tuple[str, str]]  # name, query
    labels: list[tuple[str, int]]  # label, post count
    pending_posts: int  # posts with at least one pending finding


@dataclass(frozen=True, slots=True)
class PostSource:
    """Which posts the table shows: all, one import batch, a collection, a label, pending."""

    kind: str = "all"  # all | batch | collection | label | pending
    value: int | str | None = None
    title: str = "All posts"


def sidebar(archive: Archive) -> SidebarData:
    data = archive.read.sidebar()
    return SidebarData(
        [(b.id, b.source_name, b.format, b.imported, b.status) for b in data.batches],
        [(c.id, c.name, c.posts, c.query) for c in data.collections],
        list(data.saved_searches),
        list(data.labels),
        data.pending_posts,
    )


def _source(source: PostSource) -> CoreSource:
    return CoreSource(source.kind, source.value, source.title)


def count(archive: Archive, source: PostSource) -> int:
    return archive.read.count(_source(source))


def page_anchors(archive: Archive, page_size: int) -> list[int]:
    return archive.read.page_anchors(page_size)


def post_ids_from(archive: Archive, first_id: int, limit: int) -> list[int]:
    return archive.read.post_ids_from(first_id, limit)


def post_ids(archive: Archive, source: PostSource, limit: int, offset: int) -> list[int]:
    return archive.read.post_ids(_source(source), limit, offset)


def findings(archive: Archive, post_id: int) -> list[FindingRow]:
    return [FindingRow(f.id, f.start, f.end, f.entity_type, f.score, f.source, f.status, f.label)
            for f in archive.read.findings(post_id)]


def post_labels(archive: Archive, post_id: int) -> list[tuple[str, str | None]]:
    return archive.read.post_labels(post_id)


def post_tags(archive: Archive, post_id: int) -> list[str]:
    return archive.read.post_tags(post_id)


def next_pending(archive: Archive, after_id: int, *, backwards: bool = False) -> int | None:
    """The next (or previous) post with a pending finding, wrapping around."""
    return archive.read.next_pending(after_id, backwards=backwards)
