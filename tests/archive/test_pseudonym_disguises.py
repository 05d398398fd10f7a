"""One pseudonym for every disguise of a name (issue 14): the scrub confirms "Jessica Miller",
propagation finds it in every disguised form, and each is rendered with the same number."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from safe_archive.core.model import Finding
from safe_archive.core.scrub.known import KnownIdentifiers, ScrubInput
from safe_archive.core.scrub.policy import Policy
from tests.export.helpers import add_post, new_archive

FORMS = ["Jessica_Miller", "JessicaMiller", "#JessicaMiller", "@jessica_miller", "𝓙𝓮𝓼𝓼𝓲𝓬𝓪 𝓜𝓲𝓵𝓵𝓮𝓻",
         "Jes\u200bsica Miller", "ＪＥＳＳＩＣＡ ＭＩＬＬＥＲ", "jessica dot miller"]


def _plain_name_only(inputs: Sequence[ScrubInput], known: KnownIdentifiers, policy: Policy) -> list[list[Finding]]:
    # a stand-in engine that finds (and confirms, score 0.9) only the plain name, and one other person
    out = []
    for i in inputs:
        found = []
        for name in ("Jessica Miller", "Tom Baker"):
            at = i.text.find(name)
            if at >= 0:
                found.append(Finding(at, at + len(name), "PERSON", 0.9, "test", name))
        out.append(found)
    return out


def test_every_disguise_of_a_name_gets_its_pseudonym(tmp_path: Path) -> None:
    archive = new_archive(tmp_path / "a")
    try:
        first = add_post(archive, "Jessica Miller hurt me and Tom Baker saw it", scrubbed=False)
        ids = [add_post(archive, f"it was {form} again", scrubbed=False) for form in FORMS]
        archive.scrubber(scrub_fn=_plain_name_only).scrub()
        plain = archive.get_post(first).redacted_text or ""
        labels = re.findall(r"\[PERSON_\d+\]", plain)
        assert len(labels) == 2 and labels[0] != labels[1], plain  # two people, two numbers
        for pid, form in zip(ids, FORMS):
            assert archive.get_post(pid).redacted_text == f"it was {labels[0]} again", form
    finally:
        archive.close()
