"""Texts longer than spaCy's max_length (and long stories generally) are scrubbed in
overlapping pieces with offsets mapped back — never refused, never shifted."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub import batch
from safe_archive.core.scrub.known import EMPTY_KNOWN, ScrubInput
from safe_archive.core.scrub.policy import DEFAULT_POLICY
from safe_archive.core.scrub.scrubber import Scrubber


@pytest.mark.parametrize("length", [0, 10, 50_000, 50_001, 123_457, 1_000_001])
def test_pieces_cover_the_text_at_word_boundaries(length: int) -> None:
    words = ("lorem ipsum dolor sit amet " * (length // 27 + 1))[:length]
    pieces = batch._pieces(words)
    assert pieces[0][0] == 0
    covered_to = 0
    for offset, piece in pieces:
        assert words[offset : offset + len(piece)] == piece
        assert len(piece) <= batch.MAX_CHUNK_CHARS
        assert offset <= covered_to  # no gap
        if offset:
            assert words[offset - 1] == " "  # starts at a word
        covered_to = max(covered_to, offset + len(piece))
    assert covered_to == len(words)


def test_a_text_without_spaces_is_still_cut() -> None:
    text = "A" * (3 * batch.MAX_CHUNK_CHARS + 7)
    pieces = batch._pieces(text)
    assert "".join(p for _, p in pieces).count("A") >= len(text)
    assert pieces[-1][0] + len(pieces[-1][1]) == len(text)


def test_long_text_findings_have_exact_offsets(scrubber: Scrubber, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small pieces force names onto and across piece edges; every e-mail and handle planted
    is found once, at its true offset (the real engine, pieces of 300 characters)."""
    monkeypatch.setattr(batch, "MAX_CHUNK_CHARS", 300)
    monkeypatch.setattr(batch, "CHUNK_OVERLAP", 60)
    filler = "and then we walked home along the river without saying a word "
    parts, planted = [], []
    pos = 0
    for i in range(12):
        parts.append(filler * (i % 3 + 1))
        pos += len(parts[-1])
        token = f"person{i}@example.org" if i % 2 else f"@handle_{i}"
        planted.append((pos, pos + len(token), token))
        parts.append(token + " ")
        pos += len(token) + 1
    text = "".join(parts)
    assert len(text) > 5 * 300
    [found] = scrubber.scrub([ScrubInput(text=text)], EMPTY_KNOWN, DEFAULT_POLICY)
    spans = {(f.start, f.end) for f in found}
    for start, end, token in planted:
        assert text[start:end] == token
        assert (start, end) in spans, token
    starts = [f.start for f in found]
    assert len(starts) == len(set(starts))  # the overlap produced no duplicates


def test_longer_than_the_pipelines_max_length(scrubber: Scrubber, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path as a >1,000,000-character post (spaCy's E088), made cheap: the pipeline's
    max_length is lowered for this test, and the text exceeds it."""
    nlp = scrubber.engine.nlp_engine.nlp["en"]
    monkeypatch.setattr(nlp, "max_length", 2_000)
    monkeypatch.setattr(batch, "MAX_CHUNK_CHARS", 1_500)
    text = ("a quiet sentence about nothing at all. " * 200) + "write to kim.r@example.com please"
    assert len(text) > nlp.max_length
    [found] = scrubber.scrub([ScrubInput(text=text)], EMPTY_KNOWN, DEFAULT_POLICY)
    assert [text[f.start : f.end] for f in found if f.entity_type == "EMAIL_ADDRESS"] == ["kim.r@example.com"]


@pytest.mark.slow
def test_over_spacys_real_max_length_is_scrubbed(scrubber: Scrubber) -> None:
    """A real 1 MB story (about 6 minutes on this machine; outside the default suite)."""
    text = ("a quiet sentence about nothing at all. " * 26_000) + "write to kim.r@example.com please"
    assert len(text) > 1_000_000
    [found] = scrubber.scrub([ScrubInput(text=text)], EMPTY_KNOWN, DEFAULT_POLICY)
    emails = [f for f in found if f.entity_type == "EMAIL_ADDRESS"]
    assert [text[f.start : f.end] for f in emails] == ["kim.r@example.com"]
