"""English outside tweets (issue 13): software and platform names, plural nouns opening a
sentence and clitics are not names."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.known import ScrubInput
from safe_archive.core.scrub.scrubber import Scrubber


@pytest.mark.parametrize("text, word", [
    ("I have been learning Rust and Python this year.", "Rust"),
    ("I have been learning Rust and Python this year.", "Python"),
    ("Decorators in Python are just functions.", "Decorators"),
    ("I posted it on Twitter yesterday.", "Twitter"),
    ("Twitter is a mess now", "Twitter"),
    ("Export the CSV file and open it.", "CSV"),
    ("Save as CSV or JSON.", "JSON"),
])
def test_not_names(scrubber: Scrubber, text: str, word: str) -> None:
    found = scrubber.scrub([ScrubInput(text)])[0]
    assert not any(word in f.text for f in found), [(f.text, f.entity_type) for f in found]


@pytest.mark.parametrize("text", [
    "Thank you Mr President. It’s Obama who signed it.",
    "Thank you Mr President. It's Obama who signed it.",
])
def test_clitic_is_not_part_of_the_name(scrubber: Scrubber, text: str) -> None:
    found = scrubber.scrub([ScrubInput(text)])[0]
    names = [f.text for f in found if f.entity_type == "PERSON"]
    assert "Obama" in names and not any("’s" in n or "'s" in n for n in names), names


@pytest.mark.parametrize("text, name", [
    ("I met Jessica Williams at the party.", "Jessica Williams"),
    ("Williams said nothing when I told him.", "Williams"),
    ("Ask Rogers, he knows.", "Rogers"),
])
def test_names_still_found(scrubber: Scrubber, text: str, name: str) -> None:
    found = scrubber.scrub([ScrubInput(text)])[0]
    assert any(name in f.text for f in found if f.entity_type == "PERSON"), [
        (f.text, f.entity_type) for f in found]


def test_inflected_word(scrubber: Scrubber) -> None:
    from safe_archive.core.scrub.recognizers.name_list_recognizer import NameListRecognizer

    rec = NameListRecognizer(scrubber.engine.names, scrubber.engine.words)
    assert rec.inflected_word("Decorators") and rec.inflected_word("Parsing")
    assert not rec.inflected_word("Williams") and not rec.inflected_word("Jessica")


@pytest.mark.parametrize("span, kept", [
    ("A. J. Berglund", "A. J. Berglund"),  # "A." is an initial, not the article "a"
    ("the A. J. Berglund", "A. J. Berglund"),  # the article still goes
])
def test_initial_a_stays_in_the_name(scrubber: Scrubber, span: str, kept: str) -> None:
    from presidio_analyzer import RecognizerResult

    from safe_archive.core.scrub.batch import _trim_person

    text = f"We read a book by {span} last year."
    s = text.index(span)
    r = RecognizerResult("PERSON", s, s + len(span), 0.8, recognition_metadata={
        RecognizerResult.RECOGNIZER_NAME_KEY: "SocialNerRecognizer"})
    out = _trim_person(r, text, scrubber.engine)
    assert out is not None and text[out.start:out.end] == kept
