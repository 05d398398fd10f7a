"""Forget: remove an author's posts, or mask a term everywhere in the archive.

Masking replaces every occurrence of the term as whole canonical words — in any case and in
every disguise the canonical form undoes (``Jessica_Miller``, ``Jessica <b>Miller</b>``,
``Jes\u200bsica Miller``, ``𝓙𝓮𝓼𝓼𝓲𝓬𝓪``, "jessica dot miller"; see
:mod:`safe_archive.core.redaction.terms`) — with as many █ as it has characters (so stored
finding offsets stay valid) in every text column of every table,
including JSON metadata, notes, tags, term lists and queries. The FTS index is updated through
its triggers with FTS5 ``secure-delete``; SQLite's ``secure_delete`` zeroes freed space; the
write-ahead log is checkpointed and truncated afterwards. The audit log keeps a keyed hash of
the term, never the term.

``forget --author`` also masks the author's display names (see :meth:`Forget.author` for the
rule that keeps a common first name from being masked across the whole archive).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from safe_archive.core.errors import SafeArchiveError
from safe_archive.core.store import forgetting as sql
from safe_archive.core.store.audit import record
from safe_archive.core.store.forgetting import MASK, mask_everywhere
from safe_archive.core.store.hashing import keyed_hash

if TYPE_CHECKING:
    from safe_archive.core.store.store import Store

# Words in display names that are not names ("Sam Rivera (she/her)").
_NOT_NAMES = frozenset({
    "she", "her", "hers", "he", "him", "his", "they", "them", "theirs", "xe", "xem", "ze", "zir",
    "the", "and", "of", "official", "mr", "mrs", "ms", "mx", "dr",
})


@dataclass(frozen=True, slots=True)
class ForgetResult:
    posts_deleted: int
    values_masked: int  # table cells changed
    term_hash: str
    names_masked: int = 0  # display names (and name parts) of a forgotten author that were masked
    relations_deleted: int = 0  # the author's reposts/likes/boosts, and those of the author's posts


def name_parts(name: str) -> list[str]:
    """The words of a display name that can be someone's name: capitalised words of two or
    more letters (all words if none is capitalised), without pronouns and titles."""
    words = [w for w in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", name) if len(w) >= 2]
    capitalised = [w for w in words if w[0].isupper()]
    out: list[str] = []
    for w in capitalised or words:
        if w.casefold() not in _NOT_NAMES and w.casefold() not in {o.casefold() for o in out}:
            out.append(w)
    return out


class Forget:
    def __init__(self, store: Store) -> None:
        self.store = store

    def term(self, term: str) -> ForgetResult:
        """Mask ``term`` everywhere."""
        value = term.strip()
        if len(value) < 2:
            raise SafeArchiveError("The term to forget must have at least 2 characters.")
        digest = keyed_hash(self.store, value)
        with self.store.transaction("Forgetting a term", "posts", "findings") as conn:
            changed = sql.mask_everywhere(conn, value)
            record(conn, self.store.now, "forget.term", {"term_hash": digest, "cells_masked": changed})
        self._flush()
        return ForgetResult(0, changed, digest)

    def author(self, handle: str) -> ForgetResult:
        """Delete every post by ``handle`` (with its findings, labels, tags, notes), every
        relation the author made (reposts, likes, boosts: by handle, or by the author's platform
        id on that platform) and every relation pointing at the author's posts, and mask the
        handle, the author's platform ids and the author's display names wherever else they
        appear.

        Display names are every ``author_name`` the archive stored for the handle and every
        name given to the handle (or the author's ids) in other posts' mention metadata. The rule:

        * a display name of two or more words ("Sam Rivera") is masked everywhere, exactly as
          ``forget --term`` masks a term (every text column of every table, the FTS index);
        * single words ("Sam", "Rivera", or a one-word display name "Sam") are masked only in
          the posts connected to the author: replies to the author's posts, posts whose
          mention metadata names the handle or the author's ids, and posts that @mention the
          handle — in their text, redacted and edited text, metadata, findings, notes and
          tags. Elsewhere "Sam" is most likely someone else, and masking every "Sam" in the
          archive would damage unrelated testimony. Name words are the capitalised words of
          two or more letters, without pronouns and titles ("she/her", "Dr").

        The audit log keeps the keyed hash of the handle and counts, never a name.
        """
        value = handle.strip().lstrip("@")
        if len(value) < 2:
            raise SafeArchiveError("The handle to forget must have at least 2 characters.")
        digest = keyed_hash(self.store, value)
        with self.store.transaction("Forgetting an author", "posts", "findings", "relations") as conn:
            ids = sql.author_ids(conn, value)
            names, related = sql.names_and_related(conn, value, ids)
            relations_deleted = sql.delete_relations(conn, value)
            deleted = sql.delete_posts_by(conn, value)
            related = sql.still_stored(conn, related)
            changed = sql.mask_everywhere(conn, value)
            for author_id in ids:
                if len(author_id) >= 4:
                    changed += sql.mask_everywhere(conn, author_id)
            full = sorted({n for n in names if len(n.split()) >= 2}, key=len, reverse=True)
            parts = sorted({p for n in names for p in name_parts(n)}, key=len, reverse=True)
            for name in full:
                changed += sql.mask_everywhere(conn, name)
            if related:
                for part in parts:
                    changed += sql.mask_everywhere(conn, part, related)
            record(conn, self.store.now, "forget.author",
                   {"term_hash": digest, "posts_deleted": deleted, "cells_masked": changed,
                    "display_names": len(names), "related_posts": len(related),
                    "relations_deleted": relations_deleted})
        self._flush()
        return ForgetResult(deleted, changed, digest, len(names), relations_deleted)

    def _flush(self) -> None:
        # Move the changed pages out of the write-ahead log and truncate it.
        self.store.checkpoint()


__all__ = ["MASK", "Forget", "ForgetResult", "mask_everywhere", "name_parts"]
