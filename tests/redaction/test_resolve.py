"""Overlap resolution: deterministic, order-independent, never unmasks a flagged character."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from safe_archive.core.model import Finding
from safe_archive.core.redaction.spans import resolve_overlaps as _resolve
from safe_archive.core.scrub.entities import PRIORITY

TEXT = "Jake Tsosie met jake@x.com at https://twitter.com/jake_t today"


def resolve_overlaps(*args, **kwargs):  # type: ignore[no-untyped-def]
    return _resolve(*args, priority=PRIORITY, **kwargs)


def f(start: int, end: int, etype: str, score: float = 0.5, source: str = "t") -> Finding:
    return Finding(start, end, etype, score, source, TEXT[start:end])


def test_same_type_overlaps_merge_to_union() -> None:
    out = resolve_overlaps([f(0, 4, "PERSON", 0.85, "ner"), f(0, 11, "PERSON", 0.6, "list")],
                           TEXT)
    assert [(x.text, x.score, x.source) for x in out] == [("Jake Tsosie", 0.85, "ner")]


def test_container_wins_across_types() -> None:
    url = TEXT.index("https")
    out = resolve_overlaps([f(url + 20, url + 26, "USERNAME", 0.9),
                            f(url, url + len("https://twitter.com/jake_t"), "URL", 0.95)], TEXT)
    assert [x.entity_type for x in out] == ["URL"]


def test_partial_overlap_trims_the_loser() -> None:
    out = resolve_overlaps([f(0, 11, "PERSON", 0.9), f(5, 15, "LOCATION", 0.6)], TEXT)
    assert [(x.text, x.entity_type) for x in out] == [("Jake Tsosie", "PERSON"), ("met", "LOCATION")]


def test_flag_only_never_hides_a_masked_finding() -> None:
    out = resolve_overlaps([f(0, 15, "ORGANIZATION", 0.9), f(0, 4, "PERSON", 0.5)], TEXT,
                           changes_text=lambda t: t != "ORGANIZATION")
    assert ("Jake", "PERSON") in [(x.text, x.entity_type) for x in out]


findings = st.lists(
    st.builds(
        lambda s, n, t, sc: f(s, min(len(TEXT), s + n), t, sc),
        st.integers(0, len(TEXT) - 2), st.integers(1, 15),
        st.sampled_from(["PERSON", "USERNAME", "URL", "LOCATION", "AGE"]),
        st.sampled_from([0.3, 0.5, 0.9]),
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(findings, st.randoms())
def test_order_independent_and_non_overlapping(items: list[Finding], rnd) -> None:  # type: ignore[no-untyped-def]
    a = resolve_overlaps(items, TEXT)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert resolve_overlaps(shuffled, TEXT) == a
    for x, y in zip(a, a[1:]):
        assert x.end <= y.start
    # every alphanumeric character any finding covered is still covered
    covered = {i for x in a for i in range(x.start, x.end)}
    for it in items:
        for i in range(it.start, it.end):
            if TEXT[i].isalnum():
                assert i in covered
