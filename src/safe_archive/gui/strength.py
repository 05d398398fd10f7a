"""The strength meter of the "create archive" form: a thin view of the core passphrase policy
(``safe_archive.core.passphrase_policy``), the same one ``init``, ``passwd`` and
``export --encrypt`` apply, so the app and the CLI accept and refuse the same passphrases.
"""

from __future__ import annotations

from dataclasses import dataclass

from safe_archive.core.passphrase_policy import FLOOR_SCORE, LEVELS, assess

__all__ = ["FLOOR_SCORE", "LEVELS", "Strength", "estimate"]


@dataclass(frozen=True)
class Strength:
    bits: float
    level: int  # 0..4, an index into LEVELS
    acceptable: bool = True
    problem: str = ""  # why it is refused, or the warning when only fair

    @property
    def label(self) -> str:
        return LEVELS[self.level]


def estimate(passphrase: str) -> Strength:
    result = assess(passphrase)
    return Strength(result.bits, result.level, result.acceptable, result.problem)
