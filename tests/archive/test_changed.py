"""The one "changed" signal (issue 14): every committed write reaches subscribers once, with
what it changed; a rolled-back write reaches nobody."""

from __future__ import annotations

from pathlib import Path

import pytest

from safe_archive.core.archive import Archive, Changes
from tests.archive.conftest import write_jsonl
from tests.dbutil import sql, transaction
from tests.export.helpers import add_post, new_archive


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    arch = new_archive(tmp_path / "archive")
    yield arch  # type: ignore[misc]
    arch.close()


def listen(archive: Archive) -> list[Changes]:
    seen: list[Changes] = []
    archive.changed.connect(seen.append)
    return seen


def test_a_review_accept_notifies_once_with_findings_and_the_post(archive: Archive) -> None:
    pid = add_post(archive, "Hope met Dana", find=[("Dana", "PERSON", "pending")])
    archive.review.findings(pid)  # a read: nothing to tell
    seen = listen(archive)
    (dana,) = archive.review.findings(pid)
    archive.review.accept(dana.id)
    assert seen == [Changes(frozenset({"findings", "posts"}), frozenset({pid}))]


def test_a_collection_add_notifies_once_with_collections(archive: Archive) -> None:
    pid = add_post(archive, "rain in spring")
    archive.collections.create("mine")
    seen = listen(archive)
    archive.collections.add("mine", [pid])
    assert [c.kinds for c in seen] == [frozenset({"collections"})]


def test_an_import_notifies_once_at_its_end(archive: Archive, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": f"p{i}", "text": f"post {i}"} for i in range(12)])
    seen = listen(archive)
    summary = archive.import_files([source])
    assert summary.files[0].imported == 12
    assert len(seen) == 1
    assert {"posts", "batches"} <= seen[0].kinds
    stored = {int(r[0]) for r in sql(archive).execute("SELECT id FROM posts")}
    assert seen[0].post_ids == frozenset(stored)


def test_a_rolled_back_write_notifies_nobody(archive: Archive) -> None:
    pid = add_post(archive, "Hope met Dana")
    seen = listen(archive)
    with pytest.raises(RuntimeError), transaction(archive) as conn:
        conn.execute("UPDATE posts SET review_status='reviewed' WHERE id=?", (pid,))
        raise RuntimeError("abort")
    assert seen == []
    assert sql(archive).execute("SELECT review_status FROM posts WHERE id=?", (pid,)).fetchone()[0] != "reviewed"


def test_a_write_that_names_nothing_is_announced_as_everything(archive: Archive) -> None:
    pid = add_post(archive, "Hope met Dana")
    seen = listen(archive)
    with transaction(archive) as conn:
        conn.execute("UPDATE posts SET review_status='reviewed' WHERE id=?", (pid,))
    assert len(seen) == 1 and seen[0].touches("posts", "findings") and seen[0].post_ids is None


def test_a_disconnected_subscriber_hears_nothing(archive: Archive) -> None:
    seen = listen(archive)
    archive.changed.disconnect(seen.append)
    archive.set_setting("x", 1)
    assert seen == []


def test_an_import_with_its_scrub_notifies_once(archive: Archive, tmp_path: Path) -> None:
    from safe_archive.core.scrubbing.service import ScrubPlan

    source = write_jsonl(tmp_path / "in.jsonl", [{"id": f"p{i}", "text": f"post {i}"} for i in range(5)])
    seen = listen(archive)
    summary = archive.import_files([source], scrub=ScrubPlan(scrub_fn=lambda inputs, known, policy: [[] for _ in inputs]))
    assert summary.scrub is not None and summary.scrub.scrubbed == 5
    assert len(seen) == 1 and {"posts", "batches", "findings"} <= seen[0].kinds


def test_a_per_post_change_names_its_posts_or_says_it_cannot(archive: Archive) -> None:
    a, b = add_post(archive, "one"), add_post(archive, "two")
    seen = listen(archive)
    archive.review.mark_reviewed([a])
    archive.review.add_tag([a, b], "first")
    with transaction(archive) as conn:  # names nothing: every kind, any post
        conn.execute("UPDATE posts SET review_status='unreviewed'")
    assert [c.post_ids for c in seen] == [frozenset({a}), frozenset({a, b}), None]
    assert seen[1].kinds == frozenset({"tags"})
