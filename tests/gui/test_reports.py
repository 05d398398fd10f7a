"""The audit log and archive check in plain words."""

from __future__ import annotations

from safe_archive.core.archive import VerifyReport
from safe_archive.gui.reports import describe_action, describe_details, verify_summary, when


def test_audit_entries_read_as_sentences() -> None:
    assert describe_action("review.accept-term") == "Accepted a term everywhere"
    assert describe_action("something.new-thing") == "Something: new thing"
    details = {"findings": 1, "posts": 3, "term_hash": "ab12", "propagated": 0, "entity_type": "PERSON"}
    assert describe_details(details) == "entity type: PERSON; 1 finding; 3 posts"
    assert when("2026-12-05T00:01:14+00:00") == "2026-12-05 00:01 UTC"


def test_a_failed_check_says_what_it_means_and_what_to_do() -> None:
    report = VerifyReport(ok=False, checks=[("page authentication", False, "3 page(s) fail authentication"),
                                           ("posts", True, "12 stored")])
    title, text = verify_summary(report)
    assert title == "Archive check: PROBLEMS FOUND"
    assert "✗ Some stored pages are damaged" in text and "✓ 12 posts stored." in text
    assert "Restore your most recent backup" in text
