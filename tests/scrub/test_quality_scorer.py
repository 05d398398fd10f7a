"""bench/scrub_quality.py: what a gold span requires to count as found (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.benchutil import bench_module


@pytest.fixture(scope="module")
def Q() -> Iterator[ModuleType]:
    yield from bench_module("scrub_quality")


def _span(text: str, part: str, label: str = "PERSON") -> dict[str, object]:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "label": label, "text": part,
            "hashtag": text[start - 1] == "#"}


@pytest.mark.parametrize("text,gold,masked", [
    # a full stop and a closing quote taken along by the annotation
    ("i call him #SmithyJones.", "SmithyJones.", ["SmithyJones"]),
    ("so true #VoteMaria”", "VoteMaria”", ["VoteMaria"]),
    # one gold span over several hashtags: the '#' between them is no part of a name
    ("news #AnnaBell #AnnaBelle #AnaBell", "AnnaBell #AnnaBelle #AnaBell",
     ["AnnaBell", "AnnaBelle", "AnaBell"]),
    ("free Peter #Parker.", "Peter #Parker.", ["Peter", "Parker"]),
])
def test_marks_outside_the_name_not_required(Q, text, gold, masked) -> None:  # type: ignore[no-untyped-def]
    rec = {"text": text, "spans": [_span(text, gold)]}
    spans = [(text.index(m), text.index(m) + len(m), "PERSON") for m in masked]
    assert Q.score([rec], [spans]).recall("PERSON") == 1.0
    # one letter left unmasked is still a miss, for every label
    short = [(a, b - 1 if k == len(spans) - 1 else b, t) for k, (a, b, t) in enumerate(spans)]
    assert Q.score([rec], [short]).recall("PERSON") == 0.0
    loc = {"text": text, "spans": [_span(text, gold, "LOCATION")]}
    assert Q.score([loc], [short]).recall("LOCATION") == 0.0
    assert Q.score([loc], [short]).recall("LOCATION", strict=False) == 1.0


def test_inner_punctuation_still_required(Q) -> None:  # type: ignore[no-untyped-def]
    text = "met Anne-Marie today"
    rec = {"text": text, "spans": [_span(text, "Anne-Marie")]}
    assert Q.required_chars(text, 4, 14) == list(range(4, 14))
    assert Q.score([rec], [[(4, 14, "PERSON")]]).recall("PERSON") == 1.0
    # the hyphen inside the name is part of it
    assert Q.score([rec], [[(4, 8, "PERSON"), (9, 14, "PERSON")]]).recall("PERSON") == 0.0


def test_span_of_marks_only(Q) -> None:  # type: ignore[no-untyped-def]
    text = "look :-) ok"
    assert Q.required_chars(text, 5, 8) == [5, 6, 7]
