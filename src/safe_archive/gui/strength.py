"""A passphrase strength estimate for the meter (no dictionary shipped; deliberately modest).

Counts the character pool and length, penalises repeats and sequences, and rewards several
words. It is a nudge, not a guarantee: the Argon2id slot is what makes guessing slow.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_COMMON = {"password", "passphrase", "123456", "qwerty", "letmein", "welcome", "iloveyou", "admin", "secret"}
LEVELS = ("Too short", "Weak", "Fair", "Good", "Strong")


@dataclass(frozen=True)
class Strength:
    bits: float
    level: int  # 0..4, an index into LEVELS

    @property
    def label(self) -> str:
        return LEVELS[self.level]


def estimate(passphrase: str) -> Strength:
    if len(passphrase) < 8:
        return Strength(0.0, 0)
    pool = 0
    if re.search(r"[a-z]", passphrase):
        pool += 26
    if re.search(r"[A-Z]", passphrase):
        pool += 26
    if re.search(r"[0-9]", passphrase):
        pool += 10
    if re.search(r"[^a-zA-Z0-9\s]", passphrase):
        pool += 33
    if re.search(r"\s", passphrase):
        pool += 1
    if any(ord(c) > 127 for c in passphrase):
        pool += 100
    # effective length: collapse runs and simple sequences
    effective = 0.0
    prev = ""
    for ch in passphrase:
        if ch == prev or (prev and abs(ord(ch) - ord(prev)) == 1):
            effective += 0.25
        else:
            effective += 1
        prev = ch
    bits = effective * math.log2(max(pool, 2))
    lowered = passphrase.lower()
    if any(word in lowered for word in _COMMON):
        bits -= 20
    words = [w for w in re.split(r"[\s\-_.,]+", passphrase) if len(w) >= 3]
    if len(words) >= 4:
        bits = max(bits, 11.0 * len(words))  # roughly a diceware word each
    bits = max(bits, 0.0)
    level = 1 if bits < 40 else 2 if bits < 60 else 3 if bits < 80 else 4
    return Strength(bits, level)
