"""What a committed write changed, and the one signal that tells subscribers (the GUI's screens).

The store collects, per write transaction, the kinds of data it changed and (where known) the
posts concerned; after COMMIT it calls every subscriber once with a :class:`Changes`. A rolled
back transaction tells nobody. Operations made of several transactions (an import, a scrub) are
announced once, when the outermost :meth:`Store.grouped` block ends. Plain Python: callbacks
run on the thread that wrote (the GUI's database thread) and must hand over to their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

KINDS = frozenset({
    "posts",           # stored posts: text, redacted text, new posts, masks
    "findings",        # scrub findings and review decisions on them
    "collections",
    "saved_searches",
    "labels",          # consent/handling labels
    "tags",
    "notes",
    "terms",           # the always/never term lists
    "policy",          # the scrubbing policy
    "settings",
    "batches",         # import history
    "relations",       # reposts, likes, boosts
    "audit",           # the audit log only
})
# Kinds that belong to posts: a change of one of them that names no post means "any post".
PER_POST = ("posts", "findings", "labels", "tags", "notes")
# Beyond this many post ids a change says "many posts" (post_ids None) rather than which.
MAX_POST_IDS = 10_000


@dataclass(frozen=True, slots=True)
class Changes:
    """Kinds of data a committed write changed, and the posts concerned.

    ``post_ids`` is the set of posts touched, or None when it is not known or too many to list
    (then every post may have changed)."""

    kinds: frozenset[str] = frozenset()
    post_ids: frozenset[int] | None = frozenset()

    def __post_init__(self) -> None:
        unknown = self.kinds - KINDS
        if unknown:
            raise ValueError(f"unknown change kinds: {sorted(unknown)}")

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __or__(self, other: Changes) -> Changes:
        if self.post_ids is None or other.post_ids is None:
            ids: frozenset[int] | None = None
        else:
            ids = self.post_ids | other.post_ids
            if len(ids) > MAX_POST_IDS:
                ids = None
        return Changes(self.kinds | other.kinds, ids)

    def touches(self, *kinds: str) -> bool:
        """True if any of ``kinds`` changed."""
        return not self.kinds.isdisjoint(kinds)

    @staticmethod
    def of(*kinds: str, post_ids: Iterable[int] | None = ()) -> Changes:
        ids = None if post_ids is None else frozenset(int(i) for i in post_ids)
        if ids is not None and len(ids) > MAX_POST_IDS:
            ids = None
        return Changes(frozenset(kinds), ids)


EVERYTHING = Changes(KINDS, None)  # a write nobody described: every screen refreshes
NOTHING = Changes()

Subscriber = Callable[[Changes], None]


class ChangedSignal:
    """``archive.changed.connect(callback)``: ``callback(changes)`` after every committed write."""

    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def connect(self, callback: Subscriber) -> None:
        if callback not in self._subscribers:
            self._subscribers.append(callback)

    def disconnect(self, callback: Subscriber) -> None:
        if callback in self._subscribers:
            self._subscribers.remove(callback)

    def emit(self, changes: Changes) -> None:
        """Call every subscriber; one that raises does not stop the others (the first error is
        raised after all have run: the write itself is already committed)."""
        error: BaseException | None = None
        for callback in list(self._subscribers):
            try:
                callback(changes)
            except Exception as exc:  # noqa: BLE001 - re-raised below
                error = error or exc
        if error is not None:
            raise error
