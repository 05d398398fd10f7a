"""Per-language NERs (recognizers/uner_ner.py; issue 13). Sentences written for the tests.
Portuguese has a shipped model (resources/scrub/uner_ner/pt); how the name recognizer uses a
model's spans is driven with a stand-in, so those tests do not depend on its weights."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.multilingual import LanguageParts
from safe_archive.core.scrub.recognizers import uner_ner


@pytest.fixture(scope="module")
def parts(names, words) -> LanguageParts:  # type: ignore[no-untyped-def]
    return LanguageParts.build(words, names)


def test_the_shipped_portuguese_model_finds_a_name_and_no_ordinary_words() -> None:
    assert uner_ner.model_path("pt") is not None
    text = "O treinador Joaquim Barroso me tocou quando eu tinha 14 anos."
    assert [text[a:b] for a, b in uner_ner.uner_names("pt", text)] == ["Joaquim Barroso"]
    for plain in ("Minha mãe não acreditou em mim quando contei o que aconteceu na escola.",
                  "A professora disse que eu estava exagerando."):
        assert uner_ner.uner_names("pt", plain) == []
    # offsets of a stretch inside a longer text are the text's own
    longer = "Primeiro ponto. " + text
    got = uner_ner.uner_names("pt", longer, len("Primeiro ponto. "))
    assert [longer[a:b] for a, b in got] == ["Joaquim Barroso"]


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
