"""Every importer's memory is bounded by its input: for each one a hostile file built to make
memory (or time) grow faster than the file — one record with tens of thousands of entities,
mentions, facets or cells, one enormous line, many continuation lines — is read in a child
process under an address-space limit (tests/importers/memlimit.py). A super-linear importer
dies with MemoryError (or runs past the timeout) and fails its case."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from safe_archive.core.importers import available

from .conftest import FIXTURES
from .memlimit import read_with_memory_limit
from .test_bluesky import _growing_key_car

N = 20_000  # entities, facets, cells … in one record
LIMIT_MB = 400
WORDS = " ".join(f"w{i}" for i in range(N))


def _mentions_v1(n: int) -> list[dict[str, object]]:
    return [{"screen_name": f"u{i}", "id_str": str(i), "indices": [0, 3]} for i in range(n)]


def _tweet_v1() -> dict[str, object]:
    return {"created_at": "Thu Jun 08 15:23:27 +0000 2017", "id_str": "870000000000000001", "full_text": WORDS,
            "entities": {"hashtags": [{"text": f"h{i}", "indices": [i, i + 1]} for i in range(N)],
                         "user_mentions": _mentions_v1(N), "urls": []},
            "user": {"id_str": "1", "screen_name": "x", "name": "X"}}


def twitter_archive(folder: Path) -> Path:
    path = folder / "tweets.js"
    path.write_text("window.YTD.tweets.part0 = " + json.dumps([{"tweet": _tweet_v1()}]))
    return path


def twarc1(folder: Path) -> Path:
    path = folder / "v11.jsonl"
    path.write_text(json.dumps(_tweet_v1()) + "\n")
    return path


def twarc2(folder: Path) -> Path:
    tweet = {"id": "1", "text": WORDS, "author_id": "2", "created_at": "2023-01-01T00:00:00.000Z",
             "entities": {"mentions": [{"start": 0, "end": 3, "username": f"u{i}"} for i in range(N)],
                          "hashtags": [{"start": 0, "end": 2, "tag": f"t{i}"} for i in range(N)]},
             "author": {"id": "2", "username": "x"}, "__twarc": {"url": "x", "version": "2.0", "retrieved_at": "2023"}}
    path = folder / "flat.jsonl"
    path.write_text(json.dumps(tweet) + "\n")
    return path


def zeeschuimer(folder: Path) -> Path:
    legacy = {"full_text": WORDS, "created_at": "Mon Jan 01 10:00:00 +0000 2024", "id_str": "1",
              "entities": {"user_mentions": _mentions_v1(N), "hashtags": [], "urls": []}}
    line = {"item_id": "1", "source_platform": "twitter.com", "timestamp_collected": 1,
            "data": {"__typename": "Tweet", "rest_id": "1", "legacy": legacy,
                     "core": {"user_results": {"result": {"rest_id": "2", "legacy": {"screen_name": "x", "name": "X"}}}}}}
    path = folder / "items.ndjson"
    path.write_text(json.dumps(line) + "\n")
    return path


def bluesky_json(folder: Path) -> Path:
    facets = [{"index": {"byteStart": 0, "byteEnd": 2}, "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": f"t{i}"}]}
              for i in range(N)]
    item = {"post": {"uri": "at://did:plc:x/app.bsky.feed.post/1", "cid": "c", "author": {"did": "did:plc:x", "handle": "x.test"},
                     "record": {"$type": "app.bsky.feed.post", "text": WORDS, "createdAt": "2024-01-01T00:00:00Z", "facets": facets}}}
    path = folder / "feed.json"
    path.write_text(json.dumps({"feed": [item]}))
    return path


def mastodon(folder: Path) -> Path:
    note = {"id": "https://m.example/users/x/statuses/1", "type": "Note", "content": "<p>" + WORDS + "</p>",
            "published": "2022-11-01T00:00:00Z", "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "tag": [{"type": "Hashtag", "name": f"#t{i}"} for i in range(N)]}
    outbox = {"type": "OrderedCollection", "orderedItems": [
        {"id": note["id"] + "/activity", "type": "Create", "actor": "https://m.example/users/x",
         "to": note["to"], "object": note}]}
    path = folder / "outbox.json"
    path.write_text(json.dumps(outbox))
    return path


def pushshift(folder: Path) -> Path:
    line = {"id": "c1", "author": "x", "body": WORDS * 3, "created_utc": 1700000000, "subreddit": "t",
            "link_id": "t3_p1", "parent_id": "t3_p1", "all_awardings": [{"id": str(i)} for i in range(N)]}
    path = folder / "RC_2023-11.ndjson"
    path.write_text(json.dumps(line) + "\n")
    return path


def meta(folder: Path) -> Path:
    post = {"timestamp": 1600000000, "data": [{"post": WORDS}],
            "attachments": [{"data": [{"external_context": {"url": f"https://e.org/{i}"}}]} for i in range(N)],
            "tags": [{"name": f"N{i}"} for i in range(N)]}
    path = folder / "your_posts_1.json"
    path.write_text(json.dumps([post]))
    return path


def _csv(path: Path, header: list[str], row: list[str]) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerow(row)
    path.write_text(buffer.getvalue())
    return path


def fourcat(folder: Path) -> Path:
    many = ",".join(f"u{i}" for i in range(N))
    return _csv(folder / "dataset.csv", ["id", "thread_id", "author", "body", "timestamp", "mentions", "hashtags", "urls"],
                ["1", "1", "x", WORDS, "2024-01-01 00:00:00", many, many, many])


def twarc_csv(folder: Path) -> Path:
    header = (FIXTURES / "twarc.csv").read_text().splitlines()[0].split(",")
    mentions = json.dumps([{"start": 0, "end": 3, "username": f"u{i}"} for i in range(N)])
    row = dict.fromkeys(header, "")
    row.update({"id": "1", "author_id": "2", "created_at": "2023-04-01T10:00:00.000Z", "text": WORDS,
                "entities.mentions": mentions, "author.username": "x"})
    return _csv(folder / "tweets.csv", header, [row[h] for h in header])


def reddit_export(folder: Path) -> Path:
    return _csv(folder / "posts.csv", ["id", "permalink", "date", "ip", "subreddit", "gildings", "title", "url", "body"],
                ["abc", "https://www.reddit.com/r/x/comments/abc/t/", "2024-03-10 18:45:00 UTC", "", "x", "0", "t", "",
                 WORDS * 5])


def generic_csv(folder: Path) -> Path:
    header = ["id", "text"] + [f"c{i}" for i in range(N)]
    return _csv(folder / "wide.csv", header, ["1", WORDS] + ["v"] * N)


def generic_jsonl(folder: Path) -> Path:
    record = {"id": "1", "text": WORDS, **{f"k{i}": {"n": i} for i in range(N)}}
    path = folder / "wide.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps({"id": "2", "text": "x"}) + "\n")
    return path


def xlsx(folder: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["id", "text"] + [f"c{i}" for i in range(2000)])
    for r in range(20):
        sheet.append([str(r), WORDS[:30000]] + ["v"] * 2000)
    path = folder / "wide.xlsx"
    book.save(path)
    return path


def text(folder: Path) -> Path:
    path = folder / "story.txt"
    path.write_text(WORDS * 10)  # one 3 MB line
    return path


def telegram(folder: Path) -> Path:
    pieces = [{"type": "mention", "text": f"@u{i}"} if i % 2 else f" w{i} " for i in range(N)]
    path = folder / "result.json"
    path.write_text(json.dumps({"name": "c", "type": "personal_chat", "id": 1, "messages": [
        {"id": 1, "type": "message", "date_unixtime": "1677661200", "from": "A", "from_id": "user1", "text": pieces}]}))
    return path


def whatsapp(folder: Path) -> Path:
    path = folder / "WhatsApp Chat with A.txt"
    path.write_text("12/03/2023, 21:05 - A: start\n" + "continued line\n" * (N * 5))
    return path


def tiktok(folder: Path) -> Path:
    chats = {f"Chat History with u{i}:": [{"Date": "2023-05-04 08:00:00", "From": "u", "Content": "x"}] for i in range(N // 4)}
    data = {"Comment": {"Comments": {"CommentsList": [{"Date": "2023-05-02 10:11:12", "Comment": WORDS}]}},
            "Direct Messages": {"Chat History": {"ChatHistory": chats}},
            "Video": {"Videos": {"VideoList": [{"Date": "2023-04-30 20:00:00", "Link": "https://www.tiktokv.com/share/video/7200000000000000001/", "Title": WORDS}]}}}
    path = folder / "user_data.json"
    path.write_text(json.dumps(data))
    return path


def discord(folder: Path) -> Path:
    path = folder / "package.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("account/user.json", json.dumps({"id": "1", "username": "x", "relationships": [{"id": str(i)} for i in range(N)]}))
        for c in range(200):  # many channels
            archive.writestr(f"messages/c{c}/channel.json", json.dumps({"id": str(c), "type": 0, "name": f"ch{c}"}))
            archive.writestr(f"messages/c{c}/messages.json", json.dumps(
                [{"ID": f"{c}{i}", "Timestamp": "2023-06-01 18:30:00+00:00", "Contents": f"m{i}", "Attachments": ""} for i in range(200)]))
    return path


def bluesky_car(folder: Path) -> Path:
    return _growing_key_car(folder / "hostile.car", 64_000)


HOSTILE: dict[str, Callable[[Path], Path]] = {
    "twitter-archive": twitter_archive, "twarc1": twarc1, "twarc2": twarc2, "zeeschuimer": zeeschuimer,
    "bluesky-json": bluesky_json, "bluesky-car": bluesky_car, "mastodon": mastodon, "pushshift": pushshift,
    "meta": meta, "4cat": fourcat, "twarc-csv": twarc_csv, "reddit-export": reddit_export, "csv": generic_csv,
    "jsonl": generic_jsonl, "xlsx": xlsx, "text": text, "telegram": telegram, "whatsapp": whatsapp,
    "tiktok": tiktok, "discord": discord,
}


def test_every_importer_has_a_hostile_file() -> None:
    assert set(HOSTILE) == set(available())


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_read_within_a_memory_bound(name: str, tmp_path: Path) -> None:
    path = HOSTILE[name](tmp_path)
    counts = read_with_memory_limit(name, path, limit_mb=LIMIT_MB, timeout=120)
    assert counts["failed"] is None or "refused" in str(counts["failed"]) or "not" in str(counts["failed"]), counts
    assert int(counts["posts"]) + int(counts["errors"]) + int(counts["other"]) > 0, counts


def test_entities_with_wrong_offsets_cost_a_bounded_number_of_searches() -> None:
    """Each fallback search copied and scanned the whole text: 40,000 mentions with wrong
    offsets took 45 s for one tweet. Past MAX_SEARCHES an entity keeps its value, no span."""
    from safe_archive.core.importers.entities import MAX_SEARCHES
    from safe_archive.core.importers.tweet_v1 import post_from_v1

    n = MAX_SEARCHES * 2
    text = " ".join(f"@u{i}" for i in range(n))
    tweet = {"id_str": "1", "full_text": text, "created_at": "Thu Jun 08 15:23:27 +0000 2017",
             "entities": {"user_mentions": [{"screen_name": f"u{i}", "indices": [0, 0]} for i in range(n)]},
             "user": {"id_str": "2", "screen_name": "x"}}
    post = post_from_v1(tweet, source_file="t.jsonl")
    assert len(post.mentions) == n  # every mention kept
    assert len(post.extra.get("entities", [])) == MAX_SEARCHES  # spans searched for only this many
