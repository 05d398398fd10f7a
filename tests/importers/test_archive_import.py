"""Importers through the archive: idempotent, resumable, a bad file leaves the archive intact."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive, KdfParams
from safe_archive.core.store.importing import BATCH_SIZE
from safe_archive.core.progress import CancelToken, ProgressEvent

from .conftest import FIXTURES, zip_folder

FAST_KDF = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=4)


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    opened = Archive.create(tmp_path / "archive", "correct horse battery staple", kdf=FAST_KDF)
    yield opened
    opened.close()


def test_same_export_twice_adds_nothing(archive: Archive, tmp_path: Path) -> None:
    export = zip_folder(FIXTURES / "twitter_archive", tmp_path / "twitter.zip")
    first = archive.import_files([export])
    assert (first.imported, first.duplicates, sum(first.excluded.values())) == (6, 1, 1)
    again = archive.import_files([export, FIXTURES / "twitter_archive" / "data" / "tweets.js"])
    assert again.imported == 0 and again.duplicates == 12
    assert archive.count_posts() == 6


def test_every_fixture_imports_with_detection(archive: Archive) -> None:
    paths = [FIXTURES / name for name in (
        "twarc2_page.jsonl", "twarc1.jsonl", "twarc.csv", "mastodon", "reddit_export", "RC_2023-11.ndjson",
        "bluesky_feed.json", "facebook", "instagram", "zeeschuimer.ndjson", "4cat.csv", "story.txt")]
    summary = archive.import_files(paths)
    assert not summary.failed
    assert all(f.imported > 0 for f in summary.files), [(f.path, f.format) for f in summary.files]
    stored = archive.get_posts(archive.post_ids(limit=1000))
    assert len(stored) == summary.imported
    assert all("SENTINEL" not in p.text and "SENTINEL" not in json.dumps(p.metadata) for p in stored)


def test_corrupt_file_fails_alone_and_archive_stays_intact(archive: Archive, tmp_path: Path) -> None:
    archive.import_files([FIXTURES / "RC_2023-11.ndjson"])
    before = archive.count_posts()
    broken = tmp_path / "tweets.js"
    data = (FIXTURES / "twitter_archive" / "data" / "tweets.js").read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    summary = archive.import_files([broken])
    assert summary.failed and "damaged or truncated" in (summary.failed[0].failed or "")
    assert archive.count_posts() >= before
    assert archive.verify().ok


def test_cancelled_import_resumes_without_duplicates(archive: Archive, tmp_path: Path) -> None:
    total = BATCH_SIZE * 2 + 7
    dump = tmp_path / "RC_big.ndjson"
    dump.write_text("".join(
        json.dumps({"id": f"c{i}", "author": "a", "body": f"comment {i}", "created_utc": 1700000000 + i, "subreddit": "s"}) + "\n"
        for i in range(total)))
    token = CancelToken()

    def progress(event: ProgressEvent) -> None:
        token.cancel()  # kill it after the first stored batch

    first = archive.import_files([dump], progress=progress, cancel=token)
    assert first.cancelled and 0 < archive.count_posts() < total
    second = archive.import_files([dump])
    assert second.imported + second.duplicates == total
    assert archive.count_posts() == total
