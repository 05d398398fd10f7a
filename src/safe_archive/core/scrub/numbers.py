"""Number words, month names and reading an age back from a finding: plain Python, no Presidio.

The recognizers (age, specific date) build their patterns from these, and the generalisation
of stored text (``scrub.generalize``, run whenever the archive renders a post) reads them too;
keeping them here means rendering a post never loads Presidio and spaCy (7 s of imports).
"""

from __future__ import annotations

import re

UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
         "fourteen fifteen sixteen seventeen eighteen nineteen").split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(UNITS)}
for _t, _w in enumerate(TENS, start=2):
    NUMBER_WORDS[_w] = _t * 10
    for _u in range(1, 10):
        NUMBER_WORDS[f"{_w}-{UNITS[_u]}"] = _t * 10 + _u
        NUMBER_WORDS[f"{_w} {UNITS[_u]}"] = _t * 10 + _u

MONTHS = ("january february march april may june july august september october november "
          "december").split()


def parse_age(text: str) -> int | None:
    """The number in an AGE finding's text ("13", "thirteen years old", "15-year-old")."""
    m = re.search(r"\d{1,3}", text)
    if m:
        return int(m.group())
    low = " ".join(text.casefold().replace("-", " - ").split()).replace(" - ", "-")
    for w in sorted(NUMBER_WORDS, key=len, reverse=True):
        if re.search(rf"\b{re.escape(w)}\b", low):
            return NUMBER_WORDS[w]
    return None
