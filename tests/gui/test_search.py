"""The search bar: live results (debounced), count, keyword in context, bad queries."""

from __future__ import annotations

from PySide6.QtCore import Qt

from safe_archive.gui.main_window import SEARCH_DELAY_MS, MainWindow
from safe_archive.gui.posts_model import HITS_ROLE, SearchSource

from .conftest import EMOJI_NAME, POSTS


def test_live_search_after_typing(main_window: MainWindow, qtbot) -> None:
    qtbot.keyClicks(main_window.search_box, "harbour")
    # results come after the debounce delay, without pressing Enter
    qtbot.waitUntil(lambda: isinstance(main_window.model.source, SearchSource), timeout=SEARCH_DELAY_MS * 8)
    # nothing is scrubbed in this archive: the redacted column is empty, so 0 results
    assert main_window.model.total == 0
    main_window.search_originals.setChecked(True)
    assert main_window.model.total == POSTS
    assert main_window.count_label.text().strip() == f"{POSTS} results"
    text = main_window.model.data(main_window.model.index(0, 5))
    hits = main_window.model.data(main_window.model.index(0, 5), HITS_ROLE)
    # keyword in context, its hits drawn highlighted (not in brackets like our stand-ins)
    assert "[harbour]" not in text and [text[a:b].lower() for a, b in hits] == ["harbour"]
    assert main_window.model.headerData(5, Qt.Orientation.Horizontal) == "In context"


def test_search_then_clear_returns_to_all_posts(main_window: MainWindow) -> None:
    main_window.search_originals.setChecked(True)
    main_window.search_box.setText(f'"{EMOJI_NAME}"')
    main_window.run_search()
    assert main_window.model.total == 1
    main_window.table.selectRow(0)
    assert main_window.detail.detail is not None and EMOJI_NAME in main_window.detail.detail.post.text
    main_window.clear_search()
    assert main_window.model.total == POSTS + 1
    assert main_window.detail.detail is None or main_window.model.total == POSTS + 1


def test_bad_query_says_why_and_shows_nothing(main_window: MainWindow) -> None:
    main_window.search_box.setText("-harbour")
    main_window.run_search()
    assert main_window.model.total == 0
    assert main_window.count_label.text().strip() == "0 results"
    assert main_window.statusBar().currentMessage()
    assert "harbour" not in main_window.windowTitle()
