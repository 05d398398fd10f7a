"""Compact read-only string tables for the scrubber's large lexicons.

A ``dict`` of 100,000+ short strings costs ~150-250 bytes an entry (the key object, the value
objects, the hash table); a scrub worker holds several such tables, and must stay within its
memory budget (issue 13: 500 MiB). :class:`StringIndex` keeps the same keys as one joined string,
their offsets and their hashes in flat arrays (~25 bytes an entry) and finds a key by binary
search over the hashes, then compares the key itself: lookups are exact (a table answers as the
``dict`` it replaces would), only slower (~0.7 µs; :meth:`StringIndex.speed_up` for tables read
in a hot loop).

The hashes are Python's own ``hash`` of the keys, computed when a table is built in the process
that uses it, so their randomisation per process (PYTHONHASHSEED) changes the layout, never an
answer.
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from itertools import accumulate
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TypeVar


class StringIndex:
    """Exact lookup of a position 0..n-1 for each of n distinct strings (made by
    :func:`build`)."""

    __slots__ = ("_by_key", "_hashes", "_joined", "_offsets")

    def __init__(self, hashes: array[int], joined: str, offsets: array[int]) -> None:
        self._hashes = hashes  # ascending
        self._joined = joined
        self._offsets = offsets
        self._by_key: dict[str, int] | None = None

    def speed_up(self) -> None:
        """Find keys through a dict of them (as fast as the dict the table replaces, ~50 ns
        a lookup instead of ~700 ns, for ~110 bytes more a key): for a table looked up many
        times per character. The numbers stay in the flat arrays."""
        self._by_key = {self.key(i): i for i in range(len(self))}

    def __len__(self) -> int:
        return len(self._hashes)

    def find(self, key: str) -> int:
        """The position of ``key``, or -1 when it is not in the table."""
        if self._by_key is not None:
            return self._by_key.get(key, -1)
        h = hash(key)
        hashes = self._hashes
        i = bisect_left(hashes, h)
        n = len(hashes)
        while i < n and hashes[i] == h:
            if self._joined[self._offsets[i]:self._offsets[i + 1]] == key:
                return i
            i += 1
        return -1

    def find_all(self, keys: Iterable[str]) -> list[int]:
        """:meth:`find` of each key, in one call (a hot loop's lookups)."""
        if self._by_key is None:
            return [self.find(k) for k in keys]
        get = self._by_key.get
        return [get(k, -1) for k in keys]

    def key(self, i: int) -> str:
        return self._joined[self._offsets[i]:self._offsets[i + 1]]


def build(keys: Sequence[str]) -> tuple[StringIndex, list[int]]:
    """An index of the distinct ``keys`` and, per position, which item of ``keys`` it holds (of
    repeated keys the last, as a ``dict`` built from them keeps the last value). Sorting runs
    in numpy so building holds little besides ``keys``."""
    import numpy as np

    n = len(keys)
    hashes = np.fromiter(map(hash, keys), dtype=np.int64, count=n)
    order = np.argsort(hashes, kind="stable")  # equal hashes keep the order of keys
    hashes = hashes[order]
    kept: list[int] = []
    same = np.zeros(n, dtype=bool)
    if n > 1:
        same[1:] = hashes[1:] == hashes[:-1]
    if not same.any():  # no two keys share a hash (the usual case): sorted as they are
        kept = order.tolist()
        ordered = [keys[i] for i in kept]
        hash_array = array("q")
        hash_array.frombytes(hashes.tobytes())
    else:
        run_start = 0  # where the current run of equal hashes starts in kept
        for i, repeat in zip(order.tolist(), same.tolist()):
            if repeat:
                for j in range(run_start, len(kept)):
                    if keys[kept[j]] == keys[i]:
                        kept[j] = i  # a later repeat of the key wins
                        break
                else:
                    kept.append(i)
            else:
                run_start = len(kept)
                kept.append(i)
        ordered = [keys[i] for i in kept]
        hash_array = array("q")
        hash_array.frombytes(np.fromiter((hash(k) for k in ordered), dtype=np.int64,
                                         count=len(ordered)).tobytes())
    del order, same, hashes
    offsets = array("I", [0])  # (up to 4 Gi characters)
    offsets.extend(accumulate(map(len, ordered)))
    return StringIndex(hash_array, "".join(ordered), offsets), kept


_V = TypeVar("_V")


class _Compact(Mapping[str, _V]):
    """What the compact tables share: their keys in a :class:`StringIndex` ``_index``."""

    __slots__ = ("_index",)
    _index: StringIndex

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._index.find(key) >= 0

    def __iter__(self) -> Iterator[str]:
        return (self._index.key(i) for i in range(len(self._index)))

    def __len__(self) -> int:
        return len(self._index)


class CompactFlags(_Compact[int]):
    """A read-only ``dict[str, int]`` of small values (0..255), compact (:class:`StringIndex`)."""

    __slots__ = ("_values",)

    def __init__(self, items: Iterable[tuple[str, int]]) -> None:
        keys: list[str] = []
        values = array("B")  # in the order given
        for k, v in items:
            keys.append(k)
            values.append(v)
        self._index, kept = build(keys)
        del keys
        self._values = array("B", (values[i] for i in kept))

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        i = self._index.find(key)
        return self._values[i] if i >= 0 else default

    def __getitem__(self, key: str) -> int:
        i = self._index.find(key)
        if i < 0:
            raise KeyError(key)
        return self._values[i]



class CompactFloats(_Compact[float]):
    """A read-only ``dict[str, float]`` whose values repeat (word frequencies: a few hundred
    distinct numbers), compact: the keys in a :class:`StringIndex`, per key the number of its
    value (2 bytes) in a table of the distinct values, which are returned exactly as given."""

    __slots__ = ("_codes", "_table")

    def __init__(self, items: Iterable[tuple[str, float]]) -> None:
        keys: list[str] = []
        table: list[float] = []
        code_of: dict[float, int] = {}
        codes: list[int] = []  # in the order given
        for k, v in items:
            keys.append(k)
            c = code_of.get(v)
            if c is None or (v == 0.0 and table[c].hex() != v.hex()):  # (0.0 and -0.0 told apart)
                c = code_of[v] = len(table)
                table.append(v)
            codes.append(c)
        self._setup(keys, table, codes)

    @classmethod
    def from_tsv(cls, text: str) -> CompactFloats:
        """The mapping of the lines ``word<TAB>number`` of ``text`` (a frequency file; of a
        repeated word the last line), as ``cls((w, float(z)) ...)`` would build it, with the
        per-line work done in C (a worker loads up to 25 such lists: 0.3 s instead of 1.9)."""
        rows = [line.partition("\t") for line in text.splitlines()]
        keys = [r[0] for r in rows]
        texts = [r[2] for r in rows]
        del rows
        code_of = {z: i for i, z in enumerate(dict.fromkeys(texts))}  # a few hundred
        table = [float(z) for z in code_of]
        codes = list(map(code_of.__getitem__, texts))
        del texts
        out = cls.__new__(cls)
        out._setup(keys, table, codes)
        return out

    def _setup(self, keys: list[str], table: list[float], codes: list[int]) -> None:
        self._index, kept = build(keys)
        del keys
        self._table = table
        self._codes = array("H" if len(table) <= 1 << 16 else "L", map(codes.__getitem__, kept))

    def get(self, key: str, default: float | None = None) -> float | None:  # type: ignore[override]
        i = self._index.find(key)
        return self._table[self._codes[i]] if i >= 0 else default

    def __getitem__(self, key: str) -> float:
        i = self._index.find(key)
        if i < 0:
            raise KeyError(key)
        return self._table[self._codes[i]]



class CompactVectors(_Compact[tuple[float, ...]]):
    """A read-only ``dict[str, tuple[float, ...]]`` of vectors of one width, compact: the keys
    in a :class:`StringIndex`, the numbers (doubles, exactly as given) in one array.
    :meth:`find` and :attr:`numbers` let a hot loop read a row without making a tuple."""

    __slots__ = ("numbers", "width")

    def __init__(self, items: Iterable[tuple[str, Sequence[float]]], width: int,
                 fast: bool = False) -> None:
        keys: list[str] = []
        flat = array("d")  # in the order given
        for k, row in items:
            if len(row) != width:
                raise ValueError(f"{k!r}: {len(row)} numbers, not {width}")
            keys.append(k)
            flat.extend(row)
        self._index, kept = build(keys)
        del keys
        if fast:
            self._index.speed_up()
        self.width = width
        self.numbers = array("d", (flat[i * width + j] for i in kept for j in range(width)))

    def find_all(self, keys: Iterable[str]) -> list[int]:
        """:meth:`find` of each key."""
        return self._index.find_all(keys)

    def find(self, key: str) -> int:
        """The row of ``key`` (its numbers are ``numbers[row * width:(row + 1) * width]``), or
        -1."""
        return self._index.find(key)

    def get(self, key: str, default: tuple[float, ...] | None = None  # type: ignore[override]
            ) -> tuple[float, ...] | None:
        i = self._index.find(key)
        if i < 0:
            return default
        w = self.width
        return tuple(self.numbers[i * w:(i + 1) * w])

    def __getitem__(self, key: str) -> tuple[float, ...]:
        row = self.get(key)
        if row is None:
            raise KeyError(key)
        return row



def release_freed_memory() -> None:
    """Hand memory freed while loading a model or table back to the system (glibc's
    ``malloc_trim``): the parsing leaves freed blocks that malloc would otherwise keep in the
    worker (~10 MiB each for the Chinese lexicon and tagger). Elsewhere (macOS, Windows, musl)
    nothing happens."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)
