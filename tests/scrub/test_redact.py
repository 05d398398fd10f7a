"""Redaction styles, pseudonym labels, generalization."""

from __future__ import annotations

import pytest

from safe_archive.core.model import Finding
from safe_archive.core.scrub.generalize import (
    age_bracket,
    generalize,
    generalize_date,
    generalize_location,
    generalize_school,
)
from safe_archive.core.scrub.policy import DEFAULT_POLICY, Action
from safe_archive.core.redaction.styles import mask, surrogate
from safe_archive.core.scrub.render import InMemoryLabeler, redact

TEXT = "Jake hurt me when I was 13, call @jake_t or jake@x.com. JAKE knows."


def found(text: str = TEXT) -> list[Finding]:
    def at(sub: str, etype: str, nth: int = 0) -> Finding:
        start = -1
        for _ in range(nth + 1):
            start = text.index(sub, start + 1)
        return Finding(start, start + len(sub), etype, 0.9, "test", sub)

    return [at("Jake", "PERSON"), at("13", "AGE"), at("@jake_t", "USERNAME"),
            at("jake@x.com", "EMAIL_ADDRESS"), at("JAKE", "PERSON")]


def test_default_policy() -> None:
    out = redact(TEXT, found(), DEFAULT_POLICY, InMemoryLabeler())
    # the same person (any case) gets the same label; the age is generalized
    assert out == ("[PERSON_1] hurt me when I was [age 12–14], call [USERNAME_1] or "
                   "[EMAIL_ADDRESS]. [PERSON_1] knows.")


STYLES = [
    ("placeholder", "[PERSON] hurt me when I was [AGE], call [USERNAME] or [EMAIL_ADDRESS]. "
                    "[PERSON] knows."),
    ("redact", "████ hurt me when I was ██, call ███████ or ██████████. ████ knows."),
    ("mask", "J*** hurt me when I was 1*, call @j***** or j*********. J*** knows."),
]


@pytest.mark.parametrize(("style", "expected"), STYLES)
def test_styles(style: str, expected: str) -> None:
    assert redact(TEXT, found(), DEFAULT_POLICY, InMemoryLabeler(), style=style) == expected


def test_flag_and_keep_leave_text() -> None:
    policy = DEFAULT_POLICY.with_rule("PERSON", "flag").with_rule("AGE", "keep")
    out = redact(TEXT, found(), policy, InMemoryLabeler())
    assert out.startswith("Jake hurt me when I was 13, call [USERNAME_1]")
    assert "JAKE knows" in out


def test_surrogate_is_stable_and_plausible() -> None:
    a = redact(TEXT, found(), DEFAULT_POLICY, InMemoryLabeler(), style=Action.SURROGATE)
    b = redact(TEXT, found(), DEFAULT_POLICY, InMemoryLabeler(), style=Action.SURROGATE)
    assert a == b
    assert "Jake" not in a and "jake" not in a
    assert surrogate("EMAIL_ADDRESS", "a@b.com").endswith("@example.org")
    assert surrogate("USERNAME", "@x").startswith("@user")


def test_labeler_numbers_in_order() -> None:
    lab = InMemoryLabeler()
    assert [lab.label("PERSON", "jake"), lab.label("PERSON", "amy"), lab.label("PERSON", "jake"),
            lab.label("USERNAME", "jake")] == ["PERSON_1", "PERSON_2", "PERSON_1", "USERNAME_1"]


def test_mask_keeps_at_sign() -> None:
    assert mask("@jane") == "@j***"
    assert mask("Mary Ann") == "M*** ***"


@pytest.mark.parametrize(("age", "bracket"), [(13, "age 12–14"), (12, "age 12–14"),
                                              (16, "age 15–17"), (5, "age 3–5"),
                                              (25, "age 20s"), (41, "age 40s")])
def test_age_bracket(age: int, bracket: str) -> None:
    assert age_bracket(age) == bracket


@pytest.mark.parametrize(("text", "out"), [
    ("March 3, 2019", "March 2019"), ("3/14/2019", "March 2019"), ("2019-03-14", "March 2019"),
    ("the 4th of July", "July"), ("14/3/2019", "March 2019"),
])
def test_generalize_date(text: str, out: str) -> None:
    assert generalize_date(text) == out


@pytest.mark.parametrize(("text", "out"), [
    ("Desert Vista High", "a high school"), ("Lincoln Middle School", "a middle school"),
    ("Oak Elementary", "an elementary school"), ("University of Arizona", "a university"),
    ("Mesa Community College", "a community college"), ("St. Paul's Academy", "a school"),
])
def test_generalize_school(text: str, out: str) -> None:
    assert generalize_school(text) == out


@pytest.mark.parametrize(("text", "out"), [
    ("Tempe", "Arizona"), ("tempe", "Arizona"), ("Manchester", "England"),
    ("Arizona", "the United States"), ("Tempe, Arizona", "Arizona"),
    ("St. Mary's Hospital", "a hospital"), ("Smallville", "a place"),
])
def test_generalize_location(text: str, out: str) -> None:
    assert generalize_location(text) == out


def test_generalize_in_text() -> None:
    text = "coach at Desert Vista High when I was 13"
    fs = [Finding(9, 26, "SCHOOL", 0.7, "t"), Finding(38, 40, "AGE", 0.7, "t")]
    assert redact(text, fs, DEFAULT_POLICY, InMemoryLabeler()) == \
        "coach at [a high school] when I was [age 12–14]"
    assert generalize("WORKPLACE", "Walmart") == "[a workplace]"
