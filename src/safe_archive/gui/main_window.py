"""The main window: sidebar, lazily loaded posts table, detail pane, search, menus, locking."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextEdit,
    QToolBar,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from shiboken6 import Shiboken

from safe_archive.core.archive import Changes, ImportSummary, PostSource, VerifyReport
from safe_archive.gui import file_dialogs
from safe_archive.gui.highlight import HitDelegate
from safe_archive.gui.context import AppContext
from safe_archive.gui.detail_pane import DetailPane
from safe_archive.gui.export_dialog import DetectorCache, ExportDialog
from safe_archive.gui.dialogs import AuditLogDialog, SettingsDialog, TextReportDialog
from safe_archive.gui.import_dialog import ImportDialog, local_paths
from safe_archive.gui.leak_panel import LeakPanel
from safe_archive.gui.operations import ArchiveOp
from safe_archive.gui.posts_model import HITS_ROLE, PostsTableModel, SearchSource, Source
from safe_archive.gui.locking import ClipboardGuard, IdleWatcher, clipboard_holds_archive_text
from safe_archive.gui.post_actions import PostActions
from safe_archive.gui.reports import verify_summary
from safe_archive.gui.review_actions import ReviewActions
from safe_archive.gui.sidebar import SOURCE_ROLE, Sidebar
from safe_archive.gui.terms_view import TermsView
from safe_archive.gui.window_menus import build_menus
from safe_archive.gui.wording import plural

SEARCH_DELAY_MS = 250
W = TypeVar("W", bound=QWidget)


# what an export reads: a change to one of these outdates a leak check's result
_EXPORTED_KINDS = ("batches", "posts", "findings", "labels", "tags", "notes", "terms", "policy", "collections")


def stale_reason(changes: Changes) -> str:
    """What changed, in the leak check panel's words ("posts were imported")."""
    if changes.touches("batches"):
        return "posts were imported or removed"
    if changes.touches("findings", "terms", "policy"):
        return "findings or review decisions changed"
    if changes.touches("posts"):
        return "posts changed"
    return "labels, tags, notes or collections changed"


class MainWindow(QMainWindow):
    locked_out = Signal(object)  # the archive folder (Path | None), for the unlock screen
    EMPTY_TEXT = ("<h3>This archive is empty</h3><p><b>First, import posts:</b> choose Import posts… "
                  "(Ctrl+I) or drop export files on this window. SafeArchive reads X/Twitter, Bluesky, "
                  "Reddit, Mastodon, Facebook/Instagram exports, research-tool files, spreadsheets and "
                  "plain stories, and scrubs names and identifiers as it imports.</p>"
                  "<p><b>Then review</b> what it found: the Terms view (T) decides a name once for all "
                  "posts; the keys J, A, R and N go through the rest. <b>Export</b> (Ctrl+E) writes a "
                  "redacted copy after a leak check.</p>")

    def __init__(self, ctx: AppContext, *, icon: QIcon | None = None, attach: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.folder: Path | None = ctx.session.folder
        self.import_dialog: ImportDialog | None = None
        self.detectors = DetectorCache()
        self.dialogs: list[QWidget] = []
        self._leak_panel: LeakPanel | None = None
        self._leak_dialog: ExportDialog | None = None
        self.setWindowTitle("SafeArchive")  # never archive text, not even the folder name
        if icon is not None:
            self.setWindowIcon(icon)
        self.setAcceptDrops(True)
        self.resize(1280, 820)

        self.review = ReviewActions(self, self, ctx)
        self.posts = PostActions(self, self, ctx)
        self.next_screen = "unlock"  # after a lock: unlock | open | create (Archive ▸ New / Open)
        self.resume_post: int | None = None  # after an unlock: show the post the reviewer was on
        self.last_post: int | None = None
        self.clipboard_guard = ClipboardGuard(ctx.clipboard_clear_ms, self)
        self.model = PostsTableModel(ctx)
        self.model.total_changed.connect(self._total_changed)
        self.model.source_failed.connect(self._source_failed)
        self._build_toolbar()
        self._build_central()
        self._build_status()
        self.menus: dict[str, QMenu]
        self.actions_by_name: dict[str, QAction]
        self.menus, self.actions_by_name = build_menus(self, self._menu_slots())
        self.posts.install()

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.idle_watcher = IdleWatcher(self.idle_timer)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle_watcher)
        ctx.busy_changed.connect(self._busy_changed)
        ctx.archive_changed.connect(self._archive_changed)
        clipboard = QGuiApplication.clipboard()
        self._watching_clipboard = clipboard is not None
        if clipboard is not None:  # copies made by Qt's own widgets (Ctrl+C in a text view)
            clipboard.dataChanged.connect(self._clipboard_changed)
        if attach:
            self.attach()

    def attach(self) -> None:
        """Start showing the open archive. Separate from construction so the window can be
        built while the passphrase is still being checked (building it takes tens of ms)."""
        self.folder = self.ctx.session.folder
        self.apply_autolock()
        self.refresh_sidebar()
        self.model.set_source(PostSource())
        self.table.setFocus()  # not the search box: J, A, R, N, T work at once (Ctrl+F searches)

    # ------------------------------------------------------------------ layout
    def _build_toolbar(self) -> None:
        bar = QToolBar("Search")
        bar.setObjectName("search-toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.search_box = QLineEdit()
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setPlaceholderText(
            'Search redacted text: words, "a phrase", OR, -exclude, prefix*, author:, has:PERSON, '
            "status:pending, label:, tag:, collection:, before:/after:YYYY-MM-DD")
        self.search_box.setToolTip(
            "Words, \"phrases\", OR, -word, prefix*, and filters author:HANDLE platform:NAME lang:CODE "
            "before:DATE after:DATE has:ENTITY status:unreviewed|reviewed|pending|scrubbed|unscrubbed "
            "label:LABEL tag:TAG collection:NAME")
        self.search_box.setAccessibleName("Search")
        self.search_box.textChanged.connect(self._search_edited)
        self.search_box.returnPressed.connect(self.run_search)
        bar.addWidget(QLabel(" Search: "))
        bar.addWidget(self.search_box)
        self.search_originals = QCheckBox("Originals")
        self.search_originals.setToolTip("Search the original (unredacted) text instead of the redacted text")
        self.search_originals.setAccessibleName("Search the original text")
        self.search_originals.toggled.connect(lambda _on: self.run_search())
        bar.addWidget(self.search_originals)
        self.count_label = QLabel("")
        self.count_label.setAccessibleName("Number of posts shown")
        bar.addWidget(self.count_label)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)

    def _build_central(self) -> None:
        self.sidebar = Sidebar()
        self.sidebar.itemSelectionChanged.connect(self._sidebar_chosen)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Posts")
        # right-to-left posts drawn so, search hits highlighted
        self.table.setItemDelegate(HitDelegate(self.table, HITS_ROLE))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(False)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row measuring at 1M rows
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.table.horizontalHeader()
        hh.setStretchLastSection(True)
        for col, width in enumerate((70, 130, 90, 150, 90)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().selectionChanged.connect(self._table_selection_changed)
        self.detail = DetailPane(self.ctx)
        self.terms_view = TermsView(self.ctx, self.review.decide_term)
        self.terms_view.open_post.connect(self.open_post)
        self.review_tabs = QTabWidget()
        self.review_tabs.setAccessibleName("Post view and terms view")
        self.review_tabs.addTab(self.detail, "&Post")
        self.review_tabs.addTab(self.terms_view, "&Terms (decide once for all posts)")
        self.review_tabs.currentChanged.connect(self._review_tab_changed)
        self.empty_state = QWidget()
        empty_layout = QVBoxLayout(self.empty_state)
        self.empty_label = QLabel(self.EMPTY_TEXT)
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextFormat(Qt.TextFormat.RichText)
        self.empty_label.setAccessibleName("What to do first")
        empty_layout.addWidget(self.empty_label)
        self.empty_import = QPushButton("&Import posts…")
        self.empty_import.setAccessibleName("Import posts from export files")
        self.empty_import.clicked.connect(lambda: self.open_import())
        empty_layout.addWidget(self.empty_import, alignment=Qt.AlignmentFlag.AlignLeft)
        empty_layout.addStretch(1)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty_state)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.table_stack)
        right.addWidget(self.review_tabs)
        right.setSizes([380, 420])
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.sidebar)
        main.addWidget(right)
        main.setSizes([250, 1030])
        self.setCentralWidget(main)

    def _build_status(self) -> None:
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setVisible(False)
        self.busy_bar.setAccessibleName("Working")
        self.busy_label = QLabel("")
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.busy_bar)

    def _menu_slots(self) -> dict[str, Callable[[], object]]:
        """What each menu action does (window_menus.py holds the menus' texts and keys)."""
        r, p = self.review, self.posts
        return {
            "new_archive": lambda: self.switch_archive("create"),
            "open_archive": lambda: self.switch_archive("open"),
            "import": lambda: self.open_import(),
            "scrub_rest": lambda: self.open_import().scrub_rest(),
            "export": self.open_export,
            "backup": self.backup,
            "verify": self.verify,
            "lock": self.lock,
            "quit": self.close,
            "copy": self.copy_post_text,
            "find": self.focus_search,
            "clear_search": self.clear_search,
            "accept": r.accept,
            "reject": r.reject,
            "apply_all": lambda: r.decide_all("accepted"),
            "reject_all": lambda: r.decide_all("rejected"),
            "not_a_name": r.not_a_name,
            "undo": r.undo,
            "terms": self.toggle_terms_view,
            "manual": lambda: r.add_manual(),
            "reviewed": r.mark_reviewed,
            "next_finding": lambda: self.step_finding(1),
            "prev_finding": lambda: self.step_finding(-1),
            "next_pending": lambda: self.goto_pending(False),
            "prev_pending": lambda: self.goto_pending(True),
            "open_post": self._open_selected_post,
            "tag": lambda: p.add_tag(),
            "untag": lambda: p.remove_tag(),
            "note": lambda: p.add_note(),
            "add_collection": lambda: r.add_to_collection(),
            "add_results": lambda: r.add_results_to_collection(),
            "save_search": lambda: r.save_search(),
            "label": lambda: r.set_label(),
            "focus_sidebar": self.sidebar.setFocus,
            "focus_posts": self.table.setFocus,
            "focus_findings": self.detail.findings_list.setFocus,
            "focus_terms": self._focus_terms,
            "focus_leaks": self._focus_leaks,
            "refresh": self.refresh_all,
            "audit": self.show_audit_log,
            "settings": self.show_settings,
            "policy": self.show_policy,
        }

    # ------------------------------------------------------------------ sidebar
    def refresh_sidebar(self, *, keep_selection: bool = False) -> None:
        keep = self.sidebar.selected_source() if keep_selection else None
        ArchiveOp(self.ctx, lambda a: a.read.sidebar(), parent=self).success(
            lambda data: self.sidebar.fill(data, keep)).run_in_background()

    def _sidebar_items(self) -> list[QTreeWidgetItem]:
        return self.sidebar.all_items()

    def _sidebar_chosen(self) -> None:
        source = self.sidebar.selected_source()
        if source is None:
            return
        if isinstance(source, SearchSource):
            self.search_box.blockSignals(True)
            self.search_box.setText(source.query)
            self.search_box.blockSignals(False)
        elif self.search_box.text():
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
        self.detail.clear()
        self.model.set_source(source)

    def current_sidebar_source(self) -> Source:
        source = self.sidebar.selected_source()
        return source if isinstance(source, PostSource) else PostSource()

    # ------------------------------------------------------------------ search
    def _search_edited(self, _text: str) -> None:
        self.search_timer.start()

    def run_search(self) -> None:
        self.search_timer.stop()
        query = self.search_box.text().strip()
        self.detail.clear()
        if not query:
            self.model.set_source(self.current_sidebar_source())
            return
        self.model.set_source(SearchSource(query, self.search_originals.isChecked()))

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def clear_search(self) -> None:
        if self.search_box.text():
            self.search_box.clear()
            self.run_search()

    def _total_changed(self, total: int) -> None:
        what = "result" if isinstance(self.model.source, SearchSource) else "post"
        plus = "" if self.model.exact else "+"
        note = {"newest": " (too many to rank: newest first; refine the search)", "date": " (by date)"}.get(self.model.order, "")
        self.count_label.setText(f"  {total:,}{plus} {what}{'' if total == 1 and not plus else 's'}{note}  ")
        empty = total == 0 and self.model.source == PostSource() and not self.search_box.text()
        self.table_stack.setCurrentWidget(self.empty_state if empty else self.table)
        if self.resume_post is not None and total:
            post, self.resume_post = self.resume_post, None
            self.open_post(post)
        elif total and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _source_failed(self, message: str) -> None:
        self.count_label.setText("  0 results  ")
        self.statusBar().showMessage(message, 8000)  # query errors are about syntax, not content

    # ------------------------------------------------------------------ table and detail
    def _table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        index = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        if rows:
            index = rows[0] if not index.isValid() or index.row() not in {r.row() for r in rows} else index
        post_id = self.model.data(self.model.index(index.row(), 0), SOURCE_ROLE) if index.isValid() else None
        if isinstance(post_id, int):
            self.detail.show_post(post_id)

    def _focus_terms(self) -> None:
        self.review_tabs.setCurrentWidget(self.terms_view)
        self.terms_view.table.setFocus()

    def _focus_leaks(self) -> None:
        panel = self.leak_panel()
        panel.show()
        panel.tree.setFocus()

    def _open_selected_post(self) -> None:
        self.review_tabs.setCurrentWidget(self.detail)
        self.detail.findings_list.setFocus()

    def switch_archive(self, screen: str) -> None:
        """Archive ▸ New / Open: close this archive (as a lock does: views emptied, clipboard
        cleared) and go straight to the create or open screen."""
        self.next_screen = screen
        self.lock()

    def in_terms_view(self) -> bool:
        return self.review_tabs.currentWidget() is self.terms_view

    def toggle_terms_view(self) -> None:
        self.review_tabs.setCurrentWidget(self.detail if self.in_terms_view() else self.terms_view)
        (self.terms_view.table if self.in_terms_view() else self.detail.findings_list).setFocus()

    def _review_tab_changed(self, _index: int) -> None:
        if self.in_terms_view() and self.ctx.is_open:
            self.terms_view.refresh()

    def update_undo_action(self) -> None:
        self.actions_by_name["undo"].setEnabled(self.review.journal.can_undo())

    def open_post(self, post_id: int) -> None:
        """Show one post in the post view (from a term's context or a leak-check line)."""
        self.review_tabs.setCurrentWidget(self.detail)
        row = self.model.row_of_post(post_id)
        if row is not None and self.selected_post_ids() != [post_id]:
            flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().setCurrentIndex(self.model.index(row, 0), flags)  # shows the post
            self.table.scrollTo(self.model.index(row, 0))
        else:
            if row is None:
                self.table.clearSelection()
            self.detail.show_post(post_id)

    def current_post_id(self) -> int | None:
        return self.detail.detail.post.id if self.detail.detail is not None else None

    def selected_post_ids(self) -> list[int]:
        ids = []
        for index in self.table.selectionModel().selectedRows():
            post_id = self.model.data(index, SOURCE_ROLE)
            if isinstance(post_id, int):
                ids.append(post_id)
        return ids

    def step_finding(self, step: int) -> None:
        view = self.detail.findings_list
        if view.count():
            view.setCurrentRow(max(0, min(view.count() - 1, view.currentRow() + step)))
            view.setFocus()

    def goto_pending(self, backwards: bool) -> None:
        current = self.detail.detail.post.id if self.detail.detail else (-1 if not backwards else 2**62)

        def show(post_id: int | None) -> None:
            if post_id is None:
                self.statusBar().showMessage("No post needs review.", 5000)
                return
            self.review_tabs.setCurrentWidget(self.detail)
            self.detail.select_first_pending = True
            self.open_post(post_id)
            self.detail.findings_list.setFocus()

        ArchiveOp(self.ctx, lambda a: a.read.next_pending(current, backwards=backwards), parent=self).success(show).run_in_background()

    # ------------------------------------------------------------------ actions
    def open_import(self, paths: list[Path] | None = None) -> ImportDialog:
        if self.import_dialog is None:
            self.import_dialog = ImportDialog(self.ctx, self)
            self.import_dialog.imported.connect(self._imported)
            self.import_dialog.finished.connect(self._import_closed)
        if paths:
            self.import_dialog.add_paths(paths)
        self.import_dialog.open()
        return self.import_dialog

    def _import_closed(self) -> None:
        if self.import_dialog is not None:
            self.import_dialog.deleteLater()
            self.import_dialog = None

    def _imported(self, summary: ImportSummary) -> None:
        self.statusBar().showMessage(f"Imported {plural(summary.imported, 'post')}.", 8000)

    def open_export(self) -> ExportDialog:
        source = self.model.source
        query = source.query if isinstance(source, SearchSource) else None
        ids = self.selected_post_ids()
        names = self.sidebar.collection_names()
        dialog = ExportDialog(self.ctx, query=query, post_ids=ids if len(ids) > 1 else None, collections=names,
                              detectors=self.detectors, parent=self)
        panel = self.leak_panel()
        dialog.leak_checked.connect(panel.show_words)
        self._leak_dialog = dialog
        dialog.setModal(False)  # the posts stay usable while it is open: fix a leak, check again
        self._keep(dialog).show()
        return dialog

    def leak_panel(self) -> LeakPanel:
        if self._leak_panel is None:
            panel = LeakPanel(self)
            panel.open_post.connect(self.open_post)
            panel.recheck.connect(self._recheck_leaks)
            panel.export_anyway.connect(self._export_anyway)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, panel)
            panel.hide()
            self._leak_panel = panel
        return self._leak_panel

    def _live_export_dialog(self) -> ExportDialog | None:
        dialog = self._leak_dialog
        return dialog if dialog is not None and Shiboken.isValid(dialog) else None

    def _recheck_leaks(self) -> None:
        dialog = self._live_export_dialog()
        if dialog is not None:
            dialog.check()

    def _export_anyway(self, reason: str) -> None:
        dialog = self._live_export_dialog()
        if dialog is not None:
            dialog.export_anyway(reason)

    def refresh_all(self) -> None:
        self.refresh_sidebar()
        self.model.refresh()

    def _archive_changed(self, changes: Changes) -> None:
        """Every committed write reaches the screens here (the archive's "changed" signal, on
        the GUI thread): each view reloads what the change names, whoever made it."""
        current = self.current_post_id()
        ids = changes.post_ids  # None or empty: not said which posts
        if current is not None and changes.touches("posts", "findings", "labels", "tags", "notes") \
                and (not ids or current in ids):
            self.detail.reload()
        source = self.model.source
        shown_by_list = isinstance(source, PostSource) and (
            (source.kind == "collection" and changes.touches("collections"))
            or (source.kind == "label" and changes.touches("labels")))
        if changes.touches("batches") or shown_by_list:
            self.model.refresh()  # posts came or went from what the table shows
        elif changes.touches("posts", "findings", "labels", "tags"):
            self.model.reload_rows()
        if changes.touches("batches", "collections", "saved_searches", "labels", "findings", "posts"):
            self.refresh_sidebar(keep_selection=True)
        if changes.touches("findings", "terms", "posts", "policy") and self.in_terms_view():
            self.terms_view.refresh()
        if self._leak_panel is not None and self._leak_panel.checked and changes.touches(*_EXPORTED_KINDS):
            what = stale_reason(changes)
            self._leak_panel.mark_stale(what)
            dialog = self._live_export_dialog()
            if dialog is not None:
                dialog.mark_stale(what)

    def verify(self) -> None:
        def show(report: VerifyReport) -> None:
            title, text = verify_summary(report)
            self.verify_dialog = TextReportDialog(title, text, self)
            self._keep(self.verify_dialog).open()

        ArchiveOp(self.ctx, lambda a: a.verify(), parent=self).success(show).with_progress("Checking the archive…").run_in_background()

    def backup(self) -> None:
        folder = file_dialogs.choose_folder(self, "Choose an empty folder for the backup")
        if folder is None:
            return
        ArchiveOp(self.ctx, lambda a: a.backup(folder), parent=self).success(
            lambda dest: self.statusBar().showMessage(f"Encrypted backup written to {dest}", 10000)
        ).with_progress("Backing up…").run_in_background()

    def show_audit_log(self) -> None:
        ArchiveOp(self.ctx, lambda a: a.audit_entries(limit=5000), parent=self).success(
            lambda entries: self._keep(AuditLogDialog(entries, self)).open()
        ).run_in_background()

    def show_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.ctx.settings, parent=self)
        dialog.accepted.connect(dialog.apply)
        dialog.accepted.connect(self.apply_autolock)
        self._keep(dialog).open()
        return dialog

    def show_policy(self) -> None:
        """Load the policy on the database thread, edit it, save it there as a new version."""
        from safe_archive.core.scrub.policy import Policy
        from safe_archive.gui.policy_dialog import PolicyDialog

        def opened(current: tuple[int, Policy]) -> None:
            dialog = PolicyDialog(current[0], current[1], self)
            self.policy_dialog = dialog

            def save() -> None:
                try:
                    policy = dialog.edited()
                except Exception as exc:  # PolicyError: say which field
                    self.ctx.show_error(self, exc)
                    return
                ArchiveOp(self.ctx, lambda a: a.scrubber().set_policy(policy), parent=self).success(
                    lambda _changes: self.statusBar().showMessage("Policy saved.", 6000)
                ).failure(lambda exc: self.ctx.show_error(self, exc)).with_progress("Saving the policy…").run_in_background()

            dialog.accepted.connect(save)
            self._keep(dialog).open()

        ArchiveOp(self.ctx, lambda a: a.scrubber().policy(), parent=self).success(opened).run_in_background()

    def _keep(self, dialog: W) -> W:
        # a closed dialog deletes itself (WA_DeleteOnClose): never touch its dead wrapper
        self.dialogs = [d for d in self.dialogs if Shiboken.isValid(d) and d.isVisible()]
        self.dialogs.append(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return dialog

    def _busy_changed(self, busy: bool, label: str) -> None:
        self.busy_bar.setVisible(busy)
        self.busy_label.setText(label if busy else "")

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event)
        if paths:
            event.acceptProposedAction()
            self.open_import(paths)

    # ------------------------------------------------------------------ locking
    def apply_autolock(self) -> None:
        minutes = self.ctx.settings.autolock_minutes
        if minutes > 0:
            self.idle_timer.setInterval(minutes * 60_000)
            self.idle_timer.start()
        else:
            self.idle_timer.stop()

    def _clipboard_holds_archive_text(self) -> bool:
        texts = self.detail.displayed_texts() + self.model.cached_texts()
        return clipboard_holds_archive_text(texts)

    def copy_post_text(self) -> None:
        """Copy the selection of the focused text view, else the shown post's text; it leaves
        the clipboard after the delay or on lock."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QTextEdit) and focus.textCursor().hasSelection():
            text = focus.textCursor().selection().toPlainText()
        else:
            detail = self.detail.detail
            text = detail.post.text if detail is not None else ""
        if not text:
            self.statusBar().showMessage("Select a post first.", 5000)
            return
        self.clipboard_guard.put(text)
        seconds = self.clipboard_guard.clear_after_ms / 1000
        self.statusBar().showMessage(f"Copied; the clipboard is cleared in {seconds:g} s or when the archive locks.", 5000)

    def _clipboard_changed(self) -> None:
        """Archive text that a text view copied (Ctrl+C) is cleared after the same delay."""
        clipboard = QGuiApplication.clipboard()
        if not self.ctx.is_open or clipboard is None or self.clipboard_guard.holds_ours():
            return
        text = clipboard.text()
        if text and (clipboard.ownsClipboard() or self.isActiveWindow()) and self._clipboard_holds_archive_text():
            self.clipboard_guard.watch(text)

    def _clear_clipboard(self) -> None:
        if self._clipboard_holds_archive_text() or self.clipboard_guard.holds_ours():
            QGuiApplication.clipboard().clear()
        self.clipboard_guard.clear()  # stops the timer

    def lock(self) -> None:
        """Empty every view, clear the clipboard if it holds archive text, close the archive."""
        if not self.ctx.is_open:
            return
        self.idle_timer.stop()
        self.last_post = self.current_post_id()  # an id, not content: the unlock returns to it
        try:
            self._clear_clipboard()
            for dialog in self.dialogs:
                if Shiboken.isValid(dialog):  # closed ones deleted themselves
                    dialog.close()
            self.dialogs = []
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
            self.model.clear()
            self.detail.clear()
            if self._leak_panel is not None:
                self._leak_panel.clear()
            self.sidebar.empty()
            self.count_label.clear()
        finally:  # whatever failed above, the archive is closed and the window goes away
            folder = self.folder
            self.ctx.lock()  # also tells the import dialog to cancel and close
            self.locked_out.emit(folder)

    def closeEvent(self, event: QCloseEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle_watcher)
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None and self._watching_clipboard:
            clipboard.dataChanged.disconnect(self._clipboard_changed)
            self._watching_clipboard = False
        if self.ctx.is_open:
            self._clear_clipboard()  # quitting while unlocked: same as a lock
            self.model.clear()
            self.detail.clear()
            self.ctx.lock()
        super().closeEvent(event)
