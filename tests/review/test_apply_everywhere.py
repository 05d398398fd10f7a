"""The app's "Accept this term everywhere" (Shift+A) on a disguised form (issue 14): the GUI
groups the selected finding's term by its canonical key, decides every finding of that key
and marks the occurrences the scrub missed, through the undoable review."""

from __future__ import annotations

import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.redaction.canonical import match_key, term_key
from safe_archive.core.review.undo import DecisionJournal
from tests.dbutil import sql
from tests.export.helpers import add_post


def _statuses(archive: Archive, post_id: int) -> list[tuple[str, str]]:
    return [(str(s), str(src)) for s, src in sql(archive).execute(
        "SELECT status, source FROM findings WHERE post_id = ? ORDER BY start", (post_id,))]


@pytest.mark.parametrize(("selected", "written"), [("𝓙𝓪𝓷𝓮", "Jane"), ("Ｊａｎｅ", "Jane"), ("#JaneDoe", "Jane Doe"),
                                                  ("janedoe", "Jane Doe")])
def test_accept_everywhere_from_a_disguised_form(archive: Archive, selected: str, written: str) -> None:
    own = add_post(archive, f"I saw {selected} today", find=[(selected, "PERSON", "pending")])
    other = add_post(archive, f"{written} was there", find=[(written, "PERSON", "pending")])
    missed = add_post(archive, f"later {written.replace(' ', '_').lower()} wrote again")
    unrelated = add_post(archive, "Janet was elsewhere", find=[("Janet", "PERSON", "pending")])

    key = term_key(selected)  # what the GUI's decide_all looks the selected finding up by
    summary = next(t for t in archive.review.term_summaries(status=None, contexts=0)
                   if match_key(t.key) == match_key(key))
    ids = archive.review.term_finding_ids(summary, status=None)
    outcome = archive.undoable_review(DecisionJournal()).decide_findings(ids, "accepted", term=summary.key)

    assert _statuses(archive, own) == [("accepted", "test")]
    assert _statuses(archive, other) == [("accepted", "test")]
    assert _statuses(archive, missed) == [("accepted", "propagated")]
    assert _statuses(archive, unrelated) == [("pending", "test")]
    assert outcome.decided == 2 and outcome.added == 1
    for pid in (other, missed):
        assert "jane" not in (archive.get_post(pid).redacted_text or "").casefold()


def test_the_terms_view_shows_one_term_for_forms_differing_in_word_breaks(archive: Archive) -> None:
    for text, term in (("#JaneDoe said", "#JaneDoe"), ("janedoe said", "janedoe"), ("Jane Doe said", "Jane Doe")):
        add_post(archive, text, find=[(term, "PERSON", "pending")])
    summaries = archive.review.term_summaries(contexts=3)
    assert [(t.key, t.count, t.post_count, len(t.contexts)) for t in summaries] == [("jane doe", 3, 3, 3)]


@pytest.mark.parametrize("written", ["Jane Doe was there", "it was jane_doe", "JaneDoe again", "J.Doe wrote"])
def test_accepting_a_run_together_term_finds_its_spaced_forms(archive: Archive, written: str) -> None:
    """The full-text pre-filter asks for a one-word term split in two, as the matcher finds it."""
    add_post(archive, "ask janedoe", find=[("janedoe", "PERSON", "pending")])
    pid = add_post(archive, written)
    archive.review.decide_term("janedoe", "accepted")
    expected = [] if written.startswith("J.") else [("accepted", "propagated")]  # one word: no initials
    assert _statuses(archive, pid) == expected
