"""The Terms view's core: distinct flagged terms, decisions on all occurrences, and undo."""

from __future__ import annotations

import json

import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.review.review import Review
from safe_archive.core.review.terms import finding_ids, term_summaries
from safe_archive.core.review.undo import DecisionJournal, UndoableReview
from tests.export.helpers import add_post


def _three_posts(archive: Archive) -> tuple[int, int, int]:
    a = add_post(archive, "Marisol said no to Dana.", find=[("Marisol", "PERSON", "pending"), ("Dana", "PERSON", "pending")])
    b = add_post(archive, "@marisol again", find=[("@marisol", "USERNAME", "pending")])
    c = add_post(archive, "Nobody flagged MARISOL here.")
    return a, b, c


def test_terms_group_by_canonical_form_with_counts_labels_and_contexts(archive: Archive) -> None:
    a, b, _c = _three_posts(archive)
    terms = archive.review.term_summaries()
    assert [(t.key, t.count, t.post_count) for t in terms] == [("marisol", 2, 2), ("dana", 1, 1)]
    marisol = terms[0]
    assert dict(marisol.labels) == {"PERSON": 1, "USERNAME": 1} and marisol.label == "PERSON"
    assert marisol.score_min <= marisol.score_max
    assert sum(marisol.sources.values()) == 2
    assert [c.post_id for c in marisol.contexts] == [a, b]
    assert marisol.contexts[0].term == "Marisol" and marisol.contexts[0].after == "said no to Dana."
    assert archive.review.term_summaries(entity_type="USERNAME")[0].key == "marisol"
    assert archive.review.term_summaries(min_score=2.0) == []


def test_accept_a_term_then_undo_restores_statuses_and_text(archive: Archive) -> None:
    a, b, c = _three_posts(archive)
    journal = DecisionJournal()
    rv = archive.undoable_review(journal)
    before = {p: archive.get_post(p).redacted_text for p in (a, b, c)}
    marisol = archive.review.term_summaries()[0]
    outcome = rv.decide_findings(archive.review.term_finding_ids(marisol), "accepted", term=marisol.key)
    assert (outcome.decided, outcome.added, outcome.posts) == (2, 1, 3)
    assert "MARISOL" not in archive.get_post(c).redacted_text
    assert archive.review.term_summaries()[0].key == "dana"  # no longer pending
    step = rv.undo()
    assert step is not None and not journal.can_undo()
    assert {p: archive.get_post(p).redacted_text for p in (a, b, c)} == before
    assert [f.status for f in archive.review.findings(a)] == ["pending", "pending"]
    assert archive.review.findings(c) == []  # the propagated finding is gone again
    assert rv.undo() is None
    log = json.dumps([(e.action, e.details) for e in archive.audit_entries(limit=2)]).lower()
    assert "review.undo" in log and "review.accept-term" in log and "marisol" not in log


def test_not_a_name_rejects_everywhere_adds_the_never_list_and_undoes(archive: Archive) -> None:
    a, b, _c = _three_posts(archive)
    rv = archive.undoable_review(DecisionJournal())
    marisol = archive.review.term_summaries()[0]
    rv.decide_findings(archive.review.term_finding_ids(marisol), "not-a-name", term="Marisol")
    assert archive.review.term_list("never") == [("marisol", None)]
    assert archive.get_post(a).redacted_text.startswith("Marisol said no")
    assert archive.get_post(b).redacted_text == "@marisol again"
    rv.undo()
    assert archive.review.term_list("never") == []
    assert archive.get_post(b).redacted_text != "@marisol again"


def test_single_decisions_undo_last_first(archive: Archive) -> None:
    a, _b, _c = _three_posts(archive)
    rv = archive.undoable_review(DecisionJournal())
    first, second = archive.review.findings(a)
    rv.decide(first.id, "accepted")
    rv.decide(second.id, "rejected")
    rv.undo()
    assert [f.status for f in archive.review.findings(a)] == ["accepted", "pending"]
    rv.undo()
    assert [f.status for f in archive.review.findings(a)] == ["pending", "pending"]


def test_bad_decisions_are_refused(archive: Archive) -> None:
    rv = archive.undoable_review(DecisionJournal())
    with pytest.raises(SafeArchiveError):
        rv.decide_findings([1], "maybe")
    with pytest.raises(SafeArchiveError):
        rv.decide_findings([], "accepted")
    with pytest.raises(SafeArchiveError):
        rv.decide_findings([999], "accepted")
