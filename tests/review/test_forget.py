"""Forget: zero copies of the forgotten token in the decrypted pages; search finds nothing."""

from __future__ import annotations


from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from safe_archive.core.archive import Archive
from safe_archive.core.model import Mention
from safe_archive.core.review.collections import Collections, SavedSearches
from safe_archive.core.review.forget import Forget
from safe_archive.core.review.review import Review
from tests.export.helpers import add_post

RESERVE = 80  # SQLCipher 4: 16-byte IV + 64-byte HMAC-SHA512 at the end of every page


def decrypted_pages(archive: Archive) -> bytes:
    """Every page of the database file, decrypted with the data key (AES-256-CBC, per-page
    IV); free pages and slack space included, unlike a logical dump."""
    archive.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    page_size = int(archive.conn.execute("PRAGMA page_size").fetchone()[0])
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
    rv = Review(archive)
    rv.add_note(a, "Follow up on Quillfeather next week")
    rv.add_tag([a], "quillfeather")
    rv.add_term("Quillfeather", "always", "PERSON")
    rv.set_edited_text(b, "Someone stands with Quillfeather's victims.")
    Collections(archive).create("quillfeather cases", post_ids=[a])
    SavedSearches(archive).save("about quillfeather", "quillfeather OR kestrelmoon")
    return a, b


def test_forget_term_leaves_no_copy_in_decrypted_pages(archive: Archive) -> None:
    _populate(archive)
    before = decrypted_pages(archive)
    assert count_token(before, "quillfeather") > 0  # the check can fail: the token is there
    assert count_token(before, "kestrelmoon") > 0
    assert archive.search("quillfeather", original=True).total == 2

    result = Forget(archive).term("Quillfeather")

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

    result = Forget(archive).author("@MoonWhistle")

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
    Forget(archive).term("Zed")
    post = archive.get_post(pid)
    assert post.text == "Ann met ███, and ███ left."
    finding = Review(archive).findings(pid)[0]
    assert post.text[finding.start : finding.end] == "Ann"


def test_forget_rejects_too_short_terms(archive: Archive) -> None:
    import pytest

    from safe_archive.core.errors import SafeArchiveError

    with pytest.raises(SafeArchiveError):
        Forget(archive).term("a")
    with pytest.raises(SafeArchiveError):
        Forget(archive).author("@")


