"""No planted canary appears in the archive's files (db, -wal, -shm) or in temp files after
import, search, FTS rebuild and a large sort — and the same scan does find them in plain SQLite,
proving the check can fail."""

from __future__ import annotations

import os
import secrets
import sqlite3
import tempfile
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive

from .conftest import FAST_KDF, PASSPHRASE, write_jsonl
from tests.dbutil import sql

CANARY_COUNT = 20


def _canaries() -> list[str]:
    return [f"Canary{secrets.token_hex(6)}Zq" for _ in range(CANARY_COUNT)]


def _rows(canaries: list[str], n: int = 6000) -> list[dict[str, object]]:
    rows = []
    for i in range(n):
        canary = canaries[i % len(canaries)]
        rows.append({"id": str(i), "author": f"user{i % 50}", "text": f"I told {canary} what happened in {i % 97} ways; padding " + "x" * (i % 300)})
    return rows


def _scan(folder: Path, canaries: list[str]) -> dict[str, list[str]]:
    hits: dict[str, list[str]] = {}
    needles = [(c, c.encode()) for c in canaries] + [(c + "/utf16", c.encode("utf-16-le")) for c in canaries]
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        found = [name for name, needle in needles if needle in data]
        if found:
            hits[path.name] = found
    return hits


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    for var in ("TMPDIR", "TEMP", "TMP", "SQLITE_TMPDIR"):
        monkeypatch.setenv(var, str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


def _exercise(archive: Archive, source: Path) -> None:
    summary = archive.import_files([source])
    assert summary.imported > 0
    assert archive.search("told", original=True).total > 0
    archive.rebuild_index()
    # A large sort with no index: SQLite's sorter would spill to temp files with temp_store=FILE.
    rows = sql(archive).execute("SELECT text FROM posts ORDER BY lower(text) DESC, length(text)").fetchall()
    assert len(rows) == summary.imported
    sql(archive).execute("SELECT author_handle, count(*) FROM posts GROUP BY lower(text) ORDER BY 2").fetchall()


def test_no_canary_in_archive_files_or_temp(tmp_path: Path, private_tmp: Path) -> None:
    canaries = _canaries()
    (tmp_path / "input").mkdir()
    source = write_jsonl(tmp_path / "input" / "posts.jsonl", _rows(canaries))
    folder = tmp_path / "archive"
    archive = Archive.create(folder, PASSPHRASE, kdf=FAST_KDF)
    try:
        _exercise(archive, source)
        # While open: the -wal and -shm files exist and hold recent pages.
        assert (folder / "archive.db-wal").exists()
        assert _scan(folder, canaries) == {}
        assert _scan(private_tmp, canaries) == {}
    finally:
        archive.close()
    assert _scan(folder, canaries) == {}
    assert _scan(private_tmp, canaries) == {}
    assert list(private_tmp.iterdir()) == []  # no temp files at all


def test_control_plain_sqlite_finds_the_canaries(tmp_path: Path) -> None:
    """The same data written with plain SQLite: the scan must find every canary."""
    canaries = _canaries()
    folder = tmp_path / "plain"
    folder.mkdir()
    conn = sqlite3.connect(folder / "archive.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE posts(id INTEGER PRIMARY KEY, text TEXT)")
    conn.executemany("INSERT INTO posts(text) VALUES (?)", [(r["text"],) for r in _rows(canaries)])
    conn.commit()
    hits = _scan(folder, canaries)
    conn.close()
    found = {name for names in hits.values() for name in names}
    assert set(canaries) <= found


def test_temp_store_reads_back_memory(tmp_path: Path) -> None:
    with Archive.create(tmp_path / "a", PASSPHRASE, kdf=FAST_KDF) as archive:
        assert sql(archive).execute("PRAGMA temp_store").fetchone()[0] == 2
        assert sql(archive).execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert sql(archive).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert sql(archive).execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert os.stat(tmp_path / "a" / "archive.db").st_size > 0
