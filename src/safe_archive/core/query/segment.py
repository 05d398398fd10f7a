"""Search in scripts written without spaces between words (Chinese, Japanese, Thai, …).

FTS5's ``unicode61`` tokenizer splits on spaces and punctuation, so "我被性侵了" is one token
and a search for "性侵" finds nothing; Korean words carry particles ("성폭력을"). Runs of these
scripts are therefore also indexed as overlapping character bigrams (the CJK approach of
Lucene's CJKBigramFilter) in a second, contentless FTS5 table, ``posts_fts_cjk``, followed by
every character alone, so that a one-character search is one exact token (as a prefix search
over the bigrams it took 84 ms at 10,000 Chinese posts). A query term in these scripts becomes
a phrase of the same bigrams; single characters never sit between bigrams, so a bigram phrase
cannot match across them. SQLite calls :func:`script_grams` and
:func:`has_script` (registered on every connection by ``db.connect``).
"""

from __future__ import annotations

import re

# Han (+ext. A, compatibility), kana, Hangul syllables and jamo, Thai, Lao, Tibetan, Myanmar, Khmer.
_RANGES = (
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u0f00-\u0fff"  # Tibetan
    "\u1000-\u109f"  # Myanmar
    "\u1100-\u11ff"  # Hangul jamo
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana
    "\u3130-\u318f"  # Hangul compatibility jamo
    "\u3400-\u4dbf"  # Han extension A
    "\u4e00-\u9fff"  # Han
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # Han compatibility
    "\uff66-\uff9f"  # half-width katakana
    "\U00020000-\U0002fa1f"  # Han extensions B-F
)
_RUN = re.compile(f"[{_RANGES}]+")
_ANY = re.compile(f"[{_RANGES}]")


def has_script(text: object) -> int:
    """1 when ``text`` holds any character of these scripts (SQLite-friendly int)."""
    if not isinstance(text, str) or text.isascii():
        return 0
    return 1 if _ANY.search(text) else 0


def runs(text: str) -> list[str]:
    """The runs of these scripts in ``text``, lower-cased (Latin inside is not part of a run)."""
    return _RUN.findall(text.lower())


def strip_runs(text: str) -> str:
    """``text`` with the runs of these scripts replaced by spaces (what ``unicode61`` searches)."""
    return _RUN.sub(" ", text)


def grams(run: str) -> list[str]:
    """Overlapping bigrams of one run ("性侵犯" -> ["性侵", "侵犯"]); a single character alone."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def script_grams(text: object) -> str:
    """What ``posts_fts_cjk`` indexes for ``text``: every run's bigrams, then every character
    of the runs alone, separated by spaces; ``""`` for text without these scripts."""
    if not has_script(text):
        return ""
    found = runs(str(text))
    out: list[str] = []
    for run in found:
        if len(run) > 1:
            out.extend(grams(run))
    for run in found:
        out.extend(run)
    return " ".join(out)


def gram_phrase(run: str) -> str:
    """One query run as an FTS5 phrase over the bigram index (one character: its own token)."""
    return '"' + " ".join(grams(run)) + '"'
