"""Disguised names in the scrub (issue 13): every form of the fixture is masked once one form is
confirmed, and at least 90% of them before anything is confirmed."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from safe_archive.core.scrub.engine import EngineConfig
from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput
from safe_archive.core.scrub.policy import CHANGES_TEXT, DEFAULT_POLICY
from safe_archive.core.scrub.recognizers.disguise_recognizer import DisguiseRecognizer
from safe_archive.core.scrub.recognizers.name_list_recognizer import load_names
from safe_archive.core.scrub.scrubber import Scrubber
from tests.scrub.disguise_fixture import IDENTITIES, cases, covered


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    config = EngineConfig()
    if any(f.name == "context_model" for f in fields(EngineConfig)):
        config = replace(config, context_model=False)  # the disguise step does not depend on it
    return Scrubber.load(config)


def _recall(scrubber: Scrubber, known: KnownIdentifiers) -> tuple[float, list[str]]:
    items = cases()
    found = scrubber.scrub([ScrubInput(text=t) for t, *_ in items], known, DEFAULT_POLICY)
    missed = []
    for (text, start, end, _etype, _confirmed), fs in zip(items, found):
        spans = [(f.start, f.end) for f in fs if DEFAULT_POLICY.action(f.entity_type) in CHANGES_TEXT]
        if not covered(text, start, end, spans):
            missed.append(text)
    return 1 - len(missed) / len(items), missed


def test_every_form_is_masked_once_one_form_is_confirmed(scrubber: Scrubber) -> None:
    known = KnownIdentifiers.build(terms=[(c, e) for c, e, _ in IDENTITIES])
    recall, missed = _recall(scrubber, known)
    assert recall == 1.0, missed


def test_unconfirmed_disguised_forms_are_mostly_masked(scrubber: Scrubber) -> None:
    recall, missed = _recall(scrubber, KnownIdentifiers())
    print(f"disguise fixture, unconfirmed: recall {recall:.3f}; missed {missed}")
    assert recall >= 0.90, missed


def test_the_disguise_recognizer_alone() -> None:
    rec = DisguiseRecognizer(load_names())
    text = "so proud of the_real_oksana, priya_acht56 and Jessica_Miller; Ⓙⓔⓢⓢⓘⓒⓐ and J e s s i c a too"
    got = {(text[r.start:r.end], r.entity_type) for r in rec.analyze(text, [])}
    assert got == {("the_real_oksana", "USERNAME"), ("priya_acht56", "USERNAME"), ("Jessica_Miller", "PERSON"),
                   ("Ⓙⓔⓢⓢⓘⓒⓐ", "PERSON"), ("J e s s i c a", "PERSON")}
    assert rec.analyze("max_value = 3; well-known self-care; the U.S.A.; my iPhone; Amazon.com", []) == []
