"""Table-driven tests for the regex recognizers (no NLP model needed)."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.recognizers.age_recognizer import AgeRecognizer, parse_age
from safe_archive.core.scrub.recognizers.institution_recognizer import InstitutionRecognizer
from safe_archive.core.scrub.recognizers.international_phone_recognizer import (
    InternationalPhoneRecognizer,
)
from safe_archive.core.scrub.recognizers.offline_email_recognizer import (
    OfflineEmailRecognizer,
    offline_tldextract,
)
from safe_archive.core.scrub.recognizers.social_url_recognizer import SocialUrlRecognizer
from safe_archive.core.scrub.recognizers.specific_date_recognizer import SpecificDateRecognizer
from safe_archive.core.scrub.recognizers.street_address_recognizer import (
    StreetAddressRecognizer,
)
from safe_archive.core.scrub.recognizers.username_recognizer import UsernameRecognizer

USERNAMES = [
    ("hi @jane_doe!", ["@jane_doe"]),
    ("thanks @JaneDoe88, really", ["@JaneDoe88"]),
    ("find me at @survivor@mastodon.social", ["@survivor@mastodon.social"]),
    ("bsky: @jane.bsky.social ok", ["@jane.bsky.social"]),
    ("custom @jane.example.com here", ["@jane.example.com"]),
    ("posted by u/throwaway_jane", ["u/throwaway_jane"]),
    ("see /u/Another_User", ["/u/Another_User"]),
    ("profile twitter.com/jane_doe", ["twitter.com/jane_doe"]),
    ("https://x.com/jane/status/123", ["https://x.com/jane/status/123"]),
    ("fedi https://mastodon.social/@jane", ["https://mastodon.social/@jane"]),
    ("https://bsky.app/profile/jane.bsky.social", ["https://bsky.app/profile/jane.bsky.social"]),
    ("end of sentence @jane.", ["@jane"]),
    ("full-width ＠jane works", ["＠jane"]),
    ("RT @_Mo_lee_: hi", ["@_Mo_lee_"]),  # leading and trailing underscores
    ("@@Marti_Sara1D icon", ["@Marti_Sara1D"]),  # doubled @
    # not handles
    ("mail jane@gmail.com", []),
    ("meet @ 5pm", []),
    ("x.com/i/flow/login", []),
]


@pytest.mark.parametrize(("text", "expected"), USERNAMES)
def test_username(text: str, expected: list[str]) -> None:
    found = {text[r.start:r.end] for r in UsernameRecognizer().analyze(text, [])}
    # overlapping rules may report the same handle twice; the longest one must be there
    assert sorted(found - {f for f in found if any(f != g and f in g for g in found)}) \
        == sorted(expected)


URLS = [
    ("read https://t.co/AbC123xyz.", ["https://t.co/AbC123xyz"]),
    ("short t.co/xyz987 here", ["t.co/xyz987"]),
    ("http://bit.ly/2abcDEF now", ["http://bit.ly/2abcDEF"]),
    ("www.example.com/story?id=12", ["www.example.com/story?id=12"]),
    ("example.org/path/to/post", ["example.org/path/to/post"]),
    ("(see https://news.example.co.uk/a.html)", ["https://news.example.co.uk/a.html"]),
    ("blog janedoe.blog", ["janedoe.blog"]),
    ("youtu.be/dQw4w9WgXcQ", ["youtu.be/dQw4w9WgXcQ"]),
    # not URLs: sentence glue and numbers
    ("wait...what", []),
    ("nice glove.It helps", []),
    ("gonna.be fine", []),
    ("pi is 3.14", []),
]


@pytest.mark.parametrize(("text", "expected"), URLS)
def test_url(text: str, expected: list[str]) -> None:
    found = {text[r.start:r.end] for r in SocialUrlRecognizer().analyze(text, [])}
    assert sorted(found) == sorted(expected)


EMAILS = [
    ("mail jane.doe@gmail.com now", ["jane.doe@gmail.com"]),
    ("j.doe+metoo@uni.ac.uk", ["j.doe+metoo@uni.ac.uk"]),
    ("Contact: HELP@Example.ORG.", ["HELP@Example.ORG"]),
    ("jane dot doe at gmail dot com", ["jane dot doe at gmail dot com"]),
    ("jane(at)gmail(dot)com", ["jane(at)gmail(dot)com"]),
    # written in capitals or with other white space: the rules ignore case, and so must the
    # check that decides whether they run at all
    ("JANE DOT DOE AT GMAIL DOT COM", ["JANE DOT DOE AT GMAIL DOT COM"]),
    ("write to jane\tat\tgmail.com", ["jane\tat\tgmail.com"]),
    ("Jane(AT)Gmail(DOT)com", ["Jane(AT)Gmail(DOT)com"]),
    ("a@b.notarealtld", []),
    ("meet at home", []),
    ("look at this. com on", []),
    ("read at www.whitehouse.gov", []),  # a link, not an obfuscated address
]


@pytest.mark.parametrize(("text", "expected"), EMAILS)
def test_email_offline(text: str, expected: list[str]) -> None:
    rec = OfflineEmailRecognizer(offline_tldextract())
    assert sorted({text[r.start:r.end] for r in rec.analyze(text, [])}) == sorted(expected)


PHONES = [
    ("call (555) 123-4567", ["(555) 123-4567"]),
    ("uk +44 20 7946 0958", ["+44 20 7946 0958"]),
    ("UK mobile 07700 900123!", ["07700 900123"]),
    ("fr +33 1 42 68 53 00", ["+33 1 42 68 53 00"]),
    ("in +91 98765 43210", ["+91 98765 43210"]),
    ("number 602.555.0123", ["602.555.0123"]),
    ("years 2019 2020 2021", []),
    ("zip 12345", []),
]


@pytest.mark.parametrize(("text", "expected"), PHONES)
def test_phone(text: str, expected: list[str]) -> None:
    found = {text[r.start:r.end] for r in InternationalPhoneRecognizer().analyze(text, [])}
    assert sorted(found) == sorted(expected)


AGES = [
    ("I was 13", ["13"]),
    ("i was thirteen when it started", ["thirteen"]),
    ("thirteen years old", ["thirteen years old"]),
    ("a 15-year-old girl", ["15-year-old"]),
    ("she was only 12.", ["12"]),
    ("13yo me", ["13yo"]),
    ("aged 9", ["9"]),
    ("at the age of twenty-one", ["twenty-one"]),
    ("I was 13 minutes late", []),
    ("I was 2 times told", []),
]


@pytest.mark.parametrize(("text", "expected"), AGES)
def test_age(text: str, expected: list[str]) -> None:
    found = {text[r.start:r.end] for r in AgeRecognizer().analyze(text, [])}
    assert sorted(found) == sorted(expected)


@pytest.mark.parametrize(("text", "age"), [("13", 13), ("thirteen years old", 13),
                                           ("twenty-one", 21), ("15-year-old", 15), ("x", None)])
def test_parse_age(text: str, age: int | None) -> None:
    assert parse_age(text) == age


INSTITUTIONS = [
    ("coach at Desert Vista High", [("Desert Vista High", "SCHOOL")]),
    ("went to Lincoln Middle School", [("Lincoln Middle School", "SCHOOL")]),
    ("University of Arizona", [("University of Arizona", "SCHOOL")]),
    ("at St. Mary's Hospital", [("St. Mary's Hospital", "LOCATION")]),
    ("she works at Walmart now", [("Walmart", "WORKPLACE")]),
    ("The School was closed", []),
    ("all lower case high school", []),
]


@pytest.mark.parametrize(("text", "expected"), INSTITUTIONS)
def test_institution(text: str, expected: list[tuple[str, str]]) -> None:
    found = {(text[r.start:r.end], r.entity_type) for r in InstitutionRecognizer().analyze(text, [])}
    assert sorted(found) == sorted(expected)


ADDRESSES = [
    ("lived at 1234 E Main St apt 5", ["1234 E Main St apt 5"]),
    ("12 Baker Street", ["12 Baker Street"]),
    ("PO Box 12", ["PO Box 12"]),
    ("London SW1A 1AA", ["SW1A 1AA"]),
    ("I have 3 cats", []),
]


@pytest.mark.parametrize(("text", "expected"), ADDRESSES)
def test_street_address(text: str, expected: list[str]) -> None:
    found = {text[r.start:r.end] for r in StreetAddressRecognizer().analyze(text, [])}
    assert sorted(found) == sorted(expected)


DATES = [
    ("on March 3, 2019 it happened", ["March 3, 2019"]),
    ("3/14/2019", ["3/14/2019"]),
    ("the 4th of July", ["the 4th of July"]),
    ("2019-03-14", ["2019-03-14"]),
    ("you may 5 times", []),
    ("in March 2019", []),  # month and year are already coarse
    ("back in 2019", []),
]


@pytest.mark.parametrize(("text", "expected"), DATES)
def test_specific_date(text: str, expected: list[str]) -> None:
    found = {text[r.start:r.end] for r in SpecificDateRecognizer().analyze(text, [])}
    assert sorted(found) == sorted(expected)
