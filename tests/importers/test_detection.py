"""Auto-detection picks the specific importer for every fixture; generic ones only as fallback."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
import zstandard

from safe_archive.core.errors import ImportError_
from safe_archive.core.importers import detect

from .conftest import FIXTURES, tar_folder, write_car, zip_folder

EXPECTED = {
    "twitter_archive": "twitter-archive",
    "twitter_archive/data/tweets.js": "twitter-archive",
    "twitter_archive/data/tweets-part1.js": "twitter-archive",
    "twitter_archive/data/direct-messages.js": "twitter-archive",  # recognised, then refused
    "grailbird": "twitter-archive",
    "twarc2_page.jsonl": "twarc2",
    "twarc2_flat.jsonl": "twarc2",
    "twarc1.jsonl": "twarc1",
    "twarc1_rest.json": "twarc1",
    "twarc.csv": "twarc-csv",
    "mastodon": "mastodon",
    "mastodon/outbox.json": "mastodon",
    "reddit_export": "reddit-export",
    "reddit_export/posts.csv": "reddit-export",
    "reddit_export/comments.csv": "reddit-export",
    "RC_2023-11.ndjson": "pushshift",
    "bluesky_feed.json": "bluesky-json",
    "facebook": "meta",
    "facebook/your_facebook_activity/posts/your_posts_1.json": "meta",
    "facebook/your_facebook_activity/comments_and_reactions/comments.json": "meta",
    "instagram": "meta",
    "instagram/your_instagram_activity/comments/post_comments_1.json": "meta",
    "zeeschuimer.ndjson": "zeeschuimer",
    "4cat.csv": "4cat",
    "generic.csv": "csv",
    "generic.jsonl": "jsonl",
    "story.txt": "text",
    "story.md": "text",
}


@pytest.mark.parametrize(("fixture", "expected"), sorted(EXPECTED.items()))
def test_detects_fixture(fixture: str, expected: str) -> None:
    assert detect(FIXTURES / fixture).name == expected


def test_detects_containers_and_binary_formats(tmp_path: Path) -> None:
    assert detect(zip_folder(FIXTURES / "twitter_archive", tmp_path / "twitter.zip")).name == "twitter-archive"
    assert detect(zip_folder(FIXTURES / "mastodon", tmp_path / "masto.zip")).name == "mastodon"
    assert detect(tar_folder(FIXTURES / "mastodon", tmp_path / "masto.tar.gz")).name == "mastodon"
    assert detect(zip_folder(FIXTURES / "reddit_export", tmp_path / "reddit.zip")).name == "reddit-export"
    assert detect(zip_folder(FIXTURES / "facebook", tmp_path / "facebook-casey.zip")).name == "meta"
    car = write_car(tmp_path / "repo.car", "did:plc:x", {"app.bsky.feed.post/1": {"text": "x", "createdAt": "2024-01-01T00:00:00Z"}})
    assert detect(car).name == "bluesky-car"
    zst = tmp_path / "RC_2023-11.zst"
    zst.write_bytes(zstandard.ZstdCompressor().compress((FIXTURES / "RC_2023-11.ndjson").read_bytes()))
    assert detect(zst).name == "pushshift"
    book = openpyxl.Workbook()
    book.active.append(["text"])
    book.save(tmp_path / "sheet.xlsx")
    assert detect(tmp_path / "sheet.xlsx").name == "xlsx"
    document = docx.Document()
    document.add_paragraph("x")
    document.save(str(tmp_path / "story.docx"))
    assert detect(tmp_path / "story.docx").name == "text"


def test_unknown_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    with pytest.raises(ImportError_, match="format not recognised"):
        detect(path)
