"""The main window's menus and their shortcuts (the keys are documented in
docs/review-search-export.md, "Reviewing in the app").

This module holds the table only: which action sits in which menu, its text and its key. The
window hands in what each action does (``slots``), so this module needs nothing from the
window but a ``QMainWindow`` and the window module imports this one, not the other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Key = str | QKeySequence.StandardKey | None
SEPARATOR = ("-", "", None)
SK = QKeySequence.StandardKey
OFF_AT_START = frozenset({"undo"})  # enabled once there is a decision to undo

MENUS: tuple[tuple[str, str], ...] = (
    ("archive", "&Archive"), ("edit", "&Edit"), ("review", "&Review"),
    ("collections", "&Collections"), ("view", "&View"), ("tools", "&Tools"),
)

# menu -> (action name, text, key); ("-", "", None) is a separator
ENTRIES: dict[str, tuple[tuple[str, str, Key], ...]] = {
    "archive": (
        ("new_archive", "&New archive…", SK.New),
        ("open_archive", "&Open another archive…", SK.Open),
        SEPARATOR,
        ("import", "&Import posts…", "Ctrl+I"),
        ("scrub_rest", "&Scrub posts not scrubbed yet…", None),
        ("export", "&Export…", "Ctrl+E"),
        SEPARATOR,
        ("backup", "&Back up to a folder…", None),
        ("verify", "&Verify the archive", None),
        SEPARATOR,
        ("lock", "&Lock", "Ctrl+L"),
        ("quit", "&Quit", SK.Quit),
    ),
    # the focused text view's selection, else the whole post (the search box copies its own)
    "edit": (
        ("copy", "&Copy post text", SK.Copy),
        ("find", "&Find…", SK.Find),
        ("clear_search", "&Clear search", "Escape"),
    ),
    "review": (
        ("accept", "&Accept finding", "A"),
        ("reject", "&Reject finding", "R"),
        ("apply_all", "Accept this term &everywhere", "Shift+A"),
        ("reject_all", "Reject this term every&where", "Shift+R"),
        ("not_a_name", "&Not a name here (keep this term everywhere)", "X"),
        ("undo", "&Undo last decision", SK.Undo),
        ("terms", "Switch between the &post view and the terms view", "T"),
        ("manual", "Add &manual redaction from selection…", "M"),
        ("reviewed", "Mark post re&viewed", "Ctrl+Return"),
        SEPARATOR,
        ("next_finding", "Next &finding", "J"),
        ("prev_finding", "Previous f&inding", "K"),
        ("next_pending", "&Next post needing review", "N"),
        ("prev_pending", "&Previous post needing review", "Shift+N"),
        SEPARATOR,
        ("open_post", "&Open in the post view", None),
        ("tag", "&Tag selected posts…", "Ctrl+T"),
        ("untag", "Remove a ta&g…", "Ctrl+Shift+T"),
        ("note", "Add a n&ote to this post…", "Ctrl+Shift+N"),
    ),
    "collections": (
        ("add_collection", "&Add selected posts to a collection…", "Ctrl+Shift+C"),
        ("add_results", "Add all &search results to a collection…", None),
        ("save_search", "&Save this search…", "Ctrl+Shift+S"),
        ("label", "Set &consent / handling label…", "Ctrl+Shift+B"),
    ),
    "view": (
        ("focus_sidebar", "Go to &sidebar", "Alt+1"),
        ("focus_posts", "Go to &posts", "Alt+2"),
        ("focus_findings", "Go to &findings", "Alt+3"),
        ("focus_terms", "Go to &terms", "Alt+4"),
        ("focus_leaks", "Go to the &leak check results", "Alt+5"),
        ("refresh", "&Refresh", SK.Refresh),
    ),
    "tools": (
        ("audit", "&Audit log", "Ctrl+Shift+L"),
        ("settings", "&Settings…", SK.Preferences),
        ("policy", "Scrubbing &policy…", None),
    ),
}


def build_menus(window: QMainWindow, slots: Mapping[str, Callable[[], object]]) -> tuple[dict[str, QMenu], dict[str, QAction]]:
    """The menu bar of ``window``: every entry of :data:`ENTRIES`, triggering ``slots[name]``.
    Every action is also added to the window so its shortcut works with the menu bar hidden.
    Returns the menus and the actions by name."""
    missing = {name for entries in ENTRIES.values() for name, _t, _k in entries if name != "-"} - set(slots)
    if missing:
        raise KeyError(f"no slot for the menu actions {sorted(missing)}")
    bar = window.menuBar()
    menus: dict[str, QMenu] = {}
    actions: dict[str, QAction] = {}
    for menu_name, title in MENUS:
        menu = menus[menu_name] = bar.addMenu(title)
        menu.setToolTipsVisible(True)
        for name, text, key in ENTRIES[menu_name]:
            if name == "-":
                menu.addSeparator()
                continue
            action = QAction(text, window)
            if key is not None:
                action.setShortcut(QKeySequence(key))
            action.setEnabled(name not in OFF_AT_START)
            slot = slots[name]
            action.triggered.connect(lambda _checked=False, run=slot: run())
            menu.addAction(action)
            window.addAction(action)  # shortcuts work even with the menu bar hidden
            actions[name] = action
    return menus, actions
