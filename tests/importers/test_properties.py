"""Property tests: random and mutated bytes into every importer.

Only our outcomes may come out: Post / RecordError / Excluded items, or an ImportError_ for
the whole file. Any other exception (KeyError, TypeError, a parser's own error…) is a bug.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safe_archive.core.errors import ImportError_, RecordError
from safe_archive.core.importers import (
    Excluded,
    ImportContext,
    ImportOptions,
    Notice,
    Relation,
    available,
    detect,
    get,
)
from safe_archive.core.model import Post

from .conftest import FIXTURES, write_car

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


def _zip_bytes(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def _xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    for row in (["id", "text", "author", "created_at"], ["x1", "hello", "a", "2024-01-01"], ["x2", "again", "b", 1704067200]):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("A story.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _car_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = write_car(Path(folder) / "r.car", "did:plc:prop", {
            "app.bsky.actor.profile/self": {"displayName": "P"},
            "app.bsky.feed.post/3ka1": {"$type": "app.bsky.feed.post", "text": "héllo 👋 @a.b", "createdAt": "2024-01-01T00:00:00Z",
                                        "facets": [{"index": {"byteStart": 12, "byteEnd": 16}, "features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:a"}]}]},
            "app.bsky.feed.repost/3ka2": {"$type": "app.bsky.feed.repost", "subject": {"uri": "at://x"}, "createdAt": "2024-01-01T00:00:00Z"},
        })
        return path.read_bytes()


# importer name -> (file name, seed bytes)
SEEDS: dict[str, list[tuple[str, Callable[[], bytes]]]] = {
    "twitter-archive": [("tweets.js", lambda: (FIXTURES / "twitter_archive/data/tweets.js").read_bytes()),
                        ("twitter.zip", lambda: _zip_bytes(FIXTURES / "twitter_archive")),
                        ("2015_01.js", lambda: (FIXTURES / "grailbird/data/js/tweets/2015_01.js").read_bytes())],
    "twarc2": [("page.jsonl", lambda: (FIXTURES / "twarc2_page.jsonl").read_bytes()),
               ("flat.jsonl", lambda: (FIXTURES / "twarc2_flat.jsonl").read_bytes())],
    "twarc1": [("v11.jsonl", lambda: (FIXTURES / "twarc1.jsonl").read_bytes()),
               ("rest.json", lambda: (FIXTURES / "twarc1_rest.json").read_bytes())],
    "twarc-csv": [("tweets.csv", lambda: (FIXTURES / "twarc.csv").read_bytes())],
    "mastodon": [("outbox.json", lambda: (FIXTURES / "mastodon/outbox.json").read_bytes()),
                 ("archive.zip", lambda: _zip_bytes(FIXTURES / "mastodon"))],
    "reddit-export": [("posts.csv", lambda: (FIXTURES / "reddit_export/posts.csv").read_bytes()),
                      ("export.zip", lambda: _zip_bytes(FIXTURES / "reddit_export"))],
    "pushshift": [("RC.ndjson", lambda: (FIXTURES / "RC_2023-11.ndjson").read_bytes()),
                  ("RC.zst", lambda: zstandard.ZstdCompressor().compress((FIXTURES / "RC_2023-11.ndjson").read_bytes()))],
    "bluesky-car": [("repo.car", _car_bytes)],
    "bluesky-json": [("feed.json", lambda: (FIXTURES / "bluesky_feed.json").read_bytes())],
    "meta": [("your_posts_1.json", lambda: (FIXTURES / "facebook/your_facebook_activity/posts/your_posts_1.json").read_bytes()),
             ("post_comments_1.json", lambda: (FIXTURES / "instagram/your_instagram_activity/comments/post_comments_1.json").read_bytes()),
             ("facebook.zip", lambda: _zip_bytes(FIXTURES / "facebook"))],
    "zeeschuimer": [("items.ndjson", lambda: (FIXTURES / "zeeschuimer.ndjson").read_bytes())],
    "4cat": [("dataset.csv", lambda: (FIXTURES / "4cat.csv").read_bytes())],
    "csv": [("generic.csv", lambda: (FIXTURES / "generic.csv").read_bytes())],
    "jsonl": [("generic.jsonl", lambda: (FIXTURES / "generic.jsonl").read_bytes())],
    "xlsx": [("sheet.xlsx", _xlsx_bytes)],
    "telegram": [("result.json", lambda: (FIXTURES / "telegram/result.json").read_bytes())],
    "whatsapp": [("chat.txt", lambda: (FIXTURES / "whatsapp/WhatsApp Chat with Mira Okafor.txt").read_bytes()),
                 ("_chat.txt", lambda: (FIXTURES / "whatsapp/_chat.txt").read_bytes())],
    "tiktok": [("user_data.json", lambda: (FIXTURES / "tiktok/user_data.json").read_bytes())],
    "discord": [("package.zip", lambda: _zip_bytes(FIXTURES / "discord")),
                ("messages.json", lambda: (FIXTURES / "discord/messages/c111111111111111111/messages.json").read_bytes())],
    "text": [("story.txt", lambda: (FIXTURES / "story.txt").read_bytes()), ("story.docx", _docx_bytes)],
}
CASES = [(name, file, make) for name, seeds in SEEDS.items() for file, make in seeds]


def test_every_importer_has_seeds() -> None:
    assert set(SEEDS) == set(available())


def _check(name: str, path: Path, include_private: bool = False) -> None:
    ctx = ImportContext(options=ImportOptions(include_private=include_private))
    try:
        for item in get(name)().read(path, ctx):
            assert isinstance(item, (Post, RecordError, Excluded, Relation, Notice)), repr(item)
            if isinstance(item, Post):
                assert isinstance(item.source_id, str) and isinstance(item.text, str)
                assert item.created_at is None or item.created_at.tzinfo is not None
    except ImportError_:
        pass
    try:
        detect(path)  # sniffing never raises anything but our "not recognised" error
    except ImportError_:
        pass


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        op = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "duplicate"]))
        at = draw(st.integers(0, len(data) - 1))
        if op == "truncate":
            del data[at:]
        elif op == "flip":
            data[at] = draw(st.integers(0, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8) | st.sampled_from([b'"', b"{", b"]", b"\\u00", b",", b"\n", b"\xf0\x9f"]))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            end = min(len(data), at + draw(st.integers(1, 200)))
            data[at:at] = data[at:end]
    return bytes(data)


@pytest.mark.parametrize(("name", "file", "make"), CASES, ids=[f"{n}-{f}" for n, f, _ in CASES])
def test_mutated_input_gives_only_our_outcomes(name: str, file: str, make: Callable[[], bytes]) -> None:
    seed = make()

    @SETTINGS
    @given(data=mutated(seed), private=st.booleans())
    def run(data: bytes, private: bool) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / file
            path.write_bytes(data)
            _check(name, path, private)

    run()


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_random_bytes_give_only_our_outcomes(name: str) -> None:
    file = SEEDS[name][0][0]

    @settings(max_examples=15, deadline=None, database=None)
    @given(data=st.binary(max_size=3000))
    def run(data: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / file
            path.write_bytes(data)
            _check(name, path)

    run()


@pytest.mark.parametrize("member", ["data/tweets.js", "data/note-tweet.js", "data/manifest.js", "data/account.js"])
def test_mutated_member_inside_archive_folder(member: str) -> None:
    seed = (FIXTURES / "twitter_archive" / member).read_bytes()

    @settings(max_examples=15, deadline=None, database=None)
    @given(data=mutated(seed))
    def run(data: bytes) -> None:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "archive"
            shutil.copytree(FIXTURES / "twitter_archive", root)
            (root / member).write_bytes(data)
            _check("twitter-archive", root)

    run()
