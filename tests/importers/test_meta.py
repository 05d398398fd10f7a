"""Facebook / Instagram 'Download your information' JSON."""

from __future__ import annotations

from pathlib import Path

from safe_archive.core.importers.meta import fix_mojibake, repaired

from .conftest import FIXTURES, read_all, zip_folder


def test_mojibake_repaired_exactly_once() -> None:
    assert fix_mojibake("S\u00c3\u00b8ren") == "Søren"
    assert fix_mojibake("\u00f0\u009f\u0098\u0082") == "😂"
    assert fix_mojibake("Søren") == "Søren"  # already right: "ø" alone is not valid UTF-8 bytes
    assert fix_mojibake("café 😂") == "café 😂"  # characters above U+00FF: not mojibake
    assert fix_mojibake(fix_mojibake("S\u00c3\u00b8ren")) == "Søren"
    assert repaired({"Tidspunkt \u00c3\u00b8": ["\u00c3\u00a5"]}) == {"Tidspunkt ø": ["å"]}


def test_facebook_posts_comments_and_privacy() -> None:
    result = read_all("meta", FIXTURES / "facebook")
    texts = [p.text for p in result.posts]
    assert "Søren og jeg 😂 – café" in texts and "Jeg tror på dig ❤️" in texts
    post = next(p for p in result.posts if p.text.startswith("Søren"))
    assert post.urls == ["https://example.org/fb"] and post.mentions[0].name == "Søren Example"
    assert post.created_at is not None and post.created_at.isoformat() == "2020-09-13T12:26:40+00:00"
    comment = next(p for p in result.posts if p.kind == "comment")
    assert comment.author_name == "Jordan Ørsted"
    produced = result.all_text()
    for leak in ("SENTINEL", "203.0.113.9", "55.6761", "12.5683"):
        assert leak not in produced  # EXIF GPS, upload IP, places, messages, profile: never copied
    assert [x.reason for x in result.excluded] == ["no text (a photo, check-in or link without words)"]
    assert len(result.errors) == 1


def test_facebook_same_post_per_photo_gets_one_id() -> None:
    result = read_all("meta", FIXTURES / "facebook")
    photo = [p for p in result.posts if p.text == "Photo post"]
    assert len(photo) == 2 and photo[0].source_id == photo[1].source_id  # the archive stores one


def test_instagram_localised_comment_keys_and_posts(tmp_path: Path) -> None:
    for source in (FIXTURES / "instagram", zip_folder(FIXTURES / "instagram", tmp_path / "instagram.zip")):
        result = read_all("meta", source)
        comment = next(p for p in result.posts if p.kind == "comment")
        assert comment.text == "Så modigt af dig" and comment.platform == "instagram"
        assert comment.mentions[0].handle == "kim_example"
        post = next(p for p in result.posts if p.kind == "post")
        assert post.text == "Sommer i Århus ☀️" and post.media == ["media/posts/202301/1.jpg"]
        assert "56.1" not in result.all_text()


def test_content_ids_are_stable_across_runs() -> None:
    first = [p.source_id for p in read_all("meta", FIXTURES / "facebook").posts]
    assert first == [p.source_id for p in read_all("meta", FIXTURES / "facebook").posts]
