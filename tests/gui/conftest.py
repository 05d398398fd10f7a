"""GUI test fixtures: offscreen Qt, a fresh window per test, a synchronous task runner."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Callable, Iterator  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from shiboken6 import Shiboken  # noqa: E402

from safe_archive.core.archive import Archive, KdfParams  # noqa: E402
from safe_archive.core.model import Post  # noqa: E402
from safe_archive.core.paths import AppPaths  # noqa: E402
from safe_archive.gui.app import Controller  # noqa: E402
from safe_archive.gui.context import AppContext  # noqa: E402
from safe_archive.gui.gui_settings import GuiSettings  # noqa: E402
from safe_archive.gui.main_window import MainWindow  # noqa: E402
from safe_archive.gui.taskman import SyncTaskManager  # noqa: E402
from tests.dbutil import transaction

FAST_KDF = KdfParams(64 * 1024, 3, 4)
PASSPHRASE = "pw"
POSTS = 450  # more than two pages of the lazy model
EMOJI_TEXT = "😀👍🏽 Maren Quist said I should not tell anyone. #MeToo"
EMOJI_NAME = "Maren Quist"

pytestmark = pytest.mark.gui


def add_posts(archive: Archive, count: int) -> list[int]:
    posts = [
        Post(
            platform="text",
            source_id=f"p{i}",
            text=f"Synthetic testimony number {i} about a harbour and a promise.",
            author_handle=f"@author{i % 7}",
            created_at=datetime(2019, 1, 1, tzinfo=timezone.utc),
        )
        for i in range(count)
    ]
    posts.append(Post(platform="text", source_id="emoji", text=EMOJI_TEXT, author_handle="@emoji"))
    return archive.add_posts(posts).added_ids


def add_finding(archive: Archive, post_id: int, start: int, end: int, entity: str = "PERSON", status: str = "pending") -> None:
    with transaction(archive) as conn:
        conn.execute(
            "INSERT INTO findings(post_id, start, end, entity_type, score, source, term, status) "
            "VALUES (?, ?, ?, ?, 0.9, 'test', 'x', ?)",
            (post_id, start, end, entity, status),
        )


@pytest.fixture
def tasks() -> SyncTaskManager:
    return SyncTaskManager()


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "config", tmp_path / "data", tmp_path / "cache")


@pytest.fixture
def ctx(tasks: SyncTaskManager, paths: AppPaths) -> Iterator[AppContext]:
    settings = GuiSettings(path=paths.config / "gui.toml")
    # Scrubbing on import loads the NLP pipeline in a worker process; test_import.py has one
    # test that turns it on, the rest keep the GUI tests fast.
    context = AppContext(tasks, paths, settings, show_dialogs=False, scrub_on_import=False)
    yield context
    if context.is_open:
        context.lock()


@pytest.fixture
def archive_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "archive"
    archive = Archive.create(folder, PASSPHRASE, kdf=FAST_KDF)
    try:
        ids = add_posts(archive, POSTS)
        # the emoji post: a finding on the name, in code points
        start = EMOJI_TEXT.index(EMOJI_NAME)
        add_finding(archive, ids[-1], start, start + len(EMOJI_NAME))
    finally:
        archive.close()
    return folder


@pytest.fixture
def controller(ctx: AppContext, qtbot) -> Iterator[Controller]:  # type: ignore[no-untyped-def]
    control = Controller(ctx, kdf=FAST_KDF)
    yield control
    # a fresh window per test: close every top-level window this test made (the controller
    # deletes windows itself on lock, so qtbot.addWidget would hold dangling wrappers)
    for widget in QApplication.topLevelWidgets():
        if Shiboken.isValid(widget) and widget.isVisible():
            widget.close()
    QApplication.processEvents()


@pytest.fixture
def open_main(controller: Controller, archive_folder: Path, qtbot) -> Callable[[], MainWindow]:  # type: ignore[no-untyped-def]
    def make() -> MainWindow:
        start = controller.show_start()
        start.preselect(archive_folder)
        start.passphrase.setText(PASSPHRASE)
        start.submit_open()
        assert controller.main is not None, controller.ctx.errors.messages
        return controller.main

    return make


@pytest.fixture
def main_window(open_main: Callable[[], MainWindow]) -> MainWindow:
    return open_main()
