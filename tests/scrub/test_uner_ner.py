"""Per-language NERs (recognizers/uner_ner.py; issue 13 stretch). Sentences written for the
tests. No model is shipped yet (see docs/quality.md), so the recognizer's use of one is
driven with a stand-in."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.multilingual import LanguageParts
from safe_archive.core.scrub.recognizers import uner_ner


@pytest.fixture(scope="module")
def parts(names, words) -> LanguageParts:  # type: ignore[no-untyped-def]
    return LanguageParts.build(words, names)


def test_no_model_no_names() -> None:
    assert uner_ner.model_path("xx") is None
    assert uner_ner.uner_names("xx", "Ontem a Beatriz Almeida me ligou.") == []


def test_ner_names_join_the_rules_less_common_words_at_their_edges(
        parts: LanguageParts, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Minha mãe não acreditou em mim. Ontem o tavinho quaresma me ligou de novo."

    def fake(lang: str, t: str, start: int = 0, end: int | None = None
             ) -> list[tuple[int, int]]:
        assert lang == "pt"
        spans = [t.index("Minha mãe"), t.index("o tavinho quaresma")]
        return [(spans[0], spans[0] + len("Minha mãe")),
                (spans[1], spans[1] + len("o tavinho quaresma"))]

    monkeypatch.setattr(uner_ner, "uner_names", fake)
    segs = parts.identifier.segments(text)
    assert [s.lang for s in segs] == ["pt"]
    found = {text[r.start:r.end] for r in parts.names.analyze_segments(text, segs)}
    assert "tavinho quaresma" in found  # in lower case: the NER's alone; "o" cut off
    assert not any("Minha" in f or "mãe" in f for f in found)


def test_switched_off(names, words, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
                      ) -> None:
    parts = LanguageParts.build(words, names, uner_ner=False)

    def refuse(*_a: object) -> list[tuple[int, int]]:
        raise AssertionError("uner_names called with uner_ner=False")

    monkeypatch.setattr(uner_ner, "uner_names", refuse)
    text = "Ontem o Tavinho Quaresma me ligou de novo."
    parts.names.analyze_segments(text, parts.identifier.segments(text))
