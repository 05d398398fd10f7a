"""twarc2 (pages and flattened), twarc1 (v1.1) and twarc-csv."""

from __future__ import annotations

from .conftest import FIXTURES, read_all


def test_twarc2_page_entities_offsets_and_unescape() -> None:
    post = read_all("twarc2", FIXTURES / "twarc2_page.jsonl").by_id("1600000000000000001")
    # a ZWJ family emoji is 5 code points; offsets into the escaped text still land right
    assert post.text == "👩\u200d👩\u200d👧 @alice_ex said <this> https://example.org/v2?x=1&y=2"
    assert post.urls == ["https://example.org/v2?x=1&y=2"]
    assert [(m.handle, m.name) for m in post.mentions] == [("alice_ex", "Alice Example")]
    assert (post.author_handle, post.author_name, post.author_id) == ("dana_example", "Dana Example", "3001")


def test_twarc2_truncated_retweet_gets_full_text_from_includes() -> None:
    post = read_all("twarc2", FIXTURES / "twarc2_page.jsonl").by_id("1600000000000000002")
    assert post.kind == "repost" and post.extra["retweet_of"] == "1590000000000000001"
    assert post.text.startswith("RT @bob_sample: Thank you all")
    assert post.text.endswith("& I am still here. #IBelieveYou")
    assert post.hashtags == ["IBelieveYou"]
    assert post.mentions[0].handle == "bob_sample"


def test_twarc2_reply_media_and_only_data_tweets() -> None:
    result = read_all("twarc2", FIXTURES / "twarc2_page.jsonl")
    assert [p.source_id for p in result.posts] == ["1600000000000000001", "1600000000000000002", "1600000000000000003"]
    reply = result.by_id("1600000000000000003")
    assert reply.reply_to == "1590000000000000005" and reply.kind == "reply"
    assert reply.media == ["https://pbs.twimg.com/media/EXAMPLE2.jpg"]
    assert reply.text == "@alice_ex replying with a photo"
    assert [str(e) for e in result.errors] == ["twarc2_page.jsonl, record line 3: not tweets (a counts or compliance page?)"]


def test_twarc2_flattened_matches_page() -> None:
    flat = read_all("twarc2", FIXTURES / "twarc2_flat.jsonl")
    page = read_all("twarc2", FIXTURES / "twarc2_page.jsonl")
    for post in flat.posts:
        assert post.text == page.by_id(post.source_id).text
    assert len(flat.errors) == 1 and "line 3" in str(flat.errors[0])


def test_twarc1_shapes_and_full_text_rule() -> None:
    result = read_all("twarc1", FIXTURES / "twarc1.jsonl")
    rest = result.by_id("870000000000000001")
    assert rest.text == "Extended mode 🏳️\u200d🌈 text & @alice_ex https://example.org/ext"
    assert "place" not in rest.extra and "SENTINEL" not in repr(rest)  # geo and user location dropped
    compat = result.by_id("870000000000000002")
    assert compat.extra["truncated"] is True
    streaming = result.by_id("870000000000000003")
    assert streaming.text.endswith("with @bob_sample named.") and streaming.mentions[0].handle == "bob_sample"
    retweet = result.by_id("870000000000000004")
    assert retweet.text == "RT @bob_sample: The original post, complete, longer than the retweet could show: " + "x" * 100
    assert retweet.kind == "repost" and retweet.mentions[0].name == "Bob Sample"


def test_twarc1_ids_id_str_wins_float_and_unsafe_refused() -> None:
    result = read_all("twarc1", FIXTURES / "twarc1.jsonl")
    assert "872836479608733696" in {p.source_id for p in result.posts}
    assert "872836479608733700" not in {p.source_id for p in result.posts}
    problems = [e.problem for e in result.errors]
    assert any("above 2^53" in p for p in problems)
    assert any("floating-point" in p for p in problems)
    assert any("not valid JSON" in p for p in problems)
    assert len(result.posts) == 5  # stream notices (delete, limit) are skipped silently


def test_twarc1_pretty_printed_single_object() -> None:
    result = read_all("twarc1", FIXTURES / "twarc1_rest.json")
    assert [p.source_id for p in result.posts] == ["870000000000000001"]


def test_twarc_csv_escaped_offsets_and_spreadsheet_ids() -> None:
    result = read_all("twarc-csv", FIXTURES / "twarc.csv")
    post = result.by_id("1700000000000000001")
    assert post.text == "Tea & cake with @alice_ex https://example.org/a?b=1&c=2 #MeToo"
    assert post.hashtags == ["MeToo"] and post.urls == ["https://example.org/a?b=1&c=2"]
    reply = result.by_id("1700000000000000002")
    assert reply.text == "A reply\nover two lines, with a comma" and reply.reply_to == "1700000000000000001"
    assert len(result.errors) == 1 and "spreadsheet" in result.errors[0].problem
    assert "id mangled" not in str(result.errors[0])  # messages never carry post text
