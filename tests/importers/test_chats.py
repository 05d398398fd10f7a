"""Chat exports counsellors receive stories through: Telegram, WhatsApp, Discord; and TikTok."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from safe_archive.core.importers import detect
from safe_archive.core.model import Visibility

from .conftest import FIXTURES, read_all

TELEGRAM = FIXTURES / "telegram" / "result.json"


def test_telegram_chat_counts_authors_dates_replies() -> None:
    assert detect(TELEGRAM).name == "telegram"
    result = read_all("telegram", TELEGRAM)
    assert [p.source_id for p in result.posts] == ["1712345678/2", "1712345678/3", "1712345678/5"]
    first, reply, last = result.posts
    assert first.author_name == "Mira Okafor" and first.author_id == "user1000001"
    assert first.created_at == datetime(2023, 3, 1, 9, 5, 12, tzinfo=timezone.utc)
    assert reply.reply_to == "1712345678/2" and reply.kind == "reply"
    # text given as a list of entities is joined back; links, mentions and tags kept
    assert reply.text == ("Thank you for trusting us @mira_o. There is help at https://example.org/help "
                          "and this guide #MeToo")
    assert reply.urls == ["https://example.org/help", "https://example.org/guide"]
    assert [m.handle for m in reply.mentions] == ["mira_o"] and reply.hashtags == ["MeToo"]
    assert last.text == "Thank you. Jun" and last.mentions[0].user_id == "1000002"
    assert last.extra["time_zone_unknown"] is True  # no date_unixtime: local time
    assert sorted(x.reason for x in result.excluded) == ["media without text", "service message (not a post)"]
    assert not result.errors


def test_telegram_full_export_reads_every_chat(tmp_path: Path) -> None:
    chat = json.loads(TELEGRAM.read_text())
    channel = {"name": "News", "type": "public_channel", "id": 99, "messages": [
        {"id": 7, "type": "message", "date": "2022-01-01T00:00:00", "date_unixtime": "1640995200",
         "from": "News", "from_id": "channel99", "text": "A public post"}]}
    saved = {"type": "saved_messages", "id": 5, "messages": [
        {"id": 1, "type": "message", "date_unixtime": "1640995200", "from": "Me", "text": "note to self"}]}
    full = {"about": "Here is the data you requested.", "personal_information": {"first_name": "X"},
            "chats": {"about": "This page lists all chats from this export.", "list": [chat, channel, saved]},
            "left_chats": {"about": "", "list": []}}
    path = tmp_path / "result.json"
    path.write_text(json.dumps(full, indent=1))
    assert detect(path).name == "telegram"
    result = read_all("telegram", path)
    assert len(result.posts) == 5
    public = result.by_id("99/7")
    assert public.visibility is Visibility.PUBLIC and public.extra["chat"] == "News"
    note = result.by_id("5/1")
    assert note.visibility is Visibility.DIRECT and "chat" not in note.extra  # the name did not leak over


# ---- WhatsApp: locale date formats, continuation lines, system and media lines, the zip ----

ANDROID_EU = (
    "12/03/2023, 21:04 - Messages and calls are end-to-end encrypted. No one outside of this chat can read them.\n"
    "12/03/2023, 21:05 - Mira Okafor: I need to tell someone what happened\n"
    "at the party last year.\n"
    "12/03/2023, 21:06 - +44 7700 900123: I'm listening. Take your time.\n"
    "12/03/2023, 21:06 - Mira Okafor: <Media omitted>\n"
    "13/03/2023, 08:15 - Mira Okafor: IMG-20230313-WA0001.jpg (file attached)\n"
    "the message he sent me afterwards\n"
    "13/03/2023, 08:16 - Mira Okafor: This message was deleted\n"
)
IOS_DE = (
    "\u200e[12.03.23, 21:05:09] Mira Okafor: Ich muss jemandem erzählen, was passiert ist\n"
    "[12.03.23, 21:06:30] Jun Park: Ich höre zu.\n"
    "\u200e[12.03.23, 21:07:01] Mira Okafor: \u200e<attached: 00000012-PHOTO-2023-03-12-21-07-01.jpg>\n"
    "[13.03.23, 08:00:00] Jun Park: Ich höre zu.\n"
)
US_12H = (
    "3/12/23, 9:05\u202fPM - Mira Okafor: I need to tell someone\n"
    "3/12/23, 9:06\u202fPM - Jun Park: I'm here\n"
    "3/13/23, 12:15\u202fAM - Mira Okafor: thank you\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_whatsapp_android_day_first_with_media_and_system_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "WhatsApp Chat with Mira Okafor.txt", ANDROID_EU)
    assert detect(path).name == "whatsapp"
    result = read_all("whatsapp", path)
    assert [p.author_name for p in result.posts] == ["Mira Okafor", "+44 7700 900123", "Mira Okafor"]
    story, answer, caption = result.posts
    assert story.text == "I need to tell someone what happened\nat the party last year."  # continuation kept
    assert story.created_at == datetime(2023, 3, 12, 21, 5, tzinfo=timezone.utc)
    assert caption.text == "the message he sent me afterwards" and caption.media == ["IMG-20230313-WA0001.jpg"]
    assert caption.created_at == datetime(2023, 3, 13, 8, 15, tzinfo=timezone.utc)  # 13/03: day first
    assert sorted(x.reason for x in result.excluded) == [
        "deleted message", "media without text", "system message (not a post)"]
    assert not result.errors and not result.notices


def test_whatsapp_ios_bracketed_with_dotted_dates_and_repeats(tmp_path: Path) -> None:
    result = read_all("whatsapp", _write(tmp_path, "_chat.txt", IOS_DE))
    assert [p.text for p in result.posts] == ["Ich muss jemandem erzählen, was passiert ist", "Ich höre zu.", "Ich höre zu."]
    assert len({p.source_id for p in result.posts}) == 3  # the same words twice are two messages
    assert result.posts[0].created_at == datetime(2023, 3, 12, 21, 5, 9, tzinfo=timezone.utc)
    assert [x.reason for x in result.excluded] == ["media without text"]


def test_whatsapp_us_month_first_twelve_hour_clock(tmp_path: Path) -> None:
    result = read_all("whatsapp", _write(tmp_path, "WhatsApp Chat with Jun.txt", US_12H))
    assert [p.created_at for p in result.posts] == [
        datetime(2023, 3, 12, 21, 5, tzinfo=timezone.utc), datetime(2023, 3, 12, 21, 6, tzinfo=timezone.utc),
        datetime(2023, 3, 13, 0, 15, tzinfo=timezone.utc)]
    assert not result.notices  # 3/13 can only be month first, which decides the whole file


def test_whatsapp_ambiguous_dates_are_said_not_silently_guessed(tmp_path: Path) -> None:
    result = read_all("whatsapp", _write(tmp_path, "WhatsApp Chat with Jun.txt", "3/4/23, 9:05 PM - Jun Park: hi\n"))
    assert result.posts[0].created_at == datetime(2023, 4, 3, 21, 5, tzinfo=timezone.utc)
    assert result.posts[0].extra["date_order_guessed"] is True and "day/month" in result.notices[0]


def test_whatsapp_zip_with_media_reads_the_chat_only(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "WhatsApp Chat - Mira.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("_chat.txt", IOS_DE)
        archive.writestr("00000012-PHOTO-2023-03-12-21-07-01.jpg", b"\xff\xd8\xff\xe0 not really a photo")
    assert detect(path).name == "whatsapp"
    result = read_all("whatsapp", path)
    assert len(result.posts) == 3 and [x.reason for x in result.excluded] == ["media without text"]
    again = read_all("whatsapp", _write(tmp_path, "_chat.txt", IOS_DE))
    assert [p.source_id for p in again.posts] == [p.source_id for p in result.posts]  # same ids: deduped


# ---- TikTok's own export ----

TIKTOK = {
    "Activity": {"Video Browsing History": {"VideoList": [{"Date": "2023-05-01 09:00:00", "Link": "https://www.tiktokv.com/share/video/7200000000000000009/"}]}},
    "Comment": {"Comments": {"CommentsList": [
        {"Date": "2023-05-02 10:11:12", "Comment": "this happened to me too", "Photo": "N/A", "Url": ""},
        {"date": "2023-05-03 10:11:12", "comment": "you are not alone", "photo": "N/A", "url": "https://www.tiktokv.com/share/video/7200000000000000001/"}]}},
    "Direct Messages": {"Chat History": {"ChatHistory": {"Chat History with friend_1:": [
        {"Date": "2023-05-04 08:00:00", "From": "friend_1", "Content": "are you ok?"}]}}},
    "Profile": {"Profile Information": {"ProfileMap": {"userName": "mira.speaks", "bioDescription": "x"}}},
    "Video": {"Videos": {"VideoList": [
        {"Date": "2023-04-30 20:00:00", "Link": "https://www.tiktokv.com/share/video/7200000000000000001/", "Likes": "120",
         "Title": "Storytime: what my coach did #metoo", "WhoCanView": "Everyone", "Sound": "original sound"},
        {"Date": "2023-04-29 20:00:00", "Link": "https://www.tiktokv.com/share/video/7200000000000000002/", "Likes": "3",
         "Title": "", "WhoCanView": "Everyone"},
        {"Date": "2023-04-28 20:00:00", "Link": "https://www.tiktokv.com/share/video/7200000000000000003/", "Likes": "0",
         "Title": "draft for friends", "WhoCanView": "Friends"}]}},
}


def test_tiktok_user_data_videos_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "user_data.json"
    path.write_text(json.dumps(TIKTOK, indent=2))
    assert detect(path).name == "tiktok"
    result = read_all("tiktok", path)
    assert sorted(p.kind for p in result.posts) == ["comment", "comment", "post"]
    video = result.by_id("7200000000000000001")  # the id Zeeschuimer and 4CAT use for the same video
    assert video.text == "Storytime: what my coach did #metoo" and video.author_handle == "mira.speaks"
    assert video.created_at == datetime(2023, 4, 30, 20, 0, tzinfo=timezone.utc) and video.platform == "tiktok"
    reply = [p for p in result.posts if p.text == "you are not alone"][0]
    assert reply.reply_to == "7200000000000000001" and reply.author_handle == "mira.speaks"
    assert sorted(x.reason for x in result.excluded) == ["direct message", "followers-only", "video without a caption (no text)"]
    with_private = read_all("tiktok", path, include_private=True)
    assert len(with_private.posts) == 5


def test_tiktok_zip(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "TikTok_Data_1690000000.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("user_data_tiktok.json", json.dumps(TIKTOK))
    assert detect(path).name == "tiktok"
    assert len(read_all("tiktok", path).posts) == 3


# ---- Discord data package ----

def _discord_package(root: Path, csv_channel: bool = False) -> Path:
    (root / "account").mkdir(parents=True)
    (root / "account" / "user.json").write_text(json.dumps({"id": "80351110224678912", "username": "mira_o", "global_name": "Mira"}))
    server = root / "messages" / "c111111111111111111"
    server.mkdir(parents=True)
    (server / "channel.json").write_text(json.dumps({"id": "111111111111111111", "type": 0, "name": "survivors-talk",
                                                     "guild": {"id": "9", "name": "Support Server"}}))
    (server / "messages.json").write_text(json.dumps([
        {"ID": "1100000000000000001", "Timestamp": "2023-06-01 18:30:00.123000+00:00", "Contents": "I was harassed at my first job.", "Attachments": ""},
        {"ID": "1100000000000000002", "Timestamp": "2023-06-01 18:31:00+00:00", "Contents": "", "Attachments": "https://cdn.discordapp.com/attachments/1/2/screenshot.png"},
    ]))
    dm = root / "messages" / "c222222222222222222"
    dm.mkdir()
    (dm / "channel.json").write_text(json.dumps({"id": "222222222222222222", "type": 1, "recipients": ["80351110224678912", "5"]}))
    if csv_channel:
        (dm / "messages.csv").write_text("ID,Timestamp,Contents,Attachments\n1100000000000000003,2023-06-02 09:00:00.000000+00:00,\"private words, with a comma\",\n")
    else:
        (dm / "messages.json").write_text(json.dumps([{"ID": "1100000000000000003", "Timestamp": "2023-06-02 09:00:00+00:00", "Contents": "private words", "Attachments": ""}]))
    (root / "messages" / "index.json").write_text(json.dumps({"111111111111111111": "survivors-talk in Support Server", "222222222222222222": "Direct Message with x#0001"}))
    return root


def test_discord_package_folder_and_zip(tmp_path: Path) -> None:
    from .conftest import zip_folder

    folder = _discord_package(tmp_path / "package")
    packed = zip_folder(folder, tmp_path / "package.zip")
    for path in (folder, packed):
        assert detect(path).name == "discord"
        result = read_all("discord", path)
        (post,) = result.posts
        assert post.source_id == "1100000000000000001" and post.author_handle == "mira_o" and post.author_id == "80351110224678912"
        assert post.created_at == datetime(2023, 6, 1, 18, 30, 0, 123000, tzinfo=timezone.utc)
        assert post.extra["channel"] == "survivors-talk" and post.extra["server"] == "Support Server"
        assert sorted(x.reason for x in result.excluded) == ["direct message", "media without text"]


def test_discord_old_csv_channel_with_private_messages(tmp_path: Path) -> None:
    folder = _discord_package(tmp_path / "package", csv_channel=True)
    result = read_all("discord", folder, include_private=True)
    assert sorted(p.text for p in result.posts) == ["I was harassed at my first job.", "private words, with a comma"]
    lone = read_all("discord", folder / "messages" / "c222222222222222222" / "messages.csv")
    assert [p.source_id for p in lone.posts] == ["1100000000000000003"]
