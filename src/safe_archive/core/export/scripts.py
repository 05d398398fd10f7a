"""The writing system a post is written in, for the export manifest.

Counted on the redacted text, without our stand-ins ([PERSON_1], [an age]), which are Latin
whatever the post's language. A post is counted under the writing system most of its letters
belong to; Han with any kana is Japanese. Ranges, not a language guess: Arabic script holds
Persian and Urdu too, Latin most languages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_STAND_IN = re.compile(r"\[[^\[\]\n]{1,60}\]")
_SYSTEMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((name, re.compile(f"[{chars}]")) for name, chars in (
    ("Latin", "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"),
    ("Cyrillic", "\u0400-\u052f"),
    ("Greek", "\u0370-\u03ff\u1f00-\u1fff"),
    ("Arabic", "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"),
    ("Hebrew", "\u0590-\u05ff\ufb1d-\ufb4f"),
    ("Devanagari", "\u0900-\u097f\ua8e0-\ua8ff"),
    ("Bengali", "\u0980-\u09ff"),
    ("Tamil", "\u0b80-\u0bff"),
    ("Thai", "\u0e00-\u0e7f"),
    ("Hangul", "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"),
    ("kana", "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"),
    ("Han", "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"),
))
_ASCII_LETTER = re.compile("[A-Za-z]")


def writing_system(text: str) -> str:
    """The writing system most letters of ``text`` are in ("Latin", "Arabic", "Han (Chinese)",
    "Japanese", …; "other" for letters of none listed, "no letters" for none at all)."""
    text = _STAND_IN.sub(" ", text)
    if text.isascii():
        return "Latin" if _ASCII_LETTER.search(text) else "no letters"
    counts = {name: len(rx.findall(text)) for name, rx in _SYSTEMS}
    if counts["kana"]:
        counts["Japanese"] = counts.pop("kana") + counts.pop("Han")
    else:
        counts["Han (Chinese)"] = counts.pop("Han")
        counts.pop("kana")
    name, n = max(counts.items(), key=lambda kv: kv[1])
    if n:
        return name
    return "other" if any(ch.isalpha() for ch in text) else "no letters"


def by_writing_system(texts: Iterable[str]) -> dict[str, int]:
    """Posts per writing system, the most first."""
    counts = Counter(writing_system(t) for t in texts)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
