"""Rendering stored text (generalising ages and dates) must not load Presidio or spaCy.

``scrub.generalize`` runs whenever the archive renders a post; it took parse_age and the month
names from the recognizer modules, whose import pulls in presidio_analyzer (about 7 s of
imports on the first review decision or demo archive). They live in ``scrub.numbers`` now.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from safe_archive.core.scrub.generalize import generalize
from safe_archive.core.scrub import entities as E
print(generalize(E.AGE, "thirteen years old"), generalize(E.DATE, "12 March 2019"))
heavy = sorted(m for m in ("presidio_analyzer", "spacy", "onnxruntime") if m in sys.modules)
print("HEAVY", heavy)
"""


def test_generalising_stored_text_loads_no_nlp() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out, out
    first = out.splitlines()[0]
    assert "13" not in first and "thirteen" not in first.casefold(), first


def test_recognizers_still_share_the_numbers() -> None:
    from safe_archive.core.scrub.numbers import MONTHS, NUMBER_WORDS, parse_age
    from safe_archive.core.scrub.recognizers import age_recognizer, specific_date_recognizer

    assert age_recognizer.parse_age is parse_age
    assert age_recognizer.NUMBER_WORDS is NUMBER_WORDS
    assert specific_date_recognizer.MONTHS is MONTHS
    assert parse_age("twenty-one yrs old") == 21
