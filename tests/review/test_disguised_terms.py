"""Issue 14's reproductions: a confirmed term is applied to every disguised form of it —
accept/reject-term, the always list, export, the leak check and forget."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.export.exporter import Exporter
from safe_archive.core.export.leakcheck import KnownIdentifiers
from safe_archive.core.export.records import ExportOptions
from safe_archive.core.review.forget import Forget
from safe_archive.core.review.review import Review
from tests.export.helpers import add_post
from tests.review.test_forget import count_token, decrypted_pages
from tests.dbutil import sql


def _status(archive: Archive, post_id: int) -> list[str]:
    return [str(r[0]) for r in sql(archive).execute("SELECT status FROM findings WHERE post_id = ?", (post_id,))]


@pytest.mark.parametrize(("decided", "other", "written"), [
    ("𝓙𝓪𝓷𝓮", "Jane was there", "Jane"),
    ("Ｊａｎｅ", "Jane was there", "Jane"),
    ("#JaneDoe", "Jane Doe was there", "Jane Doe"),
])
def test_accept_term_on_a_disguised_form_decides_the_plain_one(
    archive: Archive, decided: str, other: str, written: str
) -> None:
    own = add_post(archive, f"I saw {decided} today", find=[(decided, "PERSON", "pending")])
    plain = add_post(archive, other, find=[(written, "PERSON", "pending")])
    changed = archive.review.decide_term(decided, "accepted")
    assert changed >= 2
    assert _status(archive, own) == ["accepted"] and _status(archive, plain) == ["accepted"]


def test_reject_term_on_the_plain_form_rejects_the_disguised_one(archive: Archive) -> None:
    pid = add_post(archive, "J e s s i c a was there", find=[("J e s s i c a", "PERSON", "pending")])
    assert archive.review.decide_term("Jessica", "rejected") == 1
    assert _status(archive, pid) == ["rejected"]


def test_accepted_and_always_listed_name_is_not_exported_in_a_joined_form(archive: Archive, tmp_path: Path) -> None:
    add_post(archive, "Jessica Miller hurt me", find=[("Jessica Miller", "PERSON", "pending")])
    joined = add_post(archive, "it was Jessica_Miller who did it")
    rv = archive.review
    rv.decide_term("Jessica Miller", "accepted")
    rv.add_term("Jessica Miller", "always")
    # the archive's own redacted text (what search shows) no longer has it
    assert "Jessica_Miller" not in (archive.get_post(joined).redacted_text or "")
    result = archive.exporter().export(ExportOptions(format="jsonl"), tmp_path / "out.jsonl")
    body = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert result.exported == 2
    assert "Jessica_Miller" not in body and "Miller" not in body


def test_the_leak_check_knows_every_form_of_a_confirmed_name(archive: Archive) -> None:
    add_post(archive, "Jessica Miller hurt me", find=[("Jessica Miller", "PERSON")])
    known = KnownIdentifiers.from_archive(sql(archive))
    for form in ("it was Jessica_Miller who did it", "ask jessica.miller", "#JessicaMiller",
                 "Jes\u200bsica Miller", "Jessica <b>Miller</b>", "𝓙𝓮𝓼𝓼𝓲𝓬𝓪 𝓜𝓲𝓵𝓵𝓮𝓻", "J.Miller did it"):
        assert known.find(form), form
    assert not known.find("Jessica Millerson and Miller Lite")


def test_forget_term_removes_the_disguised_forms_from_stored_originals(archive: Archive) -> None:
    forms = ["it was Jessica_Miller", "Jessica <b>Miller</b> said", "Jes\u200bsica Miller again",
             "ask jessica dot miller", "𝓙𝓮𝓼𝓼𝓲𝓬𝓪 𝓜𝓲𝓵𝓵𝓮𝓻 too"]
    ids = [add_post(archive, text) for text in forms]
    keep = add_post(archive, "Millerson is someone else")
    archive.forget.term("Jessica Miller")
    for pid in ids:
        text = archive.get_post(pid).text
        assert "jessica" not in text.casefold().replace("\u200b", "") and "miller" not in text.casefold(), text
        assert "𝓙" not in text
    assert archive.get_post(keep).text == "Millerson is someone else"
    pages = decrypted_pages(archive)
    assert count_token(pages, "jessica_miller") == 0 and count_token(pages, "sica miller") == 0


DISGUISED = ["it was Jessica_Miller", "so JessicaMiller again", "𝓙𝓮𝓼𝓼𝓲𝓬𝓪 𝓜𝓲𝓵𝓵𝓮𝓻 knows", "Jes\u200bsica Miller lied",
             "J e s s i c a  M i l l e r", "Jessica <b>Miller</b> said", "ask jessica dot miller", "J.Miller did"]


def test_accept_term_propagates_to_every_disguised_form(archive: Archive) -> None:
    add_post(archive, "Jessica Miller hurt me", find=[("Jessica Miller", "PERSON", "pending")])
    ids = [add_post(archive, text) for text in DISGUISED]
    archive.review.decide_term("Jessica Miller", "accepted")
    for pid, text in zip(ids, DISGUISED):
        redacted = archive.get_post(pid).redacted_text or ""
        assert "iller" not in redacted and "𝓜" not in redacted, (text, redacted)


def test_scrub_propagates_a_confirmed_name_to_every_disguised_form(archive: Archive) -> None:
    from safe_archive.core.scrubbing.service import ArchiveScrubber
    from safe_archive.core.model import Finding

    first = add_post(archive, "Jessica Miller hurt me", scrubbed=False)
    ids = [add_post(archive, text, scrubbed=False) for text in DISGUISED]

    def scrub_fn(inputs, known, policy):  # type: ignore[no-untyped-def]
        # a stand-in engine that finds (and confirms, score 0.9) only the plain name
        return [[Finding(0, 14, "PERSON", 0.9, "test", "Jessica Miller")]
                if i.text.startswith("Jessica Miller") else [] for i in inputs]

    archive.scrubber(scrub_fn=scrub_fn).scrub([first, *ids])
    for pid, text in zip(ids, DISGUISED):
        redacted = archive.get_post(pid).redacted_text or ""
        assert "iller" not in redacted and "𝓜" not in redacted, (text, redacted)
