"""Weak guesses nobody else made (issue 13, English precision): a lone lower-case word the
name lists took for a name, or a lower-case common-word place the context model guessed at
low probability, is dropped; seconded, capitalised, context-cued guesses stay."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from presidio_analyzer import RecognizerResult

from safe_archive.core.scrub import entities as E
from safe_archive.core.scrub.context_veto import weak_guesses
from safe_archive.core.scrub.known import ScrubInput
from safe_archive.core.scrub.recognizers.name_list_recognizer import NameEntry
from safe_archive.core.scrub.scrubber import Scrubber

WORDS = {"gasoline": 4.0, "troop": 3.6, "the": 7.7, "london": 5.3, "grace": 4.4,
         "of": 7.4, "borderline": 3.0, "comedian": 3.9, "butler": 3.6}
NAMES = {"grace": NameEntry("first", 4.4, 0.1, 3), "london": NameEntry("last", 5.3, 0.0, 0),
         "butler": NameEntry("last", 3.6, 0.2, 4)}


def _result(entity: str, start: int, end: int, score: float, source: str) -> RecognizerResult:
    return RecognizerResult(entity, start, end, score,
                            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: source})


def _artifacts(text: str, per: dict[str, float]) -> Any:
    """A stand-in for the NLP artifacts: each word's PER probability as the model gives it."""
    words, pos = [], 0
    for w in text.split():
        pos = text.index(w, pos)
        words.append((pos, pos + len(w), per.get(w, 0.0)))
        pos += len(w)
    return SimpleNamespace(tokens=SimpleNamespace(user_data={"context_words": words}))


def _kept(text: str, results: list[RecognizerResult], per: dict[str, float],
          lower: float | None = 0.01, common: float | None = 0.5) -> list[str]:
    out = weak_guesses(results, text, _artifacts(text, per), lower, common, WORDS, NAMES)
    return [text[r.start:r.end] for r in out]


def test_lone_lower_case_rare_word_is_dropped() -> None:
    text = "the blorpiness went away"
    r = _result(E.PERSON, 4, 14, 0.35, "NameListRecognizer")
    assert _kept(text, [r], {"blorpiness": 0.004}) == []


def test_kept_when_the_model_reads_a_name() -> None:
    text = "the blorpiness went away"
    r = _result(E.PERSON, 4, 14, 0.35, "NameListRecognizer")
    assert _kept(text, [r], {"blorpiness": 0.2}) == ["blorpiness"]


def test_kept_when_another_recognizer_seconds_it() -> None:
    text = "the blorpiness went away"
    r = _result(E.PERSON, 4, 14, 0.35, "NameListRecognizer")
    ner = _result(E.PERSON, 4, 14, 0.4, "SocialNerRecognizer")
    assert sorted(_kept(text, [r, ner], {"blorpiness": 0.004})) == ["blorpiness", "blorpiness"]


@pytest.mark.parametrize("text, start, end, score", [
    ("the Blorpiness went away", 4, 14, 0.4),   # capitalised: not this rule's
    ("my bf blorpo went away", 6, 12, 0.85),    # a context cue
    ("#blorpiness went away", 1, 11, 0.5),      # a name in a hashtag
])
def test_strong_or_capitalised_guesses_stay(text: str, start: int, end: int,
                                            score: float) -> None:
    r = _result(E.PERSON, start, end, score, "NameListRecognizer")
    assert _kept(text, [r], {}) == [text[start:end]]


def test_off_switches() -> None:
    text = "the blorpiness went away"
    r = _result(E.PERSON, 4, 14, 0.35, "NameListRecognizer")
    assert _kept(text, [r], {"blorpiness": 0.004}, lower=None) == ["blorpiness"]
    place = _result(E.LOCATION, 0, 8, 0.5, "ContextNerRecognizer")
    assert _kept("gasoline fumes", [place], {}, common=None) == ["gasoline"]


def test_low_probability_common_word_place_is_dropped() -> None:
    text = "in the troop of gasoline"
    troop = _result(E.ORGANIZATION, 7, 12, 0.35 + 0.6 * 0.3, "ContextNerRecognizer")
    gas = _result(E.LOCATION, 16, 24, 0.35 + 0.6 * 0.45, "ContextNerRecognizer")
    assert _kept(text, [troop, gas], {}) == []


@pytest.mark.parametrize("text, start, end, p, source, entity", [
    ("in the gasoline", 7, 15, 0.8, "ContextNerRecognizer", E.LOCATION),  # the model is sure
    ("in the Gasoline", 7, 15, 0.3, "ContextNerRecognizer", E.LOCATION),  # capitalised
    ("in the zorbville", 7, 16, 0.3, "ContextNerRecognizer", E.LOCATION),  # a rare word
    ("in the london", 7, 13, 0.3, "ContextNerRecognizer", E.LOCATION),  # a known place
    ("with the grace", 9, 14, 0.3, "ContextNerRecognizer", E.ORGANIZATION),  # a given name
    ("in the gasoline", 7, 15, 0.3, "SocialNerRecognizer", E.LOCATION),  # another source
])
def test_other_places_stay(text: str, start: int, end: int, p: float, source: str,
                           entity: str) -> None:
    r = _result(entity, start, end, 0.35 + 0.6 * p, source)
    assert _kept(text, [r], {}) == [text[start:end]]


def test_low_probability_common_word_person_is_dropped() -> None:
    text = "the comedian said so"
    r = _result(E.PERSON, 4, 12, 0.35 + 0.6 * 0.2, "ContextNerRecognizer")
    assert _kept(text, [r], {"comedian": 0.2}) == []


@pytest.mark.parametrize("text, start, end, p", [
    ("better than butler and him", 12, 18, 0.2),  # a surname written lower case
    ("the comedian said so", 4, 12, 0.7),  # the model is sure
    ("the Comedian said so", 4, 12, 0.2),  # capitalised
])
def test_other_persons_stay(text: str, start: int, end: int, p: float) -> None:
    r = _result(E.PERSON, start, end, 0.35 + 0.6 * p, "ContextNerRecognizer")
    assert _kept(text, [r], {text[start:end]: p}) == [text[start:end]]


# End to end with the shipped models: made-up posts, ordinary lower-case words that the
# rare-word rule alone used to mask, and names that must stay found.
@pytest.mark.parametrize("text, word", [
    ("the puffiness around my eyes went away after a week", "puffiness"),
    ("waiting for the enemies to respawn near the bridge", "respawn"),
])
def test_ordinary_rare_words_not_masked(scrubber: Scrubber, text: str, word: str) -> None:
    found = scrubber.scrub([ScrubInput(text)])[0]
    assert not any(word in f.text for f in found), [(f.text, f.entity_type) for f in found]


@pytest.mark.parametrize("text, name", [
    ("my bf jake never listens to me", "jake"),
    ("yesterday kayleigh told me everything", "kayleigh"),
])
def test_lower_case_names_still_found(scrubber: Scrubber, text: str, name: str) -> None:
    found = scrubber.scrub([ScrubInput(text)])[0]
    assert any(name in f.text for f in found if f.entity_type == E.PERSON), [
        (f.text, f.entity_type) for f in found]


# -- misspelt, stretched or laughing words an NER guessed (EngineConfig.context_misspelt_max_prob)
def _misspelt(word: str) -> bool:  # a stand-in for the name list's word-shape test
    return word.casefold() in {"hahahahahha", "helloooooo", "gratefull", "abc"}


def _kept_misspelt(text: str, r: RecognizerResult, per: dict[str, float],
                   others: tuple[RecognizerResult, ...] = ()) -> list[str]:
    out = weak_guesses([r, *others], text, _artifacts(text, per), None, None, WORDS, NAMES,
                       misspelt_max_prob=0.05, misspelt=_misspelt)
    return [text[x.start:x.end] for x in out]


def test_misspelt_ner_guess_is_dropped() -> None:
    text = "Helloooooo anyone here"
    r = _result(E.PERSON, 0, 10, 0.35 + 0.6 * 0.2, "SocialNerRecognizer")
    assert _kept_misspelt(text, r, {"Helloooooo": 0.01}) == []


@pytest.mark.parametrize("p_ner, p_ctx, source, text, end", [
    (0.8, 0.01, "SocialNerRecognizer", "Helloooooo anyone", 10),  # the NER is sure
    (0.2, 0.3, "SocialNerRecognizer", "Helloooooo anyone", 10),  # the model reads a name
    (0.2, 0.01, "NameListRecognizer", "Helloooooo anyone", 10),  # not an NER guess
    (0.2, 0.01, "SocialNerRecognizer", "Abc anyone", 3),  # too short to judge
    (0.2, 0.01, "SocialNerRecognizer", "Gratefull anyone", 9),  # ... but 9 letters is fine
])
def test_misspelt_rule_limits(p_ner: float, p_ctx: float, source: str, text: str,
                              end: int) -> None:
    r = _result(E.PERSON, 0, end, 0.35 + 0.6 * p_ner, source)
    word = text[:end]
    kept = _kept_misspelt(text, r, {word: p_ctx})
    assert kept == ([] if word == "Gratefull" else [word])


def test_misspelt_guess_seconded_stays() -> None:
    text = "Helloooooo anyone here"
    r = _result(E.PERSON, 0, 10, 0.47, "SocialNerRecognizer")
    other = _result(E.PERSON, 0, 10, 0.6, "NameListRecognizer")
    assert len(_kept_misspelt(text, r, {"Helloooooo": 0.01}, (other,))) == 2


@pytest.mark.parametrize("text, word", [
    ("Hahahahahhahaha my cousin and i love ur videos", "Hahahahahhahaha"),
    ("Helloooooo anyone here", "Helloooooo"),
])
def test_laughter_and_stretched_words_not_masked(scrubber: Scrubber, text: str,
                                                 word: str) -> None:
    found = scrubber.scrub([ScrubInput(text)])[0]
    assert not any(word in f.text for f in found), [(f.text, f.entity_type) for f in found]


# -- nationalities, languages, religions (EngineConfig.mask_demonyms) ---------------------------
def test_is_demonym() -> None:
    from safe_archive.core.scrub.batch import is_demonym

    for word in ("chinese", "nigerians", "portuguese", "muslims", "thai", "arabic"):
        assert is_demonym(word), word
    for word in ("jamaica", "nigeria", "chin", "jordan", "dana"):
        assert not is_demonym(word), word


@pytest.mark.parametrize("text, word", [
    ("They speak Portuguese at home", "Portuguese"),
    ("My neighbours are Nigerians and very kind", "Nigerians"),
    ("We ordered Thai food tonight", "Thai"),
    ("the Vietnamese place downtown", "Vietnamese"),
])
def test_demonyms_not_masked(scrubber: Scrubber, text: str, word: str) -> None:
    found = scrubber.scrub([ScrubInput(text)])[0]
    assert not any(word in f.text for f in found), [(f.text, f.entity_type) for f in found]


def test_places_and_surnames_still_masked(scrubber: Scrubber) -> None:
    found = scrubber.scrub([ScrubInput("I moved to Jamaica last year with Dana"),
                            ScrubInput("Mr. English was my teacher")])
    assert {(f.text, f.entity_type) for f in found[0]} >= {("Jamaica", E.LOCATION),
                                                          ("Dana", E.PERSON)}
    assert any("English" in f.text and f.entity_type == E.PERSON for f in found[1])


def test_word_shape_test_of_the_engine(scrubber: Scrubber) -> None:
    from safe_archive.core.scrub.batch import _misspelt_test

    misspelt = _misspelt_test(scrubber.engine)
    assert misspelt is not None
    for word in ("Helloooooo", "Hahahahahhahaha", "LOLOLOLOLOL", "gratefull", "ITTTTTTTT"):
        assert misspelt(word), word
    for word in ("JAKEEEE", "Jessica", "Kowalczyk", "window"):
        assert not misspelt(word), word
