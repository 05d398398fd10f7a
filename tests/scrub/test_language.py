"""Language first (issue 13): which language each stretch is in, and names outside English."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.language import ENGLISH, LanguageIdentifier, Segment, language_at
from safe_archive.core.scrub.multilingual import LanguageParts, by_language
from safe_archive.core.scrub.wordlists import fold


@pytest.fixture(scope="module")
def parts(names, words) -> LanguageParts:  # type: ignore[no-untyped-def]
    return LanguageParts.build(words, names)


@pytest.mark.parametrize("text, lang", [
    ("Tenía 12 años cuando mi entrenador empezó a escribirme todas las noches.", "es"),
    ("J'avais 13 ans quand il a commencé à m'envoyer des messages la nuit.", "fr"),
    ("Ich war 14 Jahre alt, als er anfing, mir nachts Nachrichten zu schreiben.", "de"),
    ("Ik was 15 jaar toen hij me 's nachts berichtjes begon te sturen.", "nl"),
    ("Eu tinha 11 anos quando ele começou a me mandar mensagens de madrugada.", "pt"),
    ("Avevo 12 anni quando ha cominciato a scrivermi di notte, non l'ho detto a nessuno.", "it"),
    ("كان عمري 11 سنة عندما بدأ يرسل لي رسائل في الليل.", "ar"),
    ("9 yaşındaydım, bana gece mesaj atmaya başladığında kimseye anlatmadım.", "tr"),
    ("Miałam 13 lat, kiedy zaczął pisać do mnie w nocy. Nigdy nikomu nie powiedziałam.", "pl"),
    ("I was 13 when my coach started texting me at night and I never told anyone.", "en"),
    # too little to tell, links and handles only: English (the English parts stay on)
    ("lol ok", "en"),
    ("@jane_doe https://t.co/abc #MeToo", "en"),
    # mostly common English words: English even if the model hesitates
    ("is gare montparnasse storage still available?", "en"),
])
def test_post_language(words, text: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    assert LanguageIdentifier(words).classify(text) == lang


def test_code_switched_post_is_cut_into_segments(words) -> None:  # type: ignore[no-untyped-def]
    text = ("When I finally reported it, nobody at the station believed me at all. "
            "Mi mamá tampoco me creyó y nunca volvimos a hablar de eso.")
    segs = LanguageIdentifier(words).segments(text)
    assert [s.lang for s in segs] == ["en", "es"]
    assert segs[0].start == 0 and segs[-1].end == len(text)
    assert language_at(segs, text.index("mamá")) == "es"
    assert language_at(segs, text.index("station")) == ENGLISH


def test_same_text_same_segments(words) -> None:  # type: ignore[no-untyped-def]
    text = "Ich war 14. Sein Name ist Lukas Becker. I never told anyone about it, ever."
    a = LanguageIdentifier(words).segments(text)
    b = LanguageIdentifier(words).segments(text)
    assert a == b


def test_an_initial_does_not_end_a_sentence(words) -> None:  # type: ignore[no-untyped-def]
    # "A. " before "I. Berg" is an initial: cutting there would leave "I. Berg, som ..." on
    # its own and the name's first initial in the segment before
    text = ("Boken skrevs av den svenske läraren A. I. Berg, som bodde i Lund. "
            "Han skrev den på kvällarna. Sen flyttade han.")
    cuts = [s.start for s in LanguageIdentifier(words).segments(text)]
    assert not any(text.index("A. I.") < c <= text.index("Berg") for c in cuts)
    from safe_archive.core.scrub.language import _SENTENCE

    assert [m.end() for m in _SENTENCE.finditer(text)] == [  # clause and sentence ends only
        text.index("som"), text.index("Han"), text.index("Sen")]


def test_fold() -> None:
    assert [fold(w) for w in ("Ayşe", "Paweł", "Iñaki", "Jürgen", "Yılmaz")] == [
        "ayse", "pawel", "inaki", "jurgen", "yilmaz"]


@pytest.mark.parametrize("text, expected", [
    ("Tenía 13 años cuando Rocío Quintana empezó a escribirme.", ["Rocío Quintana"]),
    ("Si alguien conoce a Javier García Ruiz, escríbeme.", ["Javier García Ruiz"]),
    ("C'était mon prof de sport. Il s'appelait Sébastien Dubois et tout le monde l'adorait.",
     ["Sébastien Dubois"]),
    ("Wenn du Katharina Müller aus der Schule kennst, schreib mir bitte.", ["Katharina Müller"]),
    ("Hij heette Sanne de Vries en iedereen vond hem aardig.", ["Sanne de Vries"]),
    ("Eu tinha 14 anos quando Luana Silva começou a me mandar mensagens.", ["Luana Silva"]),
    ("Avevo 16 anni quando Chiara Rossi ha cominciato a scrivermi di notte.", ["Chiara Rossi"]),
    ("كان مدرّبي في النادي. اسمه أحمد الخطيب وكان الجميع يحبونه.", ["أحمد الخطيب"]),
    ("Adı Selin Öztürk idi ve herkes onu çok severdi.", ["Selin Öztürk"]),
    ("Nazywał się Krzysztof Wójcik i wszyscy go lubili.", ["Krzysztof Wójcik"]),
    # ordinary capitalised words are not names: sentence openings, German nouns, hashtags
    ("Mein Trainer hat mir nicht geglaubt, als ich Anzeige erstattet habe.", []),
    ("Nunca se lo conté a nadie. Todavía me duele. #YoTambién", []),
    ("Dziękuję wszystkim, które dzielą się swoją historią. #JaTeż", []),
])
def test_names_outside_english(parts: LanguageParts, text: str, expected: list[str]) -> None:
    segs = parts.identifier.segments(text)
    found = [text[r.start:r.end] for r in parts.names.analyze_segments(text, segs)]
    assert found == expected


def test_english_only_results_dropped_in_other_languages(parts: LanguageParts) -> None:
    from presidio_analyzer import RecognizerResult

    text = "Tenía 13 años cuando fue. Nunca se lo conté a nadie."

    def res(word: str, source: str) -> RecognizerResult:
        s = text.index(word)
        return RecognizerResult("PERSON", s, s + len(word), 0.5,
                                recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: source})

    kept = by_language(text, [res("Tenía", "NameListRecognizer"), res("nadie", "SpacyRecognizer"),
                              res("Nunca", "KnownIdentifierRecognizer")], parts)
    assert [text[r.start:r.end] for r in kept] == ["Nunca"]


def test_english_text_untouched(parts: LanguageParts) -> None:
    from presidio_analyzer import RecognizerResult

    text = "I was 13 when Jake started texting me."
    r = RecognizerResult("PERSON", 14, 18, 0.5,
                         recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: "SpacyRecognizer"})
    assert by_language(text, [r], parts) == [r]
    assert parts.identifier.segments(text) == [Segment(0, len(text), "en")]
