"""Caches kept for speed hold no state a result could depend on (issue 13 speed)."""

from __future__ import annotations

import numpy as np
import pytest

from safe_archive.core.scrub import engine as engine_mod
from safe_archive.core.scrub.engine import CompactKeyRows


def test_compact_key_rows_answer_the_same_after_forgetting(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = np.array([3, 10, 2**63 + 5, 2**64 - 1], dtype=np.uint64)
    rows = CompactKeyRows(keys, np.array([7, 0, 2, 1], dtype=np.int64))
    monkeypatch.setattr(engine_mod, "_SEEN_LIMIT", 2)
    asked = [10, 4, 3, 2**64 - 1, 2**63 + 5, 10, 11, 3]
    want = [0, None, 7, 1, 2, 0, None, 7]
    for _ in range(3):  # the memo is cleared every second new key
        assert [rows.get(k) for k in asked] == want
        assert len(rows._seen) <= 2
    assert 3 in rows and 4 not in rows and rows[2**63 + 5] == 2


def test_language_identifier_remembers_one_text_only() -> None:
    from safe_archive.core.scrub.language import LanguageIdentifier

    ident = LanguageIdentifier({"the": 7.0, "was": 6.5, "home": 5.5, "and": 7.0})
    a = "Ayer fue un día muy largo y no quería hablar con nadie de la escuela."
    b = "the dog was home and the cat was home"
    first = [ident.classify(a), ident.classify(b), ident.second_language(a), ident.classify(a)]
    fresh = LanguageIdentifier({"the": 7.0, "was": 6.5, "home": 5.5, "and": 7.0})
    assert first == [fresh.classify(a), fresh.classify(b), fresh.second_language(a),
                     fresh.classify(a)]
    assert first[0] != first[1]
