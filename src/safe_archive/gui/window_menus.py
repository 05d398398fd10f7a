"""The main window's menus and their shortcuts (the keys are documented in
docs/review-search-export.md, "Reviewing in the app")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from safe_archive.gui.capabilities import NOT_YET

if TYPE_CHECKING:
    from safe_archive.gui.main_window import MainWindow


def _action(self: MainWindow, menu_name: str, text: str, slot: object,
            shortcut: str | QKeySequence.StandardKey | None = None, *, enabled: bool = True, why: str = "") -> QAction:
    action = QAction(text, self)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)  # type: ignore[arg-type]
    action.setEnabled(enabled)
    if not enabled and why:
        action.setToolTip(why)
        action.setStatusTip(why)
    self.menus[menu_name].addAction(action)
    self.addAction(action)  # shortcuts work even with the menu bar hidden
    return action


def build_menus(self: MainWindow) -> None:
    """The menu bar; every action is also added to the window so its shortcut works with the
    menu bar hidden. Sets ``self.menus`` and ``self.actions_by_name``."""
    bar = self.menuBar()
    self.menus = {name: bar.addMenu(title) for name, title in (
        ("archive", "&Archive"), ("edit", "&Edit"), ("review", "&Review"),
        ("collections", "&Collections"), ("view", "&View"), ("tools", "&Tools"))}
    for menu in self.menus.values():
        menu.setToolTipsVisible(True)
    a = self.actions_by_name = {}  # type: ignore[var-annotated]
    a["new_archive"] = _action(self, "archive", "&New archive…", lambda: self.switch_archive("create"), QKeySequence.StandardKey.New)
    a["open_archive"] = _action(self, "archive", "&Open another archive…", lambda: self.switch_archive("open"), QKeySequence.StandardKey.Open)
    self.menus["archive"].addSeparator()
    a["import"] = _action(self, "archive", "&Import posts…", lambda: self.open_import(), "Ctrl+I")
    a["export"] = _action(self, "archive", "&Export…", self.open_export, "Ctrl+E", enabled=self.caps.export, why=NOT_YET["export"])
    self.menus["archive"].addSeparator()
    a["backup"] = _action(self, "archive", "&Back up to a folder…", self.backup)
    a["verify"] = _action(self, "archive", "&Verify the archive", self.verify)
    self.menus["archive"].addSeparator()
    a["lock"] = _action(self, "archive", "&Lock", self.lock, "Ctrl+L")
    a["quit"] = _action(self, "archive", "&Quit", self.close, QKeySequence.StandardKey.Quit)

    # the focused text view's selection, else the whole post (the search box copies its own)
    a["copy"] = _action(self, "edit", "&Copy post text", self.copy_post_text, QKeySequence.StandardKey.Copy)
    a["find"] = _action(self, "edit", "&Find…", self.focus_search, QKeySequence.StandardKey.Find)
    a["clear_search"] = _action(self, "edit", "&Clear search", self.clear_search, "Escape")

    why = NOT_YET["review"]
    on = self.caps.review
    r = self.review
    a["accept"] = _action(self, "review", "&Accept finding", r.accept, "A", enabled=on, why=why)
    a["reject"] = _action(self, "review", "&Reject finding", r.reject, "R", enabled=on, why=why)
    a["apply_all"] = _action(self, "review", "Accept this term &everywhere", lambda: r.decide_all("accepted"), "Shift+A", enabled=on, why=why)
    a["reject_all"] = _action(self, "review", "Reject this term every&where", lambda: r.decide_all("rejected"), "Shift+R", enabled=on, why=why)
    a["not_a_name"] = _action(self, "review", "&Not a name here (keep this term everywhere)", r.not_a_name, "X", enabled=on, why=why)
    a["undo"] = _action(self, "review", "&Undo last decision", r.undo, QKeySequence.StandardKey.Undo, enabled=False)
    a["terms"] = _action(self, "review", "Switch between the &post view and the terms view", self.toggle_terms_view, "T")
    a["manual"] = _action(self, "review", "Add &manual redaction from selection…", lambda: r.add_manual(), "M", enabled=on, why=why)
    a["reviewed"] = _action(self, "review", "Mark post re&viewed", r.mark_reviewed, "Ctrl+Return", enabled=on, why=why)
    self.menus["review"].addSeparator()
    a["next_finding"] = _action(self, "review", "Next &finding", lambda: self.step_finding(1), "J")
    a["prev_finding"] = _action(self, "review", "Previous f&inding", lambda: self.step_finding(-1), "K")
    a["next_pending"] = _action(self, "review", "&Next post needing review", lambda: self.goto_pending(False), "N")
    a["prev_pending"] = _action(self, "review", "&Previous post needing review", lambda: self.goto_pending(True), "Shift+N")

    self.menus["review"].addSeparator()
    p = self.posts
    a["open_post"] = _action(self, "review", "&Open in the post view", self._open_selected_post)
    a["tag"] = _action(self, "review", "&Tag selected posts…", lambda: p.add_tag(), "Ctrl+T", enabled=on, why=why)
    a["untag"] = _action(self, "review", "Remove a ta&g…", lambda: p.remove_tag(), "Ctrl+Shift+T", enabled=on, why=why)
    a["note"] = _action(self, "review", "Add a n&ote to this post…", lambda: p.add_note(), "Ctrl+Shift+N", enabled=on, why=why)

    cwhy = NOT_YET["collections"]
    con = self.caps.collections
    a["add_collection"] = _action(self, "collections", "&Add selected posts to a collection…", lambda: r.add_to_collection(), "Ctrl+Shift+C", enabled=con, why=cwhy)
    a["add_results"] = _action(self, "collections", "Add all &search results to a collection…", lambda: r.add_results_to_collection(), enabled=con, why=cwhy)
    a["save_search"] = _action(self, "collections", "&Save this search…", lambda: r.save_search(), "Ctrl+Shift+S", enabled=con, why=cwhy)
    a["label"] = _action(self, "collections", "Set &consent / handling label…", lambda: r.set_label(), "Ctrl+Shift+B", enabled=con, why=cwhy)

    a["focus_sidebar"] = _action(self, "view", "Go to &sidebar", self.sidebar.setFocus, "Alt+1")
    a["focus_posts"] = _action(self, "view", "Go to &posts", self.table.setFocus, "Alt+2")
    a["focus_findings"] = _action(self, "view", "Go to &findings", self.detail.findings_list.setFocus, "Alt+3")
    a["focus_terms"] = _action(self, "view", "Go to &terms", self._focus_terms, "Alt+4")
    a["focus_leaks"] = _action(self, "view", "Go to the &leak check results", self._focus_leaks, "Alt+5")
    a["refresh"] = _action(self, "view", "&Refresh", self.refresh_all, QKeySequence.StandardKey.Refresh)

    a["audit"] = _action(self, "tools", "&Audit log", self.show_audit_log, "Ctrl+Shift+L")
    a["settings"] = _action(self, "tools", "&Settings…", self.show_settings, QKeySequence.StandardKey.Preferences)
    a["policy"] = _action(self, "tools", "Scrubbing &policy…", self.show_policy)
