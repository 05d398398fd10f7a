"""The archive side of scrubbing: storage, pseudonyms, decisions, policy versions, resume,
propagation. A deterministic fake detector stands in for the NLP pipeline (one real-engine
test at the end)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.scrubbing.service import ArchiveScrubber, ScrubPlan
from safe_archive.core.errors import Cancelled
from safe_archive.core.model import Finding, Mention, Post
from safe_archive.core.progress import CancelToken, ProgressEvent
from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput
from safe_archive.core.scrub.policy import Action, Policy
from tests.dbutil import sql

NAMES = {"Jake Smith": 0.95, "Maria": 0.6}
_AT = re.compile(r"@\w+")


class FakeDetector:
    """Finds fixed names, @handles and every known handle/term; counts calls."""

    def __init__(self) -> None:
        self.calls = 0
        self.seen: list[int] = []

    def __call__(self, inputs: Sequence[ScrubInput], known: KnownIdentifiers, policy: Policy) -> list[list[Finding]]:
        self.calls += 1
        out = []
        for inp in inputs:
            found: list[Finding] = []
            for name, score in NAMES.items():
                for m in re.finditer(re.escape(name), inp.text):
                    found.append(Finding(m.start(), m.end(), "PERSON", score, "fake-ner", m.group()))
            for m in _AT.finditer(inp.text):
                found.append(Finding(m.start(), m.end(), "USERNAME", 0.9, "fake-handle", m.group()))
            for m in re.finditer(r"\b1[0-9]\b", inp.text):
                found.append(Finding(m.start(), m.end(), "AGE", 0.6, "fake-age", m.group()))
            for handle in known.handles:
                for m in re.finditer(r"(?<![@\w])" + re.escape(handle) + r"(?!\w)", inp.text, re.I):
                    found.append(Finding(m.start(), m.end(), "USERNAME", 0.9, "known", m.group()))
            out.append(found)
            self.seen.append(len(inp.text))
        return out


def _post(i: int, text: str, handle: str = "writer", name: str | None = None, mentions: Sequence[Mention] = ()) -> Post:
    return Post(platform="t", source_id=str(i), text=text, author_handle=handle, author_name=name, mentions=list(mentions))


@pytest.fixture
def archive(make_archive: Callable[..., Archive]) -> Archive:
    a = make_archive()
    a.add_posts([
        _post(1, "Jake Smith hurt me when I was 13. @jake_s knows.", handle="amy"),
        _post(2, "I told Maria about it 😀 and Maria listened.", handle="jake_s", name="Jake Smith"),
        _post(3, "nothing identifying here at all"),
        _post(4, "ask jake_s, he saw it"),
    ])
    return a


def _redacted(archive: Archive, pid: int) -> str:
    text = archive.get_post(pid).redacted_text
    assert text is not None
    return text


def test_scrub_stores_findings_redacted_text_and_version(archive: Archive) -> None:
    detector = FakeDetector()
    scrubber = archive.scrubber(scrub_fn=detector)
    assert scrubber.pending_count() == 4
    summary = scrubber.scrub()
    assert summary.scrubbed == 4 and summary.remaining == 0
    assert scrubber.pending_count() == 0
    # The account's handle and display name share one label; the age is generalised.
    assert _redacted(archive, 1) == "[PERSON_1] hurt me when I was [age 12–14]. [PERSON_1] knows."
    assert "Maria" not in _redacted(archive, 2) and "😀" in _redacted(archive, 2)
    assert _redacted(archive, 3) == "nothing identifying here at all"
    # A bare handle known from metadata is found in any post.
    assert _redacted(archive, 4) == "ask [PERSON_1], he saw it"
    # Default search runs on the redacted text only.
    assert archive.search("jake").total == 0
    assert archive.search("person_1").total == 2
    assert archive.search("jake", original=True).total >= 1
    assert archive.scrubber(scrub_fn=detector).scrub().scrubbed == 0  # nothing left to do


def test_pseudonyms_are_stable_across_runs(archive: Archive, tmp_path: Path) -> None:
    archive.scrubber(scrub_fn=FakeDetector()).scrub()
    first = _redacted(archive, 2)
    new_id = archive.add_posts([_post(10, "Maria again", handle="someone_else")]).added_ids[0]
    archive.scrubber(scrub_fn=FakeDetector()).scrub()
    label = re.search(r"\[PERSON_\d+\]", first)
    assert label is not None
    assert _redacted(archive, new_id) == f"{label.group()} again"
    rows = sql(archive).execute("SELECT term_key FROM pseudonyms").fetchall()
    assert all(isinstance(r[0], bytes) and b"maria" not in r[0].lower() for r in rows)  # keyed hashes, not terms


def test_review_decisions_survive_a_rescrub(archive: Archive) -> None:
    from safe_archive.core.review.review import Review

    scrubber = archive.scrubber(scrub_fn=FakeDetector())
    scrubber.scrub()
    maria = sql(archive).execute(
        "SELECT id FROM findings WHERE post_id = 2 AND term = 'maria' ORDER BY start LIMIT 1"
    ).fetchone()[0]
    archive.review.reject(maria)
    scrubber.scrub(archive.post_ids(limit=100))
    statuses = sql(archive).execute(
        "SELECT status FROM findings WHERE post_id = 2 AND term = 'maria' ORDER BY start"
    ).fetchall()
    assert [s[0] for s in statuses] == ["rejected", "pending"]
    assert _redacted(archive, 2).startswith("I told Maria about it")


def test_cancel_keeps_finished_batches_and_resume_finishes(archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    import safe_archive.core.scrubbing.service as scrubbing

    monkeypatch.setattr(scrubbing, "BATCH", 1)
    token = CancelToken()
    events: list[ProgressEvent] = []

    def progress(event: ProgressEvent) -> None:
        events.append(event)
        if event.done == 2:
            token.cancel()

    summary = archive.scrubber(scrub_fn=FakeDetector()).scrub(progress=progress, cancel=token)
    assert summary.cancelled and summary.scrubbed == 2 and summary.remaining == 2
    assert events[-1].total == 4
    again = archive.scrubber(scrub_fn=FakeDetector())
    assert again.pending_count() == 2
    assert again.scrub().scrubbed == 2
    assert again.pending_count() == 0


def test_action_change_rerenders_without_redetecting(archive: Archive) -> None:
    detector = FakeDetector()
    scrubber = archive.scrubber(scrub_fn=detector)
    scrubber.scrub()
    calls = detector.calls
    _, policy = scrubber.policy()
    scrubber.set_policy(policy.with_rule("AGE", Action.REDACT))
    assert detector.calls == calls
    assert scrubber.pending_count() == 0
    assert "was ██." in _redacted(archive, 1)
    assert scrubber.policy()[0] == 2
    # A threshold change needs re-detection of every post.
    scrubber.set_policy(scrubber.policy()[1].with_rule("PERSON", Action.PSEUDONYM, threshold=0.9))
    assert scrubber.pending_count() == 4
    actions = [e.action for e in archive.audit_entries()]
    assert actions.count("policy-change") == 2


def test_confirmed_term_is_propagated_to_every_post(make_archive: Callable[..., Archive]) -> None:
    archive = make_archive()
    archive.add_posts([
        _post(1, "later I heard jake smith say it again", handle="author_one"),  # lower case: the fake misses it
        _post(2, "Jake Smith did it", handle="author_two"),  # found with a high score
    ])
    archive.scrubber(scrub_fn=FakeDetector()).scrub()
    assert _redacted(archive, 2) == "[PERSON_1] did it"
    assert _redacted(archive, 1) == "later I heard [PERSON_1] say it again"
    source = sql(archive).execute("SELECT source FROM findings WHERE post_id = 1").fetchone()[0]
    assert source == "propagated"


def test_low_score_terms_are_not_propagated(make_archive: Callable[..., Archive]) -> None:
    archive = make_archive()
    archive.add_posts([_post(1, "Maria said", handle="author_one"), _post(2, "maria is a common word here", handle="author_two")])
    archive.scrubber(scrub_fn=FakeDetector()).scrub()
    assert _redacted(archive, 2) == "maria is a common word here"


def test_import_scrubs_new_posts_through_its_scrub_step(make_archive: Callable[..., Archive], tmp_path: Path) -> None:
    archive = make_archive()
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "1", "author": "x", "text": "Jake Smith was there"}) + "\n")
    archive.import_files([src], scrub=ScrubPlan(scrub_fn=FakeDetector()))
    assert _redacted(archive, 1) == "[PERSON_1] was there"


def test_cancelled_error_type_is_ours() -> None:
    assert issubclass(Cancelled, Exception)


@pytest.mark.timeout(300)
def test_real_engine_through_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI import loads the real pipeline and scrubs new posts; search sees only redactions."""
    from safe_archive.cli.main import main

    monkeypatch.setenv("SAFE_ARCHIVE_PASSPHRASE", "real engine test")
    folder = tmp_path / "a"
    assert main(["init", str(folder)]) == 0
    src = tmp_path / "posts.jsonl"
    src.write_text(
        json.dumps({"id": "1", "author": "kim_r", "text": "@kim_r was 14 when it happened, email kim.r@example.com"}) + "\n"
        + json.dumps({"id": "2", "author": "lee", "text": "thank you kim_r for speaking up #MeToo"}) + "\n"
    )
    assert main(["import", str(folder), str(src)]) == 0
    capsys.readouterr()
    assert main(["search", str(folder), "kim_r OR example", "--json"]) == 0
    assert capsys.readouterr().out.strip() == ""
    assert main(["search", str(folder), "metoo", "--json"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(hits) == 1 and "kim_r" not in hits[0]["snippet"]


def test_rerender_works_on_a_never_scrubbed_archive(make_archive: Callable[..., Archive]) -> None:
    """The pseudonym key is created outside the re-render transaction (no nested BEGIN)."""
    archive = make_archive()
    pid = archive.add_posts([_post(1, "Jake Smith was here", handle="someone")]).added_ids[0]
    sql(archive).execute(
        "INSERT INTO findings(post_id, start, end, entity_type, score, source, term) VALUES (?, 0, 10, 'PERSON', 1.0, 'manual', 'jake smith')",
        (pid,),
    )
    assert archive.scrubber(scrub_fn=FakeDetector()).rerender([pid]) == 1
    assert _redacted(archive, pid) == "[PERSON_1] was here"


def test_one_scrubber_across_import_batches_knows_later_authors(make_archive: Callable[..., Archive]) -> None:
    """The identifiers are read once and extended by later posts, as an import calls
    scrub() once per batch: a bare handle from the second batch's metadata is still found."""
    archive = make_archive()
    scrubber = archive.scrubber(scrub_fn=FakeDetector())
    first = archive.add_posts([_post(1, "first batch, nothing here", handle="early_author")]).added_ids
    scrubber.scrub(first)
    second = archive.add_posts([
        _post(2, "a reply", handle="late_author", mentions=[Mention(handle="mentioned_later")]),
        _post(3, "ask late_author or mentioned_later or early_author", handle="someone_else"),
    ]).added_ids
    scrubber.scrub(second)
    redacted = _redacted(archive, second[1])
    labels = re.fullmatch(r"ask (\[PERSON_\d+\]) or (\[PERSON_\d+\]) or (\[PERSON_\d+\])", redacted)
    assert labels is not None, redacted
    assert len(set(labels.groups())) == 3
