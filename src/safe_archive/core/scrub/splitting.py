"""Reading a run-together lower-case word ("justiceforkaylamiller") as the words it is made
of: the split both the hashtag reader (``hashtag_view``) and the name list's hashtag rule
(``recognizers/name_list_recognizer``) use, each with its own test of what a piece may be."""

from __future__ import annotations

from collections.abc import Callable, Mapping

# two-letter words a lower-case hashtag may be read with ("#ilovemymom"); other one- and
# two-letter pieces ("ny", "aa", "el") make a split too easy to find
SHORT_WORDS = frozenset("i my me we us he of to in on at is it so no go up by an am".split())

MAX_PIECE = 20

Pieces = tuple[str, ...]
# accept(piece, the pieces before it, the piece's Zipf frequency): may it be a piece here?
Accept = Callable[[str, Pieces, float], bool]


def best_splits(low: str, words: Mapping[str, float], accept: Accept,
                max_piece: int = MAX_PIECE) -> list[Pieces | None]:
    """For every prefix ``low[:j]`` (j = 0 … len(low)), its split into the fewest pieces,
    then the commonest (highest summed Zipf in ``words``), each of which ``accept`` takes;
    None where there is no such split."""
    n = len(low)
    best: list[tuple[int, float, Pieces] | None] = [None] * (n + 1)
    best[0] = (0, 0.0, ())
    for j in range(1, n + 1):
        for i in range(max(0, j - max_piece), j):
            prev = best[i]
            if prev is None:
                continue
            piece = low[i:j]
            z = words.get(piece, 0.0)
            if not accept(piece, prev[2], z):
                continue
            cand = (prev[0] + 1, prev[1] - z, prev[2] + (piece,))
            cur = best[j]
            if cur is None or cand[:2] < cur[:2]:
                best[j] = cand
    return [b[2] if b is not None else None for b in best]
