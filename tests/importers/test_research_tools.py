"""Zeeschuimer NDJSON captures and 4CAT CSV exports."""

from __future__ import annotations

from .conftest import FIXTURES, read_all


def test_zeeschuimer_x_graphql_note_tweet_tiktok_instagram() -> None:
    result = read_all("zeeschuimer", FIXTURES / "zeeschuimer.ndjson")
    tweet = result.by_id("1800000000000000001")
    assert tweet.text == "Captured & kept: @alice_ex" and tweet.author_handle == "lee_example"
    assert tweet.mentions[0].name == "Alice Example"
    note = result.by_id("1800000000000000002")
    assert note.text.endswith("complete in the note tweet.") and note.author_handle == "lee_example"
    assert [p.source_id for p in result.posts].count("1800000000000000001") == 2  # re-captures, deduped by the archive
    assert result.by_id("7300000000000000001").platform == "tiktok"
    assert result.by_id("CxExample").author_handle == "nia_example"
    assert len(result.errors) == 1 and "not supported yet" in result.errors[0].problem


def test_4cat_lists_retweets_and_pseudonymised_authors() -> None:
    result = read_all("4cat", FIXTURES / "4cat.csv")
    rt = result.by_id("1900000000000000001")
    assert rt.platform == "twitter" and rt.kind == "repost"
    assert rt.hashtags == ["MeToo", "IBelieveYou"] and rt.urls == ["https://example.org/1", "https://example.org/2"]
    assert rt.created_at is not None and rt.created_at.isoformat() == "2024-02-01T10:00:00+00:00"
    hashed = result.by_id("1900000000000000002")
    assert hashed.extra["author_pseudonymised"] is True and hashed.kind == "reply"
    assert hashed.created_at is not None and hashed.created_at.isoformat() == "2024-02-01T11:00:00+00:00"
    assert len(result.errors) == 1
