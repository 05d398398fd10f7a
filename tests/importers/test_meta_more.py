"""Meta exports beyond posts and comments: Threads (in the export zip and alone), Instagram
stories, a Facebook status without words, and the HTML export (told to ask for JSON)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from safe_archive.core.errors import ImportError_
from safe_archive.core.importers import detect

from .conftest import FIXTURES, read_all, zip_folder


def _mojibake(value: object) -> object:
    """How Meta writes UTF-8: every byte as a \\u00XX escape."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, list):
        return [_mojibake(v) for v in value]
    if isinstance(value, dict):
        return {_mojibake(k): _mojibake(v) for k, v in value.items()}  # type: ignore[index]
    return value


THREADS = {"text_post_app_text_posts": [
    {"media": [{"uri": "", "creation_timestamp": 1754466859, "title": "I am finally ready to talk about it — thread 🧵",
                "media_metadata": {"camera_metadata": {"has_camera_metadata": False}},
                "cross_post_source": {"source_app": "FB"},
                "text_app_post": {"reply_control": "everyone", "geo_gated_country_list": "", "is_reply": False}}]},
    {"media": [{"uri": "", "creation_timestamp": 1754466999, "title": "thank you all for the kind words",
                "text_app_post": {"reply_control": "everyone", "is_reply": True}}]},
    {"title": "", "creation_timestamp": 1754500000,
     "media": [{"uri": "media/posts/202508/x.jpg", "creation_timestamp": 1754500000, "title": "",
                "text_app_post": {"reply_control": "everyone", "is_reply": False}}]},
]}
STORIES = {"ig_stories": [
    {"uri": "media/stories/202401/111.jpg", "creation_timestamp": 1704100000, "title": "día 1 de contarlo",
     "media_metadata": {"photo_metadata": {"exif_data": [{"latitude": 52.1, "longitude": 4.3}]}}},
    {"uri": "media/stories/202401/112.mp4", "creation_timestamp": 1704100100, "title": ""},
]}


def _export(tmp_path: Path) -> Path:
    root = tmp_path / "instagram-export"
    shutil.copytree(FIXTURES / "instagram", root)
    threads = root / "your_instagram_activity" / "threads"
    threads.mkdir(parents=True)
    (threads / "threads_and_replies.json").write_text(json.dumps(_mojibake(THREADS)))
    (root / "your_instagram_activity" / "content" / "stories.json").write_text(json.dumps(_mojibake(STORIES)))
    return root


def test_threads_and_stories_inside_the_meta_export_zip(tmp_path: Path) -> None:
    before = len(read_all("meta", FIXTURES / "instagram").posts)
    packed = zip_folder(_export(tmp_path), tmp_path / "instagram.zip")
    assert detect(packed).name == "meta"
    result = read_all("meta", packed)
    threads = [p for p in result.posts if p.platform == "threads"]
    stories = [p for p in result.posts if p.kind == "story"]
    assert len(result.posts) == before + 3
    assert [p.text for p in threads] == ["I am finally ready to talk about it — thread 🧵", "thank you all for the kind words"]
    assert [p.kind for p in threads] == ["post", "reply"]
    assert [(s.platform, s.text) for s in stories] == [("instagram", "día 1 de contarlo")]
    assert "latitude" not in repr(stories[0])  # media metadata (EXIF GPS) is never copied


def test_lone_threads_file_is_threads_with_reply_structure(tmp_path: Path) -> None:
    path = tmp_path / "threads_and_replies.json"
    path.write_text(json.dumps(_mojibake(THREADS), indent=2))
    assert detect(path).name == "meta"
    result = read_all("meta", path)
    assert [(p.platform, p.kind) for p in result.posts] == [("threads", "post"), ("threads", "reply")]
    assert [x.reason for x in result.excluded] == ["no text (a photo or video without words)"]


def test_facebook_status_without_text_is_not_a_bad_record(tmp_path: Path) -> None:
    path = tmp_path / "your_posts_1.json"
    path.write_text(json.dumps([
        {"timestamp": 1600000000, "title": "Mira Okafor updated her status."},
        {"timestamp": 1600000100, "data": [{"post": "words"}], "title": "Mira Okafor updated her status."},
    ]))
    result = read_all("meta", path)
    assert [p.text for p in result.posts] == ["words"]
    assert not result.errors and len(result.excluded) == 1


@pytest.mark.parametrize("packed", [False, True])
def test_facebook_html_export_is_told_to_ask_for_json(tmp_path: Path, packed: bool) -> None:
    root = tmp_path / "facebook-html"
    (root / "your_facebook_activity" / "posts").mkdir(parents=True)
    (root / "your_facebook_activity" / "posts" / "your_posts_1.html").write_text("<html><title>Your posts</title></html>")
    (root / "index.html").write_text("<html>Facebook</html>")
    path = zip_folder(root, tmp_path / "facebook.zip") if packed else root
    with pytest.raises(ImportError_) as info:
        detect(path)
    assert "JSON export" in str(info.value) and "--format" not in str(info.value)
