"""The posts table: a QAbstractTableModel that reads lazily, a page at a time.

``rowCount`` is the total (one ``count`` query); rows are fetched in pages of ``PAGE`` on the
database thread when the view first asks for them, kept in a small LRU cache, and announced
with ``dataChanged`` when they arrive. A 1M-post archive therefore costs one count and a few
pages, whatever the scroll position. Until a page arrives its cells show "…".

Rows show the *redacted* text when the post has been scrubbed; the original only appears in
the detail pane.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from safe_archive.core.archive import Archive, PostSource, SearchHit
from safe_archive.core.model import StoredPost
from safe_archive.gui.context import AppContext
from safe_archive.gui.operations import ArchiveOp

PAGE = 200
MAX_PAGES = 40  # cached pages (8,000 rows)
PREVIEW = 160


@dataclass(frozen=True, slots=True)
class SearchSource:
    query: str
    original: bool = False

    @property
    def title(self) -> str:
        return "Search results"


Source = PostSource | SearchSource


@dataclass(frozen=True, slots=True)
class Row:
    post_id: int
    date: str
    platform: str
    author: str
    status: str
    text: str  # redacted preview, or a search snippet
    hits: tuple[tuple[int, int], ...] = ()  # a snippet's hits in ``text`` (drawn highlighted)


COLUMNS = ("#", "Date", "Platform", "Author", "Review", "Text")
HITS_ROLE = Qt.ItemDataRole.UserRole + 1  # the text column's search hits: ((start, end), …)
_SPACES = re.compile(r"\s+")


def snippet_row_text(hit: SearchHit) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A search snippet on one line, its hit markers removed, and where the hits are in it."""
    text = ""
    hits: list[tuple[int, int]] = []
    for part, is_hit in hit.parts():
        part = _SPACES.sub(" ", part)
        if text.endswith(" ") and part.startswith(" "):
            part = part[1:]
        if not text:
            part = part.lstrip()
        if is_hit and part:
            hits.append((len(text), len(text) + len(part)))
        text += part
    stripped = text.rstrip()
    return stripped, tuple((a, min(b, len(stripped))) for a, b in hits if a < len(stripped))


def _preview(post: StoredPost) -> str:
    if post.redacted_text is not None:
        text = post.redacted_text
    else:
        text = "(not scrubbed yet) " + post.text
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"


def _row(post: StoredPost, hit: SearchHit | None = None) -> Row:
    text, hits = snippet_row_text(hit) if hit is not None else (_preview(post), ())
    return Row(
        post.id,
        post.created_at.strftime("%Y-%m-%d %H:%M") if post.created_at else "",
        post.platform,
        post.author_handle or post.author_name or "",
        post.review_status,
        text,
        hits,
    )


ANCHOR_MIN_PAGES = 20  # below this, OFFSET is cheap enough


@dataclass(frozen=True, slots=True)
class Page:
    total: int  # -1 when not counted (pages after the first)
    rows: list[Row]
    exact: bool = True  # False: at least ``total`` match (the search caps its count)
    order: str = ""  # the search's order: "bm25", "newest" (too many to rank) or "date"


def fetch_page(archive: Archive, source: Source, page: int, anchor: int | None = None) -> Page:
    """One page of rows (and the total with the first page); runs on the database thread."""
    offset = page * PAGE
    if isinstance(source, SearchSource):
        result = archive.search(source.query, limit=PAGE, offset=offset, original=source.original)
        posts = {p.id: p for p in archive.get_posts([h.post_id for h in result.hits])}
        rows = [
            _row(posts[h.post_id], h)
            for h in result.hits
            if h.post_id in posts
        ]
        return Page(result.total, rows, result.exact, result.order)
    total = archive.read.count(source) if page == 0 else -1
    if anchor is not None:
        ids = archive.read.post_ids_from(anchor, PAGE)
    else:
        ids = archive.read.post_ids(source, PAGE, offset)
    posts = {p.id: p for p in archive.get_posts(ids)}
    return Page(total, [_row(posts[i]) for i in ids if i in posts])


class PostsTableModel(QAbstractTableModel):
    total_changed = Signal(int)
    source_failed = Signal(str)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.source: Source = PostSource()
        self._total = 0
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._inflight: set[int] = set()
        self._epoch = 0
        self._in_data = False
        self.exact = True  # the total is exact (searches cap their count)
        self.order = ""
        self._anchors: list[int] | None = None  # first id of each page (all posts, id order)
        # the same anchors as seen by the database thread, keyed by epoch: a page request queued
        # behind the anchor pass uses them even before the GUI thread has received them
        self._worker_anchors: dict[int, list[int]] = {}

    # ------------------------------------------------------------------ loading
    def set_source(self, source: Source) -> None:
        """Show another set of posts: the count and the first page come in one operation."""
        self.beginResetModel()
        self.source = source
        self._epoch += 1
        self._anchors = None
        self._total = 0
        self._pages.clear()
        self._inflight.clear()
        self.endResetModel()
        epoch = self._epoch
        self._inflight.add(0)

        def loaded(result: Page) -> None:
            if epoch != self._epoch:
                return
            total, rows = result.total, result.rows
            self.exact, self.order = result.exact, result.order
            self._inflight.discard(0)
            self.beginResetModel()
            self._total = total
            self._pages[0] = rows
            self.endResetModel()
            self.total_changed.emit(total)
            self._load_anchors()

        def failed(exc: BaseException) -> None:
            if epoch != self._epoch:
                return
            self._inflight.discard(0)
            from safe_archive.gui.context import safe_message

            self.source_failed.emit(safe_message(exc))
            self.total_changed.emit(0)

        ArchiveOp(self.ctx, lambda a: fetch_page(a, source, 0)).success(loaded).failure(failed).run_in_background()

    def _load_anchors(self) -> None:
        if not (isinstance(self.source, PostSource) and self.source.kind == "all"):
            return
        if self._total < ANCHOR_MIN_PAGES * PAGE:
            return
        epoch = self._epoch

        def compute(archive: Archive) -> list[int]:  # on the database thread
            anchors = archive.read.page_anchors(PAGE)
            self._worker_anchors = {epoch: anchors}
            return anchors

        def loaded(anchors: list[int]) -> None:
            if epoch == self._epoch:
                self._anchors = anchors

        ArchiveOp(self.ctx, compute).success(loaded).failure(lambda _e: None).run_in_background()

    def refresh(self) -> None:
        self.set_source(self.source)

    def reload_rows(self) -> None:
        """Re-read the rows on screen (after a decision changed them), keeping the selection."""
        self._epoch += 1
        anchors = self._anchors  # decisions never add or remove posts: the anchors still hold
        self._pages.clear()
        self._inflight.clear()
        self._anchors = anchors
        if self._total:
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, len(COLUMNS) - 1))

    def clear(self) -> None:
        """Forget every row (on lock)."""
        self.beginResetModel()
        self._epoch += 1
        self._total = 0
        self._pages.clear()
        self._inflight.clear()
        self._anchors = None
        self.source = PostSource()
        self.endResetModel()

    def _request(self, page: int) -> None:
        if page in self._pages or page in self._inflight or page * PAGE >= self._total:
            return
        self._inflight.add(page)
        epoch, source = self._epoch, self.source
        known = self._anchors  # captured here: the worker never reads GUI-thread state

        def fetch(archive: Archive) -> Page:  # on the database thread
            anchors = known if known is not None else self._worker_anchors.get(epoch)
            anchor = anchors[page] if anchors is not None and page < len(anchors) else None
            return fetch_page(archive, source, page, anchor)

        def loaded(result: Page) -> None:
            if epoch != self._epoch:
                return
            self._inflight.discard(page)
            self._store(page, result.rows)
            if not self._in_data:
                first = page * PAGE
                last = min(self._total, first + PAGE) - 1
                if last >= first:
                    self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

        def failed(_exc: BaseException) -> None:
            self._inflight.discard(page)

        ArchiveOp(self.ctx, fetch).success(loaded).failure(failed).run_in_background()

    def _store(self, page: int, rows: list[Row]) -> None:
        self._pages[page] = rows
        self._pages.move_to_end(page)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def row_at(self, row: int) -> Row | None:
        if not 0 <= row < self._total:
            return None
        page = row // PAGE
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            rows = self._pages.get(page)
            if rows is None:
                return None
        self._pages.move_to_end(page)
        index = row - page * PAGE
        return rows[index] if index < len(rows) else None

    def row_of_post(self, post_id: int) -> int | None:
        for page, rows in self._pages.items():
            for i, r in enumerate(rows):
                if r.post_id == post_id:
                    return page * PAGE + i
        return None

    def cached_texts(self) -> list[str]:
        """The row texts held in memory (for the clipboard check on lock)."""
        return [r.text for rows in self._pages.values() for r in rows]

    @property
    def total(self) -> int:
        return self._total

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == len(COLUMNS) - 1 and isinstance(self.source, SearchSource):
                return "In context"
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                               Qt.ItemDataRole.UserRole, HITS_ROLE):
            return None
        self._in_data = True
        try:
            row = self.row_at(index.row())
        finally:
            self._in_data = False
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.UserRole:
            return row.post_id
        if role == HITS_ROLE:
            return row.hits if index.column() == len(COLUMNS) - 1 else ()
        values = (str(row.post_id), row.date, row.platform, row.author, row.status, row.text)
        value = values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return value if index.column() == len(COLUMNS) - 1 else None
        return value
