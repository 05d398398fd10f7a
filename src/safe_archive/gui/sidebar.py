"""The sidebar: all posts, needs review, import batches, collections, saved searches, labels.

Each selectable item carries the :class:`PostSource` or :class:`SearchSource` the posts table
shows when it is chosen; group headings carry nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from safe_archive.core.archive import PostSource, SidebarData
from safe_archive.gui.posts_model import SearchSource, Source

SOURCE_ROLE = Qt.ItemDataRole.UserRole


class Sidebar(QTreeWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        self.setAccessibleName("Sidebar: posts, batches, collections, saved searches, labels")
        self.data: SidebarData | None = None

    def _add(self, parent: QTreeWidgetItem | None, text: str, source: Source | None) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setData(0, SOURCE_ROLE, source)
        if source is None:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        if parent is None:
            self.addTopLevelItem(item)
        else:
            parent.addChild(item)
        return item

    def fill(self, data: SidebarData, keep: Source | None = None) -> None:
        """Rebuild from ``data``; select the item showing ``keep`` (else All posts) silently."""
        self.data = data
        self.blockSignals(True)
        self.clear()
        all_posts = self._add(None, "All posts", PostSource())
        self._add(None, f"Needs review ({data.pending_posts:,})", PostSource("pending", None, "Needs review"))
        groups: list[tuple[str, list[tuple[str, Source]]]] = [
            ("Import batches", [(f"{b.source_name} [{b.format}] · {b.imported:,}" + ("" if b.status == "done" else f" · {b.status}"),
                                 PostSource("batch", b.id, b.source_name)) for b in data.batches
                                if b.imported or b.status == "running"]),  # a failed or all-duplicate file added nothing
            ("Collections", [(f"{c.name} · {c.posts:,}", PostSource("collection", c.id, c.name)) if c.query is None
                             else (f"{c.name} · dynamic", SearchSource(c.query))
                             for c in data.collections]),
            ("Saved searches", [(name, SearchSource(query)) for name, query in data.saved_searches]),
            ("Labels", [(f"{label} · {n:,}", PostSource("label", label, label)) for label, n in data.labels]),
        ]
        for title, children in groups:
            group = self._add(None, title, None)
            if not children:
                self._add(group, "(none yet)", None).setDisabled(True)
            for text, source in children:
                self._add(group, text, source)
            group.setExpanded(True)
        chosen = all_posts
        if keep is not None:
            chosen = next((i for i in self.all_items() if i.data(0, SOURCE_ROLE) == keep), all_posts)
        self.setCurrentItem(chosen)
        self.blockSignals(False)

    def empty(self) -> None:
        self.clear()
        self.data = None

    def all_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            if top is None:
                continue
            out.append(top)
            out.extend(child for j in range(top.childCount()) if (child := top.child(j)) is not None)
        return out

    def selected_source(self) -> Source | None:
        items = self.selectedItems()
        source = items[0].data(0, SOURCE_ROLE) if items else None
        return source if isinstance(source, (PostSource, SearchSource)) else None

    def collection_names(self) -> list[str]:
        return [c.name for c in (self.data.collections if self.data else ())]
