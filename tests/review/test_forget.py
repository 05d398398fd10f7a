"""Forget: zero copies of the forgotten token in the decrypted pages; search finds nothing."""

from __future__ import annotations

import json

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from safe_archive.core.archive import Archive
from safe_archive.core.model import Mention
from safe_archive.core.review.collections import Collections, SavedSearches
from safe_archive.core.review.forget import Forget
from safe_archive.core.review.review import Review
from tests.export.helpers import add_post
from tests.dbutil import sql

RESERVE = 80  # SQLCipher 4: 16-byte IV + 64-byte HMAC-SHA512 at the end of every page


def decrypted_pages(archive: Archive) -> bytes:
    """Every page of the database file, decrypted with the data key (AES-256-CBC, per-page
    IV); free pages and slack space included, unlike a logical dump."""
    sql(archive).execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    page_size = int(sql(archive).execute("PRAGMA page_size").fetchone()[0])
    key = archive._key()  # white-box: the test needs the raw key to read pages itself
    raw = (archive.folder / "archive.db").read_bytes()
    wal = archive.folder / "archive.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0
    out = []
    for offset in range(0, len(raw), page_size):
        page = raw[offset : offset + page_size]
        iv = page[page_size - RESERVE : page_size - RESERVE + 16]
        start = 16 if offset == 0 else 0  # page 1 begins with the plaintext salt
        dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out.append(dec.update(page[start : page_size - RESERVE]) + dec.finalize())
    return b"".join(out)


def count_token(blob: bytes, token: str) -> int:
    low = blob.lower()
    return sum(low.count(enc) for enc in (token.lower().encode("utf-8"), token.lower().encode("utf-16-le")))


def _populate(archive: Archive) -> tuple[int, int]:
    a = add_post(archive, "Quillfeather hurt me, said the survivor. Keep kestrelmoon safe.",
                 find=[("Quillfeather", "PERSON")], handle="victim_one")
    b = add_post(archive, "I stand with @quillfeather's victims. Also kestrelmoon.",
                 find=[("@quillfeather", "USERNAME", "pending")], handle="ally",
                 mentions=[Mention(handle="quillfeather", name="Quillfeather")])
    rv = archive.review
    rv.add_note(a, "Follow up on Quillfeather next week")
    rv.add_tag([a], "quillfeather")
    rv.add_term("Quillfeather", "always", "PERSON")
    rv.set_edited_text(b, "Someone stands with Quillfeather's victims.")
    archive.collections.create("quillfeather cases", post_ids=[a])
    archive.saved_searches.save("about quillfeather", "quillfeather OR kestrelmoon")
    return a, b


def test_forget_term_leaves_no_copy_in_decrypted_pages(archive: Archive) -> None:
    _populate(archive)
    before = decrypted_pages(archive)
    assert count_token(before, "quillfeather") > 0  # the check can fail: the token is there
    assert count_token(before, "kestrelmoon") > 0
    assert archive.search("quillfeather", original=True).total == 2

    result = archive.forget.term("Quillfeather")

    assert result.values_masked > 0
    after = decrypted_pages(archive)
    assert count_token(after, "quillfeather") == 0
    assert count_token(after, "kestrelmoon") > 0  # other text is untouched (control)
    assert archive.search("quillfeather", original=True).total == 0
    assert archive.search("quillfeather").total == 0
    assert archive.verify().ok
    entry = archive.audit_entries(limit=1)[0]
    assert entry.action == "forget.term"
    assert entry.details["term_hash"].startswith("hmac-sha256:")
    assert "quillfeather" not in str(entry.details).lower()


def test_forget_author_deletes_posts_and_masks_handle(archive: Archive) -> None:
    add_post(archive, "My story, told by me.", handle="Moonwhistle", author_id="99887766")
    add_post(archive, "Another one from me.", handle="moonwhistle", author_id="99887766")
    other = add_post(archive, "Replying to @moonwhistle about 99887766 and cloudberry.", handle="friend",
                     mentions=[Mention(handle="moonwhistle", user_id="99887766")])
    assert count_token(decrypted_pages(archive), "moonwhistle") > 0

    result = archive.forget.author("@MoonWhistle")

    assert result.posts_deleted == 2
    assert archive.count_posts() == 1
    pages = decrypted_pages(archive)
    assert count_token(pages, "moonwhistle") == 0
    assert count_token(pages, "99887766") == 0
    assert count_token(pages, "cloudberry") > 0
    assert archive.search("moonwhistle", original=True).total == 0
    assert archive.search("author:moonwhistle").total == 0
    assert "█" in archive.get_post(other).text
    assert archive.verify().ok


def test_forget_keeps_finding_offsets_valid(archive: Archive) -> None:
    pid = add_post(archive, "Ann met Zed, and Zed left.", find=[("Ann", "PERSON")])
    archive.forget.term("Zed")
    post = archive.get_post(pid)
    assert post.text == "Ann met ███, and ███ left."
    finding = archive.review.findings(pid)[0]
    assert post.text[finding.start : finding.end] == "Ann"


def test_forget_rejects_too_short_terms(archive: Archive) -> None:
    import pytest

    from safe_archive.core.errors import SafeArchiveError

    with pytest.raises(SafeArchiveError):
        archive.forget.term("a")
    with pytest.raises(SafeArchiveError):
        archive.forget.author("@")




def _names_archive(archive: Archive) -> dict[str, int]:
    """An author with a two-word display name and a common first name, and the posts around them."""
    ids = {}
    ids["own"] = add_post(archive, "What happened to me at camp.", handle="quashgrove", name="Quillon Ashgrove",
                          author_id="55443322", source_id="src-own-1")
    add_post(archive, "Second post of mine.", handle="QuAshgrove", name="Quill Ashgrove (she/her)", author_id="55443322")
    # a reply to the author's post: names it by first name only
    ids["reply"] = add_post(archive, "Quillon, I believe you. Quill is brave.", handle="ally1",
                            reply_to="src-own-1", find=[("Quillon", "PERSON")])
    # a post whose metadata mentions the author, under another display name
    ids["mention"] = add_post(archive, "Thinking of Qui Ashgrove today and of Quillon.", handle="ally2",
                              mentions=[Mention(handle="quashgrove", name="Qui Ashgrove", user_id="55443322")])
    # a post that @mentions the handle in its text only
    ids["at"] = add_post(archive, "@quashgrove Ashgrove, stay strong", handle="ally3")
    # unrelated posts: the full name is masked everywhere, a lone first name is not
    ids["full"] = add_post(archive, "Someone said Quillon Ashgrove was there.", handle="stranger1")
    ids["common"] = add_post(archive, "Quillon is also my cousin's name; Ashgrove is a street here.", handle="stranger2",
                             name="Quillon Brightwater")
    archive.review.add_note(ids["reply"], "Quillon wrote back")
    return ids


def test_forget_author_masks_display_names(archive: Archive) -> None:
    ids = _names_archive(archive)
    pages = decrypted_pages(archive)
    assert count_token(pages, "quillon ashgrove") > 0 and count_token(pages, "qui ashgrove") > 0
    assert archive.search("Ashgrove", original=True).total == 4

    result = archive.forget.author("quashgrove")

    assert result.posts_deleted == 2 and result.names_masked == 3
    pages = decrypted_pages(archive)
    for full in ("quillon ashgrove", "quill ashgrove", "qui ashgrove"):  # two-word names: everywhere
        assert count_token(pages, full) == 0, full
    reply = archive.get_post(ids["reply"])
    assert reply.text == "███████, I believe you. █████ is brave."
    assert "Quillon" not in (reply.redacted_text or "") and "Quill " not in (reply.redacted_text or "")
    mention = archive.get_post(ids["mention"])
    assert "Ashgrove" not in mention.text and "Quillon" not in mention.text
    assert mention.metadata["mentions"][0]["name"] == "█" * len("Qui Ashgrove")
    assert archive.get_post(ids["at"]).text == "@██████████ ████████, stay strong"
    assert archive.get_post(ids["full"]).text == "Someone said " + "█" * len("Quillon Ashgrove") + " was there."
    notes = [str(r[0]) for r in sql(archive).execute("SELECT body FROM post_notes")]
    assert notes == ["███████ wrote back"]
    # the FTS index: the names are gone from the connected posts
    assert archive.search("Ashgrove", original=True).total == 1  # only the unrelated street name
    assert archive.search("Quill", original=True).total == 0
    assert archive.verify().ok
    entry = archive.audit_entries(limit=1)[0]
    assert entry.action == "forget.author" and entry.details["term_hash"].startswith("hmac-sha256:")
    assert entry.details["display_names"] == 3
    for word in ("quillon", "ashgrove", "quill", "qui "):
        assert word not in json.dumps(entry.details).lower()


def test_forget_author_leaves_a_common_first_name_in_unrelated_posts(archive: Archive) -> None:
    ids = _names_archive(archive)
    archive.forget.author("@QuAshgrove")
    common = archive.get_post(ids["common"])
    # the first name and surname alone, in a post that neither replies to nor mentions the
    # author, stay; so does another person's display name that shares the first name
    assert common.text == "Quillon is also my cousin's name; Ashgrove is a street here."
    assert common.author_name == "Quillon Brightwater"
    assert count_token(decrypted_pages(archive), "quillon brightwater") > 0


def test_forget_author_with_a_one_word_name(archive: Archive) -> None:
    add_post(archive, "It was my coach.", handle="samwise88", name="Sam", source_id="sam-1")
    reply = add_post(archive, "Sam, you are so brave. same here", handle="friend", reply_to="sam-1")
    other = add_post(archive, "Sam from accounting brought cake.", handle="colleague")
    tagged = add_post(archive, "Sending love", handle="friend2", mentions=[Mention(handle="samwise88", name="Sam")])
    elsewhere = add_post(archive, "Sam says hi", handle="r1", platform="reddit", reply_to="sam-1")  # same id, other platform

    result = archive.forget.author("samwise88")

    assert result.posts_deleted == 1 and result.names_masked == 1
    assert archive.get_post(reply).text == "███, you are so brave. same here"  # "same" is not "Sam"
    assert archive.get_post(tagged).metadata["mentions"][0]["name"] == "███"
    assert archive.get_post(other).text == "Sam from accounting brought cake."  # not over-reaching
    assert archive.get_post(elsewhere).text == "Sam says hi"
    assert archive.search("Sam", original=True).total == 2


def test_forget_author_name_known_only_from_mentions(archive: Archive) -> None:
    add_post(archive, "My post", handle="nightjar_x", author_id="7777001")
    a = add_post(archive, "Hello", handle="b", mentions=[Mention(user_id="7777001", name="Wren Halloway")])
    c = add_post(archive, "Wren Halloway posted again; Wren is quiet", handle="c")
    archive.forget.author("nightjar_x")
    assert archive.get_post(a).metadata["mentions"][0]["name"] == "█" * 13
    assert archive.get_post(c).text == "█" * 13 + " posted again; Wren is quiet"  # Wren alone: c is unrelated
    assert count_token(decrypted_pages(archive), "wren halloway") == 0


def test_name_parts() -> None:
    from safe_archive.core.review.forget import name_parts

    assert name_parts("Sam Rivera (she/her) | survivor") == ["Sam", "Rivera"]
    assert name_parts("Dr. Anne-Marie O’Neil") == ["Anne-Marie", "O’Neil"]
    assert name_parts("sam rivera") == ["sam", "rivera"]
    assert name_parts("J") == []
