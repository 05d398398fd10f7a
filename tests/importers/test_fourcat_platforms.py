"""4CAT CSVs made by 4CAT's own map_item: TikTok and Instagram rows get their platform (and
so deduplicate against Zeeschuimer captures of the same posts), quotes are marked, X replies
keep a parent."""

from __future__ import annotations

import csv
from pathlib import Path

from safe_archive.core.archive import Archive

from .conftest import FAST_KDF, FIXTURES, read_all

# columns as 4CAT's TikTok (tiktok-search) and Instagram map_item write them
TIKTOK_ROW = {
    "id": "7300000000000000001", "thread_id": "7300000000000000001", "author": "mo_example", "author_full": "Mo Example",
    "author_id": "6001", "author_followers": "10", "body": "TikTok caption #story", "timestamp": "1704100000",
    "is_duet": "False", "music_name": "original sound", "music_id": "1", "music_url": "", "video_url": "",
    "tiktok_url": "https://tiktok.com/@mo_example/video/7300000000000000001", "thumbnail_url": "", "likes": "1",
    "comments": "0", "shares": "0", "plays": "5", "hashtags": "story", "stickers": "", "warning": "",
}
INSTAGRAM_ROW = {
    "id": "CxExample", "thread_id": "CxExample", "parent_id": "CxExample", "body": "Instagram caption",
    "author": "nia_example", "author_fullname": "Nia Example", "author_avatar_url": "", "timestamp": "2024-01-01 10:00:00",
    "type": "photo", "url": "https://www.instagram.com/p/CxExample", "image_url": "", "media_url": "",
    "hashtags": "", "num_likes": "3", "num_comments": "0", "num_media": "1", "subject": "",
}
X_COLUMNS = ["id", "thread_id", "timestamp", "unix_timestamp", "link", "body", "author", "author_fullname", "author_id",
             "source", "language_guess", "is_retweet", "retweeted_user", "is_quote_tweet", "quoted_user", "is_reply",
             "replied_user", "hashtags", "urls", "images", "videos", "mentions"]


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _x(ident: str, thread: str, body: str, **flags: str) -> dict[str, str]:
    row = dict.fromkeys(X_COLUMNS, "")
    row.update(id=ident, thread_id=thread, timestamp="2024-02-01 10:00:00", unix_timestamp="1706781600",
               link=f"https://x.com/olu_example/status/{ident}", body=body, author="olu_example",
               author_fullname="Olu", author_id="7001", is_retweet="no", is_quote_tweet="no", is_reply="no")
    row.update(flags)
    return row


def test_tiktok_and_instagram_rows_get_their_platform(tmp_path: Path) -> None:
    tiktok = read_all("4cat", _write(tmp_path / "tiktok.csv", [TIKTOK_ROW])).posts
    instagram = read_all("4cat", _write(tmp_path / "instagram.csv", [INSTAGRAM_ROW])).posts
    assert [(p.platform, p.source_id, p.author_name) for p in tiktok] == [("tiktok", "7300000000000000001", "Mo Example")]
    assert [(p.platform, p.source_id, p.reply_to) for p in instagram] == [("instagram", "CxExample", None)]


def test_4cat_rows_deduplicate_against_zeeschuimer_captures(tmp_path: Path) -> None:
    rows = _write(tmp_path / "4cat-tiktok.csv", [TIKTOK_ROW])
    irows = _write(tmp_path / "4cat-instagram.csv", [INSTAGRAM_ROW])
    with Archive.create(tmp_path / "a", "correct horse battery staple", kdf=FAST_KDF) as archive:
        archive.import_files([FIXTURES / "zeeschuimer.ndjson"])
        summary = archive.import_files([rows, irows])
        assert (summary.imported, summary.duplicates) == (0, 2)


def test_x_quotes_marked_and_replies_keep_a_parent(tmp_path: Path) -> None:
    rows = [
        _x("1900000000000000010", "1900000000000000010", "the original story"),
        _x("1900000000000000011", "1900000000000000010", "@olu_example I believe you", is_reply="yes", replied_user="olu_example"),
        _x("1900000000000000012", "1900000000000000012", "read this thread", is_quote_tweet="yes", quoted_user="alice_ex"),
    ]
    posts = read_all("4cat", _write(tmp_path / "x.csv", rows)).posts
    original, reply, quote = posts
    assert original.reply_to is None and original.kind == "post"
    assert reply.reply_to == "1900000000000000010" and reply.kind == "reply"  # was empty
    assert reply.extra["parent_is_thread_root"] is True and reply.extra["replied_user"] == "olu_example"
    assert quote.kind == "quote" and quote.extra["quote"] is True and quote.extra["quoted_user"] == "alice_ex"
    assert {p.platform for p in posts} == {"twitter"}
