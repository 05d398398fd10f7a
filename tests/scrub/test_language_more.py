"""Language first, continued (issue 13): German, Dutch, Russian, Ukrainian and Greek posts
written by hand, names found in them, and ordinary words that stay."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.language import LanguageIdentifier
from safe_archive.core.scrub.multilingual import LanguageParts
from safe_archive.core.scrub.recognizers.cyrillic_names import (
    greek_surname,
    load_cyrillic_names,
    patronymic,
    surname_ending,
)


@pytest.fixture(scope="module")
def parts(names, words) -> LanguageParts:  # type: ignore[no-untyped-def]
    return LanguageParts.build(words, names)


def names_in(parts: LanguageParts, text: str) -> list[str]:
    segs = parts.identifier.segments(text)
    return [text[r.start:r.end] for r in parts.names.analyze_segments(text, segs)]


@pytest.mark.parametrize("text, lang", [
    # German function words English web text quotes ("ich" 3.2, "mich" 3.3, "als" 3.4 in the
    # English list) no longer make a German post English
    ("Als ich 14 Jahre alt war, hat mein Trainer Klaus Becker mich angefasst.", "de"),
    ("Mein Nachbar hat mich jahrelang belästigt und niemand hat mir geglaubt.", "de"),
    ("Toen ik 12 was, heeft mijn oom Johan Bakker me misbruikt.", "nl"),
    # "de" 5.2, "los" 4.8, "el" 4.6 in the English list (names, places): no English either
    ("Conocí a Rafael de los Santos en el club.", "es"),
    ("Hola, me llamo Pedro y vivo en la calle Mayor.", "es"),
    # English posts with a foreign word or two stay English
    ("ja ja I know, my coach said the same thing to me back then", "en"),
    ("hola amor, I miss you so much, call me when you land", "en"),
    ("Ich bin ein Berliner is what he said, and everyone laughed at the joke", "en"),
    ("La La Land with Emma Stone was great", "en"),
    ("Guillermo del Toro and Penelope Cruz at the Oscars tonight", "en"),
])
def test_post_language(words, text: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    assert LanguageIdentifier(words).classify(text) == lang


def test_segment_without_word_list_takes_the_post_language(words) -> None:  # type: ignore[no-untyped-def]
    # the first clause alone is taken for Bulgarian, which has no word list (the English
    # parts would run there); the post is Ukrainian
    text = "Мене звати Олена Шевченко, мені було 14 років, і я досі боюся його."
    assert {s.lang for s in LanguageIdentifier(words).segments(text)} == {"uk"}


@pytest.mark.parametrize("text, langs", [
    # a clause the model calls English with no word that is English rather than Spanish
    ("Cuando tenía 12 años, mi entrenador me tocó y nadie me creyó.", ["es"]),
    ("Quand j'avais 12 ans, mon entraîneur me suivait partout.", ["fr"]),
    # a clause that is English stays English in a Spanish post
    ("He was my coach at the club, se llamaba Carlos y todos lo querían mucho.", ["en", "es"]),
])
def test_english_clause_needs_english_words(words, text: str,  # type: ignore[no-untyped-def]
                                            langs: list[str]) -> None:
    assert [s.lang for s in LanguageIdentifier(words).segments(text)] == langs


@pytest.mark.parametrize("text, expected", [
    ("Als ich 14 Jahre alt war, hat mein Trainer Klaus Becker mich angefasst.",
     ["Klaus Becker"]),
    ("Ich war 13, als mein Onkel Peter mich zum ersten Mal angefasst hat.", ["Peter"]),
    ("Der Trainer hat mir gesagt, ich soll mich nicht so anstellen. Bitte glaubt mir.", []),
    ("Meine Tante Bitte? Nein, meine Tante hat nichts gesagt.", []),
    # Russian and Ukrainian: given names, inflected surnames, patronymics
    ("Меня зовут Анна Петрова, мой тренер Сергей Иванов.", ["Анна Петрова", "Сергей Иванов"]),
    ("Аркадий Шестопалов писал мне каждую ночь.", ["Аркадий Шестопалов"]),
    ("Я рассказала об этом Ольге Николаевне, но она не поверила.", ["Ольге Николаевне"]),
    ("Мой дядя Виктор Сергеевич Кравцов приходил каждую субботу.",
     ["Виктор Сергеевич Кравцов"]),
    ("Богдан Кравчук був моїм тренером, і ніхто мені не повірив.", ["Богдан Кравчук"]),
    ("Мій вчитель Тарас Петрович Коваленко писав мені вночі.", ["Тарас Петрович Коваленко"]),
    # a frequent given name opening a sentence, with a verb in the past tense after it
    ("Анна сказала, что всё будет хорошо, но я ей не верила.", ["Анна"]),
    ("Богдан сказав, що нікому не скаже.", ["Богдан"]),
    # ordinary words opening a sentence, places
    ("Марка машины была другая, я не помню. Фото до сих пор у меня.", []),
    ("Мама сказала, что я сама виновата. Свет погас, и он вошёл.", []),
    ("Москва была холодной. Свет погас, и никто не пришёл.", []),
    # Greek: a given name before a surname ending, introductions; places and months stay
    ("Με λένε Μαρία Παπαδοπούλου και ο προπονητής μου ήταν ο Γιώργος Νικολάου.",
     ["Μαρία Παπαδοπούλου", "Γιώργος Νικολάου"]),
    ("Τον Σεπτέμβριο πήγα στο Πανεπιστήμιο Αθηνών και μετά στην Ελλάδα.", []),
    # two-word particles inside a name
    ("Het huis van Mies van der Rohe staat nog steeds in Berlijn.", ["Mies van der Rohe"]),
    ("Eu falei com Antonio Carlos Gomes de a Silva ontem.", ["Antonio Carlos Gomes de a Silva"]),
    # a known name in capitals in a post that is not shouting
    ("Det sagde MARKO til mig, og ingen troede på mig bagefter.", ["MARKO"]),
    ("JEG ER SÅ TRÆT AF DET HER, INGEN HØRER EFTER", []),
])
def test_names(parts: LanguageParts, text: str, expected: list[str]) -> None:
    assert names_in(parts, text) == expected


def test_cyrillic_lexicon_inflects() -> None:
    names = load_cyrillic_names()
    assert [names.kinds(w) for w in ("Анну", "Сергеем", "Кравчука", "Петровой", "тренер")] == [
        "N", "N", "S", "S", ""]
    assert patronymic("Николаевне") and patronymic("Богданівна") and not patronymic("Москва")
    assert surname_ending("Шевченко") and surname_ending("Вишневская")
    assert not surname_ending("Москва")
    assert greek_surname("Παπαδόπουλος") and greek_surname("Νικολάου")
    assert not greek_surname("Σεπτεμβρίου") and not greek_surname("Αθήνα")
