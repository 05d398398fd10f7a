"""The one passphrase policy for new passphrases: ``init``, ``passwd``, ``export --encrypt``
and the app's "create archive" form all call :func:`assess` / :func:`check_new_passphrase`.

Strength is estimated with zxcvbn (dictionaries of common passwords, names and words,
keyboard patterns, repeats, sequences, dates, l33t substitutions), not by counting character
classes: "P@ssw0rd1" is weak however many classes it has, four random words are strong.

* Below the floor (shorter than :data:`MIN_LENGTH`, or fewer than 10^8 estimated guesses,
  zxcvbn score < 3) the passphrase is refused with one line saying why.
* Between the floor and good (score 3: 10^8–10^10 guesses) it is accepted with a warning.
* Score 4 (10^10 guesses or more) is good.

The Argon2id slot (about 0.6 s per guess here) is what makes each guess expensive; the floor
keeps a passphrase out of the first hundred million guesses of a dictionary attack (about
two CPU-years at that cost, far less on an attacker's many cores).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from safe_archive.core.errors import SafeArchiveError

MIN_LENGTH = 8
FLOOR_SCORE = 3  # zxcvbn: >= 10^8 guesses
GOOD_SCORE = 4  # zxcvbn: >= 10^10 guesses
# zxcvbn's run time grows quickly with length and it refuses over 72 characters; a prefix of a
# passphrase is never stronger than the whole, so estimating on the prefix is conservative.
_ESTIMATE_CHARS = 72
LEVELS = ("Too short", "Very weak", "Weak", "Fair", "Strong")


class WeakPassphrase(SafeArchiveError):
    """A new passphrase below the floor."""


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the policy thinks of a new passphrase."""

    level: int  # 0..4, an index into LEVELS: 0 too short, else zxcvbn's score clamped to 1..4
    guesses_log10: float
    acceptable: bool  # at or above the floor
    good: bool  # at or above GOOD_SCORE
    problem: str  # why it is refused or warned about ("" when good)

    @property
    def label(self) -> str:
        return LEVELS[self.level]

    @property
    def bits(self) -> float:
        return self.guesses_log10 * math.log2(10)


def assess(passphrase: str, user_inputs: Sequence[str] = ()) -> Assessment:
    """Estimate ``passphrase``'s strength. ``user_inputs`` are words an attacker may know
    (the archive folder's name, the user name): they count as guessable."""
    from zxcvbn import zxcvbn  # ~40 ms to import its dictionaries: only when asked

    if len(passphrase.strip()) < MIN_LENGTH:
        return Assessment(0, 0.0, False, False,
                          f"it is shorter than {MIN_LENGTH} characters; use four or more words")
    result = zxcvbn(passphrase[:_ESTIMATE_CHARS], user_inputs=[str(u) for u in user_inputs if u])
    score = int(result["score"])
    guesses = float(result["guesses_log10"])
    hint = str(result["feedback"].get("warning") or "").rstrip(".")
    if score < FLOOR_SCORE:
        why = hint[:1].lower() + hint[1:] if hint else "it would be among the first 10^8 guesses of a dictionary attack"
        return Assessment(max(score, 1), guesses, False, False,
                          f"{why}; use four or more uncommon words")
    if score < GOOD_SCORE:
        return Assessment(score, guesses, True, False,
                          "it is only fair: a longer passphrase (four or more uncommon words) is "
                          "much harder to guess")
    return Assessment(score, guesses, True, True, "")


def check_new_passphrase(passphrase: str, *, what: str = "passphrase",
                         user_inputs: Sequence[str] = ()) -> Assessment:
    """Refuse a new passphrase below the floor (:class:`WeakPassphrase`, one line, the
    passphrase itself never quoted); return the assessment otherwise (``problem`` is the warning
    to show when it is not ``good``)."""
    result = assess(passphrase, user_inputs)
    if not result.acceptable:
        raise WeakPassphrase(f"The new {what} is too weak: {result.problem}.")
    return result
