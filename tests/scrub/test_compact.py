"""The compact tables answer exactly as the dicts they replace (core/scrub/compact.py)."""

from __future__ import annotations

import pytest

from safe_archive.core.scrub.compact import CompactFlags, CompactVectors, build


def test_flags_answer_as_a_dict() -> None:
    items = [("明天", 1), ("小明", 3), ("王小明", 2), ("", 1), ("𠀀字", 2), ("a", 0)]
    table = CompactFlags(items)
    expected = dict(items)
    assert len(table) == len(expected)
    for key, value in expected.items():
        assert table.get(key, 9) == value and table[key] == value and key in table
    for missing in ("天气", "明", "小明明", "A", "王小"):
        assert table.get(missing, 0) == 0 and missing not in table
        with pytest.raises(KeyError):
            table[missing]
    assert dict(table.items()) == expected


def test_a_repeated_key_keeps_its_last_value_as_a_dict_does() -> None:
    items = [("词", 1), ("别的", 2), ("词", 3)]
    assert dict(CompactFlags(items).items()) == dict(items) == {"词": 3, "别的": 2}
    index, kept = build(["x", "y", "x"])
    assert len(index) == 2 and sorted(kept) == [1, 2]


@pytest.mark.parametrize("fast", [False, True])
def test_vectors_keep_every_number_exactly(fast: bool) -> None:
    rows = {f"f{i}": (i / 3, -0.1 * i, 1e-300 * i) for i in range(500)}
    table = CompactVectors(rows.items(), 3, fast=fast)
    for key, row in rows.items():
        assert table.get(key) == row
        k = table.find(key)
        assert tuple(table.numbers[3 * k:3 * k + 3]) == row
    assert table.find("f500") == -1 and table.get("f500") is None
    with pytest.raises(ValueError):
        CompactVectors([("bad", (1.0, 2.0))], 3)


def test_equal_hashes_are_told_apart_by_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keys whose hashes collide (forced here: every str hashes alike) are still found
    exactly, and a missing key with the same hash is not found."""
    import safe_archive.core.scrub.compact as compact

    monkeypatch.setattr(compact, "hash", lambda s: 7, raising=False)
    for fast in (False, True):
        table = CompactVectors([("a", (1.0,)), ("b", (2.0,)), ("c", (3.0,))], 1, fast=fast)
        assert [table.get(k) for k in "abcd"] == [(1.0,), (2.0,), (3.0,), None]
    flags = CompactFlags([("a", 1), ("b", 2), ("a", 3)])
    assert dict(flags.items()) == {"a": 3, "b": 2} and flags.get("z") is None


def test_floats_return_each_value_exactly() -> None:
    """Word frequencies (repeated values, stored once each) come back as the same floats;
    0.0 and -0.0 stay apart; a repeated word keeps its last value."""
    from safe_archive.core.scrub.compact import CompactFloats

    items = [("de", 7.51), ("que", 7.4), ("casa", 5.12), ("zero", 0.0), ("neg", -0.0),
             ("dup", 1.0), ("más", 5.12), ("dup", 2.5)]
    table = CompactFloats(items)
    expected = dict(items)
    assert len(table) == len(expected) == 7
    for key, value in expected.items():
        got = table.get(key)
        assert got is not None and got.hex() == value.hex() and table[key] == value
    assert table.get("nada", 0.0) == 0.0 and "nada" not in table
    assert dict(table.items()) == expected


def test_floats_from_a_frequency_file_are_the_same_mapping() -> None:
    """``from_tsv`` (how the word lists load: the per-line work in C) gives what the items
    constructor gives for the same lines: every value exact, the last line of a repeated word,
    "0.0" and "-0.0" apart, two spellings of one number equal."""
    from safe_archive.core.scrub.compact import CompactFloats

    text = "de\t7.51\nque\t7.4\ncasa\t5.12\nzero\t0.0\nneg\t-0.0\ndup\t1.0\nmás\t5.120\ndup\t2.5"
    rows = [line.split("\t") for line in text.splitlines()]
    expected = {w: float(z) for w, z in rows}
    table = CompactFloats.from_tsv(text)
    assert len(table) == len(expected) == 7
    for key, value in expected.items():
        got = table.get(key)
        assert got is not None and got.hex() == value.hex()
    assert dict(table.items()) == dict(CompactFloats((w, float(z)) for w, z in rows).items())
    assert table.get("nada") is None and len(CompactFloats.from_tsv("")) == 0
