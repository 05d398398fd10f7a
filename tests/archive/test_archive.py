from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.store import keys
from safe_archive.core.store.db import is_plain_sqlite
from safe_archive.core.store.schema import LATEST
from safe_archive.core.errors import (
    ArchiveCorrupt,
    ArchiveExists,
    ArchiveInUse,
    ArchiveNotFound,
    KeyfileError,
    NotAnArchive,
    RecoveryKeyTypo,
    SafeArchiveError,
    WrongPassphrase,
)
from safe_archive.core.model import Post

from .conftest import FAST_KDF, PASSPHRASE, write_jsonl
from tests.dbutil import sql

MakeArchive = Callable[..., Archive]


def _posts(n: int, prefix: str = "p") -> list[Post]:
    return [Post(platform="test", source_id=f"{prefix}{i}", text=f"post number {i} about kindness", author_handle=f"user{i % 7}") for i in range(n)]


def _digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_create_open_close_round_trip(make_archive: MakeArchive) -> None:
    archive = make_archive()
    folder = archive.folder
    assert archive.recovery_key and archive.recovery_key.startswith("SA1-")
    assert archive.add_posts(_posts(10)).added == 10
    archive.close()
    assert not archive.is_open
    with Archive.open(folder, PASSPHRASE) as reopened:
        assert reopened.count_posts() == 10
        assert reopened.recovery_key is None  # shown once, at creation only
        versions = sql(reopened).execute("SELECT version FROM schema_migrations").fetchall()
        assert [v[0] for v in versions] == list(range(1, LATEST + 1))
    assert is_plain_sqlite(folder / "archive.db") is False
    assert (folder / "archive.db").read_bytes()[:16] != b"SQLite format 3\x00"


def test_files_are_owner_only(make_archive: MakeArchive) -> None:
    archive = make_archive()
    assert stat.S_IMODE(archive.folder.stat().st_mode) == 0o700
    for name in ("archive.db", "keys.json"):
        assert stat.S_IMODE((archive.folder / name).stat().st_mode) == 0o600


def test_create_refuses_existing_archive(make_archive: MakeArchive) -> None:
    archive = make_archive()
    archive.close()
    with pytest.raises(ArchiveExists):
        Archive.create(archive.folder, "other", kdf=FAST_KDF)


def test_open_missing_archive(tmp_path: Path) -> None:
    with pytest.raises(ArchiveNotFound):
        Archive.open(tmp_path / "nothing", "pw")


def test_wrong_passphrase_is_clear_and_changes_nothing(make_archive: MakeArchive) -> None:
    archive = make_archive()
    archive.add_posts(_posts(5))
    folder = archive.folder
    archive.close()
    before = {name: _digest(folder / name) for name in ("archive.db", "keys.json")}
    with pytest.raises(WrongPassphrase) as info:
        Archive.open(folder, "correct horse battery stapler")
    assert "Wrong passphrase" in str(info.value)
    assert "nothing in it was changed" in str(info.value)
    after = {name: _digest(folder / name) for name in ("archive.db", "keys.json")}
    assert before == after
    assert not (folder / "archive.db-wal").exists() or (folder / "archive.db-wal").stat().st_size == 0


def test_recovery_key_opens_and_typo_is_caught(make_archive: MakeArchive) -> None:
    archive = make_archive()
    recovery = archive.recovery_key
    assert recovery
    archive.add_posts(_posts(3))
    folder = archive.folder
    archive.close()
    with Archive.open(folder, recovery_key=recovery.lower().replace("-", " ")) as opened:
        assert opened.count_posts() == 3
    typo = recovery[:-1] + ("0" if recovery[-1] != "0" else "1")
    with pytest.raises(RecoveryKeyTypo):
        Archive.open(folder, recovery_key=typo)


def test_change_passphrase(make_archive: MakeArchive) -> None:
    archive = make_archive()
    archive.add_posts(_posts(4))
    folder = archive.folder
    from safe_archive.core.store import keys

    key_before = keys.read_keyfile(folder / "keys.json").unlock_with_passphrase(PASSPHRASE)
    archive.change_passphrase("a brand new passphrase", kdf=FAST_KDF)
    archive.close()
    with pytest.raises(WrongPassphrase):
        Archive.open(folder, PASSPHRASE)
    with Archive.open(folder, "a brand new passphrase") as opened:
        assert opened.count_posts() == 4
        actions = [e.action for e in opened.audit_entries()]
        assert "passphrase-change" in actions
    # Only the slot changed: the same data key now opens with the new passphrase.
    key_after = keys.read_keyfile(folder / "keys.json").unlock_with_passphrase("a brand new passphrase")
    assert key_after == key_before


def test_tampered_keyfile_is_rejected(make_archive: MakeArchive) -> None:
    archive = make_archive()
    folder = archive.folder
    archive.close()
    keyfile = folder / "keys.json"
    original = keyfile.read_text()
    # A naive edit (checksum left as it was) is reported as damage, naming the field.
    keyfile.write_text(original.replace('"memory_kib": 65536', '"memory_kib": 8'))
    with pytest.raises(KeyfileError, match=r"damaged or was edited \(changed: slots\[0\]\.kdf\.memory_kib"):
        Archive.open(folder, PASSPHRASE)
    # With the (unkeyed) checksum recomputed, the limits and the slot's AAD still refuse it.
    def recomputed(text: str) -> str:
        return json.dumps(keys.add_checksum(json.loads(text)))

    keyfile.write_text(recomputed(original.replace('"memory_kib": 65536', '"memory_kib": 8')))
    with pytest.raises(KeyfileError, match="unsafe"):
        Archive.open(folder, PASSPHRASE)
    keyfile.write_text(recomputed(original.replace('"iterations": 3', '"iterations": 5')))
    with pytest.raises(WrongPassphrase):
        Archive.open(folder, PASSPHRASE)
    keyfile.write_text("{ not json")
    with pytest.raises(KeyfileError, match="damaged"):
        Archive.open(folder, PASSPHRASE)
    keyfile.unlink()
    with pytest.raises(KeyfileError, match="missing"):
        Archive.open(folder, PASSPHRASE)


def test_key_file_without_checksum_opens_and_gets_one(make_archive: MakeArchive) -> None:
    """Key files written before checksums existed still open, and are upgraded on that open
    (same slots, same MAC); from then on a naive edit is reported as damage."""
    archive = make_archive()
    folder = archive.folder
    archive.close()
    keyfile = folder / "keys.json"
    data = json.loads(keyfile.read_text())
    del data["checksum"]
    keyfile.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    legacy = keys.read_keyfile(keyfile)
    assert not legacy.has_checksum
    with pytest.raises(WrongPassphrase):  # a failed unlock changes nothing
        Archive.open(folder, "not the passphrase")
    assert "checksum" not in json.loads(keyfile.read_text())
    with Archive.open(folder, PASSPHRASE) as opened:
        assert opened.verify().ok
    upgraded = keys.read_keyfile(keyfile)
    assert upgraded.has_checksum
    assert (upgraded.archive_id, upgraded.slots, upgraded.mac) == (legacy.archive_id, legacy.slots, legacy.mac)
    assert oct(keyfile.stat().st_mode & 0o777) == "0o600"
    with Archive.open(folder, PASSPHRASE):
        pass
    keyfile.write_text(keyfile.read_text().replace('"iterations": 3', '"iterations": 5'))
    with pytest.raises(KeyfileError, match="iterations"):
        Archive.open(folder, PASSPHRASE)


def test_keyfile_from_another_archive_is_rejected(make_archive: MakeArchive) -> None:
    first, second = make_archive("one"), make_archive("two")
    one, two = first.folder, second.folder
    first.close()
    second.close()
    shutil.copyfile(two / "keys.json", one / "keys.json")
    # The swapped key file unlocks with the same passphrase but belongs to a different database.
    with pytest.raises(SafeArchiveError):
        Archive.open(one, PASSPHRASE)


def test_plain_sqlite_is_refused(tmp_path: Path, make_archive: MakeArchive) -> None:
    archive = make_archive()
    folder = archive.folder
    archive.close()
    plain = sqlite3.connect(folder / "archive.db.plain")
    plain.execute("create table t(x)")
    plain.commit()
    plain.close()
    os.replace(folder / "archive.db.plain", folder / "archive.db")
    with pytest.raises(NotAnArchive, match="unencrypted"):
        Archive.open(folder, PASSPHRASE)


def test_flipped_byte_in_database_gives_clear_error(make_archive: MakeArchive) -> None:
    archive = make_archive()
    archive.add_posts(_posts(2000))
    folder = archive.folder
    archive.close()
    db = folder / "archive.db"
    data = bytearray(db.read_bytes())
    page_size = 4096
    assert len(data) > 10 * page_size
    # Flip one bit in the first page (always read on open) of a copy, and one in a later page.
    first = folder.parent / "first"
    shutil.copytree(folder, first)
    raw = bytearray(data)
    raw[100] ^= 0x01
    (first / "archive.db").write_bytes(raw)
    with pytest.raises(ArchiveCorrupt, match="damaged"):
        Archive.open(first, PASSPHRASE)
    raw = bytearray(data)
    raw[5 * page_size + 200] ^= 0x10
    db.write_bytes(raw)
    try:
        opened = Archive.open(folder, PASSPHRASE)
    except ArchiveCorrupt:
        return  # detected on open: fine
    with opened:
        report = opened.verify()
    assert not report.ok
    assert any(not passed for _, passed, _ in report.checks)


def test_second_process_gets_archive_in_use(make_archive: MakeArchive) -> None:
    archive = make_archive()
    code = (
        "import sys\n"
        "from safe_archive.core.archive import Archive\n"
        "from safe_archive.core.errors import ArchiveInUse\n"
        "try:\n"
        f"    Archive.open({str(archive.folder)!r}, {PASSPHRASE!r})\n"
        "except ArchiveInUse as e:\n"
        "    print(e); sys.exit(3)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result.stderr
    assert "Archive in use" in result.stdout
    with pytest.raises(ArchiveInUse):  # and in this process too
        Archive.open(archive.folder, PASSPHRASE)
    archive.close()
    with Archive.open(archive.folder, PASSPHRASE) as again:  # released on close
        assert again.count_posts() == 0


def test_reimport_is_idempotent(make_archive: MakeArchive, tmp_path: Path) -> None:
    archive = make_archive()
    rows = [{"id": str(i), "author": "a", "text": f"story {i}"} for i in range(50)]
    source = write_jsonl(tmp_path / "posts.jsonl", rows)
    first = archive.import_files([source])
    assert (first.imported, first.duplicates) == (50, 0)
    second = archive.import_files([source])
    assert (second.imported, second.duplicates) == (0, 50)
    assert archive.count_posts() == 50
    assert archive.add_posts(_posts(3)).added == 3
    assert archive.add_posts(_posts(3)).duplicates == 3


def test_malformed_rows_are_named_and_others_imported(make_archive: MakeArchive, tmp_path: Path) -> None:
    archive = make_archive()
    source = tmp_path / "mixed.jsonl"
    source.write_text('{"id": "1", "text": "fine"}\n{broken\n{"id": 2.5, "text": "float id"}\n{"id": "3", "text": "also fine"}\n')
    summary = archive.import_files([source])
    assert summary.imported == 2
    assert summary.skipped == 2
    errors = summary.files[0].errors
    assert errors[0].startswith("mixed.jsonl, record line 2: not valid JSON")
    assert "line 3" in errors[1] and "floating-point" in errors[1]


def test_backup_is_encrypted_and_restores(make_archive: MakeArchive, tmp_path: Path) -> None:
    archive = make_archive()
    archive.add_posts(_posts(100))
    dest = archive.backup(tmp_path / "backup")
    archive.close()
    assert not is_plain_sqlite(dest / "archive.db")
    with Archive.open(dest, PASSPHRASE) as restored:
        assert restored.count_posts() == 100
        assert restored.verify().ok


def test_search_ranks_and_pages(make_archive: MakeArchive) -> None:
    archive = make_archive()
    posts = _posts(30)
    posts.append(Post(platform="test", source_id="x", text="kindness kindness kindness everywhere"))
    archive.add_posts(posts)
    page = archive.search("kindness", original=True, limit=10)
    assert page.total == 31
    assert len(page.hits) == 10
    assert archive.get_post(page.hits[0].post_id).source_id == "x"  # bm25: densest first
    assert ("kindness", True) in page.hits[0].parts()
    rest = archive.search("kindness", original=True, limit=10, offset=30)
    assert len(rest.hits) == 1
    # The default searches redacted text only; nothing is redacted yet.
    assert archive.search("kindness").total == 0


def test_verify_reports_every_check(make_archive: MakeArchive) -> None:
    archive = make_archive()
    archive.add_posts(_posts(10))
    report = archive.verify()
    assert report.ok
    names = [name for name, _, _ in report.checks]
    assert {"page authentication", "database integrity", "search index", "key file", "temp store"} <= set(names)


def test_a_post_over_the_length_limit_is_a_named_bad_record(make_archive: MakeArchive, tmp_path: Path) -> None:
    from safe_archive.core.store.importing import MAX_POST_CHARS

    archive = make_archive()
    source = tmp_path / "long.jsonl"
    source.write_text(
        '{"id": "1", "text": "short and fine"}\n'
        + '{"id": "2", "text": "' + "word " * (MAX_POST_CHARS // 5 + 1) + '"}\n'
    )
    summary = archive.import_files([source])
    assert summary.imported == 1 and summary.skipped == 1
    assert "over the limit of 1,000,000" in summary.files[0].errors[0]
    assert "long.jsonl" in summary.files[0].errors[0]
