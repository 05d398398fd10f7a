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
