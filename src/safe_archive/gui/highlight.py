"""Finding highlights: a colour per entity type (Okabe–Ito, colour-blind safe) and a line
style per review status, so neither colour nor style alone carries the meaning.

These are the only hard-coded colours in the GUI; the text on them is chosen for contrast, so
they read the same in light and dark themes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import (QColor, QFont, QPainter, QPalette, QTextCharFormat, QTextCursor, QTextDocument,
                           QTextLayout, QTextOption)
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

from safe_archive.core.archive import FindingRow
from safe_archive.gui.bidi import DirectionDelegate
from safe_archive.gui.offsets import OffsetMap

# Okabe & Ito (2008) palette; foreground picked for WCAG contrast ≥ 4.5 on each.
PALETTE: dict[str, tuple[str, str]] = {
    "PERSON": ("#E69F00", "#000000"),  # orange
    "USERNAME": ("#56B4E9", "#000000"),  # sky blue
    "EMAIL_ADDRESS": ("#009E73", "#000000"),  # bluish green
    "PHONE_NUMBER": ("#F0E442", "#000000"),  # yellow
    "URL": ("#0072B2", "#FFFFFF"),  # blue
    "LOCATION": ("#D55E00", "#000000"),  # vermillion
    "AGE": ("#CC79A7", "#000000"),  # reddish purple
    "ORGANIZATION": ("#B8B8B8", "#000000"),  # grey
}
OTHER = ("#FFFFFF", "#000000")  # any other type: white chip with a dashed outline underline

STATUS_TEXT = {
    "pending": "pending review (dotted underline)",
    "accepted": "accepted: will be redacted (solid underline)",
    "manual": "added by a reviewer (double-weight underline)",
    "rejected": "rejected: stays in the text (struck through, no fill)",
}


def colours(entity_type: str) -> tuple[QColor, QColor]:
    bg, fg = PALETTE.get(entity_type, OTHER)
    return QColor(bg), QColor(fg)


def char_format(finding: FindingRow) -> QTextCharFormat:
    fmt = QTextCharFormat()
    bg, fg = colours(finding.entity_type)
    if finding.status == "rejected":
        fmt.setFontStrikeOut(True)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(bg)
        return fmt
    fmt.setBackground(bg)
    fmt.setForeground(fg)
    style = {
        "pending": QTextCharFormat.UnderlineStyle.DotLine,
        "accepted": QTextCharFormat.UnderlineStyle.SingleUnderline,
        "manual": QTextCharFormat.UnderlineStyle.WaveUnderline,
    }.get(finding.status, QTextCharFormat.UnderlineStyle.DashUnderline)
    fmt.setUnderlineStyle(style)
    fmt.setUnderlineColor(fg)
    return fmt


def tooltip(finding: FindingRow) -> str:
    parts = [
        f"<b>{finding.entity_type}</b>",
        f"score {finding.score:.2f}",
        f"found by: {finding.source}",
        f"status: {STATUS_TEXT.get(finding.status, finding.status)}",
    ]
    if finding.label:
        parts.append(f"pseudonym: {finding.label}")
    return "<br>".join(parts)


@dataclass(frozen=True, slots=True)
class Span:
    """A finding placed in a Qt document (UTF-16 offsets)."""

    start: int
    end: int
    finding: FindingRow


def apply(document: QTextDocument, text: str, findings: Iterable[FindingRow]) -> list[Span]:
    """Colour ``findings`` (code-point offsets into ``text``) in ``document`` (holding ``text``).
    Returns the UTF-16 spans, for tooltips and selection."""
    mapping = OffsetMap(text)
    spans: list[Span] = []
    cursor = QTextCursor(document)
    for finding in findings:
        if not (0 <= finding.start < finding.end <= len(text)):
            continue  # stale offsets (text changed): never highlight the wrong characters
        start, end = mapping.to_utf16(finding.start), mapping.to_utf16(finding.end)
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(char_format(finding))
        spans.append(Span(start, end, finding))
    return spans


_PLACEHOLDER = re.compile(r"\[([A-Z][A-Z_]*?)(?:_\d+)?\]|<([A-Z][A-Z_]*?)(?:_\d+)?>")


def apply_placeholders(document: QTextDocument, text: str) -> int:
    """Colour redaction placeholders such as ``[PERSON_2]`` in the redacted view."""
    mapping = OffsetMap(text)
    cursor = QTextCursor(document)
    count = 0
    for match in _PLACEHOLDER.finditer(text):
        entity = match.group(1) or match.group(2)
        if entity not in PALETTE:
            continue
        bg, fg = colours(entity)
        fmt = QTextCharFormat()
        fmt.setBackground(bg)
        fmt.setForeground(fg)
        cursor.setPosition(mapping.to_utf16(match.start()))
        cursor.setPosition(mapping.to_utf16(match.end()), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
        count += 1
    return count


# A search hit in the posts table: bold on a pale yellow, black text (not brackets, which our
# stand-ins "[PERSON_10]" use, and not a finding's colours)
SEARCH_HIT = ("#FFF176", "#000000")


def _utf16(text: str, index: int) -> int:
    """A code-point offset in ``text`` as a UTF-16 offset (what Qt counts)."""
    head = text[:index]
    return index if head.isascii() else len(head.encode("utf-16-le")) // 2


class HitDelegate(DirectionDelegate):
    """Draws a view's cells with the spans the model gives under ``hits_role`` (code-point
    offsets: a search snippet's hits, the word a leak check found) in bold on
    :data:`SEARCH_HIT`; other cells as :class:`DirectionDelegate` does."""

    def __init__(self, parent: QObject | None, hits_role: int) -> None:
        super().__init__(parent)
        self.hits_role = hits_role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        hits = index.data(self.hits_role)
        if not hits:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget).adjusted(2, 0, -2, 0)
        layout = QTextLayout(text, opt.font)
        to = QTextOption()
        to.setTextDirection(opt.direction)
        to.setWrapMode(QTextOption.WrapMode.NoWrap)
        layout.setTextOption(to)
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setBackground(QColor(SEARCH_HIT[0]))
        fmt.setForeground(QColor(SEARCH_HIT[1]))
        ranges = []
        for a, b in hits:  # Python offsets (code points) -> Qt's UTF-16 units (an emoji is two)
            u16a = _utf16(text, int(a))
            r = QTextLayout.FormatRange()
            r.start, r.length, r.format = u16a, _utf16(text, int(b)) - u16a, fmt
            ranges.append(r)
        layout.setFormats(ranges)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(1e6)
        layout.endLayout()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setClipRect(rect)
        painter.setPen(opt.palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        width = line.naturalTextWidth()
        x = rect.right() - width if opt.direction == Qt.LayoutDirection.RightToLeft else rect.left()
        y = rect.top() + (rect.height() - line.height()) / 2
        layout.draw(painter, QPointF(x, y))
        painter.restore()
