"""Worker processes give the same findings as the pure function, in order; cancel works."""

from __future__ import annotations

import pytest

from safe_archive.core.errors import Cancelled
from safe_archive.core.progress import CancelToken, ProgressEvent
from safe_archive.core.scrub.engine import EngineConfig
from safe_archive.core.scrub.known import EMPTY_KNOWN, KnownIdentifiers, ScrubInput
from safe_archive.core.scrub.parallel import ParallelScrubber
from safe_archive.core.scrub.policy import DEFAULT_POLICY
from safe_archive.core.scrub.scrubber import Scrubber

TEXTS = [f"post {i}: my bf jake and @user_{i} in Tempe, call 602.555.01{i:02d}" for i in range(12)]


def test_workers_match_single_process(scrubber: Scrubber) -> None:
    inputs = [ScrubInput(t) for t in TEXTS]
    known = KnownIdentifiers.build(handles=["user_3"])
    expected = scrubber.scrub(inputs, known, DEFAULT_POLICY)
    events: list[ProgressEvent] = []
    with ParallelScrubber(EngineConfig(), workers=1) as pool:
        got = list(pool.scrub_stream(inputs, known, DEFAULT_POLICY, batch_size=5,
                                     total=len(inputs), progress=events.append))
    assert [i for i, _ in got] == inputs
    assert [f for _, f in got] == expected
    assert [e.done for e in events] == [5, 10, 12]


def test_workers_are_recycled_without_changing_the_findings(scrubber: Scrubber) -> None:
    """Fresh workers after ``recycle_posts`` posts each (their vocabulary only grows): the
    same findings in the same order, across calls too."""
    inputs = [ScrubInput(t) for t in TEXTS[:7]]
    expected = scrubber.scrub(inputs, EMPTY_KNOWN, DEFAULT_POLICY)
    with ParallelScrubber(EngineConfig(), workers=1, recycle_posts=3) as pool:
        got = list(pool.scrub_stream(inputs, EMPTY_KNOWN, DEFAULT_POLICY, batch_size=2))
        assert pool.restarts == 1  # posts 1-4 (two batches of 2), then fresh workers for 5-7
        again = list(pool.scrub_stream(inputs[:1], EMPTY_KNOWN, DEFAULT_POLICY, batch_size=2))
        assert pool.restarts == 2  # those had their 3: fresh ones for the next call
    assert [i for i, _ in got] == inputs
    assert [f for _, f in got] == expected
    assert [f for _, f in again] == expected[:1]
    with pytest.raises(ValueError):
        ParallelScrubber(EngineConfig(), workers=1, recycle_posts=0)


def test_cancel_between_batches(scrubber: Scrubber) -> None:
    token = CancelToken()
    stream = scrubber.scrub_stream((ScrubInput(t) for t in TEXTS), EMPTY_KNOWN, DEFAULT_POLICY,
                                   batch_size=4, cancel=token)
    first = [next(stream) for _ in range(4)]
    assert len(first) == 4
    token.cancel()
    with pytest.raises(Cancelled):
        list(stream)
