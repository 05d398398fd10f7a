"""Right-to-left posts in Qt's views (Unicode bidi, UAX #9).

Qt lays out an item view's text in the widget's direction (left to right), whatever the text: an
Arabic post in the posts table then had its words and our Latin stand-ins ([PERSON_4],
[an age]) in the wrong order. A QTextEdit takes each paragraph's direction from its first strong
character, which in redacted text can be our stand-in ("[PERSON_5] قالت لي …" came out left to
right). And a line that quotes a right-to-left term among Latin columns (the findings list) pulled
the score after it into the right-to-left run. Here: the direction of a text by its first strong
character outside our stand-ins, a delegate that draws such rows right to left, per-paragraph
directions for a text view, and first-strong isolates for a term quoted inside a line.
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

FSI, PDI = "\u2068", "\u2069"  # first-strong isolate and its end
# our stand-ins in redacted text: [PERSON_3], [an age], [a place], [EMAIL_ADDRESS_1] …
_STAND_IN = re.compile(r"\[[^\[\]\n]{1,60}\]")


def is_rtl(text: str) -> bool:
    """True when the first strong character outside our stand-ins is right-to-left."""
    for part in _STAND_IN.split(text):
        for ch in part:
            kind = unicodedata.bidirectional(ch)
            if kind in ("R", "AL"):
                return True
            if kind == "L":
                return False
    return False


def isolated(text: str) -> str:
    """``text`` as a first-strong isolate: inside a line it keeps its own direction and does not
    pull the words and numbers around it into it."""
    return f"{FSI}{text}{PDI}"


def display_width(text: str) -> int:
    """Columns a text takes in a fixed-pitch list: wide East Asian characters two, combining
    marks and format characters none."""
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def padded(text: str, width: int) -> str:
    """``text`` isolated and padded with spaces to ``width`` display columns."""
    return isolated(text) + " " * max(0, width - display_width(text))


class DirectionDelegate(QStyledItemDelegate):
    """Draws a cell whose text is right-to-left (by :func:`is_rtl`) right to left and aligned
    to the right; other cells as before."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if option.text and is_rtl(option.text):
            option.direction = Qt.LayoutDirection.RightToLeft


def set_paragraph_directions(document: QTextDocument) -> None:
    """Give each paragraph of ``document`` the direction :func:`is_rtl` finds in it (the text's
    own first strong character would be our stand-in where a post starts with one)."""
    block = document.begin()
    while block.isValid():
        wanted = Qt.LayoutDirection.RightToLeft if is_rtl(block.text()) else Qt.LayoutDirection.LeftToRight
        if block.blockFormat().layoutDirection() != wanted:
            fmt = QTextBlockFormat(block.blockFormat())
            fmt.setLayoutDirection(wanted)
            QTextCursor(block).setBlockFormat(fmt)
        block = block.next()
