"""The post detail: metadata, the original with findings highlighted, the redacted text beside
it, a legend and the list of findings (keyboard-navigable; the review actions act on it)."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase, QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from safe_archive.core.archive import Archive, FindingRow
from safe_archive.core.model import StoredPost
from safe_archive.gui import highlight
from safe_archive.gui.bidi import padded, set_paragraph_directions
from safe_archive.gui.context import AppContext
from safe_archive.gui.offsets import OffsetMap
from safe_archive.gui.operations import ArchiveOp


KEYS_HELP = ("Keys: J / K next / previous finding · A accept · R reject · X not a name here · "
             "N next post needing review · Ctrl+Z undo · T terms view · Menu key for more")


@dataclass(frozen=True, slots=True)
class PostDetail:
    post: StoredPost
    findings: list[FindingRow]
    labels: list[tuple[str, str | None]]
    tags: list[str]
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # id, created at, body


def load_detail(archive: Archive, post_id: int) -> PostDetail:
    return PostDetail(
        archive.get_post(post_id),
        archive.read.findings(post_id),
        archive.read.post_labels(post_id),
        archive.read.post_tags(post_id),
        list(archive.review.notes(post_id)),
    )


def set_plain(view: QTextEdit, text: str) -> None:
    """Replace a view's text in a plain format. ``QTextEdit.setPlainText`` keeps the cursor's
    current char format, so after a finding was selected the next post was painted in it."""
    view.clear()
    view.setTextCursor(QTextCursor(view.document()))
    view.setCurrentCharFormat(QTextCharFormat())
    view.setPlainText(text)
    view.setCurrentCharFormat(QTextCharFormat())


class _TooltipFilter(QObject):
    def __init__(self, pane: DetailPane) -> None:
        super().__init__(pane)
        self.pane = pane

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.pane.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.pane.original)
            else:
                QToolTip.hideText()
            return True
        return False


class DetailPane(QWidget):
    finding_selected = Signal(object)  # FindingRow | None

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.detail: PostDetail | None = None
        self.select_first_pending = False
        self._row_after_change: dict[int, int] = {}  # post id -> findings row to select when it reloads
        self.spans: list[highlight.Span] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.meta = QLabel("Select a post to see it here.")
        self.meta.setWordWrap(True)
        self.meta.setAccessibleName("Post details")
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.meta)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.original = self._text_view("Original text with findings highlighted")
        self.redacted = self._text_view("Redacted text")
        split.addWidget(self._titled("Original (encrypted in the archive; findings highlighted)", self.original))
        split.addWidget(self._titled("Redacted (what searches and exports see)", self.redacted))
        layout.addWidget(split, 3)
        self.legend = QLabel("")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAccessibleName("Legend of entity colours")
        layout.addWidget(self.legend)
        self.findings_list = QListWidget()
        self.findings_list.setAccessibleName("Findings in this post")
        self.findings_list.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.findings_list.currentRowChanged.connect(self._finding_row_changed)
        layout.addWidget(self.findings_list, 1)
        self.keys = QLabel(KEYS_HELP)
        self.keys.setWordWrap(True)
        self.keys.setAccessibleName("Keyboard keys for reviewing")
        layout.addWidget(self.keys)
        self.notes_list = QListWidget()
        self.notes_list.setAccessibleName("Your notes on this post")
        self.notes_list.setMaximumHeight(self.fontMetrics().height() * 4 + 8)
        self.notes_list.setWordWrap(True)
        self.notes_list.setVisible(False)
        layout.addWidget(self.notes_list)
        self._tooltips = _TooltipFilter(self)
        self.original.viewport().installEventFilter(self._tooltips)

    @staticmethod
    def _text_view(name: str) -> QTextEdit:
        view = QTextEdit()
        view.setReadOnly(True)
        view.setAcceptRichText(False)
        view.setAccessibleName(name)
        view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        return view

    @staticmethod
    def _titled(title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(title)
        label.setBuddy(widget)
        layout.addWidget(label)
        layout.addWidget(widget)
        return box

    # ------------------------------------------------------------------ loading
    def show_post(self, post_id: int, *, select_row: int | None = None) -> None:
        def show(detail: PostDetail) -> None:
            self.set_detail(detail)
            row = select_row
            if self.select_first_pending:  # arrived with N: ready for A / R at once
                self.select_first_pending = False
                row = self.next_pending_row(-1)
            if row is not None and self.findings_list.count():
                self.findings_list.setCurrentRow(max(0, min(row, self.findings_list.count() - 1)))

        ArchiveOp(self.ctx, lambda a: load_detail(a, post_id), parent=self).success(show).run_in_background()

    def select_after_change(self, post_id: int, row: int | None) -> None:
        """The findings row to select when ``post_id`` next reloads because the archive changed
        (a review action says where the reviewer goes next before it runs)."""
        if row is None:
            self._row_after_change.pop(post_id, None)
        else:
            self._row_after_change[post_id] = row

    def reload(self) -> None:
        """Show the current post again (the archive changed it), keeping the findings row or
        moving to the one a review action asked for."""
        if self.detail is None:
            return
        post_id = self.detail.post.id
        current = self.findings_list.currentRow()
        row = self._row_after_change.pop(post_id, current if current >= 0 else None)
        self.show_post(post_id, select_row=row)

    def set_detail(self, detail: PostDetail) -> None:
        self.detail = detail
        post = detail.post
        bits = [
            f"<b>#{post.id}</b>",
            html.escape(post.platform),
            html.escape(post.created_at.strftime("%Y-%m-%d %H:%M UTC")) if post.created_at else "no date",
            html.escape(post.author_handle or post.author_name or "unknown author"),
            html.escape(post.kind),
            f"review: {html.escape(post.review_status)}",
        ]
        if detail.labels:
            bits.append("labels: " + ", ".join(html.escape(f"{k}={v}" if v else k) for k, v in detail.labels))
        if detail.tags:
            bits.append("tags: " + ", ".join(html.escape(t) for t in detail.tags))
        if detail.notes:
            bits.append(f"{len(detail.notes)} note{'' if len(detail.notes) == 1 else 's'}")
        self.meta.setText(" · ".join(bits))
        set_plain(self.original, post.text)
        self.spans = highlight.apply(self.original.document(), post.text, detail.findings)
        if post.redacted_text is None:
            set_plain(self.redacted, "Not scrubbed yet: the scrubber has not processed this post.")
        else:
            set_plain(self.redacted, post.redacted_text)
            set_paragraph_directions(self.redacted.document())  # not by a stand-in at its start
            highlight.apply_placeholders(self.redacted.document(), post.redacted_text)
        self._fill_legend(detail.findings)
        self.notes_list.clear()
        for note_id, created, body in detail.notes:
            item = QListWidgetItem(f"Note, {created[:10]}: {body}")
            item.setData(Qt.ItemDataRole.UserRole, note_id)
            self.notes_list.addItem(item)
        self.notes_list.setVisible(bool(detail.notes))
        self.findings_list.clear()
        for finding in detail.findings:
            item = QListWidgetItem(
                f"{finding.entity_type:<14} {padded(repr(post.text[finding.start:finding.end]), 28)} "
                f"{finding.score:.2f}  {finding.status:<9} {finding.source}"
            )
            item.setToolTip(highlight.tooltip(finding))
            bg, fg = highlight.colours(finding.entity_type)
            item.setData(Qt.ItemDataRole.DecorationRole, bg)
            self.findings_list.addItem(item)

    def _fill_legend(self, findings: list[FindingRow]) -> None:
        types = sorted({f.entity_type for f in findings})
        if not types:
            self.legend.setText("No findings in this post." if self.detail and self.detail.post.redacted_text is not None else "")
            return
        chips = []
        for entity in types:
            bg, fg = highlight.colours(entity)
            chips.append(
                f'<span style="background-color:{bg.name()}; color:{fg.name()}">&nbsp;{html.escape(entity)}&nbsp;</span>'
            )
        self.legend.setText(
            "Legend: " + " ".join(chips) + " — dotted: pending · solid: accepted · wavy: manual · struck: rejected"
        )

    def clear(self) -> None:
        self.detail = None
        self._row_after_change.clear()
        self.spans = []
        self.meta.setText("Select a post to see it here.")
        self.original.clear()
        self.redacted.clear()
        self.legend.clear()
        self.findings_list.clear()
        self.notes_list.clear()
        self.notes_list.setVisible(False)

    # ------------------------------------------------------------------ findings
    def tooltip_at(self, pos: object) -> str | None:
        position = self.original.cursorForPosition(pos).position()  # type: ignore[arg-type]
        for span in self.spans:
            if span.start <= position < span.end:
                return highlight.tooltip(span.finding)
        return None

    def span_for(self, finding_id: int) -> highlight.Span | None:
        return next((s for s in self.spans if s.finding.id == finding_id), None)

    def _finding_row_changed(self, row: int) -> None:
        if self.detail is None or not 0 <= row < len(self.detail.findings):
            self.finding_selected.emit(None)
            return
        finding = self.detail.findings[row]
        span = self.span_for(finding.id)
        if span is not None:
            cursor = self.original.textCursor()
            cursor.setPosition(span.start)
            cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
            self.original.setTextCursor(cursor)
        self.finding_selected.emit(finding)

    def next_pending_row(self, after: int) -> int | None:
        """The first pending finding after row ``after`` (wrapping), or ``None``."""
        if self.detail is None:
            return None
        count = len(self.detail.findings)
        order: list[int] = [*range(after + 1, count), *range(0, min(after + 1, count))]
        for row in order:
            if self.detail.findings[row].status == "pending":
                return row
        return None

    def selected_finding(self) -> FindingRow | None:
        row = self.findings_list.currentRow()
        if self.detail is None or not 0 <= row < len(self.detail.findings):
            return None
        return self.detail.findings[row]

    def selection_code_points(self) -> tuple[int, int] | None:
        """The original view's selection as a code-point span (for a manual redaction)."""
        if self.detail is None:
            return None
        cursor = self.original.textCursor()
        if not cursor.hasSelection():
            return None
        mapping = OffsetMap(self.detail.post.text)
        return mapping.to_code_points(cursor.selectionStart()), mapping.to_code_points(cursor.selectionEnd())

    def displayed_texts(self) -> list[str]:
        if self.detail is None:
            return []
        notes = [body for _id, _at, body in self.detail.notes]
        return [t for t in (self.detail.post.text, self.detail.post.redacted_text, *notes) if t]
