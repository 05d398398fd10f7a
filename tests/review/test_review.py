"""Review decisions, labels, tags, notes, edited text, term lists, collections, saved searches."""

from __future__ import annotations

import json

import pytest

from safe_archive.core.archive import Archive, Changes
from safe_archive.core.errors import QueryError, SafeArchiveError
from safe_archive.core.review.collections import Collections, SavedSearches
from safe_archive.core.review.review import Review
from tests.export.helpers import add_post


def audit_text(archive: Archive) -> str:
    return json.dumps([(e.action, e.details) for e in archive.audit_entries()])


def test_accept_and_reject_one_finding_rerenders_redacted_text(archive: Archive) -> None:
    pid = add_post(archive, "Hope met Dana at the park", find=[("Hope", "PERSON", "pending"), ("Dana", "PERSON", "pending")])
    rv = archive.review
    hope, dana = rv.findings(pid)
    assert archive.get_post(pid).redacted_text == "[PERSON] met [PERSON] at the park"  # pending: redacted
    seen: list[Changes] = []
    archive.changed.connect(seen.append)
    rv.reject(hope.id)
    rv.accept(dana.id)
    assert [(c.kinds, c.post_ids) for c in seen] == [(frozenset({"findings", "posts"}), frozenset({pid}))] * 2
    assert archive.get_post(pid).redacted_text == "Hope met [PERSON] at the park"
    assert [f.status for f in rv.findings(pid)] == ["rejected", "accepted"]
    assert rv.pending_count() == 0
    actions = [e.action for e in archive.audit_entries(limit=2)]
    assert actions == ["review.accept", "review.reject"]
    assert "Dana" not in audit_text(archive) and "Hope" not in audit_text(archive)


def test_decide_term_updates_every_occurrence_and_propagates(archive: Archive) -> None:
    a = add_post(archive, "Marisol said no.", find=[("Marisol", "PERSON", "pending")])
    b = add_post(archive, "marisol again", find=[("marisol", "PERSON", "pending")])
    c = add_post(archive, "Nobody flagged MARISOL here.")  # the scrubber missed this one
    n = archive.review.decide_term("Marisol", "accepted", entity_type="PERSON")
    assert n == 3
    assert "[PERSON]" in archive.get_post(c).redacted_text
    assert all(f.status == "accepted" for p in (a, b) for f in archive.review.findings(p))
    assert archive.review.findings(c)[0].source == "propagated"
    entry = archive.audit_entries(limit=1)[0]
    assert entry.action == "review.accept-term" and entry.details["propagated"] == 1
    assert "marisol" not in audit_text(archive).lower()
    assert archive.review.decide_term("marisol", "rejected") == 3
    assert archive.get_post(c).redacted_text == "Nobody flagged MARISOL here."


def test_manual_span_and_validation(archive: Archive) -> None:
    text = "🙂 Tobias lives on Elm Road"
    pid = add_post(archive, text)
    start = text.index("Elm Road")
    fid = archive.review.add_manual(pid, start, start + len("Elm Road"), "location")
    assert archive.get_post(pid).redacted_text == "🙂 Tobias lives on [LOCATION]"
    assert archive.review.findings(pid)[0].id == fid
    with pytest.raises(SafeArchiveError) as err:
        archive.review.add_manual(pid, 5, 500, "PERSON")
    assert "Tobias" not in str(err.value)
    with pytest.raises(SafeArchiveError):
        archive.review.add_manual(pid, 0, 2, "not a type!")


def test_mark_reviewed_and_status_filter(archive: Archive) -> None:
    a = add_post(archive, "first")
    add_post(archive, "second")
    archive.review.mark_reviewed([a])
    assert archive.get_post(a).review_status == "reviewed"
    assert archive.search("status:reviewed").total == 1
    assert archive.search("status:unreviewed").total == 1
    archive.review.mark_reviewed([a], reviewed=False)
    assert archive.search("status:reviewed").total == 0


def test_labels_validate_and_consent_is_exclusive(archive: Archive) -> None:
    pid = add_post(archive, "text")
    rv = archive.review
    rv.set_label([pid], "credit-me")
    rv.set_label([pid], "embargo-until", "2030-01-01")
    assert [(lb.name, lb.value) for lb in rv.labels(pid)] == [("credit-me", None), ("embargo-until", "2030-01-01")]
    rv.set_label([pid], "anonymize-me")  # the default: removes credit-me
    assert [lb.name for lb in rv.labels(pid)] == ["embargo-until"]
    with pytest.raises(SafeArchiveError):
        rv.set_label([pid], "embargo-until", "next week")
    with pytest.raises(SafeArchiveError):
        rv.set_label([pid], "embargo-until")
    with pytest.raises(SafeArchiveError):
        rv.set_label([pid], "no-such-label")
    with pytest.raises(SafeArchiveError):
        rv.set_label([pid], "do-not-export", "2020-01-01")
    rv.remove_label([pid], "embargo-until")
    assert rv.labels(pid) == []


def test_credit_me_keeps_the_authors_own_name(archive: Archive) -> None:
    pid = add_post(archive, "I am Rosalind and Victor hurt me", handle="rosalind_k", name="Rosalind",
                   find=[("Rosalind", "PERSON"), ("Victor", "PERSON")])
    archive.review.set_label([pid], "credit-me")
    assert archive.get_post(pid).redacted_text == "I am Rosalind and [PERSON] hurt me"
    archive.review.remove_label([pid], "credit-me")
    assert archive.get_post(pid).redacted_text == "I am [PERSON] and [PERSON] hurt me"


def test_remove_location_redacts_rejected_locations(archive: Archive) -> None:
    pid = add_post(archive, "It happened in Leeds", find=[("Leeds", "LOCATION", "rejected")])
    assert archive.get_post(pid).redacted_text == "It happened in Leeds"
    archive.review.set_label([pid], "remove-location")
    assert archive.get_post(pid).redacted_text == "It happened in [LOCATION]"


def test_tags_notes_and_edited_text(archive: Archive) -> None:
    pid = add_post(archive, "a post")
    rv = archive.review
    rv.add_tag([pid], "#Workplace")
    rv.add_tag([pid], "school")
    assert rv.tags(pid) == ["school", "workplace"]
    assert archive.search("tag:workplace").total == 1
    rv.remove_tag([pid], "school")
    assert rv.tags(pid) == ["workplace"]
    with pytest.raises(SafeArchiveError):
        rv.add_tag([pid], "two words")
    nid = rv.add_note(pid, "memo: check consent")
    assert rv.notes(pid)[0][0] == nid and rv.notes(pid)[0][2] == "memo: check consent"
    rv.delete_note(nid)
    assert rv.notes(pid) == []
    rv.set_edited_text(pid, "a paraphrase")
    assert rv.edited_text(pid) == "a paraphrase"
    rv.set_edited_text(pid, None)
    assert rv.edited_text(pid) is None
    assert "memo" not in audit_text(archive) and "paraphrase" not in audit_text(archive)


def test_term_lists(archive: Archive) -> None:
    pid = add_post(archive, "Grandpa Joe and Lulu", find=[("Lulu", "PERSON")])
    rv = archive.review
    rv.add_term("Grandpa Joe", "always", "PERSON")
    assert archive.get_post(pid).redacted_text == "[PERSON] and [PERSON]"
    rv.add_term("Lulu", "never")
    assert archive.get_post(pid).redacted_text == "[PERSON] and Lulu"
    assert rv.term_list("always") == [("grandpa joe", "PERSON")]
    assert rv.term_list("never") == [("lulu", None)]
    rv.remove_term("Grandpa Joe", "always")
    rv.remove_term("lulu", "never")
    assert archive.get_post(pid).redacted_text == "Grandpa Joe and [PERSON]"
    with pytest.raises(SafeArchiveError):
        rv.add_term("x", "sometimes")
    assert "grandpa" not in audit_text(archive).lower()


def test_collections_static_and_dynamic(archive: Archive) -> None:
    a = add_post(archive, "rain in spring")
    b = add_post(archive, "rain in autumn")
    add_post(archive, "sun")
    cols = archive.collections
    cols.create("mine", post_ids=[a])
    cols.add("mine", [b])
    cols.remove("mine", [a])
    assert cols.post_ids("mine") == [b]
    cols.create("rainy", query="rain")
    assert cols.post_ids("rainy") == [a, b]
    assert {(c.name, c.kind, c.count) for c in cols.list()} == {("mine", "static", 1), ("rainy", "dynamic", 2)}
    assert archive.search("collection:mine").total == 1
    assert archive.search("spring collection:rainy").total == 1
    with pytest.raises(SafeArchiveError):
        cols.add("rainy", [a])
    with pytest.raises(QueryError):
        cols.create("bad", query='"unclosed')
    with pytest.raises(SafeArchiveError):
        cols.create("mine")
    cols.delete("mine")
    with pytest.raises(QueryError):
        archive.search("collection:mine")


def test_saved_searches(archive: Archive) -> None:
    saved = archive.saved_searches
    saved.save("recent", "after:2020 tag:school")
    saved.save("recent", "after:2021")
    assert saved.list() == [("recent", "after:2021")]
    assert saved.get("recent") == "after:2021"
    with pytest.raises(QueryError):
        saved.save("bad", "before:yesterday")
    saved.delete("recent")
    with pytest.raises(SafeArchiveError):
        saved.get("recent")


def test_decisions_keep_the_scrub_policy_format(archive: Archive) -> None:
    """After the archive's scrub service rendered a post (policy generalisations, stable
    labels), a review decision re-renders it the same way, not as bare placeholders."""
    import re as _re

    from safe_archive.core.scrubbing.service import ArchiveScrubber
    from safe_archive.core.model import Finding

    text = "Ottilie hurt me when I was 13"

    def fake_scrub(inputs, known, policy):  # type: ignore[no-untyped-def]
        out = []
        for inp in inputs:
            found = []
            for word, etype in (("Ottilie", "PERSON"), ("13", "AGE")):
                for m in _re.finditer(word, inp.text):
                    found.append(Finding(m.start(), m.end(), etype, 0.9, "fake", word))
            out.append(found)
        return out

    pid = add_post(archive, text, scrubbed=False)
    archive.scrubber(scrub_fn=fake_scrub).scrub([pid])
    before = archive.get_post(pid).redacted_text
    assert before is not None and "Ottilie" not in before
    age = [f for f in archive.review.findings(pid) if f.entity_type == "AGE"][0]
    archive.review.accept(age.id)
    after = archive.get_post(pid).redacted_text
    assert after == before  # same policy rendering (e.g. a generalised age), not "[AGE]"
    person = [f for f in archive.review.findings(pid) if f.entity_type == "PERSON"][0]
    archive.review.reject(person.id)
    assert archive.get_post(pid).redacted_text.startswith("Ottilie hurt me")
