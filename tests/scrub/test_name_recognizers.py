"""PERSON from the census name list, known identifiers from metadata, and the deny-list."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.recognizers.deny_list_recognizer import DenyListRecognizer
from safe_archive.core.scrub.recognizers.known_identifier_recognizer import (
    KnownIdentifierRecognizer,
    KnownTerm,
)
from safe_archive.core.scrub.recognizers.name_list_recognizer import (
    NameEntry,
    NameListRecognizer,
)

NAMES = [
    ("my bf jake hurt me", ["jake"]),  # lowercase, context
    ("JAKE DID IT", ["JAKE"]),  # all caps
    ("It was Jake's fault", ["Jake"]),  # possessive: the name, not the 's
    ("Jake’s car", ["Jake"]),  # typographic apostrophe
    ("my bf bill said so", ["bill"]),  # a frequent word, but context says name
    ("pay the bill", []),  # the same word without context
    ("Mr. Schooley said", ["Mr. Schooley"]),  # title + any capitalised word
    ("Jake Tsosie was there", ["Jake Tsosie"]),  # extends over a rare capitalised surname
    ("#JusticeForJake", ["JusticeForJake"]),  # name inside a CamelCase hashtag
    ("#justiceforjake", ["justiceforjake"]),  # run-together prefix hashtag
    ("#MeToo #IBelieveYou", []),
    ("My name is krithika", ["krithika"]),  # introduced name, not in any list
    ("the cat sat on the mat", []),
    ("hahahaha soooo borring", []),  # laughter, stretched words and typos are not names
    ("klay was on fire", ["klay"]),  # a given name the 1990 census lacks
    ("he ain't got it", []),  # "ain" of a contraction is no name
    ("hey krithika", ["krithika"]),  # a rare lower-case word in English text
    ("kawm ntawv zoo heev thiab", []),  # not English: rare-in-English says nothing
    ("Nice shooting, Tex!!!", ["Tex"]),  # addressed: between a comma and the end
    ("Loey, do you have more stories?", ["Loey"]),  # one letter from "joey": a name, no typo
    ("he is a savege", []),  # one letter from "savage" (a surname only): a typo
    ("My boy iDubbbz", ["iDubbbz"]),  # inner capitals, no English word
    ("a huge fan of bruno mars", ["bruno mars"]),  # lower-case first name + surname
    ("Good job Officer! Now wait", []),  # a title needs its name right after it
    # lower-case hashtags read as words: a given name, or a given name + surname
    ("#philday", ["philday"]),
    ("#freekarenmiller", ["freekarenmiller"]),
    ("#ilovejohnny", ["ilovejohnny"]),
    ("#markmywords #rosegold #throwbackthursday #ilovemymom", []),  # common words, no name
    ("thanks, krithika", ["krithika"]),  # an introduction before a comma
    ("SUAREZZZZZ scores", ["SUAREZZZZZ"]),  # a held letter: squeezed, a name
    ("go Shaaaane go", ["Shaaaane"]),
    ("Willlll you stop, sooooo good", []),  # squeezed, common words
]


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_name_list(text: str, expected: list[str], names: dict[str, NameEntry],
                   words: dict[str, float]) -> None:
    rec = NameListRecognizer(names, words, rare_cap_zipf=3.0, rare_lower_zipf=2.5)
    assert sorted({text[r.start:r.end] for r in rec.analyze(text, [])}) == sorted(expected)
    assert all(r.entity_type == "PERSON" for r in rec.analyze(text, []))


KNOWN = [
    ("JANE_DOE88 posted again", ["JANE_DOE88"]),  # bare handle, any case
    ("thanks @jane_doe88!", ["@jane_doe88"]),
    ("jane doe88 again", ["jane doe88"]),  # underscore written as a space
    ("Jane   Smith said", ["Jane   Smith"]),  # display name, any spacing
    ("xjane_doe88x", []),  # glued into another word: not the handle
]


@pytest.mark.parametrize(("text", "expected"), KNOWN)
def test_known_identifiers(text: str, expected: list[str]) -> None:
    rec = KnownIdentifierRecognizer([
        KnownTerm("jane_doe88", "USERNAME", "known:author"),
        KnownTerm("Jane Smith", "PERSON", "known:mention"),
    ])
    found = rec.analyze(text, [])
    assert sorted(text[r.start:r.end] for r in found) == sorted(expected)
    for r in found:
        assert r.recognition_metadata["recognizer_name"].startswith("known:")


def test_known_identifiers_unicode_case() -> None:
    rec = KnownIdentifierRecognizer([KnownTerm("Émilie", "PERSON", "known:author")])
    text = "ÉMILIE and émilie"
    assert [text[r.start:r.end] for r in rec.analyze(text, [])] == ["ÉMILIE", "émilie"]


def test_deny_list_always_found() -> None:
    rec = DenyListRecognizer(["Camp Wanakee", "coach d"])
    text = "at camp wanakee with COACH D."
    found = rec.analyze(text, [])
    assert [(text[r.start:r.end], r.entity_type, r.score) for r in found] == [
        ("camp wanakee", "DENY_LISTED", 1.0), ("COACH D", "DENY_LISTED", 1.0)]


def test_empty_known_list_finds_nothing() -> None:
    assert KnownIdentifierRecognizer([]).analyze("anything at all", []) == []


# The whole engine: edges trimmed from NER names, interjections dropped (batch.py).
ENGINE = [
    ("my bf jake hurt me", "jake", "bf jake"),  # context word not part of the name
    ("Travis Scott sold out again", "Travis Scott", "Travis Scott sold"),
    ("Ms. Gaynes just called me", "Ms. Gaynes", None),  # honorifics stay with the name
    ("OMG this is so funny", None, "OMG"),  # interjections are no organisation or person
    ("Dude you were great", None, "Dude"),
    ("She moved to the United States in May", "United States", "the United States"),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), ENGINE)
def test_engine_name_spans(scrubber, text: str, wanted: str | None,  # type: ignore[no-untyped-def]
                           unwanted: str | None) -> None:
    from safe_archive.core.scrub.known import EMPTY_KNOWN, ScrubInput
    from safe_archive.core.scrub.policy import DEFAULT_POLICY

    [found] = scrubber.scrub([ScrubInput(text)], EMPTY_KNOWN, DEFAULT_POLICY)
    texts = {f.text for f in found}
    if wanted is not None:
        assert wanted in texts
    if unwanted is not None:
        assert unwanted not in texts


def test_given_names_are_stricter_than_census_names(words: dict[str, float]) -> None:
    """A name only in the international list must be rarer as an English word to count."""
    names = {"ronaldo": NameEntry("given", 3.75, 0.0, 0), "neat": NameEntry("given", 3.9, 0.0, 0),
             "rose": NameEntry("first", 3.9, 0.0, 0)}
    rec = NameListRecognizer(names, words, given_max_zipf=3.8)
    assert rec.is_name("ronaldo") and rec.is_name("rose") and not rec.is_name("neat")
