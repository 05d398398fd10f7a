"""kill -9 at random moments during SCRUB (SECURITY.md properties 6 and 8; issue 7).

Posts are imported with scrubbing off (as ``import --no-scrub``: no scrub step). A
driver subprocess then runs ``ArchiveScrubber.scrub`` — with a deterministic stand-in for the
NLP pipeline (``driver.fake_scrub``), or the real engine in the long run — printing "ACK n"
after each committed batch. The test kills it with SIGKILL after a random number of
acknowledgements (or during start-up) plus a random delay, then checks on the real files:

* the archive opens and ``verify`` passes;
* every acknowledged post is scrubbed with the current detection policy and has redacted text;
* no post is half-scrubbed. From the schema: a post is *scrubbed* when ``scrubbed_policy`` is
  set; then ``redacted_text`` is set too, and it is exactly what its findings and the policy
  render (re-rendering every scrubbed post changes nothing). An *unscrubbed* post
  (``scrubbed_policy`` NULL) has no findings and no redacted text. The scrubbed posts are a
  prefix, in id order, of whole batches (a batch commits findings, text and mark together);
* running the scrub again finishes, leaves 0 pending, stores no finding twice, and ends with
  the same findings and redacted text as a scrub that was never interrupted (propagation of
  confirmed names included);
* no leftover files beside the archive.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from safe_archive.core.archive import Archive
from safe_archive.core.scrubbing.service import ArchiveScrubber

from . import driver
from .conftest import PW, make_archive, trials, write_jsonl
from .test_crash import _kill_after, _leftovers, _start
from tests.dbutil import sql

N_POSTS = 1200
BATCH = 100


def _rows(n: int) -> list[dict[str, object]]:
    """Posts for the fake engine: a cased name (found at 0.95: confirmed) only in the first
    batch, its lower-case form (found only by propagation) all through; handles; plain posts."""
    out = []
    for i in range(n):
        if i == 5:
            text = f"post {i}: Jake Smith was there, and Dana saw it"
        elif i % 50 == 7:
            text = f"post {i}: later jake smith said it again, ask @witness{i % 3}"
        elif i % 9 == 0:
            text = f"post {i}: Maria Lopez told me, Dana too"
        else:
            text = f"post {i} about what happened " + "word " * (i % 30)
        out.append({"id": f"r{i}", "author": f"user{i % 37}", "created_at": "2021-03-04T05:06:07Z", "text": text})
    return out


def _template(folder: Path, source: Path) -> Path:
    make_archive(folder)
    with Archive.open(folder, PW) as archive:  # scrubbing off, as `import --no-scrub`
        archive.import_files([source])
        assert sql(archive).execute("SELECT count(*) FROM posts WHERE scrubbed_policy IS NULL").fetchone()[0] == N_POSTS
    return folder


def _final(archive: Archive) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    findings = sql(archive).execute(
        "SELECT p.source_id, f.start, f.end, f.entity_type, f.source, f.status, f.label FROM findings f "
        "JOIN posts p ON p.id = f.post_id ORDER BY p.source_id, f.start, f.end, f.entity_type").fetchall()
    posts = sql(archive).execute(
        "SELECT source_id, scrubbed_policy, redacted_text FROM posts ORDER BY source_id").fetchall()
    return findings, posts


def _scrubber(archive: Archive, engine: str) -> ArchiveScrubber:
    return archive.scrubber(scrub_fn=None if engine == "real" else driver.fake_scrub)


def _reference(template: Path, tmp_path: Path, engine: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The state after a scrub nobody interrupted (same batch size, same engine)."""
    from safe_archive.core.scrubbing import service as scrubbing

    folder = tmp_path / "reference"
    shutil.copytree(template, folder)
    old, scrubbing.BATCH = scrubbing.BATCH, BATCH
    try:
        with Archive.open(folder, PW) as archive:
            _scrubber(archive, engine).scrub()
            return _final(archive)
    finally:
        scrubbing.BATCH = old


def _check_scrub_trial(folder: Path, acked: int, engine: str, reference: object) -> tuple[int, bool]:
    """Returns (posts scrubbed at the kill, whether propagation was owed)."""
    from safe_archive.core.scrubbing import service as scrubbing

    with Archive.open(folder, PW) as archive:
        report = archive.verify()
        assert report.ok, report.lines()
        conn = sql(archive)
        scrubber = _scrubber(archive, engine)
        version = scrubber.detect_version()
        ids = [int(r[0]) for r in conn.execute("SELECT id FROM posts ORDER BY id")]
        marked = [int(r[0]) for r in conn.execute("SELECT id FROM posts WHERE scrubbed_policy IS NOT NULL ORDER BY id")]
        m = len(marked)
        assert m >= acked, f"acknowledged {acked} scrubbed posts but only {m} are marked"
        assert marked == ids[:m], "the scrubbed posts are not a prefix in id order"
        assert m % BATCH == 0 or m == N_POSTS, f"{m} posts marked: a batch was committed partially"
        assert conn.execute("SELECT count(*) FROM posts WHERE scrubbed_policy IS NOT NULL AND scrubbed_policy <> ?",
                            (version,)).fetchone()[0] == 0
        # Half-scrubbed, either way round.
        assert conn.execute("SELECT count(*) FROM posts WHERE scrubbed_policy IS NOT NULL AND redacted_text IS NULL"
                            ).fetchone()[0] == 0, "marked scrubbed without redacted text"
        assert conn.execute("SELECT count(*) FROM posts WHERE scrubbed_policy IS NULL AND (redacted_text IS NOT NULL "
                            "OR EXISTS (SELECT 1 FROM findings f WHERE f.post_id = posts.id))").fetchone()[0] == 0, \
            "findings or redacted text on a post not marked scrubbed"
        # Stored redacted text is exactly what the stored findings and the policy render.
        assert scrubber.rerender(marked) == 0, "redacted text inconsistent with its findings"
        owed = bool(archive.get_setting("scrub_propagation_pending", None))
        # Run again: finishes, nothing pending, nothing twice, same end state as uninterrupted.
        old, scrubbing.BATCH = scrubbing.BATCH, BATCH
        try:
            scrubber.scrub()
        finally:
            scrubbing.BATCH = old
        assert scrubber.pending_count() == 0
        dupes = conn.execute("SELECT post_id, start, end, entity_type, count(*) FROM findings "
                             "GROUP BY post_id, start, end, entity_type HAVING count(*) > 1").fetchall()
        assert dupes == [], f"findings stored twice: {dupes[:5]}"
        final = _final(archive)
        ref_findings, ref_posts = reference  # type: ignore[misc]
        assert final[0] == ref_findings, "findings differ from an uninterrupted scrub"
        assert final[1] == ref_posts, "redacted text differs from an uninterrupted scrub"
        again = archive.verify()
        assert again.ok, again.lines()
    assert _leftovers(folder) == set(), _leftovers(folder)
    return m, owed


def _run_scrub_kills(tmp_path: Path, n: int, seed: int, engine: str = "fake") -> Counter[str]:
    rng = random.Random(seed)
    source = write_jsonl(tmp_path / "posts.jsonl", _rows(N_POSTS))
    template = _template(tmp_path / "template", source)
    reference = _reference(template, tmp_path, engine)
    n_batches = N_POSTS // BATCH
    stats: Counter[str] = Counter()
    marked_at_kill: list[int] = []
    for trial in range(n):
        folder = tmp_path / f"t{trial}"
        shutil.copytree(template, folder)
        acks = rng.randint(-1, n_batches)
        delay = rng.uniform(0, 1.0) if acks < 0 else rng.choice([0.0, rng.uniform(0, 0.003), rng.uniform(0, 0.05)])
        proc = _start("scrub", folder, engine, BATCH)
        acked, done, killed = _kill_after(proc, acks, delay)
        stats["killed" if killed else "finished-before-kill"] += 1
        if killed:
            stats["during-startup" if acked == 0 else "after-all-batches" if acked == N_POSTS else "mid-scrub"] += 1
        marked, owed = _check_scrub_trial(folder, acked, engine, reference)
        marked_at_kill.append(marked)
        stats["propagation-owed-at-kill"] += owed
        shutil.rmtree(folder)
    print(f"\nscrub kill trials ({engine} engine): {n}; {dict(stats)}; scrubbed at kill (posts): "
          f"min {min(marked_at_kill)} max {max(marked_at_kill)} distinct {len(set(marked_at_kill))}")
    assert stats["killed"] >= n // 2, "most trials must really kill the driver mid-way"
    return stats


def test_killed_scrub_still_propagates_the_names_it_confirmed(tmp_path: Path) -> None:
    """SIGKILL while the driver waits after its first committed batch. That batch confirmed
    "Jake Smith" (0.95) and stored it; post r7 in it says "jake smith", which only propagation
    finds. Before: propagation ran only at the end of an uninterrupted run, so the re-run
    (whose posts hold no cased "Jake Smith") never propagated it and r7's redacted text kept
    the name. Now the batch commits the confirmed term as owed; the next scrub propagates it."""
    from safe_archive.core.scrubbing import service as scrubbing

    source = write_jsonl(tmp_path / "posts.jsonl", _rows(N_POSTS))
    folder = _template(tmp_path / "a", source)
    proc = _start("scrub", folder, "fake", BATCH, env_extra={"DRIVER_STOP_AFTER_ACKS": "1"})
    assert proc.stdout is not None
    lines: list[str] = []
    while not lines or lines[-1] != "WAITING":
        line = proc.stdout.readline()
        assert line, "the driver ended before its first batch: " + proc.communicate(timeout=60)[1][-2000:]
        lines.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert lines[-2] == f"ACK {BATCH}"
    with Archive.open(folder, PW) as archive:
        r7 = sql(archive).execute("SELECT redacted_text FROM posts WHERE source_id = 'r7'").fetchone()[0]
        assert "jake smith" in r7  # scrubbed in batch 1; propagation had not run yet
        old, scrubbing.BATCH = scrubbing.BATCH, BATCH
        try:
            _scrubber(archive, "fake").scrub()
        finally:
            scrubbing.BATCH = old
        r7 = sql(archive).execute("SELECT redacted_text FROM posts WHERE source_id = 'r7'").fetchone()[0]
        assert "jake smith" not in r7.lower(), r7
        assert archive.get_setting("scrub_propagation_pending", None) is None
        leaks = [r[0] for r in sql(archive).execute("SELECT source_id FROM posts WHERE redacted_text LIKE '%jake smith%'")]
        assert leaks == []


def test_kill_during_scrub_bounded(tmp_path: Path) -> None:
    _run_scrub_kills(tmp_path, trials(3), seed=12)


@pytest.mark.slow
@pytest.mark.timeout(3 * 3600)
def test_kill_during_scrub_long(tmp_path: Path) -> None:
    _run_scrub_kills(tmp_path, trials(200), seed=int(time.time()))


@pytest.mark.slow
@pytest.mark.timeout(3 * 3600)
def test_kill_during_scrub_real_engine_long(tmp_path: Path) -> None:
    """The real NLP pipeline in the driver (loading it takes seconds, so fewer trials)."""
    pytest.importorskip("spacy")
    _run_scrub_kills(tmp_path, trials(8), seed=int(time.time()), engine="real")
