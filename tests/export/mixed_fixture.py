"""A mixed-script archive for export tests and the export screenshots (scripts/render_exports.py):
English, Arabic, Hebrew, Chinese, Japanese, Korean, Devanagari, Cyrillic, Greek, emoji and ZWJ
sequences, a 2,000-character post, posts with no author from two separate imports, control
characters (NUL, \\x0b) in text and in a credited handle, tags, labels and reviewer notes."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from safe_archive.core.archive import Archive
from safe_archive.core.review.review import Review
from tests.export.helpers import add_post, new_archive
from tests.dbutil import transaction

ENGLISH_LONG = (
    "I am writing this down because I do not want to forget how it happened. " * 28
)[:2000]
ARABIC = "قالت فاطمة إنها لن تنسى ما حدث في ذلك اليوم. #أنا_أيضا\nكتبت هذا النص بعد سنوات طويلة من الصمت."
HEBREW = "דנה סיפרה לי מה קרה בעבודה, ואני מאמינה לה. #גם_אני\nזה קרה לפני שלוש שנים."
CHINESE = "我终于说出来了。那天晚上王芳告诉我，她也遇到过同样的事情。#米兔"
EMOJI = "Support 💜 👩‍👩‍👧 🏳️‍🌈 👍🏽 🧑🏾‍💻 ❤️‍🔥 🇺🇦 — thank you all 🙏"
MIXED = "English first, then العربية في الوسط, then עברית, 日本語です, 한국어 문장, नमस्ते दुनिया, Привет, Γειά σου."
CONTROL = "Dump text with a NUL\x00 here and a vertical tab\x0b there."
NOTE = "Follow up with דנה about the dates; she can be reached at dana.k@example.org."


def _dt(y: int, m: int = 3, d: int = 4) -> datetime:
    return datetime(y, m, d, 12, 30, tzinfo=timezone.utc)


def _batch(archive: Archive, name: str) -> int:
    with transaction(archive) as conn:
        cur = conn.execute("INSERT INTO import_batches(started_at, source_name, format, status) "
                           "VALUES ('2024-01-01T00:00:00Z', ?, 'text', 'done')", (name,))
        return int(cur.lastrowid or 0)


def build(folder: Path) -> Archive:
    """Create the archive in ``folder``; its post ids are on ``archive.ids``."""
    archive = new_archive(folder)
    ids: dict[str, int] = {}
    ids["english"] = add_post(archive, ENGLISH_LONG, handle="writer_one", created=_dt(2017, 10, 16))
    ids["arabic"] = add_post(archive, ARABIC, find=[("فاطمة", "PERSON")], handle="writer_two", lang="ar",
                             created=_dt(2018, 1, 2))
    ids["hebrew"] = add_post(archive, HEBREW, find=[("דנה", "PERSON")], handle="writer_three", lang="he",
                             created=_dt(2018, 5, 6))
    ids["chinese"] = add_post(archive, CHINESE, find=[("王芳", "PERSON")], handle="writer_four", lang="zh",
                              created=_dt(2019, 2, 3))
    ids["emoji"] = add_post(archive, EMOJI, handle="writer_one", created=_dt(2019, 6, 7))
    ids["mixed"] = add_post(archive, MIXED, handle="writer_five", created=_dt(2020, 8, 9))
    ids["control"] = add_post(archive, CONTROL, handle="bad\x0bhandle", created=_dt(2020, 9, 10))
    # Posts nobody recorded an author for: two from one import (the account owner), one from another.
    first, second = _batch(archive, "facebook-owner.zip"), _batch(archive, "story.txt")
    ids["owner_a"] = add_post(archive, "My own post about that year.", handle=None, platform="facebook",
                              created=_dt(2021, 1, 1))
    ids["owner_b"] = add_post(archive, "Another post of mine.", handle=None, platform="facebook",
                              created=_dt(2021, 2, 1))
    ids["story"] = add_post(archive, "A separate story, told by someone else.", handle=None, platform="text",
                            created=_dt(2021, 3, 1))
    with transaction(archive) as conn:
        conn.execute("UPDATE posts SET batch_id = ? WHERE id IN (?, ?)", (first, ids["owner_a"], ids["owner_b"]))
        conn.execute("UPDATE posts SET batch_id = ? WHERE id = ?", (second, ids["story"]))
    rv = archive.review
    rv.add_tag([ids["arabic"], ids["hebrew"], ids["chinese"]], "workplace")
    rv.add_tag([ids["emoji"]], "support")
    rv.set_label([ids["arabic"], ids["hebrew"]], "semi-private")
    rv.set_label([ids["control"]], "credit-me")
    rv.add_note(ids["hebrew"], NOTE)
    archive.ids = ids  # type: ignore[attr-defined]
    return archive
