"""Import history: a batch left 'running' by a dead process is marked 'interrupted' on the next
open (schema 3 adds ``resumed_by``); only a complete re-run of the same file finishes it.
The SIGKILL version of this is tests/security/test_crash.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.store.schema import LATEST
from safe_archive.core.progress import CancelToken, ProgressEvent

from .conftest import PASSPHRASE, write_jsonl
from tests.dbutil import sql, transaction

MakeArchive = Callable[..., Archive]


def _fake_dead_import(archive: Archive, source: Path, stored: int) -> int:
    """What a killed import leaves: a 'running' batch holding the posts it committed."""
    from safe_archive.core.store import importing

    old = importing.BATCH_SIZE
    importing.BATCH_SIZE = stored
    try:
        cancel = CancelToken()

        def progress(event: ProgressEvent) -> None:
            cancel.cancel()

        archive.import_files([source], progress=progress, cancel=cancel)  # stops after one batch
    finally:
        importing.BATCH_SIZE = old
    with transaction(archive) as conn:  # as if the process had died before finishing
        conn.execute("UPDATE import_batches SET status='running', finished_at=NULL, imported=0 WHERE id=1")
    return 1


def _rows(n: int) -> list[dict[str, object]]:
    return [{"id": f"h{i}", "text": f"history post {i}"} for i in range(n)]


def test_open_marks_a_running_batch_interrupted(make_archive: MakeArchive, tmp_path: Path) -> None:
    archive = make_archive()
    folder = archive.folder
    source = write_jsonl(tmp_path / "h.jsonl", _rows(30))
    _fake_dead_import(archive, source, 10)
    archive.close()
    with Archive.open(folder, PASSPHRASE) as opened:
        assert sql(opened).execute("SELECT status, finished_at, imported FROM import_batches").fetchall() == [
            ("interrupted", None, 10)]
        entry = opened.audit_entries()[0]
        assert (entry.action, entry.details) == ("import-interrupted", {"batch": 1, "imported": 10})


def test_only_a_complete_rerun_of_the_same_file_finishes_it(make_archive: MakeArchive, tmp_path: Path) -> None:
    archive = make_archive()
    folder = archive.folder
    source = write_jsonl(tmp_path / "h.jsonl", _rows(30))
    _fake_dead_import(archive, source, 10)
    archive.close()
    with Archive.open(folder, PASSPHRASE) as opened:
        other = write_jsonl(tmp_path / "other.jsonl", _rows(30))  # same records, another file
        assert opened.import_files([other]).files[0].resumed == []
        cancel = CancelToken()
        cancel.cancel()
        assert opened.import_files([source], cancel=cancel).files[0].resumed == []  # cancelled: not finished
        done = opened.import_files([source])
        assert done.files[0].resumed == [1]
        resumed_by = sql(opened).execute("SELECT resumed_by FROM import_batches WHERE id=1").fetchone()[0]
        assert resumed_by == done.files[0].batch_id
        assert opened.import_files([source]).files[0].resumed == []  # finished once only
        assert opened.count_posts() == 30


def _undo_migration_4(conn: Any) -> None:
    """Back to the findings index of schemas 1-3 (status alone), and without what later
    migrations added."""
    conn.execute("DROP TABLE IF EXISTS posts_fts_cjk")  # migration 6, and its triggers:
    conn.execute("DROP TRIGGER posts_ad")
    conn.execute("DROP TRIGGER posts_au")
    conn.execute(
        "CREATE TRIGGER posts_ad AFTER DELETE ON posts BEGIN INSERT INTO posts_fts(posts_fts, rowid, text, "
        "redacted_text) VALUES ('delete', old.id, old.text, coalesce(old.redacted_text, '')); END")
    conn.execute(
        "CREATE TRIGGER posts_au AFTER UPDATE OF text, redacted_text ON posts BEGIN INSERT INTO posts_fts(posts_fts, "
        "rowid, text, redacted_text) VALUES ('delete', old.id, old.text, coalesce(old.redacted_text, '')); "
        "INSERT INTO posts_fts(rowid, text, redacted_text) VALUES (new.id, new.text, coalesce(new.redacted_text, '')); END")
    conn.execute("DROP TABLE IF EXISTS relations")  # migration 5
    conn.execute("DROP INDEX findings_status_post")
    conn.execute("CREATE INDEX findings_status ON findings(status)")
    conn.execute("DELETE FROM schema_migrations WHERE version >= 4")


def test_schema_2_archive_is_migrated_and_its_running_batch_marked(make_archive: MakeArchive, tmp_path: Path) -> None:
    archive = make_archive()
    folder = archive.folder
    _fake_dead_import(archive, write_jsonl(tmp_path / "h.jsonl", _rows(30)), 10)
    with transaction(archive) as conn:  # back to what schema 2 looked like
        conn.execute("ALTER TABLE import_batches DROP COLUMN resumed_by")
        _undo_migration_4(conn)
        conn.execute("DELETE FROM schema_migrations WHERE version >= 3")
    archive.close()
    with Archive.open(folder, PASSPHRASE) as opened:
        versions = [v[0] for v in sql(opened).execute("SELECT version FROM schema_migrations ORDER BY version")]
        assert versions == list(range(1, LATEST + 1))
        assert sql(opened).execute("SELECT status, imported, resumed_by FROM import_batches").fetchall() == [
            ("interrupted", 10, None)]
        assert opened.verify().ok


@pytest.mark.parametrize("status", ["done", "cancelled", "failed"])
def test_finished_batches_are_left_alone(make_archive: MakeArchive, tmp_path: Path, status: str) -> None:
    archive = make_archive()
    folder = archive.folder
    archive.import_files([write_jsonl(tmp_path / "h.jsonl", _rows(5))])
    with transaction(archive) as conn:
        conn.execute("UPDATE import_batches SET status=?", (status,))
    archive.close()
    with Archive.open(folder, PASSPHRASE) as opened:
        assert sql(opened).execute("SELECT status FROM import_batches").fetchall() == [(status,)]
        assert "import-interrupted" not in [e.action for e in opened.audit_entries()]


def test_a_full_disk_postpones_the_marking_instead_of_failing_the_open(
    make_archive: MakeArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safe_archive.core.archive import archive as archive_mod
    from safe_archive.core.store.db import dbapi2

    archive = make_archive()
    folder = archive.folder
    _fake_dead_import(archive, write_jsonl(tmp_path / "h.jsonl", _rows(30)), 10)
    archive.close()
    real = archive_mod.mark_interrupted_imports

    def full(conn: object, clock: object) -> None:
        conn.execute("BEGIN IMMEDIATE")  # type: ignore[attr-defined]
        conn.execute("ROLLBACK")  # type: ignore[attr-defined]
        raise dbapi2.OperationalError("database or disk is full")

    monkeypatch.setattr(archive_mod, "mark_interrupted_imports", full)
    with Archive.open(folder, PASSPHRASE) as opened:  # opens all the same
        assert sql(opened).execute("SELECT status FROM import_batches").fetchall() == [("running",)]
    monkeypatch.setattr(archive_mod, "mark_interrupted_imports", real)
    with Archive.open(folder, PASSPHRASE) as opened:  # the next open catches up
        assert sql(opened).execute("SELECT status FROM import_batches").fetchall() == [("interrupted",)]


def test_schema_3_archive_gets_the_status_post_index(make_archive: MakeArchive) -> None:
    """Migration 4: the pending findings of one post are found through (status, post_id), not
    by walking every pending finding (the plan SQLite chose with an index on status alone)."""
    archive = make_archive()
    folder = archive.folder
    with transaction(archive) as conn:  # back to schema 3
        _undo_migration_4(conn)
    plan = sql(archive).execute(
        "EXPLAIN QUERY PLAN DELETE FROM findings WHERE post_id = 1 AND status = 'pending'").fetchall()
    assert "findings_status (status=?)" in str(plan)  # the slow plan, for the record
    archive.close()
    with Archive.open(folder, PASSPHRASE) as opened:
        plan = sql(opened).execute(
            "EXPLAIN QUERY PLAN DELETE FROM findings WHERE post_id = 1 AND status = 'pending'").fetchall()
        assert "findings_status_post (status=? AND post_id=?)" in str(plan)
        assert opened.verify().ok
